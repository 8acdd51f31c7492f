/*
 * xlsx_sheet.h - one table of the xlsx export, written row by row onto as
 * many worksheets as it needs.
 *
 * The workbook is in libxlsxwriter's constant_memory mode: each worksheet
 * keeps only its current row in memory and the rows before it in its own
 * temporary file, so rows must go in ascending order within a worksheet but
 * the tables may be filled in step as records arrive.  What a worksheet
 * needs at the end - column widths - is tracked per column as the cells go
 * by, so memory stays flat.
 *
 * A table holds a header row and one row per data row, nothing else, so
 * that the sheet reads as a data frame.  When a worksheet is full (Excel's
 * 1,048,576 rows), the table goes on on a new worksheet named `<name> (2)`,
 * `(3)`, …, with the same header, filter and frozen panes; libxlsxwriter
 * keeps worksheets in the order they were added, so a part comes after the
 * sheets that existed when it was started.
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
    lxw_format *label;   /* bold: the row labels of 集計 */
    lxw_format *percent; /* 査定率 */
} xlsx_formats;

/** Most worksheets one table may take: the summary's formulas name each
 *  part, and Excel's formulas hold at most 8,192 characters. */
#define XLSX_MAX_PARTS 64

/** Most characters a cell holds (Excel counts UTF-16 code units). */
#define XLSX_CELL_MAX 32767

/** Most data rows a worksheet holds, below its header. */
#define XLSX_PART_ROWS ((lxw_row_t)(LXW_ROW_MAX - 1))

/** How a table's worksheets look beyond their cells. */
typedef struct xlsx_sheet_style {
    lxw_col_t frozen_cols; /* columns that stay in view when scrolling right */
    bool one_page_wide;    /* printed one page wide however long the text */
} xlsx_sheet_style;

typedef struct xlsx_sheet {
    lxw_workbook *wb;
    lxw_worksheet *ws;     /* the part being written */
    const char *name;      /* of the first part (static storage) */
    bool en;
    xlsx_sheet_style style;
    const xlsx_formats *fmt;
    const bc_column *cols;
    size_t ncols;
    xlsx_cell_kind kind[XLSX_MAX_COLUMNS]; /* how each column's cells look */
    lxw_row_t row;                    /* the row being written; 0 is the header */
    double width[XLSX_MAX_COLUMNS];   /* widest cell so far, in character units */
    unsigned row_lines;               /* text lines of the tallest cell in the row */
    int parts;                        /* worksheets so far, 1 or more */
    lxw_row_t part_rows[XLSX_MAX_PARTS]; /* data rows of each finished part */
    uint16_t part_sheet[XLSX_MAX_PARTS];  /* each part's worksheet index */
    uint64_t part_cells[XLSX_MAX_PARTS];  /* cells written on each part */
    int spool_error;                  /* errno of the spool, 0: fine (xlsx_spool_error()) */
    lxw_error error;
} xlsx_sheet;

/**
 * 0 unless writing the temporary file of `ws` failed; then the system's
 * reason (an errno value, EIO when none is known).  In constant_memory mode
 * libxlsxwriter spools each worksheet's rows to a temporary file without
 * checking its writes: a full disk there would give a workbook with rows
 * missing, and exit 0.  With `flush`, what is buffered is written first.
 * Asked right after the writes of a row, errno still holds their failure.
 */
int xlsx_spool_error(lxw_worksheet *ws, bool flush);

/**
 * Adds worksheet `name` to `wb` and writes the header row of `cols`
 * (`ncols` ≤ XLSX_MAX_COLUMNS, static storage) in English or Japanese.
 */
lxw_error xlsx_sheet_start(xlsx_sheet *s, lxw_workbook *wb, const char *name,
                           const bc_column *cols, size_t ncols, bool en,
                           const xlsx_sheet_style *style, const xlsx_formats *fmt);

/** Starts the next data row, on a new part when this one is full.  Fails
 *  (LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE) after XLSX_MAX_PARTS parts. */
lxw_error xlsx_sheet_next_row(xlsx_sheet *s);

/** Writes an integer of a XLSX_NUMBER or XLSX_AMOUNT column; BC_AMOUNT_NULL
 *  leaves the cell empty. */
lxw_error xlsx_sheet_number(xlsx_sheet *s, lxw_col_t col, int64_t value);

/**
 * Writes `text` (NULL or "" leaves the cell empty) as a string, never as a
 * formula.  A text longer than XLSX_CELL_MAX is cut there, at a character
 * boundary, and `*cut` is set (else cleared).
 */
lxw_error xlsx_sheet_text(xlsx_sheet *s, lxw_col_t col, const char *text, bool *cut);

/** Bytes of `text` (`len` bytes) that fit in one cell: what
 *  xlsx_sheet_text() keeps of it. */
size_t xlsx_cell_fit(const char *text, size_t len);

/** Sets the last part's column widths, filter, panes and print setup. */
lxw_error xlsx_sheet_finish(xlsx_sheet *s);

/** Data rows of part `part` (0-based) once the table is finished. */
lxw_row_t xlsx_sheet_part_rows(const xlsx_sheet *s, int part);

/** Writes the name of part `part` (0-based) into `buf`: the table's name,
 *  then ` (2)`, ` (3)`, … */
void xlsx_sheet_part_name(const xlsx_sheet *s, int part, char *buf, size_t size);

#endif
