/*
 * The rawtext importer's search for a literal (plugins/rawtext/strings.c)
 * and for the key a line opens with (paragraphs.c), built into this
 * program: rt_find_bytes() against the definition, a search byte by byte,
 * and rt_key_length() against its definition character by character, on
 * random texts of the bytes that make Japanese words alike (characters that
 * share their last one or two bytes, stray continuation bytes) at every
 * length and every offset, each text in a block of its own size so that
 * AddressSanitizer sees a read past it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "leak_check.h"
#include "plugins/rawtext/rawtext.h"

/* The first place of `needle` in `s`, or `len`, by the definition. */
static size_t find_by_definition(const char *s, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; n <= len && i <= len - n; i++)
        if (memcmp(s + i, needle, n) == 0)
            return i;
    return n == 0 ? 0 : len;
}

static uint64_t next_random(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* 。、「 share E3 80; 計 上 円 end in bytes other characters end in too. */
static const char *const pieces[] = {"。", "、", "「", "計", "上", "円", "a", " ",
                                     "\x80", "\x82", "\xE3\x80", "0"};

static size_t random_text(uint64_t *state, char *b, size_t room)
{
    size_t len = 0, want = (size_t)(next_random(state) >> 40) % room;
    while (len < want) {
        const char *p = pieces[next_random(state) % (sizeof pieces / sizeof pieces[0])];
        size_t n = strlen(p);
        if (len + n > want)
            break;
        memcpy(b + len, p, n);
        len += n;
    }
    return len;
}

BC_TEST(rawtext_strings, find_is_the_first_place_by_definition)
{
    uint64_t state = 0x9E3779B97F4A7C15u;
    char text[96], needle[12];
    for (int round = 0; round < 300000; round++) {
        size_t len = random_text(&state, text, sizeof text);
        size_t n;
        if (len > 0 && next_random(&state) % 2 == 0) {
            /* a needle taken from the text, found at or before its place */
            size_t at = (size_t)(next_random(&state) % len);
            n = 1 + (size_t)(next_random(&state) % (sizeof needle - 1));
            n = n > len - at ? len - at : n;
            memcpy(needle, text + at, n);
        } else {
            n = random_text(&state, needle, sizeof needle);
        }
        char *s = malloc(len > 0 ? len : 1);
        cr_assert_not_null(s);
        memcpy(s, text, len);
        size_t want = find_by_definition(s, len, needle, n),
               got = rt_find_bytes(s, len, needle, n);
        free(s);
        cr_assert_eq(got, want, "round %d: %zu-byte needle in %zu bytes: %zu, want %zu", round,
                     n, len, got, want);
    }
}

BC_TEST(rawtext_strings, find_at_every_place_of_a_long_text)
{
    /* one 。 at each place of 40 kanji, and the text's last bytes */
    enum { CHARS = 40 };
    char *s = malloc(3 * CHARS);
    cr_assert_not_null(s);
    for (size_t at = 0; at < CHARS; at++) {
        for (size_t i = 0; i < CHARS; i++)
            memcpy(s + 3 * i, i == at ? "。" : "計", 3);
        for (size_t len = 3 * at + 3; len <= 3 * CHARS; len++) {
            cr_assert_eq(rt_find_bytes(s, len, "。", 3), 3 * at, "。 at %zu in %zu bytes", 3 * at,
                         len);
            cr_assert_eq(rt_find_bytes(s, len, "\x82", 1), 3 * at + 2);
        }
        cr_assert_eq(rt_find_bytes(s, 3 * at + 2, "。", 3), 3 * at + 2, "cut: not found");
    }
    free(s);
}

/* rt_key_length() by its definition (rawtext.h), character by character:
 * the offset of the ： (or, after no ASCII but white space, the `:`; with
 * an opening 【, the 】) that ends a key of 1 to RT_KEY_MAX_CHARS
 * characters without 、 or 。, or 0. */
static size_t key_by_definition(const char *s, size_t len)
{
    bool bracket = len >= 3 && memcmp(s, "【", 3) == 0;
    size_t i = bracket ? 3 : 0, chars = 0;
    bool ascii = false;
    while (i < len && chars <= RT_KEY_MAX_CHARS) {
        size_t n;
        int32_t c = bc_utf8_decode(s + i, len - i, &n);
        if (bracket ? c == 0x3011 : c == 0xFF1A || (c == ':' && !ascii))
            return chars > 0 ? i : 0;
        if (c == 0x3001 || c == 0x3002 || c < 0)
            return 0;
        ascii |= c < 0x80 && c != ' ' && c != '\t';
        i += n;
        chars++;
    }
    return 0;
}

BC_TEST(rawtext_strings, key_length_is_its_definition, .timeout = 60)
{
    /* ： and what shares its bytes (EF BC, a 9A), `:` and what a key may
     * not hold, on texts as long as a line's head and longer */
    static const char *const parts[] = {"：", ":", "対", "象", "a", " ", "【", "】", "、",
                                        "（", "\xEF", "\x9A", "\xBC", "｛"};
    uint64_t state = 0x2545F4914F6CDD1Du;
    char text[120];
    for (int round = 0; round < 300000; round++) {
        size_t len = 0, want_len = (size_t)(next_random(&state) >> 40) % sizeof text;
        while (len < want_len) {
            const char *p = parts[next_random(&state) % (sizeof parts / sizeof parts[0])];
            size_t n = strlen(p);
            if (len + n > want_len)
                break;
            memcpy(text + len, p, n);
            len += n;
        }
        char *s = malloc(len > 0 ? len : 1);
        cr_assert_not_null(s);
        memcpy(s, text, len);
        size_t want = key_by_definition(s, len), got = rt_key_length(s, len);
        free(s);
        cr_assert_eq(got, want, "round %d, %zu bytes: %zu, want %zu", round, len, got, want);
    }
}

BC_TEST(rawtext_strings, key_ends_at_every_place_of_a_head, .timeout = 60)
{
    /* a ： or a `:` after 1 to 16 kanji, and the text cut at each byte
     * after it: the filter before the decoding sees it at every place */
    char s[3 * 17 + 3];
    for (size_t chars = 1; chars <= RT_KEY_MAX_CHARS; chars++)
        for (int colon = 0; colon < 2; colon++) {
            for (size_t i = 0; i < chars; i++)
                memcpy(s + 3 * i, "対", 3);
            size_t end = 3 * chars, n = colon ? 3 : 1;
            memcpy(s + end, colon ? "：" : ":", n);
            for (size_t len = end + n; len <= sizeof s; len++) {
                memset(s + end + n, 'x', sizeof s - end - n);
                char *t = malloc(len);
                cr_assert_not_null(t);
                memcpy(t, s, len);
                cr_assert_eq(rt_key_length(t, len), end, "%zu kanji, then %s, %zu bytes",
                             chars, colon ? "：" : ":", len);
                free(t);
            }
        }
}
