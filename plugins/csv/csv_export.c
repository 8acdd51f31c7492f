/*
 * csv exporter: RFC 4180 through libcsv.  csv_write() quotes one text cell;
 * the separators, line ends, numbers (never quoted, never guarded) and the
 * optional BOM are written here.  Each record is written as soon as it
 * arrives, so memory stays flat: only a few scratch buffers persist.
 *
 * projects, items and funding are libbudgetconv's tables and their cells
 * come from bc_column_cell(); full reads most of its cells the same way.
 *
 * With -O encoding=cp932 every text cell is converted by iconv before it is
 * quoted (CP932 trail bytes are never `"` or `,`, so quoting afterwards is
 * safe).  glibc writes the characters that Shift_JIS and CP932 map apart
 * (〜 − ‖ ¢ £ ¬ —) as the CP932 codes Windows uses for them, so they read
 * back as ～ － ∥ ￠ ￡ ￢ ―; a character with no code at all fails the run.
 */
#include <errno.h>
#include <iconv.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csv_plugin.h"

typedef struct buffer {
    char *data;
    size_t len, cap;
} buffer;

typedef struct csv_writer {
    FILE *fp;
    const char *name;
    csv_table table;
    bool english;
    bool guard;
    const char *eol;
    iconv_t cd; /* (iconv_t)-1: UTF-8 as it is */
    bc_cell value; /* the cell being written (joins lists in its buffer) */
    buffer cell; /* a text cell with its guard */
    buffer conv; /* a text cell in the output encoding */
    buffer quoted; /* a text cell quoted: csv_fwrite() would putc each byte */
} csv_writer;

/* Where a row's cells come from: `index` is the line item of a line_item
 * row (and of an items row), the funding row of a funding row. */
typedef struct row_source {
    const bc_record *rec;
    csv_row_kind kind;
    int64_t seq;
    size_t index;
} row_source;

static bool reserve(buffer *b, size_t need)
{
    if (need <= b->cap) /* also when nothing is needed and nothing is allocated */
        return true;
    char *p = bc_grow(b->data, &b->cap, need, 1);
    if (p == NULL)
        return false;
    b->data = p;
    return true;
}

static bool append(buffer *b, const char *s, size_t len)
{
    if (len > SIZE_MAX - b->len || !reserve(b, b->len + len))
        return false;
    if (len > 0)
        memcpy(b->data + b->len, s, len);
    b->len += len;
    return true;
}

static void free_writer(csv_writer *w)
{
    if (w->cd != (iconv_t)-1)
        iconv_close(w->cd);
    bc_cell_clear(&w->value);
    free(w->cell.data);
    free(w->conv.data);
    free(w->quoted.data);
    free(w);
}

static bc_status nomem(bc_error *err)
{
    return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
}

static bc_status write_error(const csv_writer *w, bc_error *err)
{
    return bc_error_set(err, BC_ERR_IO, w->name, 0, "write error: %s", strerror(errno));
}

/* Names the record and column `col` a conversion failed in, at the place
 * the record was read from. */
static bc_status unconvertible(const csv_writer *w, const bc_record *rec, size_t col,
                               const char *s, size_t len, size_t at, bc_error *err)
{
    char no[32] = "without NO";
    if (rec != NULL && rec->no != BC_AMOUNT_NULL)
        snprintf(no, sizeof no, "NO %" PRId64, rec->no);
    size_t size = 1;
    int32_t cp = bc_utf8_decode(s + at, len - at, &size);
    const char *file = rec != NULL ? rec->source.file : NULL;
    long line = rec != NULL ? rec->source.line : 0;
    const char *column = csv_table_header(w->table, col, w->english);
    if (cp < 0)
        return bc_error_set(err, BC_ERR_DATA, file, line,
                            "record %s, column %s: invalid UTF-8 (byte 0x%02X)", no, column,
                            (unsigned char)s[at]);
    return bc_error_set(err, BC_ERR_DATA, file, line,
                        "record %s, column %s: '%.*s' (U+%04" PRIX32
                        ") has no CP932 code; write UTF-8 instead (no -O encoding=cp932)",
                        no, column, (int)size, s + at, (uint32_t)cp);
}

/* Converts `s` into w->conv. */
static bc_status convert(csv_writer *w, const bc_record *rec, size_t col, const char *s,
                         size_t len, bc_error *err)
{
    iconv(w->cd, NULL, NULL, NULL, NULL);
    w->conv.len = 0;
    char *in = (char *)s;
    size_t in_left = len;
    while (in_left > 0) {
        if (!reserve(&w->conv, w->conv.len + in_left + 16))
            return nomem(err);
        char *out = w->conv.data + w->conv.len;
        size_t out_left = w->conv.cap - w->conv.len;
        size_t r = iconv(w->cd, &in, &in_left, &out, &out_left);
        w->conv.len = (size_t)(out - w->conv.data);
        if (r != (size_t)-1)
            break;
        if (errno == EILSEQ || errno == EINVAL)
            return unconvertible(w, rec, col, s, len, (size_t)(in - s), err);
        if (errno != E2BIG)
            return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0, "iconv: %s", strerror(errno));
    }
    return BC_OK;
}

