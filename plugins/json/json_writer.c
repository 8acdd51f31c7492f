/* JSON text as jansson lays it out (json_writer.h). */
#include <stdint.h>
#include <string.h>

#include <budgetconv/budgetconv.h>

#include "json_writer.h"

void jw_start(json_writer *w, FILE *fp, bool pretty)
{
    w->fp = fp;
    w->pretty = pretty;
    w->depth = 0;
    w->bad_text = false;
    w->len = 0;
}

void jw_end(json_writer *w)
{
    fwrite(w->buf, 1, w->len, w->fp);
    w->len = 0;
}

static void put(json_writer *w, const void *s, size_t n)
{
    if (n > sizeof w->buf - w->len) {
        jw_end(w);
        if (n > sizeof w->buf) {
            fwrite(s, 1, n, w->fp);
            return;
        }
    }
    memcpy(w->buf + w->len, s, n);
    w->len += n;
}

static void put_char(json_writer *w, char c)
{
    if (w->len == sizeof w->buf)
        jw_end(w);
    w->buf[w->len++] = c;
}

/* A new line indented to `depth` (at most JSON_WRITER_DEPTH), when
 * pretty. */
static void new_line(json_writer *w, int depth)
{
    static const char line[1 + 2 * JSON_WRITER_DEPTH + 1] = "\n                ";
    if (w->pretty)
        put(w, line, 1 + (size_t)depth * 2);
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
        put_char(w, ',');
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
    put_char(w, bracket);
    w->object[w->depth] = bracket == '{';
    w->empty[w->depth] = true;
    w->depth++;
}

void jw_close(json_writer *w, char bracket)
{
    w->depth--;
    if (!w->empty[w->depth])
        new_line(w, w->depth);
    put_char(w, bracket);
}

void jw_key(json_writer *w, const char *key)
{
    next_member(w);
    put_char(w, '"');
    put(w, key, strlen(key));
    put(w, "\": ", w->pretty ? 3 : 2);
}

void jw_null(json_writer *w)
{
    before_value(w);
    put(w, "null", 4);
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
    put(w, p, (size_t)(buf + sizeof buf - p));
}

/* Whether one of the eight bytes at `u` may need escaping: a control
 * character, '"' or '\\'.  Less 0x20 a byte below 0x20 gets its top bit,
 * and less 1 a byte XOR '"' or '\\' that is 0; a byte with its top bit set
 * never counts.  A borrow can only make a byte after a true one count. */
static bool escape_in8(const unsigned char *u)
{
    const uint64_t ones = 0x0101010101010101u;
    uint64_t x;
    memcpy(&x, u, 8);
    uint64_t hit = (x - ones * 0x20) | ((x ^ ones * '"') - ones) | ((x ^ ones * '\\') - ones);
    return (hit & ~x & ones * 0x80) != 0;
}

/* The inside of a string, `len` bytes of valid UTF-8, escaped. */
static void put_escaped(json_writer *w, const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s, *end = u + len;
    while (u < end) {
        const unsigned char *run = u;
        for (;;) {
            if (end - u >= 8 && !escape_in8(u)) {
                u += 8;
                continue;
            }
            if (u < end && *u >= 0x20 && *u != '"' && *u != '\\') {
                u++;
                continue;
            }
            break;
        }
        put(w, run, (size_t)(u - run));
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
        put(w, esc, n);
        u++;
    }
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
    put_char(w, '"');
    put_escaped(w, s, len);
    put_char(w, '"');
}

bool jw_string_lossy(json_writer *w, const char *s)
{
    if (s == NULL) {
        jw_null(w);
        return false;
    }
    size_t len = strlen(s), bad;
    bool replaced = false;
    before_value(w);
    put_char(w, '"');
    while (!bc_utf8_valid(s, len, &bad)) {
        put_escaped(w, s, bad);
        put(w, "\xEF\xBF\xBD", 3);
        s += bad + 1;
        len -= bad + 1;
        replaced = true;
    }
    put_escaped(w, s, len);
    put_char(w, '"');
    return replaced;
}
