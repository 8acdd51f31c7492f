/*
 * csv exporter: RFC 4180 through libcsv.  csv_fwrite() quotes one text cell;
 * the separators, line ends, numbers (never quoted, never guarded) and the
 * optional BOM are written here.  Each record is written as soon as it
 * arrives, so memory stays flat: only two scratch buffers persist.
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
    buffer list; /* a list field joined */
    buffer cell; /* a text cell with its guard */
    buffer conv; /* a text cell in the output encoding */
} csv_writer;

/* Where a row's cells come from; item and fund are NULL on other rows. */
typedef struct row_source {
    const bc_record *rec;
    csv_row_kind kind;
    int64_t seq;
    const bc_line_item *item;
    const bc_funding *fund;
} row_source;

static bool reserve(buffer *b, size_t need)
{
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return false;
        cap *= 2;
    }
    char *p = realloc(b->data, cap);
    if (p == NULL)
        return false;
    b->data = p;
    b->cap = cap;
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
    free(w->list.data);
    free(w->cell.data);
    free(w->conv.data);
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

/* Names the record and column a conversion failed in, at the place the
 * record was read from. */
static bc_status unconvertible(const csv_writer *w, const bc_record *rec,
                               const csv_column *col, const char *s, size_t len,
                               size_t at, bc_error *err)
{
    char no[32] = "without NO";
    if (rec != NULL && rec->no != BC_AMOUNT_NULL)
        snprintf(no, sizeof no, "NO %" PRId64, rec->no);
    size_t size = 1;
    int32_t cp = bc_utf8_decode(s + at, len - at, &size);
    const char *file = rec != NULL ? rec->source.file : NULL;
    long line = rec != NULL ? rec->source.line : 0;
    const char *column = csv_column_name(col, w->english);
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
static bc_status convert(csv_writer *w, const bc_record *rec, const csv_column *col,
                         const char *s, size_t len, bc_error *err)
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
static bc_status put_text(csv_writer *w, const bc_record *rec, const csv_column *col,
                          const char *s, size_t len, bc_error *err)
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
    return csv_fwrite(w->fp, s, len) == 0 ? BC_OK : write_error(w, err);
}

static bc_status put_string(csv_writer *w, const bc_record *rec, const csv_column *col,
                            const char *s, bc_error *err)
{
    return put_text(w, rec, col, s, s != NULL ? strlen(s) : 0, err);
}

static bc_status put_amount(csv_writer *w, int64_t v, bc_error *err)
{
    if (v == BC_AMOUNT_NULL)
        return BC_OK;
    return fprintf(w->fp, "%" PRId64, v) < 0 ? write_error(w, err) : BC_OK;
}

static bc_status put_list(csv_writer *w, const bc_record *rec, const csv_column *col,
                          const bc_string_list *l, bc_error *err)
{
    if (l->count == 0)
        return BC_OK;
    w->list.len = 0;
    for (size_t i = 0; i < l->count; i++) {
        const char *item = l->items[i] != NULL ? l->items[i] : "";
        if ((i > 0 && !append(&w->list, "\n", 1)) || !append(&w->list, item, strlen(item)))
            return nomem(err);
    }
    return put_text(w, rec, col, w->list.data, w->list.len, err);
}

static int64_t pick(csv_amount a, int64_t requested, int64_t budgeted, int64_t specific)
{
    return a == CSV_REQUESTED ? requested : a == CSV_BUDGETED ? budgeted : specific;
}

/* The vocabulary cells: the people's tables speak the header's language,
 * full keeps the canonical keys so that it reads back the same way. */
static const char *item_kind(const csv_writer *w, const bc_line_item *it)
{
    bool subtotal = it->kind == BC_ITEM_SUBTOTAL;
    if (w->table != CSV_TABLE_FULL && !w->english)
        return subtotal ? "小計" : "明細";
    return subtotal ? "subtotal" : "item";
}

static const char *fund_source(const csv_writer *w, const bc_funding *f)
{
    if (w->table != CSV_TABLE_FULL && !w->english)
        return f->label != NULL ? f->label : bc_fund_source_label(f->source);
    return bc_fund_source_key(f->source);
}

