/*
 * line_items.c - rebuilds the rows of the 10 要求内容 table as line items:
 * their order, the ⇒ column, and the 合計.
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
 * empty row (funding.c reads the bare numbers after it).
 */
#include <stdlib.h>
#include <string.h>

#include "rawtext.h"

/* Rows are searched as bits of a uint64_t (which also bounds the depth of
 * the recursion); with more rows the order of the text stands. */
#define SEARCH_MAX_ROWS 64
/* Steps of the search on one page (some milliseconds; the pages seen need
 * at most a few dozen), and what a page may still take when the input's
 * budget (RT_SEARCH_INPUT_STEPS) is spent: enough for a page whose ⇒ values
 * are its requests, which takes about n²/2 steps for n rows. */
#define SEARCH_PAGE_STEPS 200000L
#define SEARCH_FLOOR_STEPS 2000L

typedef struct row {
    rt_buf label;
    int64_t amount;
    bool subtotal;
    int origin;
    size_t at; /* index of its unit */
    long lineno;
} row;

/* Sums along an order of rows: a subtotal opens a group that its items must
 * fill, and subtotals plus the items above the first one make the total. */
typedef struct sums {
    bool open;
    int64_t remaining; /* what the open group's items still owe */
    int64_t top;       /* subtotals and top-level items so far */
    bool overflow;     /* a sum did not fit */
} sums;

/* Adds the next row of an order.  False when no order that goes on this way
 * can add up: a group left unfilled, a sum that overflows, or (`nonneg`: no
 * amount is negative) a group or the total already overshot. */
static bool sums_add(sums *sm, bool subtotal, int64_t amount, bool nonneg, int64_t total)
{
    if (subtotal) {
        if (sm->open && sm->remaining != 0)
            return false;
        sm->open = true;
        sm->remaining = amount;
        sm->overflow = !bc_amount_add(&sm->top, amount);
    } else {
        sm->overflow = !bc_amount_add(sm->open ? &sm->remaining : &sm->top,
                                      sm->open ? -amount : amount);
    }
    if (sm->overflow)
        return false;
    return !nonneg || (sm->remaining >= 0 && (total == BC_AMOUNT_NULL || sm->top <= total));
}

/* Whether a whole order added with sums_add() adds up to `total`. */
static bool sums_close(const sums *sm, int64_t total)
{
    return (!sm->open || sm->remaining == 0) && (total == BC_AMOUNT_NULL || sm->top == total);
}

/* How good an order is; during the search, the best its completions can
 * reach (the ⇒ values may still add up, each ⇒ left may still get a row of
 * its amount, and inversions only grow). */
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
    bool budgets_nonneg;
    const uint64_t *twins; /* ranks of the rows like each row, ranked before it */
    /* Rows of one amount form a class (named by its first row); a ⇒ value
     * that is some row's amount names that class, else NO_CLASS.  Counting
     * the rows and the ⇒ values left in each class bounds how many more
     * rows can still get a ⇒ equal to their request. */
    const size_t *row_class, *budget_class;
    size_t *rows_left, *budgets_left;
    size_t matchable;
    size_t *seq, *best;
    uint64_t placed; /* bit `rank` of each row in seq */
    score best_score;
    bool found, seeded, overflow, gave_up; /* seeded: the best is seed()'s */
    long steps, max_steps;
    /* rival: look for another order that adds up and fits the ⇒ column
     * as well as the best (inversions aside), which a table whose sums
     * allow several orders has; rival_found once there is one */
    bool rival, rival_found;
} search;

static bool better(score a, score b)
{
    if (a.arrows_add_up != b.arrows_add_up)
        return a.arrows_add_up;
    if (a.arrows_equal != b.arrows_equal)
        return a.arrows_equal > b.arrows_equal;
    return a.inversions < b.inversions;
}

/* Whether `a` fits the ⇒ column worse than `b` (the order of the text
 * aside). */
