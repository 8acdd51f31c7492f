/* Core tests: text normalisation: the radical mapping and its edges. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <utf8proc.h>

#include <budgetconv/budgetconv.h>

#include "leak_check.h"
#include "radical_table.h"

static void expect_normal(const char *in, const char *want)
{
    char *out = NULL;
    size_t len = 12345;
    cr_assert_eq(bc_text_normalize(in, strlen(in), &out, &len), BC_OK, "'%s'", in);
    cr_expect_str_eq(out, want);
    cr_expect_eq(len, strlen(want));
    free(out);
}

BC_TEST(text, maps_radicals_and_vertical_colon_only)
{
    expect_normal("区⺠保養施設", "区民保養施設");          /* U+2EA0 supplement */
    expect_normal("⽀援部", "支援部");                       /* U+2F40 Kangxi */
    expect_normal("区⻑室", "区長室");                       /* U+2ED1 */
    expect_normal("対象者︓全庁", "対象者：全庁");           /* U+FE13 */
    expect_normal("１（２）ＲＰＡ", "１（２）ＲＰＡ");         /* not NFKC */
    expect_normal("区民", "区民");                           /* already unified */
    expect_normal("", "");
    expect_normal("abc\n", "abc\n");
}

/* What bc_text_normalize() makes of the one character `cp`. */
static int32_t canonical_char(int32_t cp)
{
    char in[4], *out = NULL;
    size_t len = 0, size = 0;
    cr_assert_eq(bc_text_normalize(in, bc_utf8_encode(cp, in), &out, &len), BC_OK, "U+%04X",
                 (unsigned)cp);
    int32_t c = bc_utf8_decode(out, len, &size);
    cr_expect_eq(size, len, "U+%04X became one character", (unsigned)cp);
    free(out);
    return c;
}

BC_TEST(text, radical_block_edges)
{
    cr_expect_eq(canonical_char(0x2E7F), 0x2E7F); /* before the blocks */
    cr_expect_eq(canonical_char(0x2E80), 0x2E80); /* CJK RADICAL REPEAT: no ideograph */
    cr_expect_eq(canonical_char(0x2E81), 0x5382);
    cr_expect_eq(canonical_char(0x2E9A), 0x2E9A); /* unassigned */
    cr_expect_eq(canonical_char(0x2F00), 0x4E00); /* KANGXI RADICAL ONE */
    cr_expect_eq(canonical_char(0x2FD5), 0x9FA0); /* KANGXI RADICAL FLUTE */
    cr_expect_eq(canonical_char(0x2FD6), 0x2FD6); /* unassigned */
    cr_expect_eq(canonical_char(0x2FE0), 0x2FE0); /* after the blocks */
    cr_expect_eq(canonical_char(0xFE13), 0xFF1A);
    cr_expect_eq(canonical_char(0xFE14), 0xFE14);
    cr_expect_eq(canonical_char(0xFF11), 0xFF11); /* １ stays */
}

BC_TEST(text, radical_may_grow_to_four_bytes)
{
    /* U+2E91 CJK RADICAL LAME FOUR is U+21BC2, outside the BMP: every
     * 3-byte radical becomes 4 bytes, the worst case for the buffer. */
    expect_normal("⺑", "\xF0\xA1\xAF\x82");
    expect_normal("⺑⺑⺑⺑⺑⺑⺑", "\xF0\xA1\xAF\x82\xF0\xA1\xAF\x82\xF0\xA1\xAF\x82"
                              "\xF0\xA1\xAF\x82\xF0\xA1\xAF\x82\xF0\xA1\xAF\x82"
                              "\xF0\xA1\xAF\x82");
}

