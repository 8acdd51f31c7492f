/*
 * The rawtext importer, through the real driver ($BUDGETCONV with the
 * plugins of this build tree): moved and damaged copies of sample pages
 * judged by score.py against their gold records, the three pages the gold
 * leaves out, the same JSON from every variant of the sample (built here,
 * not hand-edited), a truncated last page, and bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <jansson.h>

#include <budgetconv/budgetconv.h>

#include "context.h"
#include "fuzz/fuzz_target.h"
#include "input.h"
#include "leak_check.h"

/* Just below the rawtext page limit of 4 MiB. */
#define RT_TEST_BIG_PAGE (4u * 1024u * 1024u - 4096u)

static char workdir[64];

/* Removes this test's files.  Only tidying: Criterion ignores a failure in
 * .fini, so the leak check is BC_TEST's, inside each test. */
static void remove_workdir(void)
{
    if (workdir[0] != '\0') {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", workdir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", workdir);
        workdir[0] = '\0';
    }
}

TestSuite(rawtext, .fini = remove_workdir);

/* ------------------------------------------------------------------------ */
/* Files and the driver                                                       */

typedef struct text {
    char *s;
    size_t len, cap;
} text;

static void add(text *t, const char *s, size_t n)
{
    if (t->len + n + 1 > t->cap) {
        size_t cap = t->cap ? t->cap : 4096;
        while (cap < t->len + n + 1)
            cap *= 2;
        t->s = realloc(t->s, cap);
        cr_assert_not_null(t->s);
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

static void adds(text *t, const char *s)
{
    add(t, s, strlen(s));
}

static text slurp(const char *path)
{
    text t = {NULL, 0, 0};
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot open %s", path);
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        add(&t, chunk, n);
    fclose(fp);
    if (t.s == NULL)
        add(&t, "", 0);
    return t;
}

static void spit(const char *path, const char *s, size_t len)
{
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp, "cannot create %s", path);
    cr_assert_eq(fwrite(s, 1, len, fp), len);
    cr_assert_eq(fclose(fp), 0);
}

static void make_workdir(void)
{
    if (workdir[0] != '\0')
        return;
    strcpy(workdir, "/tmp/test_rawtext.XXXXXX");
    cr_assert_not_null(mkdtemp(workdir));
}

/* A conversion: exit status, what went to stderr, the records (or NULL). */
typedef struct run {
    int status;
    text err;
    json_t *records;
    char input[256];
} run;

/* Converts `s` (saved as `name` in the work directory) to JSON; `wrap`
 * prefixes the command (`timeout 20`). */
static run convert_wrapped(const char *s, size_t len, const char *name, const char *args,
                           const char *wrap)
{
    const char *exe = getenv("BUDGETCONV");
    cr_assert_not_null(exe, "BUDGETCONV is not set (run through make check)");
    make_workdir();
    run r = {0};
    char out[300], err[300], cmd[2048];
    snprintf(r.input, sizeof r.input, "%s/%s", workdir, name);
    snprintf(out, sizeof out, "%s/%s.json", workdir, name);
    snprintf(err, sizeof err, "%s/%s.err", workdir, name);
    spit(r.input, s, len);
    unlink(out);
    snprintf(cmd, sizeof cmd, "%s '%s' %s -t json -o '%s' '%s' 2>'%s'", wrap, exe, args, out,
             r.input, err);
    int st = system(cmd);
    cr_assert(st != -1 && WIFEXITED(st), "cannot run %s", cmd);
    r.status = WEXITSTATUS(st);
    r.err = slurp(err);
    json_error_t jerr;
    json_t *doc = access(out, F_OK) == 0 ? json_load_file(out, 0, &jerr) : NULL;
    if (doc != NULL) {
        r.records = json_incref(json_object_get(doc, "records"));
        json_decref(doc);
    }
    return r;
}

static run convert(const char *s, size_t len, const char *name, const char *args)
{
    return convert_wrapped(s, len, name, args, "");
}

static void run_free(run *r)
{
    free(r->err.s);
    json_decref(r->records);
}

static text sample(void)
{
    return slurp(BC_SAMPLE);
}

static run convert_sample(void)
{
    text t = sample();
    run r = convert(t.s, t.len, "sample.txt", "");
    free(t.s);
    cr_assert_eq(r.status, 0, "conversion failed: %s", r.err.s);
    cr_assert_not_null(r.records);
    return r;
}

/* ------------------------------------------------------------------------ */
/* The gold records                                                           */

/* Exactly equal: text with its white space and line breaks, numbers, lists
 * in order (the records written by hand for tests/data). */
static bool same(json_t *want, json_t *got)
{
    if (json_is_object(want) && json_is_object(got)) {
        const char *key;
        json_t *v;
        json_object_foreach(want, key, v) if (!same(v, json_object_get(got, key))) return false;
        return true;
    }
    if (json_is_array(want) && json_is_array(got)) {
        if (json_array_size(want) != json_array_size(got))
            return false;
        for (size_t i = 0; i < json_array_size(want); i++)
            if (!same(json_array_get(want, i), json_array_get(got, i)))
                return false;
        return true;
    }
    return want != NULL && got != NULL && json_equal(want, got);
}

static json_t *by_no(json_t *records, json_int_t no)
{
    size_t i;
    json_t *r;
    json_array_foreach(records, i, r) if (json_integer_value(json_object_get(r, "no")) == no) return r;
    return NULL;
}

/* Record `got` against `want`, field by field, exactly. */
static void expect_record(json_t *want, json_t *got)
{
    json_int_t no = json_integer_value(json_object_get(want, "no"));
    cr_assert_not_null(got, "NO %lld missing", (long long)no);
    const char *key;
    json_t *v;
    json_object_foreach(want, key, v) {
        bool eq = same(v, json_object_get(got, key));
        char *a = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY),
             *b = json_dumps(json_object_get(got, key), JSON_COMPACT | JSON_ENCODE_ANY);
        cr_expect(eq, "NO %lld %s:\n want %s\n got  %s", (long long)no, key, a, b ? b : "(none)");
        free(a);
        free(b);
    }
}

/* Skips the test, saying what is missing, when the gold records or score.py
 * (in ../shared, configure --with-shared-dir) are not there. */
static void need_gold(void)
{
    if (access(BC_GOLD, R_OK) != 0 || access(BC_SCORE, R_OK) != 0)
        cr_skip_test("needs %s and %s (no ../shared beside the tree; configure "
                     "--with-shared-dir=DIR)",
                     BC_GOLD, BC_SCORE);
}

/* Record `got` against the gold record NO `no`, judged by score.py itself:
 * the one oracle of what a right record is (every field exact). */
static void expect_gold(json_int_t no, json_t *got)
{
    need_gold();
    make_workdir();
    char want_path[128], got_path[128], cmd[1024];
    snprintf(want_path, sizeof want_path, "%s/gold-%lld.json", workdir, (long long)no);
    snprintf(got_path, sizeof got_path, "%s/got-%lld.json", workdir, (long long)no);
    json_error_t jerr;
    json_t *gold = json_load_file(BC_GOLD, 0, &jerr), *one = json_array(), *mine = json_array();
    cr_assert_not_null(gold, "cannot read %s: %s", BC_GOLD, jerr.text);
    json_t *want = by_no(gold, no);
    cr_assert_not_null(want, "no NO %lld in %s", (long long)no, BC_GOLD);
    cr_assert_not_null(got, "NO %lld missing", (long long)no);
    json_array_append(one, want);
    json_array_append(mine, got);
    cr_assert_eq(json_dump_file(one, want_path, 0), 0);
    cr_assert_eq(json_dump_file(mine, got_path, 0), 0);
    json_decref(one);
    json_decref(mine);
    json_decref(gold);
    snprintf(cmd, sizeof cmd, "python3 '%s' '%s' '%s' --no-extra 2>&1", BC_SCORE, want_path,
             got_path);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "cannot run %s", cmd);
    text out = {NULL, 0, 0};
    char buf[4096];
    size_t n;
    add(&out, "", 0);
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        add(&out, buf, n);
    int st = pclose(p);
    cr_expect(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "score.py on NO %lld:\n%s",
              (long long)no, out.s);
    free(out.s);
}

static json_t *load_json(const char *path)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    cr_assert_not_null(doc, "cannot read %s: %s", path, jerr.text);
    return doc;
}

/* Each record of the JSON array in `path` against the record of the same NO
 * in `records`, field by field. */
static void expect_records(const char *path, json_t *records)
{
    json_t *expected = load_json(path);
    size_t i;
    json_t *want;
    json_array_foreach(expected, i, want)
        expect_record(want, by_no(records, json_integer_value(json_object_get(want, "no"))));
    json_decref(expected);
}

/* Pages the importer was not written against (tests/data/unseen-pages.txt),
 * in the sample's layouts with other content; their records were written by
 * hand from what the pages mean, line breaks included.
 *   901  title first: a fund account, three groups, ⇒ with and without
 *        うち特財, all four funding rows, a ３-line label that wraps, a ①
 *        list, 限度額 in a sentence;
 *   902  title last: six items without subtotals, one cut, a wrapped
 *        label, a ⇒ that opens a line of text, three specific sources;
 *   903  a wrapped title, a cut group, a bare ⇒, 【事務事業評価】 on a line
 *        of its own, Latin words wrapped across lines;
 *   904  予算は計上せず (every ⇒ 0) with items only the page order places,
 *        11 and 13 labels on one line. */
BC_TEST(rawtext, unseen_pages_field_by_field)
{
    text t = slurp(BC_UNSEEN);
    run r = convert(t.s, t.len, "unseen.txt", "");
    free(t.s);
    cr_assert_eq(r.status, 0, "conversion failed: %s", r.err.s);
    cr_assert_not_null(r.records);
    expect_records(BC_UNSEEN_EXPECTED, r.records);
    cr_expect_eq(json_array_size(r.records), 4, "every page gives a record");
    /* 904's items (every ⇒ 0, no subtotals) add up in any order: the
     * text's order is right, and the record says that it chose */
    char want[512];
    snprintf(want, sizeof want, "budgetconv: %s:423: warning: NO 904: the rows of the 要求内容 "
                                "table add up to 合計 in more than one order that fits the ⇒ "
                                "column as well: the order of the text chose, and line_items "
                                "may be in the wrong order or groups\n",
             r.input);
    cr_expect_str_eq(r.err.s, want, "the one warning");
    run_free(&r);
}

static const char *str(json_t *rec, const char *key)
{
    return json_string_value(json_object_get(rec, key));
}

static json_int_t num(json_t *obj, const char *key)
{
    return json_integer_value(json_object_get(obj, key));
}

/* The pages the gold leaves out, checked by eye against the page text; what
 * is asserted here is what their layouts make hard. */
BC_TEST(rawtext, pages_without_gold)
{
    run r = convert_sample();
    json_t *p64 = by_no(r.records, 64), *p66 = by_no(r.records, 66), *p68 = by_no(r.records, 68);
    cr_assert(p64 && p66 && p68);

    /* 64: the 14 text has two paragraphs; box 3's label has no row and its
     * text sits after ４; a national source with a detail takes 4,948 */
    cr_expect_str_eq(str(p64, "peer_trends"), "改正生活保護法の施行に向け、各区で準備中");
    cr_expect(strncmp(str(p64, "description"), "生活保護受給者の健康診査", 36) == 0);
    cr_expect(strstr(str(p64, "budget_rationale"), "予算を計上します。") != NULL);
    cr_expect_str_eq(str(p64, "funding_plan"),
                     "国の補助金を活用（法施行前：補助率10/10、法施行後：補助率３/４）");
    json_t *f = json_object_get(p64, "funding");
    cr_assert_eq(json_array_size(f), 2);
    cr_expect_str_eq(str(json_array_get(f, 0), "source"), "national");
    cr_expect_str_eq(str(json_array_get(f, 0), "detail"),
                     "生活困窮者就労準備支援事業費等補助金（補助率10/10⇒3/4）");
    cr_expect_eq(num(json_array_get(f, 0), "amount"), 4948);
    cr_expect_str_eq(str(json_array_get(f, 1), "source"), "general");
    cr_expect_eq(num(json_array_get(f, 1), "amount"), 330);
    json_t *items = json_object_get(p64, "line_items");
    cr_assert_eq(json_array_size(items), 1);
    cr_expect_eq(num(json_array_get(items, 0), "budgeted_specific"), 4948);

    /* 66: a label continued on a line of its own, and no ⇒ row for it */
    items = json_object_get(p66, "line_items");
    cr_assert_eq(json_array_size(items), 4);
    cr_expect_str_eq(str(json_array_get(items, 3), "label"),
                     "政策創造研究所運営経費（調査研究、研修実施費用等）");
    cr_expect_str_eq(str(json_array_get(items, 3), "group"), "経常経費分");
    cr_expect_eq(num(json_array_get(items, 3), "budgeted"), 12816);
    cr_expect(strncmp(str(p66, "request_details"), "これまでの各種統計データ", 36) == 0);
    cr_expect_str_eq(str(p66, "evaluation"), "対象外 (内部管理事務)");

    /* 68: the outcomes keep their two paragraphs; plans are a real list */
    cr_expect(strstr(str(p68, "expected_outcomes"), "期待できます。\nまた、") != NULL);
    cr_expect_str_eq(json_string_value(json_array_get(json_object_get(p68, "plans"), 0)),
                     "港区基本計画");
    cr_expect_str_eq(json_object_get(p68, "department") ? str(json_object_get(p68, "department"), "division") : "",
                     "区長室");
    run_free(&r);
}

BC_TEST(rawtext, source_is_the_no_line)
{
    text t = sample();
    run r = convert(t.s, t.len, "sample.txt", "");
    cr_assert_eq(r.status, 0);
    long line = 1;
    size_t k = 0;
    for (const char *p = t.s; p < t.s + t.len; line++) {
        const char *eol = memchr(p, '\n', (size_t)(t.s + t.len - p));
        if (strncmp(p, "NO ", 3) == 0) {
            json_t *src = json_object_get(json_array_get(r.records, k++), "source");
            cr_expect_eq(num(src, "line"), line);
            cr_expect_str_eq(str(src, "file"), r.input);
        }
        p = eol ? eol + 1 : t.s + t.len;
    }
    cr_expect_eq(k, json_array_size(r.records));
    free(t.s);
    run_free(&r);
}

/* ------------------------------------------------------------------------ */
/* Variants of the sample                                                     */

/* Each record as compact JSON with sorted keys, without `source` (which
 * names the variant's file and lines). */
