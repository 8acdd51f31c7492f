/*
 * Finds where JSON values begin and end in a byte stream without parsing
 * them (json_plugin.h): it tracks strings, escapes and nesting depth only,
 * which is enough to cut a document into records that jansson then parses
 * one at a time.  jansson checks everything else, so a value cut here may
 * still be invalid JSON; this file only promises the cut is where a valid
 * value would end.
 */
#include <stdlib.h>
#include <string.h>

#include "json_plugin.h"

void js_init(json_stream *s, bc_input *in)
{
    memset(s, 0, sizeof *s);
    s->in = in;
    s->line = 1;
}

void js_free(json_stream *s)
{
    free(s->value);
    s->value = NULL;
}

static bc_status refill(json_stream *s, bc_error *err)
{
    size_t got = 0;
    bc_status st = bc_input_read(s->in, s->buf, sizeof s->buf, &got, err);
    if (st != BC_OK)
        return st;
    s->pos = 0;
    s->end = got;
    s->eof = got == 0;
    if (!s->started) {
        s->started = true;
        if (got >= 3 && memcmp(s->buf, "\xEF\xBB\xBF", 3) == 0)
            s->pos = 3; /* a BOM is no part of the JSON text */
    }
    return BC_OK;
}

bc_status js_peek(json_stream *s, int *c, bc_error *err)
{
    for (;;) {
        while (s->pos < s->end) {
            unsigned char b = s->buf[s->pos];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                *c = b;
                return BC_OK;
            }
            s->line += b == '\n';
            s->pos++;
        }
        if (s->eof) {
            *c = -1;
            return BC_OK;
        }
        bc_status st = refill(s, err);
        if (st != BC_OK)
            return st;
    }
}

bc_status js_head(json_stream *s, size_t want, const unsigned char **head, size_t *len,
                  bc_error *err)
{
    int c;
    bc_status st = js_peek(s, &c, err);
    if (want > sizeof s->buf)
        want = sizeof s->buf;
    while (st == BC_OK && !s->eof && s->end - s->pos < want) {
        memmove(s->buf, s->buf + s->pos, s->end - s->pos);
        s->end -= s->pos;
        s->pos = 0;
        size_t got = 0;
        st = bc_input_read(s->in, s->buf + s->end, sizeof s->buf - s->end, &got, err);
        s->end += got;
        s->eof = got == 0;
    }
    *head = s->buf + s->pos;
    *len = s->end - s->pos;
    return st;
}

void js_take(json_stream *s)
{
    s->pos++;
}

static bool append(json_stream *s, const unsigned char *p, size_t n)
{
    if (n == 0)
        return true;
    char *v = bc_grow(s->value, &s->value_cap, s->value_len + n + 1, 1);
    if (v == NULL)
        return false;
    s->value = v;
    memcpy(s->value + s->value_len, p, n);
    s->value_len += n;
    return true;
}

/* Refills the buffer when it is used up: BC_END at the end of the input. */
static bc_status more(json_stream *s, bc_error *err)
{
    while (s->pos == s->end && !s->eof) {
        bc_status st = refill(s, err);
        if (st != BC_OK)
            return st;
    }
    return s->pos == s->end ? BC_END : BC_OK;
}

/* Moves the next `n` bytes of the buffer into the value, within `limit`
 * (`what` names the value in the message). */
static bc_status keep(json_stream *s, size_t n, size_t limit, const char *what, bc_error *err)
{
    if (s->value_len + n > limit)
        return bc_error_set(err, BC_ERR_DATA, bc_input_name(s->in), s->value_line,
                            "%s longer than %zu MiB (the limit for one record)", what,
                            limit >> 20);
    if (!append(s, s->buf + s->pos, n))
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    s->pos += n;
    return BC_OK;
}

