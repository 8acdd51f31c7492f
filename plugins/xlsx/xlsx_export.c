/*
 * xlsx: writes the records as a workbook (DESIGN §5) with libxlsxwriter:
 * 集計 (totals and per-group tables as live formulas, and a chart; see
 * xlsx_summary.h), then the tidy data sheets 事業一覧 (one row per record),
 * 要求内容 (one row per line item) and 財源内訳 (one row per funding row),
 * each a header and its rows, with a bold frozen header and an autofilter.
 *
 * Streaming: the workbook is in constant_memory mode and the data sheets
 * are filled in step as records arrive (see xlsx_sheet.h), so no record is
 * kept and no spool of our own is needed; libxlsxwriter keeps one temporary
 * file per worksheet and assembles the .xlsx at end(), when 集計 is written
 * from the sums kept meanwhile.
 *
 * The sheets are libbudgetconv's projects, items and funding tables
 * (budgetconv/views.h), cell for cell, so they match the csv export.
 *
 * libxlsxwriter reports its failures on standard error as well as in its
 * return values; a plugin never prints, so its calls run with standard error
 * set aside (xlsx_quiet.h) and the failure reaches the user once, as ours.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include <budgetconv/budgetconv.h>

#include "xlsx_layout.h"
#include "xlsx_plugin.h"
#include "xlsx_quiet.h"
#include "xlsx_sheet.h"
#include "xlsx_summary.h"
#include "xlsx_verify.h"

/* Worksheets of a workbook: 集計 and the tables' parts. */
#define XLSX_SHEETS_MAX (1 + XLSX_SHEET_COUNT * XLSX_MAX_PARTS)
_Static_assert(XLSX_SHEETS_MAX <= XLSX_VERIFY_SHEETS_MAX, "the read-back counts every sheet");

typedef struct xlsx_state {
    lxw_workbook *wb;
    lxw_worksheet *summary_ws; /* first in the workbook, written at end() */
    bc_context *ctx;
    xlsx_quiet quiet;
    const char *name; /* of the output, for messages */
    char *path;       /* of the output (owned), to look at once written */
    bool en;
    size_t records;
    xlsx_formats fmt;
    xlsx_sheet sheet[XLSX_SHEET_COUNT];
    xlsx_summary summary;
    bc_cell cell; /* the cell being written; keeps its buffer across records */
    uint64_t cut[XLSX_SHEET_COUNT]; /* columns cut in the record in hand */
} xlsx_state;

static bool make_formats(lxw_workbook *wb, xlsx_formats *f)
{
    lxw_format **all[] = {&f->header, &f->number, &f->amount, &f->text, &f->label, &f->percent};
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
    format_set_bold(f->label);
    format_set_num_format(f->percent, "0.0%");
    return true;
}

/* Closes the workbook (libxlsxwriter frees it even when writing fails) and
 * the rest of the state.  When closing fails, `*sys` (if not NULL) is the
 * system's reason, or 0: libxlsxwriter's code alone does not say that the
 * disk is full. */
static lxw_error close_state(xlsx_state *s, int *sys)
{
    xlsx_quiet_start(&s->quiet);
    errno = 0;
    lxw_error e = s->wb != NULL ? workbook_close(s->wb) : LXW_NO_ERROR;
    if (sys != NULL)
        *sys = e != LXW_NO_ERROR ? errno : 0;
    xlsx_quiet_close(&s->quiet);
    bc_cell_clear(&s->cell);
    xlsx_summary_free(&s->summary);
    free(s->path);
    free(s);
    return e;
}

static bc_status lxw_failure(const xlsx_state *s, lxw_error e, bc_error *err)
{
    return bc_error_set(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? BC_ERR_NOMEM : BC_ERR_IO,
                        s->name, 0, "cannot write the workbook: %s", lxw_strerror(e));
}

/* Why a sheet's rows could not all be spooled, 0 when they were
 * (xlsx_spool_error()). */
static int sheets_spool_error(const xlsx_state *s)
{
    for (int i = 0; i < XLSX_SHEET_COUNT; i++)
        if (s->sheet[i].spool_error != 0)
            return s->sheet[i].spool_error;
    return 0;
}

