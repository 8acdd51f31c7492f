/*
 * paragraphs.c - joins the wrapped lines of a paragraph and splits ・ lists.
 *
 * The extractor ends a line wherever the PDF wrapped it.  A line break is
 * kept (as "\n") only where the document starts something new: an indented
 * line, a list item (・ ※ ① …), a `key：` line (対象者：…), a dated schedule
 * line (令和２年４月…), the line after a sentence end (。), and the line
 * after one that stops well short of the paragraph's width.  Otherwise lines
 * are joined without a space, except between two Latin letters or digits
 * (`Request For` / `Information`).
 */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "rawtext.h"

/* A line this many cells shorter than its paragraph's widest ends the
 * paragraph (a wrapped line fills the box up to a character or two). */
#define SHORT_LINE_SLACK 16

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

static int32_t first_char(const char *s, size_t len)
{
    size_t n;
    return len > 0 ? bc_utf8_decode(s, len, &n) : -1;
}

static int32_t last_char(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i == 0)
        return -1;
    size_t n;
    return bc_utf8_decode(s + i - 1, len - i + 1, &n);
}

static bool latin(int32_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool bullet(int32_t c)
{
    /* every mark is among U+203B–U+27FF and ・–U+32BF: kanji, kana and
     * ASCII, which most lines open with, are done here */
    if (c < 0x203B || c > 0x32BF || (c > 0x27FF && c < 0x30FB))
        return false;
    static const int32_t marks[] = {0x30FB /* ・ */, 0x203B /* ※ */, 0x25CF, 0x25CB, 0x25C6,
                                    0x25C7, 0x25A0, 0x25A1, 0x25CE, 0x2605, 0x2606, 0x25B6};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (c == marks[i])
            return true;
    /* ① ⑴ ⒈ …, ❶ …, ㉑ … */
    return (c >= 0x2460 && c <= 0x24FF) || (c >= 0x2776 && c <= 0x2793) ||
           (c >= 0x3251 && c <= 0x325F) || (c >= 0x32B1 && c <= 0x32BF);
}

/* A character that cannot start a line of running text: the line continues
 * the one before (kinsoku), or an opening bracket that adds to it. */
static bool continues(int32_t c)
{
    /* the marks are ( ), U+3001–U+3014 and （ ） ［: kanji and kana are
     * done here */
    if (c > ')' && (c < 0x3001 || c > 0x3014) && (c < 0xFF08 || c > 0xFF3B))
        return false;
    static const int32_t marks[] = {0xFF08 /* （ */, '(', 0x300C /* 「 */, 0x300E, 0x3010,
                                    0x3014, 0xFF3B, 0x3001 /* 、 */, 0x3002 /* 。 */,
                                    0xFF09 /* ） */, ')', 0x300D, 0x300F, 0x3011};
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (c == marks[i])
            return true;
    return false;
}

bool rt_continues_line(rt_piece line)
{
    line = rt_trim(line);
    return continues(first_char(line.s, line.len));
}

/* Whether `s[0..len)` may hold a ： (EF BC 9A) or a `:` where a key would
 * end: true at every place that holds one, and at a few that do not (a
 * byte EF and a byte 9A two places on): a filter, in one pass, before the
 * characters are decoded. */
static bool may_end_key(const char *s, size_t len)
{
    size_t i = 0;
#if defined(__SSE2__)
    if (len >= 18) {
        const __m128i colon = _mm_set1_epi8(':'), lead = _mm_set1_epi8((char)0xEF),
                      last = _mm_set1_epi8((char)0x9A);
        /* places 0 to len - 3, sixteen at a time, the last sixteen of
         * them at the end (looked at twice, which a filter may) */
        for (;; i += 16) {
            i = i + 18 <= len ? i : len - 18;
            __m128i a = _mm_loadu_si128((const __m128i *)(s + i));
            __m128i b = _mm_loadu_si128((const __m128i *)(s + i + 2));
            __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(a, colon),
                                       _mm_and_si128(_mm_cmpeq_epi8(a, lead),
                                                     _mm_cmpeq_epi8(b, last)));
            if (_mm_movemask_epi8(hit) != 0)
                return true;
            if (i == len - 18)
                break;
        }
        /* the last two places, where only a `:` fits */
        return s[len - 2] == ':' || s[len - 1] == ':';
    }
#endif
    for (; i < len; i++)
        if (s[i] == ':' || (s[i] == (char)0xEF && i + 2 < len && s[i + 2] == (char)0x9A))
            return true;
    return false;
}

