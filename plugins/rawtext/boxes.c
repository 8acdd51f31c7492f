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
    /* `needle` is no literal here: rt_contains() would measure it per piece */
    size_t n = strlen(needle);
    for (size_t i = 0; i < u->count; i++) {
        const rt_piece *p = &lay->pieces[u->first + i];
        if (rt_find_bytes(p->s, p->len, needle, n) < p->len)
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

/* The cue of box 13: it names a cost (円) or says there is none (なし). */
static bool cost_cue(const rt_layout *lay, const rt_unit *u)
{
    return has(lay, u, "円") || has(lay, u, "なし");
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

/* The cue of box 5: it lists what the request is as key items
 * (rt_key_length()), and those keys name the target group or the way it is
 * done (対象者：, 実施手法：, 実施時期：, 対　象：, 【対象者】), numbered or
 * bulleted or not (１ 対象者：, ■対象者：); the spaces a key may be spread
 * with do not count. */
static bool details_cue(const rt_layout *lay, const rt_unit *u)
{
    for (size_t i = 0; i < u->count; i++) {
        rt_piece k = rt_trim(lay->pieces[u->first + i]);
        k.len = rt_key_length(k.s, k.len);
        rt_eat(&k, "【");
        size_t mark = rt_item_mark_length(k.s, k.len);
        k.s += mark, k.len -= mark;
        char word[4 * 3 + 1];
        size_t w = 0;
        for (size_t j = 0; j < k.len && w + 3 < sizeof word;) {
            size_t sp = rt_space_prefix(k.s + j, k.len - j);
            if (sp > 0) {
                j += sp;
                continue;
            }
            size_t n;
            bc_utf8_decode(k.s + j, k.len - j, &n);
            if (w + n >= sizeof word)
                break;
            memcpy(word + w, k.s + j, n);
            w += n;
            j += n;
        }
        word[w] = '\0';
        if (rt_starts(word, w, "対象") || rt_starts(word, w, "実施"))
            return true;
    }
    return false;
}

/* How a sentence of box 4 or 5 ends: box 4 states how things are (…ています。
 * …です。 …あります。 …ました。, and what is not: …ありません。 …できていません。),
 * box 5 says what will be done (…します。 …行います。 …図ります。); and the
 * same in the plain style (である調: …いる。 …である。 …だ。 …した。 …ない。
 * against …する。 …行う。 …図る。 …予定。).  A sentence that ends as box 5's
 * does is not also box 4's (…予定だ。 is a plan, though it ends in だ). */
typedef struct ending {
    const char *s;
    size_t len;
} ending;
#define ENDING(s) {s, sizeof s - 1}
static const ending state_ends[] = {
    ENDING("ています"), ENDING("ております"), ENDING("です"), ENDING("あります"), ENDING("ました"),
    ENDING("でした"),   ENDING("ません"),     ENDING("いる"), ENDING("いた"),     ENDING("である"),
    ENDING("だ"),       ENDING("した"),       ENDING("った"), ENDING("ない")};
static const ending action_ends[] = {ENDING("します"), ENDING("行います"), ENDING("図ります"),
                                     ENDING("する"),   ENDING("行う"),     ENDING("図る"),
                                     ENDING("予定"),   ENDING("予定だ"),   ENDING("予定である")};

static bool ends_in(const char *s, size_t len, const ending *ends, size_t n)
{
    /* every ending is of kana and kanji: its last three bytes, compared
     * inline, rule out most endings before a call compares the rest */
    for (size_t i = 0; i < n; i++) {
        size_t k = ends[i].len;
        if (len >= k && memcmp(s + len - 3, ends[i].s + k - 3, 3) == 0 &&
            memcmp(s + len - k, ends[i].s, k - 3) == 0)
            return true;
    }
    return false;
}

/* The longest of those endings, in bytes (ております). */
#define TENSE_END_MAX_BYTES (sizeof "ております" - 1)

/* Counts the endings of the sentences of `s` (each before a 。); false
 * when text may come before `s` (`more_before`) and a 。 stands so near
 * the start that an ending may reach into that text. */
static bool count_ends(const char *s, size_t len, bool more_before, size_t *states,
                       size_t *actions)
{
    for (size_t i = 0; (i += rt_find(s + i, len - i, "。")) < len; i += 3) {
        if (more_before && i < TENSE_END_MAX_BYTES)
            return false;
        if (ends_in(s, i, action_ends, sizeof action_ends / sizeof action_ends[0]))
            ++*actions;
        else
            *states += ends_in(s, i, state_ends, sizeof state_ends / sizeof state_ends[0]);
    }
    return true;
}

/* +1 when every sentence of `u` that ends one way says what will be done,
 * -1 when they all state how things are, 0 otherwise (or none does);
 * `b` is scratch space.  The placing asks it of a paragraph several times:
 * it is found once, and kept in the unit.  The endings are those of the
 * joined paragraph; where every 。 but in its first line stands far enough
 * into its line, each line says them alone, and the paragraph is joined
 * only otherwise. */
static int tense_cue(const rt_layout *lay, const rt_unit *u, rt_buf *b)
{
    if (u->tense != RT_TENSE_UNKNOWN)
        return u->tense;
    size_t states = 0, actions = 0;
    bool alone = true, first = true;
    for (size_t i = 0; alone && i < u->count; i++) {
        rt_piece t = rt_trim(lay->pieces[u->first + i]);
        if (t.len == 0)
            continue;
        alone = count_ends(t.s, t.len, !first, &states, &actions);
        first = false;
    }
    if (!alone) {
        states = actions = 0;
        b->len = 0;
        if (!rt_join(b, &lay->pieces[u->first], &lay->widths[u->first], u->count))
            return 0;
        count_ends(b->s, b->len, false, &states, &actions);
    }
    int tense = actions > 0 && states == 0 ? 1 : states > 0 && actions == 0 ? -1 : 0;
    /* the units are the layout's own, not const: only the view of them is */
    lay->units[u - lay->units].tense = tense;
    return tense;
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

/* The rules that hold on every page seen; first match wins.  "rule n" is
 * the README's numbering (Which box a paragraph belongs to). */
static void strong_rules(placing *pl, run r)
{
    const rt_layout *lay = pl->lay;
    if (is_marker(r.a, 8)) { /* rule 2 */
        after_plans_label(pl, &r);
        return;
    }
    if (is_marker(r.a, 9)) { /* rule 3 */
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
    if (is_marker(r.b, 14) && is_marker(r.a, 13) && r.e == r.s + 1 &&
        cost_cue(lay, &lay->units[r.s]))
        put(pl, r.s, r.e, 13); /* rule 4, one paragraph below 13's label */
    else if (is_marker(r.b, 14)) /* rule 4 */
        put(pl, r.s, r.e, 7);
    else if (r.b != NULL && r.b->kind == RT_FUND) /* rule 5 */
        put(pl, r.s, r.e, 5);
    else if (is_marker(r.b, 12)) /* rule 6 */
        put(pl, r.s, r.e, 6);
    else if (is_marker(r.a_skip, 11) || is_marker(r.a_skip, 12) || is_marker(r.a_skip, 13))
        put(pl, r.s, r.e, r.a_skip->box); /* rule 7 */
    else if (is_marker(r.b_skip, 4)) /* rule 8 */
        put(pl, r.s, r.e, 4);
    else if (is_marker(r.a_skip, 4)) /* rule 9 */
        put(pl, r.s, r.e, 3);
}

/* Weaker rules for what the strong ones left. */
static void weak_rules(placing *pl, run r)
{
    if (is_marker(r.a, 5) && r.s >= 2 && is_marker(&pl->lay->units[r.s - 2], 4)) { /* rule 10 */
        /* ` ４ 背景…` directly above ` ５ 要求する事業内容`: the background
         * follows both labels unless it was found before ４ already */
        put(pl, r.s, r.e, pl->used[4] ? 5 : 4);
        return;
    }
    if (r.a_skip != NULL && r.a_skip->kind == RT_MARKER) { /* rule 11 */
        int box = r.a_skip->box;
        if (rt_box_info(box)->text_field >= 0)
            put(pl, r.s, r.e, box);
    }
}

/*
 * Boxes 3, 4 and 5 fill the left column of the form, and their texts may
 * come out next to each other in any order with nothing between them but
 * table rows; one anchor (before 財源, after ４ or ５) then takes them all.
 * Their paragraphs, in page order, are one stretch per box.  A cut gives
 * the boxes an order and says where each stretch ends.  Box 3 joins in only
 * when it got more than its one paragraph while 4 or 5 got none.
 */
#define CUT_MAX_PARAGRAPHS 64

typedef struct para45 {
    size_t unit;
    int bound;  /* 3, 4 or 5 when its marker's block holds it, else 0 */
    int anchor; /* the box the anchors gave it */
    bool key;   /* details_cue() */
    int tense;  /* tense_cue() */
    bool close; /* the next paragraph follows it with nothing but rows between */
} para45;

typedef struct cut {
    const int *order; /* nbox boxes */
    size_t end[3];    /* stretch b is [end[b-1], end[b]) */
} cut;

/* How well a cut fits, compared field by field: no bound paragraph moved,
 * then the most ５ cues in 5, the most paragraphs in a box their sentences
 * fit (4 states how things are, 5 says what will be done, 3 may do either),
 * then — no longer what the text says — the boxes in the order of their
 * labels, 5 ending with its keys, and the most anchors kept. */
typedef struct cut_fit {
    size_t moved_bound, keys, tense, label_order, keys_last, anchors;
    size_t splits; /* paragraphs next to each other given to different boxes */
} cut_fit;

/* Compares the first `fields` fields (3: what the text says; 6: all). */
static int cut_cmp(cut_fit a, cut_fit b, size_t fields)
{
    if (a.moved_bound != b.moved_bound)
        return a.moved_bound < b.moved_bound ? 1 : -1;
    size_t x[5] = {a.keys, a.tense, a.label_order, a.keys_last, a.anchors};
    size_t y[5] = {b.keys, b.tense, b.label_order, b.keys_last, b.anchors};
    for (size_t i = 0; i + 1 < fields; i++)
        if (x[i] != y[i])
            return x[i] > y[i] ? 1 : -1;
    return 0;
}

static int cut_box(const cut *c, size_t i)
{
    size_t b = 0;
    while (i >= c->end[b])
        b++;
    return c->order[b];
}

/* `label[box]`: where the label of box 3, 4, 5 is among the units. */
static cut_fit cut_score(const para45 *p, size_t m, const cut *c, size_t nbox,
                         const size_t *label)
{
    cut_fit f = {0, 0, 0, 0, 0, 0, 0};
    size_t last5 = 0;
    for (size_t i = 0; i < m; i++) {
        int box = cut_box(c, i);
        f.splits += i + 1 < m && p[i].close && cut_box(c, i + 1) != box;
        f.moved_bound += p[i].bound != 0 && p[i].bound != box;
        f.keys += box == 5 && p[i].key;
        f.tense += (box == 4 && p[i].tense < 0) || (box == 5 && p[i].tense > 0) ||
                   (box == 3 && p[i].tense != 0);
        f.anchors += p[i].anchor == box;
        last5 = box == 5 ? i : last5;
    }
    for (size_t a = 0; a < nbox; a++)
        for (size_t b = a + 1; b < nbox; b++)
            f.label_order += label[c->order[a]] < label[c->order[b]];
    f.keys_last = p[last5].key;
    return f;
}

static const int orders2[2][3] = {{4, 5, 0}, {5, 4, 0}};
static const int orders3[6][3] = {{3, 4, 5}, {3, 5, 4}, {4, 3, 5}, {4, 5, 3}, {5, 3, 4}, {5, 4, 3}};

/* The best cut of `p` into `nbox` stretches; `*ties`: how many cuts the
 * text rates as high as it (itself among them) that part no more
 * neighbouring paragraphs or keep as much of the labels' order.  The
 * labels' order and the anchors choose among those, but are no evidence:
 * pages print the texts of boxes 3 to 5 in other orders than their
 * labels', even with the labels in a row. */
static cut best_cut(const para45 *p, size_t m, size_t nbox, const size_t *label, cut_fit *best,
                    size_t *ties)
{
    cut c, top = {NULL, {0, 0, 0}};
    size_t norders = nbox == 2 ? 2 : 6;
    *ties = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t o = 0; o < norders; o++) {
            c.order = nbox == 2 ? orders2[o] : orders3[o];
            for (size_t i = 1; i + nbox - 1 <= m; i++)
                for (size_t j = nbox == 2 ? m : i + 1; j <= m; j++) {
                    if (nbox == 3 && j == m)
                        break;
                    c.end[0] = i;
                    c.end[1] = j;
                    c.end[2] = m;
                    cut_fit f = cut_score(p, m, &c, nbox, label);
                    if (pass == 1) {
                        *ties += cut_cmp(f, *best, 3) == 0 &&
                                 (f.splits <= best->splits || cut_cmp(f, *best, 4) == 0);
                        continue;
                    }
                    int cmp = top.order == NULL ? 1 : cut_cmp(f, *best, 4);
                    if (cmp > 0 || (cmp == 0 && cut_cmp(f, *best, 6) > 0)) {
                        *best = f;
                        top = c;
                    }
                }
        }
    return top;
}

/* Box 3 got no text from its anchors and the cut gave it some: a box's
 * text starts right below its label (past rows), so a stretch of 3 that
 * starts elsewhere is the cut's guess, reported. */
static void check_description_start(const rt_layout *lay, const para45 *p, size_t m,
                                     const cut *c, const rt_diag *d)
{
    size_t k = rt_below_label(lay, 3);
    for (size_t i = 0; i < m; i++)
        if (cut_box(c, i) == 3) {
            if (p[i].unit != k)
                rt_warn(d, lay->units[p[i].unit].lineno,
                        "box 3 (事業説明文) got no text from its anchors, and this paragraph, "
                        "placed in it by what the texts of boxes 3 to 5 say, is not the one "
                        "below its label: a guess");
            return;
        }
}

static void split_left_column(placing *pl, const rt_diag *d)
{
    rt_layout *lay = pl->lay;
    if (rt_layout_marker(lay, 4) == NULL || rt_layout_marker(lay, 5) == NULL)
        return;
    size_t in[6] = {0}, keys_in4 = 0, contra = 0;
    rt_buf b = {NULL, 0, 0};
    for (size_t i = 0; i < lay->count; i++) {
        const rt_unit *u = &lay->units[i];
        if (u->kind != RT_TEXT || u->box < 3 || u->box > 5)
            continue;
        in[u->box]++;
        if (u->box == 4 && details_cue(lay, u))
            keys_in4++;
        int tense = u->box == 3 ? 0 : tense_cue(lay, u, &b);
        contra += (u->box == 4 && tense > 0) || (u->box == 5 && tense < 0);
    }
    /* the anchors failed when 4 or 5 got nothing, 3 got nothing though its
     * label was found (every sheet fills it), or 4 got 5's keys; a
     * sentence whose ending names the other box only casts doubt */
    bool failed45 = in[4] == 0 || in[5] == 0 || keys_in4 > 0;
    bool failed = failed45 || (in[3] == 0 && rt_layout_marker(lay, 3) != NULL);
    size_t nbox = failed && rt_layout_marker(lay, 3) != NULL && in[3] != 1 ? 3 : 2;
    size_t m = in[4] + in[5] + (nbox == 3 ? in[3] : 0);
    para45 *p = (failed || contra > 0) && m >= nbox && m <= CUT_MAX_PARAGRAPHS
                    ? malloc(m * sizeof *p)
                    : NULL;
    if (p == NULL) {
        rt_buf_free(&b);
        return; /* nothing to cut, or out of memory: the anchors' placing stands */
    }
    size_t n = 0;
    bool close = false; /* only rows since the last paragraph taken */
    for (size_t i = 0; i < lay->count; i++) {
        const rt_unit *u = &lay->units[i];
        if (u->kind != RT_TEXT || u->box < 6 - (int)nbox || u->box > 5) {
            close = close && is_row(u);
            continue;
        }
        if (n > 0)
            p[n - 1].close = close;
        p[n++] = (para45){i, u->bound >= 3 && u->bound <= 5 ? u->bound : 0, u->box,
                          details_cue(lay, u), tense_cue(lay, u, &b), false};
        close = true;
    }
    rt_buf_free(&b);
    cut_fit best = {0, 0, 0, 0, 0, 0, 0}, now = {0, 0, 0, 0, 0, m, 0};
    size_t ties, label[6] = {0, 0, 0, 0, 0, 0};
    for (int box = 3; box <= 5; box++)
        label[box] = rt_layout_marker(lay, box) != NULL
                         ? (size_t)(rt_layout_marker(lay, box) - lay->units)
                         : 0;
    cut c = best_cut(p, m, nbox, label, &best, &ties);
    for (size_t i = 0; i < m; i++) {
        now.keys += p[i].anchor == 5 && p[i].key;
        now.tense += (p[i].anchor == 4 && p[i].tense < 0) || (p[i].anchor == 5 && p[i].tense > 0);
    }
    bool doubt = !failed && cut_cmp(best, now, 3) > 0;
    if (failed || doubt) {
        for (size_t i = 0; i < m; i++) {
            int box = cut_box(&c, i);
            rt_unit *u = &lay->units[p[i].unit];
            if (doubt && box != u->box)
                rt_warn(d, u->lineno, "this paragraph reads as box %d (%s) but the anchors put "
                                      "it in box %d: placed in box %d by what it says",
                        box, rt_box_name(box), u->box, box);
            u->box = box;
        }
        /* a cut that nothing the paragraphs say bears out (lists of nouns,
         * say) rests on the labels' order alone, and texts are printed in
         * other orders too */
        bool uncued = true;
        size_t in45 = 0;
        for (size_t i = 0; i < m && uncued; i++) {
            bool of45 = cut_box(&c, i) != 3;
            uncued = !of45 || (p[i].tense == 0 && !p[i].key);
            in45 += of45;
        }
        if (failed && (ties > 1 || (uncued && in45 >= 2)))
            rt_warn(d, lay->units[p[0].unit].lineno,
                    "where the text of box 4 (%s) ends and that of box 5 (%s)%s begins is a "
                    "guess: nothing the text says decides it",
                    rt_box_name(4), rt_box_name(5), nbox == 3 ? " or box 3 (事業説明文)" : "");
        else if (!failed45 && failed)
            check_description_start(lay, p, m, &c, d);
    }
    for (int box = 3; box <= 5; box++)
        pl->used[box] = false;
    for (size_t i = 0; i < lay->count; i++)
        if (lay->units[i].kind == RT_TEXT && lay->units[i].box >= 3 && lay->units[i].box <= 5)
            pl->used[lay->units[i].box] = true;
    free(p);
}

/* The tense of the first paragraph of the run of paragraphs that follows
 * the label of `box` and ends before marker `next` (rows around it skipped), or 2
 * when there is no such run; `*s`, `*e`: the run. */
static int run_between(const rt_layout *lay, int box, int next, size_t *s, size_t *e,
                       rt_buf *b)
{
    size_t k = *s = rt_below_label(lay, box);
    while (k < lay->count && lay->units[k].kind == RT_TEXT && lay->units[k].bound == 0)
        k++;
    *e = k;
    while (k < lay->count && is_row(&lay->units[k]))
        k++;
    if (*s == *e || !is_marker(k < lay->count ? &lay->units[k] : NULL, next))
        return 2;
    return tense_cue(lay, &lay->units[*s], b);
}

/*
 * ` ３ …`, a paragraph X, ` ４ 背景…`, a paragraph Y, ` ５ …`: the sample's
 * scramble has 4's text before its label and 3's after it (rules 8 and 9),
 * but a page printed in reading order has them the other way round.  What
 * the sentences say decides: background states how things are, so X that
 * does and Y that does not keep the anchors' placing, Y that does and X that
 * does not are swapped (reported), and anything else is reported as a guess.
 */
static void check_description(placing *pl, const rt_diag *d)
{
    rt_layout *lay = pl->lay;
    const rt_unit *m3 = rt_layout_marker(lay, 3), *m4 = rt_layout_marker(lay, 4);
    if (m3 == NULL || m4 == NULL)
        return;
    rt_buf b = {NULL, 0, 0};
    size_t xs, xe, ys, ye;
    int tx = run_between(lay, 3, 4, &xs, &xe, &b);
    int ty = run_between(lay, 4, 5, &ys, &ye, &b);
    rt_buf_free(&b);
    if (tx == 2 || ty == 2 || lay->units[xs].box != 4 || lay->units[ys].box != 3)
        return;
    bool as_placed = (tx < 0 && ty >= 0) || ty > 0;
    bool swapped = (ty < 0 && tx >= 0) || tx > 0;
    /* X that states fits box 3 too: only Y that says what will be done
     * bears the anchors' placing out */
    if (as_placed && !swapped && ty > 0)
        return;
    if (!swapped || as_placed) {
        rt_warn(d, lay->units[xs].lineno,
                "whether this paragraph, between the labels of boxes 3 and 4, is box 4's "
                "(%s) and the one after box 4's label box 3's (事業説明文) or the other way "
                "round is a guess: nothing the text says decides it",
                rt_box_name(4));
        return;
    }
    for (size_t k = xs; k < xe; k++)
        lay->units[k].box = 3;
    for (size_t k = ys; k < ye; k++)
        lay->units[k].box = 4;
    rt_warn(d, lay->units[xs].lineno,
            "the paragraphs around the label of box 4 (%s) read the other way round from what "
            "the anchors say: placed by what they say (box 3 before the label, box 4 after)",
            rt_box_name(4));
}

/* Whether what `u` says is box `box`'s own (3, 4 or 5), not merely
 * something that box may hold: box 3's text says what the project does,
 * box 4's states how things are, box 5's says what will be done or lists
 * its keys. */
static bool reads_as(const rt_layout *lay, const rt_unit *u, int box, rt_buf *b)
{
    int tense = tense_cue(lay, u, b);
    return box == 4 ? tense < 0 : tense > 0 || (box == 5 && details_cue(lay, u));
}

/*
 * A box's text starts right below its label.  The sample's scrambles put
 * another box's text there (4's below ５, 3's below ４, 4's below ３), and
 * the anchors follow them; but on each of its pages that text says so by
 * itself.  A paragraph right below the label of box 3, 4 or 5 (rows
 * skipped), not in its block, that the placing gave to another of them
 * without a word of that box's is there by position alone: reported.
 */
static void check_below_labels(rt_layout *lay, const rt_diag *d)
{
    rt_buf b = {NULL, 0, 0};
    for (int box = 3; box <= 5; box++) {
        const rt_unit *m = rt_layout_marker(lay, box);
        if (m == NULL)
            continue;
        size_t k = (size_t)(m - lay->units);
        while (k > 0 && is_row(&lay->units[k - 1]))
            k--;
        const rt_unit *above = k > 0 ? &lay->units[k - 1] : NULL;
        k = rt_below_label(lay, box);
        rt_unit *u = k < lay->count ? &lay->units[k] : NULL;
        if (u == NULL || u->kind != RT_TEXT || u->bound != 0 || u->box == box || u->box < 3 ||
            u->box > 5 || reads_as(lay, u, u->box, &b))
            continue;
        bool in_row = above != NULL && above->kind == RT_MARKER && above->box >= 3 && above->box <= 5;
        /* another paragraph of the box it went to that does read as the
         * box: that one took it along */
        bool carried = false;
        for (size_t i = 0; i < lay->count && !carried; i++)
            carried = &lay->units[i] != u && lay->units[i].kind == RT_TEXT &&
                      lay->units[i].box == u->box && reads_as(lay, &lay->units[i], u->box, &b);
        /* labels in a row have their texts after all of them */
        if (in_row && !carried)
            continue;
        if (!in_row && box == 4 && u->box == 3 && above != NULL && above->kind == RT_TEXT &&
            above->box == 4)
            continue; /* rule 9's own case: the background before the label */
        int was = u->box;
        /* (what reads as box 3's, saying what will be done, reads as 5's) */
        if (carried && !reads_as(lay, u, 4, &b) && !reads_as(lay, u, 5, &b))
            u->box = box;
        rt_warn(d, u->lineno, "this paragraph, right below the label of box %d (%s), was placed "
                              "in box %d (%s) by position alone: nothing it says is box %d's%s",
                box, rt_box_name(box), was, rt_box_name(was), was,
                u->box == box ? "; placed in the box of its label" : "");
    }
    rt_buf_free(&b);
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
        if (u->kind == RT_MARKER && rt_box_info(u->box)->narrative)
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

/* An item of box 8 that names a law (…法, …法第n条, …条例) rather than a
 * plan: 法 ends an item or opens its article. */
static bool law_name_cue(const rt_layout *lay, const rt_unit *u)
{
    for (size_t i = 0; i < u->count; i++) {
        rt_piece t = rt_trim(lay->pieces[u->first + i]);
        if (rt_contains(t.s, t.len, "条例"))
            return true;
        rt_piece rest = t;
        while (rt_split_at(rest, "法", NULL, &rest))
            if (rest.len == 0 || rt_space_prefix(rest.s, rest.len) > 0 ||
                rt_starts(rest.s, rest.len, "第"))
                return true;
    }
    return false;
}

/* What the text says against where the anchors put it, when nothing moved
 * it: each such paragraph is reported, never silently kept. */
static void doubts(const rt_layout *lay, const rt_diag *d)
{
    rt_buf b = {NULL, 0, 0};
    bool costed = false;
    const rt_unit *costs = NULL;
    for (size_t i = 0; i < lay->count; i++) {
        const rt_unit *u = &lay->units[i];
        if (u->kind != RT_TEXT)
            continue;
        /* every paragraph of box 13, bound to its label or not, may name
         * the cost */
        if (u->box == 13) {
            costs = costs != NULL ? costs : u;
            costed = costed || cost_cue(lay, u);
        }
        /* a list box's own block is checked too: its text is items, and a
         * ・ that opens sentences does not make them a list */
        bool own = u->bound == u->box;
        bool list_box = u->box == 8 || u->box == 9;
        if (list_box && (has(lay, u, "。") || !list_cue(lay, u))) {
            rt_warn(d, u->lineno, "this paragraph of box %d (%s) is sentences, not the list "
                                  "of items the box holds: it may be another box's",
                    u->box, rt_box_name(u->box));
            continue;
        }
        if (own)
            continue;
        bool keys = details_cue(lay, u);
        int tense = u->box == 4 || u->box == 5 ? tense_cue(lay, u, &b) : 0;
        if (keys && u->box != 5)
            rt_warn(d, u->lineno, "this paragraph lists what box 5 (%s) lists (対象…：, "
                                  "実施…：) but was placed in box %d",
                    rt_box_name(5), u->box);
        else if ((u->box == 4 && tense > 0) || (u->box == 5 && tense < 0))
            rt_warn(d, u->lineno, "this paragraph of box %d (%s) reads as box %d's: %s",
                    u->box, rt_box_name(u->box), 9 - u->box,
                    tense > 0 ? "it says what will be done" : "it says how things are");
        else if (u->box == 8 && law_name_cue(lay, u))
            rt_warn(d, u->lineno, "this item of box 8 (%s) names a law: it may belong to box "
                                  "9 (%s)",
                    rt_box_name(8), rt_box_name(9));
    }
    if (costs != NULL && !costed)
        rt_warn(d, costs->lineno, "box 13 (%s) names no cost (円) and does not say なし: its "
                                  "text may be another box's",
                rt_box_name(13));
    rt_buf_free(&b);
}

/*
 * A box's text is written from the paragraphs below its label, then the
 * others in page order (sheet.c).  Where none is below the label and the
 * text stands in two text boxes or more, page order alone decides theirs,
 * and the extractor prints a box's text boxes bottom up on a page it reads
 * so: reported.  Box 5 is left out: its prose and its key lines are two
 * text boxes on four pages of the sample, where page order is right.
 */
static void apart_texts(const rt_layout *lay, const rt_diag *d)
{
    for (int box = 1; box <= 14; box++) {
        if (!rt_box_info(box)->narrative || box == 5)
            continue;
        size_t s, e, parts = 0;
        long first = 0;
        rt_label_run(lay, box, &s, &e);
        if (s < e)
            continue;
        for (size_t i = 0; i < lay->count; i++) {
            const rt_unit *u = &lay->units[i];
            if (u->kind == RT_TEXT && u->box == box && parts++ == 0)
                first = u->lineno;
        }
        if (parts >= 2)
            rt_warn(d, first, "the text of box %d (%s) is printed in %zu text boxes, none right "
                              "below its label: they are joined in page order, which may not be "
                              "the text's",
                    box, rt_box_name(box), parts);
    }
}

/* Every narrative box of the form holds text (`・なし` at least), so a box
 * whose label was found but that got none means its text went elsewhere. */
static void empty_boxes(const rt_layout *lay, const rt_diag *d)
{
    bool filled[15] = {false};
    for (size_t i = 0; i < lay->count; i++)
        if (lay->units[i].kind == RT_TEXT && lay->units[i].box > 0 && lay->units[i].box < 15)
            filled[lay->units[i].box] = true;
    for (int box = 1; box <= 14; box++) {
        const rt_unit *m = rt_layout_marker(lay, box);
        if (rt_box_info(box)->narrative && m != NULL && !filled[box])
            rt_warn(d, m->lineno, "box %d (%s) has a label but no text: its text may have gone "
                                  "to another box",
                    box, rt_box_name(box));
    }
}

/* A label printed otherwise than the form's: the rest after its key was
 * kept out of the box's text, which may still have lost or kept a word. */
static void odd_labels(const rt_layout *lay, const rt_diag *d)
{
    for (int box = 1; box <= 14; box++) {
        const rt_unit *m = rt_layout_marker(lay, box);
        if (m == NULL || box == 2 || box == 14 || m->extra.len == 0)
            continue;
        if (m->rest.s == m->extra.s) /* left in the text (layout.c) */
            rt_warn(d, m->lineno, "the label of box %d (%s) is printed otherwise: '%.*s' right "
                                  "after its key was read as text, not as the rest of the label",
                    box, rt_box_name(box), (int)m->extra.len, m->extra.s);
        else
            rt_warn(d, m->lineno, "the label of box %d (%s) is printed otherwise: '%.*s' after "
                                  "its key was taken as the rest of the label, not as text",
                    box, rt_box_name(box), (int)m->extra.len, m->extra.s);
    }
}

void rt_assign_boxes(rt_layout *lay, const rt_diag *d)
{
    placing pl = {lay, {false}};
    for (size_t i = 0; i < lay->count; i++) {
        rt_unit *u = &lay->units[i];
        if (u->kind == RT_TEXT) { /* rule 1 */
            u->box = u->bound == 8 || u->bound == 9 ? 0 : u->bound;
            pl.used[u->box] = true;
        }
    }
    each_run(&pl, strong_rules);
    each_run(&pl, weak_rules);
    /* README, Which decides: the ３/４ reading order, then the left column's cut */
    check_description(&pl, d);
    split_left_column(&pl, d);
    check_below_labels(lay, d);
    orphans(&pl, d);
    check_cues(&pl, d);
    doubts(lay, d);
    empty_boxes(lay, d);
    apart_texts(lay, d);
    odd_labels(lay, d);
}
