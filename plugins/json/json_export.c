/*
 * json exporter: writes the canonical JSON form of the records (DESIGN §5):
 * {"schema": "budgetconv/record/1", "records": [...]}, or one record per
 * line with -O ndjson.  Records are streamed straight to the output
 * (json_writer.h, jansson's layout), so memory stays flat.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <budgetconv/budgetconv.h>

#include "json_plugin.h"
#include "json_writer.h"

typedef struct json_state {
    FILE *fp;
    const char *name;
    bc_context *ctx;
    char *warned_file; /* the last file name reported as not UTF-8 */
    bool ndjson;
    bool pretty;
    size_t count;
} json_state;

static void amount(json_writer *w, const char *key, int64_t v)
{
    jw_key(w, key);
    if (v == BC_AMOUNT_NULL)
        jw_null(w);
    else
        jw_integer(w, (long long)v);
}

static void text(json_writer *w, const char *key, const char *s)
{
    jw_key(w, key);
    jw_string(w, s);
}

static void string_list(json_writer *w, const char *key, const bc_string_list *l)
{
    jw_key(w, key);
    jw_open(w, '[');
    for (size_t i = 0; i < l->count; i++)
        jw_string(w, l->items[i]);
    jw_close(w, ']');
}

static void line_items(json_writer *w, const bc_record *rec)
{
    jw_key(w, "line_items");
    jw_open(w, '[');
    for (size_t i = 0; i < rec->line_item_count; i++) {
        const bc_line_item *it = &rec->line_items[i];
        jw_open(w, '{');
        text(w, "kind", it->kind == BC_ITEM_SUBTOTAL ? "subtotal" : "item");
        text(w, "group", it->group);
        text(w, "label", it->label);
        amount(w, "requested", it->requested);
        amount(w, "budgeted", it->budgeted);
        amount(w, "budgeted_specific", it->budgeted_specific);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

static void funding(json_writer *w, const bc_record *rec)
{
    jw_key(w, "funding");
    jw_open(w, '[');
    for (size_t i = 0; i < rec->funding_count; i++) {
        const bc_funding *f = &rec->funding[i];
        jw_open(w, '{');
        text(w, "source", bc_fund_source_key(f->source));
        text(w, "label", f->label);
        text(w, "detail", f->detail);
        amount(w, "amount", f->amount);
        jw_close(w, '}');
    }
    jw_close(w, ']');
}

/* The text fields that come after the narrative boxes. */
static bool placed_last(int f)
{
    return f == BC_F_EVALUATION || f == BC_F_DEBT_BURDEN;
}

/* The other text fields in the table's order, the lists after peer_trends.
 * A key "a.b" goes into an object "a", which holds every such field and
 * stands where the first of them does. */
static void text_fields(json_writer *w, const bc_record *rec)
{
    bool done[BC_TEXT_FIELD_COUNT] = {false};
    for (int f = 0; f < BC_TEXT_FIELD_COUNT; f++) {
        if (placed_last(f) || done[f])
            continue;
        const char *key = bc_text_field_info(f)->key, *dot = strchr(key, '.');
        if (dot == NULL) {
            text(w, key, rec->text[f]);
        } else {
            char parent[64];
            size_t len = (size_t)(dot - key);
            snprintf(parent, sizeof parent, "%.*s", (int)len, key);
            jw_key(w, parent);
            jw_open(w, '{');
            for (int g = f; g < BC_TEXT_FIELD_COUNT; g++) {
                const char *k = bc_text_field_info(g)->key;
                if (!placed_last(g) && strncmp(k, key, len + 1) == 0) {
                    text(w, k + len + 1, rec->text[g]);
                    done[g] = true;
                }
            }
            jw_close(w, '}');
        }
        if (f == BC_F_PEER_TRENDS)
            for (int l = 0; l < BC_LIST_FIELD_COUNT; l++)
                string_list(w, bc_list_field_info(l)->key, &rec->list[l]);
    }
}

/* The canonical object, keys in DESIGN §2 order; true when the source's
 * file name had to be written with U+FFFD for bytes that are not UTF-8. */
static bool record_object(json_writer *w, const bc_record *rec)
{
    jw_open(w, '{');
    amount(w, "no", rec->no);
    amount(w, "fiscal_year", rec->fiscal_year);
    text_fields(w, rec);
    text(w, "evaluation", rec->text[BC_F_EVALUATION]);
    line_items(w, rec);
    jw_key(w, "total");
    jw_open(w, '{');
    amount(w, "requested", rec->total.requested);
    amount(w, "budgeted", rec->total.budgeted);
    amount(w, "budgeted_specific", rec->total.budgeted_specific);
    jw_close(w, '}');
    funding(w, rec);
    text(w, "debt_burden", rec->text[BC_F_DEBT_BURDEN]);
    jw_key(w, "source");
    jw_open(w, '{');
    jw_key(w, "file");
    bool lossy_file = jw_string_lossy(w, rec->source.file);
    jw_key(w, "line");
    if (rec->source.line > 0)
        jw_integer(w, rec->source.line);
    else
        jw_null(w);
    jw_close(w, '}');
    jw_close(w, '}');
    return lossy_file;
}

/* A name from a Windows archive (CP932, say) is common and is no reason
 * to lose the book: it is written with U+FFFD, and said once per file. */
static void warn_lossy_file(json_state *s, const bc_record *rec)
{
    if (s->warned_file != NULL && strcmp(s->warned_file, rec->source.file) == 0)
        return;
    free(s->warned_file);
    s->warned_file = strdup(rec->source.file);
    bc_context_warn(s->ctx, rec->source.file, 0,
                    "json: the file name is not valid UTF-8; source.file holds it "
                    "with U+FFFD in place of each byte that is not");
}

static bc_status write_error(json_state *s, bc_error *err)
{
    return bc_error_set(err, BC_ERR_IO, s->name, 0, "write error: %s", strerror(errno));
}

static bc_status json_begin(void **state, const bc_output *out, bc_context *ctx, bc_error *err)
{
    json_state *s = calloc(1, sizeof *s);
    if (s == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    s->fp = out->fp;
    s->name = out->name;
    s->ctx = ctx;
    /* a file named .ndjson is read as NDJSON by everyone else (jq -c,
     * pandas lines=True): unless told otherwise, that is what it gets */
    const char *ext = out->name != NULL ? strrchr(out->name, '.') : NULL;
    s->ndjson = bc_context_option(ctx, "ndjson") != NULL
                    ? bc_context_flag(ctx, "ndjson")
                    : ext != NULL && strcmp(ext, ".ndjson") == 0;
    s->pretty = !s->ndjson && !bc_context_flag(ctx, "compact");
    if (!s->ndjson && fprintf(s->fp, "{\"schema\": \"" BC_JSON_SCHEMA "\", \"records\": [") < 0) {
        bc_status st = write_error(s, err);
        free(s);
        return st;
    }
    *state = s;
    return BC_OK;
}

static bc_status json_write(void *state, const bc_record *rec, bc_error *err)
{
    json_state *s = state;
    if (!s->ndjson)
        fputs(s->count ? ",\n" : "\n", s->fp);
    json_writer w;
    jw_start(&w, s->fp, s->pretty);
    bool lossy_file = record_object(&w, rec);
    jw_end(&w);
    if (s->ndjson)
        putc('\n', s->fp);
    s->count++;
    if (lossy_file)
        warn_lossy_file(s, rec);
    if (ferror(s->fp))
        return write_error(s, err);
    if (w.bad_text)
        return bc_error_set(err, BC_ERR_DATA, rec->source.file, rec->source.line,
                            "json: a text of the record is not valid UTF-8");
    return BC_OK;
}

static void json_abort(void *state)
{
    json_state *s = state;
    free(s->warned_file);
    free(s);
}

static bc_status json_end(void *state, bc_error *err)
{
    json_state *s = state;
    bc_status st = BC_OK;
    if (!s->ndjson && fprintf(s->fp, "%s]}\n", s->count ? "\n" : "") < 0)
        st = write_error(s, err);
    json_abort(s);
    return st;
}

const bc_exporter bc_json_exporter = BC_EXPORTER(
    .flags = 0,
    .begin = json_begin,
    .write = json_write,
    .end = json_end,
    .abort = json_abort);
