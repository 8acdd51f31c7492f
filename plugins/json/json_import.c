/*
 * json importer: reads records back from what the json exporter writes.
 * NDJSON (one record per line) streams; a whole document ({"records": [...]}
 * or a bare array) is parsed at once because jansson has no incremental
 * parser — the one place where memory grows with the input (capped below).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include <budgetconv/budgetconv.h>

#include "json_plugin.h"

/* Largest whole document accepted; NDJSON has no limit but its lines'.
 * jansson needs several times the text's size in memory, so this keeps a
 * document's peak near a gigabyte. */
#define MAX_DOCUMENT ((size_t)128 * 1024 * 1024)

typedef struct json_reader {
    bc_input *in;
    json_t *pending;   /* NDJSON: the first record, parsed by open() */
    json_t *records;   /* document mode: the records array */
    size_t index;
    bool ndjson;
    long line;         /* NDJSON: line of the record being read */
} json_reader;

static bc_status bad(json_reader *r, bc_error *err, const char *what, const char *detail)
{
    char where[64] = "";
    if (!r->ndjson)
        snprintf(where, sizeof where, "records[%zu]: ", r->index);
    return bc_error_set(err, BC_ERR_DATA, bc_input_name(r->in), r->ndjson ? r->line : 0,
                        "%s%s%s", where, what, detail);
}

/* Reads an amount: an integer or null. */
static bool get_amount(json_t *v, int64_t *out)
{
    if (v == NULL || json_is_null(v)) {
        *out = BC_AMOUNT_NULL;
        return true;
    }
    if (!json_is_integer(v) || json_integer_value(v) == BC_AMOUNT_NULL)
        return false;
    *out = json_integer_value(v);
    return true;
}

/* A string or null; `*ok` turns false for anything else. */
static const char *get_text(json_t *v, bool *ok)
{
    if (v == NULL || json_is_null(v))
        return NULL;
    if (!json_is_string(v)) {
        *ok = false;
        return NULL;
    }
    return json_string_value(v);
}

/* Looks up "a" or "a.b" in `obj`. */
static json_t *get_path(json_t *obj, const char *key)
{
    const char *dot = strchr(key, '.');
    if (dot == NULL)
        return json_object_get(obj, key);
    char parent[64];
    snprintf(parent, sizeof parent, "%.*s", (int)(dot - key), key);
    json_t *inner = json_object_get(obj, parent);
    return json_is_object(inner) ? json_object_get(inner, dot + 1) : NULL;
}

static bc_status fill_lists(json_reader *r, json_t *o, bc_record *rec, bc_error *err)
{
    for (int l = 0; l < BC_LIST_FIELD_COUNT; l++) {
        const char *key = bc_list_field_info(l)->key;
        json_t *a = json_object_get(o, key), *v;
        size_t i;
        if (a == NULL || json_is_null(a))
            continue;
        if (!json_is_array(a))
            return bad(r, err, "not a list: ", key);
        json_array_foreach(a, i, v) {
            if (!json_is_string(v))
                return bad(r, err, "list item is not text in ", key);
            if (bc_record_list_append(rec, l, json_string_value(v)) != BC_OK)
                return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
        }
    }
    return BC_OK;
}

