/*
 * table.c - rebuilds the 10 要求内容 table, the ⇒ column and 財源内訳.
 *
 * The extractor prints the table's rows out of order, but where they sit
 * tells something: the row on the ２ 要求区分 line is the first on the page,
 * the row on the ３ 事業説明文 line the second.  The others may come in any
 * order, and the arithmetic puts them back: a subtotal row opens a group,
 * the items below it sum to it, and the subtotals (with any items above the
 * first one) sum to the 合計.  Among the orders that add up, the one whose
 * rows best match the ⇒ column (which is in page order) wins, then the one
 * closest to the order of the text read on from the ３ line.
 *
 * The ⇒ column has one value per row and the total last; a bare ⇒ is an
 * empty row.  The bare numbers after it are the printed rows of 財源内訳:
 * each specific source whose label line names a detail takes the next one,
 * and a number left over is 一般財源.
 */
#include <stdlib.h>
#include <string.h>

#include "rawtext.h"

/* Orders of more rows than this are not searched: the text order stands. */
#define SEARCH_MAX_ROWS 10
#define SEARCH_MAX_NODES 2000000L

typedef struct row {
    rt_buf label;
    int64_t amount;
    bool subtotal;
    int origin;
    size_t at; /* index of its unit */
} row;

typedef struct score {
    bool arrows_add_up;
    size_t arrows_equal;
    size_t inversions;
} score;

typedef struct search {
    const row *rows;
    size_t n, fixed;
    const size_t *preferred; /* row index at each preferred position */
    const size_t *rank;      /* preferred position of each row */
    int64_t total;
    bool nonneg;
    const int64_t *budgets; /* ⇒ value of each position, or NULL */
    int64_t total_budget;
    size_t *seq, *best;
    bool *used;
    score best_score;
    bool found;
    long nodes;
} search;

static bool better(score a, score b)
{
    if (a.arrows_add_up != b.arrows_add_up)
        return a.arrows_add_up;
    if (a.arrows_equal != b.arrows_equal)
        return a.arrows_equal > b.arrows_equal;
    return a.inversions < b.inversions;
}

/* Do the ⇒ values add up like the requested amounts do, in this order? */
static bool arrows_add_up(const search *s, const size_t *seq)
{
    if (s->budgets == NULL)
        return false;
    int64_t top = 0, group = 0, group_budget = 0;
    bool open = false;
    for (size_t i = 0; i < s->n; i++) {
        int64_t b = s->budgets[i];
        if (b == BC_AMOUNT_NULL)
            return false;
        if (s->rows[seq[i]].subtotal) {
            if (open && group != group_budget)
                return false;
            open = true;
            group = 0;
            group_budget = b;
            if (!bc_amount_add(&top, b))
                return false;
        } else if (!bc_amount_add(open ? &group : &top, b)) {
            return false;
        }
    }
    return (!open || group == group_budget) &&
           (s->total_budget == BC_AMOUNT_NULL || top == s->total_budget);
}

static score rate(const search *s, const size_t *seq)
{
    score sc = {arrows_add_up(s, seq), 0, 0};
    for (size_t i = 0; s->budgets != NULL && i < s->n; i++)
        sc.arrows_equal += s->budgets[i] == s->rows[seq[i]].amount;
    for (size_t i = 0; i < s->n; i++)
        for (size_t j = i + 1; j < s->n; j++)
            sc.inversions += s->rank[seq[i]] > s->rank[seq[j]];
    return sc;
}