/* A start of a text to quote in a message ends between characters. */
BC_TEST(text, utf8_prefix_keeps_characters_whole)
{
    const char *s = "ab予算"; /* 2 + 3 + 3 bytes */
    cr_expect_eq(bc_utf8_prefix(s, 8, 8), 8, "all of it fits");
    cr_expect_eq(bc_utf8_prefix(s, 8, 20), 8);
    cr_expect_eq(bc_utf8_prefix(s, 8, 5), 5, "ab予 ends on a boundary");
    cr_expect_eq(bc_utf8_prefix(s, 8, 4), 2, "not inside 予");
    cr_expect_eq(bc_utf8_prefix(s, 8, 3), 2);
    cr_expect_eq(bc_utf8_prefix(s, 8, 2), 2);
    cr_expect_eq(bc_utf8_prefix(s, 8, 0), 0);
    cr_expect_eq(bc_utf8_prefix("予", 3, 2), 0, "no whole character fits");
    /* a text that fits exactly: the byte after it (a continuation byte of
     * what follows in the buffer) is not the text's to look at */
    cr_expect_eq(bc_utf8_prefix("ab予\x80", 5, 5), 5, "all of it fits, exactly");
}

/* A length whose normalised size would not fit a size_t is refused before
 * anything is allocated or read (the text here is one byte: reading on
 * would crash). */
BC_TEST(text, normalize_refuses_a_length_too_large_to_grow)
{
    char *out = (char *)"untouched";
    size_t first_too_large = (SIZE_MAX - 4) / 4 * 3 + 1;
    cr_expect_eq(bc_text_normalize("x", first_too_large, &out, NULL), BC_ERR_NOMEM);
    /* (one whose size would wrap around to a few kilobytes) */
    cr_expect_eq(bc_text_normalize("x", first_too_large + 3000, &out, NULL), BC_ERR_NOMEM);
    cr_expect_eq(bc_text_normalize("x", SIZE_MAX, &out, NULL), BC_ERR_NOMEM);
    cr_expect_str_eq(out, "untouched");
}

BC_TEST(text, normalize_reads_only_len_bytes)
{
    char *out = NULL;
    cr_assert_eq(bc_text_normalize("⺠⺠", 3, &out, NULL), BC_OK);
    cr_expect_str_eq(out, "民");
    free(out);
}

/* Into the caller's buffer, of exactly the room the header promises, the
 * same text as bc_text_normalize() makes; with text_only a control
 * character is refused as invalid UTF-8 is, a tab is not. */
BC_TEST(text, normalize_to_writes_what_normalize_makes)
{
    static const char *const cases[] = {"区⺠保養施設 ⽀援部\t対象者︓全庁", "⺑⺑⺑⺑", "⺑⺑x", "abc", ""};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = strlen(cases[i]), room = BC_TEXT_NORMALIZED_SIZE(len), got = 99, want_len;
        char *want = NULL, *out = malloc(room);
        cr_assert_not_null(out);
        cr_assert_eq(bc_text_normalize(cases[i], len, &want, &want_len), BC_OK);
        for (int text_only = 0; text_only <= 1; text_only++) {
            cr_expect_eq(bc_text_normalize_to(cases[i], len, out, &got, text_only), BC_OK,
                         "case %zu", i);
            cr_expect_eq(got, want_len, "case %zu", i);
            cr_expect_eq(memcmp(out, want, want_len + 1), 0, "case %zu", i);
        }
        free(out);
        free(want);
    }
    static const char *const controls[] = {"a\x01", "\x1F", "b\x7F", "\f", "\r\n"};
    char out[16];
    size_t got;
    for (size_t i = 0; i < sizeof controls / sizeof *controls; i++) {
        size_t len = strlen(controls[i]);
        cr_expect_eq(bc_text_normalize_to(controls[i], len, out, &got, true), BC_ERR_DATA,
                     "control %zu", i);
        cr_expect_eq(bc_text_normalize_to(controls[i], len, out, &got, false), BC_OK,
                     "control %zu", i);
        cr_expect_eq(memcmp(out, controls[i], len + 1), 0, "control %zu", i);
    }
    cr_expect_eq(bc_text_normalize_to("\xE4\xBA", 2, out, &got, false), BC_ERR_DATA);
}

