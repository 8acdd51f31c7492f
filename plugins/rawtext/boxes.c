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
#include <stdlib.h>
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

/* The cue of box 5: it lists what the request is as `key：` items, and
 * those keys name the target group or the way it is done (対象者：, 実施手法：,
 * 実施時期：, 対　象：); the spaces a key may be spread with do not count. */
static bool details_cue(const rt_layout *lay, const rt_unit *u)
{
    for (size_t i = 0; i < u->count; i++) {
        rt_piece t = rt_trim(lay->pieces[u->first + i]);
        size_t key = rt_key_length(t.s, t.len);
        char word[4 * 3 + 1];
        size_t w = 0;
        for (size_t k = 0; k < key && w + 3 < sizeof word;) {
            size_t sp = rt_space_prefix(t.s + k, key - k);
            if (sp > 0) {
                k += sp;
                continue;
            }
            size_t n;
            bc_utf8_decode(t.s + k, key - k, &n);
            if (w + n >= sizeof word)
                break;
            memcpy(word + w, t.s + k, n);
            w += n;
            k += n;
        }
        word[w] = '\0';
        if (rt_starts(word, w, "対象") || rt_starts(word, w, "実施"))
            return true;
    }
    return false;
}

/* How a sentence of box 4 or 5 ends: box 4 states how things are (…ています。
 * …です。 …あります。 …ました。), box 5 says what will be done (…します。
 * …行います。 …図ります。). */
static const char *const state_ends[] = {"ています", "ております", "です", "あります", "ました",
                                         "でした"};
static const char *const action_ends[] = {"します", "行います", "図ります"};

static bool ends_in(const char *s, size_t len, const char *const *ends, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(ends[i]);
        if (len >= k && memcmp(s + len - k, ends[i], k) == 0)
            return true;
    }
    return false;
}

/* +1 when every sentence of `u` that ends one way says what will be done,
 * -1 when they all state how things are, 0 otherwise (or none does);
 * `b` is scratch space. */
