/*
 * xlsx_sheet.h - one worksheet of the xlsx export, written row by row.
 *
 * The workbook is in libxlsxwriter's constant_memory mode: each worksheet
 * keeps only its current row in memory and the rows before it in its own
 * temporary file, so rows must go in ascending order within a sheet but the
 * three sheets may be filled in step as records arrive.  What the sheet
 * needs at the end - column widths and the cached values of the totals
 * row - is tracked per column as the cells go by, so memory stays flat.
 *
 * Errors are sticky: after the first failing libxlsxwriter call every
 * function does nothing and returns that error, so callers may check once
 * per record.
 */
#ifndef XLSX_SHEET_H
#define XLSX_SHEET_H

#include <stdbool.h>
#include <stdint.h>

#include <xlsxwriter.h>

#include "xlsx_layout.h"

/** The cell formats of the workbook, shared by its sheets. */
typedef struct xlsx_formats {
    lxw_format *header;
    lxw_format *number;
    lxw_format *amount;
    lxw_format *text; /* wrapped: a cell never hides what its column cannot show */
    lxw_format *total_label;
    lxw_format *total_amount;
} xlsx_formats;

typedef struct xlsx_sheet {
    lxw_worksheet *ws;
    const xlsx_formats *fmt;
    const bc_column *cols;
    size_t ncols;
    xlsx_cell_kind kind[XLSX_MAX_COLUMNS]; /* how each column's cells look */
    lxw_row_t row;                    /* the row being written; 0 is the header */
    double width[XLSX_MAX_COLUMNS];   /* widest cell so far, in character units */
    double sum[XLSX_MAX_COLUMNS];     /* what the totals row will show */
    lxw_col_t exclude_col;            /* see xlsx_sheet_exclude_rows() */
    const char *exclude_value;
    bool row_excluded;
    unsigned row_lines;               /* text lines of the tallest cell in the row */
    lxw_error error;
} xlsx_sheet;

/** Most characters a cell holds (Excel counts UTF-16 code units). */
#define XLSX_CELL_MAX 32767

/**
 * Adds worksheet `name` to `wb` and writes the header row of `cols`
 * (`ncols` ≤ XLSX_MAX_COLUMNS, static storage) in English or Japanese.
 */
lxw_error xlsx_sheet_start(xlsx_sheet *s, lxw_workbook *wb, const char *name,
                           const bc_column *cols, size_t ncols, bool en,
                           const xlsx_formats *fmt);

/**
 * Leaves rows whose column `col` says `value` out of the totals (their
 * amounts are already counted in other rows: subtotals of line items).  Call
 * xlsx_sheet_exclude_row() for each such row as it is written.
 */
void xlsx_sheet_exclude_rows(xlsx_sheet *s, lxw_col_t col, const char *value);
void xlsx_sheet_exclude_row(xlsx_sheet *s);

/** Starts the next data row; false when the sheet has no room for it and the
 *  totals row below it. */
bool xlsx_sheet_next_row(xlsx_sheet *s);

/** Writes an integer of a XLSX_NUMBER or XLSX_AMOUNT column; BC_AMOUNT_NULL
 *  leaves the cell empty. */
lxw_error xlsx_sheet_number(xlsx_sheet *s, lxw_col_t col, int64_t value);

/**
 * Writes `text` (NULL or "" leaves the cell empty) as a string, never as a
 * formula.  A text longer than XLSX_CELL_MAX is cut there, at a character
 * boundary, and `*cut` is set (else cleared).
 */
lxw_error xlsx_sheet_text(xlsx_sheet *s, lxw_col_t col, const char *text, bool *cut);

/**
 * Writes the totals row, labelled `label` in the first column, with a
 * SUBTOTAL(109, …) formula and its cached value under every amount column,
 * then sets the column widths, the autofilter and the frozen header.
 */
lxw_error xlsx_sheet_finish(xlsx_sheet *s, const char *label);

#endif
