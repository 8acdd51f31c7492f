/*
 * layout.c - turns the lines of a page into units.
 *
 * A unit is one thing the form printed: a box marker (` ５ 要求する事業内容`)
 * with what follows it on its line, a row of the 10 table, a header line, a
 * value of the ⇒ column, a 財源内訳 label, or a paragraph of running text.
 * Paragraphs are runs of text lines within a block (blocks are separated by
 * blank lines); a marker inside a line ends the paragraph before it.  Text
 * that follows a marker on its line or in its block is `bound` to that
 * marker's box.  Which box the other paragraphs belong to is boxes.c's job.
 */
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "rawtext.h"

#define EVALUATION_TAG "【事務事業評価】"
#define DEBT_LABEL "債務負担行為"

/* What a line is, before blocks are looked at. */
typedef enum line_class {
    LC_MARKER,  /* a box label somewhere in the line */
    LC_SPECIAL, /* header, ⇒, amount, fund label …: a unit of its own */
    LC_ROW,     /* `label amount`: a table row if its whole block is rows */
    LC_TEXT
} line_class;

void rt_layout_free(rt_layout *lay)
{
    free(lay->units);
    free(lay->pieces);
    free(lay->widths);
    memset(lay, 0, sizeof *lay);
}

const rt_unit *rt_layout_marker(const rt_layout *lay, int box)
{
    if (box < 1 || box > 14 || lay->marker_at[box] == 0)
        return NULL;
    return &lay->units[lay->marker_at[box] - 1];
}

size_t rt_below_label(const rt_layout *lay, int box)
{
    const rt_unit *m = rt_layout_marker(lay, box);
    size_t k = m != NULL ? (size_t)(m - lay->units) + 1 : lay->count;
    while (k < lay->count && (lay->units[k].kind == RT_ROW || lay->units[k].kind == RT_ROWCONT))
        k++;
    return k;
}

void rt_label_run(const rt_layout *lay, int box, size_t *s, size_t *e)
{
    size_t k = *s = rt_below_label(lay, box);
    while (k < lay->count && lay->units[k].kind == RT_TEXT && lay->units[k].box == box)
        k++;
    *e = k;
}

static bool space_before(const char *s, size_t i)
{
    return i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t' ||
           (i >= 3 && memcmp(s + i - 3, "\xE3\x80\x80", 3) == 0);
}

/* Whether a box number may start at `s[i]` by the bytes there: an ASCII
 * digit or 0xEF (a fullwidth digit's lead byte), first on the line or after
 * a space, a tab or the last byte of U+3000 (0x80; space_before() checks
 * the rest).  Every place space_before() allows is among these. */
static bool may_start_number(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i], b = i > 0 ? (unsigned char)s[i - 1] : ' ';
    return ((c >= '0' && c <= '9') || c == 0xEF) && (b == ' ' || b == '\t' || b == 0x80);
}

#if defined(__SSE2__)
/* may_start_number() at each of the sixteen places from `u` (u[-1] is
 * read too), as bits. */
static unsigned number_starts16(const char *u)
{
    __m128i x = _mm_loadu_si128((const __m128i *)u);
    __m128i b = _mm_loadu_si128((const __m128i *)(u - 1));
    __m128i d = _mm_sub_epi8(x, _mm_set1_epi8('0'));
    __m128i open = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8(9)), d),
                                _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xEF)));
    __m128i after = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(' ')),
                                              _mm_cmpeq_epi8(b, _mm_set1_epi8('\t'))),
                                 _mm_cmpeq_epi8(b, _mm_set1_epi8((char)0x80)));
    return (unsigned)_mm_movemask_epi8(_mm_and_si128(open, after));
}
#endif

/* The first place at or after `i` where may_start_number(), or `len`.  It
 * reads every line of a page: sixteen places at a time where SSE2 can, the
 * last few among the line's last sixteen (a copy would cost a stalled
 * load), a line too short for that one by one. */
static size_t next_number_start(const char *s, size_t len, size_t i)
{
    if (i == 0) {
        if (len > 0 && may_start_number(s, 0))
            return 0;
        i = 1;
    }
#if defined(__SSE2__)
    for (; i + 16 <= len; i += 16) {
        unsigned hits = number_starts16(s + i);
        if (hits != 0)
            return i + (size_t)__builtin_ctz(hits);
    }
    if (i < len && len > 16) {
        size_t at = len - 16;
        unsigned hits = number_starts16(s + at) & (0xFFFFu << (i - at));
        return hits != 0 ? at + (size_t)__builtin_ctz(hits) : len;
    }
#endif
    for (; i < len; i++)
        if (may_start_number(s, i))
            return i;
    return len;
}