static char **canonical(json_t *records, size_t *n)
{
    *n = json_array_size(records);
    char **out = calloc(*n ? *n : 1, sizeof *out);
    cr_assert_not_null(out);
    size_t i;
    json_t *r;
    json_array_foreach(records, i, r) {
        json_t *copy = json_deep_copy(r);
        json_object_del(copy, "source");
        out[i] = json_dumps(copy, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(copy);
    }
    return out;
}

static void free_strings(char **s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

typedef void (*variant_fn)(const text *in, text *out);

/* Converts the variant and compares its records with the sample's, byte for
 * byte; `copies` is how many times the sample's records must appear. */
static void check_variant(variant_fn make, const char *name, bool any_order, int copies)
{
    run base = convert_sample();
    text in = sample(), out = {NULL, 0, 0};
    make(&in, &out);
    /* Copies of one book repeat its NOs, which the driver reports (its
     * test_batch.sh says how); here only the records count. */
    run r = convert(out.s, out.len, name, copies > 1 ? "-q" : "");
    cr_assert_eq(r.status, 0, "%s: %s", name, r.err.s);
    cr_expect_eq(r.err.len, 0, "%s: warnings: %s", name, r.err.s);
    size_t nb, nv;
    char **b = canonical(base.records, &nb), **v = canonical(r.records, &nv);
    cr_assert_eq(nv, nb * (size_t)copies, "%s: %zu records", name, nv);
    if (any_order) {
        qsort(b, nb, sizeof *b, by_string);
        qsort(v, nv, sizeof *v, by_string);
    }
    for (size_t i = 0; i < nv; i++)
        cr_expect_str_eq(v[i], b[i % nb], "%s: record %zu differs", name, i);
    free_strings(b, nb);
    free_strings(v, nv);
    free(in.s);
    free(out.s);
    run_free(&base);
    run_free(&r);
}

/* Calls `line(out, s, len)` for each line of `in` (without its LF). */
static void each_line(const text *in, text *out, void (*line)(text *, const char *, size_t))
{
    for (const char *p = in->s; p < in->s + in->len;) {
        const char *eol = memchr(p, '\n', (size_t)(in->s + in->len - p));
        size_t n = eol ? (size_t)(eol - p) : (size_t)(in->s + in->len - p);
        line(out, p, n);
        p += n + 1;
    }
}

static void form_feed_line(text *out, const char *s, size_t n)
{
    if (n > 3 && strncmp(s, "NO ", 3) == 0)
        adds(out, "\f");
    add(out, s, n);
    adds(out, "\n");
}

static void form_feeds(const text *in, text *out)
{
    each_line(in, out, form_feed_line);
}

static void crlf_line(text *out, const char *s, size_t n)
{
    add(out, s, n);
    adds(out, "\r\n");
}

static void crlf_bom(const text *in, text *out)
{
    adds(out, "\xEF\xBB\xBF");
    each_line(in, out, crlf_line);
}

static void unified(const text *in, text *out)
{
    char *norm;
    size_t len;
    cr_assert_eq(bc_text_normalize(in->s, in->len, &norm, &len), BC_OK);
    cr_assert(memcmp(norm, in->s, in->len < len ? in->len : len) != 0, "the sample has radicals");
    add(out, norm, len);
    free(norm);
}

static void spaces_line(text *out, const char *s, size_t n)
{
    add(out, s, n);
    adds(out, n == 0 ? " \t\n\n" : "  \n");
}

static void spaces(const text *in, text *out)
{
    each_line(in, out, spaces_line);
}

static void reversed(const text *in, text *out)
{
    const char *starts[64];
    size_t n = 0;
    for (const char *p = in->s; p < in->s + in->len;) {
        if (strncmp(p, "NO ", 3) == 0 && n < 64)
            starts[n++] = p;
        const char *eol = memchr(p, '\n', (size_t)(in->s + in->len - p));
        p = eol ? eol + 1 : in->s + in->len;
    }
    cr_assert(n > 1);
    add(out, in->s, (size_t)(starts[0] - in->s));
    for (size_t i = n; i-- > 0;) {
        const char *end = i + 1 < n ? starts[i + 1] : in->s + in->len;
        add(out, starts[i], (size_t)(end - starts[i]));
        if (out->s[out->len - 1] != '\n')
            adds(out, "\n");
    }
}

static void twice(const text *in, text *out)
{
    add(out, in->s, in->len);
    add(out, in->s, in->len);
}

/* Each NO line shares its raw line with the lines around it, a form feed
 * between: a line is searched for form feeds only when it fails its check
 * as a whole, and is then read split at them. */
static void form_feeds_inside(const text *in, text *out)
{
    for (const char *p = in->s; p < in->s + in->len;) {
        const char *eol = memchr(p, '\n', (size_t)(in->s + in->len - p));
        size_t n = eol ? (size_t)(eol - p) : (size_t)(in->s + in->len - p);
        const char *next = p + n + 1;
        bool joined = strncmp(p, "NO ", 3) == 0 ||
                      (next < in->s + in->len && strncmp(next, "NO ", 3) == 0);
        add(out, p, n);
        adds(out, joined ? "\f" : "\n");
        p = next;
    }
}

BC_TEST(rawtext, variant_form_feeds) { check_variant(form_feeds, "ff.txt", false, 1); }
BC_TEST(rawtext, variant_form_feeds_inside_lines)
{
    check_variant(form_feeds_inside, "ff-inside.txt", false, 1);
}
BC_TEST(rawtext, variant_crlf_and_bom) { check_variant(crlf_bom, "crlf.txt", false, 1); }
BC_TEST(rawtext, variant_unified_ideographs) { check_variant(unified, "unified.txt", false, 1); }
BC_TEST(rawtext, variant_blank_lines_and_trailing_spaces) { check_variant(spaces, "spaces.txt", false, 1); }
BC_TEST(rawtext, variant_records_in_any_order) { check_variant(reversed, "reversed.txt", true, 1); }
BC_TEST(rawtext, variant_books_concatenated) { check_variant(twice, "twice.txt", false, 2); }

/* ------------------------------------------------------------------------ */
/* A truncated file and bad input                                             */

BC_TEST(rawtext, truncated_last_page_is_skipped_and_reported)
{
    run base = convert_sample();
    text t = sample();
    const char *last = NULL;
    long line = 1, last_line = 0;
    for (const char *p = t.s; p < t.s + t.len; line++) {
        if (strncmp(p, "NO ", 3) == 0) {
            last = p;
            last_line = line;
        }
        const char *eol = memchr(p, '\n', (size_t)(t.s + t.len - p));
        p = eol ? eol + 1 : t.s + t.len;
    }
    cr_assert_not_null(last);
    /* cut in the middle of the last page, at a line end */
    const char *cut = last + (t.s + t.len - last) / 2;
    while (*cut != '\n')
        cut++;
    run r = convert(t.s, (size_t)(cut + 1 - t.s), "truncated.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    size_t nb, nv;
    char **b = canonical(base.records, &nb), **v = canonical(r.records, &nv);
    cr_assert_eq(nv, nb - 1, "every complete record comes out");
    for (size_t i = 0; i < nv; i++)
        cr_expect_str_eq(v[i], b[i]);
    char where[400];
    snprintf(where, sizeof where, "%s:%ld: warning: NO %.*s: page is incomplete (", r.input, last_line,
             (int)strcspn(last + 3, "\n"), last + 3);
    cr_expect(strstr(r.err.s, where) != NULL, "want '%s' in: %s", where, r.err.s);
    free_strings(b, nb);
    free_strings(v, nv);
    free(t.s);
    run_free(&base);
    run_free(&r);
}

/* Bad input fails with exit 65 and `FILE:LINE: message`. */
static void check_bad(const char *s, size_t len, const char *name, long line, const char *what)
{
    run r = convert(s, len, name, "-f rawtext");
    cr_expect_eq(r.status, 65, "%s: exit %d", name, r.status);
    char where[400];
    snprintf(where, sizeof where, "%s:%ld: %s", r.input, line, what);
    /* the end of stderr, where the error is: a failure message of
     * megabytes of warnings would stall Criterion */
    size_t tail = r.err.len > 2000 ? r.err.len - 2000 : 0;
    cr_expect(strstr(r.err.s, where) != NULL, "want '%s' in: …%s", where, r.err.s + tail);
    run_free(&r);
}

BC_TEST(rawtext, empty_file)
{
    check_bad("", 0, "empty.txt", 1, "no 'NO <n>' line");
}

BC_TEST(rawtext, no_no_line)
{
    const char s[] = "令和２年度予算要求事業概要書\n款 総務費\n";
    check_bad(s, sizeof s - 1, "nono.txt", 2, "no 'NO <n>' line");
}

/* A NO too large for a page number is named as such, where it is: it
 * was a row of the page before, which failed for it. */
BC_TEST(rawtext, page_number_too_large)
{
    const char first[] = "NO 1\n款 総務費\nNO 99999999999999999999\n款 総務費\n";
    check_bad(first, sizeof first - 1, "bigno.txt", 3,
              "'NO 99999999999999999999': a page number is at most 2147483647");
    const char only[] = "NO ２１４７４８３６４８\n";
    check_bad(only, sizeof only - 1, "bigno2.txt", 1,
              "'NO ２１４７４８３６４８': a page number is at most 2147483647");
}

BC_TEST(rawtext, invalid_utf8)
{
    const char s[] = "NO 1\n\n\xE4\xBA\x88\xFF\n";
    check_bad(s, sizeof s - 1, "invalid.txt", 3, "invalid UTF-8");
}

/* A line is judged by its first fault, whichever check finds it: invalid
 * UTF-8 before a control character, counted from the line's first byte (a
 * BOM included), on a page and in the text before the first NO line. */
BC_TEST(rawtext, first_fault_of_a_line)
{
    const char both[] = "NO 1\nab\x07" "c \xED\xA0\x80\n";
    check_bad(both, sizeof both - 1, "both.txt", 2, "invalid UTF-8 at byte 6 of the line");
    const char bom[] = "NO 1\n\xEF\xBB\xBFxyz\xC0\xAF\n";
    check_bad(bom, sizeof bom - 1, "bom.txt", 2, "invalid UTF-8 at byte 7 of the line");
    const char control[] = "NO 1\n\t\t\t\t\t\t\t\t\tテキスト\x7F\n";
    check_bad(control, sizeof control - 1, "control.txt", 2, "control character 0x7F");
    const char cover[] = "表紙 \xFF\nNO 1\n";
    check_bad(cover, sizeof cover - 1, "cover.txt", 1, "invalid UTF-8 at byte 8 of the line");
    /* after a form feed, counted from the form feed, which ends a line */
    const char ff[] = "NO 1\nab\fcd\x01\n";
    check_bad(ff, sizeof ff - 1, "ff-control.txt", 2, "control character 0x01");
    const char ff_utf8[] = "NO 1\nab\f\fc\xFF\n";
    check_bad(ff_utf8, sizeof ff_utf8 - 1, "ff-utf8.txt", 2, "invalid UTF-8 at byte 2 of the line");
    const char ff_cover[] = "表紙\f\xFF\nNO 1\n";
    check_bad(ff_cover, sizeof ff_cover - 1, "ff-cover.txt", 1,
              "invalid UTF-8 at byte 1 of the line");
}

BC_TEST(rawtext, binary_file)
{
    const char s[] = "NO 1\n\x7F" "ELF\x02\x01\x01\0\0\0\n";
    check_bad(s, sizeof s - 1, "binary.txt", 2, "");
}

/* Pages that all fall short give no record: that is bad data, named at the
 * first page, not an empty book. */
BC_TEST(rawtext, no_complete_page)
{
    const char s[] = "表紙\n\nNO 1\nhello\nNO 2\n";
    check_bad(s, sizeof s - 1, "short.txt", 3, "no complete 概要書 page (2 page(s) skipped)");
    text t = {NULL, 0, 0};
    char line[32];
    for (int i = 1; i <= 10000; i++) {
        snprintf(line, sizeof line, "NO %d\n", i);
        adds(&t, line);
    }
    check_bad(t.s, t.len, "bare.txt", 1, "no complete 概要書 page (10000 page(s) skipped)");
    free(t.s);
}

BC_TEST(rawtext, page_too_large)
{
    text t = {NULL, 0, 0};
    adds(&t, "NO 1\n");
    while (t.len < 5u * 1024 * 1024)
        adds(&t, "区民が自然とふれあい、元気回復を図るため、民間旅館及びホテル等を借り上げます。\n");
    run r = convert(t.s, t.len, "huge.txt", "-f rawtext");
    cr_expect_eq(r.status, 65);
    cr_expect(strstr(r.err.s, "is longer than") != NULL, "%s", r.err.s);
    free(t.s);
    run_free(&r);
}

BC_TEST(rawtext, probe_finds_the_format_without_extension)
{
    text t = sample();
    run r = convert(t.s, t.len, "sample.data", "");
    cr_expect_eq(r.status, 0, "%s", r.err.s);
    cr_expect_eq(json_array_size(r.records), 10);
    free(t.s);
    run_free(&r);
}

/* ------------------------------------------------------------------------ */
/* Hostile input                                                              */

/* The first page of the sample, NO line included. */
static text first_page(void)
{
    text t = sample(), page = {NULL, 0, 0};
    const char *start = strstr(t.s, "NO ");
    cr_assert_not_null(start);
    const char *end = strstr(start + 3, "\nNO ");
    cr_assert_not_null(end);
    add(&page, start, (size_t)(end + 1 - start));
    free(t.s);
    return page;
}

/* A NO line may open with a BOM and white space (U+3000 too) and be
 * written in fullwidth; a line that opens with another character whose
 * lead byte those share (E3, EF) is no NO line. */
BC_TEST(rawtext, no_line_spellings)
{
    text page = first_page();
    const char *rest = page.s + strlen("NO"); /* " 59\n…" */
    static const char *const heads[] = {"ＮＯ", "\xEF\xBB\xBFNO", "　NO", "\tNO", "\xEF\xBB\xBF　ＮＯ"};
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
        text t = {NULL, 0, 0};
        adds(&t, heads[k]);
        adds(&t, rest);
        run r = convert(t.s, t.len, "spelt.txt", "-f rawtext");
        cr_expect_eq(r.status, 0, "%s: %s", heads[k], r.err.s);
        cr_expect_eq(json_array_size(r.records), 1, "%s", heads[k]);
        cr_expect_eq(json_integer_value(json_object_get(json_array_get(r.records, 0), "no")), 59,
                     "%s", heads[k]);
        free(t.s);
        run_free(&r);
    }
    static const char *const others[] = {"・NO", "（NO", "\xEF\xBB\xBF・NO"};
    for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
        text t = {NULL, 0, 0};
        adds(&t, others[k]);
        adds(&t, rest);
        run r = convert(t.s, t.len, "other.txt", "-f rawtext");
        cr_expect_eq(r.status, 65, "%s", others[k]);
        cr_expect(strstr(r.err.s, "no 'NO <n>' line") != NULL, "%s: %s", others[k], r.err.s);
        free(t.s);
        run_free(&r);
    }
    free(page.s);
}

/* Work that grows with the square of a page's lines would take minutes on
 * these pages (50,000 lines of `label amount` in one block that a last
 * line turns into text; 45,000 paragraphs no anchor claims); in linear time
 * each takes well under a second.  The bound is generous so that a slow
 * machine does not fail it. */
BC_TEST(rawtext, pathological_pages_take_linear_time, .timeout = 60)
{
    text page = first_page(), t = {NULL, 0, 0};
    char line[64];
    add(&t, page.s, page.len);
    adds(&t, "\n");
    for (int i = 0; i < 50000; i++) {
        snprintf(line, sizeof line, "経費 %d\n", i);
        adds(&t, line);
    }
    adds(&t, "文\n");
    add(&t, page.s, page.len);
    adds(&t, "\n");
    for (int i = 0; i < 45000; i++)
        adds(&t, "文\n1\n");
    run r = convert_wrapped(t.s, t.len, "pathological.txt", "-f rawtext", "timeout 20");
    cr_assert_neq(r.status, 124, "the conversion took more than 20 s");
    cr_expect_eq(r.status, 0, "%.300s", r.err.s);
    cr_expect_eq(json_array_size(r.records), 2);
    free(page.s);
    free(t.s);
    run_free(&r);
}

/* A page just below the size and line limits, each line a unit of its own
 * (paragraphs no anchor claims, each with a warning, between bare amounts):
 * what it costs stays a small multiple of its size (before the limits, a
 * 3.8 MB page of such short lines took 400 MiB), and its warnings are summed
 * up past the first 50. */
BC_TEST(rawtext, big_page_memory_is_bounded, .timeout = 60)
{
    text page = first_page(), t = {NULL, 0, 0};
    add(&t, page.s, page.len);
    while (t.len < RT_TEST_BIG_PAGE)
        adds(&t, "文文文文文文文文文文文文文文文文文文文文文文文文文文文\n1\n");
    run r = convert(t.s, t.len, "big.txt", "-f rawtext");
    struct rusage ru;
    cr_assert_eq(getrusage(RUSAGE_CHILDREN, &ru), 0);
    cr_expect_eq(r.status, 0, "%.300s", r.err.s);
    cr_expect_eq(json_array_size(r.records), 1);
    size_t lines = 0;
    for (const char *p = r.err.s; (p = strchr(p, '\n')) != NULL; p++)
        lines++;
    cr_expect_leq(lines, 52, "warnings are summed up: %zu lines", lines);
    cr_expect(strstr(r.err.s, "more warnings about this page not shown") != NULL);
#ifndef __SANITIZE_ADDRESS__
    /* ru_maxrss is in KiB on Linux; sanitizers change what memory costs */
    cr_expect_leq(ru.ru_maxrss, 64L * 1024, "peak RSS %ld KiB for a %zu-byte page",
                  (long)ru.ru_maxrss, t.len);
#endif
    free(page.s);
    free(t.s);
    run_free(&r);
}

/* The limits of a page (README): more lines or table rows than a sheet
 * could hold are refused, naming the page. */
BC_TEST(rawtext, page_limits_are_refused, .timeout = 60)
{
    text page = first_page(), lines = {NULL, 0, 0}, rows = {NULL, 0, 0};
    size_t page_lines = 0;
    for (size_t i = 0; i < page.len; i++)
        page_lines += page.s[i] == '\n';
    /* a page of exactly 100,000 lines is read, one more line is refused */
    add(&lines, page.s, page.len);
    for (size_t i = page_lines; i < 100000; i++)
        adds(&lines, "\n");
    run r = convert(lines.s, lines.len, "lines.txt", "-f rawtext");
    cr_expect_eq(r.status, 0, "100000 lines: %s", r.err.s);
    run_free(&r);
    adds(&lines, "\n");
    r = convert(lines.s, lines.len, "lines.txt", "-f rawtext");
    cr_expect_eq(r.status, 65);
    cr_expect(strstr(r.err.s, "lines.txt:100001: page NO 59 has more than 100000 lines") != NULL,
              "%s", r.err.s);
    run_free(&r);
    /* 1,000 rows are taken, 1,001 refused (page 59 prints 5) */
    add(&rows, page.s, page.len);
    adds(&rows, "\n");
    char line[64];
    for (int i = 0; i < 995; i++) {
        snprintf(line, sizeof line, "経費 %d\n", i);
        adds(&rows, line);
    }
    r = convert(rows.s, rows.len, "rows.txt", "-f rawtext");
    cr_expect_eq(r.status, 0, "1000 rows: %s", r.err.s);
    cr_expect(strstr(r.err.s, "more than 1000") == NULL, "%s", r.err.s);
    run_free(&r);
    adds(&rows, "経費 995\n");
    r = convert(rows.s, rows.len, "rows.txt", "-f rawtext");
    cr_expect_eq(r.status, 65);
    cr_expect(strstr(r.err.s, "has 1001 rows in its 要求内容 table, more than 1000") != NULL, "%s",
              r.err.s);
    run_free(&r);
    free(page.s);
    free(lines.s);
    free(rows.s);
}

/* The first page's record, with `line` printed as a block of its own right
 * below the row 受付業務関連経費. */
static json_t *first_page_with_line_below_row(const char *line, run *r)
{
    static const char row[] = "受付業務関連経費 39,160\n";
    text page = first_page(), t = {NULL, 0, 0};
    char *at = strstr(page.s, row);
    cr_assert_not_null(at, "the first page prints %s", row);
    at += strlen(row);
    add(&t, page.s, (size_t)(at - page.s));
    adds(&t, "\n");
    adds(&t, line);
    adds(&t, "\n");
    add(&t, at, page.len - (size_t)(at - page.s));
    *r = convert(t.s, t.len, "tail.txt", "");
    free(page.s);
    free(t.s);
    cr_assert_eq(r->status, 0, "%s", r->err.s);
    return json_array_get(r->records, 0);
}

/* Whether any text field of `rec` contains `needle`. */
static bool in_some_text(json_t *rec, const char *needle)
{
    const char *key;
    json_t *v;
    json_object_foreach(rec, key, v) if (json_is_string(v) && strstr(json_string_value(v), needle)) return true;
    return false;
}

/* A line below a row continues its label only when it fits the label
 * column, which is as wide as the widest label the page's table prints on
 * one line (here 区民保養施設借上関連経費（通年・夏季・冬季）). */
BC_TEST(rawtext, label_tail_fits_the_label_column)
{
    run r;
    json_t *rec = first_page_with_line_below_row("（システム保守を含む）", &r);
    json_t *items = json_object_get(rec, "line_items");
    cr_assert_eq(json_array_size(items), 5);
    cr_expect_str_eq(str(json_array_get(items, 4), "label"), "受付業務関連経費（システム保守を含む）");
    run_free(&r);

    /* 48 cells: wider than any label of this page (44) */
    static const char wide[] = "（通年・夏季・冬季の借上げ施設は前年度の条件で）";
    rec = first_page_with_line_below_row(wide, &r);
    items = json_object_get(rec, "line_items");
    cr_assert_eq(json_array_size(items), 5);
    cr_expect_str_eq(str(json_array_get(items, 4), "label"), "受付業務関連経費");
    cr_expect(in_some_text(rec, wide), "the wide line is kept as text");
    run_free(&r);
}

/* `t` with every `from` replaced by `to`. */
static text replaced(const text *t, const char *from, const char *to)
{
    text out = {NULL, 0, 0};
    add(&out, "", 0);
    size_t n = strlen(from);
    for (const char *p = t->s, *hit; p < t->s + t->len; p = hit + n) {
        hit = strstr(p, from);
        if (hit == NULL) {
            adds(&out, p);
            break;
        }
        add(&out, p, (size_t)(hit - p));
        adds(&out, to);
    }
    return out;
}

/* Amounts near INT64_MAX: their sums overflow, which is no sum at all (and
 * undefined behaviour that the sanitizer build would abort on). */
BC_TEST(rawtext, sums_that_overflow_do_not_add_up)
{
    static const char *const amounts[] = {"53,680", "97,806", "58,646", "39,160", "151,486"};
    static const char max[] = "9,223,372,036,854,775,807";
    text t = first_page();
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
        text next = replaced(&t, amounts[i], max);
        free(t.s);
        t = next;
    }
    /* the national source names a detail, so it takes the bare amount, and
     * the budget is the most negative: budget less specific overflows */
    text next = replaced(&t, "国庫⽀出⾦\n", "国庫⽀出⾦ 補助⾦\n");
    free(t.s);
    t = replaced(&next, "⇒ 9,223,372,036,854,775,807\n\n9,223", "⇒ △9,223,372,036,854,775,807\n\n9,223");
    free(next.s);
    cr_assert(strstr(t.s, "⇒ △") != NULL && strstr(t.s, "国庫⽀出⾦ 補助⾦") != NULL);
    run r = convert(t.s, t.len, "overflow.txt", "");
    cr_expect_eq(r.status, 0, "%s", r.err.s);
    cr_expect_eq(json_array_size(r.records), 1);
    cr_expect(strstr(r.err.s, "do not add up to 合計 9223372036854775807") != NULL, "%s", r.err.s);
    cr_expect(strstr(r.err.s, "財源内訳 does not add up to the budget") != NULL, "%s", r.err.s);
    free(t.s);
    run_free(&r);
}

