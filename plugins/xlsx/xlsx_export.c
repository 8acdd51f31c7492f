/*
 * xlsx: writes the records as a workbook (DESIGN §5) with libxlsxwriter:
 * 事業一覧 (one row per record), 要求内容 (one row per line item) and
 * 財源内訳 (one row per funding row), each with a bold frozen header, an
 * autofilter and a totals row.
 *
 * Streaming: the workbook is in constant_memory mode and the three sheets
 * are filled in step as records arrive (see xlsx_sheet.h), so no record is
 * kept and no spool of our own is needed; libxlsxwriter keeps one temporary
 * file per sheet and assembles the .xlsx at end().
 *
 * The sheets are libbudgetconv's projects, items and funding tables
 * (budgetconv/table.h), cell for cell, so they match the csv export.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include <budgetconv/budgetconv.h>

#include "xlsx_layout.h"
#include "xlsx_sheet.h"

typedef struct xlsx_state {
    lxw_workbook *wb;
    bc_context *ctx;
    const char *name; /* of the output, for messages */
    bool en;
    size_t records;
    xlsx_formats fmt;
    xlsx_sheet sheet[XLSX_SHEET_COUNT];
    bc_cell cell; /* the cell being written; keeps its buffer across records */
} xlsx_state;

static bool make_formats(lxw_workbook *wb, xlsx_formats *f)
{
    lxw_format **all[] = {&f->header, &f->number, &f->amount, &f->text,
                          &f->total_label, &f->total_amount};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++) {
        if ((*all[i] = workbook_add_format(wb)) == NULL)
            return false;
        format_set_align(*all[i], LXW_ALIGN_VERTICAL_TOP);
    }
    format_set_bold(f->header);
    format_set_bg_color(f->header, 0xDDEBF7);
    format_set_bottom(f->header, LXW_BORDER_THIN);
    format_set_num_format(f->amount, "#,##0");
    format_set_text_wrap(f->text);
    format_set_bold(f->total_label);
    format_set_top(f->total_label, LXW_BORDER_DOUBLE);
    format_set_bold(f->total_amount);
    format_set_top(f->total_amount, LXW_BORDER_DOUBLE);
    format_set_num_format(f->total_amount, "#,##0");
    return true;
}

/* Closes the workbook (libxlsxwriter frees it even when writing fails) and
 * the rest of the state. */
static lxw_error close_state(xlsx_state *s)
{
    lxw_error e = s->wb != NULL ? workbook_close(s->wb) : LXW_NO_ERROR;
    bc_cell_clear(&s->cell);
    free(s);
    return e;
}

static bc_status lxw_failure(const xlsx_state *s, lxw_error e, bc_error *err)
{
    return bc_error_set(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? BC_ERR_NOMEM : BC_ERR_IO,
                        s->name, 0, "cannot write the workbook: %s", lxw_strerror(e));
}

static lxw_error sheets_error(const xlsx_state *s)
{
    for (int i = 0; i < XLSX_SHEET_COUNT; i++)
        if (s->sheet[i].error != LXW_NO_ERROR)
            return s->sheet[i].error;
    return LXW_NO_ERROR;
}

static bc_status xlsx_begin(void **state, const bc_output *out, bc_context *ctx, bc_error *err)
{
    xlsx_state *s = calloc(1, sizeof *s);
    if (s == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    s->ctx = ctx;
    s->name = out->name;
    const char *lang = bc_context_option(ctx, "lang");
    s->en = lang != NULL && strcmp(lang, "en") == 0;
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE};
    s->wb = workbook_new_opt(out->path, &opt);
    if (s->wb == NULL) {
        close_state(s);
        return bc_error_set(err, BC_ERR_CANTCREAT, out->name, 0, "cannot create the workbook");
    }
    if (!make_formats(s->wb, &s->fmt)) {
        close_state(s);
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    lxw_error e = LXW_NO_ERROR;
    for (int i = 0; i < XLSX_SHEET_COUNT && e == LXW_NO_ERROR; i++) {
        size_t count;
        const bc_column *cols = bc_table_columns((bc_table)i, &count);
        /* The tables live in the library, which may be newer than this. */
        if (count > XLSX_MAX_COLUMNS) {
            close_state(s);
            return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0,
                                "xlsx: table %s has %zu columns, more than %d",
                                xlsx_sheet_name(i, true), count, XLSX_MAX_COLUMNS);
        }
        e = xlsx_sheet_start(&s->sheet[i], s->wb, xlsx_sheet_name(i, s->en), cols, count,
                             s->en, &s->fmt);
    }
    if (e != LXW_NO_ERROR) {
        bc_status st = lxw_failure(s, e, err);
        close_state(s);
        return st;
    }
    /* Subtotals repeat the items under them: the totals row leaves them out. */
    xlsx_sheet *items = &s->sheet[XLSX_SHEET_ITEMS];
    for (size_t c = 0; c < items->ncols; c++)
        if (items->cols[c].kind == BC_COL_ITEM_KIND)
            xlsx_sheet_exclude_rows(items, (lxw_col_t)c,
                                    bc_item_kind_name(BC_ITEM_SUBTOTAL, s->en));
    *state = s;
    return BC_OK;
}

/* Writes a text cell and warns, naming the record and the column, when it
 * had to be cut. */
