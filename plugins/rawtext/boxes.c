/*
 * boxes.c - decides which box each paragraph of a page belongs to.
 *
 * The extractor scrambles the order of a page, but not at random: it emits
 * the page region by region, and within a region a box's text keeps its
 * place next to the same neighbours.  So a paragraph is placed by the units
 * around it (its anchors), strongest rule first, and what it says (its cues)
 * only breaks ties.  README.md lists the rules and why each holds.
 *
 * A run is a maximal sequence of paragraphs between two other units; `a` is
 * the unit before the run, `b` the one after it.  `a_skip`/`b_skip` look past
 * table rows, which the extractor interleaves with the left-hand boxes.
 */
#include <string.h>

#include "rawtext.h"

/* The page being placed, and which boxes hold text so far (kept here, not
 * searched for: rules ask it once per run or per paragraph). */
typedef struct placing {
    rt_layout *lay;
    bool used[15];
} placing;

typedef struct run {
    size_t s, e; /* paragraphs [s, e) */
    const rt_unit *a, *a_skip, *b, *b_skip;
} run;

static bool is_marker(const rt_unit *u, int box)
{
    return u != NULL && u->kind == RT_MARKER && u->box == box;
}

static bool is_row(const rt_unit *u)
{
    return u->kind == RT_ROW || u->kind == RT_ROWCONT;
}

static run make_run(const rt_layout *lay, size_t s, size_t e)
{
    run r = {s, e, NULL, NULL, NULL, NULL};
    size_t k = s;
    if (s > 0)
        r.a = &lay->units[s - 1];
    while (k > 0 && is_row(&lay->units[k - 1]))
        k--;
    if (k > 0 && lay->units[k - 1].kind != RT_TEXT)
        r.a_skip = &lay->units[k - 1];
    k = e;
    if (e < lay->count)
        r.b = &lay->units[e];
    while (k < lay->count && is_row(&lay->units[k]))
        k++;
    if (k < lay->count && lay->units[k].kind != RT_TEXT)
        r.b_skip = &lay->units[k];
    return r;
}

static bool has(const rt_layout *lay, const rt_unit *u, const char *needle)
{
    for (size_t i = 0; i < u->count; i++) {
        const rt_piece *p = &lay->pieces[u->first + i];
        if (rt_contains(p->s, p->len, needle))
            return true;
    }
    return false;
}

/* The cue of box 14: the text decides the budget (予算を計上します, 予算は
 * 計上せず). */
static bool budget_cue(const rt_layout *lay, const rt_unit *u)
{
    return has(lay, u, "計上");
}

/* The cue of boxes 8 and 9: a short ・ list, not sentences. */
static bool list_cue(const rt_layout *lay, const rt_unit *u)
{
    rt_piece t = rt_trim(lay->pieces[u->first]);
    if (rt_starts(t.s, t.len, "・"))
        return true;
    return u->count <= 2 && !has(lay, u, "。");
}

/* A further paragraph of laws: another ・ list, no sentences. */
static bool law_cue(const rt_layout *lay, const rt_unit *u)
{
    rt_piece t = rt_trim(lay->pieces[u->first]);
    return rt_starts(t.s, t.len, "・") && !has(lay, u, "。");
}

static void put(placing *pl, size_t s, size_t e, int box)
{
    for (size_t i = s; i < e; i++) {
        rt_unit *u = &pl->lay->units[i];
        if (u->kind == RT_TEXT && u->box == 0) {
            u->box = box;
            pl->used[box] = true;
        }
    }
}

/* Box 8's label is printed beside box 14's text: what follows it is the
 * budget decision, then the ・ list of plans just above box 9. */
static void after_plans_label(placing *pl, const run *r)
{
    const rt_layout *lay = pl->lay;
    size_t k = r->e;
    while (k > r->s && list_cue(lay, &lay->units[k - 1]) && !budget_cue(lay, &lay->units[k - 1]))
        k--;
    put(pl, k, r->e, 8);
    put(pl, r->s, k, 14);
}