/* The first page with its table replaced: rows[0] printed on the ２ line,
 * rows[1] on the ３ line, the others (`label amount`) each in a block of
 * its own above the ５ line, which says 合計 `total`; the ⇒ column holds
 * `arrows` (the total's last). */
static text table_page(const char *const *rows, size_t n, const char *const *arrows, size_t na,
                       const char *total)
{
    text page = first_page(), t = {NULL, 0, 0};
    for (const char *p = page.s; p < page.s + page.len;) {
        const char *eol = memchr(p, '\n', (size_t)(page.s + page.len - p));
        size_t len = (size_t)(eol - p);
        char line[512];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        p = eol + 1;
        bool old_row = strstr(line, " 97,806") || strstr(line, " 58,646") || strstr(line, " 39,160");
        if ((strncmp(line, "⇒ ", 4) == 0 && strstr(line, "予算額") == NULL) || old_row)
            continue;
        if (strncmp(line, " ２ 要求区分", 17) == 0) {
            adds(&t, " ２ 要求区分 レベルアップ事業 ");
            adds(&t, rows[0]);
        } else if (strncmp(line, " ３ 事業説明", 17) == 0) {
            adds(&t, " ３ 事業説明文 ");
            adds(&t, rows[1]);
        } else if (strncmp(line, " ５ 要求する事業内容", 29) == 0) {
            for (size_t i = 2; i < n; i++) {
                adds(&t, rows[i]);
                adds(&t, "\n\n");
            }
            adds(&t, " ５ 要求する事業内容 合計 ");
            adds(&t, total);
        } else {
            adds(&t, line);
        }
        adds(&t, "\n");
        for (size_t i = 0; strstr(line, "予算額") != NULL && i < na; i++) {
            adds(&t, "\n⇒ ");
            adds(&t, arrows[i]);
            adds(&t, "\n");
        }
    }
    free(page.s);
    return t;
}

/* More rows than the old search took (ten after the ２ and ３ lines), out
 * of order: the arithmetic and the ⇒ column still put them back, without
 * the false warning that they do not add up. */