size_t rt_key_length(const char *s, size_t len)
{
    rt_piece t = {s, len, 0};
    bool bracket = rt_eat(&t, "【");
    /* most lines open with no 【 and have no ： or : where a key could
     * end, within the first RT_KEY_MAX_CHARS + 1 characters of at most
     * four bytes: no need to decode them */
    size_t head = len < (RT_KEY_MAX_CHARS + 1) * 4 ? len : (RT_KEY_MAX_CHARS + 1) * 4;
    if (!bracket && !may_end_key(s, head))
        return 0;
    size_t i = 0, chars = 0, n;
    bool ascii = false;
    while (i < t.len && chars <= RT_KEY_MAX_CHARS) {
        int32_t c = bc_utf8_decode(t.s + i, t.len - i, &n);
        /* an ASCII colon ends a key of Japanese only: not 10:00, not URL: */
        if (bracket ? c == 0x3011 /* 】 */ : c == 0xFF1A /* ： */ || (c == ':' && !ascii))
            return chars > 0 ? (size_t)(t.s - s) + i : 0;
        if (c == 0x3001 || c == 0x3002 || c < 0)
            return 0;
        ascii |= c < 0x80 && c != ' ' && c != '\t';
        i += n;
        chars++;
    }
    return 0;
}

size_t rt_item_mark_length(const char *s, size_t len)
{
    rt_piece t = {s, len, 0};
    size_t n;
    if (bullet(first_char(t.s, t.len))) {
        bc_utf8_decode(t.s, t.len, &n);
        t.s += n, t.len -= n;
    } else {
        bool open = rt_eat(&t, "（") || rt_eat(&t, "(");
        int64_t v = rt_number(t.s, t.len, &n);
        if (v < 0 || v > 99 || n > 6) /* an item's number: two digits at most */
            return 0;
        t.s += n, t.len -= n;
        bool closed = open ? rt_eat(&t, "）") || rt_eat(&t, ")")
                           : rt_eat(&t, "．") || rt_eat(&t, ".") || rt_eat(&t, "）") ||
                                 rt_eat(&t, ")") || rt_space_prefix(t.s, t.len) > 0;
        if (!closed)
            return 0;
    }
    n = rt_space_prefix(t.s, t.len);
    return (size_t)(t.s - s) + n;
}

/* `令和２年４月…`: a dated entry of a schedule. */
static bool dated_line(const char *s, size_t len)
{
    rt_piece t = {s, len, 0};
    if (!rt_eat(&t, "令和") && !rt_eat(&t, "平成"))
        return false;
    size_t d;
    if (!rt_eat(&t, "元")) {
        rt_number(t.s, t.len, &d);
        t.s += d;
        t.len -= d;
        if (d == 0)
            return false;
    }
    if (!rt_eat(&t, "年"))
        return false;
    rt_number(t.s, t.len, &d);
    t.s += d;
    t.len -= d;
    return d > 0 && rt_starts(t.s, t.len, "月");
}

static bool opens_item(rt_piece t)
{
    int32_t c = first_char(t.s, t.len);
    return bullet(c) || (!continues(c) && (rt_key_length(t.s, t.len) > 0 || dated_line(t.s, t.len)));
}

/* What goes between line `prev` and line `cur` when the lines themselves
 * say; NULL when it is the widths' to say (rt_join()). */
static const char *separator(rt_piece prev, rt_piece cur, bool indented)
{
    if (indented)
        return "\n";
    if (latin(last_char(prev.s, prev.len)) && latin(first_char(cur.s, cur.len)))
        return " ";
    if (opens_item(cur) || ends_with(prev.s, prev.len, "。"))
        return "\n";
    if (continues(first_char(cur.s, cur.len)))
        return "";
    return NULL;
}