static bool fits_worse(score a, score b)
{
    if (a.arrows_add_up != b.arrows_add_up)
        return !a.arrows_add_up;
    return a.arrows_equal < b.arrows_equal;
}

static size_t bits(uint64_t v)
{
    return (size_t)__builtin_popcountll(v);
}

#define NO_CLASS SIZE_MAX

static size_t matches(const search *s, size_t c)
{
    if (c == NO_CLASS)
        return 0;
    return s->rows_left[c] < s->budgets_left[c] ? s->rows_left[c] : s->budgets_left[c];
}

/* Moves row class `rc` and ⇒ class `bc` by `step` (-1: a row placed at a
 * position, +1: taken back), keeping `matchable` up to date. */
static void count_placed(search *s, size_t rc, size_t bc, int step)
{
    s->matchable -= matches(s, rc) + (bc != rc ? matches(s, bc) : 0);
    s->rows_left[rc] += (size_t)step;
    if (bc != NO_CLASS)
        s->budgets_left[bc] += (size_t)step;
    s->matchable += matches(s, rc) + (bc != rc ? matches(s, bc) : 0);
}

/* An order being built: the sums of its requests and of its ⇒ values, and
 * its score so far. */
typedef struct path {
    sums req, arr;
    score sc;
} path;

/* Appends row `r` to `pt` at position `depth` (s->placed holds the rows
 * before it).  False when the requests can no longer add up. */
static bool extend(search *s, path *pt, size_t depth, size_t r)
{
    const row *rw = &s->rows[r];
    int64_t budget = s->budgets != NULL ? s->budgets[depth] : BC_AMOUNT_NULL;
    if (!sums_add(&pt->req, rw->subtotal, rw->amount, s->nonneg, s->total)) {
        s->overflow = s->overflow || pt->req.overflow;
        return false;
    }
    pt->sc.arrows_add_up = pt->sc.arrows_add_up && budget != BC_AMOUNT_NULL &&
                           sums_add(&pt->arr, rw->subtotal, budget, s->budgets_nonneg,
                                    s->total_budget);
    pt->sc.arrows_equal += budget == rw->amount;
    /* the rows of lower rank not placed yet will all come after it */
    uint64_t bit = (uint64_t)1 << s->rank[r];
    pt->sc.inversions += bits(~s->placed & (bit - 1));
    return true;
}

/* Whether a whole order adds up; completes its score. */
static bool adds_up(const search *s, path *pt)
{
    pt->sc.arrows_add_up = pt->sc.arrows_add_up && sums_close(&pt->arr, s->total_budget);
    return sums_close(&pt->req, s->total);
}

static path start_path(const search *s)
{
    return (path){{false, 0, 0, false}, {false, 0, 0, false}, {s->budgets != NULL, 0, 0}};
}

/*
 * A first order to beat, before the search: at each position the first row
 * (in the text's order) whose request is that position's ⇒ value and that
 * keeps the sums possible, else the first that keeps them possible.  Where
 * the ⇒ column matches the requests this is the answer, and the search
 * below only has to prove it.
 */
static void seed(search *s)
{
    path pt = start_path(s);
    bool ok = true;
    for (size_t depth = 0; ok && depth < s->n; depth++) {
        path pick_path = pt;
        size_t pick = SIZE_MAX;
        for (size_t p = depth < s->fixed ? depth : s->fixed; p < s->n; p++) {
            size_t r = s->preferred[p];
            path next = pt;
            if (((s->placed >> s->rank[r]) & 1) || !extend(s, &next, depth, r))
                continue;
            bool match = s->budgets != NULL && s->budgets[depth] == s->rows[r].amount;
            if (pick == SIZE_MAX || match) {
                pick = r;
                pick_path = next;
            }
            if (match || depth < s->fixed)
                break;
        }
        ok = pick != SIZE_MAX;
        if (ok) {
            pt = pick_path;
            s->placed |= (uint64_t)1 << s->rank[pick];
            s->best[depth] = pick;
        }
    }
    s->placed = 0;
    s->overflow = false;
    if (ok && adds_up(s, &pt)) {
        s->found = s->seeded = true;
        s->best_score = pt.sc;
    }
}