/* A box number (1–14, ASCII or fullwidth digits) at `s[i]`; its length. */
static size_t box_number(const char *s, size_t len, size_t i, int *value)
{
    size_t used;
    int64_t v = rt_number(s + i, len - i, &used);
    if (v < 1 || v > 14)
        return 0;
    *value = (int)v;
    return used;
}

/* Finds the first marker at or after `from`: sets its box, start and end,
 * and `partial` when the box has a whole label of which only the key was
 * printed. */
static bool find_marker(const char *s, size_t len, size_t from, int *box, size_t *start,
                        size_t *end, bool *partial)
{
    for (size_t i = from; (i = next_number_start(s, len, i)) < len; i++) {
        if (!space_before(s, i))
            continue;
        int v;
        size_t n = box_number(s, len, i, &v);
        if (n == 0)
            continue;
        size_t gap = rt_space_prefix(s + i + n, len - i - n);
        if (gap == 0)
            continue;
        size_t k = i + n + gap;
        const rt_box *info = rt_box_info(v);
        if (!rt_starts(s + k, len - k, info->key))
            continue;
        const char *label = info->full != NULL && rt_starts(s + k, len - k, info->full)
                                ? info->full
                                : info->key;
        *box = v;
        *start = i;
        *end = k + strlen(label);
        *partial = info->full != NULL && label != info->full;
        return true;
    }
    return false;
}

static bool fund_line(rt_piece t, int *source, rt_piece *detail)
{
    *detail = (rt_piece){NULL, 0, t.lineno};
    if ((t.len == 6 && memcmp(t.s, "財源", 6) == 0) || (t.len == 6 && memcmp(t.s, "内訳", 6) == 0) ||
        (t.len == 12 && memcmp(t.s, "財源内訳", 12) == 0)) {
        *source = -1;
        return true;
    }
    for (int f = 0; f < BC_FUND_SOURCE_COUNT; f++) {
        const char *label = bc_fund_source_label((bc_fund_source)f);
        /* most lines differ from every label in their first byte: no
         * strlen() for those */
        if (t.len == 0 || t.s[0] != label[0])
            continue;
        size_t n = strlen(label);
        if (!rt_starts(t.s, t.len, label))
            continue;
        if (t.len > n && rt_space_prefix(t.s + n, t.len - n) == 0)
            return false;
        *source = f;
        *detail = rt_trim((rt_piece){t.s + n, t.len - n, t.lineno});
        /* the form prints 一般財源 bare, its amount among the others: words
         * after it make a sentence of a text (一般財源 550千円／年…) */
        int64_t amount;
        return f != BC_FUND_GENERAL || detail->len == 0 ||
               rt_amount(detail->s, detail->len, &amount) != RT_NO_AMOUNT;
    }
    return false;
}

/* Reads figure `p` into `*amount`; one too large for 64 bits goes to
 * `*too_big`.  False when it is no amount. */
static bool figure(rt_piece p, int64_t *amount, rt_piece *too_big)
{
    rt_amount_read read = rt_amount(p.s, p.len, amount);
    if (read == RT_AMOUNT_TOO_BIG)
        *too_big = p;
    return read != RT_NO_AMOUNT;
}

/* Parses `⇒ n`, `⇒ n (m)` and a bare `⇒`; false for the column's heading. */
static bool arrow_value(rt_piece t, int64_t *budget, int64_t *specific, rt_piece *too_big)
{
    rt_eat(&t, "⇒");
    t = rt_trim(t);
    *budget = *specific = BC_AMOUNT_NULL;
    if (t.len == 0)
        return true;
    const char *open = memchr(t.s, '(', t.len);
    size_t head = open != NULL ? (size_t)(open - t.s) : t.len;
    rt_piece b = rt_trim((rt_piece){t.s, head, t.lineno});
    if (!figure(b, budget, too_big))
        return false;
    if (open == NULL)
        return true;
    rt_piece sp = rt_trim((rt_piece){open + 1, t.len - head - 1, t.lineno});
    return sp.len > 0 && sp.s[sp.len - 1] == ')' &&
           figure((rt_piece){sp.s, sp.len - 1, sp.lineno}, specific, too_big);
}