bool rt_join_wrapped(rt_buf *b, rt_piece next)
{
    next = rt_trim(next);
    bool space = b->len > 0 && latin(last_char(b->s, b->len)) && latin(first_char(next.s, next.len));
    return (!space || rt_buf_add(b, " ", 1)) && rt_buf_add(b, next.s, next.len);
}

/* A paragraph is joined more than once (its box's cues, its text): each
 * width is measured once. */
static size_t piece_width(const rt_piece *pieces, size_t *widths, size_t i)
{
    if (widths[i] == RT_WIDTH_UNKNOWN)
        widths[i] = bc_text_display_width(pieces[i].s, pieces[i].len, false);
    return widths[i];
}

bool rt_join(rt_buf *b, const rt_piece *pieces, size_t *widths, size_t n)
{
    /* the widths are measured when a line break first needs them: most
     * paragraphs of one line, or of sentences and items, never do */
    size_t max_width = RT_WIDTH_UNKNOWN, prev_i = 0;
    rt_piece prev = {NULL, 0, 0};
    for (size_t i = 0; i < n; i++) {
        rt_piece t = rt_trim(pieces[i]);
        if (t.len == 0)
            continue;
        if (prev.s != NULL) {
            bool indented = rt_space_prefix(pieces[i].s, pieces[i].len) > 0;
            const char *sep = separator(prev, t, indented);
            if (sep == NULL) {
                if (max_width == RT_WIDTH_UNKNOWN) {
                    max_width = 0;
                    for (size_t k = 0; k < n; k++) {
                        size_t w = piece_width(pieces, widths, k);
                        max_width = w > max_width ? w : max_width;
                    }
                }
                /* a line well short of the paragraph's widest ends it */
                size_t prev_width = piece_width(pieces, widths, prev_i);
                sep = prev_width + SHORT_LINE_SLACK < max_width ? "\n" : "";
            }
            if (!rt_buf_add(b, sep, strlen(sep)))
                return false;
        }
        if (!rt_buf_add(b, t.s, t.len))
            return false;
        prev = t;
        prev_i = i;
    }
    return true;
}

/* Appends item `s[0..len)` (trimmed, without its ・) unless it is empty. */
static bc_status add_item(bc_record *rec, bc_list_field l, const char *s, size_t len)
{
    rt_piece t = rt_trim((rt_piece){s, len, 0});
    while (rt_eat(&t, "・"))
        t = rt_trim(t);
    if (t.len == 0)
        return BC_OK;
    char *item = bc_strndup(t.s, t.len);
    if (item == NULL)
        return BC_ERR_NOMEM;
    bc_status st = bc_record_list_append(rec, l, item);
    free(item);
    return st;
}

/* Splits one item further at 、 when asked. */
static bc_status add_items(bc_record *rec, bc_list_field l, const char *s, size_t len,
                           bool on_comma)
{
    rt_piece rest = {s, len, 0}, item;
    while (on_comma && rt_split_at(rest, "、", &item, &rest)) {
        bc_status st = add_item(rec, l, item.s, item.len);
        if (st != BC_OK)
            return st;
    }
    return add_item(rec, l, rest.s, rest.len);
}

bc_status rt_split_list(bc_record *rec, bc_list_field l, const char *text, bool on_comma)
{
    size_t len = strlen(text), start = 0;
    for (size_t i = 0; i <= len; i++) {
        /* a ・ opens an item at the start of a line or after white space;
         * inside a word (デジタル・ガバメント) it is part of the name */
        bool line_end = i == len || text[i] == '\n';
        bool opens = i > start && rt_starts(text + i, len - i, "・") &&
                     (text[i - 1] == ' ' || text[i - 1] == '\t' ||
                      (i >= 3 && memcmp(text + i - 3, "\xE3\x80\x80", 3) == 0));
        if (!line_end && !opens)
            continue;
        bc_status st = add_items(rec, l, text + start, i - start, on_comma);
        if (st != BC_OK)
            return st;
        start = line_end ? i + 1 : i;
    }
    return BC_OK;
}