/*
 * Branch and bound over the orders that keep the fixed rows first, in the
 * text's order: of the orders with the best score it finds the first, as an
 * exhaustive search would, unless the steps run out.  A branch is cut when
 * its bound cannot beat the best order found, or only tie with it: a tie
 * matters only against the seed, when the branch comes before the seed in
 * the text's order (`lex` < 0, or 0 while it follows the seed).
 */
static void dfs(search *s, size_t depth, path pt, int lex)
{
    if (depth == s->n && s->rival) {
        s->rival_found = adds_up(s, &pt) && !fits_worse(pt.sc, s->best_score) &&
                         memcmp(s->seq, s->best, s->n * sizeof *s->seq) != 0;
        return;
    }
    if (depth == s->n) {
        if (adds_up(s, &pt) && (!s->found || better(pt.sc, s->best_score) ||
                                (s->seeded && lex < 0 && !better(s->best_score, pt.sc)))) {
            memcpy(s->best, s->seq, s->n * sizeof *s->seq);
            s->best_score = pt.sc;
            s->found = true;
            s->seeded = false;
        }
        return;
    }
    size_t from = depth < s->fixed ? depth : s->fixed;
    size_t to = depth < s->fixed ? depth + 1 : s->n;
    for (size_t p = from; p < to && !s->gave_up && !s->rival_found; p++) {
        size_t r = s->preferred[p];
        uint64_t bit = (uint64_t)1 << s->rank[r];
        /* rows alike (kind and amount) keep their text order: swapped, they
         * add up the same, only with more inversions */
        if ((s->placed & bit) || (s->twins[r] & ~s->placed))
            continue;
        if (s->steps == s->max_steps) {
            s->gave_up = true;
            break;
        }
        s->steps++;
        path next = pt;
        if (!extend(s, &next, depth, r))
            continue;
        int now_lex = lex;
        if (s->seeded && lex == 0 && r != s->best[depth])
            now_lex = s->rank[r] < s->rank[s->best[depth]] ? -1 : 1;
        count_placed(s, s->row_class[r], s->budget_class[depth], -1);
        score bound = {next.sc.arrows_add_up, next.sc.arrows_equal + s->matchable,
                       next.sc.inversions};
        if (s->rival ? !fits_worse(bound, s->best_score)
                     : !s->found || better(bound, s->best_score) ||
                           (s->seeded && now_lex <= 0 && !better(s->best_score, bound))) {
            s->placed |= bit;
            s->seq[depth] = r;
            dfs(s, depth + 1, next, now_lex);
            s->placed &= ~bit;
        }
        count_placed(s, s->row_class[r], s->budget_class[depth], +1);
    }
}

/* The ⇒ column: `budgets`/`specifics` per table row in page order and the
 * total's.  Warns when it does not fit the table. */
typedef struct arrows {
    int64_t *budget, *specific; /* n entries */
    int64_t total_budget, total_specific;
    bool fit;
} arrows;

/* The form's empty rows are its last, right above the total: a bare ⇒
 * before another row's value, or after the total, is no row's (unless bare
 * ones are rows, `keep_bare`).  Reported once, with how many. */
static void report_stray(const rt_layout *lay, size_t last, size_t valued, bool keep_bare,
                         const rt_diag *d)
{
    size_t seen = 0, stray = 0;
    long first = 0;
    for (size_t k = 0; k < lay->count; k++) {
        const rt_unit *u = &lay->units[k];
        if (u->kind != RT_ARROW)
            continue;
        if (u->amount != BC_AMOUNT_NULL) {
            seen++;
            continue;
        }
        if ((k > last || (!keep_bare && seen + 1 < valued)) && stray++ == 0)
            first = u->lineno;
    }
    if (stray > 0)
        rt_warn(d, first, "%zu bare ⇒ line(s) belong to no row of the 要求内容 table (empty rows "
                          "come last, above the total): left out",
                stray);
}

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
    report_stray(lay, last, valued, keep_bare, d);
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
            while (rt_eat(&label, "・"))
                label = rt_trim(label);
            if (rt_eat_end(&label, "小計")) {
                r->subtotal = true;
                label = rt_trim(label);
            }
            r->amount = u->amount;
            r->origin = u->origin;
            r->at = k;
            r->lineno = u->lineno;
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

