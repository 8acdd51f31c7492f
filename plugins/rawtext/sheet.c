/*
 * sheet.c - fills one bc_record from one page: the header lines, the boxes
 * (placed by boxes.c), the line items (line_items.c) and the funding
 * (funding.c), and the checks that say whether
 * the page is whole.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rawtext.h"

void rt_warn(const rt_diag *d, long line, const char *fmt, ...)
{
    if (d->warned != NULL && (*d->warned)++ >= RT_PAGE_MAX_WARNINGS)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    bc_context_warn(d->ctx, d->file, line > 0 ? line : d->page_line, "NO %lld: %s",
                    (long long)d->no, msg);
}

static const rt_unit *find_kind(const rt_layout *lay, rt_kind kind)
{
    for (size_t i = 0; i < lay->count; i++)
        if (lay->units[i].kind == kind)
            return &lay->units[i];
    return NULL;
}

static bc_status set_piece(bc_record *rec, bc_text_field f, rt_piece p)
{
    p = rt_trim(p);
    return p.len > 0 ? bc_record_set_textn(rec, f, p.s, p.len) : BC_OK;
}

/* A half of header unit `u`: what precedes 所管課 (the sheet's title) or
 * what follows it (部　課); whether `u` carries that half. */
static bool header_part(const rt_unit *u, bool division, rt_piece *half)
{
    rt_piece before = u->rest, after = {NULL, 0, u->rest.lineno};
    bool has = rt_split_at(u->rest, "所管課", &before, &after);
    *half = rt_trim(division ? after : before);
    return division ? has : half->len > 0;
}

/* The first header unit that carries the title or the 所管課 half: the
 * header line, or one of its halves the extractor printed as a text box of
 * its own.  With `d`, another that says something else is reported: which
 * one is the sheet's the text does not say. */
static const rt_unit *header_unit(const rt_layout *lay, bool division, const rt_diag *d)
{
    const rt_unit *first = NULL;
    rt_piece want = {NULL, 0, 0}, half;
    for (size_t i = 0; i < lay->count; i++) {
        const rt_unit *u = &lay->units[i];
        if (u->kind != RT_HEADER || !header_part(u, division, &half))
            continue;
        if (first == NULL) {
            first = u;
            want = half;
        } else if (d != NULL && (half.len != want.len ||
                                   (half.len > 0 && memcmp(half.s, want.s, half.len) != 0))) {
            rt_warn(d, u->lineno, "the page prints %s twice, differently: the first is taken",
                    division ? "its 所管課" : "the sheet's title");
            break;
        }
    }
    return first;
}

/* `令和２年度予算要求事業概要書 所管課 <部>　<課>`, on one line or two. */
static bc_status header(bc_record *rec, const rt_layout *lay, const rt_diag *d)
{
    const rt_unit *title = header_unit(lay, false, d), *division = header_unit(lay, true, d);
    rt_piece left = {NULL, 0, 0}, right = {NULL, 0, 0};
    if (title != NULL)
        header_part(title, false, &left);
    if (division != NULL)
        header_part(division, true, &right);
    rt_piece era = left;
    int base = rt_eat(&era, "令和") ? 2018 : rt_eat(&era, "平成") ? 1988 : 0;
    if (base != 0) {
        int64_t year = 1;
        if (!rt_eat(&era, "元")) {
            size_t used;
            year = rt_number(era.s, era.len, &used);
            era.s += used;
            era.len -= used;
        }
        if (year > 0 && rt_eat(&era, "年度")) {
            rec->fiscal_year = base + year;
            left = rt_trim(era);
        }
    }
    bc_status st = set_piece(rec, BC_F_DOCUMENT, left);
    size_t gap = 0;
    while (gap < right.len && rt_space_prefix(right.s + gap, right.len - gap) == 0)
        gap++;
    if (st == BC_OK)
        st = set_piece(rec, BC_F_BUREAU, (rt_piece){right.s, gap, 0});
    if (st == BC_OK && gap < right.len)
        st = set_piece(rec, BC_F_DIVISION, (rt_piece){right.s + gap, right.len - gap, 0});
    return st;
}