BC_TEST(text, rejects_invalid_utf8)
{
    static const char *const bad[] = {"a\xff", "\xc0\x80", "\xed\xa0\x80", "\xe2\xbd",
                                       "\xf4\x90\x80\x80", "\x80", "\xf8\x88\x80\x80\x80"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char *out = NULL;
        cr_expect_eq(bc_text_normalize(bad[i], strlen(bad[i]), &out, NULL), BC_ERR_DATA,
                     "case %zu", i);
        cr_expect_null(out);
        size_t at = 99;
        cr_expect_not(bc_utf8_valid(bad[i], strlen(bad[i]), &at), "case %zu", i);
        cr_expect_eq(at, i == 0 ? 1 : 0, "case %zu", i);
    }
}

BC_TEST(text, valid_utf8_and_nul)
{
    size_t at = 99;
    cr_expect(bc_utf8_valid("予算 ok", strlen("予算 ok"), &at));
    cr_expect_eq(at, 99, "untouched on success");
    cr_expect_not(bc_utf8_valid("ab\0c", 4, &at));
    cr_expect_eq(at, 2);
}

BC_TEST(text, decode_and_encode_round_trip)
{
    static const int32_t cps[] = {0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF,
                                  0x10000, 0x21BC2, 0x10FFFF};
    static const size_t sizes[] = {1, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4};
    for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
        char buf[4];
        size_t n = bc_utf8_encode(cps[i], buf), got = 0;
        cr_assert_eq(n, sizes[i], "U+%04X", (unsigned)cps[i]);
        cr_expect_eq(bc_utf8_decode(buf, n, &got), cps[i]);
        cr_expect_eq(got, n);
        cr_expect_eq(bc_utf8_decode(buf, n - 1, &got), -1, "truncated");
    }
    char buf[4];
    cr_expect_eq(bc_utf8_encode(0xD800, buf), 0);
    cr_expect_eq(bc_utf8_encode(0x110000, buf), 0);
    cr_expect_eq(bc_utf8_encode(-1, buf), 0);
}

BC_TEST(text, display_width_counts_wide_as_two)
{
    cr_expect_eq(bc_text_display_width("abc", 3, false), 3);
    cr_expect_eq(bc_text_display_width("事業名", strlen("事業名"), false), 6);
    cr_expect_eq(bc_text_display_width("ab\ncdef", 7, true), 2);
    cr_expect_eq(bc_text_display_width("ＲＰＡ1", strlen("ＲＰＡ1"), false), 7);
    cr_expect_eq(bc_text_display_width("e\xCC\x81", 3, false), 1, "combining mark is 0");
    cr_expect_eq(bc_text_display_width("a\xff" "b", 3, false), 3, "invalid byte counts 1");
}

BC_TEST(text, display_width_agrees_with_utf8proc_everywhere)
{
    /* the common wide characters are measured without asking utf8proc */
    char buf[4];
    for (int32_t cp = 0x20; cp <= 0x10FFFF; cp++) {
        size_t n = bc_utf8_encode(cp, buf);
        if (n == 0)
            continue;
        int w = utf8proc_charwidth(cp);
        size_t want = w < 0 ? 0 : (size_t)w;
        if (bc_text_display_width(buf, n, false) != want)
            cr_assert_fail("U+%04X: %zu cells, utf8proc says %zu", (unsigned)cp,
                           bc_text_display_width(buf, n, false), want);
    }
}