/* Says what became of the order when no search found one that adds up, or
 * when the search stopped early. */
static void report_order(const search *s, size_t n, const rt_diag *d, long line)
{
    const char *why = s->overflow ? " (a sum overflows)" : "";
    const char *spent = s->max_steps < SEARCH_PAGE_STEPS ? " (the input's budget for it is spent)"
                                                         : "";
    if (s->gave_up && s->found)
        rt_warn(d, line, "the search for the order of the %zu rows of the 要求内容 table gave "
                         "up after %ld steps%s: kept the best order found, which adds up to 合計",
                n, s->steps, spent);
    else if (s->gave_up)
        rt_warn(d, line, "the search for the order of the %zu rows of the 要求内容 table gave "
                         "up after %ld steps%s without finding one that adds up to 合計%s: kept "
                         "in the order of the text",
                n, s->steps, spent, why);
    else if (!s->found && s->total != BC_AMOUNT_NULL)
        rt_warn(d, line, "the rows of the 要求内容 table do not add up to 合計 %lld%s: kept in "
                         "the order of the text",
                (long long)s->total, why);
}

/* The search's working arrays, `n` entries each (see search). */
typedef struct search_arrays {
    size_t *preferred, *rank, *seq, *row_class, *budget_class, *rows_left, *budgets_left;
    uint64_t *twins; /* zeroed */
} search_arrays;

static void arrays_free(search_arrays *a)
{
    free(a->preferred);
    free(a->rank);
    free(a->seq);
    free(a->row_class);
    free(a->budget_class);
    free(a->rows_left);
    free(a->budgets_left);
    free(a->twins);
}

static bool arrays_alloc(search_arrays *a, size_t n)
{
    size_t m = n ? n : 1;
    *a = (search_arrays){
        .preferred = malloc(m * sizeof *a->preferred),
        .rank = malloc(m * sizeof *a->rank),
        .seq = malloc(m * sizeof *a->seq),
        .row_class = malloc(m * sizeof *a->row_class),
        .budget_class = malloc(m * sizeof *a->budget_class),
        .rows_left = malloc(m * sizeof *a->rows_left),
        .budgets_left = malloc(m * sizeof *a->budgets_left),
        .twins = calloc(m, sizeof *a->twins),
    };
    if (a->preferred && a->rank && a->seq && a->row_class && a->budget_class && a->rows_left &&
        a->budgets_left && a->twins)
        return true;
    arrays_free(a);
    return false;
}

/* Whether `rows` in the order `idx` add up to `total` as the table's
 * subtotals and items do. */
static bool adds_up_in(const row *rows, size_t n, const size_t *idx, int64_t total)
{
    sums sm = {false, 0, 0, false};
    bool adds_up = true;
    for (size_t i = 0; adds_up && i < n; i++)
        adds_up = sums_add(&sm, rows[idx[i]].subtotal, rows[idx[i]].amount, false, BC_AMOUNT_NULL);
    return adds_up && sums_close(&sm, total);
}

/* Finds the page order of `rows` into `order`; `from` is the unit of the
 * ３ line; the search takes its steps from `*search_left`. */
