/*
 * page.c - reads the input line by line and cuts it into pages at `NO n`
 * lines.  Every line is checked (UTF-8, no control characters), stripped of
 * CR, BOM and trailing white space, and normalised with bc_text_normalize()
 * before anything looks at it, so that radical forms and unified ideographs,
 * LF and CRLF, form feeds and blank lines all give the same page.
 */
#include <stdlib.h>
#include <string.h>

#include "rawtext.h"

#define BOM "\xEF\xBB\xBF"

void rt_reader_init(rt_reader *r, bc_input *in)
{
    memset(r, 0, sizeof *r);
    r->in = in;
    r->name = bc_input_name(in);
}

void rt_reader_free(rt_reader *r)
{
    free(r->pending);
    memset(r, 0, sizeof *r);
}

void rt_page_free(rt_page *page)
{
    free(page->text);
    free(page->lines);
    memset(page, 0, sizeof *page);
}

size_t rt_bom_prefix(const char *s, size_t len)
{
    rt_piece p = {s, len, 0};
    while (rt_eat(&p, BOM))
        ;
    return len - p.len;
}

bool rt_is_no_line(const char *s, size_t len, int64_t *no)
{
    /* every line is asked: most start with what no NO line starts with (N,
     * Ｎ or a BOM, white space, U+3000); kana and kanji share the lead
     * bytes of the last three */
    const unsigned char *u = (const unsigned char *)s;
    unsigned char c = len > 0 ? u[0] : 0;
    if (c != 'N' && c != ' ' && c != '\t' &&
        !(len >= 3 && c == 0xE3 && u[1] == 0x80 && u[2] == 0x80) &&
        !(len >= 3 && c == 0xEF && ((u[1] == 0xBB && u[2] == 0xBF) || (u[1] == 0xBC && u[2] == 0xAE))))
        return false;
    size_t bom = rt_bom_prefix(s, len);
    rt_piece p = rt_trim((rt_piece){s + bom, len - bom, 0});
    if (!rt_eat(&p, "NO") && !rt_eat(&p, "ＮＯ"))
        return false;
    size_t i = rt_space_prefix(p.s, p.len), used;
    int64_t n = rt_number(p.s + i, p.len - i, &used);
    if (n < 0 || i + used != p.len)
        return false;
    *no = n <= INT32_MAX ? n : -1;
    return true;
}

/*
 * The next raw line, split at form feeds: a form feed ends a line and adds a
 * blank one, so that a page break always separates blocks.  Sets `*s`/`*len`
 * to bytes of the line bc_input_getline() gave, which stays valid until the
 * next one is read: only once its segments are all returned.
 *
 * A line is returned whole at first: a form feed is a control character,
 * which fails the line's check, and split_again() then has it returned
 * split.  Most lines have none, and are not searched for one.
 */
static bc_status next_segment(rt_reader *r, const char **s, size_t *len, bc_error *err)
{
    if (!r->seg_live) {
        const char *line;
        size_t n;
        bc_status st = bc_input_getline(r->in, &line, &n, err);
        if (st != BC_OK)
            return st;
        if (n > 0 && line[n - 1] == '\r')
            n--;
        r->seg = line;
        r->seg_len = n;
        r->seg_pos = 0;
        r->seg_split = false;
        *s = line;
        *len = n;
        return BC_OK;
    }
    const char *start = r->seg + r->seg_pos;
    size_t avail = r->seg_len - r->seg_pos;
    const char *ff = memchr(start, '\f', avail);
    if (ff == NULL) {
        *s = start;
        *len = avail;
        r->seg_live = false;
        return BC_OK;
    }
    if (ff == start) {
        /* the form feed itself: a blank line */
        r->seg_pos++;
        *s = start;
        *len = 0;
        return BC_OK;
    }
    *s = start;
    *len = (size_t)(ff - start);
    r->seg_pos += *len;
    return BC_OK;
}

/* Whether line `s`, which failed its check, is the raw line whole and
 * holds a form feed: then it is to be read again, split (next_segment()). */
static bool split_again(rt_reader *r, const char *s, size_t len)
{
    if (r->seg_split || s != r->seg || len != r->seg_len || memchr(s, '\f', len) == NULL)
        return false;
    r->seg_split = r->seg_live = true;
    return true;
}

/* Rejects what a text extractor never writes: invalid UTF-8 and control
 * characters (a binary file). */
static bc_status check_line(const rt_reader *r, const char *s, size_t len, bc_error *err)
{
    long lineno = bc_input_line(r->in);
    size_t bad;
    if (!bc_utf8_valid(s, len, &bad))
        return bc_error_set(err, BC_ERR_DATA, r->name, lineno,
                            "invalid UTF-8 at byte %zu of the line (%s)", bad + 1,
                            bc_cp932_plausible((const unsigned char *)s + bad, len - bad)
                                ? "it reads as Shift_JIS: give -O encoding=cp932"
                                : "is this a binary file?");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return bc_error_set(err, BC_ERR_DATA, r->name, lineno,
                                "control character 0x%02X in text (is this a binary file?)", c);
    }
    return BC_OK;
}

/* Appends line `s` (checked and normalised here, in one pass, into the
 * page's arena) to `page`. */
