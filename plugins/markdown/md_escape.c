/* Markdown escaping (md_escape.h). */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "md_escape.h"

/* Markup anywhere in a line.  `#` and `>` only matter at a line's start, but
 * escaping them everywhere keeps a heading's closing #s and a block quote
 * inside a list item from surprising anyone. */
#define ALWAYS_ESCAPED "\\`*_[]<>|~&#$"

/* GFM ends a line at LF, at CR, and at CR LF: text must break where it does. */
#define LINE_ENDS "\r\n"

static bool blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Writes `p[0..n)` (no newline inside), trimmed of ASCII blanks, which
 * would otherwise turn into indented code or hard line breaks. */
static void put_line(FILE *fp, const char *p, size_t n)
{
    while (n > 0 && blank(*p))
        p++, n--;
    while (n > 0 && blank(p[n - 1]))
        n--;
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
    for (size_t i = 0; i < n; i++) {
        if (i == marker || strchr(ALWAYS_ESCAPED, p[i]) != NULL)
            putc('\\', fp);
        /* Other control characters are no text either (a lone CR ends a
         * line in GFM, so it never gets here). */
        putc((unsigned char)p[i] < 0x20 ? ' ' : p[i], fp);
    }
}

void md_put_inline(FILE *fp, const char *s)
{
    if (s == NULL)
        return;
    bool first = true;
    for (const char *p = s;; first = false) {
        size_t n = strcspn(p, LINE_ENDS);
        const char *nl = p[n] != '\0' ? p + n : NULL;
        if (!first)
            putc(' ', fp);
        put_line(fp, p, n);
        if (nl == NULL)
            break;
        p = nl + 1;
    }
}

void md_put_paragraphs(FILE *fp, const char *s)
{
    if (s == NULL)
        return;
    for (const char *p = s; *p != '\0';) {
        size_t n = strcspn(p, LINE_ENDS);
        const char *nl = p[n] != '\0' ? p + n : NULL;
        size_t text = 0;
        while (text < n && blank(p[text]))
            text++;
        if (text < n) {
            put_line(fp, p, n);
            fputs("\n\n", fp);
        }
        p += n + (nl != NULL);
    }
}