static bool order_rows(const row *rows, size_t n, int64_t total, const arrows *ar,
                       size_t from, size_t *order, long *search_left, const rt_diag *d,
                       long line)
{
    search_arrays a;
    if (!arrays_alloc(&a, n))
        return false;
    size_t *preferred = a.preferred, *rank = a.rank, *row_class = a.row_class,
           *budget_class = a.budget_class, *rows_left = a.rows_left,
           *budgets_left = a.budgets_left;
    uint64_t *twins = a.twins;
    size_t p = 0;
    for (int origin = 2; origin <= 3; origin++)
        for (size_t i = 0; i < n; i++)
            if (rows[i].origin == origin)
                preferred[p++] = i;
    /* the other rows follow the ３ line in the text, which wraps round from
     * its end to its start: a page that begins at the bottom of the form
     * prints the lower rows before the ２ line */
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
    const int64_t *budgets = ar->fit ? ar->budget : NULL;
    search s = {
        .rows = rows,
        .n = n,
        .fixed = fixed,
        .preferred = preferred,
        .rank = rank,
        .total = total,
        .nonneg = nonneg,
        .budgets = budgets,
        .total_budget = ar->total_budget,
        .budgets_nonneg = budgets != NULL,
        .twins = twins,
        .row_class = row_class,
        .budget_class = budget_class,
        .rows_left = rows_left,
        .budgets_left = budgets_left,
        .seq = a.seq,
        .best = order,
        .max_steps = *search_left < SEARCH_FLOOR_STEPS  ? SEARCH_FLOOR_STEPS
                     : *search_left < SEARCH_PAGE_STEPS ? *search_left
                                                        : SEARCH_PAGE_STEPS,
    };
    if (n <= SEARCH_MAX_ROWS) {
        for (size_t i = 0; i < n; i++) {
            row_class[i] = budget_class[i] = NO_CLASS;
            rows_left[i] = budgets_left[i] = 0;
        }
        for (size_t i = 0; i < n; i++) {
            for (size_t j = 0; j < n; j++) {
                if (rank[j] < rank[i] && rows[j].subtotal == rows[i].subtotal &&
                    rows[j].amount == rows[i].amount)
                    twins[i] |= (uint64_t)1 << rank[j];
                if (row_class[i] == NO_CLASS && rows[j].amount == rows[i].amount)
                    row_class[i] = j;
                if (budget_class[i] == NO_CLASS && budgets != NULL && budgets[i] == rows[j].amount)
                    budget_class[i] = j;
            }
            s.budgets_nonneg = s.budgets_nonneg && budgets[i] != BC_AMOUNT_NULL && budgets[i] >= 0;
        }
        for (size_t i = 0; i < n; i++) {
            rows_left[row_class[i]]++;
            if (budget_class[i] != NO_CLASS)
                budgets_left[budget_class[i]]++;
        }
        for (size_t c = 0; c < n; c++)
            s.matchable += matches(&s, c);
        seed(&s);
        dfs(&s, 0, start_path(&s), 0);
        report_order(&s, n, d, line);
        long spent = s.steps;
        if (s.found && !s.gave_up) {
            /* as many steps again to look for a rival; one that runs out
             * proves nothing either way */
            s.rival = true;
            s.steps = 0;
            dfs(&s, 0, start_path(&s), 0);
            spent += s.steps;
            if (s.rival_found)
                rt_warn(d, line, "the rows of the 要求内容 table add up to 合計 in more than one "
                                 "order that fits the ⇒ column as well: the order of the text "
                                 "chose, and line_items may be in the wrong order or groups");
        }
        /* The rows add up in the order of the text, yet the ⇒ column put
         * them in another: the extractor may have moved the rows, or the
         * ⇒ values, and nothing but their order tells which. */
        if (s.found && !s.rival_found && budgets != NULL &&
            memcmp(order, preferred, n * sizeof *order) != 0 &&
            adds_up_in(rows, n, preferred, total))
            rt_warn(d, line, "the rows of the 要求内容 table add up to 合計 in the order of the "
                             "text, but were put in another to fit the ⇒ column: the rows or "
                             "the ⇒ values may be out of order");
        *search_left = *search_left > spent ? *search_left - spent : 0;
    } else {
        /* too many to search: the order of the text, if it adds up */
        if (!adds_up_in(rows, n, preferred, total))
            rt_warn(d, line, "too many rows (%zu) in the 要求内容 table to order by their sums, "
                             "and in the order of the text they do not add up to 合計: kept in "
                             "the order of the text",
                    n);
    }
    if (!s.found)
        memcpy(order, preferred, n * sizeof *order);
    arrays_free(&a);
    return true;
}