/* +1 for an opening parenthesis, fullwidth or not, -1 for a closing one. */
static int paren(const char *s, size_t len, size_t *n)
{
    int32_t c = bc_utf8_decode(s, len, n);
    return c == 0xFF08 || c == '(' ? 1 : c == 0xFF09 || c == ')' ? -1 : 0;
}

/* `款 総務費（国民健康保険事業会計）`: the account and its fund, which is the
 * parenthesised part that ends the line (DESIGN §1), in either width: the
 * parenthesis that pairs with the last one opens it, so a name that holds
 * parentheses of its own keeps them.  Parentheses that do not pair leave
 * no telling where the fund begins: all of it is the account, reported. */
static bc_status account(bc_record *rec, const rt_unit *u, const rt_diag *d)
{
    rt_piece t = u->rest;
    rt_eat(&t, "款");
    t = rt_trim(t);
    int depth = 0;
    bool paired = true, ends_closed = false;
    size_t open = 0, open_len = 0, last = 0, n;
    for (size_t i = 0; i < t.len; i += n) {
        int p = paren(t.s + i, t.len - i, &n);
        if (p > 0 && depth++ == 0) {
            open = i;
            open_len = n;
        }
        if (p < 0 && depth-- == 0)
            paired = false;
        ends_closed = p < 0;
        last = i;
    }
    if (!paired || depth != 0) {
        rt_warn(d, u->lineno, "the parentheses of 款 do not pair: no fund read from it");
    } else if (ends_closed) {
        bc_status st = set_piece(rec, BC_F_ACCOUNT, (rt_piece){t.s, open, t.lineno});
        rt_piece fund = {t.s + open + open_len, last - open - open_len, t.lineno};
        return st != BC_OK ? st : set_piece(rec, BC_F_FUND, fund);
    }
    return set_piece(rec, BC_F_ACCOUNT, t);
}

/* Opening less closing parentheses in `p`. */
static int open_parens(rt_piece p)
{
    int depth = 0;
    size_t n;
    for (size_t i = 0; i < p.len; i += n)
        depth += paren(p.s + i, p.len - i, &n);
    return depth;
}

/*
 * A value printed after its label on one line — a 財源内訳 detail, the
 * 【事務事業評価】 value — wraps inside its text box like any text: the lines
 * right below it in its block that start as a continued line does (an
 * opening bracket or closing punctuation: `（補助率１/２）`), or that follow a
 * line leaving a parenthesis open, continue it (DESIGN §1: wrapped lines
 * are joined).  A sentence (。) is no value's tail.  Those lines leave the
 * paragraph that held them (the paragraph too, when they were all of it, so
 * that the units around keep their anchors) and become unit k's pieces.
 * Returns whether text is still left right below the value.
 */
static bool take_tail(rt_layout *lay, size_t k, rt_piece value)
{
    rt_unit *u = &lay->units[k];
    u->first = u->count = 0;
    if (k + 1 >= lay->count || lay->units[k + 1].kind != RT_TEXT ||
        lay->pieces[lay->units[k + 1].first].lineno != u->lineno + 1)
        return false;
    rt_unit *t = &lay->units[k + 1];
    value = rt_trim(value);
    int open = open_parens(value);
    size_t n = 0;
    for (; value.len > 0 && n < t->count; n++) {
        rt_piece p = lay->pieces[t->first + n];
        if (rt_contains(p.s, p.len, "。") || (open <= 0 && !rt_continues_line(p)))
            break;
        open += open_parens(p);
    }
    u->first = t->first;
    u->count = n;
    t->first += n;
    t->count -= n;
    if (t->count > 0) {
        t->lineno = lay->pieces[t->first].lineno;
        return true;
    }
    memmove(t, t + 1, (lay->count - k - 2) * sizeof *t);
    lay->count--;
    for (int box = 1; box <= 14; box++)
        if (lay->marker_at[box] > k + 1)
            lay->marker_at[box]--;
    return false;
}

/* Takes the wrapped tails of the 財源内訳 details and of the evaluation
 * before the paragraphs are placed.  What stays right below a source's
 * label in its text box reads neither as its detail nor as the label of
 * another source, and is reported; a sentence below the evaluation that
 * opens as a continuation would is box 14's by the binding, reported too. */
