/*
 * budgetconv/views.h - the three views people read: projects, items, funding.
 *
 * Every exporter that lays records out as rows and columns (csv, xlsx, and
 * any third-party one) shows the same views, so that a column means the same
 * thing, under the same header, whatever the format:
 *
 *   projects  one row per record: NO, 事業名, 所管部, 所管課, 款, 会計, 要求区分,
 *             the 合計 amounts, the sum of each funding source, 事務事業評価,
 *             then every text box in the form's order (DESIGN §5);
 *   items     one row per line item: NO, 事業名, 区分 (its group), 種別 (小計
 *             or 明細), 内容 and its three amounts;
 *   funding   one row per funding row: NO, 事業名, 財源, 内容, 金額.
 *
 * A column says what its cells hold; bc_column_cell() reads that value from
 * a record, so exporters need not each re-derive sums, joined lists or the
 * words for a line item's kind.
 *
 * Memory: tables, columns and headers are static.  A bc_cell keeps a buffer
 * of its own, reused from call to call; free it with bc_cell_clear().
 */
#ifndef BUDGETCONV_VIEWS_H
#define BUDGETCONV_VIEWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <budgetconv/error.h>
#include <budgetconv/record.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The views, each with one row per record, line item or funding row. */
typedef enum bc_table {
    BC_TABLE_PROJECTS, /**< one row per record */
    BC_TABLE_ITEMS,    /**< one row per line item */
    BC_TABLE_FUNDING,  /**< one row per funding row */
    BC_TABLE_COUNT
} bc_table;

/** The three amounts of a line item or of the 合計 row. */
typedef enum bc_amount_field {
    BC_A_REQUESTED,        /**< 要求額 */
    BC_A_BUDGETED,         /**< 予算額 */
    BC_A_BUDGETED_SPECIFIC /**< うち特財 */
} bc_amount_field;

/** What a column's cells hold.  Record-level kinds give the same value on
 *  every row of a record; ITEM_ and FUND_ kinds read one line item or one
 *  funding row. */
typedef enum bc_column_kind {
    BC_COL_NO,          /**< NO: integer */
    BC_COL_TEXT,        /**< text field `arg` (bc_text_field) */
    BC_COL_LIST,        /**< list field `arg` (bc_list_field), items joined by "\n" */
    BC_COL_TOTAL,       /**< amount `arg` (bc_amount_field) of the 合計 row */
    BC_COL_FUND_SUM,    /**< sum of the funding rows of source `arg` (bc_fund_source) */
    BC_COL_ITEM_KIND,   /**< 小計 / 明細, or subtotal / item in English */
    BC_COL_ITEM_GROUP,  /**< the subtotal the item belongs to */
    BC_COL_ITEM_LABEL,
    BC_COL_ITEM_AMOUNT, /**< amount `arg` (bc_amount_field) of the item */
    BC_COL_FUND_SOURCE, /**< the printed label (国庫支出金, ...), or national, ... in English */
    BC_COL_FUND_DETAIL,
    BC_COL_FUND_AMOUNT
} bc_column_kind;

/** A column of a table. */
typedef struct bc_column {
    bc_column_kind kind;
    int arg;             /**< field, amount or source, as `kind` says; else 0 */
    const char *name_ja; /**< header; NULL: the field's or the source's own name */
    const char *name_en; /**< English header (a JSON-like key) */
    bool amount;         /**< an amount in 千円, to be summed; NO is not one */
} bc_column;

/**
 * The columns of `table`, left to right (static storage), setting `*count`.
 * NULL, with `*count` 0, when `table` is out of range.
 */
const bc_column *bc_table_columns(bc_table table, size_t *count);

/**
 * The header of `col`, in English when `english` is true, else in Japanese
 * (static storage).  NULL when `col` names no field it could take one from.
 */
const char *bc_column_header(const bc_column *col, bool english);

/** The description of the text or list field a BC_COL_TEXT or BC_COL_LIST
 *  column shows (static storage), e.g. to lay running text out wider; NULL
 *  for other kinds and fields out of range. */
const bc_field_info *bc_column_field(const bc_column *col);

/** What BC_COL_ITEM_KIND cells say for `kind` (static storage): 小計 or 明細,
 *  in English subtotal or item (the JSON keys).  NULL when out of range. */
const char *bc_item_kind_name(bc_item_kind kind, bool english);

/** The type of a cell's value. */
typedef enum bc_value_type {
    BC_VALUE_NULL,    /**< not stated (or no such item or funding row) */
    BC_VALUE_INTEGER, /**< `integer` holds it */
    BC_VALUE_TEXT     /**< `text` and `len` hold it */
} bc_value_type;

/**
 * A cell's value.  Zero-initialise it (`bc_cell cell = {0};`), pass it to
 * bc_column_cell() as often as needed and free it with bc_cell_clear().
 */
typedef struct bc_cell {
    bc_value_type type;
    int64_t integer;
    const char *text; /**< NUL-terminated UTF-8, borrowed: see bc_column_cell() */
    size_t len;       /**< bytes of `text` */
    char *buf;        /**< private: where lists are joined, kept for reuse */
    size_t buf_size;  /**< private */
} bc_cell;

/**
 * Reads the value of column `col` for record `rec` into `cell`.  `row` picks
 * the line item (ITEM_ kinds) or funding row (FUND_ kinds, except FUND_SUM)
 * and is ignored by the other kinds; past the last one the cell is null.
 * Amounts that are BC_AMOUNT_NULL, NULL texts, empty lists and sources
 * without a funding row are null.  With `english`, kinds and sources are the
 * record's JSON keys (subtotal, national, ...); otherwise 小計/明細 and the
 * funding row's printed label (its source's Japanese name when it has none).
 *
 * `cell->text` points into `rec`, into static storage, or into the cell's
 * own buffer: it stays valid until `rec` changes, the cell is passed to this
 * function again, or bc_cell_clear() is called, whichever comes first.
 *
 * Returns BC_OK, BC_ERR_NOMEM when joining a list fails, or BC_ERR_USAGE
 * for a column whose kind or `arg` is out of range; on failure the cell is
 * null.
 */
bc_status bc_column_cell(const bc_column *col, const bc_record *rec, size_t row, bool english,
                         bc_cell *cell);

/** Frees what `cell` owns and zeroes it.  `cell` may be NULL. */
void bc_cell_clear(bc_cell *cell);

#ifdef __cplusplus
}
#endif
#endif
