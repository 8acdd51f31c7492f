/*
 * rawtext.h - what the files of the rawtext importer share.
 *
 * The importer works one page (one 概要書 sheet) at a time:
 *   form.c       the form's numbered boxes: labels, fields, roles;
 *   page.c       reads the stream, normalises lines, cuts it at `NO n` lines;
 *   layout.c     turns a page's lines into units: box markers, table rows,
 *                header lines, the ⇒ column, paragraphs of text;
 *   boxes.c      decides which box each paragraph belongs to;
 *   line_items.c rebuilds the 10 要求内容 table's rows (their order, the ⇒ column);
 *   funding.c    rebuilds 財源内訳;
 *   paragraphs.c joins wrapped lines and splits ・ lists;
 *   strings.c    the string buffer, searching and splitting at a literal;
 *   numbers.c    numbers and amounts as the sheet prints them;
 *   sheet.c      fills a bc_record from one page;
 *   rawtext_plugin.c  the descriptor and the streaming glue.
 * See README.md in this directory for the method.
 */
#ifndef BC_RAWTEXT_H
#define BC_RAWTEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <budgetconv/budgetconv.h>

/**
 * A page larger than this, or with more lines, is not a 概要書 sheet (one
 * sheet is a few hundred lines): BC_ERR_DATA.  Together they bound what a
 * page costs (its units and pieces are a few dozen bytes a line).
 */
#define RT_PAGE_MAX_BYTES (4u * 1024u * 1024u)
#define RT_PAGE_MAX_LINES 100000u
/** More rows than this in the 10 table: BC_ERR_DATA (each becomes a line item). */
#define RT_PAGE_MAX_ROWS 1000u

/* ------------------------------------------------------------------------ */
/* Pages (page.c)                                                             */

/** One line of a page: normalised text at `off` in the page's arena. */
typedef struct rt_line {
    size_t off;
    size_t len; /**< 0 for a blank line */
    long lineno;
} rt_line;

/** The lines from one `NO n` line up to the next; lines[0] is the NO line. */
typedef struct rt_page {
    char *text; /**< arena holding every line, each NUL-terminated */
    size_t text_len, text_cap;
    rt_line *lines;
    size_t count, cap;
    int64_t no;
    long lineno; /**< line of the `NO n` line */
    bool last;   /**< the input ended inside this page */
} rt_page;

/** Reads pages from one input. */
typedef struct rt_reader {
    bc_input *in;
    const char *name;
    const char *seg;     /**< current raw line (bc_input_getline()'s) */
    size_t seg_len, seg_pos;
    bool seg_live;       /**< seg holds segments not yet returned */
    bool seg_split;      /**< seg holds a form feed: it is returned split there */
    char *pending;       /**< the NO line that opens the next page */
    size_t pending_len;
    long pending_lineno;
    int64_t pending_no;
    bool have_pending;
    bool seen_no;
} rt_reader;

void rt_reader_init(rt_reader *r, bc_input *in);
void rt_reader_free(rt_reader *r);

/**
 * Reads the next page into `page` (its buffers are reused).  Returns BC_OK,
 * BC_END when there are no more pages, or BC_ERR_DATA (invalid UTF-8, a page
 * too large, no `NO n` line in the whole input) with `err` naming the line.
 */
bc_status rt_reader_next(rt_reader *r, rt_page *page, bc_error *err);

void rt_page_free(rt_page *page);

/** Text of line `i` of `page`. */
static inline const char *rt_page_line(const rt_page *page, size_t i)
{
    return page->text + page->lines[i].off;
}

/**
 * Length of the UTF-8 BOMs that open `s`: concatenated files keep theirs,
 * so one may open any line.
 */
size_t rt_bom_prefix(const char *s, size_t len);

/** True when `s` is a `NO <n>` line; sets `*no`, to -1 when n is over
 * INT32_MAX (no page number, and no text either: an error to report). */
bool rt_is_no_line(const char *s, size_t len, int64_t *no);

/* ------------------------------------------------------------------------ */
/* Units of a page (layout.c)                                                 */

/** A piece of one line. */
typedef struct rt_piece {
    const char *s;
    size_t len;
    long lineno;
} rt_piece;