/* Rows alike (kind and amount) that the extractor placed freely keep their
 * text order (the search never swaps them), but nothing in the arithmetic
 * says which goes where: with different labels, that is reported once. */
static void report_twins(const row *rows, size_t n, const size_t *order, const rt_diag *d)
{
    for (size_t i = 0; i < n && n <= SEARCH_MAX_ROWS; i++)
        for (size_t j = i + 1; j < n; j++) {
            const row *a = &rows[order[i]], *b = &rows[order[j]];
            if (a->origin != 0 || b->origin != 0 || a->subtotal != b->subtotal ||
                a->amount != b->amount || strcmp(a->label.s != NULL ? a->label.s : "",
                                                 b->label.s != NULL ? b->label.s : "") == 0)
                continue;
            rt_warn(d, b->lineno, "rows '%s' and '%s' of the 要求内容 table have the same amount "
                                  "%lld: which comes where is the order of the text, not the "
                                  "arithmetic",
                    a->label.s != NULL ? a->label.s : "", b->label.s != NULL ? b->label.s : "",
                    (long long)a->amount);
            return;
        }
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

/* The ⇒ column against the rows as ordered: its values must add up as the
 * requests do, and a budget above its request is no assessment.  Either
 * means a value may sit on the wrong row. */
static void check_budgets(const row *rows, size_t n, const size_t *order, const arrows *ar,
                          const rt_diag *d, long line)
{
    if (!ar->fit)
        return;
    sums sm = {false, 0, 0, false};
    bool valued = ar->total_budget != BC_AMOUNT_NULL, adds_up = true;
    for (size_t i = 0; i < n; i++) {
        const row *r = &rows[order[i]];
        int64_t b = ar->budget[i];
        valued = valued && b != BC_AMOUNT_NULL;
        if (b != BC_AMOUNT_NULL && r->amount != BC_AMOUNT_NULL && b > r->amount)
            rt_warn(d, r->lineno, "the ⇒ value %lld of row '%s' is more than its request "
                                    "%lld: the ⇒ column may be misaligned",
                    (long long)b, r->label.s != NULL ? r->label.s : "", (long long)r->amount);
        if (valued)
            adds_up = adds_up && sums_add(&sm, r->subtotal, b, false, BC_AMOUNT_NULL);
    }
    if (valued && !(adds_up && sums_close(&sm, ar->total_budget)))
        rt_warn(d, line, "the ⇒ values do not add up the way the rows of the 要求内容 table "
                         "do: a budget may sit on the wrong row");
}

bc_status rt_line_items_build(const rt_layout *lay, bc_record *rec, const rt_diag *d,
                              long *search_left, bc_error *err)
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
    size_t count = 0;
    for (size_t k = 0; k < lay->count; k++)
        count += lay->units[k].kind == RT_ROW;
    if (count > RT_PAGE_MAX_ROWS)
        return bc_error_set(err, BC_ERR_DATA, d->file, d->page_line,
                            "page NO %lld has %zu rows in its 要求内容 table, more than %u: "
                            "is this a 概要書 text?",
                            (long long)d->no, count, RT_PAGE_MAX_ROWS);
    bc_status st = BC_ERR_NOMEM;
    if (read_rows(lay, &rows, &n) && read_arrows(lay, n, &ar, d) &&
        (order = malloc((n ? n : 1) * sizeof *order)) != NULL &&
        order_rows(rows, n, total, &ar, from, order, search_left, d, line)) {
        rec->total = (bc_total){total, ar.total_budget, ar.total_specific};
        check_budgets(rows, n, order, &ar, d, line);
        report_twins(rows, n, order, d);
        st = add_items(rec, rows, n, order, &ar);
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
