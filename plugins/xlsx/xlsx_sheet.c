/* One worksheet of the xlsx export (xlsx_sheet.h). */
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

/* Bytes of `text` that fit in one cell, counting characters as Excel does
 * (UTF-16 code units) and cutting only between characters. */
static size_t cell_fit(const char *text, size_t len)
{
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

lxw_error xlsx_sheet_start(xlsx_sheet *s, lxw_workbook *wb, const char *name,
                           const bc_column *cols, size_t ncols, bool en,
                           const xlsx_formats *fmt)
{
    memset(s, 0, sizeof *s);
    s->fmt = fmt;
    s->cols = cols;
    s->ncols = ncols;
    s->ws = workbook_add_worksheet(wb, name);
    if (s->ws == NULL)
        return fail(s, LXW_ERROR_MEMORY_MALLOC_FAILED);
    for (size_t c = 0; c < ncols && s->error == LXW_NO_ERROR; c++) {
        const char *h = bc_column_header(&cols[c], en);
        s->kind[c] = xlsx_cell_kind_of(&cols[c]);
        fail(s, worksheet_write_string(s->ws, 0, (lxw_col_t)c, h, fmt->header));
        widen(s, (lxw_col_t)c, text_width(h, strlen(h), cap_for(s->kind[c]), NULL) +
                                          WIDTH_FILTER_BUTTON);
    }
    return s->error;
}

void xlsx_sheet_exclude_rows(xlsx_sheet *s, lxw_col_t col, const char *value)
{
    s->exclude_col = col;
    s->exclude_value = value;
}

void xlsx_sheet_exclude_row(xlsx_sheet *s)
{
    s->row_excluded = true;
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

bool xlsx_sheet_next_row(xlsx_sheet *s)
{
    if (s->row + 2 >= LXW_ROW_MAX)
        return false;
    fit_row_height(s);
    s->row++;
    s->row_excluded = false;
    s->row_lines = 1;
    return true;
}

lxw_error xlsx_sheet_number(xlsx_sheet *s, lxw_col_t col, int64_t value)
{
    if (s->error != LXW_NO_ERROR || value == BC_AMOUNT_NULL)
        return s->error;
    bool amount = s->kind[col] == XLSX_AMOUNT;
    char buf[32];
    int n = amount ? bc_amount_format(value, buf, sizeof buf)
                   : snprintf(buf, sizeof buf, "%lld", (long long)value);
    widen(s, col, (double)n);
    if (amount && !s->row_excluded)
        s->sum[col] += (double)value;
    return fail(s, worksheet_write_number(s->ws, s->row, col, (double)value,
                                          amount ? s->fmt->amount : s->fmt->number));
}

lxw_error xlsx_sheet_text(xlsx_sheet *s, lxw_col_t col, const char *text, bool *cut)
{
    *cut = false;
    if (s->error != LXW_NO_ERROR || text == NULL || *text == '\0')
        return s->error;
    size_t len = strlen(text), fit = cell_fit(text, len);
    char *copy = NULL;
    if (fit < len) {
        if ((copy = bc_strndup(text, fit)) == NULL)
            return fail(s, LXW_ERROR_MEMORY_MALLOC_FAILED);
        *cut = true;
    }
    size_t cap = cap_for(s->kind[col]);
    unsigned lines;
    double w = text_width(text, fit, cap, &lines);
    widen(s, col, w < (double)cap ? w : (double)cap);
    if (lines > s->row_lines)
        s->row_lines = lines;
    fail(s, worksheet_write_string(s->ws, s->row, col, copy != NULL ? copy : text,
                                   s->fmt->text));
    free(copy);
    return s->error;
}

/* The totals formula of column `col` over the data rows 1..`last`. */
static void total_formula(const xlsx_sheet *s, lxw_row_t last, lxw_col_t col, char *buf,
                          size_t size)
{
    char first[16], range[40];
    lxw_rowcol_to_cell(first, 1, col);
    lxw_rowcol_to_range(range, 1, col, last, col);
    if (s->exclude_value == NULL) {
        snprintf(buf, size, "=SUBTOTAL(109,%s)", range);
        return;
    }
    /* SUBTOTAL over OFFSET gives one value per row, so that filtered-out
     * rows still drop out while the excluded ones are masked. */
    char mask[40];
    lxw_rowcol_to_range_abs(mask, 1, s->exclude_col, last, s->exclude_col);
    snprintf(buf, size, "=SUMPRODUCT(SUBTOTAL(109,OFFSET(%s,ROW(%s)-ROW(%s),0)),--(%s<>\"%s\"))",
             first, range, first, mask, s->exclude_value);
}

lxw_error xlsx_sheet_finish(xlsx_sheet *s, const char *label)
{
    lxw_row_t last = s->row;
    fit_row_height(s);
    /* In constant_memory mode libxlsxwriter refuses a range that ends above
     * the row in hand, so the filter goes on while the last data row is it. */
    if (s->error == LXW_NO_ERROR)
        fail(s, worksheet_autofilter(s->ws, 0, 0, last, (lxw_col_t)(s->ncols - 1)));
    if (last > 0 && s->error == LXW_NO_ERROR) {
        s->row++;
        fail(s, worksheet_write_string(s->ws, s->row, 0, label, s->fmt->total_label));
        for (size_t c = 0; c < s->ncols && s->error == LXW_NO_ERROR; c++) {
            lxw_col_t col = (lxw_col_t)c;
            if (s->kind[c] != XLSX_AMOUNT) {
                if (col != 0)
                    fail(s, worksheet_write_blank(s->ws, s->row, col, s->fmt->total_label));
                continue;
            }
            char formula[256], shown[32];
            total_formula(s, last, col, formula, sizeof formula);
            /* The sum is a double, as Excel's numbers are; converting one
             * beyond int64_t's range would be undefined. */
            double sum = s->sum[c];
            widen(s, col, sum > -9e18 && sum < 9e18
                              ? (double)bc_amount_format((int64_t)sum, shown, sizeof shown)
                              : 27.0);
            fail(s, worksheet_write_formula_num(s->ws, s->row, col, formula,
                                                s->fmt->total_amount, s->sum[c]));
        }
    }
    for (size_t c = 0; c < s->ncols && s->error == LXW_NO_ERROR; c++)
        fail(s, worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c,
                                     s->width[c] + WIDTH_PADDING, NULL));
    if (s->error == LXW_NO_ERROR) {
        worksheet_freeze_panes(s->ws, 1, 0);
        fail(s, worksheet_repeat_rows(s->ws, 0, 0));
        worksheet_set_landscape(s->ws);
        worksheet_set_paper(s->ws, 9); /* A4 */
        /* Sheets of short values print one page wide; running text would
         * shrink to nothing, so 事業一覧 prints across pages instead. */
        bool long_text = false;
        for (size_t c = 0; c < s->ncols; c++)
            long_text |= s->kind[c] == XLSX_LONG_TEXT;
        if (!long_text)
            worksheet_fit_to_pages(s->ws, 1, 0);
    }
    return s->error;
}
