/*
 * json importer: reads records back from what the json exporter writes, one
 * record at a time whatever the form: NDJSON (a record per line), a document
 * {"schema": "budgetconv/record/1", "records": [...]}, or a bare array of
 * records.  json_stream.c cuts the input into records (lines, or values found
 * by their brackets); jansson parses each alone, so memory holds one record
 * (at most BC_JSON_MAX_RECORD bytes of text) and a document has no size
 * limit.  A record that does not parse or does not fit the record model is
 * BC_BAD_RECORD: the run names it and goes on to the next.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "json_plugin.h"

typedef enum json_form {
    FORM_NDJSON,   /* records one after another */
    FORM_ARRAY,    /* [record, ...] */
    FORM_DOCUMENT  /* {"schema": ..., "records": [record, ...]} */
} json_form;

typedef enum json_where {
    AT_START,     /* before the opening bracket of a document or array */
    IN_DOCUMENT,  /* between the members of the document object */
    IN_RECORDS,   /* between records */
    AT_END,       /* after the document or array: only white space may follow */
    DONE
} json_where;

typedef struct json_reader {
    json_stream s;
    bc_context *ctx;
    const char *name;
    json_form form;
    json_where where;
    bool first;          /* no member or record read yet at this level */
    bool seen_schema, seen_records;
    long document_line;  /* where the document object opens */
} json_reader;

static bc_status syntax(json_reader *r, long line, const char *what, bc_error *err)
{
    return bc_error_set(err, BC_ERR_DATA, r->name, line, "invalid JSON: %s", what);
}

/* Consumes `want` as the next token, or fails with `what`. */
static bc_status expect(json_reader *r, int want, const char *what, bc_error *err)
{
    int c;
    bc_status st = js_peek(&r->s, &c, err);
    if (st != BC_OK)
        return st;
    if (c != want)
        return syntax(r, r->s.line, what, err);
    js_take(&r->s);
    return BC_OK;
}

/* Parses the value js_value() just read as JSON text of any type. */
static bc_status load_value(json_reader *r, json_t **out, bc_error *err)
{
    json_error_t je;
    *out = json_loadb(r->s.value, r->s.value_len, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, &je);
    if (*out == NULL)
        return syntax(r, r->s.value_line + (je.line > 0 ? je.line - 1 : 0), je.text, err);
    return BC_OK;
}

/* "budgetconv/record/1", or a later minor version "budgetconv/record/1.n". */
static bc_status check_schema(json_reader *r, json_t *v, long line, bc_error *err)
{
    static const char ours[] = BC_JSON_SCHEMA;
    const char *s = json_string_value(v);
    size_t n = sizeof ours - 1;
    if (s != NULL && strncmp(s, ours, n) == 0 && (s[n] == '\0' || s[n] == '.'))
        return BC_OK;
    return bc_error_set(err, BC_ERR_DATA, r->name, line,
                        "schema %s%.60s%s is not one this budgetconv reads (%s)",
                        s != NULL ? "'" : "", s != NULL ? s : "(not text)", s != NULL ? "'" : "",
                        ours);
}

/* Reads the next member of the document: "schema" is checked, "records"
 * opens the records, anything else is skipped with a warning. */
static bc_status read_member(json_reader *r, bc_error *err)
{
    int c;
    bc_status st = js_peek(&r->s, &c, err);
    if (st == BC_OK && c == '"')
        st = js_value(&r->s, BC_JSON_MAX_RECORD, err);
    else if (st == BC_OK)
        return syntax(r, r->s.line, "a member name (\"schema\" or \"records\") expected", err);
    long line = r->s.value_line;
    json_t *key = NULL;
    if (st == BC_OK)
        st = load_value(r, &key, err);
    if (st == BC_OK)
        st = expect(r, ':', "':' expected after a member name", err);
    const char *k = json_string_value(key);
    bool *seen = k == NULL ? NULL : strcmp(k, "schema") == 0 ? &r->seen_schema
                                  : strcmp(k, "records") == 0 ? &r->seen_records : NULL;
    if (st == BC_OK && seen != NULL && *seen)
        st = bc_error_set(err, BC_ERR_DATA, r->name, line, "duplicate member '%s'", k);
    if (st == BC_OK && seen == &r->seen_records) {
        r->seen_records = true;
        st = expect(r, '[', "\"records\" must be a list: '[' expected", err);
        r->where = IN_RECORDS;
        r->first = true;
    } else if (st == BC_OK) {
        json_t *v = NULL;
        st = js_value(&r->s, BC_JSON_MAX_RECORD, err);
        if (st == BC_OK)
            st = load_value(r, &v, err);
        if (st == BC_OK && seen == &r->seen_schema) {
            r->seen_schema = true;
            st = check_schema(r, v, r->s.value_line, err);
        } else if (st == BC_OK) {
            bc_context_warn(r->ctx, r->name, line, "unknown member '%.60s' of the document ignored",
                            k);
        }
        json_decref(v);
    }
    json_decref(key);
    return st;
}