static void value_tails(rt_layout *lay, const rt_diag *d)
{
    for (size_t k = 0; k < lay->count; k++) {
        rt_unit *u = &lay->units[k];
        if (u->kind == RT_FUND && u->fund >= 0) {
            if (take_tail(lay, k, u->rest))
                rt_warn(d, lay->units[k + 1].lineno,
                        "the text below 財源内訳 %s in its text box does not read as the rest "
                        "of its detail: left to the boxes",
                        bc_fund_source_label((bc_fund_source)u->fund));
        } else if (u->kind == RT_EVAL || (u->kind == RT_MARKER && u->box == 14)) {
            rt_piece v = rt_trim(u->kind == RT_EVAL ? u->rest : u->extra);
            if (take_tail(lay, k, v) && v.len > 0 &&
                rt_continues_line(lay->pieces[lay->units[k + 1].first]))
                rt_warn(d, lay->units[k + 1].lineno,
                        "the sentence below the 【事務事業評価】 value opens as its continuation "
                        "would: left to box 14 (%s)",
                        rt_box_name(14));
        }
    }
}

bool rt_unit_value(const rt_layout *lay, const rt_unit *u, rt_piece value, rt_buf *b)
{
    value = rt_trim(value);
    b->len = 0;
    bool ok = rt_buf_add(b, value.s, value.len);
    for (size_t i = 0; ok && i < u->count; i++)
        ok = rt_join_wrapped(b, lay->pieces[u->first + i]);
    return ok;
}

/* The evaluation: the value after 【事務事業評価】 on the 14 line, else on
 * a line of its own. */
static bc_status evaluation(bc_record *rec, const rt_layout *lay)
{
    const rt_unit *u = rt_layout_marker(lay, 14);
    rt_piece v = u != NULL ? rt_trim(u->extra) : (rt_piece){NULL, 0, 0};
    if (v.len == 0 && (u = find_kind(lay, RT_EVAL)) != NULL)
        v = rt_trim(u->rest);
    if (v.len == 0)
        return BC_OK;
    rt_buf b = {NULL, 0, 0};
    bc_status st = rt_unit_value(lay, u, v, &b) ? bc_record_set_text(rec, BC_F_EVALUATION, b.s)
                                                 : BC_ERR_NOMEM;
    rt_buf_free(&b);
    return st;
}

/* `（単位：千円）`. */
static bc_status unit(bc_record *rec, const rt_unit *u)
{
    rt_piece v;
    if (!rt_split_at(u->rest, "：", NULL, &v))
        return BC_OK;
    rt_split_at(v, "）", &v, NULL);
    return set_piece(rec, BC_F_UNIT, v);
}

static bool has_digit(rt_piece p)
{
    size_t used;
    for (size_t i = 0; i < p.len; i++)
        if (rt_number(p.s + i, p.len - i, &used) >= 0)
            return true;
    return false;
}

/* Sets text field `f` to what `b` holds (nothing when empty) and frees
 * `b`; `ok` is false when building it ran out of memory. */
static bc_status set_built(bc_record *rec, bc_text_field f, rt_buf *b, bool ok)
{
    bc_status st = ok ? BC_OK : BC_ERR_NOMEM;
    if (ok && b->len > 0)
        st = bc_record_set_text(rec, f, b->s);
    rt_buf_free(b);
    return st;
}

/* １ 事業名: the rest of its line, and the lines of its block when the
 * title wraps. */
static bc_status title(bc_record *rec, const rt_layout *lay)
{
    const rt_unit *m = rt_layout_marker(lay, 1);
    rt_buf b = {NULL, 0, 0};
    bool ok = rt_buf_add(&b, "", 0);
    for (size_t i = 0; ok && i < lay->count; i++) {
        const rt_unit *u = &lay->units[i];
        if (u == m)
            ok = rt_join_wrapped(&b, u->rest);
        for (size_t k = 0; ok && u->kind == RT_TEXT && u->box == 1 && k < u->count; k++)
            ok = rt_join_wrapped(&b, lay->pieces[u->first + k]);
    }
    return set_built(rec, BC_F_TITLE, &b, ok);
}