BC_TEST(text, display_width_of_pairs_and_ascii_runs_agrees_with_utf8proc)
{
    /* two three-byte characters, and eight ASCII bytes, are measured at
     * once: every three-byte character before and after a kanji, and
     * every byte among seven printable ones */
    char buf[16];
    for (int32_t cp = 0x800; cp <= 0xFFFF; cp++) {
        if (bc_utf8_encode(cp, buf) == 0)
            continue;
        int w = utf8proc_charwidth(cp);
        size_t want = (w < 0 ? 0 : (size_t)w) + 2 + 2;
        memcpy(buf + 3, "漢ab", 5);
        if (bc_text_display_width(buf, 8, false) != want)
            cr_assert_fail("U+%04X then 漢ab: %zu cells, want %zu", (unsigned)cp,
                           bc_text_display_width(buf, 8, false), want);
        memcpy(buf, "漢", 3);
        bc_utf8_encode(cp, buf + 3);
        memcpy(buf + 6, "ab", 2);
        if (bc_text_display_width(buf, 8, false) != want)
            cr_assert_fail("漢 then U+%04X then ab: %zu cells, want %zu", (unsigned)cp,
                           bc_text_display_width(buf, 8, false), want);
    }
    for (unsigned c = 0; c <= 0xFF; c++) {
        int w = c < 0x80 ? utf8proc_charwidth((int32_t)c) : 1; /* alone, invalid: 1 */
        size_t want = 7 + (w < 0 ? 0 : (size_t)w);
        for (size_t at = 0; at < 8; at++) {
            memset(buf, 'a', 8);
            buf[at] = (char)c;
            if (bc_text_display_width(buf, 8, false) != want)
                cr_assert_fail("byte 0x%02X at %zu of eight: %zu cells, want %zu", c, at,
                               bc_text_display_width(buf, 8, false), want);
        }
    }
}

BC_TEST(text, three_byte_sequences_checked_by_definition)
{
    /* valid: two continuation bytes, at least U+0800, no surrogate */
    static const unsigned char thirds[] = {0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF};
    for (unsigned lead = 0xE0; lead <= 0xEF; lead++)
        for (unsigned second = 0; second <= 0xFF; second++)
            for (size_t k = 0; k < sizeof thirds; k++) {
                unsigned char u[3] = {(unsigned char)lead, (unsigned char)second, thirds[k]};
                int32_t cp = (int32_t)(((lead & 0x0F) << 12) | ((second & 0x3F) << 6) |
                                       (thirds[k] & 0x3F));
                bool want = (second & 0xC0) == 0x80 && (thirds[k] & 0xC0) == 0x80 &&
                            cp >= 0x800 && !(cp >= 0xD800 && cp <= 0xDFFF);
                size_t n, bad = 9;
                char *norm = NULL;
                bc_status st = bc_text_normalize((const char *)u, 3, &norm, NULL);
                if (bc_utf8_valid((const char *)u, 3, &bad) != want ||
                    (bc_utf8_decode((const char *)u, 3, &n) >= 0) != want ||
                    (st == BC_OK) != want || (!want && bad != 0))
                    cr_assert_fail("%02X %02X %02X: valid should be %d", lead, second,
                                   thirds[k], want);
                cr_expect(!want || (norm != NULL && memcmp(norm, u, 3) == 0) ||
                              (lead == 0xE2 || lead == 0xEF),
                          "kept as it is");
                free(norm);
            }
}

/* Two three-byte sequences and two ASCII bytes: long enough for the
 * checks that take two or four characters at once, which must agree with
 * the sequences checked one by one. */
