/*
 * rawtext: reads the text a PDF extractor made of 予算要求事業概要書 pages,
 * one record per `NO n` page, streaming (only one page is held at a time).
 */
#include <stdlib.h>
#include <string.h>

#include <budgetconv/budgetconv.h>

#include "rawtext.h"

typedef struct rt_state {
    bc_context *ctx;
    rt_reader reader;
    rt_page page;
    rt_layout layout;
    long search_left; /* steps of the row search left to this input */
    size_t records, skipped, bad; /* bad: pages whole but refused (BC_BAD_RECORD) */
    long first_page; /* line of the first `NO n` line */
} rt_state;

/* True when `head` is UTF-8 text; a sequence cut by the end of the probe
 * window is fine. */
static bool text_head(const unsigned char *head, size_t len, size_t *valid)
{
    size_t bad;
    *valid = len;
    if (!bc_utf8_valid((const char *)head, len, &bad)) {
        if (head[bad] == '\0' || len - bad >= 4)
            return false;
        size_t n;
        if (bc_utf8_decode((const char *)head + bad, len - bad, &n) >= 0 || head[bad] < 0xC2)
            return false;
        *valid = bad;
    }
    for (size_t i = 0; i < *valid; i++)
        if ((head[i] < 0x20 && head[i] != '\t' && head[i] != '\n' && head[i] != '\r' &&
             head[i] != '\f') || head[i] == 0x7F)
            return false;
    return true;
}

/* `令和２年度予算要求事業概要書 所管課 …`: the header line of a sheet.  The
 * word alone proves nothing: every record budgetconv writes names it. */
static bool header_line(rt_piece t)
{
    static const char doc[] = "年度予算要求事業概要書";
    size_t at = rt_find(t.s, t.len, doc);
    if (at == t.len || !(rt_starts(t.s, t.len, "令和") || rt_starts(t.s, t.len, "平成")))
        return false;
    size_t after = at + sizeof doc - 1;
    size_t gap = rt_space_prefix(t.s + after, t.len - after);
    return gap > 0 && rt_starts(t.s + after + gap, t.len - after - gap, "所管課");
}

/* A CSV table budgetconv wrote: a first line of comma-separated fields, one
 * of them its NO column (`NO` or, with -O lang=en and in full, `no`). */
static bool csv_header(rt_piece t)
{
    if (memchr(t.s, ',', t.len) == NULL)
        return false;
    for (size_t i = 0; i < t.len;) {
        size_t end = i;
        while (end < t.len && t.s[end] != ',')
            end++;
        rt_piece f = rt_trim((rt_piece){t.s + i, end - i, 0});
        if (f.len >= 2 && f.s[0] == '"' && f.s[f.len - 1] == '"')
            f = (rt_piece){f.s + 1, f.len - 2, 0};
        if (f.len == 2 && (memcmp(f.s, "NO", 2) == 0 || memcmp(f.s, "no", 2) == 0))
            return true;
        i = end + 1;
    }
    return false;
}

/* The text of line `s[0..len)` without the CR and form feeds around it. */
static rt_piece probe_line(const char *s, size_t len)
{
    while (len > 0 && (*s == '\f' || *s == '\r')) {
        s++;
        len--;
    }
    while (len > 0 && (s[len - 1] == '\r' || s[len - 1] == '\f'))
        len--;
    return (rt_piece){s, len, 0};
}

/* Sure on a `NO <n>` line or a sheet's header line; never on what other
 * formats budgetconv reads start with (JSON, its CSV tables), which name
 * 予算要求事業概要書 in every record. */
static int rawtext_probe(const unsigned char *head, size_t len)
{
    size_t valid;
    if (len == 0 || !text_head(head, len, &valid))
        return BC_PROBE_NO;
    char *norm = NULL;
    size_t norm_len = 0;
    if (bc_text_normalize((const char *)head, valid, &norm, &norm_len) != BC_OK)
        return BC_PROBE_NO;
    size_t lead = rt_bom_prefix(norm, norm_len);
    while (lead < norm_len && strchr(" \t\r\n\f", norm[lead]) != NULL)
        lead++;
    const char *eol = memchr(norm + lead, '\n', norm_len - lead);
    rt_piece first = probe_line(norm + lead, eol != NULL ? (size_t)(eol - norm) - lead
                                                          : norm_len - lead);
    int score = BC_PROBE_NO;
    bool other = lead < norm_len && (norm[lead] == '{' || norm[lead] == '[' || csv_header(first));
    for (size_t i = 0; !other && score == BC_PROBE_NO && i < norm_len;) {
        eol = memchr(norm + i, '\n', norm_len - i);
        size_t n = eol != NULL ? (size_t)(eol - (norm + i)) : norm_len - i;
        rt_piece line = probe_line(norm + i, n);
        int64_t no;
        if (rt_is_no_line(line.s, line.len, &no) || header_line(rt_trim(line)))
            score = BC_PROBE_SURE;
        i += n + 1;
    }
    free(norm);
    return score;
}

static bc_status rawtext_open(void **state, bc_input *in, bc_context *ctx, bc_error *err)
{
    bc_status st = bc_input_set_encoding(in, bc_context_option(ctx, "encoding"), err);
    if (st != BC_OK)
        return st;
    rt_state *s = calloc(1, sizeof *s);
    if (s == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, bc_input_name(in), 0, "out of memory");
    s->ctx = ctx;
    s->search_left = RT_SEARCH_INPUT_STEPS;
    rt_reader_init(&s->reader, in);
    *state = s;
    return BC_OK;
}

static bc_status rawtext_next(void *state, bc_record *rec, bc_error *err)
{
    rt_state *s = state;
    for (;;) {
        bc_status st = rt_reader_next(&s->reader, &s->page, err);
        /* pages that all fell short are no 概要書 text: bad data, not an
         * empty book */
        if (st == BC_END && s->records + s->bad == 0)
            return bc_error_set(err, BC_ERR_DATA, s->reader.name, s->first_page,
                                "no complete 概要書 page (%zu page(s) skipped)", s->skipped);
        if (st != BC_OK)
            return st;
        if (s->records + s->skipped + s->bad == 0)
            s->first_page = s->page.lineno;
        rt_diag d = {s->ctx, s->reader.name, s->page.no, s->page.lineno, NULL};
        bool skipped;
        st = rt_sheet_build(&s->page, &s->layout, rec, &d, &s->search_left, &skipped, err);
        s->bad += st == BC_BAD_RECORD;
        if (st != BC_OK)
            return st;
        if (!skipped) {
            s->records++;
            return BC_OK;
        }
        s->skipped++;
        bc_record_clear(rec);
    }
}

static void rawtext_close(void *state)
{
    rt_state *s = state;
    if (s == NULL)
        return;
    rt_reader_free(&s->reader);
    rt_page_free(&s->page);
    rt_layout_free(&s->layout);
    free(s);
}

static const bc_importer importer = BC_IMPORTER(
    .probe = rawtext_probe,
    .open = rawtext_open,
    .next = rawtext_next,
    .close = rawtext_close);

static const bc_option_spec import_options[] = {
    {"encoding", BC_OPT_CHOICE, "utf-8", "utf-8|cp932",
     "cp932: read text a Windows tool saved as Shift_JIS (never guessed)"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const extensions[] = {"txt", NULL};

BC_PLUGIN_DEFINE(rawtext,
                 .name = "rawtext",
                 .description = "text that pdf2txt (python3-pdfminer) extracts from 予算要求事業概要書 PDF pages",
                 .extensions = extensions,
                 .importer = &importer,
                 .import_options = import_options)