BC_TEST(rawtext, many_rows_out_of_order_add_up)
{
    static const char *const rows[] = {
        "Ａ分 小計 53,680", "経費a1 20,000", /* the ２ and ３ lines */
        "経費c2 9,999", "経費b3 9,700", "Ｃ分 小計 37,806", "経費a3 10,680", "経費b1 11,000",
        "Ｂ分 小計 60,000", "経費c1 17,806", "経費a2 15,000", "経費b5 12,501", "経費a4 8,000",
        "経費b4 14,300", "経費c3 10,001", "経費b2 12,499"};
    static const char *const arrows[] = {"53,680", "20,000", "15,000", "10,680", "8,000",
                                         "60,000", "11,000", "12,499", "9,700",  "14,300",
                                         "12,501", "37,806", "17,806", "9,999",  "10,001",
                                         "151,486"};
    static const char *const want[] = {"Ａ分", "経費a1", "経費a2", "経費a3", "経費a4", "Ｂ分",
                                       "経費b1", "経費b2", "経費b3", "経費b4", "経費b5", "Ｃ分",
                                       "経費c1", "経費c2", "経費c3"};
    static const char *const group[] = {NULL,   "Ａ分", "Ａ分", "Ａ分", "Ａ分",
                                        NULL,   "Ｂ分", "Ｂ分", "Ｂ分", "Ｂ分",
                                        "Ｂ分", NULL,   "Ｃ分", "Ｃ分", "Ｃ分"};
    size_t n = sizeof rows / sizeof rows[0];
    text t = table_page(rows, n, arrows, sizeof arrows / sizeof arrows[0], "151,486");
    run r = convert(t.s, t.len, "many.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    cr_expect_eq(r.err.len, 0, "no warnings: %s", r.err.s);
    json_t *items = json_object_get(json_array_get(r.records, 0), "line_items");
    cr_assert_eq(json_array_size(items), n);
    for (size_t i = 0; i < n; i++) {
        json_t *it = json_array_get(items, i);
        cr_expect_str_eq(str(it, "label"), want[i], "row %zu", i);
        if (group[i] != NULL)
            cr_expect_str_eq(str(it, "group"), group[i], "row %zu", i);
        else
            cr_expect(json_is_null(json_object_get(it, "group")), "row %zu", i);
    }
    free(t.s);
    run_free(&r);
}

/* The labels of the line items of `r`'s first record, in order, joined
 * with spaces. */
static void expect_labels(const run *r, const char *want)
{
    json_t *items = json_object_get(json_array_get(r->records, 0), "line_items");
    char got[512] = "";
    size_t used = 0;
    for (size_t i = 0; i < json_array_size(items) && used < sizeof got; i++)
        used += (size_t)snprintf(got + used, sizeof got - used, "%s%s", i ? " " : "",
                                 str(json_array_get(items, i), "label"));
    cr_expect_str_eq(got, want, "%s", r->err.s);
}

/* Two orders that add up, equally far from the text's (three inversions
 * each), no ⇒ column to tell them apart: the first in the text's order
 * wins, as trying every order would find, and a rival is reported. */
BC_TEST(rawtext, of_orders_that_tie_the_first_in_text_order_wins)
{
    static const char *const rows[] = {"Ｓ分 小計 7", "経費a 7", "Ｔ分 小計 5", "経費x 3",
                                       "Ｕ分 小計 3", "経費y 5"};
    text t = table_page(rows, sizeof rows / sizeof rows[0], NULL, 0, "15");
    run r = convert(t.s, t.len, "tie.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    expect_labels(&r, "Ｓ分 経費a Ｔ分 経費y Ｕ分 経費x");
    cr_expect(strstr(r.err.s, "in more than one order") != NULL, "%s", r.err.s);
    run_free(&r);
    free(t.s);
}

/* The text's order adds up, and so do its ⇒ values, but not one ⇒ value
 * is its row's request; another order has two: that one wins (an order
 * with no match is no better than any other). */
BC_TEST(rawtext, an_order_whose_arrows_match_beats_one_with_none)
{
    static const char *const rows[] = {"Ｓ分 小計 30", "経費a 10", "経費b 12", "経費c 8"};
    static const char *const arrows[] = {"31", "11", "8", "12", "31"};
    text t = table_page(rows, sizeof rows / sizeof rows[0], arrows,
                        sizeof arrows / sizeof arrows[0], "30");
    run r = convert(t.s, t.len, "no-match.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    expect_labels(&r, "Ｓ分 経費a 経費c 経費b");
    run_free(&r);
    free(t.s);
}

/* A page of `n` rows `経費i amount` whose 合計 is `total`, with a ⇒ value
 * per row when `with_arrows`. */
static run convert_items(size_t n, int amount, long total, bool with_arrows, const char *name)
{
    char **rows = calloc(n, sizeof *rows), **arrows = calloc(n + 1, sizeof *arrows);
    cr_assert(rows != NULL && arrows != NULL);
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "経費%zu %d", i, amount + (int)i);
        rows[i] = strdup(buf);
        snprintf(buf, sizeof buf, "%d", amount + (int)i);
        arrows[i] = strdup(buf);
    }
    snprintf(buf, sizeof buf, "%ld", total);
    arrows[n] = strdup(buf);
    text t = table_page((const char *const *)rows, n, (const char *const *)arrows,
                        with_arrows ? n + 1 : 0, buf);
    run r = convert(t.s, t.len, name, "");
    for (size_t i = 0; i < n; i++)
        free(rows[i]);
    for (size_t i = 0; i <= n; i++)
        free(arrows[i]);
    free(rows);
    free(arrows);
    free(t.s);
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    return r;
}

/* More rows than the search takes: their order in the text stands, and a
 * warning says why only when that order does not add up. */
BC_TEST(rawtext, too_many_rows_to_search)
{
    size_t n = 70;
    long sum = 1000 * 70 + 69 * 70 / 2;
    run r = convert_items(n, 1000, sum, true, "many-rows.txt");
    cr_expect(strstr(r.err.s, "do not add up") == NULL && strstr(r.err.s, "too many") == NULL,
              "%s", r.err.s);
    cr_expect_eq(json_array_size(json_object_get(json_array_get(r.records, 0), "line_items")), n);
    run_free(&r);
    r = convert_items(n, 1000, sum + 1, true, "many-rows-wrong.txt");
    cr_expect(strstr(r.err.s, "too many rows (70) in the 要求内容 table to order by their sums") != NULL,
              "%s", r.err.s);
    run_free(&r);
    /* 64 rows are searched, 65 are not */
    r = convert_items(64, 1000, 1000 * 64 + 63 * 64 / 2 + 1, true, "rows-64.txt");
    cr_expect(strstr(r.err.s, "too many rows") == NULL && strstr(r.err.s, "要求内容 table") != NULL,
              "64 rows searched: %s", r.err.s);
    run_free(&r);
    r = convert_items(65, 1000, 1000 * 65 + 64 * 65 / 2 + 1, true, "rows-65.txt");
    cr_expect(strstr(r.err.s, "too many rows (65) in the 要求内容 table") != NULL, "%s", r.err.s);
    run_free(&r);
}

/* Thirty rows that cannot add up, with no ⇒ column to guide the search: it
 * stops at its step limit and says so, rather than that no order adds up. */
BC_TEST(rawtext, search_that_gives_up_says_so)
{
    run r = convert_items(30, 1000, 1000 * 30 + 29 * 30 / 2 + 1, false, "give-up.txt");
    cr_expect(strstr(r.err.s, "the search for the order of the 30 rows of the 要求内容 table gave up "
                              "after 200000 steps without finding one that adds up to 合計") != NULL,
              "%s", r.err.s);
    cr_expect(strstr(r.err.s, "do not add up") == NULL, "%s", r.err.s);
    run_free(&r);
}

/* Runs the driver with `args` (paths in the work directory are written
 * `@name`); its exit status, stderr in `*err`. */
static int driver(const char *args, text *err)
{
    const char *exe = getenv("BUDGETCONV");
    cr_assert_not_null(exe, "BUDGETCONV is not set (run through make check)");
    make_workdir();
    char cmd[2048], errpath[300];
    size_t o = (size_t)snprintf(cmd, sizeof cmd, "'%s' ", exe);
    for (const char *p = args; *p != '\0' && o + 300 < sizeof cmd; p++)
        o += *p == '@' ? (size_t)snprintf(cmd + o, sizeof cmd - o, "%s/", workdir)
                       : (size_t)snprintf(cmd + o, sizeof cmd - o, "%c", *p);
    snprintf(errpath, sizeof errpath, "%s/driver.err", workdir);
    snprintf(cmd + o, sizeof cmd - o, " 2>'%s'", errpath);
    int st = system(cmd);
    cr_assert(st != -1 && WIFEXITED(st), "cannot run %s", cmd);
    *err = slurp(errpath);
    return WEXITSTATUS(st);
}

/* What budgetconv writes names 予算要求事業概要書 in every record; read
 * back without -f, even from files named .txt (where the extension alone
 * would choose rawtext), it goes to the json and csv importers. */
BC_TEST(rawtext, probe_leaves_json_and_csv_to_their_importers)
{
    text t = sample();
    make_workdir();
    char path[300];
    snprintf(path, sizeof path, "%s/book.txt", workdir);
    spit(path, t.s, t.len);
    free(t.s);
    static const char *const steps[] = {
        "-t json -o @records.txt @book.txt",         /* json */
        "-t json -O ndjson -o @nd.txt @records.txt", /* json → ndjson */
        "-t csv -O table=full -o @table.txt @nd.txt", /* ndjson → csv */
        "-t json -o @back.json @table.txt",           /* csv → json */
    };
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        text err;
        cr_expect_eq(driver(steps[i], &err), 0, "%s: %s", steps[i], err.s);
        free(err.s);
    }
    snprintf(path, sizeof path, "%s/back.json", workdir);
    json_error_t jerr;
    json_t *doc = json_load_file(path, 0, &jerr);
    cr_assert_not_null(doc, "%s", jerr.text);
    json_t *records = json_object_get(doc, "records");
    cr_expect_eq(json_array_size(records), 10);
    for (json_int_t no = 59; no <= 68; no++)
        cr_expect_not_null(by_no(records, no), "NO %lld", (long long)no);
    json_decref(doc);
}

/* ------------------------------------------------------------------------ */
/* Boxes 4 and 5 side by side                                                 */

/* Page `no` of the sample, its NO line included. */
static text sample_page(int no)
{
    text t = sample(), page = {NULL, 0, 0};
    char head[32];
    snprintf(head, sizeof head, "\nNO %d\n", no);
    const char *start = strstr(t.s, head);
    cr_assert_not_null(start, "the sample has no page %d", no);
    start++;
    const char *end = strstr(start + 3, "\nNO ");
    add(&page, start, end != NULL ? (size_t)(end + 1 - start) : t.len - (size_t)(start - t.s));
    free(t.s);
    return page;
}

#define MAX_BLOCKS 256

/* The blocks of `page` (runs of lines between blank lines): `start[k]`,
 * `len[k]`; their number. */
typedef struct blocks {
    const char *start[MAX_BLOCKS];
    size_t len[MAX_BLOCKS], count;
} blocks;

static void split_blocks(const text *page, blocks *b)
{
    b->count = 0;
    for (const char *p = page->s, *end = page->s + page->len; p < end; b->count++) {
        cr_assert_lt(b->count, MAX_BLOCKS);
        const char *q = strstr(p, "\n\n");
        b->start[b->count] = p;
        b->len[b->count] = q != NULL ? (size_t)(q - p) : (size_t)(end - p);
        p = q != NULL ? q + 2 : end;
    }
}

/* The first block that starts with `prefix`. */
static size_t block_at(const blocks *b, const char *prefix)
{
    for (size_t k = 0; k < b->count; k++)
        if (strncmp(b->start[k] + strspn(b->start[k], "\n"), prefix, strlen(prefix)) == 0)
            return k;
    cr_assert_fail("no block starts with %s", prefix);
    return 0;
}

static void add_block(text *t, const blocks *b, size_t k)
{
    add(t, b->start[k], b->len[k]);
    adds(t, "\n\n");
}

/* `page` with the blocks that start with `moved[0..n)` taken out and put
 * back in that order right after the block that starts with `after`: the
 * same page as the extractor might have ordered it. */
static text moved_blocks(const text *page, const char *after, const char *const *moved, size_t n)
{
    blocks b;
    split_blocks(page, &b);
    size_t at[16], anchor = block_at(&b, after);
    cr_assert_leq(n, 16);
    for (size_t i = 0; i < n; i++)
        at[i] = block_at(&b, moved[i]);
    text t = {NULL, 0, 0};
    for (size_t k = 0; k < b.count; k++) {
        bool skip = false;
        for (size_t i = 0; i < n; i++)
            skip = skip || at[i] == k;
        if (!skip)
            add_block(&t, &b, k);
        for (size_t i = 0; k == anchor && i < n; i++)
            add_block(&t, &b, at[i]);
    }
    return t;
}

/* `page` with the blocks that start with `x` and `y` swapped. */
static text swapped_blocks(const text *page, const char *x, const char *y)
{
    blocks b;
    split_blocks(page, &b);
    size_t i = block_at(&b, x), j = block_at(&b, y);
    text t = {NULL, 0, 0};
    for (size_t k = 0; k < b.count; k++)
        add_block(&t, &b, k == i ? j : k == j ? i : k);
    return t;
}

/* Converts `page`, which must give the gold record of NO `no`; `warned`:
 * whether it must say that it told boxes 4 and 5 apart against its anchors
 * (else it must say nothing). */