static void dfs(search *s, size_t depth, bool open, int64_t remaining, int64_t sum)
{
    if (++s->nodes > SEARCH_MAX_NODES)
        return;
    if (depth == s->n) {
        if ((open && remaining != 0) || (s->total != BC_AMOUNT_NULL && sum != s->total))
            return;
        score sc = rate(s, s->seq);
        if (!s->found || better(sc, s->best_score)) {
            memcpy(s->best, s->seq, s->n * sizeof *s->seq);
            s->best_score = sc;
            s->found = true;
        }
        return;
    }
    size_t from = depth < s->fixed ? depth : s->fixed;
    size_t to = depth < s->fixed ? depth + 1 : s->n;
    for (size_t p = from; p < to; p++) {
        size_t r = s->preferred[p];
        if (s->used[r])
            continue;
        const row *rw = &s->rows[r];
        bool now_open = open;
        int64_t now_remaining = remaining, now_sum = sum;
        /* a sum that overflows adds up to nothing */
        if (rw->subtotal) {
            if (open && remaining != 0)
                continue;
            now_open = true;
            now_remaining = rw->amount;
            if (!bc_amount_add(&now_sum, rw->amount))
                continue;
        } else if (open) {
            if (!bc_amount_add(&now_remaining, -rw->amount) || (s->nonneg && now_remaining < 0))
                continue;
        } else if (!bc_amount_add(&now_sum, rw->amount)) {
            continue;
        }
        s->used[r] = true;
        s->seq[depth] = r;
        dfs(s, depth + 1, now_open, now_remaining, now_sum);
        s->used[r] = false;
    }
}

/* The ⇒ column: `budgets`/`specifics` per table row in page order and the
 * total's.  Warns when it does not fit the table. */
typedef struct arrows {
    int64_t *budget, *specific; /* n entries */
    int64_t total_budget, total_specific;
    bool fit;
} arrows;

static bool read_arrows(const rt_layout *lay, size_t n, arrows *ar, const rt_diag *d)
{
    ar->budget = malloc((n ? n : 1) * sizeof *ar->budget);
    ar->specific = malloc((n ? n : 1) * sizeof *ar->specific);
    if (ar->budget == NULL || ar->specific == NULL)
        return false;
    for (size_t i = 0; i < n; i++)
        ar->budget[i] = ar->specific[i] = BC_AMOUNT_NULL;
    ar->total_budget = ar->total_specific = BC_AMOUNT_NULL;
    ar->fit = false;
    size_t valued = 0, last = 0;
    long line = 0;
    for (size_t k = 0; k < lay->count; k++) {
        const rt_unit *u = &lay->units[k];
        if (u->kind == RT_OTHER && rt_starts(u->rest.s, u->rest.len, "⇒") &&
            !rt_contains(u->rest.s, u->rest.len, "予算額"))
            rt_warn(d, u->lineno, "the ⇒ value '%.*s' does not parse: row left out of the column",
                    (int)u->rest.len, u->rest.s);
        if (u->kind == RT_ARROW) {
            line = line ? line : lay->units[k].lineno;
            if (lay->units[k].amount != BC_AMOUNT_NULL) {
                valued++;
                last = k;
            }
        }
    }
    if (valued == 0) {
        rt_warn(d, line, "no value in the ⇒ column: budget amounts left empty");
        return true;
    }
    ar->total_budget = lay->units[last].amount;
    ar->total_specific = lay->units[last].amount2;
    size_t before_total = 0;
    for (size_t k = 0; k < last; k++)
        before_total += lay->units[k].kind == RT_ARROW;
    /* a bare ⇒ is an empty row, unless counting it is what makes the
     * column fit (a row whose budget is not printed) */
    bool keep_bare = valued - 1 != n && before_total == n;
    ar->fit = valued - 1 == n || keep_bare;
    if (!ar->fit)
        rt_warn(d, line, "the ⇒ column has %zu values for %zu table rows", valued - 1, n);
    size_t i = 0;
    for (size_t k = 0; k < last && i < n; k++) {
        const rt_unit *u = &lay->units[k];
        if (u->kind != RT_ARROW || (u->amount == BC_AMOUNT_NULL && !keep_bare))
            continue;
        ar->budget[i] = u->amount;
        ar->specific[i++] = u->amount2;
    }
    return true;
}

static void free_rows(row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        rt_buf_free(&rows[i].label);
    free(rows);
}

