/*
 * json exporter: writes the canonical JSON form of the records (DESIGN §5) with
 * jansson: {"schema": "budgetconv/record/1", "records": [...]}, or one record
 * per line with -O ndjson.  Records are streamed: the wrapper object is
 * written by hand around one jansson dump per record, so memory stays flat.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <budgetconv/budgetconv.h>

#include "json_plugin.h"

typedef struct json_state {
    FILE *fp;
    const char *name;
    bool ndjson;
    bool pretty;
    size_t count;
} json_state;

static json_t *amount(int64_t v)
{
    return v == BC_AMOUNT_NULL ? json_null() : json_integer((json_int_t)v);
}

static json_t *text(const char *s)
{
    return s != NULL ? json_string(s) : json_null();
}

/* Sets `key` of `obj` to `value`, nesting one level for "a.b" keys. */
static bool put(json_t *obj, const char *key, json_t *value)
{
    const char *dot = strchr(key, '.');
    if (value == NULL)
        return false;
    if (dot == NULL)
        return json_object_set_new(obj, key, value) == 0;
    char parent[64];
    snprintf(parent, sizeof parent, "%.*s", (int)(dot - key), key);
    json_t *inner = json_object_get(obj, parent);
    if (inner == NULL) {
        inner = json_object();
        if (inner == NULL || json_object_set_new(obj, parent, inner) != 0) {
            json_decref(value);
            return false;
        }
    }
    return json_object_set_new(inner, dot + 1, value) == 0;
}

static json_t *string_list(const bc_string_list *l)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < l->count; i++)
        if (json_array_append_new(a, json_string(l->items[i])) != 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *line_items(const bc_record *rec)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < rec->line_item_count; i++) {
        const bc_line_item *it = &rec->line_items[i];
        json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}",
                              "kind", it->kind == BC_ITEM_SUBTOTAL ? "subtotal" : "item",
                              "group", text(it->group), "label", text(it->label),
                              "requested", amount(it->requested),
                              "budgeted", amount(it->budgeted),
                              "budgeted_specific", amount(it->budgeted_specific));
        if (o == NULL || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *funding(const bc_record *rec)
{
    json_t *a = json_array();
    for (size_t i = 0; a != NULL && i < rec->funding_count; i++) {
        const bc_funding *f = &rec->funding[i];
        json_t *o = json_pack("{s:s, s:o, s:o, s:o}",
                              "source", bc_fund_source_key(f->source),
                              "label", text(f->label), "detail", text(f->detail),
                              "amount", amount(f->amount));
        if (o == NULL || json_array_append_new(a, o) != 0) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

/* The canonical object, keys in DESIGN §2 order; NULL when out of memory. */
static json_t *record_object(const bc_record *rec)
{
    json_t *o = json_object();
    bool ok = o != NULL && put(o, "no", amount(rec->no)) &&
              put(o, "fiscal_year", amount(rec->fiscal_year));
    for (int f = 0; ok && f < BC_TEXT_FIELD_COUNT; f++) {
        if (f == BC_F_EVALUATION || f == BC_F_DEBT_BURDEN)
            continue; /* placed after the narrative boxes, below */
        ok = put(o, bc_text_field_info(f)->key, text(rec->text[f]));
        if (ok && f == BC_F_PEER_TRENDS)
            for (int l = 0; ok && l < BC_LIST_FIELD_COUNT; l++)
                ok = put(o, bc_list_field_info(l)->key, string_list(&rec->list[l]));
    }
    ok = ok && put(o, "evaluation", text(rec->text[BC_F_EVALUATION])) &&
         put(o, "line_items", line_items(rec)) &&
         put(o, "total", json_pack("{s:o, s:o, s:o}", "requested", amount(rec->total.requested),
                                   "budgeted", amount(rec->total.budgeted),
                                   "budgeted_specific", amount(rec->total.budgeted_specific))) &&
         put(o, "funding", funding(rec)) &&
         put(o, "debt_burden", text(rec->text[BC_F_DEBT_BURDEN])) &&
         put(o, "source", json_pack("{s:o, s:o}", "file", text(rec->source.file),
                                    "line", rec->source.line > 0 ? json_integer(rec->source.line)
                                                                 : json_null()));
    if (!ok) {
        json_decref(o);
        return NULL;
    }
    return o;
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
    s->ndjson = bc_context_flag(ctx, "ndjson");
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
    json_t *o = record_object(rec);
    if (o == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    size_t flags = JSON_PRESERVE_ORDER |
                   (s->pretty ? JSON_INDENT(2) : JSON_COMPACT);
    char *dump = json_dumps(o, flags);
    json_decref(o);
    if (dump == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    int n;
    if (s->ndjson)
        n = fprintf(s->fp, "%s\n", dump);
    else
        n = fprintf(s->fp, "%s\n%s", s->count ? "," : "", dump);
    free(dump);
    s->count++;
    return n < 0 ? write_error(s, err) : BC_OK;
}

static bc_status json_end(void *state, bc_error *err)
{
    json_state *s = state;
    bc_status st = BC_OK;
    if (!s->ndjson && fprintf(s->fp, "%s]}\n", s->count ? "\n" : "") < 0)
        st = write_error(s, err);
    free(s);
    return st;
}

static void json_abort(void *state)
{
    free(state);
}

const bc_exporter bc_json_exporter = BC_EXPORTER(
    .flags = 0,
    .begin = json_begin,
    .write = json_write,
    .end = json_end,
    .abort = json_abort);