BC_TEST(text, pairs_checked_as_one_by_one)
{
    static const unsigned char seconds[] = {0x7F, 0x80, 0x9F, 0xA0, 0xB9, 0xBA, 0xBF, 0xC0};
    static const unsigned char thirds[] = {0x41, 0x80, 0xBF};
    enum { KINDS = 16 * sizeof seconds * sizeof thirds };
    for (size_t a = 0; a < KINDS; a++)
        for (size_t b = 0; b < KINDS; b += 7) {
            unsigned char u[8] = {0, 0, 0, 0, 0, 0, 'x', 'y'};
            size_t kinds[2] = {a, b};
            bool want = true;
            for (int k = 0; k < 2; k++) {
                unsigned char *c = u + 3 * k;
                c[0] = (unsigned char)(0xE0 + kinds[k] / (sizeof seconds * sizeof thirds));
                c[1] = seconds[kinds[k] / sizeof thirds % sizeof seconds];
                c[2] = thirds[kinds[k] % sizeof thirds];
                size_t n;
                want = want && bc_utf8_decode((const char *)c, 3, &n) >= 0 && n == 3;
            }
            char *norm = NULL;
            bool valid = bc_utf8_valid((const char *)u, sizeof u, NULL);
            bool normal = bc_text_normalize((const char *)u, sizeof u, &norm, NULL) == BC_OK;
            free(norm);
            if (valid != want || normal != want)
                cr_assert_fail("%02X %02X %02X %02X %02X %02X: valid should be %d", u[0], u[1],
                               u[2], u[3], u[4], u[5], want);
        }
}

/*
 * Sixteen bytes are looked at at once (core/text_chunk.h), with their own
 * idea of which bytes start, continue and end a character: every character
 * up to U+FFFF, and a sample beyond, at every byte offset of a chunk and of
 * the short last chunk of a text, normalised and measured as the
 * definitions say, independently of core/text.c: radicals by the generated
 * table, widths by utf8proc.  Each text is allocated to its exact length,
 * so that AddressSanitizer sees a read past it; a chunk that took nothing
 * and did not say so would loop, hence the timeouts.
 */
enum { CHUNK_OFFSETS = 20 };

static int32_t reference_canonical(int32_t cp)
{
    if (cp >= BC_RADICAL_FIRST && cp <= BC_RADICAL_LAST && bc_radical_table[cp - BC_RADICAL_FIRST])
        return (int32_t)bc_radical_table[cp - BC_RADICAL_FIRST];
    return cp == 0xFE13 ? 0xFF1A : cp;
}

static size_t reference_width(int32_t cp)
{
    int w = utf8proc_charwidth(cp);
    return w < 0 ? 0 : (size_t)w;
}

/* `off` bytes of kanji and ASCII before (the offset modulo 3 in ASCII
 * first), then `mid` (`mid_len` bytes), then `after`: an exact allocation. */
static char *text_at(size_t off, const char *mid, size_t mid_len, const char *after,
                     size_t *len)
{
    size_t after_len = strlen(after);
    *len = off + mid_len + after_len;
    char *t = malloc(*len ? *len : 1);
    cr_assert_not_null(t);
    memset(t, 'a', off % 3);
    for (size_t k = off % 3; k < off; k += 3)
        memcpy(t + k, "漢", 3);
    memcpy(t + off, mid, mid_len);
    memcpy(t + off + mid_len, after, after_len);
    return t;
}

static size_t width_before(size_t off)
{
    return off % 3 + off / 3 * 2;
}

BC_TEST(text, every_character_at_every_offset_of_a_chunk, .timeout = 120)
{
    static const char *const afters[] = {"字字字字字字字", "x", ""};
    static const size_t after_widths[] = {14, 1, 0};
    char *norm = malloc(BC_TEXT_NORMALIZED_SIZE(64));
    cr_assert_not_null(norm);
    for (int32_t cp = 0x20; cp <= 0x10FFFF; cp += cp < 0x10000 ? 1 : 97) {
        char mid[4], want_mid[4];
        size_t mid_len = bc_utf8_encode(cp, mid);
        if (mid_len == 0 || cp == 0x7F)
            continue;
        size_t want_mid_len = bc_utf8_encode(reference_canonical(cp), want_mid);
        for (size_t a = 0; a < sizeof afters / sizeof *afters; a++)
            for (size_t off = 0; off < CHUNK_OFFSETS; off++) {
                size_t len, got;
                char *t = text_at(off, mid, mid_len, afters[a], &len);
                size_t want_width = width_before(off) + reference_width(cp) + after_widths[a];
                size_t width = bc_text_display_width(t, len, false);
                if (width != want_width)
                    cr_assert_fail("U+%04X at %zu, then '%s': %zu cells, want %zu", (unsigned)cp,
                                   off, afters[a], width, want_width);
                bc_status st = bc_text_normalize_to(t, len, norm, &got, cp >= 0x80);
                if (st != BC_OK || got != len - mid_len + want_mid_len ||
                    memcmp(norm, t, off) != 0 || memcmp(norm + off, want_mid, want_mid_len) != 0 ||
                    strcmp(norm + off + want_mid_len, afters[a]) != 0)
                    cr_assert_fail("U+%04X at %zu, then '%s': normalised wrong (%d)",
                                   (unsigned)cp, off, afters[a], (int)st);
                free(t);
            }
    }
    free(norm);
}