static bc_status spool_failure(const xlsx_state *s, int why, bc_error *err)
{
    return bc_error_set(err, BC_ERR_IO, s->name, 0,
                        "cannot write the workbook: a temporary file could not be written: %s",
                        strerror(why));
}

static lxw_error sheets_error(const xlsx_state *s)
{
    for (int i = 0; i < XLSX_SHEET_COUNT; i++)
        if (s->sheet[i].error != LXW_NO_ERROR)
            return s->sheet[i].error;
    return LXW_NO_ERROR;
}

/* Adds the sheets and writes their headers: 集計 first, though it is
 * written last. */
static lxw_error add_sheets(xlsx_state *s)
{
    if ((s->summary_ws = workbook_add_worksheet(s->wb, xlsx_summary_name(s->en))) == NULL)
        return LXW_ERROR_MEMORY_MALLOC_FAILED;
    lxw_error e = LXW_NO_ERROR;
    for (int i = 0; i < XLSX_SHEET_COUNT && e == LXW_NO_ERROR; i++) {
        size_t count;
        const bc_column *cols = bc_table_columns((bc_table)i, &count);
        /* NO and 事業名 stay in view beside the 27 columns of 事業一覧, which
         * also prints one page wide: it is the sheet people print. */
        xlsx_sheet_style style = {.frozen_cols = i == XLSX_SHEET_PROJECTS ? 2 : 0,
                                  .one_page_wide = i == XLSX_SHEET_PROJECTS};
        e = xlsx_sheet_start(&s->sheet[i], s->wb, xlsx_sheet_name(i, s->en), cols, count,
                             s->en, &style, &s->fmt);
    }
    return e;
}

static bc_status xlsx_begin(void **state, const bc_output *out, bc_context *ctx, bc_error *err)
{
    xlsx_state *s = calloc(1, sizeof *s);
    if (s == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    xlsx_quiet_open(&s->quiet);
    s->ctx = ctx;
    s->name = out->name;
    if ((s->path = bc_strdup(out->path)) == NULL) {
        close_state(s, NULL);
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    const char *lang = bc_context_option(ctx, "lang");
    s->en = lang != NULL && strcmp(lang, "en") == 0;
    if (xlsx_summary_init(&s->summary, s->en) != BC_OK) {
        close_state(s, NULL);
        return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0,
                            "xlsx: the tables lack a column the summary reads");
    }
    /* The tables live in the library, which may be newer than this. */
    for (int i = 0; i < XLSX_SHEET_COUNT; i++) {
        size_t count;
        bc_table_columns((bc_table)i, &count);
        if (count > XLSX_MAX_COLUMNS) {
            close_state(s, NULL);
            return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0,
                                "xlsx: table %s has %zu columns, more than %d",
                                xlsx_sheet_name(i, true), count, XLSX_MAX_COLUMNS);
        }
    }
    /* libxlsxwriter's temporary files go where the user keeps them. */
    const char *tmpdir = getenv("TMPDIR");
    lxw_workbook_options opt = {.constant_memory = LXW_TRUE,
                                .tmpdir = tmpdir != NULL && *tmpdir != '\0' ? (char *)tmpdir
                                                                            : NULL};
    xlsx_quiet_start(&s->quiet);
    s->wb = workbook_new_opt(out->path, &opt);
    bool formats = s->wb != NULL && make_formats(s->wb, &s->fmt);
    lxw_error e = formats ? add_sheets(s) : LXW_NO_ERROR;
    xlsx_quiet_stop(&s->quiet);
    bc_status st = BC_OK;
    if (s->wb == NULL)
        st = bc_error_set(err, BC_ERR_CANTCREAT, out->name, 0, "cannot create the workbook");
    else if (!formats)
        st = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    else if (e != LXW_NO_ERROR)
        st = bc_error_set(err, BC_ERR_CANTCREAT, out->name, 0,
                          "cannot create the workbook: %s", lxw_strerror(e));
    if (st != BC_OK) {
        close_state(s, NULL);
        return st;
    }
    *state = s;
    return BC_OK;
}