/* A cell of the ⇒ column: the arrow alone, the column's heading, or what an
 * amount cell can hold (digits, separators, brackets, a sign).  A ⇒ that
 * opens running text (`⇒ 情報活用能力の向上`) is a result arrow, not a cell. */
static bool arrow_cell(rt_piece t)
{
    rt_piece rest = t;
    rt_eat(&rest, "⇒");
    rest = rt_trim(rest);
    if (rt_contains(rest.s, rest.len, "予算額"))
        return true;
    size_t n;
    for (size_t i = 0; i < rest.len; i += n) {
        int32_t c = bc_utf8_decode(rest.s + i, rest.len - i, &n);
        if (!((c >= '0' && c <= '9') || c == ',' || c == '(' || c == ')' || c == ' ' ||
              c == '-' || c == 0x25B3 /* △ */ || c == 0x25B2 /* ▲ */))
            return false;
    }
    return true;
}

/* The 債務負担行為 row `令和 年 〜 年 限度額` (with its years and amount when
 * filled in).  限度額 inside a sentence (`…800千円を限度額とします。`) is text. */
static bool limit_line(rt_piece t)
{
    rt_piece after;
    if (!(rt_starts(t.s, t.len, "令和") || rt_starts(t.s, t.len, "平成")) ||
        !rt_split_at(t, "限度額", NULL, &after))
        return false;
    after = rt_trim(after);
    size_t used;
    return after.len == 0 || rt_number(after.s, after.len, &used) >= 0;
}

/* The 債務負担行為 label, alone or before its figures; a sentence that
 * starts with the word is text. */
static bool debt_line(rt_piece t, rt_piece *rest)
{
    *rest = t;
    return rt_eat(rest, DEBT_LABEL) &&
           (rest->len == 0 || rt_space_prefix(rest->s, rest->len) > 0);
}

/* One half of the header line, printed as a text box of its own: the
 * sheet's title (`令和２年度予算要求事業概要書`) or `所管課 部　課`. */
static bool header_half(rt_piece t)
{
    rt_piece rest = t;
    if (rt_eat(&rest, "所管課"))
        return rt_space_prefix(rest.s, rest.len) > 0;
    return (rt_starts(t.s, t.len, "令和") || rt_starts(t.s, t.len, "平成")) &&
           rt_contains(t.s, t.len, "年度") && rt_eat_end(&rest, "概要書");
}

/* Classifies a line without markers into a unit (when it is special). */
static line_class classify(rt_piece t, rt_unit *u)
{
    /* field by field: a memset of the unit (rep stos) cost more than
     * the rest of classifying a line */
    u->kind = RT_OTHER;
    u->lineno = t.lineno;
    u->box = u->bound = u->origin = 0;
    u->first = u->count = 0;
    u->rest = t;
    u->extra = u->too_big = (rt_piece){NULL, 0, 0};
    u->amount = u->amount2 = BC_AMOUNT_NULL;
    u->fund = -1;
    u->tense = RT_TENSE_UNKNOWN;
    int64_t v;
    if (rt_starts(t.s, t.len, "⇒") && arrow_cell(t)) {
        u->kind = arrow_value(t, &u->amount, &u->amount2, &u->too_big) ? RT_ARROW : RT_OTHER;
        return LC_SPECIAL;
    }
    if (figure(t, &u->amount, &u->too_big)) {
        u->kind = RT_NUMBER;
        return LC_SPECIAL;
    }
    if (rt_starts(t.s, t.len, EVALUATION_TAG)) {
        u->kind = RT_EVAL;
        u->rest = rt_trim((rt_piece){t.s + strlen(EVALUATION_TAG),
                                     t.len - strlen(EVALUATION_TAG), t.lineno});
        return LC_SPECIAL;
    }
    if (rt_starts(t.s, t.len, "（単位")) {
        u->kind = RT_UNITS;
        return LC_SPECIAL;
    }
    if ((rt_contains(t.s, t.len, "概要書") && rt_contains(t.s, t.len, "所管課")) ||
        header_half(t)) {
        u->kind = RT_HEADER;
        return LC_SPECIAL;
    }
    rt_piece rest = t;
    if (rt_eat(&rest, "款") && rt_space_prefix(rest.s, rest.len) > 0) {
        u->kind = RT_ACCOUNT;
        return LC_SPECIAL;
    }
    if (limit_line(t)) {
        u->kind = RT_LIMIT;
        return LC_SPECIAL;
    }
    if (debt_line(t, &rest)) {
        u->kind = RT_DEBT;
        u->rest = rt_trim(rest);
        return LC_SPECIAL;
    }
    if (fund_line(t, &u->fund, &u->rest)) {
        u->kind = RT_FUND;
        return LC_SPECIAL;
    }
    rt_piece label, fig;
    rt_amount_read read = rt_split_amount(t, &label, &fig, &v);
    if (read != RT_NO_AMOUNT && label.len > 0 && !rt_contains(label.s, label.len, "。")) {
        u->kind = RT_ROW;
        u->rest = label;
        u->amount = v;
        if (read == RT_AMOUNT_TOO_BIG)
            u->too_big = fig;
        return LC_ROW;
    }
    u->kind = RT_TEXT;
    return LC_TEXT;
}