/* The rules that hold on every page seen; first match wins. */
static void strong_rules(placing *pl, run r)
{
    const rt_layout *lay = pl->lay;
    if (is_marker(r.a, 8)) {
        after_plans_label(pl, &r);
        return;
    }
    if (is_marker(r.a, 9)) {
        /* the laws are the ・ list right below their label; sentences there
         * are the outcomes that run on to ` 12 スケジュール`, which keeps at
         * least its last paragraph */
        bool to_outcomes = is_marker(r.b, 12);
        size_t k = r.s;
        if (list_cue(lay, &lay->units[k]) || !to_outcomes)
            k++;
        while (k > r.s && k < r.e && law_cue(lay, &lay->units[k]) && !(to_outcomes && k + 1 == r.e))
            k++;
        put(pl, r.s, k, 9);
        r.s = k;
        r.a = r.a_skip = NULL;
        if (r.s == r.e)
            return;
    }
    if (is_marker(r.b, 14))
        put(pl, r.s, r.e, 7);
    else if (r.b != NULL && r.b->kind == RT_FUND)
        put(pl, r.s, r.e, 5);
    else if (is_marker(r.b, 12))
        put(pl, r.s, r.e, 6);
    else if (is_marker(r.a_skip, 11) || is_marker(r.a_skip, 12) || is_marker(r.a_skip, 13))
        put(pl, r.s, r.e, r.a_skip->box);
    else if (is_marker(r.b_skip, 4))
        put(pl, r.s, r.e, 4);
    else if (is_marker(r.a_skip, 4))
        put(pl, r.s, r.e, 3);
}

/* Weaker rules for what the strong ones left. */
static void weak_rules(placing *pl, run r)
{
    if (is_marker(r.a, 5) && r.s >= 2 && is_marker(&pl->lay->units[r.s - 2], 4)) {
        /* ` ４ 背景…` directly above ` ５ 要求する事業内容`: the background
         * follows both labels unless it was found before ４ already */
        put(pl, r.s, r.e, pl->used[4] ? 5 : 4);
        return;
    }
    if (r.a_skip != NULL && r.a_skip->kind == RT_MARKER) {
        int box = r.a_skip->box;
        if ((box >= 3 && box <= 7) || (box >= 11 && box <= 14))
            put(pl, r.s, r.e, box);
    }
}

/* Runs of paragraphs still unplaced, each handed to `rule`. */
static void each_run(placing *pl, void (*rule)(placing *, run))
{
    const rt_layout *lay = pl->lay;
    size_t i = 0;
    while (i < lay->count) {
        if (lay->units[i].kind != RT_TEXT) {
            i++;
            continue;
        }
        size_t e = i;
        while (e < lay->count && lay->units[e].kind == RT_TEXT)
            e++;
        size_t s = i;
        while (s < e && lay->units[s].box != 0)
            s++;
        if (s < e)
            rule(pl, make_run(lay, s, e));
        i = e;
    }
}

/* A paragraph that no anchor claims goes where its cue or its position
 * says, with a warning, so that no text is lost. */
static void orphans(placing *pl, const rt_diag *d)
{
    const rt_layout *lay = pl->lay;
    int above = 0; /* box of the nearest narrative marker above */
    for (size_t i = 0; i < lay->count; i++) {
        rt_unit *u = &lay->units[i];
        if (u->kind == RT_MARKER && u->box > 2 && u->box != 10)
            above = u->box;
        if (u->kind != RT_TEXT || u->box != 0)
            continue;
        int box = above == 8 && !list_cue(lay, u) ? 14 : above;
        if (budget_cue(lay, u) && !pl->used[14])
            box = 14;
        u->box = box;
        pl->used[box] = true;
        if (box != 0)
            rt_warn(d, u->lineno, "paragraph has no anchor: placed in box %d by position", box);
        else
            rt_warn(d, u->lineno, "paragraph fits no box: left out");
    }
}

/* Anchors win over cues; a disagreement is reported, not silently fixed. */
static void check_cues(const placing *pl, const rt_diag *d)
{
    const rt_layout *lay = pl->lay;
    const rt_unit *decision = NULL, *elsewhere = NULL;
    for (size_t i = 0; i < lay->count; i++) {
        const rt_unit *u = &lay->units[i];
        if (u->kind != RT_TEXT || !budget_cue(lay, u))
            continue;
        if (u->box == 14)
            decision = u;
        else if (elsewhere == NULL && (has(lay, u, "予算を計上") || has(lay, u, "予算は計上")))
            elsewhere = u;
    }
    if (decision == NULL && elsewhere != NULL && pl->used[14])
        rt_warn(d, elsewhere->lineno,
                "this paragraph decides the budget but the anchors put it in box %d; "
                "box 14 keeps what its anchors gave it",
                elsewhere->box);
}

void rt_assign_boxes(rt_layout *lay, const rt_diag *d)
{
    placing pl = {lay, {false}};
    for (size_t i = 0; i < lay->count; i++) {
        rt_unit *u = &lay->units[i];
        if (u->kind == RT_TEXT) {
            u->box = u->bound == 8 || u->bound == 9 ? 0 : u->bound;
            pl.used[u->box] = true;
        }
    }
    each_run(&pl, strong_rules);
    each_run(&pl, weak_rules);
    orphans(&pl, d);
    check_cues(&pl, d);
}