/* The rows of the table in text order, labels joined and without ・. */
static bool read_rows(const rt_layout *lay, row **out, size_t *count)
{
    size_t n = 0;
    for (size_t k = 0; k < lay->count; k++)
        n += lay->units[k].kind == RT_ROW;
    row *rows = calloc(n ? n : 1, sizeof *rows);
    if (rows == NULL)
        return false;
    size_t i = 0;
    for (size_t k = 0; k < lay->count; k++) {
        const rt_unit *u = &lay->units[k];
        bool ok = true;
        if (u->kind == RT_ROW) {
            row *r = &rows[i++];
            rt_piece label = u->rest;
            while (rt_starts(label.s, label.len, "・"))
                label = rt_trim((rt_piece){label.s + 3, label.len - 3, label.lineno});
            if (label.len >= 6 && memcmp(label.s + label.len - 6, "小計", 6) == 0) {
                r->subtotal = true;
                label = rt_trim((rt_piece){label.s, label.len - 6, label.lineno});
            }
            r->amount = u->amount;
            r->origin = u->origin;
            r->at = k;
            ok = rt_buf_add(&r->label, label.s, label.len);
        } else if (u->kind == RT_ROWCONT && i > 0) {
            ok = rt_join_wrapped(&rows[i - 1].label, lay->pieces[u->first]);
        }
        if (!ok) {
            free_rows(rows, n);
            return false;
        }
    }
    *out = rows;
    *count = n;
    return true;
}

/* Finds the page order of `rows` into `order`; `from` is the unit of the
 * ３ line. */
static bool order_rows(const row *rows, size_t n, int64_t total, const arrows *ar,
                       size_t from, size_t *order, const rt_diag *d, long line)
{
    size_t *preferred = malloc((n ? n : 1) * sizeof *preferred);
    size_t *rank = malloc((n ? n : 1) * sizeof *rank);
    size_t *seq = malloc((n ? n : 1) * sizeof *seq);
    bool *used = calloc(n ? n : 1, sizeof *used);
    bool ok = preferred != NULL && rank != NULL && seq != NULL && used != NULL;
    if (ok) {
        size_t p = 0;
        for (int origin = 2; origin <= 3; origin++)
            for (size_t i = 0; i < n; i++)
                if (rows[i].origin == origin)
                    preferred[p++] = i;
        /* the other rows follow the ３ line in the text, which wraps round
         * from its end to its start: a page that begins at the bottom of
         * the form prints the lower rows before the ２ line */
        for (int wrapped = 0; wrapped <= 1; wrapped++)
            for (size_t i = 0; i < n; i++)
                if (rows[i].origin == 0 && (rows[i].at < from) == wrapped)
                    preferred[p++] = i;
        size_t fixed = 0;
        bool nonneg = true;
        for (size_t i = 0; i < n; i++) {
            rank[preferred[i]] = i;
            fixed += rows[i].origin != 0;
            nonneg = nonneg && rows[i].amount >= 0;
        }
        memcpy(order, preferred, n * sizeof *order);
        search s = {rows, n, fixed, preferred, rank, total, nonneg,
                    ar->fit ? ar->budget : NULL, ar->total_budget, seq, order, used,
                    {false, 0, 0}, false, 0};
        if (n - fixed <= SEARCH_MAX_ROWS)
            dfs(&s, 0, false, 0, 0);
        if (!s.found) {
            memcpy(order, preferred, n * sizeof *order);
            if (total != BC_AMOUNT_NULL)
                rt_warn(d, line, "the rows of the 要求内容 table do not add up to 合計 %lld: "
                                 "kept in the order of the text",
                        (long long)total);
        }
    }
    free(preferred);
    free(rank);
    free(seq);
    free(used);
    return ok;
}

static bc_status add_items(bc_record *rec, const row *rows, size_t n, const size_t *order,
                           const arrows *ar)
{
    const char *group = NULL;
    for (size_t i = 0; i < n; i++) {
        const row *r = &rows[order[i]];
        bc_status st = bc_record_add_line_item(
            rec, r->subtotal ? BC_ITEM_SUBTOTAL : BC_ITEM_ITEM, r->subtotal ? NULL : group,
            r->label.s != NULL ? r->label.s : "", r->amount, ar->budget[i], ar->specific[i]);
        if (st != BC_OK)
            return st;
        if (r->subtotal)
            group = r->label.s;
    }
    return BC_OK;
}

