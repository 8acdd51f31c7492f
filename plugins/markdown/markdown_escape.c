/* Markdown escaping (markdown_escape.h). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "markdown_escape.h"

/* Markup anywhere in a line.  `#` and `>` only matter at a line's start, but
 * escaping them everywhere keeps a heading's closing #s and a block quote
 * inside a list item from surprising anyone. */
static const bool always_escaped[128] = {
    ['\\'] = true, ['`'] = true, ['*'] = true, ['_'] = true, ['['] = true,
    [']'] = true,  ['<'] = true, ['>'] = true, ['|'] = true, ['~'] = true,
    ['&'] = true,  ['#'] = true, ['$'] = true,
};

static bool markup(unsigned char c)
{
    return c < 0x80 && always_escaped[c];
}

/* GFM ends a line at LF, at CR, and at CR LF: text must break where it does. */
#define LINE_ENDS "\r\n"

/* The bullet that opens a list item in the form's boxes (U+30FB). */
#define BULLET "\xE3\x83\xBB"

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Bytes of the control character or line separator at `p` (n bytes left),
 * or 0: C0 and DEL, C1 (U+0080-U+009F), U+2028 and U+2029.  They are no
 * text: a terminal or an editor acts on them, some renderers break lines
 * at the separators. */
static size_t control_at(const unsigned char *p, size_t n)
{
    if (p[0] < 0x20 || p[0] == 0x7F)
        return 1;
    if (n >= 2 && p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
        return 2;
    if (n >= 3 && p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
        return 3;
    return 0;
}

/* Bytes of the blank, control character or line separator that ends
 * `p[0..n)`, or 0. */
static size_t control_before(const unsigned char *p, size_t n)
{
    if (blank((char)p[n - 1]))
        return 1;
    for (size_t k = 1; k <= 3 && k <= n; k++)
        if (control_at(p + n - k, k) == k)
            return k;
    return 0;
}

/* Writes `p[0..n)` (no newline inside), trimmed of ASCII blanks, which
 * would otherwise turn into indented code or hard line breaks; with
 * `escape`, as Markdown that renders to the text, else as that text. */
static void put_line(FILE *fp, const char *p, size_t n, bool escape)
{
    /* Control characters count as blanks here, or one before a `- ` would
     * let it open a list. */
    while (n > 0) {
        size_t skip = blank(*p) ? 1 : control_at((const unsigned char *)p, n);
        if (skip == 0)
            break;
        p += skip;
        n -= skip;
    }
    for (size_t k; n > 0 && (k = control_before((const unsigned char *)p, n)) > 0;)
        n -= k;
    size_t digits = 0;
    while (digits < n && p[digits] >= '0' && p[digits] <= '9')
        digits++;
    /* `- x`, `+ x`, `===` and `1. x`, `1) x` open lists or underline
     * headings only at the start of a line. */
    size_t marker = SIZE_MAX;
    if (n > 0 && (p[0] == '-' || p[0] == '+' || p[0] == '='))
        marker = 0;
    else if (digits > 0 && digits < n && (p[digits] == '.' || p[digits] == ')'))
        marker = digits;
    for (size_t i = 0; i < n;) {
        /* the run of bytes that are written as they are: all but what may
         * open a control character (C2, E2) or be escaped, in one call */
        size_t run = i;
        for (unsigned char c; i < n && i != marker && (c = (unsigned char)p[i]) >= 0x20 &&
                              c != 0x7F && c != 0xC2 && c != 0xE2 &&
                              !(escape && markup(c));)
            i++;
        fwrite(p + run, 1, i - run, fp);
        if (i == n)
            break;
        size_t control = control_at((const unsigned char *)p + i, n - i);
        if (control > 0) {
            putc(' ', fp);
            i += control;
            continue;
        }
        if (escape && (i == marker || markup((unsigned char)p[i])))
            putc('\\', fp);
        putc(p[i], fp);
        i++;
    }
}

static void put_inline(FILE *fp, const char *s, bool escape)
{
    if (s == NULL)
        return;
    bool first = true;
    for (const char *p = s;; first = false) {
        size_t n = strcspn(p, LINE_ENDS);
        const char *nl = p[n] != '\0' ? p + n : NULL;
        if (!first)
            putc(' ', fp);
        put_line(fp, p, n, escape);
        if (nl == NULL)
            break;
        p = nl + 1;
    }
}

void md_put_inline(FILE *fp, const char *s)
{
    put_inline(fp, s, true);
}

void md_put_inline_text(FILE *fp, const char *s)
{
    put_inline(fp, s, false);
}

void md_put_paragraphs(FILE *fp, const char *s)
{
    if (s == NULL)
        return;
    bool in_list = false;
    for (const char *p = s; *p != '\0';) {
        size_t n = strcspn(p, LINE_ENDS);
        const char *nl = p[n] != '\0' ? p + n : NULL;
        size_t text = 0;
        while (text < n && blank(p[text]))
            text++;
        bool item = n - text >= strlen(BULLET) && memcmp(p + text, BULLET, strlen(BULLET)) == 0;
        if (item)
            text += strlen(BULLET);
        while (text < n && blank(p[text]))
            text++;
        if (text < n) {
            /* ・ items make one list; a paragraph ends it. */
            if (in_list && !item)
                putc('\n', fp);
            fputs(item ? "- " : "", fp);
            put_line(fp, p + text, n - text, true);
            fputs(item ? "\n" : "\n\n", fp);
            in_list = item;
        }
        p += n + (nl != NULL);
    }
    if (in_list)
        putc('\n', fp);
}