typedef enum rt_kind {
    RT_TEXT,    /**< a paragraph: pieces [first, first+count) */
    RT_MARKER,  /**< a box label; `box`, inline text in `rest` */
    RT_ROW,     /**< a table row: label `rest`, `amount` */
    RT_ROWCONT, /**< a table label continued on a line of its own */
    RT_ARROW,   /**< a ⇒ value: `amount`, `amount2` (うち特財) */
    RT_NUMBER,  /**< a bare amount: a printed 財源内訳 row */
    RT_FUND,    /**< a 財源内訳 label line: `fund` (-1: 財源/内訳), detail `rest` */
    RT_DEBT,    /**< 債務負担行為; `rest` what follows it */
    RT_LIMIT,   /**< the `令和 年 〜 年 限度額` line */
    RT_HEADER,  /**< `令和２年度予算要求事業概要書 所管課 …` */
    RT_ACCOUNT, /**< `款 …` */
    RT_UNITS,   /**< `（単位：千円）` */
    RT_EVAL,    /**< `【事務事業評価】 value` on a line of its own: `rest` */
    RT_OTHER    /**< a label of the form with nothing to keep */
} rt_kind;

typedef struct rt_unit {
    rt_kind kind;
    long lineno;
    int box;          /**< RT_MARKER: 1–14; RT_TEXT: the box it went to (0: none yet) */
    int bound;        /**< RT_TEXT: box of the marker it follows on its line or block */
    size_t first;     /**< RT_TEXT/RT_ROWCONT: first piece; RT_FUND, RT_EVAL, RT_MARKER
                           14: first line that continues the detail / evaluation */
    size_t count;     /**< number of those pieces */
    rt_piece rest;    /**< see rt_kind */
    rt_piece extra;   /**< RT_MARKER ２: the request type; １４: the evaluation;
                           others: the rest of a label printed otherwise
                           than the form's, kept out of the text */
    int64_t amount;   /**< RT_ROW, RT_NUMBER, RT_ARROW; RT_MARKER ５: 合計 */
    int64_t amount2;  /**< RT_ARROW: うち特財 */
    int origin;       /**< RT_ROW: 2 or 3 when printed on that box's marker line */
    int fund;         /**< RT_FUND: a bc_fund_source, or -1 */
    /** RT_ROW, RT_NUMBER, RT_ARROW, RT_MARKER ５: a figure written as an
     *  amount that does not fit 64 bits (its amount is then null), which
     *  makes the record bad; len 0 when there is none. */
    rt_piece too_big;
    int tense; /**< RT_TEXT: what its sentences say (boxes.c), RT_TENSE_UNKNOWN until asked */
} rt_unit;

#define RT_TENSE_UNKNOWN 2

typedef struct rt_layout {
    rt_unit *units;
    size_t count, cap;
    rt_piece *pieces;
    size_t piece_count, piece_cap;
    /** display width of each piece, measured once when a join needs it
     *  (a paragraph of one line does not): RT_WIDTH_UNKNOWN until then */
    size_t *widths;
    size_t width_cap;
    size_t marker_at[15]; /**< index + 1 of box n's first marker unit, 0: none */
} rt_layout;

/** Splits `page` into units (reusing the buffers of `lay`). */
bc_status rt_layout_build(rt_layout *lay, const rt_page *page, bc_error *err);
void rt_layout_free(rt_layout *lay);

/* ------------------------------------------------------------------------ */
/* The form's boxes (form.c)                                                  */

/** What the importer knows about one numbered box of the form. */
typedef struct rt_box {
    const char *key;    /**< the start of its label, which must follow the number */
    const char *full;   /**< its whole label, consumed when present; or NULL */
    const char *second; /**< a label line of its own below the first; or NULL */
    bool binds;         /**< text after its marker, in the marker's block, is its */
    bool narrative;     /**< it holds running text or a list, which every sheet fills */
    int text_field;     /**< the bc_text_field its text fills, or -1 */
    int list_field;     /**< the bc_list_field its ・ items fill, or -1 */
    bool on_comma;      /**< its items are also split at 、 */
} rt_box;

/** Box `box` (1–14), or NULL. */
const rt_box *rt_box_info(int box);

/** The printed label of box `box` (1–14), e.g. "事業名"; NULL otherwise. */
const char *rt_box_name(int box);

/** The unit of marker `box`, or NULL. */
const rt_unit *rt_layout_marker(const rt_layout *lay, int box);

/**
 * The unit right below the label of `box`, past table rows (where a box's
 * text starts); `lay->count` when there is none or no label.
 */
size_t rt_below_label(const rt_layout *lay, int box);

/**
 * The paragraphs placed in `box` that follow its label (past table rows),
 * as units [*s, *e); empty when none does.
 */
void rt_label_run(const rt_layout *lay, int box, size_t *s, size_t *e);

/* ------------------------------------------------------------------------ */
/* Diagnostics                                                                */

/** Where warnings about one page go. */
typedef struct rt_diag {
    bc_context *ctx;
    const char *file;
    int64_t no;
    long page_line; /**< the `NO n` line: where a warning without a line points */
    size_t *warned; /**< warnings about the page so far, or NULL (no limit) */
} rt_diag;

/** Warnings shown per page; rt_sheet_build() says how many more there were. */
#define RT_PAGE_MAX_WARNINGS 50u