/* Warns, naming the record and the column, of each text that had to be cut
 * to fit its cell (noted by write_row() while standard error was set
 * aside). */
static void warn_cuts(xlsx_state *s, const bc_record *rec)
{
    /* a title long enough to be cut itself is quoted in part: the
     * message must still say what happened */
    const char *title = rec->text[BC_F_TITLE] != NULL ? rec->text[BC_F_TITLE] : "";
    size_t title_len = strlen(title), shown = bc_utf8_prefix(title, title_len, 120);
    char who[48];
    if (rec->no != BC_AMOUNT_NULL)
        snprintf(who, sizeof who, "NO %lld", (long long)rec->no);
    else
        snprintf(who, sizeof who, "record %zu", s->records + 1);
    for (int i = 0; i < XLSX_SHEET_COUNT; i++) {
        for (size_t c = 0; c < s->sheet[i].ncols; c++)
            if (s->cut[i] & (UINT64_C(1) << c))
                bc_context_warn(s->ctx, rec->source.file, rec->source.line,
                                "%s %.*s%s: %s is longer than a cell holds (%d characters) and "
                                "was cut",
                                who, (int)shown, title, shown < title_len ? "…" : "",
                                bc_column_header(&s->sheet[i].cols[c], s->en),
                                XLSX_CELL_MAX);
        s->cut[i] = 0;
    }
}

/* Writes row `row` of `rec` (its line item or funding row, by the sheet's
 * table) into the sheet's row in hand. */
static bc_status write_row(xlsx_state *s, int sheet, const bc_record *rec, size_t row,
                           bc_error *err)
{
    xlsx_sheet *sh = &s->sheet[sheet];
    for (size_t c = 0; c < sh->ncols; c++) {
        bc_status st = bc_column_cell(&sh->cols[c], rec, row, s->en, &s->cell);
        if (st == BC_ERR_NOMEM)
            return bc_error_set(err, st, NULL, 0, "out of memory");
        if (st != BC_OK)
            return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0, "xlsx: column %s: %s",
                                bc_column_header(&sh->cols[c], true), bc_strerror(st));
        if (s->cell.type == BC_VALUE_INTEGER) {
            xlsx_sheet_number(sh, (lxw_col_t)c, s->cell.integer);
        } else if (s->cell.type == BC_VALUE_TEXT) {
            bool cut;
            xlsx_sheet_text(sh, (lxw_col_t)c, s->cell.text, &cut);
            if (cut)
                s->cut[sheet] |= UINT64_C(1) << c;
        }
    }
    return BC_OK;
}

static bc_status write_record(xlsx_state *s, const bc_record *rec, bc_error *err)
{
    xlsx_sheet_next_row(&s->sheet[XLSX_SHEET_PROJECTS]);
    bc_status st = write_row(s, XLSX_SHEET_PROJECTS, rec, 0, err);
    for (size_t i = 0; st == BC_OK && i < rec->line_item_count; i++) {
        xlsx_sheet_next_row(&s->sheet[XLSX_SHEET_ITEMS]);
        st = write_row(s, XLSX_SHEET_ITEMS, rec, i, err);
    }
    for (size_t i = 0; st == BC_OK && i < rec->funding_count; i++) {
        xlsx_sheet_next_row(&s->sheet[XLSX_SHEET_FUNDING]);
        st = write_row(s, XLSX_SHEET_FUNDING, rec, i, err);
    }
    return st;
}

static bc_status xlsx_write(void *state, const bc_record *rec, bc_error *err)
{
    xlsx_state *s = state;
    xlsx_quiet_start(&s->quiet);
    bc_status st = write_record(s, rec, err);
    xlsx_quiet_stop(&s->quiet);
    warn_cuts(s, rec);
    if (st != BC_OK)
        return st;
    lxw_error e = sheets_error(s);
    if (e == LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE)
        return bc_error_set(err, BC_ERR_DATA, s->name, 0,
                            "too many rows for one workbook (%d worksheets of %u rows at most)",
                            XLSX_MAX_PARTS, (unsigned)XLSX_PART_ROWS);
    if (e != LXW_NO_ERROR)
        return lxw_failure(s, e, err);
    int why = sheets_spool_error(s);
    if (why != 0)
        return spool_failure(s, why, err);
    if ((st = xlsx_summary_add(&s->summary, rec)) != BC_OK)
        return bc_error_set(err, st, NULL, 0, "out of memory");
    s->records++;
    return BC_OK;
}

