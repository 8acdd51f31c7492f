/*
 * A parsed JSON record to a bc_record (json_plugin.h), with messages that
 * name the line, the record's NO and the field: jansson keeps no positions
 * for parsed values, so the line of a field is found again in the record's
 * text (json_field_line), which is short.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "json_plugin.h"

/* ------------------------------------------------------------------------ */
/* Finding a field in the record's text.  The text may be invalid JSON (the
 * NO of a record that did not parse is read here too): every step checks
 * its bounds and gives up rather than guess. */

static size_t skip_ws(const char *s, size_t n, size_t i)
{
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
        i++;
    return i;
}

static size_t skip_value(const char *s, size_t n, size_t i)
{
    bool in_string = false;
    long depth = 0;
    if (i < n && s[i] != '"' && s[i] != '{' && s[i] != '[') {
        while (i < n && strchr(" \t\r\n,]}:", s[i]) == NULL)
            i++;
        return i;
    }
    for (; i < n; i++) {
        if (in_string) {
            if (s[i] == '\\')
                i++;
            else if (s[i] == '"')
                in_string = false;
        } else if (s[i] == '"') {
            in_string = true;
        } else if (s[i] == '{' || s[i] == '[') {
            depth++;
        } else if (s[i] == '}' || s[i] == ']') {
            depth--;
        }
        if (!in_string && depth == 0)
            return i + 1;
    }
    return n;
}

/* Offset of the value of member `key` of the object at `i`, or SIZE_MAX. */
static size_t member(const char *s, size_t n, size_t i, const char *key)
{
    size_t klen = strlen(key);
    if (i >= n || s[i] != '{')
        return SIZE_MAX;
    for (i++;;) {
        i = skip_ws(s, n, i);
        if (i >= n || s[i] != '"')
            return SIZE_MAX;
        size_t k = i;
        i = skip_value(s, n, i);
        bool match = i - k == klen + 2 && memcmp(s + k + 1, key, klen) == 0;
        i = skip_ws(s, n, i);
        if (i >= n || s[i] != ':')
            return SIZE_MAX;
        i = skip_ws(s, n, i + 1);
        if (match)
            return i;
        i = skip_ws(s, n, skip_value(s, n, i));
        if (i >= n || s[i] != ',')
            return SIZE_MAX;
        i++;
    }
}

/* Offset of element `index` of the array at `i`, or SIZE_MAX. */
static size_t element(const char *s, size_t n, size_t i, size_t index)
{
    if (i >= n || s[i] != '[')
        return SIZE_MAX;
    i = skip_ws(s, n, i + 1);
    for (size_t k = 0; k < index; k++) {
        i = skip_ws(s, n, skip_value(s, n, i));
        if (i >= n || s[i] != ',')
            return SIZE_MAX;
        i = skip_ws(s, n, i + 1);
    }
    return i < n && s[i] != ']' ? i : SIZE_MAX;
}

static long line_at(const json_place *at, size_t off)
{
    long line = at->line;
    for (size_t i = 0; i < off && i < at->len; i++)
        line += at->text[i] == '\n';
    return line;
}

long json_field_line(const json_place *at, const char *key, size_t index, const char *sub)
{
    const char *s = at->text;
    size_t n = at->len, found = skip_ws(s, n, 0), next;
    if ((next = member(s, n, found, key)) == SIZE_MAX)
        return line_at(at, found);
    found = next;
    if (index != SIZE_MAX) {
        if ((next = element(s, n, found, index)) == SIZE_MAX)
            return line_at(at, found);
        found = next;
    }
    if (sub != NULL && (next = member(s, n, found, sub)) != SIZE_MAX)
        found = next;
    return line_at(at, found);
}

int64_t json_raw_no(const char *text, size_t len)
{
    size_t i = member(text, len, skip_ws(text, len, 0), "no");
    if (i == SIZE_MAX)
        return BC_AMOUNT_NULL;
    size_t end = skip_value(text, len, i);
    int64_t no;
    if (end - i > 20 || !bc_amount_parse(text + i, end - i, &no))
        return BC_AMOUNT_NULL;
    return no;
}

/* ------------------------------------------------------------------------ */
/* The conversion */

typedef struct conv {
    const json_place *at;
    int64_t no; /* BC_AMOUNT_NULL until known */
    bc_error *err;
    size_t unknown; /* unknown keys met in the record so far */
} conv;

/* Unknown keys warned about one by one in a record; the rest are counted.
 * Finding a key's line scans the record's text, so a record of a million
 * unknown keys would otherwise take hours (and print a million lines). */
#define UNKNOWN_KEYS_SHOWN 20

static void path_of(char *buf, size_t size, const char *key, size_t index, const char *sub)
{
    int n = snprintf(buf, size, "%s", key);
    if (index != SIZE_MAX && n >= 0 && (size_t)n < size)
        n += snprintf(buf + n, size - (size_t)n, "[%zu]", index);
    if (sub != NULL && n >= 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, ".%s", sub);
}