static bool add_unit(rt_layout *lay, const rt_unit *u)
{
    rt_unit *p = rt_grow(lay->units, &lay->cap, lay->count + 1, sizeof *p);
    if (p == NULL)
        return false;
    lay->units = p;
    lay->units[lay->count++] = *u;
    return true;
}

typedef struct builder {
    rt_layout *lay;
    size_t text;  /* index + 1 of the open paragraph, 0 when none */
    int attach;   /* box whose marker heads the current block, 0 when none */
} builder;

/* Adds `p` to the open paragraph, or opens one bound to `bound`. */
static bool add_text(builder *b, rt_piece p, int bound)
{
    rt_layout *lay = b->lay;
    if (b->text == 0) {
        rt_unit u = {.kind = RT_TEXT, .lineno = p.lineno, .bound = bound,
                     .first = lay->piece_count, .amount = BC_AMOUNT_NULL,
                     .amount2 = BC_AMOUNT_NULL, .fund = -1, .tense = RT_TENSE_UNKNOWN};
        if (!add_unit(lay, &u))
            return false;
        b->text = lay->count;
    }
    rt_piece *np = rt_grow(lay->pieces, &lay->piece_cap, lay->piece_count + 1, sizeof *np);
    if (np == NULL)
        return false;
    lay->pieces = np;
    size_t *w = rt_grow(lay->widths, &lay->width_cap, lay->piece_count + 1, sizeof *w);
    if (w == NULL)
        return false;
    lay->widths = w;
    lay->widths[lay->piece_count] = RT_WIDTH_UNKNOWN;
    lay->pieces[lay->piece_count++] = p;
    lay->units[b->text - 1].count++;
    return true;
}

/* What a marker's line says after its label. */
static bool marker_inline(builder *b, rt_unit *m, rt_piece rest)
{
    rt_piece label, fig = {NULL, 0, 0};
    int64_t v = 0;
    rt_amount_read read;
    switch (m->box) {
    case 1:
    case 10:
        return add_unit(b->lay, m);
    case 2: {
        size_t i = 0;
        while (i < rest.len && rt_space_prefix(rest.s + i, rest.len - i) == 0)
            i++;
        m->extra = (rt_piece){rest.s, i, rest.lineno};
        rt_piece tail = rt_trim((rt_piece){rest.s + i, rest.len - i, rest.lineno});
        read = rt_split_amount(tail, &label, &fig, &v);
        if (read == RT_NO_AMOUNT || label.len == 0)
            m->extra = rest; /* no row on this line: all of it is the type */
        if (!add_unit(b->lay, m))
            return false;
        if (m->extra.len == rest.len)
            return true;
        rt_unit row = {.kind = RT_ROW, .lineno = rest.lineno, .rest = label, .amount = v,
                       .amount2 = BC_AMOUNT_NULL, .origin = 2, .fund = -1,
                       .too_big = read == RT_AMOUNT_TOO_BIG ? fig : (rt_piece){NULL, 0, 0}};
        return add_unit(b->lay, &row);
    }
    case 3:
        read = rt_split_amount(rest, &label, &fig, &v);
        if (read != RT_NO_AMOUNT && label.len > 0) {
            rt_unit row = {.kind = RT_ROW, .lineno = rest.lineno, .rest = label, .amount = v,
                           .amount2 = BC_AMOUNT_NULL, .origin = 3, .fund = -1,
                           .too_big = read == RT_AMOUNT_TOO_BIG ? fig : (rt_piece){NULL, 0, 0}};
            return add_unit(b->lay, m) && add_unit(b->lay, &row);
        }
        break;
    case 5: {
        rt_piece t = rest;
        if (rt_eat(&t, "合計")) {
            t = rt_trim(t);
            if (figure(t, &m->amount, &m->too_big))
                rest.len = 0;
        }
        break;
    }
    case 14: {
        size_t before = rt_find(rest.s, rest.len, EVALUATION_TAG);
        if (before < rest.len) {
            size_t skip = before + strlen(EVALUATION_TAG);
            m->extra = rt_trim((rt_piece){rest.s + skip, rest.len - skip, rest.lineno});
            rest = rt_trim((rt_piece){rest.s, before, rest.lineno});
        }
        break;
    }
    default:
        break;
    }
    if (!add_unit(b->lay, m))
        return false;
    return rest.len == 0 || add_text(b, rest, m->box);
}