/** bc_context_warn() with "NO n: " in front; `line` 0 means the page's. */
void rt_warn(const rt_diag *d, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ------------------------------------------------------------------------ */
/* Boxes (boxes.c), line items (line_items.c) and funding (funding.c)        */

/** Sets `box` of every RT_TEXT unit (0 when it fits nowhere; warned). */
void rt_assign_boxes(rt_layout *lay, const rt_diag *d);

/**
 * Steps the search for the order of table rows may take over one input, so
 * that the work stays bounded however many hard pages it holds; once they
 * are spent each page still gets a few (see line_items.c).
 */
#define RT_SEARCH_INPUT_STEPS 20000000L

/**
 * Fills line_items and total of `rec` from the units; the search for the
 * rows' order takes its steps from `*search_left`.
 */
bc_status rt_line_items_build(const rt_layout *lay, bc_record *rec, const rt_diag *d,
                              long *search_left, bc_error *err);

/** Fills funding of `rec` from the units (after its total: it is checked against the budget). */
bc_status rt_funding_build(const rt_layout *lay, bc_record *rec, const rt_diag *d,
                           bc_error *err);

/* ------------------------------------------------------------------------ */
/* Strings (strings.c)                                                       */

/** A growable NUL-terminated string. */
typedef struct rt_buf {
    char *s;
    size_t len, cap;
} rt_buf;

bool rt_buf_add(rt_buf *b, const char *s, size_t len);
void rt_buf_free(rt_buf *b);

/* The white space helpers are inline: every line, piece and label is
 * trimmed, several times over. */

/** Length of the white space character (ASCII or U+3000) that opens `s`, or 0. */
static inline size_t rt_space_at(const char *s, size_t len)
{
    /* asked of nearly every character a trim meets: one byte decides most */
    unsigned char c = len > 0 ? (unsigned char)s[0] : 0;
    if (c == ' ' || c == '\t')
        return 1;
    return c == 0xE3 && len >= 3 && (unsigned char)s[1] == 0x80 && (unsigned char)s[2] == 0x80
               ? 3
               : 0;
}

/** Length of the white space at the start of `s`. */
static inline size_t rt_space_prefix(const char *s, size_t len)
{
    size_t i = 0, n;
    while (i < len && (n = rt_space_at(s + i, len - i)) > 0)
        i += n;
    return i;
}

/** Length of the white space at the end of `s`. */
static inline size_t rt_space_suffix(const char *s, size_t len)
{
    size_t n = len;
    for (;;) {
        unsigned char c = n > 0 ? (unsigned char)s[n - 1] : 0;
        if (c == ' ' || c == '\t')
            n--;
        else if (c == 0x80 && n >= 3 && memcmp(s + n - 3, "\xE3\x80\x80", 3) == 0)
            n -= 3;
        else
            return len - n;
    }
}

/** `s` without leading and trailing white space (ASCII and U+3000). */
static inline rt_piece rt_trim(rt_piece p)
{
    /* An empty piece may have no text at all (s NULL): even NULL + 0 is
     * undefined. */
    if (p.len == 0)
        return p;
    size_t lead = rt_space_prefix(p.s, p.len);
    p.s += lead;
    p.len -= lead;
    p.len -= rt_space_suffix(p.s, p.len);
    return p;
}

/* rt_eat(), rt_eat_end() and rt_starts() are inline: they are asked of
 * every line, always with a literal, whose length the compiler knows. */

/** bc_grow(), without a call when the room is there, as it mostly is: a
 * page's lines, units and pieces are grown one at a time. */
static inline void *rt_grow(void *array, size_t *capacity, size_t need, size_t size)
{
    return need <= *capacity ? array : bc_grow(array, capacity, need, size);
}

/** When `p` starts with `literal`, drops it from `*p`; whether it did. */
static inline bool rt_eat(rt_piece *p, const char *literal)
{
    size_t n = strlen(literal);
    if (p->len < n || memcmp(p->s, literal, n) != 0)
        return false;
    p->s += n;
    p->len -= n;
    return true;
}

/** When `p` ends with `literal`, drops it from `*p`; whether it did. */
static inline bool rt_eat_end(rt_piece *p, const char *literal)
{
    size_t n = strlen(literal);
    if (p->len < n || memcmp(p->s + p->len - n, literal, n) != 0)
        return false;
    p->len -= n;
    return true;
}

/**
 * Splits `p` around the first `literal` in it into `*before` and `*after`
 * (either may be NULL); false, and nothing set, when there is none.
 */
bool rt_split_at(rt_piece p, const char *literal, rt_piece *before, rt_piece *after);

/** True when `s` starts with `prefix`. */
static inline bool rt_starts(const char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && memcmp(s, prefix, n) == 0;
}

/** Offset of the first `needle` (`n` bytes) in `s[0..len)`, or `len` when
 * there is none. */
size_t rt_find_bytes(const char *s, size_t len, const char *needle, size_t n);

/* rt_find() and rt_contains() are inline for the same reason as rt_eat():
 * the needle is a literal, its length known without a strlen(). */

/** Offset of the first `needle` in `s[0..len)`, or `len` when there is none. */
static inline size_t rt_find(const char *s, size_t len, const char *needle)
{
    return rt_find_bytes(s, len, needle, strlen(needle));
}

/** True when `needle` occurs in `s[0..len)`. */
static inline bool rt_contains(const char *s, size_t len, const char *needle)
{
    return rt_find(s, len, needle) < len;
}

/* ------------------------------------------------------------------------ */
/* Numbers (numbers.c)                                                       */

/**
 * The number written in ASCII or fullwidth digits at the start of `s`, or -1
 * when there is none; `*used` is its length in bytes (0 when none).
 */
int64_t rt_number(const char *s, size_t len, size_t *used);

/** What a figure is, as bc_amount_parse() reads amounts. */
typedef enum rt_amount_read {
    RT_NO_AMOUNT = 0, /**< not written as an amount */
    RT_AMOUNT,        /**< an amount */
    RT_AMOUNT_TOO_BIG /**< written as one, but it does not fit 64 bits */
} rt_amount_read;

/**
 * Reads `s[0..len)` as bc_amount_parse() does, into `*out`, telling an
 * amount too large for 64 bits (then `*out` is BC_AMOUNT_NULL) from what
 * is no amount at all (`*out` left alone).
 */
rt_amount_read rt_amount(const char *s, size_t len, int64_t *out);

/**
 * Splits `label amount` at the last white space when what follows is
 * written as an amount (see rt_amount()); sets `*label` (trimmed, may be
 * empty), `*figure` (the amount as written) and `*amount`.
 */
rt_amount_read rt_split_amount(rt_piece p, rt_piece *label, rt_piece *figure, int64_t *amount);

/* ------------------------------------------------------------------------ */
/* Paragraphs (paragraphs.c)                                                 */

#define RT_WIDTH_UNKNOWN SIZE_MAX

/**
 * Joins wrapped lines as DESIGN §1 says; appends to `b`.  `widths`: the
 * display widths of the pieces (rt_layout.widths), each RT_WIDTH_UNKNOWN
 * entry measured here when needed and kept.
 */
bool rt_join(rt_buf *b, const rt_piece *pieces, size_t *widths, size_t n);

/** Appends `next` as the wrapped continuation of `b` (a table label). */
bool rt_join_wrapped(rt_buf *b, rt_piece next);

/**
 * True when `line` starts with what cannot start a line of running text or
 * adds to the line before (an opening bracket, closing punctuation): it
 * continues the line above it.
 */
bool rt_continues_line(rt_piece line);

/** A `key：` that opens an item is at most this many characters long. */
#define RT_KEY_MAX_CHARS 16

/**
 * Length in bytes of the short key that opens `s` as an item of a list
 * opens: before its `：` (`対象者：…`, `実施手法：…`), before an ASCII `:`
 * when the key has no ASCII (`対象者:…`), or `【key` before its `】`
 * (`【対象者】…`); 0 when `s` does not open so.
 */
size_t rt_key_length(const char *s, size_t len);

/**
 * Length in bytes of the mark that numbers or bullets an item at the start
 * of `s`, with the white space after it: a bullet (・ ■ ◆ ① …), a number
 * with a point or a bracket after it or a space (`１ `, `2.`, `３）`), or one
 * in brackets (`（１）`, `(2)`); 0 when there is none.
 */
size_t rt_item_mark_length(const char *s, size_t len);

/** Appends the items of a ・ list (`on_comma`: also split at 、) to list `l`. */
bc_status rt_split_list(bc_record *rec, bc_list_field l, const char *text,
                        bool on_comma);

/* ------------------------------------------------------------------------ */
/* Records (sheet.c)                                                          */

/**
 * Fills `rec` from `page`.  Sets `*skipped` (and warns) when the page is too
 * incomplete to give a record.  `*search_left`: see rt_line_items_build().
 */
bc_status rt_sheet_build(const rt_page *page, rt_layout *lay, bc_record *rec,
                         const rt_diag *d, long *search_left, bool *skipped, bc_error *err);

/**
 * Sets `b` to `value` (a 財源内訳 detail, the 【事務事業評価】 value of unit
 * `u`) joined with the lines below it that continue it (u's pieces).
 */
bool rt_unit_value(const rt_layout *lay, const rt_unit *u, rt_piece value, rt_buf *b);

#endif