static bc_status field_error(conv *c, const char *key, size_t index, const char *sub,
                             const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static bc_status field_error(conv *c, const char *key, size_t index, const char *sub,
                             const char *fmt, ...)
{
    char path[160], msg[640];
    path_of(path, sizeof path, key, index, sub);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    long line = json_field_line(c->at, key, index, sub);
    if (c->no != BC_AMOUNT_NULL)
        return bc_error_set(c->err, BC_ERR_DATA, c->at->file, line, "NO %" PRId64 ": %s: %s",
                            c->no, path, msg);
    return bc_error_set(c->err, BC_ERR_DATA, c->at->file, line, "%s: %s", path, msg);
}

static bc_status no_memory(conv *c)
{
    return bc_error_set(c->err, BC_ERR_NOMEM, NULL, 0, "out of memory");
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "a list";
    case JSON_STRING: return "text";
    case JSON_INTEGER: return "a number";
    case JSON_REAL: return "a number with a fraction or exponent";
    case JSON_TRUE:
    case JSON_FALSE: return "true or false";
    case JSON_NULL: return "null";
    }
    return "something else";
}

/* An amount: an integer or null (or absent).  The one integer a bc_record
 * cannot hold is the one that stands for null. */
static bc_status get_amount(conv *c, json_t *v, int64_t *out, const char *key, size_t index,
                            const char *sub)
{
    *out = BC_AMOUNT_NULL;
    if (v == NULL || json_is_null(v))
        return BC_OK;
    if (!json_is_integer(v))
        return field_error(c, key, index, sub, "not a whole number (%s)", type_name(v));
    if (json_integer_value(v) == BC_AMOUNT_NULL)
        return field_error(c, key, index, sub, "%" PRId64 " is out of range",
                           (int64_t)json_integer_value(v));
    *out = json_integer_value(v);
    return BC_OK;
}

/* Text or null (or absent) into `*out`. */
static bc_status get_text(conv *c, json_t *v, const char **out, const char *key, size_t index,
                          const char *sub)
{
    *out = NULL;
    if (v == NULL || json_is_null(v))
        return BC_OK;
    if (!json_is_string(v))
        return field_error(c, key, index, sub, "not text (%s)", type_name(v));
    *out = json_string_value(v);
    return BC_OK;
}

/* An object or null (or absent); `*out` is NULL unless an object. */
static bc_status get_object(conv *c, json_t *v, json_t **out, const char *key, size_t index)
{
    *out = json_is_object(v) ? v : NULL;
    if (v == NULL || json_is_null(v) || json_is_object(v))
        return BC_OK;
    return field_error(c, key, index, NULL, "not an object (%s)", type_name(v));
}

static bc_status get_array(conv *c, json_t *v, json_t **out, const char *key)
{
    *out = json_is_array(v) ? v : NULL;
    if (v == NULL || json_is_null(v) || json_is_array(v))
        return BC_OK;
    return field_error(c, key, SIZE_MAX, NULL, "not a list (%s)", type_name(v));
}

/* "NO n: " for a warning about the record, or "" while its NO is unknown. */
static const char *no_prefix(const conv *c, char *buf, size_t size)
{
    buf[0] = '\0';
    if (c->no != BC_AMOUNT_NULL)
        snprintf(buf, size, "NO %" PRId64 ": ", c->no);
    return buf;
}

static bool listed(const char *const *names, const char *key)
{
    for (; *names != NULL; names++)
        if (strcmp(*names, key) == 0)
            return true;
    return false;
}

/* Warns about each member of `obj` (at key[index], or the record itself
 * when `key` is NULL) that `names` does not list: a misspelt key would
 * otherwise lose its value without a word. */
static void check_keys(conv *c, json_t *obj, const char *const *names, const char *key,
                       size_t index)
{
    const char *k;
    json_t *v;
    size_t next = 0; /* budgetconv writes the keys in the order `names` has */
    json_object_foreach(obj, k, v) {
        if (names[next] != NULL && strcmp(names[next], k) == 0) {
            next++;
            continue;
        }
        if (listed(names, k) || ++c->unknown > UNKNOWN_KEYS_SHOWN)
            continue;
        char path[160], no[32];
        if (key == NULL)
            path_of(path, sizeof path, k, SIZE_MAX, NULL);
        else
            path_of(path, sizeof path, key, index, k);
        long line = key == NULL ? json_field_line(c->at, k, SIZE_MAX, NULL)
                                : json_field_line(c->at, key, index, k);
        bc_context_warn(c->at->ctx, c->at->file, line, "%sunknown key '%.60s' ignored",
                        no_prefix(c, no, sizeof no), path);
    }
}

