/* UTF-8 helpers and the canonical character mapping (budgetconv/text.h). */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <budgetconv/text.h>

#include "radical_table.h"
#include "text_chunk.h"

/* The general decoder; decode() below takes the common cases inline. */
static int32_t decode_any(const unsigned char *u, size_t len, size_t *size)
{
    *size = 1;
    if (len == 0)
        return -1;
    if (u[0] < 0x80)
        return u[0];
    size_t n;
    int32_t cp, min;
    if ((u[0] & 0xE0) == 0xC0) {
        n = 2, cp = u[0] & 0x1F, min = 0x80;
    } else if ((u[0] & 0xF0) == 0xE0) {
        n = 3, cp = u[0] & 0x0F, min = 0x800;
    } else if ((u[0] & 0xF8) == 0xF0) {
        n = 4, cp = u[0] & 0x07, min = 0x10000;
    } else {
        return -1;
    }
    if (n > len)
        return -1;
    for (size_t i = 1; i < n; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (u[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    *size = n;
    return cp;
}

/* A valid three-byte sequence at `u` (three bytes there): decode() without
 * the code point, for the loops that only check. */
static inline bool valid3(const unsigned char *u)
{
    unsigned c0 = u[0], c1 = u[1], c2 = u[2];
    /* 1110xxxx 10xxxxxx 10xxxxxx, not overlong (E0 80–9F), not a
     * surrogate (ED A0–BF) */
    return (c0 & 0xF0) == 0xE0 && ((c1 ^ 0x80) | (c2 ^ 0x80)) < 0x40 &&
           (c0 != 0xE0 || c1 >= 0xA0) && (c0 != 0xED || c1 < 0xA0);
}

/* Every loop over text here decodes each character, most of them ASCII or
 * three-byte (kana, kanji): those are done without a call. */
static inline int32_t decode(const unsigned char *u, size_t len, size_t *size)
{
    if (len > 0 && u[0] < 0x80) {
        *size = 1;
        return u[0];
    }
    if (len >= 3 && valid3(u)) {
        *size = 3;
        return ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
    }
    return decode_any(u, len, size);
}

int32_t bc_utf8_decode(const char *s, size_t len, size_t *size)
{
    return decode((const unsigned char *)s, len, size);
}

/* bc_utf8_encode(), inline for normalising: pdf2txt writes a radical for
 * an ideograph in two lines of three. */
static inline size_t encode(int32_t cp, char *out)
{
    unsigned char *u = (unsigned char *)out;
    if (cp < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    if (cp < 0x80) {
        u[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        u[0] = (unsigned char)(0xC0 | (cp >> 6));
        u[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        u[0] = (unsigned char)(0xE0 | (cp >> 12));
        u[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    u[0] = (unsigned char)(0xF0 | (cp >> 18));
    u[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t bc_utf8_encode(int32_t cp, char *out)
{
    return encode(cp, out);
}


static inline int32_t canonical(int32_t cp)
{
    if (cp >= BC_RADICAL_FIRST && cp <= BC_RADICAL_LAST &&
        bc_radical_table[cp - BC_RADICAL_FIRST] != 0)
        return (int32_t)bc_radical_table[cp - BC_RADICAL_FIRST];
    if (cp == 0xFE13) /* PRESENTATION FORM FOR VERTICAL COLON */
        return 0xFF1A;
    return cp;
}

/* Continuation bytes at u[1] and u[2]. */
static inline bool continued2(const unsigned char *u)
{
    return ((u[1] ^ 0x80) | (u[2] ^ 0x80)) < 0x40;
}

/* Whether the six low bytes of `x` (first byte lowest) are two three-byte
 * characters that are valid and that normalising leaves alone, with lead
 * bytes E3–EC (U+3000–U+CFFF: kana, kanji; E0 may be overlong, ED a
 * surrogate, E2 and EF may change).  Adding 13 to a lead byte's low half
 * carries into bit 4 from 3 up, adding 3 from 13 up. */
static inline bool two_plain3(uint64_t x)
{
    uint64_t lead = x & 0x0F00000Fu;
    return (x & 0xC0C0F0C0C0F0u) == 0x8080E08080E0u &&
           ((lead + 0x0D00000Du) & ~(lead + 0x03000003u) & 0x10000010u) == 0x10000010u;
}

/* The eight bytes at `u` as a number, the first byte lowest. */
static inline uint64_t load8(const unsigned char *u)
{
    uint64_t x;
    memcpy(&x, u, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    x = __builtin_bswap64(x);
#endif
    return x;
}

/* Bytes of the kana and kanji at `u` (`len` bytes left) taken four or two
 * at a time, valid and unchanged by normalising: 12, 6 or 0. */
static inline size_t plain_step(const unsigned char *u, size_t len)
{
    if (len >= 14 && two_plain3(load8(u)) && two_plain3(load8(u + 6)))
        return 12;
    return len >= 8 && two_plain3(load8(u)) ? 6 : 0;
}

size_t bc_utf8_prefix(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return len;
    /* a continuation byte at s[max] means s[max - 1] is inside a character */
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return n;
}

bool bc_utf8_valid(const char *s, size_t len, size_t *bad)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, n;
    while (i < len) {
        size_t plain = plain_step(u + i, len - i);
        if (plain > 0) {
            i += plain;
            continue;
        }
        if (u[i] >= 0x01 && u[i] < 0x80) {
            i++;
            continue;
        }
        if (len - i >= 3 && valid3(u + i)) {
            i += 3;
            continue;
        }
        if (u[i] == '\0' || decode(u + i, len - i, &n) < 0) {
            if (bad != NULL)
                *bad = i;
            return false;
        }
        i += n;
    }
    return true;
}

/* Only characters from U+2E80 (lead byte 0xE2) and U+FE13 (0xEF) change:
 * the runs between them are copied whole once they are known valid. */
bc_status bc_text_normalize_to(const char *s, size_t len, char *out, size_t *out_len,
                               bool text_only)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0, i = 0, kept = 0, n; /* s[kept..i) is still to be copied */
    while (i < len) {
#if TEXT_CHUNK
        /* what stopped the scan is the scalar code's below */
        i = chunk_scan(u, i, len, text_only ? CHUNK_PLAIN_TEXT : CHUNK_PLAIN, NULL);
        if (i == len)
            break;
#endif
        size_t plain = plain_step(u + i, len - i);
        if (plain > 0) {
            i += plain;
            continue;
        }
        unsigned c = u[i];
        if (c < 0x80) {
            if (text_only && ((c < 0x20 && c != '\t') || c == 0x7F))
                return BC_ERR_DATA;
            i++;
            continue;
        }
        /* U+3000–U+EFFF: kana and kanji, nothing that changes (ED A0–BF
         * would be a surrogate); below U+2E80 (E2 80–B9: ⇒, ※, ①) and
         * among the fullwidth forms (EF but EF B8, which holds U+FE13)
         * nothing changes either */
        if (c >= 0xE2 && len - i >= 3 && continued2(u + i) &&
            ((c >= 0xE3 && c <= 0xEE && (c != 0xED || u[i + 1] < 0xA0)) ||
             (c == 0xE2 && u[i + 1] < 0xBA) || (c == 0xEF && u[i + 1] != 0xB8))) {
            i += 3;
            continue;
        }
        int32_t cp = decode(u + i, len - i, &n);
        if (cp < 0)
            return BC_ERR_DATA;
        int32_t canon = c >= 0xE2 ? canonical(cp) : cp;
        if (canon != cp) {
            memcpy(out + o, s + kept, i - kept);
            o += i - kept;
            o += encode(canon, out + o);
            kept = i + n;
        }
        i += n;
    }
    if (len > kept) {
        memcpy(out + o, s + kept, len - kept);
        o += len - kept;
    }
    out[o] = '\0';
    *out_len = o;
    return BC_OK;
}

bc_status bc_text_normalize(const char *s, size_t len, char **out, size_t *out_len)
{
    /* A radical (3 bytes) may become a supplementary ideograph (4 bytes). */
    if (len > (SIZE_MAX - 4) / 4 * 3)
        return BC_ERR_NOMEM;
    char *buf = malloc(BC_TEXT_NORMALIZED_SIZE(len));
    if (buf == NULL)
        return BC_ERR_NOMEM;
    size_t o;
    bc_status st = bc_text_normalize_to(s, len, buf, &o, false);
    if (st != BC_OK) {
        free(buf);
        return st;
    }
    *out = buf;
    if (out_len != NULL)
        *out_len = o;
    return BC_OK;
}

/* Wide (East Asian Width W or F) in every Unicode version, assigned since
 * Unicode 1.1–3.2: CJK punctuation, kana, the URO kanji and the fullwidth
 * forms, most of what a 概要書 says.  They are measured without asking
 * utf8proc; test_core checks every code point against it. */
static inline bool surely_wide(int32_t cp)
{
    /* without branches: which range a character falls in is not to be
     * predicted in a mix of kana and kanji */
    uint32_t c = (uint32_t)cp;
    return (c - 0x4E00 <= 0x9FA5 - 0x4E00) | (c - 0x3000 <= 0x3029 - 0x3000) |
           (c - 0x3041 <= 0x3096 - 0x3041) | (c - 0x30A1 <= 0x30FF - 0x30A1) |
           (c - 0xFF01 <= 0xFF60 - 0xFF01);
}

/* The code point of the valid three-byte character at `u`. */
static inline int32_t code3(const unsigned char *u)
{
    return ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
}

/* The 64-character blocks (code point / 64) of U+0800–U+FFFF that are
 * surely wide throughout: U+4E00–U+9F7F, the kanji. */
static const uint64_t wide_blocks[16] = {
    [4] = 0xFF00000000000000u,
    [5] = 0xFFFFFFFFFFFFFFFFu,
    [6] = 0xFFFFFFFFFFFFFFFFu,
    [7] = 0xFFFFFFFFFFFFFFFFu,
    [8] = 0xFFFFFFFFFFFFFFFFu,
    [9] = 0x3FFFFFFFFFFFFFFFu,
};

/* The surely wide characters of U+3000–U+30FF (blocks 0xC0–0xC3), bit by
 * bit: punctuation and kana. */
static const uint64_t kana_wide[4] = {
    0x000003FFFFFFFFFFu, /* U+3000–U+3029 */
    0xFFFFFFFFFFFFFFFEu, /* U+3041–U+307F */
    0xFFFFFFFE007FFFFFu, /* U+3080–U+3096, U+30A1–U+30BF */
    0xFFFFFFFFFFFFFFFFu, /* U+30C0–U+30FF */
};

/* Whether the three-byte character in the low three bytes of `x` (first
 * byte lowest) is a kanji, kana or CJK punctuation that is surely wide:
 * its bytes say so, without its code point. */
static inline bool wide_by_bytes(uint64_t x)
{
    /* lead bytes E5–E8: U+5000–U+8FFF, kanji all */
    if ((x & 0x0F) - 5 <= 8 - 5)
        return true;
    unsigned block = (unsigned)(x & 0x0F) << 6 | (unsigned)(x >> 8 & 0x3F);
    if (block - 0xC0 < 4)
        return kana_wide[block - 0xC0] >> (x >> 16 & 0x3F) & 1;
    return wide_blocks[block >> 6] >> (block & 63) & 1;
}

/* Whether the eight bytes at `u` open with two three-byte characters whose
 * lead bytes (E1–EF but ED) need no check beyond their continuation bytes,
 * both surely wide: the text of a 概要書 is mostly such pairs.  Kanji and
 * kana are known wide by their bytes (none has the lead byte E0 or ED), the
 * rest by their code point. */
static inline bool two_wide3(const unsigned char *u)
{
    uint64_t x = load8(u);
    if ((x & 0xC0C0F0C0C0F0u) != 0x8080E08080E0u)
        return false;
    if (wide_by_bytes(x) && wide_by_bytes(x >> 24))
        return true;
    if (!(0xDFFEu >> (x & 0x0F) & 1) || !(0xDFFEu >> (x >> 24 & 0x0F) & 1))
        return false;
    return (wide_by_bytes(x) || surely_wide(code3(u))) &&
           (wide_by_bytes(x >> 24) || surely_wide(code3(u + 3)));
}

/* Whether the eight bytes at `u` are all printable ASCII (0x20–0x7E), one
 * cell each: no byte has its top bit, none is below 0x20 (taking 0x20 from
 * it would set its top bit), none is 0x7F (which XOR 0x7F makes 0, and 0
 * less 1 sets the top bit).  A borrow only follows a byte that failed. */
static inline bool eight_printable(const unsigned char *u)
{
    const uint64_t ones = 0x0101010101010101u;
    uint64_t x;
    memcpy(&x, u, 8);
    uint64_t del = x ^ (ones * 0x7F);
    return ((x | (x - ones * 0x20) | (del - ones)) & ones * 0x80) == 0;
}

size_t bc_text_display_width(const char *s, size_t len, bool first_line)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t width = 0, i = 0, n;
    while (i < len) {
#if TEXT_CHUNK
        i = chunk_scan(u, i, len, CHUNK_WIDTH, &width);
        if (i == len)
            break;
#endif
        if (len - i >= 8 && two_wide3(u + i)) {
            width += 4;
            i += 6;
            continue;
        }
        if (len - i >= 8 && eight_printable(u + i)) {
            width += 8;
            i += 8;
            continue;
        }
        /* printable ASCII is one cell in every Unicode version */
        if (u[i] >= 0x20 && u[i] < 0x7F) {
            width++;
            i++;
            continue;
        }
        /* a three-byte sequence whose lead byte can be neither overlong
         * (E0) nor a surrogate (ED) is valid when it is continued */
        unsigned c = u[i];
        if (c >= 0xE1 && c <= 0xEF && c != 0xED && len - i >= 3 && continued2(u + i)) {
            int32_t cp = code3(u + i);
            int w = surely_wide(cp) ? 2 : utf8proc_charwidth(cp);
            width += w < 0 ? 0 : (size_t)w;
            i += 3;
            continue;
        }
        if (first_line && u[i] == '\n')
            break;
        int32_t cp = decode(u + i, len - i, &n);
        if (cp < 0) {
            width++;
        } else if (surely_wide(cp)) {
            width += 2;
        } else {
            int w = utf8proc_charwidth(cp);
            width += w < 0 ? 0 : (size_t)w;
        }
        i += n;
    }
    return width;
}

char *bc_strdup(const char *s)
{
    return s != NULL ? bc_strndup(s, strlen(s)) : NULL;
}

char *bc_strndup(const char *s, size_t len)
{
    if (len == SIZE_MAX)
        return NULL;
    char *p = malloc(len + 1);
    if (p != NULL) {
        memcpy(p, s, len);
        p[len] = '\0';
    }
    return p;
}