/* The rest of a label printed other than the form's whole label
 * (`背景、区民ニーズ、現状課題`, `動向や取組`), when only its key was
 * found: what follows the key with no white space between, or what opens
 * with a mark that no text opens with but the label goes on with (、 や).
 * Only boxes whose text it would join ask.  Its length is 0 when the key
 * stands alone. */
static rt_piece label_rest(int box, const char *s, size_t len, long lineno)
{
    const rt_box *info = rt_box_info(box);
    rt_piece none = {NULL, 0, lineno};
    if (info->text_field < 0 && info->list_field < 0)
        return none;
    size_t i = rt_space_prefix(s, len);
    if (i > 0 && !rt_starts(s + i, len - i, "、") && !rt_starts(s + i, len - i, "や"))
        return none;
    size_t n = i;
    while (n < len && rt_space_prefix(s + n, len - n) == 0)
        n++;
    return (rt_piece){s + i, n - i, lineno};
}

/* Splits line `i` at its markers, the first of which (box `box`) is at
 * `start`..`end` of the line; may consume line i+1 (a second label line
 * such as `財源確保`).  Returns the index of the next line to read. */
static size_t marker_line(builder *b, const rt_page *page, size_t i, int box, size_t start,
                          size_t end, bool partial, bool *ok)
{
    const char *s = rt_page_line(page, i);
    size_t len = page->lines[i].len;
    long lineno = page->lines[i].lineno;
    rt_piece pre = rt_trim((rt_piece){s, start, lineno});
    *ok = pre.len == 0 || add_text(b, pre, b->attach);
    size_t next = i + 1;
    while (*ok) {
        b->text = 0;
        int next_box;
        size_t next_start = len, next_end;
        bool next_partial = false;
        bool more = find_marker(s, len, end, &next_box, &next_start, &next_end, &next_partial);
        rt_piece tail = partial ? label_rest(box, s + end, next_start - end, lineno)
                                : (rt_piece){NULL, 0, lineno};
        /* a sentence, or more than twice what the form's label has left,
         * is text glued to the key rather than the label's rest */
        const rt_box *info = rt_box_info(box);
        bool glued = tail.len > 2 * (strlen(info->full != NULL ? info->full : info->key) -
                                     strlen(info->key)) ||
                     rt_contains(tail.s, tail.len, "。");
        size_t from = tail.len > 0 && !glued ? (size_t)(tail.s + tail.len - s) : end;
        rt_piece rest = rt_trim((rt_piece){s + from, next_start - from, lineno});
        const char *second = rt_box_info(box)->second;
        if (second != NULL && rest.len == 0 && next < page->count &&
            end - start < strlen(rt_box_info(box)->full)) {
            rt_piece below = rt_trim((rt_piece){rt_page_line(page, next),
                                                page->lines[next].len, page->lines[next].lineno});
            if (rt_starts(below.s, below.len, second)) {
                size_t n = strlen(second);
                rest = rt_trim((rt_piece){below.s + n, below.len - n, below.lineno});
                next++;
            }
        }
        rt_unit m = {.kind = RT_MARKER, .lineno = lineno, .box = box, .rest = rest,
                     .extra = tail, .amount = BC_AMOUNT_NULL, .amount2 = BC_AMOUNT_NULL,
                     .fund = -1};
        *ok = marker_inline(b, &m, rest);
        /* ` 10 要求内容 要求額` ends the title's line: text below still
         * continues the title */
        if (box != 10)
            b->attach = rt_box_info(box)->binds ? box : 0;
        if (!more)
            break;
        box = next_box;
        start = next_start;
        end = next_end;
        partial = next_partial;
    }
    return next;
}

