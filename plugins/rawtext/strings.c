/*
 * strings.c - the string helpers the importer shares: a growable buffer,
 * and searching and splitting at a literal.
 */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

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

#if defined(__SSE2__)
/* Places from `s + i`, sixteen of them, where the needle's first byte and
 * its last (`n - 1` further on) both are, as bits. */
static unsigned pair_hits16(const char *s, size_t i, size_t n, __m128i first, __m128i last)
{
    __m128i a = _mm_loadu_si128((const __m128i *)(s + i));
    __m128i b = _mm_loadu_si128((const __m128i *)(s + i + n - 1));
    return (unsigned)_mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, first),
                                                     _mm_cmpeq_epi8(b, last)));
}
#endif

/* The place among `hits` (bits from `s + i`) where the needle is, or `len`. */
static size_t first_match(const char *s, size_t i, unsigned hits, const char *needle, size_t n,
                          size_t len)
{
    for (; hits != 0; hits &= hits - 1) {
        size_t at = i + (size_t)__builtin_ctz(hits);
        if (memcmp(s + at + 1, needle + 1, n - 2) == 0)
            return at;
    }
    return len;
}

/* Most texts searched are a line or a paragraph, and most searches find
 * nothing: a call to memchr() per search was mostly its set-up.  Sixteen
 * places are looked at at once by the needle's first and last bytes (a
 * Japanese word's lead byte and a continuation byte: few places have
 * both), the last few among the text's last sixteen places, and a text
 * too short for that place by place. */
size_t rt_find_bytes(const char *s, size_t len, const char *needle, size_t n)
{
    if (n == 0)
        return 0;
    if (n > len)
        return len;
    if (n == 1) {
        const char *p = memchr(s, needle[0], len);
        return p != NULL ? (size_t)(p - s) : len;
    }
    size_t places = len - n + 1, i = 0; /* the needle may start at s[0..places) */
#if defined(__SSE2__)
    const __m128i first = _mm_set1_epi8(needle[0]), last = _mm_set1_epi8(needle[n - 1]);
    for (; i + 16 <= places; i += 16) {
        size_t at = first_match(s, i, pair_hits16(s, i, n, first, last), needle, n, len);
        if (at < len)
            return at;
    }
    /* the places before i, looked at again, hold no match */
    if (i < places && places >= 16)
        return first_match(s, places - 16, pair_hits16(s, places - 16, n, first, last), needle,
                           n, len);
#endif
    for (; i < places; i++)
        if (s[i] == needle[0] && s[i + n - 1] == needle[n - 1] &&
            memcmp(s + i + 1, needle + 1, n - 2) == 0)
            return i;
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
