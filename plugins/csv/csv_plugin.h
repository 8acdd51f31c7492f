/*
 * The csv plugin's parts, shared between its files (not exported).
 *
 * projects, items and funding are libbudgetconv's tables (budgetconv/views.h),
 * the same as the xlsx export's sheets.  csv_columns.c describes the fourth,
 * `full`, which carries whole records: mostly cells of the shared kinds, plus
 * a few of its own.  It also holds the cell conventions both directions must
 * agree on (the formula guard).  The exporter walks the tables to write rows;
 * the importer walks `full` to map a header back to columns and cells back
 * to a record.
 */
#ifndef BC_CSV_PLUGIN_H
#define BC_CSV_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>

#include <budgetconv/budgetconv.h>

/* The tables of -O table=, in the order of the option's choices: the
 * shared ones under their bc_table values, then full. */
typedef enum csv_table {
    CSV_TABLE_PROJECTS = BC_TABLE_PROJECTS,
    CSV_TABLE_ITEMS = BC_TABLE_ITEMS,
    CSV_TABLE_FUNDING = BC_TABLE_FUNDING,
    CSV_TABLE_FULL = BC_TABLE_COUNT,
    CSV_TABLE_COUNT
} csv_table;

/* What a column of the full table holds beyond the shared kinds. */
typedef enum csv_col_kind {
    COL_CELL,        /* a shared cell: `cell` says which */
    COL_ROW,         /* the row's kind (record, line_item, funding) */
    COL_SEQ,         /* the row's 1-based position within its record */
    COL_FISCAL_YEAR,
    COL_FUND_LABEL   /* the funding row's label as printed */
} csv_col_kind;

/* Which part of the record a column belongs to. */
typedef enum csv_scope {
    CSV_SCOPE_ROW,       /* row and seq */
    CSV_SCOPE_RECORD,    /* repeated on every row of the record */
    CSV_SCOPE_LINE_ITEM, /* set on line_item rows only */
    CSV_SCOPE_FUNDING    /* set on funding rows only */
} csv_scope;

/* A column of the full table.  `cell` names it in either language; what it
 * holds is `cell`'s kind for COL_CELL and `kind` otherwise. */
typedef struct csv_column {
    csv_col_kind kind;
    bc_column cell;
} csv_column;

/* The `row` values of the full table. */
typedef enum csv_row_kind {
    CSV_ROW_RECORD,    /* a record with neither line items nor funding rows */
    CSV_ROW_LINE_ITEM,
    CSV_ROW_FUNDING,
    CSV_ROW_KIND_COUNT
} csv_row_kind;

/* Columns of the full table; sets `*count`. */
const csv_column *csv_full_columns(size_t *count);

/* How many columns `table` has. */
size_t csv_table_width(csv_table table);

/* The header of column `i` of `table` in Japanese or English (static). */
const char *csv_table_header(csv_table table, size_t i, bool english);

/* The option value naming `table` ("projects", ...). */
const char *csv_table_name(csv_table table);

/* Parses an option value back; false when it names no table. */
bool csv_table_from_name(const char *name, csv_table *out);

/* The header cell of `col` in Japanese or English (static storage). */
const char *csv_column_name(const csv_column *col, bool english);

csv_scope csv_column_scope(const csv_column *col);

/* The full table's `row` value of `kind` (static storage). */
const char *csv_row_kind_name(csv_row_kind kind);

/* Parses a `row` value of `len` bytes; false when it is none of them. */
bool csv_row_kind_from_name(const char *s, size_t len, csv_row_kind *out);

/*
 * The formula guard.  Spreadsheets run a cell that starts with = + - @ (also
 * after spaces, TABs or U+3000; some also on a leading TAB, CR or LF) as a
 * formula, so the exporter writes such text cells with a leading
 * apostrophe.  To keep that reversible, a text that already starts with
 * apostrophes before one of those gets one more: with B = [ \t\u3000], a
 * text needs the guard when it matches ^'*(B*[=+\-@]|[\t\r\n]), and the
 * importer drops one apostrophe from a cell that matches
 * ^'+(B*[=+\-@]|[\t\r\n]).
 */
bool csv_needs_guard(const char *s, size_t len);

/* True when a cell read back carries the guard's apostrophe. */
bool csv_has_guard(const char *s, size_t len);

extern const bc_importer bc_csv_importer;
extern const bc_exporter bc_csv_exporter;

#endif
