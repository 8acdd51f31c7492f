/* The json plugin's parts, shared between its files (not exported). */
#ifndef BC_JSON_PLUGIN_H
#define BC_JSON_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>

#include <jansson.h>

#include <budgetconv/budgetconv.h>

extern const bc_importer bc_json_importer;
extern const bc_exporter bc_json_exporter;

/* The schema the exporter writes; the importer reads its major version. */
#define BC_JSON_SCHEMA "budgetconv/record/1"

/* The longest record the importer takes, in bytes of JSON text.  A document
 * as a whole has no limit: it is read one record at a time. */
#define BC_JSON_MAX_RECORD ((size_t)16 * 1024 * 1024)

/*
 * json_stream.c: cuts a byte stream into JSON values without parsing them.
 * Skips a UTF-8 BOM at the very start.  Line numbers count LFs.
 */
typedef struct json_stream {
    bc_input *in;
    unsigned char buf[65536];
    size_t pos, end;
    bool eof, started;
    long line;           /* line of buf[pos] */
    char *value;         /* the value js_value() read, NUL-terminated */
    size_t value_len, value_cap;
    long value_line;     /* where it starts */
    bool value_complete; /* false: the input ended inside it */
    bool line_unfinished; /* js_line() gave up on a line before its end */
} json_stream;

void js_init(json_stream *s, bc_input *in);
void js_free(json_stream *s);

/* Skips white space and sets `*c` to the next byte (not consumed), or -1
 * at the end of the input. */
bc_status js_peek(json_stream *s, int *c, bc_error *err);

/* Skips white space as js_peek() does, then points `*head` at the next
 * `want` bytes (fewer at the end of the input, and at most a buffer),
 * not consumed. */
bc_status js_head(json_stream *s, size_t want, const unsigned char **head, size_t *len,
                  bc_error *err);

/* Consumes the byte js_peek() returned. */
void js_take(json_stream *s);

/* Reads the value that starts at the next byte into s->value: an object or
 * array up to its closing bracket, a string up to its closing quote, any
 * other token up to a delimiter.  BC_ERR_DATA when it is longer than
 * `limit` bytes. */
bc_status js_value(json_stream *s, size_t limit, bc_error *err);

/* Reads the rest of the line from the next non-blank byte into s->value,
 * as js_value() does (the LF stays unread): one NDJSON record.  A line
 * longer than `limit` is BC_BAD_RECORD (`err` says why) as soon as it is
 * that long; the next call passes over the rest of it, and when that is
 * `limit` bytes more the line will not end (/dev/zero): BC_ERR_DATA. */
bc_status js_line(json_stream *s, size_t limit, bc_error *err);

/*
 * json_record.c: a parsed record to a bc_record.  `text`/`len` are the
 * record's JSON text and `line` the line it starts on, for messages that
 * point at the offending field; unknown keys are warnings through `ctx`.
 * Errors are BC_ERR_DATA (BC_ERR_NOMEM when out of memory).
 */
typedef struct json_place {
    const char *file;
    long line;
    const char *text;
    size_t len;
    bc_context *ctx;
} json_place;

bc_status json_to_record(const json_place *at, json_t *o, bc_record *rec, bc_error *err);

/* The NO of a record that did not parse, read from its text; BC_AMOUNT_NULL
 * when it cannot be found. */
int64_t json_raw_no(const char *text, size_t len);

/* Line of the member `key` of the record at `text` (then element `index`
 * unless SIZE_MAX, then its member `sub` unless NULL): the deepest part
 * found, else `line`. */
long json_field_line(const json_place *at, const char *key, size_t index, const char *sub);

#endif