/* Writes a text cell: guarded, converted, quoted.  NULL is an empty cell. */
static bc_status put_text(csv_writer *w, const bc_record *rec, size_t col, const char *s,
                          size_t len, bc_error *err)
{
    if (s == NULL)
        return BC_OK;
    if (w->guard && csv_needs_guard(s, len)) {
        w->cell.len = 0;
        if (!append(&w->cell, "'", 1) || !append(&w->cell, s, len))
            return nomem(err);
        s = w->cell.data;
        len = w->cell.len;
    }
    if (w->cd != (iconv_t)-1) {
        bc_status st = convert(w, rec, col, s, len, err);
        if (st != BC_OK)
            return st;
        s = w->conv.data;
        len = w->conv.len;
    }
    /* csv_write() puts every cell between quotes and doubles the quotes
     * inside; most cells have none, and are copied as they are */
    if (memchr(s, '"', len) == NULL)
        return putc('"', w->fp) != EOF && fwrite(s, 1, len, w->fp) == len &&
                       putc('"', w->fp) != EOF
                   ? BC_OK
                   : write_error(w, err);
    /* at worst every byte is a doubled quote, between two quotes */
    if (len > (SIZE_MAX - 2) / 2 || !reserve(&w->quoted, 2 * len + 2))
        return nomem(err);
    size_t n = csv_write(w->quoted.data, w->quoted.cap, s, len);
    return fwrite(w->quoted.data, 1, n, w->fp) == n ? BC_OK : write_error(w, err);
}

static bc_status put_string(csv_writer *w, const bc_record *rec, size_t col, const char *s,
                            bc_error *err)
{
    return put_text(w, rec, col, s, s != NULL ? strlen(s) : 0, err);
}

static bc_status put_amount(csv_writer *w, int64_t v, bc_error *err)
{
    if (v == BC_AMOUNT_NULL)
        return BC_OK;
    return fprintf(w->fp, "%" PRId64, v) < 0 ? write_error(w, err) : BC_OK;
}

/* Writes the value of shared column `bc` (column `col` of the table).  The
 * people's tables speak the header's language; full passes `english` for
 * the canonical keys, so that it reads back the same way whatever -O lang. */
static bc_status put_shared(csv_writer *w, size_t col, const bc_column *bc, const row_source *r,
                            bool english, bc_error *err)
{
    bc_status st = bc_column_cell(bc, r->rec, r->index, english, &w->value);
    if (st == BC_ERR_NOMEM)
        return nomem(err);
    if (st != BC_OK)
        return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0, "csv: column %s: %s",
                            csv_table_header(w->table, col, true), bc_strerror(st));
    switch (w->value.type) {
    case BC_VALUE_INTEGER:
        return put_amount(w, w->value.integer, err);
    case BC_VALUE_TEXT:
        return put_text(w, r->rec, col, w->value.text, w->value.len, err);
    case BC_VALUE_NULL:
        break;
    }
    return BC_OK;
}

/* The full table joins a list's items with line breaks, so an item that
 * holds one would read back as several: refused, as a character CP932
 * lacks is, rather than written into a table that claims to read back. */
static bc_status check_list(const csv_writer *w, const bc_record *rec, size_t col,
                            const bc_string_list *list, bc_error *err)
{
    for (size_t i = 0; i < list->count; i++) {
        if (list->items[i] == NULL || strchr(list->items[i], '\n') == NULL)
            continue;
        char no[32] = "without NO";
        if (rec->no != BC_AMOUNT_NULL)
            snprintf(no, sizeof no, "NO %" PRId64, rec->no);
        return bc_error_set(err, BC_ERR_DATA, rec->source.file, rec->source.line,
                            "record %s, column %s: item %zu holds a line break, which the full "
                            "table puts between items (it would read back as more items)",
                            no, csv_table_header(w->table, col, w->english), i + 1);
    }
    return BC_OK;
}

/* Writes a cell of the full table, where line-item cells are empty but on
 * line_item rows and funding cells but on funding rows. */
static bc_status put_full(csv_writer *w, size_t col, const csv_column *c, const row_source *r,
                          bc_error *err)
{
    csv_scope scope = csv_column_scope(c);
    if ((scope == CSV_SCOPE_LINE_ITEM && r->kind != CSV_ROW_LINE_ITEM) ||
        (scope == CSV_SCOPE_FUNDING && r->kind != CSV_ROW_FUNDING))
        return BC_OK;
    switch (c->kind) {
    case COL_ROW:
        return put_string(w, r->rec, col, csv_row_kind_name(r->kind), err);
    case COL_SEQ:
        return put_amount(w, r->seq, err);
    case COL_FISCAL_YEAR:
        return put_amount(w, r->rec->fiscal_year, err);
    case COL_FUND_LABEL:
        return put_string(w, r->rec, col, r->rec->funding[r->index].label, err);
    case COL_CELL:
        break;
    }
    if (c->cell.kind == BC_COL_LIST) {
        bc_status st = check_list(w, r->rec, col, &r->rec->list[c->cell.arg], err);
        if (st != BC_OK)
            return st;
    }
    return put_shared(w, col, &c->cell, r, true, err);
}