static int tense_cue(const rt_layout *lay, const rt_unit *u, rt_buf *b)
{
    b->len = 0;
    if (!rt_join(b, &lay->pieces[u->first], u->count))
        return 0;
    size_t states = 0, actions = 0;
    for (size_t i = 0; i + 3 <= b->len; i++) {
        if (memcmp(b->s + i, "。", 3) != 0)
            continue;
        states += ends_in(b->s, i, state_ends, sizeof state_ends / sizeof state_ends[0]);
        actions += ends_in(b->s, i, action_ends, sizeof action_ends / sizeof action_ends[0]);
    }
    return actions > 0 && states == 0 ? 1 : states > 0 && actions == 0 ? -1 : 0;
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

/*
 * Boxes 4 and 5 share a region of the form, and their texts may come out
 * next to each other in either order with nothing between them but table
 * rows; the anchors then give both to one box.  Their texts, in page order,
 * are two stretches: one is 4's, the other 5's.  A `cut` splits them after
 * `k` paragraphs, the first stretch going to `first`.
 */
typedef struct para45 {
    size_t unit;
    int bound;  /* 4 or 5 when its marker's block holds it, else 0 */
    int anchor; /* the box the anchors gave it */
    bool key;   /* details_cue() */
    int tense;  /* tense_cue() */
} para45;

/* How well a cut fits, compared field by field: no bound paragraph moved,
 * then the most ５ cues in 5 and 5 ending with its keys, then the most
 * sentences in the box their ending names, then the most anchors kept. */
typedef struct cut_fit {
    size_t moved_bound, keys, keys_last, tense, anchors;
} cut_fit;

static int cut_cmp(cut_fit a, cut_fit b, bool with_anchors)
{
    if (a.moved_bound != b.moved_bound)
        return a.moved_bound < b.moved_bound ? 1 : -1;
    size_t x[4] = {a.keys, a.keys_last, a.tense, a.anchors};
    size_t y[4] = {b.keys, b.keys_last, b.tense, b.anchors};
    for (size_t i = 0; i < (with_anchors ? 4u : 3u); i++)
        if (x[i] != y[i])
            return x[i] > y[i] ? 1 : -1;
    return 0;
}

static cut_fit cut_score(const para45 *p, size_t m, int first, size_t k)
{
    cut_fit f = {0, 0, 0, 0, 0};
    for (size_t i = 0; i < m; i++) {
        int box = i < k ? first : 9 - first;
        f.moved_bound += p[i].bound != 0 && p[i].bound != box;
        f.keys += box == 5 && p[i].key;
        f.tense += (box == 4 && p[i].tense < 0) || (box == 5 && p[i].tense > 0);
        f.anchors += p[i].anchor == box;
    }
    size_t last5 = first == 5 ? k - 1 : m - 1;
    f.keys_last = p[last5].key;
    return f;
}

static void split_background_details(placing *pl, const rt_diag *d)
{
    rt_layout *lay = pl->lay;
    if (rt_layout_marker(lay, 4) == NULL || rt_layout_marker(lay, 5) == NULL)
        return;
    size_t m = 0;
    for (size_t i = 0; i < lay->count; i++)
        m += lay->units[i].kind == RT_TEXT && (lay->units[i].box == 4 || lay->units[i].box == 5);
    if (m < 2)
        return;
    para45 *p = malloc(m * sizeof *p);
    rt_buf b = {NULL, 0, 0};
    if (p == NULL)
        return; /* out of memory: the anchors' placing stands */
    size_t n = 0, in4 = 0, keys_in4 = 0, contra = 0;
    for (size_t i = 0; i < lay->count; i++) {
        const rt_unit *u = &lay->units[i];
        if (u->kind != RT_TEXT || (u->box != 4 && u->box != 5))
            continue;
        p[n] = (para45){i, u->bound == 4 || u->bound == 5 ? u->bound : 0, u->box,
                        details_cue(lay, u), tense_cue(lay, u, &b)};
        in4 += u->box == 4;
        keys_in4 += u->box == 4 && p[n].key;
        contra += (u->box == 4 && p[n].tense > 0) || (u->box == 5 && p[n].tense < 0);
        n++;
    }
    rt_buf_free(&b);
    /* the anchors failed when one box got nothing or 4 got 5's keys; a
     * sentence whose ending names the other box only casts doubt */
    bool failed = in4 == 0 || in4 == m || keys_in4 > 0;
    int best_first = 0;
    size_t best_k = 0, ties = 0;
    cut_fit best = {0, 0, 0, 0, 0};
    for (int first = 4; first <= 5; first++)
        for (size_t k = 1; k < m; k++) {
            cut_fit f = cut_score(p, m, first, k);
            int c = best_first == 0 ? 1 : cut_cmp(f, best, false);
            ties = c > 0 ? 1 : ties + (c == 0);
            if (c > 0 || (c == 0 && cut_cmp(f, best, true) > 0)) {
                best = f;
                best_first = first;
                best_k = k;
            }
        }
    cut_fit now = {0, 0, 0, 0, m};
    for (size_t i = 0; i < m; i++) {
        now.keys += p[i].anchor == 5 && p[i].key;
        now.tense += (p[i].anchor == 4 && p[i].tense < 0) || (p[i].anchor == 5 && p[i].tense > 0);
    }
    bool doubt = !failed && contra > 0 && cut_cmp(best, now, false) > 0;
    if (failed || doubt) {
        for (size_t i = 0; i < m; i++) {
            int box = i < best_k ? best_first : 9 - best_first;
            rt_unit *u = &lay->units[p[i].unit];
            if (doubt && box != u->box)
                rt_warn(d, u->lineno, "this paragraph reads as box %d (%s) but the anchors put "
                                      "it in box %d: placed in box %d by what it says",
                        box, rt_box_name(box), u->box, box);
            u->box = box;
        }
        const rt_unit *first = &lay->units[p[0].unit];
        if (failed && ties > 1)
            rt_warn(d, first->lineno, "where the text of box 4 (%s) ends and that of box 5 (%s) "
                                      "begins is a guess: nothing the text says decides it",
                    rt_box_name(4), rt_box_name(5));
        else if (failed && best.tense + best.keys_last < m)
            rt_warn(d, first->lineno, "boxes 4 (%s) and 5 (%s) were told apart by what a part "
                                      "of their text says",
                    rt_box_name(4), rt_box_name(5));
    }
    pl->used[4] = pl->used[5] = false;
    for (size_t i = 0; i < m; i++)
        pl->used[lay->units[p[i].unit].box] = true;
    free(p);
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

/* Every narrative box of the form holds text (`・なし` at least), so a box
 * whose label was found but that got none means its text went elsewhere. */
static void empty_boxes(const rt_layout *lay, const rt_diag *d)
{
    bool filled[15] = {false};
    for (size_t i = 0; i < lay->count; i++)
        if (lay->units[i].kind == RT_TEXT && lay->units[i].box > 0 && lay->units[i].box < 15)
            filled[lay->units[i].box] = true;
    for (int box = 3; box <= 14; box++) {
        const rt_unit *m = rt_layout_marker(lay, box);
        if (box != 10 && m != NULL && !filled[box])
            rt_warn(d, m->lineno, "box %d (%s) has a label but no text: its text may have gone "
                                  "to another box",
                    box, rt_box_name(box));
    }
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
    split_background_details(&pl, d);
    orphans(&pl, d);
    check_cues(&pl, d);
    empty_boxes(lay, d);
}
