/* One worksheet of the xlsx export (xlsx_sheet.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_sheet.h"

/* Widths in Excel's character units, where a CJK character counts 2.  Text
 * wraps at its column's cap; the header leaves room for the filter button. */
#define WIDTH_CAP_TEXT 40
#define WIDTH_CAP_LONG_TEXT 50
#define WIDTH_FILTER_BUTTON 3.0
#define WIDTH_PADDING 1.0
/* Excel's tallest row, in points. */
#define ROW_HEIGHT_MAX 409.0

static size_t cap_for(xlsx_cell_kind kind)
{
    return kind == XLSX_LONG_TEXT ? WIDTH_CAP_LONG_TEXT : WIDTH_CAP_TEXT;
}

static void widen(xlsx_sheet *s, lxw_col_t col, double w)
{
    if (w > s->width[col])
        s->width[col] = w;
}

/* Display width of the widest line of `text`; with `lines`, also how many
 * lines it takes in a column `cap` wide.  A column is as wide as its widest
 * cell up to its cap, so only lines wider than the cap wrap, and they wrap
 * at the cap whatever the other rows hold. */
static double text_width(const char *text, size_t len, size_t cap, unsigned *lines)
{
    size_t widest = 0, count = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t w = bc_text_display_width(p, (size_t)((nl != NULL ? nl : end) - p), true);
        if (w > widest)
            widest = w;
        count += w > cap ? (w + cap - 1) / cap : 1;
        p = nl != NULL ? nl + 1 : end;
    }
    if (lines != NULL)
        *lines = count < UINT_MAX ? (unsigned)count : UINT_MAX;
    return (double)widest;
}

/* Whether `text` (`len` bytes) may change column `col` or the row's height,
 * judged from its bytes alone: a character is as wide as its UTF-8 bytes at
 * most, so a text whose lines in bytes neither pass the column's width nor
 * wrap to more lines than the row has cannot, and its display width need
 * not be worked out - most cells of a row of running text. */
static bool may_grow(const xlsx_sheet *s, lxw_col_t col, const char *text, size_t len,
                     size_t cap)
{
    size_t lines = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t bytes = (size_t)((nl != NULL ? nl : end) - p);
        if ((double)bytes > s->width[col] && s->width[col] < (double)cap)
            return true;
        lines += bytes > cap ? (bytes + cap - 1) / cap : 1;
        if (lines > s->row_lines)
            return true;
        p = nl != NULL ? nl + 1 : end;
    }
    return false;
}

size_t xlsx_cell_fit(const char *text, size_t len)
{
    /* Excel counts characters as UTF-16 code units; cut only between
     * characters.  A unit takes a byte of UTF-8 at least (two take four),
     * so a text of no more bytes than a cell's units fits unread. */
    if (len <= XLSX_CELL_MAX)
        return len;
    size_t units = 0, off = 0;
    while (off < len) {
        size_t size;
        int32_t cp = bc_utf8_decode(text + off, len - off, &size);
        units += cp > 0xFFFF ? 2 : 1;
        if (units > XLSX_CELL_MAX)
            break;
        off += size;
    }
    return off;
}

static lxw_error fail(xlsx_sheet *s, lxw_error e)
{
    if (s->error == LXW_NO_ERROR)
        s->error = e;
    return s->error;
}

/* The error of a call that writes one cell, which is counted when it went
 * in. */
static lxw_error counted(xlsx_sheet *s, lxw_error e)
{
    if (e == LXW_NO_ERROR)
        s->part_cells[s->parts - 1]++;
    return fail(s, e);
}

/* Adds the next part and writes its header row. */
static lxw_error start_part(xlsx_sheet *s)
{
    if (s->parts == XLSX_MAX_PARTS)
        return fail(s, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE);
    char name[LXW_SHEETNAME_MAX * 4 + 1];
    xlsx_sheet_part_name(s, s->parts, name, sizeof name);
    s->ws = workbook_add_worksheet(s->wb, name);
    if (s->ws == NULL)
        return fail(s, LXW_ERROR_MEMORY_MALLOC_FAILED);
    s->part_sheet[s->parts++] = s->ws->index;
    s->row = 0;
    s->row_lines = 1;
    for (size_t c = 0; c < s->ncols && s->error == LXW_NO_ERROR; c++) {
        const char *h = bc_column_header(&s->cols[c], s->en);
        counted(s, worksheet_write_string(s->ws, 0, (lxw_col_t)c, h, s->fmt->header));
        widen(s, (lxw_col_t)c, text_width(h, strlen(h), cap_for(s->kind[c]), NULL) +
                                   WIDTH_FILTER_BUTTON);
    }
    return s->error;
}

lxw_error xlsx_sheet_start(xlsx_sheet *s, lxw_workbook *wb, const char *name,
                           const bc_column *cols, size_t ncols, bool en,
                           const xlsx_sheet_style *style, const xlsx_formats *fmt)
{
    memset(s, 0, sizeof *s);
    s->wb = wb;
    s->name = name;
    s->en = en;
    s->style = *style;
    s->fmt = fmt;
    s->cols = cols;
    s->ncols = ncols;
    for (size_t c = 0; c < ncols; c++)
        s->kind[c] = xlsx_cell_kind_of(&cols[c]);
    return start_part(s);
}

void xlsx_sheet_part_name(const xlsx_sheet *s, int part, char *buf, size_t size)
{
    if (part == 0)
        snprintf(buf, size, "%s", s->name);
    else
        snprintf(buf, size, "%s (%d)", s->name, part + 1);
}