/* 債務負担行為: only an amount printed on its row makes it stated. */
static bc_status debt_burden(bc_record *rec, const rt_layout *lay)
{
    rt_buf b = {NULL, 0, 0};
    bool ok = true;
    for (size_t i = 0; ok && i < lay->count; i++) {
        const rt_unit *u = &lay->units[i];
        if ((u->kind != RT_LIMIT && u->kind != RT_DEBT) || !has_digit(u->rest))
            continue;
        ok = (b.len == 0 || rt_buf_add(&b, " ", 1)) && rt_buf_add(&b, u->rest.s, u->rest.len);
    }
    return set_built(rec, BC_F_DEBT_BURDEN, &b, ok);
}

static bool add_paragraph(const rt_layout *lay, const rt_unit *u, rt_buf *b)
{
    return (b->len == 0 || rt_buf_add(b, "\n", 1)) &&
           rt_join(b, &lay->pieces[u->first], &lay->widths[u->first], u->count);
}

/* Joins the paragraphs placed in `box` (`texts` of them), one per line:
 * those that follow its label first (a box's text starts below its label;
 * what the extractor printed elsewhere continues it), then the others in
 * page order. */
static bool box_text(const rt_layout *lay, int box, size_t texts, rt_buf *b)
{
    size_t s, e;
    rt_label_run(lay, box, &s, &e);
    b->len = 0;
    for (size_t i = s; i < e; i++)
        if (!add_paragraph(lay, &lay->units[i], b))
            return false;
    /* most boxes have all their paragraphs below their label */
    for (size_t i = 0; e - s < texts && i < lay->count; i++) {
        const rt_unit *u = &lay->units[i];
        if (u->kind == RT_TEXT && u->box == box && (i < s || i >= e) && !add_paragraph(lay, u, b))
            return false;
    }
    return true;
}

static bc_status boxes(bc_record *rec, const rt_layout *lay)
{
    rt_buf b = {NULL, 0, 0};
    bc_status st = BC_OK;
    size_t texts[15] = {0};
    for (size_t i = 0; i < lay->count; i++)
        if (lay->units[i].kind == RT_TEXT && lay->units[i].box >= 1 && lay->units[i].box <= 14)
            texts[lay->units[i].box]++;
    for (int box = 1; st == BC_OK && box <= 14; box++) {
        const rt_box *info = rt_box_info(box);
        if (info->text_field < 0 && info->list_field < 0)
            continue;
        if (!box_text(lay, box, texts[box], &b))
            st = BC_ERR_NOMEM;
        else if (b.len > 0 && info->text_field >= 0)
            st = bc_record_set_text(rec, (bc_text_field)info->text_field, b.s);
        else if (b.len > 0)
            st = rt_split_list(rec, (bc_list_field)info->list_field, b.s, info->on_comma);
    }
    rt_buf_free(&b);
    return st;
}

/*
 * A page without its header, its title or its total gives no record.  At the
 * end of the input a page that lacks any box label was cut short (a
 * truncated file): it is skipped too, so that a half page never passes for a
 * whole one.  Elsewhere a missing label is only reported.
 */
static bool whole(const rt_page *page, const rt_layout *lay, const rt_diag *d)
{
    char missing[512] = "";
    size_t used = 0;
    for (int box = 1; box <= 14; box++)
        if (rt_layout_marker(lay, box) == NULL && used < sizeof missing)
            used += (size_t)snprintf(missing + used, sizeof missing - used, "%s%d %s",
                                     used ? ", " : "box not found: ", box, rt_box_name(box));
    bool has_header = header_unit(lay, true, NULL) != NULL;
    if (!has_header || rt_layout_marker(lay, 1) == NULL || rt_layout_marker(lay, 5) == NULL ||
        (page->last && used > 0)) {
        rt_warn(d, page->lineno, "page is incomplete (%s%s%s): record skipped",
                has_header ? "" : "no 所管課 header line", !has_header && used ? "; " : "",
                missing);
        return false;
    }
    for (int box = 1; box <= 14; box++)
        if (rt_layout_marker(lay, box) == NULL)
            rt_warn(d, page->lineno, "box %d (%s) not found", box, rt_box_name(box));
    return true;
}

