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
 */
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
    char *joined; /* reused buffer for list fields */
    size_t joined_size;
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
    free(s->joined);
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
    static const struct {
        const xlsx_column *cols;
        const size_t *count;
    } layout[XLSX_SHEET_COUNT] = {
        [XLSX_SHEET_PROJECTS] = {xlsx_project_columns, &xlsx_project_column_count},
        [XLSX_SHEET_ITEMS] = {xlsx_item_columns, &xlsx_item_column_count},
        [XLSX_SHEET_FUNDING] = {xlsx_funding_columns, &xlsx_funding_column_count},
    };
    lxw_error e = LXW_NO_ERROR;
    for (int i = 0; i < XLSX_SHEET_COUNT && e == LXW_NO_ERROR; i++)
        e = xlsx_sheet_start(&s->sheet[i], s->wb, xlsx_sheet_name(i, s->en), layout[i].cols,
                             *layout[i].count, s->en, &s->fmt);
    if (e != LXW_NO_ERROR) {
        bc_status st = lxw_failure(s, e, err);
        close_state(s);
        return st;
    }
    xlsx_sheet_exclude_rows(&s->sheet[XLSX_SHEET_ITEMS], XLSX_ITEM_KIND,
                            xlsx_item_kind_name(BC_ITEM_SUBTOTAL, s->en));
    *state = s;
    return BC_OK;
}

/* `list` joined with newlines, in a buffer reused across calls; NULL when
 * out of memory. */
static const char *join_list(xlsx_state *s, const bc_string_list *list)
{
    size_t need = 1;
    for (size_t i = 0; i < list->count; i++)
        need += strlen(list->items[i]) + 1;
    if (need > s->joined_size) {
        char *p = realloc(s->joined, need);
        if (p == NULL)
            return NULL;
        s->joined = p;
        s->joined_size = need;
    }
    char *w = s->joined;
    for (size_t i = 0; i < list->count; i++) {
        size_t n = strlen(list->items[i]);
        if (i > 0)
            *w++ = '\n';
        memcpy(w, list->items[i], n);
        w += n;
    }
    *w = '\0';
    return s->joined;
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
                    who, title, xlsx_column_header(&sh->cols[col], s->en), XLSX_CELL_MAX);
}

static bc_status write_project(xlsx_state *s, const bc_record *rec, bc_error *err)
{
    xlsx_sheet *sh = &s->sheet[XLSX_SHEET_PROJECTS];
    for (size_t c = 0; c < xlsx_project_column_count; c++) {
        const xlsx_column *col = &xlsx_project_columns[c];
        lxw_col_t at = (lxw_col_t)c;
        bool present;
        int64_t v;
        switch (col->source) {
        case XLSX_SRC_NO:
            xlsx_sheet_number(sh, at, rec->no);
            break;
        case XLSX_SRC_FISCAL_YEAR:
            xlsx_sheet_number(sh, at, rec->fiscal_year);
            break;
        case XLSX_SRC_TEXT:
            put_text(s, sh, at, rec->text[col->index], rec);
            break;
        case XLSX_SRC_LIST: {
            const char *joined = join_list(s, &rec->list[col->index]);
            if (joined == NULL)
                return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
            put_text(s, sh, at, joined, rec);
            break;
        }
        case XLSX_SRC_TOTAL_REQUESTED:
            xlsx_sheet_number(sh, at, rec->total.requested);
            break;
        case XLSX_SRC_TOTAL_BUDGETED:
            xlsx_sheet_number(sh, at, rec->total.budgeted);
            break;
        case XLSX_SRC_TOTAL_SPECIFIC:
            xlsx_sheet_number(sh, at, rec->total.budgeted_specific);
            break;
        case XLSX_SRC_FUNDING:
            v = bc_record_funding_amount(rec, (bc_fund_source)col->index, &present);
            xlsx_sheet_number(sh, at, present ? v : BC_AMOUNT_NULL);
            break;
        }
    }
    return BC_OK;
}

static void write_items(xlsx_state *s, const bc_record *rec)
{
    xlsx_sheet *sh = &s->sheet[XLSX_SHEET_ITEMS];
    for (size_t i = 0; i < rec->line_item_count && xlsx_sheet_next_row(sh); i++) {
        const bc_line_item *it = &rec->line_items[i];
        if (it->kind == BC_ITEM_SUBTOTAL)
            xlsx_sheet_exclude_row(sh);
        xlsx_sheet_number(sh, XLSX_ITEM_NO, rec->no);
        put_text(s, sh, XLSX_ITEM_TITLE, rec->text[BC_F_TITLE], rec);
        put_text(s, sh, XLSX_ITEM_KIND, xlsx_item_kind_name(it->kind, s->en), rec);
        put_text(s, sh, XLSX_ITEM_GROUP, it->group, rec);
        put_text(s, sh, XLSX_ITEM_LABEL, it->label, rec);
        xlsx_sheet_number(sh, XLSX_ITEM_REQUESTED, it->requested);
        xlsx_sheet_number(sh, XLSX_ITEM_BUDGETED, it->budgeted);
        xlsx_sheet_number(sh, XLSX_ITEM_SPECIFIC, it->budgeted_specific);
    }
}

static void write_funding(xlsx_state *s, const bc_record *rec)
{
    xlsx_sheet *sh = &s->sheet[XLSX_SHEET_FUNDING];
    for (size_t i = 0; i < rec->funding_count && xlsx_sheet_next_row(sh); i++) {
        const bc_funding *f = &rec->funding[i];
        xlsx_sheet_number(sh, XLSX_FUND_NO, rec->no);
        put_text(s, sh, XLSX_FUND_TITLE, rec->text[BC_F_TITLE], rec);
        put_text(s, sh, XLSX_FUND_SOURCE,
                 f->label != NULL ? f->label : bc_fund_source_label(f->source), rec);
        put_text(s, sh, XLSX_FUND_DETAIL, f->detail, rec);
        xlsx_sheet_number(sh, XLSX_FUND_AMOUNT, f->amount);
    }
}

static bc_status xlsx_write(void *state, const bc_record *rec, bc_error *err)
{
    xlsx_state *s = state;
    const xlsx_sheet *items = &s->sheet[XLSX_SHEET_ITEMS];
    const xlsx_sheet *funding = &s->sheet[XLSX_SHEET_FUNDING];
    lxw_row_t items_before = items->row, funding_before = funding->row;
    if (!xlsx_sheet_next_row(&s->sheet[XLSX_SHEET_PROJECTS]))
        return bc_error_set(err, BC_ERR_DATA, s->name, 0,
                            "too many records for one worksheet (%d rows at most)", LXW_ROW_MAX);
    bc_status st = write_project(s, rec, err);
    if (st != BC_OK)
        return st;
    write_items(s, rec);
    write_funding(s, rec);
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
    e = close_state(s);
    if (st == BC_OK && e != LXW_NO_ERROR)
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

static const bc_plugin plugin = {
    .magic = BC_PLUGIN_MAGIC,
    .abi_major = BC_ABI_MAJOR,
    .abi_minor = BC_ABI_MINOR,
    .struct_size = sizeof(bc_plugin),
    .name = "xlsx",
    .description = "Excel workbook: projects, line items and funding sheets with totals",
    .extensions = extensions,
    .exporter = &exporter,
    .export_options = options,
};

BC_PLUGIN_DEFINE(xlsx, plugin)