/* Whether `s[0..len)` is valid UTF-8 without NUL, by utf8proc. */
static bool reference_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    while (len > 0) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u, (utf8proc_ssize_t)len, &cp);
        if (n <= 0 || cp == 0)
            return false;
        u += n;
        len -= (size_t)n;
    }
    return true;
}

/* The cells of `s[0..len)` by utf8proc: one for each byte that starts no
 * valid character. */
static size_t reference_text_width(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t width = 0;
    while (len > 0) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u, (utf8proc_ssize_t)len, &cp);
        width += n > 0 ? reference_width(cp) : 1;
        n = n > 0 ? n : 1;
        u += n;
        len -= (size_t)n;
    }
    return width;
}

/* `mid` at `off`, then `after`: valid or not as utf8proc says, kept as it
 * is when valid and not a character that changes, and measured as
 * utf8proc would, a bad byte one cell (the scalar code takes such a byte
 * alone, and the chunk after it must not take the bytes that follow as its
 * continuation). */
static void sequence_at(const unsigned char *mid, size_t mid_len, const char *after, size_t off,
                        char *norm)
{
    size_t len, got, n;
    char *t = text_at(off, (const char *)mid, mid_len, after, &len);
    bool want = reference_valid(t, len);
    bool valid = bc_text_normalize_to(t, len, norm, &got, false) == BC_OK;
    if (valid != want || bc_utf8_valid(t, len, NULL) != want)
        cr_assert_fail("%02X %02X (%zu bytes) at %zu, then '%s': valid should be %d", mid[0],
                       mid[1], mid_len, off, after, want);
    int32_t cp = bc_utf8_decode((const char *)mid, mid_len, &n);
    if (valid && reference_canonical(cp) == cp && (got != len || memcmp(norm, t, len) != 0))
        cr_assert_fail("%02X %02X (%zu bytes) at %zu: changed", mid[0], mid[1], mid_len, off);
    size_t width = bc_text_display_width(t, len, false), want_width = reference_text_width(t, len);
    if (width != want_width)
        cr_assert_fail("%02X %02X (%zu bytes) at %zu, then '%s': %zu cells, want %zu", mid[0],
                       mid[1], mid_len, off, after, width, want_width);
    free(t);
}

BC_TEST(text, every_bad_sequence_at_every_offset_of_a_chunk, .timeout = 120)
{
    /* a lone byte, a lead followed by each second byte, cut there or
     * finished with a continuation byte: overlong, surrogate, stray,
     * unfinished; inside a text and at its end */
    static const char *const afters[] = {"字字字字字字字", ""};
    char *norm = malloc(BC_TEXT_NORMALIZED_SIZE(64));
    cr_assert_not_null(norm);
    for (unsigned first = 0x80; first <= 0xFF; first++)
        for (unsigned second = 1; second <= 0xFF; second++) {
            unsigned char mid[3] = {(unsigned char)first, (unsigned char)second, 0x80};
            size_t longest = (first & 0xF0) == 0xE0 ? 3 : 2;
            for (size_t mid_len = second == 1 ? 1 : 2; mid_len <= longest; mid_len++)
                for (size_t a = 0; a < sizeof afters / sizeof *afters; a++)
                    for (size_t off = 0; off < CHUNK_OFFSETS && second != '\n'; off++)
                        sequence_at(mid, mid_len, afters[a], off, norm);
        }
    free(norm);
}