/*
 * An amount the page prints that does not fit 64 bits cannot be kept, and
 * a record without it would pass for a whole one: the record is bad
 * (BC_BAD_RECORD), named at the amount's line with the field it fills.
 */
static bc_status too_big(const rt_layout *lay, const rt_diag *d, bc_error *err)
{
    /* a figure can take the whole of a line: the message quotes its start */
    enum { SHOWN = 40 };
    for (size_t k = 0; k < lay->count; k++) {
        const rt_unit *u = &lay->units[k];
        if (u->too_big.len == 0)
            continue;
        char what[600];
        if (u->kind == RT_ROW)
            snprintf(what, sizeof what, "line_items: the request of row '%.*s'",
                     (int)bc_utf8_prefix(u->rest.s, u->rest.len, 400), u->rest.s);
        else
            snprintf(what, sizeof what, "%s",
                     u->kind == RT_MARKER ? "total: the 合計 on the ５ line"
                     : u->kind == RT_ARROW ? "budgeted: the ⇒ value"
                                           : "funding: the 財源内訳 amount");
        int shown = (int)bc_utf8_prefix(u->too_big.s, u->too_big.len, SHOWN);
        return bc_error_set(err, BC_BAD_RECORD, d->file, u->lineno,
                            "NO %lld: %s, '%.*s%s', does not fit 64 bits: record left out",
                            (long long)d->no, what, shown, u->too_big.s,
                            u->too_big.len > SHOWN ? "…" : "");
    }
    return BC_OK;
}

static bc_status build(const rt_page *page, rt_layout *lay, bc_record *rec, const rt_diag *d,
                       long *search_left, bool *skipped, bc_error *err);

/* A hostile page can give a warning per line: past RT_PAGE_MAX_WARNINGS,
 * one line says how many more there were. */
bc_status rt_sheet_build(const rt_page *page, rt_layout *lay, bc_record *rec,
                         const rt_diag *d, long *search_left, bool *skipped, bc_error *err)
{
    size_t warned = 0;
    rt_diag counted = *d;
    counted.warned = &warned;
    bc_status st = build(page, lay, rec, &counted, search_left, skipped, err);
    if (warned > RT_PAGE_MAX_WARNINGS) {
        counted.warned = NULL;
        rt_warn(&counted, 0, "%zu more warnings about this page not shown",
                warned - RT_PAGE_MAX_WARNINGS);
    }
    return st;
}

static bc_status build(const rt_page *page, rt_layout *lay, bc_record *rec, const rt_diag *d,
                       long *search_left, bool *skipped, bc_error *err)
{
    *skipped = false;
    bc_status st = rt_layout_build(lay, page, err);
    if (st != BC_OK)
        return st;
    if (!whole(page, lay, d)) {
        *skipped = true;
        return BC_OK;
    }
    st = too_big(lay, d, err);
    if (st != BC_OK)
        return st;
    rec->no = page->no;
    st = bc_record_set_source(rec, d->file, page->lineno);
    const rt_unit *u;
    if (st == BC_OK)
        st = header(rec, lay, d);
    if (st == BC_OK && (u = find_kind(lay, RT_ACCOUNT)) != NULL)
        st = account(rec, u, d);
    if (st == BC_OK && (u = find_kind(lay, RT_UNITS)) != NULL)
        st = unit(rec, u);
    if (st == BC_OK && (u = rt_layout_marker(lay, 2)) != NULL)
        st = set_piece(rec, BC_F_REQUEST_TYPE, u->extra);
    if (st == BC_OK) {
        value_tails(lay, d);
        st = evaluation(rec, lay);
    }
    if (st == BC_OK) {
        rt_assign_boxes(lay, d);
        st = title(rec, lay);
    }
    if (st == BC_OK)
        st = boxes(rec, lay);
    if (st == BC_OK)
        st = debt_burden(rec, lay);
    if (st != BC_OK)
        return bc_error_set(err, st, d->file, page->lineno, "out of memory");
    st = rt_line_items_build(lay, rec, d, search_left, err);
    return st != BC_OK ? st : rt_funding_build(lay, rec, d, err);
}