static bc_status put_cell(csv_writer *w, const csv_column *col, const row_source *r,
                          bc_error *err)
{
    const bc_record *rec = r->rec;
    const bc_line_item *it = r->item;
    const bc_funding *f = r->fund;
    bool present = false;
    int64_t sum;
    switch (col->kind) {
    case COL_ROW:
        return put_string(w, rec, col, csv_row_kind_name(r->kind), err);
    case COL_SEQ:
        return put_amount(w, r->seq, err);
    case COL_NO:
        return put_amount(w, rec->no, err);
    case COL_FISCAL_YEAR:
        return put_amount(w, rec->fiscal_year, err);
    case COL_TEXT:
        return put_string(w, rec, col, rec->text[col->arg], err);
    case COL_LIST:
        return put_list(w, rec, col, &rec->list[col->arg], err);
    case COL_TOTAL:
        return put_amount(w, pick((csv_amount)col->arg, rec->total.requested,
                                  rec->total.budgeted, rec->total.budgeted_specific), err);
    case COL_FUND_SUM:
        sum = bc_record_funding_amount(rec, (bc_fund_source)col->arg, &present);
        return put_amount(w, present ? sum : BC_AMOUNT_NULL, err);
    case COL_ITEM_KIND:
        return it != NULL ? put_string(w, rec, col, item_kind(w, it), err) : BC_OK;
    case COL_ITEM_GROUP:
        return it != NULL ? put_string(w, rec, col, it->group, err) : BC_OK;
    case COL_ITEM_LABEL:
        return it != NULL ? put_string(w, rec, col, it->label, err) : BC_OK;
    case COL_ITEM_AMOUNT:
        return it != NULL ? put_amount(w, pick((csv_amount)col->arg, it->requested,
                                               it->budgeted, it->budgeted_specific), err)
                          : BC_OK;
    case COL_FUND_SOURCE:
        return f != NULL ? put_string(w, rec, col, fund_source(w, f), err) : BC_OK;
    case COL_FUND_LABEL:
        return f != NULL ? put_string(w, rec, col, f->label, err) : BC_OK;
    case COL_FUND_DETAIL:
        return f != NULL ? put_string(w, rec, col, f->detail, err) : BC_OK;
    case COL_FUND_AMOUNT:
        return f != NULL ? put_amount(w, f->amount, err) : BC_OK;
    }
    return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0, "csv: unknown column kind %d",
                        (int)col->kind);
}

/* Writes one row: the header when `r` is NULL. */
static bc_status put_row(csv_writer *w, const row_source *r, bc_error *err)
{
    size_t count;
    const csv_column *cols = csv_table_columns(w->table, &count);
    for (size_t i = 0; i < count; i++) {
        if (i > 0 && fputc(',', w->fp) == EOF)
            return write_error(w, err);
        bc_status st = r != NULL ? put_cell(w, &cols[i], r, err)
                                 : put_string(w, NULL, &cols[i],
                                              csv_column_name(&cols[i], w->english), err);
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
    row_source r = {rec, CSV_ROW_RECORD, 1, NULL, NULL};
    bc_status st = BC_OK;
    switch (w->table) {
    case CSV_TABLE_PROJECTS:
        return put_row(w, &r, err);
    case CSV_TABLE_ITEMS:
        for (size_t i = 0; st == BC_OK && i < rec->line_item_count; i++) {
            r.item = &rec->line_items[i];
            st = put_row(w, &r, err);
        }
        return st;
    case CSV_TABLE_FUNDING:
        for (size_t i = 0; st == BC_OK && i < rec->funding_count; i++) {
            r.fund = &rec->funding[i];
            st = put_row(w, &r, err);
        }
        return st;
    case CSV_TABLE_FULL:
        if (rec->line_item_count == 0 && rec->funding_count == 0)
            return put_row(w, &r, err);
        r.kind = CSV_ROW_LINE_ITEM;
        for (size_t i = 0; st == BC_OK && i < rec->line_item_count; i++, r.seq++) {
            r.item = &rec->line_items[i];
            st = put_row(w, &r, err);
        }
        r.kind = CSV_ROW_FUNDING;
        r.item = NULL;
        for (size_t i = 0; st == BC_OK && i < rec->funding_count; i++, r.seq++) {
            r.fund = &rec->funding[i];
            st = put_row(w, &r, err);
        }
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

const bc_exporter bc_csv_exporter = {
    .struct_size = sizeof(bc_exporter),
    .flags = 0,
    .begin = csv_begin,
    .write = csv_write_record,
    .end = csv_end,
    .abort = csv_abort,
};