static void expect_gold_page(const text *page, int no, bool warned)
{
    run r = convert(page->s, page->len, "moved.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    cr_assert_eq(json_array_size(r.records), 1);
    expect_gold(no, json_array_get(r.records, 0));
    if (warned)
        cr_expect(strstr(r.err.s, "box 4 (背景") != NULL && strstr(r.err.s, "box 5 (要求") != NULL,
                  "names boxes 4 and 5: %s", r.err.s);
    else
        cr_expect_eq(r.err.len, 0, "no warning: %s", r.err.s);
    run_free(&r);
}

/* The reported miss: box 4's text after the ５ line and right before 5's,
 * no rows between.  The anchor before 財源 gives both to box 5; the empty
 * 4 and what the texts say (5 lists 対象者：…, its sentences say what will be
 * done, 4's how things are) tell them apart. */
BC_TEST(rawtext, background_before_details_after_the_5_line)
{
    static const char *const moved[] = {"・現", "　区⺠保養施設の利", "対象者"};
    text page = sample_page(59), t = moved_blocks(&page, " ５ 要求する", moved, 3);
    expect_gold_page(&t, 59, false);
    free(page.s);
    free(t.s);
}

BC_TEST(rawtext, details_before_background_after_the_5_line)
{
    static const char *const moved[] = {"　区⺠保養施設の利", "対象者", "・現"};
    text page = sample_page(59), t = moved_blocks(&page, " ５ 要求する", moved, 3);
    expect_gold_page(&t, 59, false);
    free(page.s);
    free(t.s);
}

/* The same with the table's rows between them. */
BC_TEST(rawtext, background_rows_details_after_the_5_line)
{
    static const char *const moved[] = {"・現", "経常経費分", "区⺠保養施設借上", "受付業務",
                                        "　区⺠保養施設の利", "対象者"};
    text page = sample_page(59), t = moved_blocks(&page, " ５ 要求する", moved, 6);
    expect_gold_page(&t, 59, false);
    free(page.s);
    free(t.s);
}

/* Box 4's one paragraph right before 5's list of keys, both before 財源:
 * box 4's label is left empty by the anchors. */
BC_TEST(rawtext, background_before_the_keys_of_details)
{
    static const char *const moved[] = {"　区⺠が⼝座"};
    text page = sample_page(61), t = moved_blocks(&page, "債務負担", moved, 1);
    expect_gold_page(&t, 61, false);
    free(page.s);
    free(t.s);
}

/* 5's one paragraph (no keys) after the ５ line, rows, then 4's text before
 * 財源: the anchors give them the other way round, the texts' sentences say
 * which is which; the record comes out right and says that it went by the
 * text against the anchors. */
BC_TEST(rawtext, details_rows_background_before_funding)
{
    static const char *const moved[] = {"　令和２年度からは", "経常経費分", "・港区版",
                                        "　港区版ふるさと納税制度を開始", "財源"};
    text page = sample_page(67), t = moved_blocks(&page, " ５ 要求する", moved, 5);
    expect_gold_page(&t, 67, true);
    free(page.s);
    free(t.s);
}

/* When nothing the texts say tells box 4 from 5, the record says so. */
BC_TEST(rawtext, background_and_details_that_cannot_be_told_apart)
{
    static const char *const moved[] = {"・現", "　区⺠保養施設の利"};
    text page = sample_page(59), t = moved_blocks(&page, " ５ 要求する", moved, 2);
    text flat = replaced(&t, "。", "");
    run r = convert(flat.s, flat.len, "flat.txt", "--strict");
    cr_expect_neq(r.status, 0, "--strict fails on the doubt");
    cr_expect(strstr(r.err.s, "NO 59: where the text of box 4") != NULL, "%s", r.err.s);
    run_free(&r);
    free(page.s);
    free(t.s);
    free(flat.s);
}

/* Box 4's label after 5's, and the texts of 4 and 5 after it: the anchor
 * after ４ gives both to box 3, which already has its own; 5's keys and how
 * the sentences end share the three out again. */
BC_TEST(rawtext, background_and_details_after_the_4_label)
{
    static const char *const funding[] = {"財源", "国庫"};
    static const char *const moved[] = {" ４ 背景", "・現在", "実施内容"};
    text page = sample_page(60), t = moved_blocks(&page, "債務負担", funding, 2),
         t2 = moved_blocks(&t, " ５ 要求する", moved, 3);
    expect_gold_page(&t2, 60, false);
    free(page.s);
    free(t.s);
    free(t2.s);
}

/* ------------------------------------------------------------------------ */
/* Doubts                                                                     */

/* A page rearranged so that the importer gets it wrong: the record must
 * say so, naming the page, and --strict must fail. */
static void expect_doubt(const text *page, int no, const char *what)
{
    char needle[512];
    snprintf(needle, sizeof needle, "NO %d: %s", no, what);
    run r = convert(page->s, page->len, "doubt.txt", "--strict");
    cr_expect_neq(r.status, 0, "--strict fails on NO %d", no);
    cr_expect(strstr(r.err.s, needle) != NULL, "says '%s': %s", needle, r.err.s);
    run_free(&r);
}

BC_TEST(rawtext, doubts_name_the_box)
{
    static const struct {
        int no;
        const char *a, *b, *what;
    } cases[] = {
        /* 5's keys after ` 12 スケジュール`'s place: they went to box 6 */
        {59, " 12 スケジュール", "財源", "this paragraph lists what box 5 (要求する事業内容)"},
        /* ４ and ５ labels swapped: 3's text went to box 4 */
        {62, " ５ 要求", " ４ 背景", "this paragraph of box 4 (背景、区民ニーズ、現状課題等) reads as box 5's"},
        /* ８ and ９ labels swapped: the laws became plans */
        {62, " ８ 基本", " ９ 関連",
         "this item of box 8 (基本計画・個別計画) names a law: it may belong to box 9 "
         "(関連する法令・条例等)"},
        /* ３ and 13 labels swapped: 3's text became the future costs */
        {63, " ３ 事業説明", " 13 事業実施に", "box 13 (事業実施に伴う将来コスト) names no cost"},
        /* two ⇒ values swapped */
        {59, "⇒ 97,806", "⇒ 39,160", "the ⇒ values do not add up the way the rows"},
        {61, "⇒ 4,017", "（単位", "the ⇒ value 33890 of row"},
        /* a printed amount of 財源内訳 away from the others: the two specific
         * sources would swap their amounts without a word */
        {63, "77,000", " ２ 要求区分", "the 2 amounts of 財源内訳 are not printed together"},
        /* ３ and ９ labels swapped: 4's sentences became the laws */
        {62, " ３ 事業説明", " ９ 関連", "this paragraph of box 9 (関連する法令・条例等) is sentences"},
        /* 4's ・ items of sentences swapped with 8's `・なし`: a ・ does not
         * make sentences a list */
        {59, "・現", "・なし", "this paragraph of box 8 (基本計画・個別計画) is sentences"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        text page = sample_page(cases[i].no), t = swapped_blocks(&page, cases[i].a, cases[i].b);
        expect_doubt(&t, cases[i].no, cases[i].what);
        free(page.s);
        free(t.s);
    }
}

/* A label printed short of the form's (its key found, the rest not the
 * form's words): what follows the key up to white space, or after it when
 * it opens with 、 or や, is the label's, kept out of the text and
 * reported; the record is otherwise the gold one. */
BC_TEST(rawtext, label_printed_otherwise_is_kept_out_of_the_text)
{
    static const struct {
        const char *from, *to, *what;
    } cases[] = {
        {"動向や取組状況", "動向や取組",
         "the label of box 7 (国・都・特別区等の動向や取組状況) is printed otherwise: 'や取組'"},
        {"現状課題等", "現状課題",
         "the label of box 4 (背景、区民ニーズ、現状課題等) is printed otherwise: "
         "'、区民ニーズ、現状課題'"},
        {"背景、", "背景 、", "the label of box 4 (背景、区民ニーズ、現状課題等) is printed otherwise"},
    };
    static const char *const glued =
        "the label of box 4 (背景、区民ニーズ、現状課題等) is printed otherwise: '課題があります。' "
        "right after its key was read as text";
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        text page = sample_page(59), t = replaced(&page, cases[i].from, cases[i].to);
        run r = convert(t.s, t.len, "label.txt", "");
        cr_assert_eq(r.status, 0, "%s", r.err.s);
        cr_assert_eq(json_array_size(r.records), 1);
        expect_gold(59, json_array_get(r.records, 0));
        cr_expect(strstr(r.err.s, cases[i].what) != NULL, "says '%s': %s", cases[i].what, r.err.s);
        run_free(&r);
        expect_doubt(&t, 59, cases[i].what);
        free(page.s);
        free(t.s);
    }
    /* the label cut to its key and a sentence glued to it: a sentence is
     * no label's rest, so it stays in the text, and the warning says so */
    text page = sample_page(59),
         t = replaced(&page, "背景、区⺠ニーズ、現状課題等", "背景課題があります。");
    run r = convert(t.s, t.len, "label.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    cr_assert_eq(json_array_size(r.records), 1);
    cr_expect(strstr(str(json_array_get(r.records, 0), "background"), "課題があります。") != NULL,
              "kept in the text");
    cr_expect(strstr(r.err.s, glued) != NULL, "says '%s': %s", glued, r.err.s);
    run_free(&r);
    free(t.s);
    /* the key, white space, then the box's text: no label's rest at all */
    t = replaced(&page, "動向や取組状況\n\n", "動向 ");
    expect_gold_page(&t, 59, false);
    free(page.s);
    free(t.s);
}

/* Two ⇒ values of one group that trade places: the rows add up in the
 * order of the text, and the ⇒ column fits them only in another, so
 * either may have moved; the order taken is reported. */
BC_TEST(rawtext, rows_moved_to_fit_the_arrows_are_reported)
{
    text page = sample_page(59),
         t = replaced(&page, "⇒ 58,646\n\n⇒ 39,160\n", "⇒ 39,160\n\n⇒ 58,646\n");
    expect_doubt(&t, 59, "the rows of the 要求内容 table add up to 合計 in the order of the "
                         "text, but were put in another to fit the ⇒ column");
    free(page.s);
    free(t.s);
}

/* A sentence in the block of box 9's own label is no list either. */
BC_TEST(rawtext, sentences_below_a_list_label_are_reported)
{
    text page = sample_page(59),
         t = replaced(&page, " ９ 関連する法令・条例等\n\n・なし\n",
                      " ９ 関連する法令・条例等\n・法令はありません。\n");
    expect_doubt(&t, 59, "this paragraph of box 9 (関連する法令・条例等) is sentences");
    free(page.s);
    free(t.s);
}

/* Every narrative box holds text; one whose label was found but that got
 * none is reported by its number and name. */
BC_TEST(rawtext, empty_box_is_reported)
{
    text page = sample_page(59), t = replaced(&page, "財源確保 特定財源なし", "財源確保");
    expect_doubt(&t, 59, "box 11 (実施に向けた財源確保) has a label but no text");
    free(page.s);
    free(t.s);
}

/* The form's empty rows are its last, right above the total: a bare ⇒
 * among the rows' values or after the total belongs to no row. */
BC_TEST(rawtext, stray_arrows_are_reported)
{
    text page = sample_page(59);
    text middle = replaced(&page, "⇒ 97,806\n", "⇒ 97,806\n\n⇒\n"),
         after = replaced(&page, "⇒ 151,486\n", "⇒ 151,486\n\n⇒\n"),
         above = replaced(&page, "⇒ 39,160\n", "⇒ 39,160\n\n⇒\n");
    expect_doubt(&middle, 59, "1 bare ⇒ line(s) belong to no row");
    expect_doubt(&after, 59, "1 bare ⇒ line(s) belong to no row");
    run r = convert(above.s, above.len, "above.txt", "--strict");
    cr_expect_eq(r.status, 0, "an empty row above the total is no doubt: %s", r.err.s);
    run_free(&r);
    free(page.s);
    free(middle.s);
    free(after.s);
    free(above.s);
}

/* ------------------------------------------------------------------------ */
/* Pages whose boxes cannot be told apart                                     */

/* The sample with page `no` replaced by `page`. */
static text sample_with_page(int no, const text *page)
{
    text t = sample(), old = sample_page(no), out = {NULL, 0, 0};
    const char *at = strstr(t.s, old.s);
    cr_assert_not_null(at);
    add(&out, t.s, (size_t)(at - t.s));
    add(&out, page->s, page->len);
    const char *rest = at + old.len;
    add(&out, rest, t.len - (size_t)(rest - t.s));
    free(t.s);
    free(old.s);
    return out;
}

/* One record as the importer gave it: its status, and what the checks
 * below compare (or, for a bad record, the error's place and message). */
typedef struct imported {
    bc_status status;
    int64_t no, total, budget;
    size_t items, funding;
    int64_t item_sum, funding_sum;
    long line;
    char message[1024];
} imported;

static void count_warning(void *user, const char *file, long line, const char *message)
{
    (void)file, (void)line, (void)message;
    ++*(size_t *)user;
}

/* Reads file `path` with the rawtext importer, through its descriptor as
 * the host does, into `out` (at most `max`); how many next() gave. */
static size_t import_file(const char *path, imported *out, size_t max)
{
    const bc_plugin *p = bc_fuzz_importer("rawtext");
    cr_assert_not_null(p);
    bc_error err;
    bc_error_clear(&err);
    bc_input *in = NULL;
    cr_assert_eq(bc_input_open(path, &in, &err), BC_OK, "%s", err.message);
    size_t warnings = 0;
    bc_context *ctx = bc_context_new(p->import_options, count_warning, &warnings);
    cr_assert_not_null(ctx);
    void *state = NULL;
    cr_assert_eq(p->importer->open(&state, in, ctx, &err), BC_OK, "%s", err.message);
    bc_record rec;
    bc_record_init(&rec);
    size_t n = 0;
    bc_status st;
    while ((st = p->importer->next(state, &rec, &err)) == BC_OK || st == BC_BAD_RECORD) {
        cr_assert_lt(n, max);
        imported *r = &out[n++];
        *r = (imported){.status = st, .no = rec.no, .total = rec.total.requested,
                        .budget = rec.total.budgeted, .items = rec.line_item_count,
                        .funding = rec.funding_count, .line = err.line};
        snprintf(r->message, sizeof r->message, "%s", st == BC_OK ? "" : err.message);
        for (size_t i = 0; i < rec.line_item_count; i++)
            r->item_sum += rec.line_items[i].requested;
        for (size_t i = 0; i < rec.funding_count; i++)
            r->funding_sum += rec.funding[i].amount;
        bc_error_clear(&err);
        bc_record_clear(&rec);
    }
    cr_expect_eq(st, BC_END, "%s", err.message);
    bc_record_clear(&rec);
    p->importer->close(state);
    bc_context_free(ctx);
    bc_input_close(in);
    return n;
}

/* The line of `text`'s first `needle`. */
static long line_of(const text *t, const char *needle)
{
    const char *at = strstr(t->s, needle);
    cr_assert_not_null(at, "no '%s'", needle);
    long line = 1;
    for (const char *p = t->s; p < at; p++)
        line += *p == '\n';
    return line;
}

/* An amount too large for 64 bits — in a table row, in the ⇒ column, on
 * the 合計 line, in 財源内訳 — makes its record bad: named with its line
 * and field, the import going on to the next page, and the run fails with
 * 65 and writes nothing, rather than drop the amount (and with it the row,
 * the total or the funding) and exit 0. */
BC_TEST(rawtext, amount_too_big_for_64_bits_fails_its_record)
{
    static const struct {
        int no;
        const char *from, *to, *message;
    } damage[] = {
        {59, "受付業務関連経費 39,160", "受付業務関連経費 99999999999999999999",
         "NO 59: line_items: the request of row '受付業務関連経費', '99999999999999999999', "
         "does not fit 64 bits"},
        {61, "⇒ 33,890 (33,890)", "⇒ 33,890 (9,223,372,036,854,775,808)",
         "NO 61: budgeted: the ⇒ value, '9,223,372,036,854,775,808', does not fit 64 bits"},
        {63, "合計 90,955", "合計 123456789012345678901234567890",
         "NO 63: total: the 合計 on the ５ line, '123456789012345678901234567890', does not "
         "fit 64 bits"},
        {65, "\n331\n", "\n△99999999999999999999\n",
         "NO 65: funding: the 財源内訳 amount, '△99999999999999999999', does not fit 64 bits"},
    };
    size_t nd = sizeof damage / sizeof damage[0];
    text t = sample();
    for (size_t i = 0; i < nd; i++) {
        text page = sample_page(damage[i].no), bad = replaced(&page, damage[i].from, damage[i].to);
        cr_assert(bad.len != page.len, "page %d has no '%s'", damage[i].no, damage[i].from);
        const char *at = strstr(t.s, page.s);
        cr_assert_not_null(at);
        text next = {NULL, 0, 0};
        add(&next, t.s, (size_t)(at - t.s));
        add(&next, bad.s, bad.len);
        adds(&next, at + page.len);
        free(t.s);
        free(page.s);
        free(bad.s);
        t = next;
    }
    run r = convert(t.s, t.len, "too-big.txt", "-f rawtext");
    cr_expect_eq(r.status, 65, "%s", r.err.s);
    cr_expect_null(r.records, "nothing is written");
    size_t lines = 0;
    for (size_t i = 0; i < r.err.len; i++)
        lines += r.err.s[i] == '\n';
    cr_expect_eq(lines, nd, "one message per bad record:\n%s", r.err.s);
    for (size_t i = 0; i < nd; i++) {
        char want[1200];
        snprintf(want, sizeof want, "budgetconv: %s:%ld: %s: record left out\n", r.input,
                 line_of(&t, damage[i].to + (damage[i].to[0] == '\n')), damage[i].message);
        cr_expect(strstr(r.err.s, want) != NULL, "want '%s' in:\n%s", want, r.err.s);
    }
    /* through the importer: each bad page is a bad record in its place,
     * and every other page gives its record as the undamaged sample does */
    imported clean[16], got[16];
    size_t nc = import_file(BC_SAMPLE, clean, 16), ng = import_file(r.input, got, 16);
    cr_assert_eq(nc, 10);
    cr_assert_eq(ng, 10);
    size_t bad = 0;
    for (size_t i = 0; i < ng; i++) {
        bool damaged = bad < nd && clean[i].no == damage[bad].no;
        if (damaged) {
            cr_expect_eq(got[i].status, BC_BAD_RECORD, "NO %lld", (long long)clean[i].no);
            cr_expect(strstr(got[i].message, damage[bad].message) == got[i].message, "%s",
                      got[i].message);
            cr_expect_eq(got[i].line, line_of(&t, damage[bad].to + (damage[bad].to[0] == '\n')));
            bad++;
            continue;
        }
        cr_expect_eq(got[i].status, BC_OK, "NO %lld: %s", (long long)clean[i].no, got[i].message);
        cr_expect_eq(got[i].no, clean[i].no);
        cr_expect_eq(got[i].total, clean[i].total, "NO %lld", (long long)clean[i].no);
        cr_expect_eq(got[i].budget, clean[i].budget, "NO %lld", (long long)clean[i].no);
        cr_expect_eq(got[i].items, clean[i].items, "NO %lld", (long long)clean[i].no);
        cr_expect_eq(got[i].item_sum, clean[i].item_sum, "NO %lld", (long long)clean[i].no);
        cr_expect_eq(got[i].funding, clean[i].funding, "NO %lld", (long long)clean[i].no);
        cr_expect_eq(got[i].funding_sum, clean[i].funding_sum, "NO %lld", (long long)clean[i].no);
    }
    cr_expect_eq(bad, nd);
    free(t.s);
    run_free(&r);
}

/* `page` with its blocks after the NO line in an order drawn from `seed`. */
static text shuffled_page(const text *page, unsigned seed)
{
    blocks b;
    split_blocks(page, &b);
    size_t order[MAX_BLOCKS];
    for (size_t k = 0; k < b.count; k++)
        order[k] = k;
    uint32_t state = seed * 2654435761u + 1u;
    for (size_t k = b.count - 1; k > 1; k--) {
        state = state * 1103515245u + 12345u;
        size_t j = 1 + (state >> 8) % k; /* never block 0, the NO line */
        size_t tmp = order[k];
        order[k] = order[j];
        order[j] = tmp;
    }
    text t = {NULL, 0, 0};
    for (size_t k = 0; k < b.count; k++)
        add_block(&t, &b, order[k]);
    return t;
}

/* The sample with page NO 60 damaged: the other pages give the records
 * they give undamaged, and NO 60 gives a record with warnings or none
 * (with a warning), never a silent one. */
static void expect_damage_contained(const text *page60, const char *name)
{
    text whole = sample(), t = sample_with_page(60, page60);
    run good = convert(whole.s, whole.len, "whole.txt", ""), r = convert(t.s, t.len, name, "");
    cr_assert_eq(r.status, 0, "%s: %s", name, r.err.s);
    size_t ng, nr;
    char **want = canonical(good.records, &ng), **got = canonical(r.records, &nr);
    size_t j = 0;
    for (size_t i = 0; i < ng; i++) {
        json_int_t no = json_integer_value(json_object_get(json_array_get(good.records, i), "no"));
        if (no == 60) {
            j += j < nr && json_integer_value(json_object_get(json_array_get(r.records, j),
                                                              "no")) == 60;
            continue;
        }
        cr_assert_lt(j, nr, "%s: NO %lld missing", name, (long long)no);
        cr_expect_str_eq(got[j], want[i], "%s: NO %lld changed", name, (long long)no);
        j++;
    }
    cr_expect_eq(j, nr, "%s: no record but these", name);
    cr_expect(strstr(r.err.s, "NO 60: ") != NULL, "%s: NO 60 is reported: %s", name, r.err.s);
    for (const char *others = strstr(r.err.s, "NO "); others != NULL;
         others = strstr(others + 1, "NO "))
        cr_expect(strncmp(others, "NO 60:", 6) == 0 || strncmp(others, "NO 60 ", 6) == 0,
                  "%s: only NO 60 is reported: %.80s", name, others);
    free_strings(want, ng);
    free_strings(got, nr);
    run_free(&good);
    run_free(&r);
    free(whole.s);
    free(t.s);
}

BC_TEST(rawtext, shuffled_page_is_reported_and_contained, .timeout = 60)
{
    text page = sample_page(60);
    for (unsigned seed = 1; seed <= 12; seed++) {
        char name[32];
        snprintf(name, sizeof name, "shuffled-%u.txt", seed);
        text t = shuffled_page(&page, seed);
        expect_damage_contained(&t, name);
        free(t.s);
    }
    free(page.s);
}

/* Labels without their numbers are no markers: with ５ gone the page is
 * incomplete; with only １ and ５ left, its text is placed with warnings. */
BC_TEST(rawtext, page_without_markers_is_reported_and_contained)
{
    static const char *const labels[] = {" ３ 事業", " ４ 背景", " ６ 事業", " ７ 国", " ８ 基本",
                                         " ９ 関連", " 11 実施", " 12 スケ", " 13 事業",
                                         " 14 編成", " ２ 要求", " ５ 要求"};
    text page = sample_page(60);
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        char bare[32];
        snprintf(bare, sizeof bare, " %s", strchr(labels[i] + 1, ' ') + 1);
        text t = replaced(&page, labels[i], bare);
        free(page.s);
        page = t;
        if (i == 10)
            expect_damage_contained(&page, "markers.txt");
    }
    expect_damage_contained(&page, "no-markers.txt");
    free(page.s);
}

/* ` ３ …`, 3's text, ` ４ 背景…`, 4's text: a page in reading order, against
 * the sample's scramble that rules 8 and 9 follow.  Where 3's text says
 * what will be done and 4's how things are, the record comes out right and
 * says that the text overruled the anchors. */
BC_TEST(rawtext, description_and_background_in_reading_order)
{
    static const char *const moved[] = {"  滞納者の", " ４ 背景", "　財産調査"};
    text page = sample_page(62), t = moved_blocks(&page, " ３ 事業説明", moved, 3);
    run r = convert(t.s, t.len, "reading.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    expect_gold(62, json_array_get(r.records, 0));
    cr_expect(strstr(r.err.s, "NO 62: the paragraphs around the label of box 4") != NULL, "%s",
              r.err.s);
    run_free(&r);
    free(page.s);
    free(t.s);
}

/* Both texts state how things are, or the one before ４'s label does and
 * the one after it says neither (box 3 may state too): which is which is a
 * guess, and said. */
BC_TEST(rawtext, description_and_background_that_cannot_be_told_apart)
{
    static const char *const moved[] = {" ４ 背景", "・現", " ５ 要求"};
    text page = sample_page(59), t = moved_blocks(&page, "　区⺠が⾃然", moved, 3);
    expect_doubt(&t, 59, "whether this paragraph, between the labels of boxes 3 and 4");
    text p62 = sample_page(62), neither = replaced(&p62, "導⼊します。", "導⼊し、事務の効率化。");
    expect_doubt(&neither, 62, "whether this paragraph, between the labels of boxes 3 and 4");
    free(page.s);
    free(t.s);
    free(p62.s);
    free(neither.s);
}

/* Box 5's text in two places: its start below its label, the rest where
 * the extractor put it (before 財源).  The start comes first. */
BC_TEST(rawtext, text_below_its_label_comes_first)
{
    static const char *const moved[] = {"　令和２年度からは"};
    text page = sample_page(67), cut = replaced(&page, "\nが応援する団体", "\n\nが応援する団体"),
         t = moved_blocks(&cut, " ５ 要求する", moved, 1);
    run r = convert(t.s, t.len, "split.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    expect_gold(67, json_array_get(r.records, 0));
    run_free(&r);
    free(page.s);
    free(cut.s);
    free(t.s);
}

/* Two items of one amount: the arithmetic cannot tell which comes first,
 * and the record says that the text's order chose. */
BC_TEST(rawtext, rows_alike_are_reported)
{
    text page = sample_page(59), a = replaced(&page, "58,646", "48,903"),
         t = replaced(&a, "39,160", "48,903");
    expect_doubt(&t, 59, "rows '区民保養施設借上関連経費（通年・夏季・冬季）' and '受付業務関連経費' "
                         "of the 要求内容 table have the same amount 48903");
    free(page.s);
    free(a.s);
    free(t.s);
}

/* 財源内訳 and the ⇒ column, each doubt of the table section on a copy of
 * page 60 (its one printed funding amount is 一般財源 = budget 18,624; its
 * ⇒ column has three rows and the total).  A record is right or flagged. */
BC_TEST(rawtext, funding_and_arrow_doubts_are_reported)
{
    static const struct {
        const char *from, *to, *from2, *to2, *what;
    } cases[] = {
        /* one amount more than the printed rows take */
        {"\n18,624\n", "\n18,624\n\n5,000\n", NULL, NULL,
         "2 amounts of 財源内訳 left over: the first is taken as 一般財源"},
        {"\n18,624\n", "\n18,000\n", NULL, NULL,
         "一般財源 18000 is not the budget 18624 less specific revenue 0"},
        /* a specific source that names a detail, and no amount at all */
        {"\n18,624\n", "\n", "国庫⽀出⾦\n", "国庫⽀出⾦ 補助金\n", "財源内訳 国庫支出金 has no amount"},
        {"\n18,624\n", "\n", "国庫⽀出⾦\n", "国庫⽀出⾦ 補助金\n",
         "財源内訳 prints no 一般財源 but the budget exceeds the specific revenue by 18624"},
        {"⇒ 323\n", "", NULL, NULL, "the ⇒ column has 2 values for 3 table rows"},
        {"合計 30,765", "合計", NULL, NULL, "no amount after 合計 on the ５ 要求する事業内容 line"},
        /* the ⇒ total names specific revenue that no funding row holds (the
         * labels of its sources lost: the amount reads as 一般財源) */
        {"⇒ 18,624\n", "⇒ 18,624 (4,001)\n", NULL, NULL,
         "財源内訳 has specific revenue 0 but the ⇒ total says うち特財 4001"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        text page = sample_page(60), t = replaced(&page, cases[i].from, cases[i].to);
        if (cases[i].from2 != NULL) {
            text t2 = replaced(&t, cases[i].from2, cases[i].to2);
            free(t.s);
            t = t2;
        }
        expect_doubt(&t, 60, cases[i].what);
        free(page.s);
        free(t.s);
    }
}

/* What the funding rows hold when the amounts do not fit the labels: the
 * first amount left over is 一般財源 (and the others are not listed), a
 * detail names its source, a source without an amount is not listed. */
BC_TEST(rawtext, funding_rows_take_the_amounts_in_order)
{
    text page = sample_page(60);
    text left = replaced(&page, "\n18,624\n", "\n18,624\n\n5,000\n"),
         split = replaced(&page, "\n18,624\n", "\n4,000\n\n14,624\n"),
         detail = replaced(&split, "国庫⽀出⾦\n", "国庫⽀出⾦ 補助金\n");
    run a = convert(left.s, left.len, "left.txt", ""), b = convert(detail.s, detail.len, "detail.txt", "");
    json_t *want_a = json_loads("[{\"source\":\"general\",\"amount\":18624}]", 0, NULL);
    json_t *got_a = json_object_get(json_array_get(a.records, 0), "funding");
    cr_expect(same(want_a, got_a), "left over: only 一般財源 18,624");
    json_t *got_b = json_object_get(json_array_get(b.records, 0), "funding");
    cr_expect_eq(json_array_size(got_b), 2, "national and general");
    json_t *national = json_array_get(got_b, 0), *general = json_array_get(got_b, 1);
    cr_expect_str_eq(json_string_value(json_object_get(national, "detail")), "補助金");
    cr_expect_eq(json_integer_value(json_object_get(national, "amount")), 4000);
    cr_expect_eq(json_integer_value(json_object_get(general, "amount")), 14624);
    cr_expect_eq(b.err.len, 0, "adds up: %s", b.err.s);
    json_decref(want_a);
    run_free(&a);
    run_free(&b);
    free(page.s);
    free(left.s);
    free(split.s);
    free(detail.s);
}

/* A paragraph above every marker fits no box, one that no anchor claims
 * is placed by position; the budget decision moved out of box 14 into 4's
 * text is reported where the anchors left it.  Each is said. */
BC_TEST(rawtext, orphans_and_a_budget_decision_elsewhere_are_reported)
{
    text page = sample_page(60),
         orphan = replaced(&page, "NO 60\n", "NO 60\n\n区の施設の一覧を作ります。\n"),
         kept = replaced(&page, "上、予算を計上します。", "上、実施します。"),
         moved = replaced(&kept, "・現在、年間約27,000件", "・予算を計上します。\n\n・現在、年間約27,000件");
    expect_doubt(&orphan, 60, "paragraph fits no box: left out");
    /* right after the １ … 10 line: no rule's anchor (10 is no text box), so
     * the nearest narrative box above by position, said */
    text after10 = replaced(&page, " １ 事業名 税務資料の電⼦化の推進  10 要求内容 要求額\n",
                            " １ 事業名 税務資料の電⼦化の推進  10 要求内容 要求額\n\n区の施設を案内します。\n");
    expect_doubt(&after10, 60, "paragraph has no anchor: placed in box 3 by position");
    free(after10.s);
    expect_doubt(&moved, 60, "this paragraph decides the budget but the anchors put it in box 5");
    expect_doubt(&moved, 60,
                 "this paragraph reads as box 5 (要求する事業内容) but the anchors put it in box 4");
    free(page.s);
    free(orphan.s);
    free(kept.s);
    free(moved.s);
}

/* An orphan that decides the budget goes to box 14 when 14 has nothing,
 * wherever its position would put it: page 60 without the text bound to
 * the ８ label (14's, which the form prints beside it), and a paragraph
 * saying 計上 right after the １ … 10 line. */
BC_TEST(rawtext, orphan_budget_decision_goes_to_an_empty_box_14)
{
    text page = sample_page(60), t = {NULL, 0, 0};
    static const char label[] = " ８ 基本計画・個別計画\n";
    const char *at = strstr(page.s, label);
    cr_assert_not_null(at);
    const char *end = strstr(at, "\n\n");
    cr_assert_not_null(end);
    add(&t, page.s, (size_t)(at - page.s) + strlen(label) - 1);
    adds(&t, end);
    text orphan = replaced(&t, " １ 事業名 税務資料の電⼦化の推進  10 要求内容 要求額\n",
                           " １ 事業名 税務資料の電⼦化の推進  10 要求内容 要求額\n\n区の施設の予算を計上します。\n");
    cr_assert(orphan.len > t.len);
    expect_doubt(&orphan, 60, "paragraph has no anchor: placed in box 14 by position");
    run r = convert(orphan.s, orphan.len, "orphan14.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    cr_expect_str_eq(str(json_array_get(r.records, 0), "budget_rationale"),
                     "区の施設の予算を計上します。");
    run_free(&r);
    free(page.s);
    free(t.s);
    free(orphan.s);
}

/* A title line with nothing after its label leaves the title unstated
 * (null), not an empty string. */
BC_TEST(rawtext, empty_title_is_null)
{
    text page = sample_page(60),
         t = replaced(&page, " １ 事業名 税務資料の電⼦化の推進  10 要求内容 要求額\n",
                      " １ 事業名  10 要求内容 要求額\n");
    cr_assert(t.len < page.len);
    run r = convert(t.s, t.len, "untitled.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    json_t *rec = json_array_get(r.records, 0);
    cr_expect(json_is_null(json_object_get(rec, "title")), "title: %s",
              json_string_value(json_object_get(rec, "title")));
    cr_expect(json_is_null(json_object_get(rec, "debt_burden")));
    run_free(&r);
    free(page.s);
    free(t.s);
}

/* An item of box 8 that ends in 法 names a law as …法第 n 条 and …条例 do. */
BC_TEST(rawtext, a_plan_that_ends_in_a_law_is_reported)
{
    text page = sample_page(61), t = replaced(&page, "・基本計画\n", "・地方税法\n");
    cr_assert(strcmp(t.s, page.s) != 0);
    expect_doubt(&t, 61, "this item of box 8 (基本計画・個別計画) names a law");
    free(page.s);
    free(t.s);
}

/* A key of three characters and a four-byte one (対象者𠮷：) fills the
 * word that box 5's cue reads to its last byte: it is still read, and
 * nothing is written past it (the sanitizer build would say). */
BC_TEST(rawtext, key_with_a_four_byte_character)
{
    text page = sample_page(59), t = replaced(&page, "対象者︓", "対象者\xF0\xA0\xAE\xB7︓");
    cr_assert(t.len != page.len);
    run r = convert(t.s, t.len, "key4.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    const char *details = str(json_array_get(r.records, 0), "request_details");
    cr_expect(strstr(details, "\n対象者\xF0\xA0\xAE\xB7：保養施設") != NULL, "%s", details);
    run_free(&r);
    free(page.s);
    free(t.s);
}

/* Wrapped lines join without a space, except between two Latin letters or
 * digits: each end of 0-9, A-Z and a-z meets another across a line break
 * in box 5's text (page 60), and a kana after a digit joins without one. */
BC_TEST(rawtext, latin_letters_and_digits_join_with_a_space)
{
    text page = sample_page(60), a = replaced(&page, "スキャニ\nング", "スキャニ9\n0ング"),
         b = replaced(&a, "登録\nし保管", "登録Z\nAし保管"),
         t = replaced(&b, "管理が可\n能に", "管理が可z\na能に");
    run r = convert(t.s, t.len, "latin.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    const char *details = str(json_array_get(r.records, 0), "request_details");
    cr_expect(strstr(details, "書類をスキャニ9 0ング機器") != NULL, "9 0: %s", details);
    cr_expect(strstr(details, "システムで登録Z Aし保管") != NULL, "Z A: %s", details);
    cr_expect(strstr(details, "閲覧や管理が可z a能になります。") != NULL, "z a: %s", details);
    cr_expect(strstr(details, "書類をスキャニング機器") == NULL && strstr(details, "スキャニ9\n") == NULL,
              "joined: %s", details);
    run_free(&r);
    free(page.s);
    free(a.s);
    free(b.s);
    free(t.s);
}

/* Box 13's text in its label's block (bound) that names the cost is no
 * doubt; bound text that names none still is.  The bound paragraph was
 * left out of the check, so a right page failed --strict. */
BC_TEST(rawtext, bound_future_costs_are_checked_for_a_cost)
{
    text page = sample_page(60), bound = replaced(&page, "伴う将来コスト\n\n", "伴う将来コスト\n"),
         none = replaced(&bound, "323千円/年（特財なし）", "保守を続けます");
    run r = convert(bound.s, bound.len, "bound13.txt", "--strict");
    cr_expect_eq(r.status, 0, "no doubt: %s", r.err.s);
    cr_expect_str_eq(str(json_array_get(r.records, 0), "future_costs"),
                     "令和３年度以降323千円/年（特財なし）　内容：システム保守");
    expect_doubt(&none, 60, "box 13 (事業実施に伴う将来コスト) names no cost");
    run_free(&r);
    free(page.s);
    free(bound.s);
    free(none.s);
}

/* A wrapped line 16 cells shorter than the paragraph's widest (100 cells
 * on page 60's box 5) continues; one 17 cells shorter ends the line. */
BC_TEST(rawtext, a_line_more_than_16_cells_short_ends_the_line)
{
    text page = sample_page(60),
         joined = replaced(&page, "閲覧や管理が可\n能に", "閲\n覧や管理が可能に"),
         broken = replaced(&joined, "壁⾯書庫", "壁x書庫");
    run a = convert(joined.s, joined.len, "joined.txt", ""),
        b = convert(broken.s, broken.len, "broken.txt", "");
    const char *ja = str(json_array_get(a.records, 0), "request_details"),
               *jb = str(json_array_get(b.records, 0), "request_details");
    cr_assert(ja != NULL && jb != NULL);
    cr_expect(strstr(ja, "システム内で閲覧や管理が可能になります。") != NULL, "84 of 100: %s", ja);
    cr_expect(strstr(jb, "壁x書庫から") != NULL &&
                  strstr(jb, "システム内で閲\n覧や管理が可能になります。") != NULL,
              "83 of 100: %s", jb);
    run_free(&a);
    run_free(&b);
    free(page.s);
    free(joined.s);
    free(broken.s);
}

/* A marker after an ideographic space is one, as after a space: page 60
 * with its ７ label after U+3000 still gives its gold record. */
BC_TEST(rawtext, marker_after_an_ideographic_space)
{
    text page = sample_page(60), t = replaced(&page, " ７ 国・都", "　７ 国・都");
    run r = convert(t.s, t.len, "ideographic.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    expect_gold(60, json_array_get(r.records, 0));
    run_free(&r);
    free(page.s);
    free(t.s);
}

/* The ２ line holds the request type and the first row, the ３ line the
 * second row, however short their labels: a one-byte label is a row. */
BC_TEST(rawtext, one_byte_row_labels_on_the_2_and_3_lines)
{
    text page = sample_page(60), two = replaced(&page, "システム設計・改修等経費 4,001", "A 4,001"),
         t = replaced(&two, "書類電⼦化経費 26,441", "B 26,441");
    run r = convert(t.s, t.len, "short-label.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    json_t *rec = json_array_get(r.records, 0);
    cr_expect_str_eq(str(rec, "request_type"), "新規事業");
    json_t *first = json_array_get(json_object_get(rec, "line_items"), 0);
    cr_expect_str_eq(str(first, "label"), "A");
    cr_expect_eq(num(first, "requested"), 4001);
    json_t *second = json_array_get(json_object_get(rec, "line_items"), 1);
    cr_expect_str_eq(str(second, "label"), "B");
    cr_expect_eq(num(second, "requested"), 26441);
    run_free(&r);
    free(page.s);
    free(two.s);
    free(t.s);
}

/* Without the .txt extension the probe decides.  A sheet's header line is
 * enough when no NO line is within the probe's 4096 bytes (the filler
 * before the first NO line is ignored by the import); the word
 * 予算要求事業概要書 without 所管課 after it is not, nor is a control
 * character, nor a quoted CSV header with a NO column. */
BC_TEST(rawtext, probe_is_sure_on_a_header_line_only)
{
    text page = sample_page(60), head = {NULL, 0, 0}, word = {NULL, 0, 0};
    adds(&head, "令和２年度予算要求事業概要書　所管課 産業・地域振興支援部　税務課\n");
    adds(&word, "令和２年度予算要求事業概要書の一覧\n");
    for (int i = 0; i < 100; i++) {
        adds(&head, "これは前書きの行で、取り込みでは読み飛ばされます。\n");
        adds(&word, "これは前書きの行で、取り込みでは読み飛ばされます。\n");
    }
    add(&head, page.s, page.len);
    add(&word, page.s, page.len);
    run sure = convert(head.s, head.len, "head.data", ""),
        not_sure = convert(word.s, word.len, "word.data", "");
    cr_expect_eq(sure.status, 0, "%s", sure.err.s);
    cr_expect_eq(json_array_size(sure.records), 1);
    cr_expect(not_sure.status != 0 && strstr(not_sure.err.s, "cannot tell the input format"),
              "the word alone proves nothing: %s", not_sure.err.s);
    static const char control[] = "NO 60\n\x01\n", csv[] = "\"NO\",\"title\"\nNO 60\n";
    run c = convert(control, sizeof control - 1, "control.data", ""),
        q = convert(csv, sizeof csv - 1, "quoted.data", "");
    cr_expect(c.status != 0 && strstr(c.err.s, "cannot tell the input format"), "%s", c.err.s);
    cr_expect(q.status != 0 && strstr(q.err.s, "cannot tell the input format"), "%s", q.err.s);
    /* a NO line ended by a form feed, the header line beyond the window */
    text ff = {NULL, 0, 0};
    adds(&ff, "NO 60\f\n");
    for (int i = 0; i < 100; i++)
        adds(&ff, "これは前書きの行で、取り込みでは読み飛ばされます。\n");
    adds(&ff, strchr(page.s, '\n') + 1);
    run f = convert(ff.s, ff.len, "ff.data", "");
    cr_expect_eq(f.status, 0, "%s", f.err.s);
    cr_expect_eq(json_array_size(f.records), 1);
    run_free(&f);
    free(ff.s);
    /* a NO line on the second line, and after the form feed that opens it */
    static const char *const heads[] = {"表紙\nNO 60\n", "表紙\n\fNO 60\n"};
    for (size_t k = 0; k < sizeof heads / sizeof heads[0]; k++) {
        text lead = {NULL, 0, 0};
        adds(&lead, heads[k]);
        for (int i = 0; i < 100; i++)
            adds(&lead, "これは前書きの行で、取り込みでは読み飛ばされます。\n");
        adds(&lead, strchr(page.s, '\n') + 1);
        f = convert(lead.s, lead.len, "lead.data", "");
        cr_expect_eq(f.status, 0, "%zu: %s", k, f.err.s);
        cr_expect_eq(json_array_size(f.records), 1);
        run_free(&f);
        free(lead.s);
    }
    run_free(&sure);
    run_free(&not_sure);
    run_free(&c);
    run_free(&q);
    free(page.s);
    free(head.s);
    free(word.s);
}

/* The 14 line's 【事務事業評価】 value is the evaluation however short: a
 * one-byte value too. */
BC_TEST(rawtext, evaluation_on_the_14_line_however_short)
{
    text page = sample_page(59), t = replaced(&page, "【事務事業評価】　継続", "【事務事業評価】　A");
    run r = convert(t.s, t.len, "evaluation.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    cr_expect_str_eq(str(json_array_get(r.records, 0), "evaluation"), "A");
    run_free(&r);
    free(page.s);
    free(t.s);
}

/* A dated entry (`令和２年４月…`, `令和元年…`) opens a line of its own; 令和
 * with no year before 年 is no date, and the wrapped line continues. */
BC_TEST(rawtext, only_a_dated_entry_opens_a_line)
{
    text page = sample_page(60), dated = replaced(&page, "管理が可\n能に", "管理が可\n令和元年４月能に"),
         undated = replaced(&page, "管理が可\n能に", "管理が可\n令和年４月能に");
    /* the other era dates an entry too; a year without an era does not */
    static const char *const lines[][2] = {
        {"管理が可\n平成31年４月能に", "管理が可\n平成31年４月能に"},
        {"管理が可\n31年４月能に", "管理が可31年４月能に"},
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        text t = replaced(&page, "管理が可\n能に", lines[i][0]);
        run r = convert(t.s, t.len, "era.txt", "");
        const char *details = str(json_array_get(r.records, 0), "request_details");
        cr_assert_not_null(details, "%s", r.err.s);
        cr_expect(strstr(details, lines[i][1]) != NULL, "%s: %s", lines[i][1], details);
        run_free(&r);
        free(t.s);
    }
    run a = convert(dated.s, dated.len, "dated.txt", ""),
        b = convert(undated.s, undated.len, "undated.txt", "");
    const char *da = str(json_array_get(a.records, 0), "request_details"),
               *db = str(json_array_get(b.records, 0), "request_details");
    cr_assert(da != NULL && db != NULL);
    cr_expect(strstr(da, "管理が可\n令和元年４月能に") != NULL, "dated: %s", da);
    cr_expect(strstr(db, "管理が可令和年４月能に") != NULL, "undated: %s", db);
    run_free(&a);
    run_free(&b);
    free(page.s);
    free(dated.s);
    free(undated.s);
}

/* A number of more digits than int64 holds in a dated entry that wraps a
 * line of box 5: the date check still reads it without overflow (the
 * sanitizer build would abort on one) and the entry opens its line. */
BC_TEST(rawtext, huge_year_in_a_dated_entry)
{
    text page = sample_page(60),
         t = replaced(&page, "管理が可\n能に", "管理が可\n令和99999999999999999999年４月能に");
    run r = convert(t.s, t.len, "huge-year.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    const char *details = str(json_array_get(r.records, 0), "request_details");
    cr_assert_not_null(details);
    cr_expect(strstr(details, "管理が可\n令和99999999999999999999年４月能に") != NULL, "%s", details);
    run_free(&r);
    free(page.s);
    free(t.s);
}

/* Laws split on 、 and on a ・ that opens an item, at the line's start or
 * after white space (DESIGN §2): a ・ right after a closing bracket of the
 * CJK punctuation block (」, U+300D) opens none. */
BC_TEST(rawtext, a_dot_after_a_bracket_opens_no_item)
{
    text page = sample_page(60),
         t = replaced(&page, "・官⺠データ活⽤推進基本法　　・デジタル", "・「官⺠データ活⽤推進基本法」・デジタル");
    run r = convert(t.s, t.len, "bracket.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    json_t *laws = json_object_get(json_array_get(r.records, 0), "laws");
    cr_assert_eq(json_array_size(laws), 1, "one law");
    cr_expect_str_eq(json_string_value(json_array_get(laws, 0)),
                     "「官民データ活用推進基本法」・デジタル・ガバメント実行計画");
    run_free(&r);
    free(page.s);
    free(t.s);
}

/* 款's fund is the parenthesised part that ends it (DESIGN §1), in half
 * width too; parentheses inside the account's name stay in it, and
 * parentheses that do not pair are reported, the whole text the account. */
BC_TEST(rawtext, fund_in_parentheses_of_either_width)
{
    static const struct {
        const char *line, *account, *fund;
    } cases[] = {
        {"款 総務費(国⺠健康保険事業会計)", "総務費", "国民健康保険事業会計"},
        {"款 総務費(特別区)分（国⺠健康保険事業会計）", "総務費(特別区)分", "国民健康保険事業会計"},
        {"款 総務費（国⺠健康保険(事業)会計）", "総務費", "国民健康保険(事業)会計"},
        {"款 総務費(一般)", "総務費", "一般"},
        {"款 総務費(一般)分", "総務費(一般)分", NULL},
    };
    text page = sample_page(63);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        text t = replaced(&page, "款 総務費（国⺠健康保険事業会計）", cases[i].line);
        run r = convert(t.s, t.len, "fund.txt", "--strict");
        cr_assert_eq(r.status, 0, "%s: %s", cases[i].line, r.err.s);
        json_t *rec = json_array_get(r.records, 0);
        cr_expect_str_eq(str(rec, "account"), cases[i].account, "%s", cases[i].line);
        if (cases[i].fund != NULL)
            cr_expect_str_eq(str(rec, "fund"), cases[i].fund, "%s", cases[i].line);
        else
            cr_expect(json_is_null(json_object_get(rec, "fund")), "%s: no fund", cases[i].line);
        run_free(&r);
        free(t.s);
    }
    text t = replaced(&page, "款 総務費（国⺠健康保険事業会計）", "款 総務費（国⺠健康保険事業会計");
    expect_doubt(&t, 63, "the parentheses of 款 do not pair: no fund read from it");
    free(t.s);
    t = replaced(&page, "款 総務費（国⺠健康保険事業会計）", "款 総務費)国⺠健康保険事業会計（)");
    expect_doubt(&t, 63, "the parentheses of 款 do not pair");
    free(t.s);
    free(page.s);
}

/* A 財源内訳 detail that wraps inside its label's text box continues on the
 * line below when that line opens as a continued line does (a bracket) or
 * follows a line that leaves a parenthesis open (DESIGN §1: wrapped lines
 * are joined); the line is no box's paragraph.  Other text right below a
 * source's label is reported, not guessed. */
BC_TEST(rawtext, funding_detail_wrapped_in_its_text_box)
{
    static const struct {
        int no;
        const char *from, *to;
    } cases[] = {
        {61, "都⽀出⾦ 都⺠税(個⼈分)徴収事務", "都⽀出⾦ 都⺠税\n(個⼈分)徴収事務"},
        {61, "都⽀出⾦ 都⺠税(個⼈分)徴収事務", "都⽀出⾦ 都⺠税(個⼈\n分)徴収事務"},
        {63, "都⽀出⾦ 都道府県繰⼊⾦（2号分）", "都⽀出⾦ 都道府県繰⼊⾦\n（2号分）"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        text page = sample_page(cases[i].no), t = replaced(&page, cases[i].from, cases[i].to);
        expect_gold_page(&t, cases[i].no, false);
        free(page.s);
        free(t.s);
    }
    text page = sample_page(61),
         t = replaced(&page, "都⽀出⾦ 都⺠税(個⼈分)徴収事務", "都⽀出⾦ 都⺠税(個⼈分)\n徴収事務");
    expect_doubt(&t, 61, "the text below 財源内訳 都支出金 in its text box does not read as the "
                         "rest of its detail");
    free(t.s);
    free(page.s);
}

/* The 【事務事業評価】 value wraps the same way, on the 14 line or on a line
 * of its own below it; a sentence below it that opens with a bracket is
 * box 14's, reported. */
BC_TEST(rawtext, evaluation_wrapped_in_its_text_box)
{
    static const char *const wrapped[] = {
        " 14 編成の考え⽅ 【事務事業評価】　対象外\n（平成30年度新規事業）",
        " 14 編成の考え⽅ 【事務事業評価】　対象外（平成30年度\n新規事業）",
        " 14 編成の考え⽅\n【事務事業評価】　対象外\n（平成30年度新規事業）",
    };
    const char *line = " 14 編成の考え⽅ 【事務事業評価】　対象外（平成30年度新規事業）";
    text page = sample_page(67);
    for (size_t i = 0; i < sizeof wrapped / sizeof wrapped[0]; i++) {
        text t = replaced(&page, line, wrapped[i]);
        expect_gold_page(&t, 67, false);
        free(t.s);
    }
    text t = replaced(&page, line, " 14 編成の考え⽅ 【事務事業評価】　対象外\n（平成30年度新規事業）とします。");
    expect_doubt(&t, 67, "the sentence below the 【事務事業評価】 value opens as its continuation "
                         "would: left to box 14 (編成の考え方)");
    free(t.s);
    free(page.s);
}

/* The header line printed as two text boxes, the sheet's title and 所管課,
 * in either order and apart: each half is read where it is.  Two 所管課
 * halves that differ leave no telling which is the sheet's: reported. */
BC_TEST(rawtext, header_line_in_two_text_boxes)
{
    const char *line = "令和２年度予算要求事業概要書 所管課 産業・地域振興⽀援部　地域振興課";
    static const char *const split[] = {
        "令和２年度予算要求事業概要書\n\n所管課 産業・地域振興⽀援部　地域振興課",
        "所管課 産業・地域振興⽀援部　地域振興課\n\n令和２年度予算要求事業概要書",
        "令和２年度予算要求事業概要書\n所管課 産業・地域振興⽀援部　地域振興課",
    };
    text page = sample_page(59);
    for (size_t i = 0; i < sizeof split / sizeof split[0]; i++) {
        text t = replaced(&page, line, split[i]);
        expect_gold_page(&t, 59, false);
        free(t.s);
    }
    text apart = replaced(&page, line, "令和２年度予算要求事業概要書"),
         t = replaced(&apart, "款 総務費", "款 総務費\n\n所管課 産業・地域振興⽀援部　地域振興課");
    expect_gold_page(&t, 59, false);
    free(t.s);
    t = replaced(&page, "款 総務費", "款 総務費\n\n所管課 総務部　総務課");
    expect_doubt(&t, 59, "the page prints its 所管課 twice, differently: the first is taken");
    free(t.s);
    free(apart.s);
    free(page.s);
}

/* Box 3's text right below the ３ line and its rows, ` ４` and ` ５` next to
 * each other, 4's and 5's texts after them: rule 8 gives 3's text to box 4
 * and box 3 none.  Every sheet fills box 3, so its empty stretch means the
 * anchors failed: the cut of boxes 3, 4 and 5 places the three texts, box
 * 3's below its label as a box's text starts.  Box 3's text and box 4's
 * both state how things are: only the labels' order chose, which pages do
 * not always keep (box 4's text right after the ３ line, say), so the
 * record is right and the guess reported. */
BC_TEST(rawtext, description_before_rows_and_the_4_and_5_labels)
{
    static const char *const type[] = {" ２ 要求区分"}, *const background[] = {"・現"};
    text page = sample_page(59), t1 = moved_blocks(&page, "款 総務費", type, 1),
         t = moved_blocks(&t1, " ５ 要求する", background, 1);
    expect_gold_page(&t, 59, true);
    /* 3's text missing: the cut fills box 3 with 5's, which does not start
     * below its label, and says so (else that record would be silent) */
    text away = replaced(&page,
                         "　区⺠が⾃然とふれあい、元気回復を図るため、⺠間旅館及びホテル等を借り上げ、"
                         "区⺠保養施設として区\n⺠及び区内在勤者に提供しています。\n\n",
                         "");
    expect_doubt(&away, 59, "box 3 (事業説明文) got no text from its anchors, and this paragraph, "
                            "placed in it by what the texts of boxes 3 to 5 say, is not the one "
                            "below its label: a guess");
    free(away.s);
    free(page.s);
    free(t1.s);
    free(t.s);
}

/* The labels' order is no evidence for the cut of boxes 3, 4 and 5.  The
 * texts of 4, 5 and then 3 (one that says what will be done) after the ５
 * line: the cut that keeps part of the order (4, 3, 5) fits the text no
 * better than the right one (4, 5, 3).  Box 4's text right below the ３
 * line, before 3's: the cut in the labels' order (3, 4, 5) is as likely as
 * 4, 3, 5.  Two labels next to each other (` ３ ` ` ４ `, ` ５ ` apart) with
 * their texts after them in their order: right, but as likely the other
 * way round.  Each is a guess, reported (seventh round of the unseen
 * pages: texts after labels in a row, in another order, came out wrong
 * without a word while the order counted). */
BC_TEST(rawtext, labels_apart_or_out_of_order_decide_no_cut)
{
    static const char *const texts[] = {"・現", "　区⺠保養施設の利", "対象者", "　区⺠が⾃然と"},
                             *const background[] = {"・現"};
    text page = sample_page(59), moved = moved_blocks(&page, " ５ 要求する", texts, 4),
         late = replaced(&moved, "提供しています。", "提供します。"),
         early = moved_blocks(&page, " ３ 事業", background, 1);
    static const char *const pair[] = {" ３ 事業説明", " ４ 背景", "　区⺠が⾃然と", "・現"};
    text two = moved_blocks(&page, " ２ 要求区分", pair, 4);
    expect_gold_page(&two, 59, true);
    free(two.s);
    expect_doubt(&late, 59, "where the text of box 4 (背景、区民ニーズ、現状課題等) ends and that of "
                            "box 5 (要求する事業内容) or box 3 (事業説明文) begins is a guess");
    expect_doubt(&early, 59, "where the text of box 4 (背景、区民ニーズ、現状課題等) ends and that of "
                             "box 5 (要求する事業内容) or box 3 (事業説明文) begins is a guess");
    free(page.s);
    free(moved.s);
    free(late.s);
    free(early.s);
}

/* A box's text starts right below its label; the sample's scrambles put
 * another box's text there, but that text then says whose it is.  A
 * paragraph below ５'s label that says nothing, given to box 4 with the
 * background by the anchor before ４ (box 5 printed in two text boxes); the
 * ５ label moved above box 3's text, which states how things are, so that
 * the cut gives it to box 4 and the anchor after ４ gives 4's text to box
 * 3: each is there by position alone, reported.  The first, which reads as
 * no box while the background beside it reads as 4's, goes to the box of
 * its label, where a box's text starts. */
BC_TEST(rawtext, another_box_text_right_below_a_label_is_reported)
{
    static const char *const details[] = {" ５ 要求する"};
    text p61 = sample_page(61),
         split = replaced(&p61, " ５ 要求する事業内容 合計 38,484\n\n",
                          " ５ 要求する事業内容 合計 38,484\n\n　区⺠が⾃宅から⼿続できるサービス。\n\n");
    expect_doubt(&split, 61, "this paragraph, right below the label of box 5 (要求する事業内容), was "
                             "placed in box 4 (背景、区民ニーズ、現状課題等) by position alone");
    run r = convert(split.s, split.len, "split.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    json_t *rec = json_array_get(r.records, 0);
    const char *want = "区民が自宅から手続できるサービス。\n対象者：",
               *got = str(rec, "request_details"), *background = str(rec, "background");
    cr_assert(got != NULL && background != NULL);
    cr_expect(strncmp(got, want, strlen(want)) == 0, "%s", got);
    cr_expect(strstr(background, "自宅から") == NULL, "%s", background);
    run_free(&r);
    text p63 = sample_page(63), moved = moved_blocks(&p63, " ３ 事業説明", details, 1),
         t = replaced(&moved, "徴収率の向上を図ります。", "徴収率の向上を図っています。");
    expect_doubt(&t, 63, "this paragraph, right below the label of box 4 (背景、区民ニーズ、現状課題等), "
                         "was placed in box 3 (事業説明文) by position alone");
    free(p61.s);
    free(split.s);
    free(p63.s);
    free(moved.s);
    free(t.s);
}

/* 13's text in a block of its own right below its label, then ` 14` on a
 * line and block of its own: rule 4 would give it to box 7, but a box's
 * text starts below its label, and it names a cost (box 13's cue). */
BC_TEST(rawtext, future_costs_below_their_label_and_before_14)
{
    text page = sample_page(59),
         t1 = replaced(&page, "対応しています。  14 編成の考え⽅ 【事務事業評価】　継続", "対応しています。"),
         t = replaced(&t1, "\n ７ 国・都", "\n 14 編成の考え⽅ 【事務事業評価】　継続\n\n ７ 国・都");
    expect_gold_page(&t, 59, false);
    free(page.s);
    free(t1.s);
    free(t.s);
}

/* Lines of box 13's text that open with a word the form prints as a label
 * of its own: 一般財源 (what the future cost is paid from; the form prints
 * it bare, so words after it are text, not the funding label, which has no
 * detail and dropped them) and 款 (the account line has white space after
 * it).  Each stays in the text, and the rest of the record is the gold
 * one. */
BC_TEST(rawtext, a_text_line_that_opens_with_a_label_word_is_text)
{
    static const char *const lines[] = {"⼀般財源 1,900千円／年（特財なし）", "款別の内訳は別表のとおり"};
    static const char *const read[] = {"一般財源 1,900千円／年（特財なし）", "款別の内訳は別表のとおり"};
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        char to[512], joined[512], broken[512];
        snprintf(to, sizeof to, "（経常業務に係るシステム保守経費は約26,449千円/年）\n%s\n", lines[i]);
        text page = sample_page(59),
             t = replaced(&page, "（経常業務に係るシステム保守経費は約26,449千円/年）\n", to);
        run r = convert(t.s, t.len, "label-word.txt", "");
        cr_assert_eq(r.status, 0, "%s", r.err.s);
        json_t *rec = json_array_get(r.records, 0);
        const char *got = str(rec, "future_costs");
        cr_assert_not_null(got);
        /* (how the line joins the one before is the widths' to say) */
        snprintf(joined, sizeof joined, "26,449千円/年）%s", read[i]);
        snprintf(broken, sizeof broken, "26,449千円/年）\n%s", read[i]);
        const char *tail = strstr(got, "26,449千円/年）");
        cr_expect(tail != NULL && (strcmp(tail, joined) == 0 || strcmp(tail, broken) == 0), "%s",
                  got);
        cr_expect_eq(r.err.len, 0, "no warning: %s", r.err.s);
        if (tail != NULL) {
            /* without the line, the gold record */
            size_t keep = (size_t)(tail - got) + strlen("26,449千円/年）");
            json_object_set_new(rec, "future_costs", json_stringn(got, keep));
            expect_gold(59, rec);
        }
        run_free(&r);
        free(page.s);
        free(t.s);
    }
}

/* 債務負担行為 is stated when its row prints figures: on the 限度額 line or
 * after the label; the rest of the record stays the gold one. */
BC_TEST(rawtext, a_debt_burden_with_figures_is_stated)
{
    static const struct {
        const char *from, *to, *want;
    } cases[] = {
        {"令和 年 〜 年 限度額\n", "令和２年 〜 令和４年 限度額 30,000\n",
         "令和２年 〜 令和４年 限度額 30,000"},
        {"債務負担⾏為\n", "債務負担⾏為 30,000\n", "30,000"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        text page = sample_page(60), t = replaced(&page, cases[i].from, cases[i].to);
        cr_assert(t.len > page.len, "%s is on the page", cases[i].from);
        run r = convert(t.s, t.len, "debt.txt", "");
        cr_assert_eq(r.status, 0, "%s", r.err.s);
        json_t *rec = json_array_get(r.records, 0);
        cr_expect_str_eq(str(rec, "debt_burden"), cases[i].want);
        cr_expect_eq(r.err.len, 0, "no warning: %s", r.err.s);
        json_object_set_new(rec, "debt_burden", json_null());
        expect_gold(60, rec);
        run_free(&r);
        free(page.s);
        free(t.s);
    }
}

/* A line that opens with a key (対象者：…, with a fullwidth colon or an
 * ASCII one after Japanese) starts a line of its own even right after a
 * line that fills the box, where the widths alone would join the two. */
BC_TEST(rawtext, a_key_line_after_a_full_line_starts_a_line)
{
    static const char *const colons[] = {"︓", ":"};
    for (size_t i = 0; i < sizeof colons / sizeof colons[0]; i++) {
        char to[256], want[256];
        snprintf(to, sizeof to, "スキャニ\n対象者%s区民\nング機器で", colons[i]);
        snprintf(want, sizeof want, "スキャニ\n対象者%s区民\nング機器で", i == 0 ? "：" : ":");
        text page = sample_page(60), t = replaced(&page, "スキャニ\nング機器で", to);
        cr_assert(t.len > page.len);
        run r = convert(t.s, t.len, "key-line.txt", "");
        cr_assert_eq(r.status, 0, "%s", r.err.s);
        const char *got = str(json_array_get(r.records, 0), "request_details");
        cr_expect(got != NULL && strstr(got, want) != NULL, "colon %s: %s", colons[i], got);
        run_free(&r);
        free(page.s);
        free(t.s);
    }
}

/* pdf2txt may print a page's title, 所管課, 款 and table before its `NO n`
 * line (seen on a LibreOffice-printed sheet, tests/data/pages pdf-i NO
 * 2480): on any page but the first they follow the previous page's text.
 * Neither record may come out wrong without a word: the previous page
 * prints two headers and two tables, and the page itself lost its own. */
BC_TEST(rawtext, a_header_printed_before_its_no_line_is_reported)
{
    text p59 = sample_page(59), p60 = sample_page(60), t = {NULL, 0, 0};
    const char *acct = strstr(p60.s, "\n款 ");
    cr_assert_not_null(acct);
    const char *cut = strchr(acct + 1, '\n') + 1, *first = strchr(p60.s, '\n') + 1;
    add(&t, p59.s, p59.len);
    add(&t, first, (size_t)(cut - first));
    adds(&t, "\nNO 60\n");
    add(&t, cut, p60.len - (size_t)(cut - p60.s));
    run r = convert(t.s, t.len, "header-first.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    cr_expect(strstr(r.err.s, "warning: NO 59: the page prints its 所管課 twice") != NULL, "%s",
              r.err.s);
    cr_expect(strstr(r.err.s, "warning: NO 60: page is incomplete (no 所管課 header line") !=
                  NULL,
              "%s", r.err.s);
    cr_expect_null(by_no(r.records, 60), "NO 60 is skipped");
    run_free(&r);
    free(p59.s);
    free(p60.s);
    free(t.s);
}

/* Pages of one to seventy more paragraphs than NO 59, one book: the page
 * whose units just fill the layout's array (it doubles from 16) comes among
 * them, and a loop that reads one unit past those in use reads past the
 * array there, which the sanitizer build reports (mutant f9796915 of
 * plugins/rawtext/MUTANTS.md; the plain build finds the array zeroed).
 * Each page keeps its paragraphs, in order, in box 6. */
BC_TEST(rawtext, pages_of_every_size_near_the_layout_room, .timeout = 60)
{
    enum { PAGES = 70 };
    text page = sample_page(59), book = {NULL, 0, 0};
    const char *label = strstr(page.s, " ６ 事業実施で得られる成果\n");
    cr_assert_not_null(label);
    size_t head = (size_t)(label - page.s) + strlen(" ６ 事業実施で得られる成果\n");
    add(&book, "", 0);
    for (int k = 1; k <= PAGES; k++) {
        char line[64];
        snprintf(line, sizeof line, "NO %d\n", 1000 + k);
        adds(&book, line);
        const char *rest = strchr(page.s, '\n') + 1;
        add(&book, rest, (size_t)(page.s + head - rest));
        for (int i = 0; i < k; i++) {
            snprintf(line, sizeof line, "　成果その%dが得られます。\n\n", i);
            adds(&book, line);
        }
        add(&book, page.s + head, page.len - head);
    }
    run r = convert(book.s, book.len, "sizes.txt", "");
    cr_assert_eq(r.status, 0, "%s", r.err.s);
    cr_assert_eq(json_array_size(r.records), PAGES);
    for (int k = 1; k <= PAGES; k++) {
        const char *got = str(by_no(r.records, 1000 + k), "expected_outcomes");
        char last[64];
        snprintf(last, sizeof last, "成果その%dが得られます。", k - 1);
        cr_expect(got != NULL && strstr(got, last) != NULL, "NO %d: %s", 1000 + k, got);
    }
    run_free(&r);
    free(page.s);
    free(book.s);
}