static const char *const record_keys[] = {
    "no", "fiscal_year", "document", "title", "department", "account", "fund",
    "request_type", "unit", "description", "background", "request_details",
    "expected_outcomes", "peer_trends", "plans", "laws", "funding_plan", "schedule",
    "future_costs", "budget_rationale", "evaluation", "line_items", "total", "funding",
    "debt_burden", "source", NULL};
static const char *const department_keys[] = {"bureau", "division", NULL};
static const char *const total_keys[] = {"requested", "budgeted", "budgeted_specific", NULL};
static const char *const item_keys[] = {"kind", "group", "label", "requested", "budgeted",
                                        "budgeted_specific", NULL};
static const char *const funding_keys[] = {"source", "label", "detail", "amount", NULL};
static const char *const source_keys[] = {"file", "line", NULL};

static bc_status fill_texts(conv *c, json_t *o, bc_record *rec)
{
    json_t *dept;
    bc_status st = get_object(c, json_object_get(o, "department"), &dept, "department", SIZE_MAX);
    if (st != BC_OK)
        return st;
    if (dept != NULL)
        check_keys(c, dept, department_keys, "department", SIZE_MAX);
    for (int f = 0; f < BC_TEXT_FIELD_COUNT; f++) {
        const char *key = bc_text_field_info(f)->key, *dot = strchr(key, '.'), *s;
        st = dot == NULL ? get_text(c, json_object_get(o, key), &s, key, SIZE_MAX, NULL)
                         : get_text(c, json_object_get(dept, dot + 1), &s, "department",
                                    SIZE_MAX, dot + 1);
        if (st != BC_OK)
            return st;
        if (bc_record_set_text(rec, f, s) != BC_OK)
            return no_memory(c);
    }
    return BC_OK;
}

static bc_status fill_lists(conv *c, json_t *o, bc_record *rec)
{
    for (int l = 0; l < BC_LIST_FIELD_COUNT; l++) {
        const char *key = bc_list_field_info(l)->key;
        json_t *a, *v;
        size_t i;
        bc_status st = get_array(c, json_object_get(o, key), &a, key);
        if (st != BC_OK)
            return st;
        json_array_foreach(a, i, v) {
            if (!json_is_string(v))
                return field_error(c, key, i, NULL, "not text (%s)", type_name(v));
            if (bc_record_list_append(rec, l, json_string_value(v)) != BC_OK)
                return no_memory(c);
        }
    }
    return BC_OK;
}

/* Reads each element of the list `key` of `o` with `one`: every element
 * must be an object, whose keys `names` lists. */
static bc_status fill_objects(conv *c, json_t *o, const char *key, const char *const *names,
                              bc_status (*one)(conv *, json_t *, size_t, bc_record *),
                              bc_record *rec)
{
    json_t *a, *v;
    size_t i;
    bc_status st = get_array(c, json_object_get(o, key), &a, key);
    json_array_foreach(a, i, v) {
        if (st != BC_OK)
            break;
        if (!json_is_object(v))
            return field_error(c, key, i, NULL, "not an object (%s)", type_name(v));
        check_keys(c, v, names, key, i);
        st = one(c, v, i, rec);
    }
    return st;
}

static bc_status one_item(conv *c, json_t *v, size_t i, bc_record *rec)
{
    static const char key[] = "line_items";
    const char *kind, *group = NULL, *label = NULL;
    int64_t req = 0, bud = 0, spec = 0;
    bc_status st = get_text(c, json_object_get(v, "kind"), &kind, key, i, "kind");
    if (st == BC_OK && (kind == NULL || (strcmp(kind, "item") != 0 &&
                                         strcmp(kind, "subtotal") != 0)))
        st = field_error(c, key, i, "kind", "'%.40s' is neither item nor subtotal",
                         kind != NULL ? kind : "null");
    if (st == BC_OK)
        st = get_text(c, json_object_get(v, "group"), &group, key, i, "group");
    if (st == BC_OK)
        st = get_text(c, json_object_get(v, "label"), &label, key, i, "label");
    if (st == BC_OK)
        st = get_amount(c, json_object_get(v, "requested"), &req, key, i, "requested");
    if (st == BC_OK)
        st = get_amount(c, json_object_get(v, "budgeted"), &bud, key, i, "budgeted");
    if (st == BC_OK)
        st = get_amount(c, json_object_get(v, "budgeted_specific"), &spec, key, i,
                        "budgeted_specific");
    if (st == BC_OK &&
        bc_record_add_line_item(rec, strcmp(kind, "subtotal") == 0 ? BC_ITEM_SUBTOTAL
                                                                   : BC_ITEM_ITEM,
                                group, label, req, bud, spec) != BC_OK)
        return no_memory(c);
    return st;
}

