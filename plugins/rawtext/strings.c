/*
 * strings.c - the string helpers the importer shares: a growable buffer,
 * and searching and splitting at a literal.
 */
#include <stdlib.h>
#include <string.h>

#include "rawtext.h"

bool rt_buf_add(rt_buf *b, const char *s, size_t len)
{
    /* room for the NUL too; most labels and paragraphs fit the first 256
     * bytes, and most calls the room there is (no call to bc_grow) */
    size_t need = b->len + len + 1;
    if (need > b->cap) {
        char *p = bc_grow(b->s, &b->cap, need > 256 ? need : 256, 1);
        if (p == NULL)
            return false;
        b->s = p;
    }
    memcpy(b->s + b->len, s, len);
    b->len += len;
    b->s[b->len] = '\0';
    return true;
}

void rt_buf_free(rt_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

/* Searched by the needle's last byte: in UTF-8 that is a continuation byte,
 * one of 64, so memchr() stops rarely, where a lead byte (the first) would
 * stop at nearly every other kana. */
size_t rt_find_bytes(const char *s, size_t len, const char *needle, size_t n)
{
    if (n == 0)
        return 0;
    if (n > len)
        return len;
    const char *end = s + len, *p = s + n - 1;
    while (p < end && (p = memchr(p, needle[n - 1], (size_t)(end - p))) != NULL) {
        /* the last byte of a Japanese word is a UTF-8 continuation byte,
         * which most characters share with many others: the byte before
         * it tells most of those apart without a call */
        if ((n == 1 || p[-1] == needle[n - 2]) && memcmp(p - (n - 1), needle, n - 1) == 0)
            return (size_t)(p - (n - 1) - s);
        p++;
    }
    return len;
}

bool rt_split_at(rt_piece p, const char *literal, rt_piece *before, rt_piece *after)
{
    size_t n = strlen(literal), at = rt_find_bytes(p.s, p.len, literal, n);
    if (at == p.len)
        return false;
    if (before != NULL)
        *before = (rt_piece){p.s, at, p.lineno};
    if (after != NULL)
        *after = (rt_piece){p.s + at + n, p.len - at - n, p.lineno};
    return true;
}