/* Ends the value with a NUL, for jansson and for messages. */
static bc_status terminate(json_stream *s, bc_error *err)
{
    char *v = bc_grow(s->value, &s->value_cap, s->value_len + 1, 1);
    if (v == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    s->value = v;
    s->value[s->value_len] = '\0';
    return BC_OK;
}

/* Bytes that matter outside strings; everything else is skipped fast. */
static bool special(unsigned char b)
{
    return b == '"' || b == '{' || b == '}' || b == '[' || b == ']' || b == '\n';
}

static bool scalar_end(unsigned char b)
{
    return b == ' ' || b == '\t' || b == '\r' || b == '\n' || b == ',' || b == ']' ||
           b == '}' || b == ':';
}

/* Starts a new value at the next non-blank byte, which `*first` is. */
static bc_status start(json_stream *s, int *first, bc_error *err)
{
    bc_status st = js_peek(s, first, err);
    s->value_len = 0;
    s->value_line = s->line;
    s->value_complete = false;
    return st;
}

bc_status js_value(json_stream *s, size_t limit, bc_error *err)
{
    int first;
    bc_status st = start(s, &first, err);
    if (st != BC_OK)
        return st;
    bool container = first == '{' || first == '[', string = first == '"';
    if (!container && !string && scalar_end((unsigned char)first)) {
        /* a stray delimiter is a value of its own, for jansson to refuse:
         * every call consumes something, so a caller cannot loop */
        s->value_complete = true;
        st = keep(s, 1, limit, "a JSON value", err);
        return st == BC_OK ? terminate(s, err) : st;
    }
    bool in_string = false, escaped = false;
    long depth = 0;
    while (!s->value_complete && (st = more(s, err)) != BC_END) {
        if (st != BC_OK)
            return st;
        const unsigned char *b = s->buf + s->pos;
        size_t n = s->end - s->pos, i = 0;
        if (!container && !string) {
            while (i < n && !scalar_end(b[i]))
                i++;
            s->value_complete = i < n;
        }
        for (; (container || string) && i < n && !s->value_complete; i++) {
            unsigned char c = b[i];
            if (c == '\n')
                s->line++;
            if (in_string) {
                if (escaped)
                    escaped = false;
                else if (c == '\\')
                    escaped = true;
                else if (c == '"')
                    in_string = false, s->value_complete = string;
                continue;
            }
            if (!special(c))
                continue;
            if (c == '"')
                in_string = true;
            else if (c == '{' || c == '[')
                depth++;
            else if (c == '}' || c == ']')
                s->value_complete = --depth == 0;
        }
        if ((st = keep(s, i, limit, "a JSON value", err)) != BC_OK)
            return st;
    }
    /* jansson's line for "the text ends here" is that of the last byte */
    while (!s->value_complete && s->value_len > 0 &&
           strchr(" \t\r\n", s->value[s->value_len - 1]) != NULL)
        s->value_len--;
    /* A scalar ends where the next token starts, or at the end. */
    s->value_complete = s->value_complete || (!container && !string && s->value_len > 0);
    return terminate(s, err);
}

static bc_status line_too_long(const json_stream *s, size_t limit, bc_error *err)
{
    bc_error_set(err, BC_ERR_DATA, bc_input_name(s->in), s->value_line,
                 "a line longer than %zu MiB (the limit for one record)", limit >> 20);
    return BC_BAD_RECORD;
}

/* Passes over the rest of the line js_line() gave up on, `limit` bytes at
 * most: a line that has not ended by then will not (/dev/zero), and the
 * input is given up. */
static bc_status pass_rest_of_line(json_stream *s, size_t limit, bc_error *err)
{
    bc_status st;
    for (size_t passed = 0; passed < limit && (st = more(s, err)) != BC_END;) {
        if (st != BC_OK)
            return st;
        const unsigned char *b = s->buf + s->pos;
        const unsigned char *nl = memchr(b, '\n', s->end - s->pos);
        size_t n = nl != NULL ? (size_t)(nl - b) : s->end - s->pos;
        s->pos += n;
        passed += n;
        if (nl != NULL) {
            s->line_unfinished = false;
            return BC_OK;
        }
    }
    if (s->eof) {
        s->line_unfinished = false;
        return BC_OK;
    }
    return bc_error_set(err, BC_ERR_DATA, bc_input_name(s->in), s->value_line,
                        "a line longer than %zu MiB has not ended: is this JSON?",
                        2 * (limit >> 20));
}

bc_status js_line(json_stream *s, size_t limit, bc_error *err)
{
    if (s->line_unfinished) {
        bc_status st = pass_rest_of_line(s, limit, err);
        if (st != BC_OK)
            return st;
    }
    int first;
    bc_status st = start(s, &first, err);
    if (st != BC_OK)
        return st;
    for (bool eol = false; !eol && (st = more(s, err)) != BC_END;) {
        if (st != BC_OK)
            return st;
        const unsigned char *b = s->buf + s->pos;
        const unsigned char *nl = memchr(b, '\n', s->end - s->pos);
        size_t n = nl != NULL ? (size_t)(nl - b) : s->end - s->pos;
        if (s->value_len + n > limit) {
            /* the next record is the next line, whatever this one holds */
            s->pos += n;
            s->line_unfinished = nl == NULL;
            s->value_complete = true;
            return line_too_long(s, limit, err);
        }
        if ((st = keep(s, n, limit, "a line", err)) != BC_OK)
            return st;
        eol = nl != NULL;
    }
    s->value_complete = true; /* the next line is the next record, whatever this one holds */
    return terminate(s, err);
}