/* Writes one row: the header when `r` is NULL. */
static bc_status put_row(csv_writer *w, const row_source *r, bc_error *err)
{
    size_t count;
    const csv_column *full = NULL;
    const bc_column *shared = NULL;
    if (w->table == CSV_TABLE_FULL)
        full = csv_full_columns(&count);
    else
        shared = bc_table_columns((bc_table)w->table, &count);
    for (size_t i = 0; i < count; i++) {
        if (i > 0 && fputc(',', w->fp) == EOF)
            return write_error(w, err);
        bc_status st = r == NULL ? put_string(w, NULL, i,
                                              csv_table_header(w->table, i, w->english), err)
                       : shared != NULL ? put_shared(w, i, &shared[i], r, w->english, err)
                                        : put_full(w, i, &full[i], r, err);
        if (st != BC_OK)
            return st;
    }
    return fputs(w->eol, w->fp) == EOF ? write_error(w, err) : BC_OK;
}

static bc_status csv_begin(void **state, const bc_output *out, bc_context *ctx, bc_error *err)
{
    csv_writer *w = calloc(1, sizeof *w);
    if (w == NULL)
        return nomem(err);
    w->cd = (iconv_t)-1;
    w->fp = out->fp;
    w->name = out->name;
    w->english = strcmp(bc_context_option(ctx, "lang"), "en") == 0;
    w->guard = !bc_context_flag(ctx, "raw");
    w->eol = bc_context_flag(ctx, "crlf") ? "\r\n" : "\n";
    bool cp932 = strcmp(bc_context_option(ctx, "encoding"), "cp932") == 0;
    bool bom = bc_context_flag(ctx, "bom");
    bc_status st = BC_OK;
    if (!csv_table_from_name(bc_context_option(ctx, "table"), &w->table))
        st = bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0, "csv: no table option");
    else if (cp932 && bom)
        st = bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                          "-O bom is a UTF-8 mark: it cannot start a CP932 file "
                          "(Excel reads CP932 without one)");
    else if (cp932 && (w->cd = iconv_open("CP932", "UTF-8")) == (iconv_t)-1)
        st = bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0,
                          "this system's iconv cannot write CP932: %s", strerror(errno));
    else if (bom && fputs("\xEF\xBB\xBF", w->fp) == EOF)
        st = write_error(w, err);
    if (st == BC_OK)
        st = put_row(w, NULL, err);
    if (st != BC_OK) {
        free_writer(w);
        return st;
    }
    *state = w;
    return BC_OK;
}

static bc_status csv_write_record(void *state, const bc_record *rec, bc_error *err)
{
    csv_writer *w = state;
    row_source r = {rec, CSV_ROW_RECORD, 1, 0};
    bc_status st = BC_OK;
    switch (w->table) {
    case CSV_TABLE_PROJECTS:
        return put_row(w, &r, err);
    case CSV_TABLE_ITEMS:
        for (; st == BC_OK && r.index < rec->line_item_count; r.index++)
            st = put_row(w, &r, err);
        return st;
    case CSV_TABLE_FUNDING:
        for (; st == BC_OK && r.index < rec->funding_count; r.index++)
            st = put_row(w, &r, err);
        return st;
    case CSV_TABLE_FULL:
        if (rec->line_item_count == 0 && rec->funding_count == 0)
            return put_row(w, &r, err);
        r.kind = CSV_ROW_LINE_ITEM;
        for (; st == BC_OK && r.index < rec->line_item_count; r.index++, r.seq++)
            st = put_row(w, &r, err);
        r.kind = CSV_ROW_FUNDING;
        for (r.index = 0; st == BC_OK && r.index < rec->funding_count; r.index++, r.seq++)
            st = put_row(w, &r, err);
        return st;
    case CSV_TABLE_COUNT:
        break;
    }
    return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0, "csv: unknown table");
}

static bc_status csv_end(void *state, bc_error *err)
{
    csv_writer *w = state;
    bc_status st = fflush(w->fp) != 0 || ferror(w->fp) ? write_error(w, err) : BC_OK;
    free_writer(w);
    return st;
}

static void csv_abort(void *state)
{
    free_writer(state);
}

const bc_exporter bc_csv_exporter = BC_EXPORTER(
    .flags = 0,
    .begin = csv_begin,
    .write = csv_write_record,
    .end = csv_end,
    .abort = csv_abort);