/* A one-line paragraph of its own block right after a table row that reads
 * like the rest of its label (`（調査研究、研修実施費用等）`) rather than like
 * a box's text, which is sentences or items.  This holds for the rows on the
 * ２ and ３ lines too: the text of those boxes never stops short of a `。`
 * after one short line, and what shares the marker's block is bound to it.
 * The tail must also fit the label column, which is `column` cells wide. */
static bool label_tail(const rt_layout *lay, size_t k, size_t column)
{
    const rt_unit *u = &lay->units[k];
    if (k == 0 || lay->units[k - 1].kind != RT_ROW || u->bound != 0 || u->count != 1)
        return false;
    rt_piece t = rt_trim(lay->pieces[u->first]);
    return bc_text_display_width(t.s, t.len, false) <= column &&
           !rt_contains(t.s, t.len, "。") && !rt_contains(t.s, t.len, "：") &&
           rt_item_mark_length(t.s, t.len) == 0;
}

/* The row units of the block so far, from line `first`, become text: a
 * line of the block is not a row, so none of them is (see rt_layout_build). */
static bool rows_to_text(builder *b, const rt_page *page, size_t first, size_t line,
                         size_t units_from)
{
    b->lay->count = units_from;
    b->text = 0;
    for (size_t j = first; j < line; j++)
        if (!add_text(b, (rt_piece){rt_page_line(page, j), page->lines[j].len,
                                    page->lines[j].lineno},
                      b->attach))
            return false;
    return true;
}

bc_status rt_layout_build(rt_layout *lay, const rt_page *page, bc_error *err)
{
    lay->count = 0;
    lay->piece_count = 0;
    memset(lay->marker_at, 0, sizeof lay->marker_at);
    builder b = {lay, 0, 0};
    bool ok = true;
    /* A `label amount` line is a row only when its whole block is rows: a
     * sentence that ends in a number must not become one.  Each line is
     * read once, so the rows of a block are added as rows while every line
     * so far is one, and turned into text when a line that is not comes. */
    size_t block = 1, block_units = 0;
    bool all_rows = true;
    size_t i = 1; /* lines[0] is the NO line */
    while (ok && i < page->count) {
        rt_piece t = rt_trim((rt_piece){rt_page_line(page, i), page->lines[i].len,
                                        page->lines[i].lineno});
        int box;
        size_t start, end;
        if (t.len == 0) {
            b.text = 0;
            b.attach = 0;
            block = ++i;
            block_units = lay->count;
            all_rows = true;
            continue;
        }
        rt_unit u;
        bool partial = false;
        bool marker = find_marker(t.s, t.len, 0, &box, &start, &end, &partial);
        line_class lc = marker ? LC_MARKER : classify(t, &u);
        if (all_rows && lc != LC_ROW) {
            all_rows = false;
            ok = rows_to_text(&b, page, block, i, block_units);
        }
        if (!ok)
            break;
        if (lc == LC_MARKER) {
            /* a page line has no white space at its end (rt_reader_next()),
             * so the trimmed line's marker is the line's, after its indent */
            size_t indent = (size_t)(t.s - rt_page_line(page, i));
            i = marker_line(&b, page, i, box, start + indent, end + indent, partial, &ok);
            continue;
        }
        if (lc == LC_TEXT || (lc == LC_ROW && !all_rows)) {
            ok = add_text(&b, (rt_piece){rt_page_line(page, i), page->lines[i].len,
                                         page->lines[i].lineno},
                          b.attach);
        } else {
            b.text = 0;
            b.attach = 0;
            ok = add_unit(lay, &u);
        }
        i++;
    }
    if (!ok)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    /* The form sets no width the importer could know beforehand, so the
     * label column is measured on the page: it holds the widest label the
     * table prints on one line. */
    size_t column = 0;
    for (size_t k = 0; k < lay->count; k++) {
        const rt_unit *u = &lay->units[k];
        size_t w = u->kind == RT_ROW ? bc_text_display_width(u->rest.s, u->rest.len, false) : 0;
        column = w > column ? w : column;
    }
    for (size_t k = 0; k < lay->count; k++)
        if (lay->units[k].kind == RT_TEXT && label_tail(lay, k, column))
            lay->units[k].kind = RT_ROWCONT;
    /* the placing asks for markers all the time; units keep their kind */
    for (size_t k = lay->count; k-- > 0;)
        if (lay->units[k].kind == RT_MARKER && lay->units[k].box >= 1 && lay->units[k].box <= 14)
            lay->marker_at[lay->units[k].box] = k + 1;
    return BC_OK;
}