static bc_status add_funding(bc_record *rec, const rt_layout *lay, const rt_diag *d)
{
    /* the printed amounts, in order */
    size_t next = 0;
    long line = 0;
    for (size_t k = 0; k < lay->count && line == 0; k++)
        if (lay->units[k].kind == RT_FUND)
            line = lay->units[k].lineno;
    int64_t specific = 0;
    bool summed = true; /* false once the sum overflows */
    for (int f = 0; f < BC_FUND_GENERAL; f++) {
        const rt_unit *label = NULL;
        for (size_t k = 0; k < lay->count && label == NULL; k++)
            if (lay->units[k].kind == RT_FUND && lay->units[k].fund == f &&
                lay->units[k].rest.len > 0)
                label = &lay->units[k];
        if (label == NULL)
            continue;
        const rt_unit *amount = NULL;
        for (size_t k = next; k < lay->count && amount == NULL; k++)
            if (lay->units[k].kind == RT_NUMBER) {
                amount = &lay->units[k];
                next = k + 1;
            }
        if (amount == NULL) {
            rt_warn(d, label->lineno, "財源内訳 %s has no amount",
                    bc_fund_source_label((bc_fund_source)f));
            continue;
        }
        char *detail = bc_strndup(label->rest.s, label->rest.len);
        if (detail == NULL)
            return BC_ERR_NOMEM;
        bc_status st = bc_record_add_funding(rec, (bc_fund_source)f, bc_fund_source_label((bc_fund_source)f), detail,
                                             amount->amount);
        free(detail);
        if (st != BC_OK)
            return st;
        summed = summed && bc_amount_add(&specific, amount->amount);
    }
    const rt_unit *general = NULL;
    size_t left = 0;
    for (size_t k = next; k < lay->count; k++)
        if (lay->units[k].kind == RT_NUMBER) {
            general = general ? general : &lay->units[k];
            left++;
        }
    int64_t budget = rec->total.budgeted, rest = budget;
    bool fits = budget != BC_AMOUNT_NULL && summed && bc_amount_add(&rest, -specific);
    if (left > 1)
        rt_warn(d, general->lineno, "%zu amounts of 財源内訳 left over: the first is taken as "
                                    "一般財源", left);
    if (budget != BC_AMOUNT_NULL && !fits)
        rt_warn(d, general != NULL ? general->lineno : line,
                "財源内訳 does not add up to the budget %lld: its sums overflow", (long long)budget);
    if (general == NULL) {
        if (fits && rest != 0)
            rt_warn(d, line, "財源内訳 prints no 一般財源 but the budget exceeds the specific "
                             "revenue by %lld", (long long)rest);
        return BC_OK;
    }
    if (fits && general->amount != rest)
        rt_warn(d, general->lineno, "一般財源 %lld is not the budget %lld less specific revenue "
                                    "%lld", (long long)general->amount, (long long)budget,
                (long long)specific);
    return bc_record_add_funding(rec, BC_FUND_GENERAL, bc_fund_source_label(BC_FUND_GENERAL), NULL,
                                 general->amount);
}

bc_status rt_table_build(const rt_layout *lay, bc_record *rec, const rt_diag *d, bc_error *err)
{
    const rt_unit *m5 = rt_layout_marker(lay, 5), *m3 = rt_layout_marker(lay, 3);
    size_t from = m3 != NULL ? (size_t)(m3 - lay->units) : 0;
    int64_t total = m5 != NULL ? m5->amount : BC_AMOUNT_NULL;
    long line = m5 != NULL ? m5->lineno : 0;
    if (m5 != NULL && total == BC_AMOUNT_NULL)
        rt_warn(d, line, "no amount after 合計 on the ５ 要求する事業内容 line");
    row *rows = NULL;
    size_t n = 0;
    arrows ar = {NULL, NULL, BC_AMOUNT_NULL, BC_AMOUNT_NULL, false};
    size_t *order = NULL;
    bc_status st = BC_ERR_NOMEM;
    if (read_rows(lay, &rows, &n) && read_arrows(lay, n, &ar, d) &&
        (order = malloc((n ? n : 1) * sizeof *order)) != NULL &&
        order_rows(rows, n, total, &ar, from, order, d, line)) {
        rec->total = (bc_total){total, ar.total_budget, ar.total_specific};
        st = add_items(rec, rows, n, order, &ar);
        if (st == BC_OK)
            st = add_funding(rec, lay, d);
    }
    free(order);
    free(ar.budget);
    free(ar.specific);
    if (rows != NULL)
        free_rows(rows, n);
    if (st != BC_OK)
        return bc_error_set(err, st, d->file, line, "out of memory");
    return BC_OK;
}