static bc_status one_funding(conv *c, json_t *v, size_t i, bc_record *rec)
{
    static const char key[] = "funding";
    const char *source, *label = NULL, *detail = NULL;
    bc_fund_source s = BC_FUND_GENERAL;
    int64_t amount = 0;
    bc_status st = get_text(c, json_object_get(v, "source"), &source, key, i, "source");
    if (st == BC_OK && (source == NULL || !bc_fund_source_from_key(source, &s)))
        st = field_error(c, key, i, "source",
                         "'%.40s' is not national, metropolitan, other_specific or general",
                         source != NULL ? source : "null");
    if (st == BC_OK)
        st = get_text(c, json_object_get(v, "label"), &label, key, i, "label");
    if (st == BC_OK)
        st = get_text(c, json_object_get(v, "detail"), &detail, key, i, "detail");
    if (st == BC_OK)
        st = get_amount(c, json_object_get(v, "amount"), &amount, key, i, "amount");
    if (st == BC_OK && bc_record_add_funding(rec, s, label, detail, amount) != BC_OK)
        return no_memory(c);
    return st;
}

static bc_status fill_total(conv *c, json_t *o, bc_record *rec)
{
    static const char key[] = "total";
    json_t *t;
    bc_status st = get_object(c, json_object_get(o, key), &t, key, SIZE_MAX);
    if (st != BC_OK || t == NULL)
        return st;
    check_keys(c, t, total_keys, key, SIZE_MAX);
    st = get_amount(c, json_object_get(t, "requested"), &rec->total.requested, key, SIZE_MAX,
                    "requested");
    if (st == BC_OK)
        st = get_amount(c, json_object_get(t, "budgeted"), &rec->total.budgeted, key, SIZE_MAX,
                        "budgeted");
    if (st == BC_OK)
        st = get_amount(c, json_object_get(t, "budgeted_specific"),
                        &rec->total.budgeted_specific, key, SIZE_MAX, "budgeted_specific");
    return st;
}

/* Keeps the source a record already carries (where its page was read), so a
 * round trip through JSON loses nothing; otherwise points at this input. */
static bc_status fill_source(conv *c, json_t *o, bc_record *rec)
{
    static const char key[] = "source";
    json_t *src;
    const char *file = NULL;
    int64_t line = BC_AMOUNT_NULL;
    bc_status st = get_object(c, json_object_get(o, key), &src, key, SIZE_MAX);
    if (st == BC_OK && src != NULL) {
        check_keys(c, src, source_keys, key, SIZE_MAX);
        st = get_text(c, json_object_get(src, "file"), &file, key, SIZE_MAX, "file");
        if (st == BC_OK)
            st = get_amount(c, json_object_get(src, "line"), &line, key, SIZE_MAX, "line");
        if (st == BC_OK && line != BC_AMOUNT_NULL && line < 0)
            st = field_error(c, key, SIZE_MAX, "line", "%" PRId64 " is not a line number", line);
    }
    if (st != BC_OK)
        return st;
    st = file != NULL ? bc_record_set_source(rec, file, line == BC_AMOUNT_NULL ? 0 : (long)line)
                      : bc_record_set_source(rec, c->at->file, c->at->line);
    return st == BC_OK ? BC_OK : no_memory(c);
}

bc_status json_to_record(const json_place *at, json_t *o, bc_record *rec, bc_error *err)
{
    conv c = {.at = at, .no = BC_AMOUNT_NULL, .err = err};
    if (!json_is_object(o))
        return bc_error_set(err, BC_ERR_DATA, at->file, at->line,
                            "a record must be an object, not %s", type_name(o));
    bc_status st = get_amount(&c, json_object_get(o, "no"), &rec->no, "no", SIZE_MAX, NULL);
    if (st != BC_OK)
        return st;
    c.no = rec->no;
    check_keys(&c, o, record_keys, NULL, SIZE_MAX);
    st = get_amount(&c, json_object_get(o, "fiscal_year"), &rec->fiscal_year, "fiscal_year",
                    SIZE_MAX, NULL);
    if (st == BC_OK)
        st = fill_texts(&c, o, rec);
    if (st == BC_OK)
        st = fill_lists(&c, o, rec);
    if (st == BC_OK)
        st = fill_objects(&c, o, "line_items", item_keys, one_item, rec);
    if (st == BC_OK)
        st = fill_total(&c, o, rec);
    if (st == BC_OK)
        st = fill_objects(&c, o, "funding", funding_keys, one_funding, rec);
    if (st == BC_OK)
        st = fill_source(&c, o, rec);
    if (st == BC_OK && c.unknown > UNKNOWN_KEYS_SHOWN) {
        char no[32];
        bc_context_warn(at->ctx, at->file, at->line, "%s%zu more unknown keys ignored",
                        no_prefix(&c, no, sizeof no), c.unknown - UNKNOWN_KEYS_SHOWN);
    }
    return st;
}