BC_TEST(text, controls_and_line_ends_at_every_offset_of_a_chunk, .timeout = 120)
{
    char *norm = malloc(BC_TEXT_NORMALIZED_SIZE(64));
    cr_assert_not_null(norm);
    for (unsigned c = 0; c < 0x80; c++) {
        if (c >= 0x20 && c < 0x7F)
            continue;
        for (size_t off = 0; off < CHUNK_OFFSETS; off++) {
            char mid[1] = {(char)c};
            size_t len, got;
            char *t = text_at(off, mid, 1, "字字字字字字字", &len);
            bc_status want = c == '\t' ? BC_OK : BC_ERR_DATA;
            if (bc_text_normalize_to(t, len, norm, &got, true) != want)
                cr_assert_fail("byte %02X at %zu: text_only should give %d", c, off, (int)want);
            cr_expect_eq(bc_text_normalize_to(t, len, norm, &got, false), BC_OK,
                         "byte %02X at %zu", c, off);
            size_t first = bc_text_display_width(t, len, true);
            size_t want_first = width_before(off) + (c == '\n' ? 0 : reference_width((int32_t)c) + 14);
            if (first != want_first)
                cr_assert_fail("byte %02X at %zu: first line %zu cells, want %zu", c, off, first,
                               want_first);
            free(t);
        }
    }
    free(norm);
}

/* xorshift64: the same texts on every run. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t r = *state;
    r ^= r << 13, r ^= r >> 7, r ^= r << 17;
    return *state = r;
}

/* A piece of a random text: mostly kana, kanji and ASCII, with every kind
 * of character and of bad sequence between them. */
static size_t random_piece(uint64_t *state, unsigned char *b)
{
    uint64_t r = next_random(state);
    unsigned pick = (unsigned)(r % 16), v = (unsigned)(r >> 8);
    static const int32_t base[] = {0x3041, 0x4E00, 0x2E80, 0xFE00, 0xFF00, 0x80, 0x10000, 0x3000};
    static const unsigned span[] = {0x5E, 0x5200, 0x160, 0x40, 0xF0, 0x780, 0x100000, 0x100};
    if (pick < 8)
        return bc_utf8_encode(base[pick] + (int32_t)(v % span[pick]), (char *)b);
    b[0] = (unsigned char)v, b[1] = (unsigned char)(v >> 8), b[2] = (unsigned char)(v >> 16);
    switch (pick) {
    case 8: /* printable ASCII */
        b[0] = (unsigned char)(0x20 + v % 95);
        return 1;
    case 9: /* a control, a line end, DEL */
        b[0] = (unsigned char)(v % 3 == 0 ? '\n' : v % 3 == 1 ? 0x7F : 1 + v % 0x1F);
        return 1;
    case 10: /* any byte */
        return 1;
    case 11: /* a lead byte of three with one continuation byte */
        b[0] = (unsigned char)(0xE0 | (v & 0x0F)), b[1] = (unsigned char)(0x80 | (b[1] & 0x3F));
        return 2;
    case 12: /* an overlong or a surrogate */
        b[0] = v & 1 ? 0xED : 0xE0, b[1] = (unsigned char)((v & 1 ? 0xA0 : 0x80) | (b[1] & 0x1F));
        b[2] = (unsigned char)(0x80 | (b[2] & 0x3F));
        return 3;
    case 13: /* a lead byte of three or four and anything */
        b[0] = (unsigned char)(0xE0 | (v & 0x1F));
        return 3;
    default: /* kanji, the bulk of a page */
        return bc_utf8_encode(0x4E00 + (int32_t)(v % 0x5200), (char *)b);
    }
}