/* Gives the row in hand the height of its tallest wrapped cell: LibreOffice
 * does not fit rows to wrapped text when it opens a file (seen in its PDF
 * rendering: the lines overlapped).  In constant_memory mode only the row in
 * hand can still be changed. */
static void fit_row_height(xlsx_sheet *s)
{
    if (s->row_lines <= 1 || s->error != LXW_NO_ERROR)
        return;
    double height = LXW_DEF_ROW_HEIGHT * s->row_lines;
    fail(s, worksheet_set_row(s->ws, s->row, height < ROW_HEIGHT_MAX ? height : ROW_HEIGHT_MAX,
                              NULL));
}

int xlsx_spool_error(lxw_worksheet *ws, bool flush)
{
    FILE *f = ws->optimize_tmpfile;
    if (f == NULL || (!(flush && fflush(f) != 0) && !ferror(f)))
        return 0;
    return errno != 0 ? errno : EIO;
}

/* Keeps the first failure of the sheet's spool. */
static void check_spool(xlsx_sheet *s, bool flush)
{
    int e = xlsx_spool_error(s->ws, flush);
    if (s->spool_error == 0)
        s->spool_error = e;
}

/* The part's filter, widths, panes and print setup.  In constant_memory mode
 * libxlsxwriter refuses a range that ends above the row in hand, so this
 * runs while the last data row is it. */
static lxw_error finish_part(xlsx_sheet *s)
{
    fit_row_height(s);
    s->part_rows[s->parts - 1] = s->row;
    check_spool(s, true);
    if (s->error != LXW_NO_ERROR)
        return s->error;
    fail(s, worksheet_autofilter(s->ws, 0, 0, s->row, (lxw_col_t)(s->ncols - 1)));
    for (size_t c = 0; c < s->ncols && s->error == LXW_NO_ERROR; c++)
        fail(s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
                                     s->width[c] + WIDTH_PADDING, NULL));
    if (s->error != LXW_NO_ERROR)
        return s->error;
    worksheet_freeze_panes(s->ws, 1, s->style.frozen_cols);
    fail(s, worksheet_repeat_rows(s->ws, 0, 0));
    worksheet_set_landscape(s->ws);
    /* A3 (8) for the sheet of running text squeezed to one page wide, where
     * A4 (9) would halve a size already small. */
    worksheet_set_paper(s->ws, s->style.one_page_wide ? 8 : 9);
    /* Sheets of short values fit one page wide at a readable size; a sheet
     * of running text does so only when asked to. */
    bool long_text = false;
    for (size_t c = 0; c < s->ncols; c++)
        long_text |= s->kind[c] == XLSX_LONG_TEXT;
    if (!long_text || s->style.one_page_wide)
        worksheet_fit_to_pages(s->ws, 1, 0);
    return s->error;
}

lxw_error xlsx_sheet_next_row(xlsx_sheet *s)
{
    if (s->error != LXW_NO_ERROR)
        return s->error;
    if (s->row == XLSX_PART_ROWS) {
        if (finish_part(s) != LXW_NO_ERROR || start_part(s) != LXW_NO_ERROR)
            return s->error;
    } else {
        fit_row_height(s);
        check_spool(s, false);
    }
    s->row++;
    s->row_lines = 1;
    return s->error;
}

/* Characters `value` shows as, with a comma every three digits when
 * `grouped` (#,##0, as bc_amount_format() writes it); counted, not printed,
 * as it is for every number of a book. */
static size_t number_width(int64_t value, bool grouped)
{
    uint64_t mag = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    size_t digits = 1;
    for (; mag >= 10; mag /= 10)
        digits++;
    return (value < 0) + digits + (grouped ? (digits - 1) / 3 : 0);
}

lxw_error xlsx_sheet_number(xlsx_sheet *s, lxw_col_t col, int64_t value)
{
    if (s->error != LXW_NO_ERROR || value == BC_AMOUNT_NULL)
        return s->error;
    bool amount = s->kind[col] == XLSX_AMOUNT;
    widen(s, col, (double)number_width(value, amount));
    return counted(s, worksheet_write_number(s->ws, s->row, col, (double)value,
                                             amount ? s->fmt->amount : s->fmt->number));
}

lxw_error xlsx_sheet_text(xlsx_sheet *s, lxw_col_t col, const char *text, bool *cut)
{
    *cut = false;
    if (s->error != LXW_NO_ERROR || text == NULL || *text == '\0')
        return s->error;
    size_t len = strlen(text), fit = xlsx_cell_fit(text, len);
    char *copy = NULL;
    if (fit < len) {
        if ((copy = bc_strndup(text, fit)) == NULL)
            return fail(s, LXW_ERROR_MEMORY_MALLOC_FAILED);
        *cut = true;
    }
    size_t cap = cap_for(s->kind[col]);
    if (may_grow(s, col, text, fit, cap)) {
        unsigned lines;
        double w = text_width(text, fit, cap, &lines);
        widen(s, col, w < (double)cap ? w : (double)cap);
        if (lines > s->row_lines)
            s->row_lines = lines;
    }
    counted(s, worksheet_write_string(s->ws, s->row, col, copy != NULL ? copy : text,
                                      s->fmt->text));
    free(copy);
    return s->error;
}

lxw_error xlsx_sheet_finish(xlsx_sheet *s)
{
    return finish_part(s);
}

lxw_row_t xlsx_sheet_part_rows(const xlsx_sheet *s, int part)
{
    return s->part_rows[part];
}