static bc_status add_line(const rt_reader *r, rt_page *page, const char *s, size_t len,
                          long lineno, bc_error *err)
{
    if (page->count >= RT_PAGE_MAX_LINES)
        return bc_error_set(err, BC_ERR_DATA, r->name, lineno,
                            "page NO %lld has more than %u lines: is this a 概要書 text?",
                            (long long)page->no, RT_PAGE_MAX_LINES);
    /* a BOM opens with 0xEF, which few lines do */
    size_t bom = len > 0 && (unsigned char)s[0] == 0xEF ? rt_bom_prefix(s, len) : 0;
    /* a line is at most BC_INPUT_MAX_LINE: the arena stays within a small
     * multiple of the page limit, checked once the line is in */
    char *text = rt_grow(page->text, &page->text_cap,
                         page->text_len + BC_TEXT_NORMALIZED_SIZE(len - bom), 1);
    rt_line *lines = text != NULL ? rt_grow(page->lines, &page->cap, page->count + 1,
                                            sizeof *lines)
                                  : NULL;
    if (text != NULL)
        page->text = text;
    if (lines == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, r->name, lineno, "out of memory");
    page->lines = lines;
    char *norm = page->text + page->text_len;
    size_t norm_len;
    /* it checks the UTF-8 and the control characters next_line() left
     * unchecked; check_line() says which fault comes first */
    if (bc_text_normalize_to(s + bom, len - bom, norm, &norm_len, true) != BC_OK) {
        bc_status st = check_line(r, s, len, err);
        return st != BC_OK ? st : bc_error_set(err, BC_ERR_DATA, r->name, lineno, "not text");
    }
    if (page->text_len + norm_len + 1 > RT_PAGE_MAX_BYTES)
        return bc_error_set(err, BC_ERR_DATA, r->name, lineno,
                            "page NO %lld is longer than %u bytes: is this a 概要書 text?",
                            (long long)page->no, RT_PAGE_MAX_BYTES);
    norm_len -= rt_space_suffix(norm, norm_len);
    if (rt_space_prefix(norm, norm_len) == norm_len)
        norm_len = 0;
    norm[norm_len] = '\0';
    page->lines[page->count++] = (rt_line){page->text_len, norm_len, lineno};
    page->text_len += norm_len + 1;
    return BC_OK;
}

/* Keeps a NO line for the page it opens. */
static bc_status keep_pending(rt_reader *r, const char *s, size_t len, int64_t no, bc_error *err)
{
    /* taken for text, it was a row of the page before and failed that */
    if (no < 0) {
        size_t shown = bc_utf8_prefix(s, len, 64);
        return bc_error_set(err, BC_ERR_DATA, r->name, bc_input_line(r->in),
                            "'%.*s%s': a page number is at most %d", (int)shown, s,
                            shown < len ? "…" : "", INT32_MAX);
    }
    char *p = realloc(r->pending, len + 1);
    if (p == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, r->name, bc_input_line(r->in), "out of memory");
    memcpy(p, s, len);
    p[len] = '\0';
    r->pending = p;
    r->pending_len = len;
    r->pending_no = no;
    r->pending_lineno = bc_input_line(r->in);
    r->have_pending = true;
    r->seen_no = true;
    return BC_OK;
}

/* The next line, checked when `checked` (a line that goes to a page is
 * checked when it is normalised, by add_line()); BC_END at the end of the
 * input. */
static bc_status next_line(rt_reader *r, const char **s, size_t *len, bool checked,
                           bc_error *err)
{
    bc_status st;
    do
        st = next_segment(r, s, len, err);
    while (st == BC_OK && checked && (st = check_line(r, *s, *len, err)) != BC_OK &&
           split_again(r, *s, *len));
    return st;
}

bc_status rt_reader_next(rt_reader *r, rt_page *page, bc_error *err)
{
    page->text_len = 0;
    page->count = 0;
    page->last = false;
    const char *s;
    size_t len;
    int64_t no;
    bc_status st;
    while (!r->have_pending) {
        st = next_line(r, &s, &len, true, err);
        if (st == BC_END && !r->seen_no) {
            long line = bc_input_line(r->in);
            return bc_error_set(err, BC_ERR_DATA, r->name, line > 0 ? line : 1,
                                "no 'NO <n>' line: is this a 概要書 text?");
        }
        if (st != BC_OK)
            return st;
        /* text before the first NO line (a cover, a title) is not a sheet */
        if (rt_is_no_line(s, len, &no) && (st = keep_pending(r, s, len, no, err)) != BC_OK)
            return st;
    }
    page->no = r->pending_no;
    page->lineno = r->pending_lineno;
    r->have_pending = false;
    st = add_line(r, page, r->pending, r->pending_len, r->pending_lineno, err);
    while (st == BC_OK) {
        /* a NO line is ASCII (rt_is_no_line); any other goes to add_line() */
        st = next_line(r, &s, &len, false, err);
        if (st == BC_END) {
            page->last = true;
            return BC_OK;
        }
        if (st != BC_OK)
            break;
        if (rt_is_no_line(s, len, &no))
            return keep_pending(r, s, len, no, err);
        st = add_line(r, page, s, len, bc_input_line(r->in), err);
        if (st != BC_OK && split_again(r, s, len))
            st = BC_OK;
    }
    return st;
}