static void put_text(xlsx_state *s, xlsx_sheet *sh, lxw_col_t col, const char *text,
                     const bc_record *rec)
{
    bool cut;
    xlsx_sheet_text(sh, col, text, &cut);
    if (!cut)
        return;
    const char *title = rec->text[BC_F_TITLE] != NULL ? rec->text[BC_F_TITLE] : "";
    char who[48];
    if (rec->no != BC_AMOUNT_NULL)
        snprintf(who, sizeof who, "NO %lld", (long long)rec->no);
    else
        snprintf(who, sizeof who, "record %zu", s->records + 1);
    bc_context_warn(s->ctx, rec->source.file, rec->source.line,
                    "%s %s: %s is longer than a cell holds (%d characters) and was cut",
                    who, title, bc_column_header(&sh->cols[col], s->en), XLSX_CELL_MAX);
}

/* Writes row `row` of `rec` (its line item or funding row, by the sheet's
 * table) into the sheet's row in hand. */
static bc_status write_row(xlsx_state *s, xlsx_sheet *sh, const bc_record *rec, size_t row,
                           bc_error *err)
{
    for (size_t c = 0; c < sh->ncols; c++) {
        bc_status st = bc_column_cell(&sh->cols[c], rec, row, s->en, &s->cell);
        if (st == BC_ERR_NOMEM)
            return bc_error_set(err, st, NULL, 0, "out of memory");
        if (st != BC_OK)
            return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0, "xlsx: column %s: %s",
                                bc_column_header(&sh->cols[c], true), bc_strerror(st));
        if (s->cell.type == BC_VALUE_INTEGER)
            xlsx_sheet_number(sh, (lxw_col_t)c, s->cell.integer);
        else if (s->cell.type == BC_VALUE_TEXT)
            put_text(s, sh, (lxw_col_t)c, s->cell.text, rec);
    }
    return BC_OK;
}

static bc_status xlsx_write(void *state, const bc_record *rec, bc_error *err)
{
    xlsx_state *s = state;
    if (!xlsx_sheet_next_row(&s->sheet[XLSX_SHEET_PROJECTS]))
        return bc_error_set(err, BC_ERR_DATA, s->name, 0,
                            "too many records for one worksheet (%d rows at most)", LXW_ROW_MAX);
    xlsx_sheet *items = &s->sheet[XLSX_SHEET_ITEMS];
    xlsx_sheet *funding = &s->sheet[XLSX_SHEET_FUNDING];
    lxw_row_t items_before = items->row, funding_before = funding->row;
    bc_status st = write_row(s, &s->sheet[XLSX_SHEET_PROJECTS], rec, 0, err);
    for (size_t i = 0; st == BC_OK && i < rec->line_item_count && xlsx_sheet_next_row(items);
         i++) {
        if (rec->line_items[i].kind == BC_ITEM_SUBTOTAL)
            xlsx_sheet_exclude_row(items);
        st = write_row(s, items, rec, i, err);
    }
    for (size_t i = 0; st == BC_OK && i < rec->funding_count && xlsx_sheet_next_row(funding);
         i++)
        st = write_row(s, funding, rec, i, err);
    if (st != BC_OK)
        return st;
    lxw_error e = sheets_error(s);
    if (e != LXW_NO_ERROR)
        return lxw_failure(s, e, err);
    if (items->row - items_before < rec->line_item_count ||
        funding->row - funding_before < rec->funding_count)
        return bc_error_set(err, BC_ERR_DATA, s->name, 0,
                            "too many rows for one worksheet (%d rows at most)", LXW_ROW_MAX);
    s->records++;
    return BC_OK;
}

static bc_status xlsx_end(void *state, bc_error *err)
{
    xlsx_state *s = state;
    const char *name = s->name;
    lxw_error e = LXW_NO_ERROR;
    for (int i = 0; i < XLSX_SHEET_COUNT && e == LXW_NO_ERROR; i++)
        e = xlsx_sheet_finish(&s->sheet[i], s->en ? "total" : "合計");
    bc_status st = e != LXW_NO_ERROR ? lxw_failure(s, e, err) : BC_OK;
    errno = 0;
    e = close_state(s);
    /* libxlsxwriter's codes name the zip step, not the system's reason;
     * errno still holds that when a file operation failed. */
    if (st == BC_OK && e != LXW_NO_ERROR && errno != 0 && e != LXW_ERROR_MEMORY_MALLOC_FAILED)
        st = bc_error_set(err, BC_ERR_IO, name, 0, "write error: %s", strerror(errno));
    else if (st == BC_OK && e != LXW_NO_ERROR)
        st = bc_error_set(err, BC_ERR_IO, name, 0, "cannot write the workbook: %s",
                          lxw_strerror(e));
    return st;
}

static void xlsx_abort(void *state)
{
    /* The host removes whatever this writes; closing is how libxlsxwriter
     * releases the sheets' temporary files. */
    close_state(state);
}

static const bc_exporter exporter = {
    .struct_size = sizeof(bc_exporter),
    .flags = BC_EXPORT_FILE,
    .begin = xlsx_begin,
    .write = xlsx_write,
    .end = xlsx_end,
    .abort = xlsx_abort,
};

static const bc_option_spec options[] = {
    {"lang", BC_OPT_CHOICE, "ja", "ja|en",
     "language of sheet names and headers: Japanese, or English keys"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const extensions[] = {"xlsx", NULL};

BC_PLUGIN_DEFINE(xlsx,
                 .name = "xlsx",
                 .description = "Excel workbook: projects, line items and funding sheets with totals",
                 .extensions = extensions,
                 .exporter = &exporter,
                 .export_options = options)