/* What bc_text_normalize_to() makes of `s` by the definitions: each
 * character its canonical one; false for invalid UTF-8 (or, with
 * `text_only`, a control but a tab). */
static bool reference_normalize(const char *s, size_t len, bool text_only, char *out,
                                size_t *out_len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t o = 0;
    while (len > 0) {
        int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(u, (utf8proc_ssize_t)len, &cp);
        if (n <= 0 || (text_only && ((cp < 0x20 && cp != '\t') || cp == 0x7F)))
            return false;
        o += bc_utf8_encode(reference_canonical(cp), out + o);
        u += n;
        len -= (size_t)n;
    }
    *out_len = o;
    return true;
}

BC_TEST(text, random_texts_as_the_definitions_say, .timeout = 120)
{
    /* the chunks' bookkeeping across whatever the scalar code took between
     * them: a bad byte it took alone once made the last chunk count the
     * bytes after it as its continuation, and one lead byte before a
     * letter made it loop */
    uint64_t state = 0x9E3779B97F4A7C15u;
    unsigned char buf[96];
    char *norm = malloc(BC_TEXT_NORMALIZED_SIZE(sizeof buf)),
         *want = malloc(BC_TEXT_NORMALIZED_SIZE(sizeof buf));
    cr_assert(norm != NULL && want != NULL);
    for (int round = 0; round < 200000; round++) {
        size_t len = 0, room = (size_t)(next_random(&state) >> 40) % (sizeof buf - 3);
        while (len < room)
            len += random_piece(&state, buf + len);
        char *t = malloc(len ? len : 1);
        cr_assert_not_null(t);
        memcpy(t, buf, len);
        const char *nl = memchr(t, '\n', len);
        size_t width = bc_text_display_width(t, len, false),
               first = bc_text_display_width(t, len, true),
               want_width = reference_text_width(t, len),
               want_first = reference_text_width(t, nl != NULL ? (size_t)(nl - t) : len);
        for (int text_only = 0; text_only < 2; text_only++) {
            size_t got = 0, want_len = 0;
            bool valid = bc_text_normalize_to(t, len, norm, &got, text_only) == BC_OK;
            bool want_valid = reference_normalize(t, len, text_only, want, &want_len);
            if (valid != want_valid ||
                (valid && (got != want_len || memcmp(norm, want, got) != 0)))
                cr_assert_fail("round %d (text_only %d): normalised wrong", round, text_only);
        }
        if (width != want_width || first != want_first)
            cr_assert_fail("round %d: %zu cells (first line %zu), want %zu (%zu)", round, width,
                           first, want_width, want_first);
        free(t);
    }
    free(norm);
    free(want);
}

/* Every start of a text of kanji, kana and ASCII, each in a block of its
 * own size: the width loops take eight bytes at once only where eight are
 * left (the sanitizer build sees a read past the block), and measure what
 * utf8proc does. */
BC_TEST(text, display_width_reads_only_len_bytes)
{
    const char *text = "漢字かなab漢字cdefghij字か漢、。ｱ字kl漢字かな漢";
    for (size_t len = 0; len <= strlen(text); len++) {
        char *s = malloc(len > 0 ? len : 1);
        cr_assert_not_null(s);
        memcpy(s, text, len);
        cr_expect_eq(bc_text_display_width(s, len, false), reference_text_width(s, len),
                     "the first %zu bytes", len);
        free(s);
    }
}

BC_TEST(text, strdup_helpers)
{
    cr_expect_null(bc_strdup(NULL));
    char *s = bc_strndup("予算額", 3);
    cr_expect_str_eq(s, "予");
    free(s);
    cr_expect_null(bc_strndup("x", SIZE_MAX));
}