static bc_status fill_items(json_reader *r, json_t *o, bc_record *rec, bc_error *err)
{
    json_t *a = json_object_get(o, "line_items"), *v;
    size_t i;
    if (a == NULL || json_is_null(a))
        return BC_OK;
    if (!json_is_array(a))
        return bad(r, err, "not a list: ", "line_items");
    json_array_foreach(a, i, v) {
        bool ok = json_is_object(v);
        const char *kind = ok ? get_text(json_object_get(v, "kind"), &ok) : NULL;
        const char *group = ok ? get_text(json_object_get(v, "group"), &ok) : NULL;
        const char *label = ok ? get_text(json_object_get(v, "label"), &ok) : NULL;
        int64_t req = 0, bud = 0, spec = 0;
        ok = ok && kind != NULL && (strcmp(kind, "item") == 0 || strcmp(kind, "subtotal") == 0) &&
             get_amount(json_object_get(v, "requested"), &req) &&
             get_amount(json_object_get(v, "budgeted"), &bud) &&
             get_amount(json_object_get(v, "budgeted_specific"), &spec);
        if (!ok)
            return bad(r, err, "malformed entry in ", "line_items");
        if (bc_record_add_line_item(rec, strcmp(kind, "subtotal") == 0 ? BC_ITEM_SUBTOTAL : BC_ITEM_ITEM,
                                    group, label, req, bud, spec) != BC_OK)
            return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    return BC_OK;
}

static bc_status fill_funding(json_reader *r, json_t *o, bc_record *rec, bc_error *err)
{
    json_t *a = json_object_get(o, "funding"), *v;
    size_t i;
    if (a == NULL || json_is_null(a))
        return BC_OK;
    if (!json_is_array(a))
        return bad(r, err, "not a list: ", "funding");
    json_array_foreach(a, i, v) {
        bool ok = json_is_object(v);
        const char *source = ok ? get_text(json_object_get(v, "source"), &ok) : NULL;
        const char *label = ok ? get_text(json_object_get(v, "label"), &ok) : NULL;
        const char *detail = ok ? get_text(json_object_get(v, "detail"), &ok) : NULL;
        bc_fund_source s = BC_FUND_GENERAL;
        int64_t amount = 0;
        ok = ok && bc_fund_source_from_key(source, &s) &&
             get_amount(json_object_get(v, "amount"), &amount);
        if (!ok)
            return bad(r, err, "malformed entry in ", "funding");
        if (bc_record_add_funding(rec, s, label, detail, amount) != BC_OK)
            return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    return BC_OK;
}

/* Keeps the source a record already carries (where its page was read), so a
 * round trip through JSON loses nothing; otherwise points at this input. */
static bc_status set_source(json_reader *r, json_t *src, bc_record *rec, bc_error *err)
{
    bool ok = true;
    const char *file = get_text(json_object_get(src, "file"), &ok);
    json_t *line = json_object_get(src, "line");
    if (!ok || (line != NULL && !json_is_null(line) && !json_is_integer(line)))
        return bad(r, err, "malformed ", "source");
    bc_status st = file != NULL
        ? bc_record_set_source(rec, file, json_is_integer(line) ? (long)json_integer_value(line) : 0)
        : bc_record_set_source(rec, bc_input_name(r->in), r->ndjson ? r->line : 0);
    return st == BC_OK ? BC_OK : bc_error_set(err, st, NULL, 0, "out of memory");
}

static bc_status to_record(json_reader *r, json_t *o, bc_record *rec, bc_error *err)
{
    if (!json_is_object(o))
        return bad(r, err, "a record must be an object", "");
    json_t *total = json_object_get(o, "total");
    if (!get_amount(json_object_get(o, "no"), &rec->no) ||
        !get_amount(json_object_get(o, "fiscal_year"), &rec->fiscal_year) ||
        (total != NULL && !json_is_null(total) && !json_is_object(total)) ||
        !get_amount(json_object_get(total, "requested"), &rec->total.requested) ||
        !get_amount(json_object_get(total, "budgeted"), &rec->total.budgeted) ||
        !get_amount(json_object_get(total, "budgeted_specific"), &rec->total.budgeted_specific))
        return bad(r, err, "a number is not a whole number: ", "no, fiscal_year or total");
    for (int f = 0; f < BC_TEXT_FIELD_COUNT; f++) {
        const char *key = bc_text_field_info(f)->key;
        bool ok = true;
        const char *s = get_text(get_path(o, key), &ok);
        if (!ok)
            return bad(r, err, "not text: ", key);
        if (bc_record_set_text(rec, f, s) != BC_OK)
            return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    bc_status st = fill_lists(r, o, rec, err);
    if (st == BC_OK)
        st = fill_items(r, o, rec, err);
    if (st == BC_OK)
        st = fill_funding(r, o, rec, err);
    if (st == BC_OK)
        st = set_source(r, json_object_get(o, "source"), rec, err);
    return st;
}

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (strchr(" \t\r", s[i]) == NULL)
            return false;
    return true;
}

/* Skips a UTF-8 BOM at the start of the input's first line. */
static const char *skip_bom(const char *s, size_t *len)
{
    if (*len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        return *len -= 3, s + 3;
    return s;
}

static bc_status parse_error(json_reader *r, const json_error_t *je, long line_offset,
                             bc_error *err)
{
    return bc_error_set(err, BC_ERR_DATA, bc_input_name(r->in), line_offset + je->line,
                        "invalid JSON: %s", je->text);
}

/* Reads the rest of the input after `first` into one buffer and parses it. */
static bc_status load_document(json_reader *r, bc_error *err)
{
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    bc_status st;
    for (;;) {
        if (cap - len < 65536) {
            if (len > MAX_DOCUMENT) {
                free(buf);
                return bad(r, err, "document larger than 128 MiB; use NDJSON (-O ndjson) "
                                   "for big books", "");
            }
            char *p = realloc(buf, cap * 2);
            if (p == NULL) {
                free(buf);
                return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
            }
            buf = p, cap *= 2;
        }
        size_t got = 0;
        st = bc_input_read(r->in, buf + len, cap - len, &got, err);
        if (st != BC_OK || got == 0)
            break;
        len += got;
    }
    size_t bom = len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    json_error_t je;
    json_t *doc = st == BC_OK ? json_loadb(buf + bom, len - bom, 0, &je) : NULL;
    free(buf);
    if (st != BC_OK)
        return st;
    if (doc == NULL)
        return parse_error(r, &je, 0, err);
    json_t *records = json_is_array(doc) ? doc : json_object_get(doc, "records");
    if (!json_is_array(records)) {
        json_decref(doc);
        return bad(r, err, "expected {\"records\": [...]}, an array of records, or NDJSON", "");
    }
    r->records = json_incref(records);
    json_decref(doc);
    return BC_OK;
}

/* True when `head[i..len)` starts with `s` after white space. */
static bool starts_with(const unsigned char *head, size_t len, size_t i, const char *s)
{
    while (i < len && strchr(" \t\r\n", head[i]) != NULL && head[i] != '\0')
        i++;
    size_t n = strlen(s);
    return len - i >= n && memcmp(head + i, s, n) == 0;
}

/* Offset of the first value in `head`, past a BOM and white space. */
static size_t value_start(const unsigned char *head, size_t len)
{
    size_t i = len >= 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && strchr(" \t\r\n", head[i]) != NULL && head[i] != '\0')
        i++;
    return i;
}

/* A whole document is an array, or an object that opens with "records" or
 * "schema" (as ours does); anything else is read as NDJSON. */
static bool is_document(const unsigned char *head, size_t len)
{
    size_t i = value_start(head, len);
    return i < len && (head[i] == '[' ||
                       (head[i] == '{' && (starts_with(head, len, i + 1, "\"records\"") ||
                                           starts_with(head, len, i + 1, "\"schema\""))));
}

/* Reads the next non-blank NDJSON line into `*out`; BC_END at the end. */
static bc_status read_ndjson(json_reader *r, json_t **out, bc_error *err)
{
    for (;;) {
        const char *line;
        size_t len;
        bc_status st = bc_input_getline(r->in, &line, &len, err);
        if (st != BC_OK)
            return st;
        if (bc_input_line(r->in) == 1)
            line = skip_bom(line, &len);
        if (blank(line, len))
            continue;
        r->line = bc_input_line(r->in);
        json_error_t je;
        if ((*out = json_loadb(line, len, 0, &je)) == NULL)
            return parse_error(r, &je, r->line - 1, err);
        return BC_OK;
    }
}

static bc_status json_open(void **state, bc_input *in, bc_context *ctx, bc_error *err)
{
    (void)ctx;
    json_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    r->in = in;
    const unsigned char *head;
    size_t len;
    bc_status st = bc_input_peek(in, &head, &len, err);
    /* Decided from the first bytes, not the first line: a minified document
     * is one line, longer than any line bc_input_getline() takes. */
    if (st == BC_OK && !is_document(head, len)) {
        r->ndjson = true;
        st = read_ndjson(r, &r->pending, err);
        if (st == BC_END)
            st = bc_error_set(err, BC_ERR_DATA, bc_input_name(in), 0, "empty input");
    } else if (st == BC_OK) {
        st = load_document(r, err);
    }
    if (st != BC_OK) {
        free(r);
        return st;
    }
    *state = r;
    return BC_OK;
}

static bc_status json_next(void *state, bc_record *rec, bc_error *err)
{
    json_reader *r = state;
    if (!r->ndjson) {
        if (r->index >= json_array_size(r->records))
            return BC_END;
        bc_status st = to_record(r, json_array_get(r->records, r->index), rec, err);
        r->index++;
        return st;
    }
    json_t *o = r->pending;
    r->pending = NULL;
    if (o == NULL) {
        bc_status st = read_ndjson(r, &o, err);
        if (st != BC_OK)
            return st;
    }
    bc_status st = to_record(r, o, rec, err);
    json_decref(o);
    return st;
}

static void json_close(void *state)
{
    json_reader *r = state;
    json_decref(r->pending);
    json_decref(r->records);
    free(r);
}

/* Sure of our own output: a document that names the schema, or an NDJSON
 * record, which opens with its "no" key.  Any other JSON is likely ours. */
static int json_probe(const unsigned char *head, size_t len)
{
    size_t i = value_start(head, len);
    if (i == len || (head[i] != '{' && head[i] != '['))
        return BC_PROBE_NO;
    static const char marker[] = "budgetconv/record/";
    for (size_t j = i; j + sizeof marker - 1 <= len; j++)
        if (memcmp(head + j, marker, sizeof marker - 1) == 0)
            return BC_PROBE_SURE;
    return starts_with(head, len, i + 1, "\"no\"") ? BC_PROBE_SURE : BC_PROBE_LIKELY;
}

const bc_importer bc_json_importer = {
    .struct_size = sizeof(bc_importer),
    .probe = json_probe,
    .open = json_open,
    .next = json_next,
    .close = json_close,
};
