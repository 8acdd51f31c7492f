/* JSON text as jansson lays it out (json_writer.h). */
#include <string.h>

#include <budgetconv/budgetconv.h>

#include "json_writer.h"

void jw_start(json_writer *w, FILE *fp, bool pretty)
{
    w->fp = fp;
    w->pretty = pretty;
    w->depth = 0;
    w->bad_text = false;
}

/* A new line indented to `depth` (at most JSON_WRITER_DEPTH), when
 * pretty. */
static void new_line(json_writer *w, int depth)
{
    static const char line[1 + 2 * JSON_WRITER_DEPTH + 1] = "\n                ";
    if (w->pretty)
        fwrite(line, 1, 1 + (size_t)depth * 2, w->fp);
}

/* What goes before a member of the container in hand: a comma after the
 * first, and its line. */
static void next_member(json_writer *w)
{
    if (w->depth == 0)
        return;
    if (w->empty[w->depth - 1])
        w->empty[w->depth - 1] = false;
    else
        putc(',', w->fp);
    new_line(w, w->depth);
}

/* Before a value: in an array it is a member; in an object its key was. */
static void before_value(json_writer *w)
{
    if (w->depth > 0 && !w->object[w->depth - 1])
        next_member(w);
}

void jw_open(json_writer *w, char bracket)
{
    before_value(w);
    putc(bracket, w->fp);
    w->object[w->depth] = bracket == '{';
    w->empty[w->depth] = true;
    w->depth++;
}

void jw_close(json_writer *w, char bracket)
{
    w->depth--;
    if (!w->empty[w->depth])
        new_line(w, w->depth);
    putc(bracket, w->fp);
}

void jw_key(json_writer *w, const char *key)
{
    next_member(w);
    putc('"', w->fp);
    fputs(key, w->fp);
    fwrite("\": ", 1, w->pretty ? 3 : 2, w->fp);
}

void jw_null(json_writer *w)
{
    before_value(w);
    fputs("null", w->fp);
}

void jw_integer(json_writer *w, long long v)
{
    before_value(w);
    char buf[24], *p = buf + sizeof buf;
    unsigned long long mag = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    do {
        *--p = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag > 0);
    if (v < 0)
        *--p = '-';
    fwrite(p, 1, (size_t)(buf + sizeof buf - p), w->fp);
}

void jw_string(json_writer *w, const char *s)
{
    size_t len = s != NULL ? strlen(s) : 0;
    if (s == NULL || !bc_utf8_valid(s, len, NULL)) {
        w->bad_text |= s != NULL;
        jw_null(w);
        return;
    }
    before_value(w);
    const unsigned char *u = (const unsigned char *)s, *end = u + len;
    putc('"', w->fp);
    while (u < end) {
        const unsigned char *run = u;
        while (u < end && *u >= 0x20 && *u != '"' && *u != '\\')
            u++;
        fwrite(run, 1, (size_t)(u - run), w->fp);
        if (u == end)
            break;
        static const char hex[] = "0123456789ABCDEF";
        char esc[6] = {'\\', 0};
        size_t n = 2;
        switch (*u) {
        case '"':
        case '\\':
            esc[1] = (char)*u;
            break;
        case '\b':
            esc[1] = 'b';
            break;
        case '\f':
            esc[1] = 'f';
            break;
        case '\n':
            esc[1] = 'n';
            break;
        case '\r':
            esc[1] = 'r';
            break;
        case '\t':
            esc[1] = 't';
            break;
        default:
            memcpy(esc + 1, "u00", 3);
            esc[4] = hex[*u >> 4];
            esc[5] = hex[*u & 0xF];
            n = 6;
        }
        fwrite(esc, 1, n, w->fp);
        u++;
    }
    putc('"', w->fp);
}
