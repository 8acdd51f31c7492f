/*
 * xlsx_layout.h - which columns the three sheets of the xlsx export have.
 *
 * Data only: the writing lives in xlsx_sheet.c and xlsx_export.c.  The
 * 事業一覧 columns resemble the CSV exporter's projects table; they are kept
 * here until both exporters can share one definition.
 */
#ifndef XLSX_LAYOUT_H
#define XLSX_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include <budgetconv/budgetconv.h>

/** How a column's cells are stored and shown. */
typedef enum xlsx_cell_kind {
    XLSX_NUMBER,   /**< an integer such as NO or a year: no separators, no total */
    XLSX_AMOUNT,   /**< an amount: `#,##0`, summed in the totals row */
    XLSX_TEXT,     /**< a short value */
    XLSX_LONG_TEXT /**< running text: a wider column */
} xlsx_cell_kind;

/** Where a 事業一覧 cell comes from. */
typedef enum xlsx_source {
    XLSX_SRC_NO,
    XLSX_SRC_FISCAL_YEAR,
    XLSX_SRC_TEXT,    /**< text field `index` */
    XLSX_SRC_LIST,    /**< list field `index`, items joined with newlines */
    XLSX_SRC_TOTAL_REQUESTED,
    XLSX_SRC_TOTAL_BUDGETED,
    XLSX_SRC_TOTAL_SPECIFIC,
    XLSX_SRC_FUNDING  /**< sum of the funding rows of source `index` */
} xlsx_source;

typedef struct xlsx_column {
    xlsx_source source; /**< 事業一覧 only */
    int index;          /**< field or funding source, by `source` */
    xlsx_cell_kind kind;
    const char *ja;     /**< header; NULL: the field's own name */
    const char *en;
} xlsx_column;

/** The columns of 事業一覧, 要求内容 and 財源内訳, with their counts. */
extern const xlsx_column xlsx_project_columns[];
extern const size_t xlsx_project_column_count;
extern const xlsx_column xlsx_item_columns[];
extern const size_t xlsx_item_column_count;
extern const xlsx_column xlsx_funding_columns[];
extern const size_t xlsx_funding_column_count;

/** Positions in the 要求内容 and 財源内訳 rows. */
enum { XLSX_ITEM_NO, XLSX_ITEM_TITLE, XLSX_ITEM_KIND, XLSX_ITEM_GROUP, XLSX_ITEM_LABEL,
       XLSX_ITEM_REQUESTED, XLSX_ITEM_BUDGETED, XLSX_ITEM_SPECIFIC };
enum { XLSX_FUND_NO, XLSX_FUND_TITLE, XLSX_FUND_SOURCE, XLSX_FUND_DETAIL, XLSX_FUND_AMOUNT };

/** The most columns any sheet has. */
#define XLSX_MAX_COLUMNS 40

/** Header of column `c` in English (`en`) or Japanese. */
const char *xlsx_column_header(const xlsx_column *c, bool en);

/** Sheet names, in workbook order. */
enum { XLSX_SHEET_PROJECTS, XLSX_SHEET_ITEMS, XLSX_SHEET_FUNDING, XLSX_SHEET_COUNT };
const char *xlsx_sheet_name(int sheet, bool en);

/** What the 区分 column says for a line item of `kind`. */
const char *xlsx_item_kind_name(bc_item_kind kind, bool en);

#endif