/* Parses the record js_value() just read into `rec`. */
static bc_status read_record(json_reader *r, bc_record *rec, bc_error *err)
{
    json_stream *s = &r->s;
    json_error_t je;
    json_t *o = json_loadb(s->value, s->value_len, JSON_REJECT_DUPLICATES, &je);
    if (o == NULL) {
        long line = s->value_line + (je.line > 0 ? je.line - 1 : 0);
        int64_t no = json_raw_no(s->value, s->value_len);
        char where[40] = "";
        if (no != BC_AMOUNT_NULL)
            snprintf(where, sizeof where, "NO %" PRId64 ": ", no);
        bc_error_set(err, BC_ERR_DATA, r->name, line, "%sinvalid JSON: %s", where, je.text);
        /* only a record whose end was found leaves the input readable */
        return s->value_complete ? BC_BAD_RECORD : BC_ERR_DATA;
    }
    json_place at = {r->name, s->value_line, s->value, s->value_len, r->ctx};
    bc_status st = json_to_record(&at, o, rec, err);
    json_decref(o);
    return st == BC_ERR_DATA ? BC_BAD_RECORD : st;
}

/* Moves past the end of the document: white space only, then checks what
 * the document must have had. */
static bc_status finish(json_reader *r, bc_error *err)
{
    int c;
    bc_status st = js_peek(&r->s, &c, err);
    if (st != BC_OK)
        return st;
    if (c != -1)
        return syntax(r, r->s.line, "text after the end of the document", err);
    r->where = DONE;
    if (r->form == FORM_DOCUMENT && !r->seen_schema)
        return bc_error_set(err, BC_ERR_DATA, r->name, r->document_line,
                            "no \"schema\" member: a budgetconv document is "
                            "{\"schema\": \"%s\", \"records\": [...]}", BC_JSON_SCHEMA);
    if (r->form == FORM_DOCUMENT && !r->seen_records)
        return bc_error_set(err, BC_ERR_DATA, r->name, r->document_line,
                            "no \"records\" member in the document");
    return BC_END;
}

/* One step through the document's structure; BC_OK when a record was read
 * into s->value, or a status to return. */
static bc_status advance(json_reader *r, bool *have_record, bc_error *err)
{
    int c;
    bc_status st = js_peek(&r->s, &c, err);
    if (st != BC_OK)
        return st;
    *have_record = false;
    switch (r->where) {
    case AT_START:
        r->document_line = r->s.line;
        js_take(&r->s);
        r->where = r->form == FORM_ARRAY ? IN_RECORDS : IN_DOCUMENT;
        r->first = true;
        return BC_OK;
    case IN_DOCUMENT:
        if (c == '}') {
            js_take(&r->s);
            r->where = AT_END;
            return BC_OK;
        }
        if (!r->first && c != ',')
            return syntax(r, r->s.line, c == -1 ? "the input ends inside the document"
                                                : "',' or '}' expected in the document", err);
        if (!r->first)
            js_take(&r->s);
        r->first = false;
        return read_member(r, err);
    case IN_RECORDS:
        if (r->form == FORM_NDJSON && c == -1) {
            r->where = DONE;
            return BC_END;
        }
        if (r->form != FORM_NDJSON && c == ']') {
            js_take(&r->s);
            r->where = r->form == FORM_ARRAY ? AT_END : IN_DOCUMENT;
            r->first = false;
            return BC_OK;
        }
        if (r->form != FORM_NDJSON && !r->first) {
            if (c != ',')
                return syntax(r, r->s.line, c == -1 ? "the input ends inside the records"
                                                    : "',' or ']' expected between records", err);
            js_take(&r->s);
            if ((st = js_peek(&r->s, &c, err)) != BC_OK)
                return st;
            if (c == ']' || c == -1)
                return syntax(r, r->s.line, "a record expected after ','", err);
        }
        r->first = false;
        st = r->form == FORM_NDJSON ? js_line(&r->s, BC_JSON_MAX_RECORD, err)
                                    : js_value(&r->s, BC_JSON_MAX_RECORD, err);
        if (st != BC_OK)
            return st;
        *have_record = true;
        return BC_OK;
    case AT_END:
        return finish(r, err);
    case DONE:
        break;
    }
    return BC_END;
}

static bc_status json_next(void *state, bc_record *rec, bc_error *err)
{
    json_reader *r = state;
    for (;;) {
        bool have_record;
        bc_status st = advance(r, &have_record, err);
        if (st != BC_OK)
            return st;
        if (have_record)
            return read_record(r, rec, err);
    }
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


static bc_status json_open(void **state, bc_input *in, bc_context *ctx, bc_error *err)
{
    json_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    js_init(&r->s, in);
    r->ctx = ctx;
    r->name = bc_input_name(in);
    /* Decided from the first bytes after any white space, however much of
     * it there is, not from the first line: a minified document is one
     * line, longer than any line bc_input_getline() takes. */
    const unsigned char *head;
    size_t len;
    bc_status st = js_head(&r->s, BC_PROBE_SIZE, &head, &len, err);
    r->form = !is_document(head, len) ? FORM_NDJSON : head[0] == '[' ? FORM_ARRAY : FORM_DOCUMENT;
    r->where = r->form == FORM_NDJSON ? IN_RECORDS : AT_START;
    r->first = true;
    if (st == BC_OK && len == 0)
        st = bc_error_set(err, BC_ERR_DATA, r->name, 0, "empty input");
    if (st != BC_OK) {
        js_free(&r->s);
        free(r);
        return st;
    }
    *state = r;
    return BC_OK;
}

static void json_close(void *state)
{
    json_reader *r = state;
    js_free(&r->s);
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

const bc_importer bc_json_importer = BC_IMPORTER(
    .probe = json_probe,
    .open = json_open,
    .next = json_next,
    .close = json_close);