static bc_status xlsx_end(void *state, bc_error *err)
{
    xlsx_state *s = state;
    const char *name = s->name;
    for (int b = 0; b < XLSX_BY_COUNT; b++) {
        const char *column = bc_column_header(&s->sheet[XLSX_SHEET_PROJECTS]
                                                   .cols[s->summary.by_col[b]], s->en);
        if (s->summary.by[b].full)
            bc_context_warn(s->ctx, NULL, 0,
                            "xlsx: more than %d values of %s; the %s sheet lists the first "
                            "ones and counts the rest as one",
                            XLSX_GROUPS_MAX, column, xlsx_summary_name(s->en));
        if (s->summary.by[b].long_key)
            bc_context_warn(s->ctx, NULL, 0,
                            "xlsx: a value of %s is longer than %d bytes; the %s sheet counts "
                            "it with the others, not on a row of its own",
                            column, XLSX_GROUP_KEY_MAX, xlsx_summary_name(s->en));
    }
    xlsx_quiet_start(&s->quiet);
    lxw_error e = LXW_NO_ERROR;
    for (int i = 0; i < XLSX_SHEET_COUNT && e == LXW_NO_ERROR; i++)
        e = xlsx_sheet_finish(&s->sheet[i]);
    uint64_t cells[XLSX_SHEETS_MAX] = {0};
    if (e == LXW_NO_ERROR)
        e = xlsx_summary_write(&s->summary, s->wb, s->summary_ws, s->sheet, &s->fmt,
                               &cells[s->summary_ws->index]);
    int why = sheets_spool_error(s);
    if (why == 0)
        why = xlsx_spool_error(s->summary_ws, true);
    xlsx_quiet_stop(&s->quiet);
    size_t sheets = 1;
    for (int i = 0; i < XLSX_SHEET_COUNT; i++)
        for (int p = 0; p < s->sheet[i].parts; p++, sheets++)
            cells[s->sheet[i].part_sheet[p]] = s->sheet[i].part_cells[p];
    char *path = s->path;
    s->path = NULL;
    bc_status st = e != LXW_NO_ERROR ? lxw_failure(s, e, err)
                   : why != 0         ? spool_failure(s, why, err)
                                      : BC_OK;
    int sys;
    e = close_state(s, &sys);
    int read_back = 0;
    if (st == BC_OK && e == LXW_NO_ERROR && !xlsx_package_ok(path, cells, sheets, &read_back))
        st = read_back != 0
                 ? bc_error_set(err, BC_ERR_IO, name, 0, "cannot read the workbook back: %s",
                                strerror(read_back))
                 : bc_error_set(err, BC_ERR_IO, name, 0,
                                "cannot write the workbook: it came out incomplete (is the "
                                "temporary directory full?)");
    else if (st == BC_OK && e != LXW_NO_ERROR && sys != 0)
        /* The system's reason alone, as every exporter's write error
         * reads: libxlsxwriter's text only names its zip step. */
        st = bc_error_set(err, BC_ERR_IO, name, 0, "write error: %s", strerror(sys));
    else if (st == BC_OK && e != LXW_NO_ERROR)
        st = bc_error_set(err, BC_ERR_IO, name, 0, "cannot write the workbook: %s",
                          lxw_strerror(e));
    free(path);
    return st;
}

static void xlsx_abort(void *state)
{
    /* The host removes whatever this writes; closing is how libxlsxwriter
     * releases the sheets' temporary files. */
    close_state(state, NULL);
}

const bc_exporter bc_xlsx_exporter = BC_EXPORTER(
    .flags = BC_EXPORT_FILE,
    .begin = xlsx_begin,
    .write = xlsx_write,
    .end = xlsx_end,
    .abort = xlsx_abort);
