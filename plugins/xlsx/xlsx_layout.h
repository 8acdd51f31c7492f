/*
 * xlsx_layout.h - how the xlsx export lays out libbudgetconv's tables.
 *
 * Each sheet shows one of the shared tables (budgetconv/views.h), so the
 * columns are those of the csv export; this only decides how a column's
 * cells look and what the sheets are called.
 */
#ifndef XLSX_LAYOUT_H
#define XLSX_LAYOUT_H

#include <stdbool.h>

#include <budgetconv/budgetconv.h>

/** How a column's cells are stored and shown. */
typedef enum xlsx_cell_kind {
    XLSX_NUMBER,   /**< an integer such as NO: no separators */
    XLSX_AMOUNT,   /**< an amount: `#,##0` */
    XLSX_TEXT,     /**< a short value */
    XLSX_LONG_TEXT /**< running text: a wider column */
} xlsx_cell_kind;

/** How the cells of `col` are shown. */
xlsx_cell_kind xlsx_cell_kind_of(const bc_column *col);

/** The most columns any sheet has. */
#define XLSX_MAX_COLUMNS 40

/** The data sheets, in workbook order after 集計: sheet `i` shows bc_table `i`. */
enum {
    XLSX_SHEET_PROJECTS = BC_TABLE_PROJECTS,
    XLSX_SHEET_ITEMS = BC_TABLE_ITEMS,
    XLSX_SHEET_FUNDING = BC_TABLE_FUNDING,
    XLSX_SHEET_COUNT = BC_TABLE_COUNT
};

/** Name of `sheet` in English (`en`) or Japanese. */
const char *xlsx_sheet_name(int sheet, bool en);

#endif
