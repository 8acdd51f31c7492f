/*
 * markdown: a report of the records that reads well on GitHub (DESIGN §5):
 * a title, a summary table of all records (each NO a link to its section),
 * a table per bureau, the projects whose budget is below the request
 * (largest cut first), then per record a heading, its metadata, each box of
 * the form as a sub-heading with its text, and GFM tables for the line
 * items and the funding.
 *
 * Streaming: the tables come first but need every record, so write()
 * appends the record's summary row to one temporary file, its section to
 * another and, when its budget was cut, its row to a third; end() writes
 * the title and the tables, then copies the sections to the output.  Memory
 * holds running totals, the bureaus (at most MD_BUREAUS_MAX of them), and
 * per record only the hash of its anchor (markdown_slug.h) and, when it was cut,
 * where its row is and by how much (the order needs every one); the
 * temporary files together are about as large as the report.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <budgetconv/budgetconv.h>

#include "markdown_escape.h"
#include "markdown_plugin.h"
#include "markdown_slug.h"

/* Most bureaus the per-bureau table lists; the rest share one row. */
#define MD_BUREAUS_MAX 200
/* Longest bureau name, in bytes, the table lists by name. */
#define MD_BUREAU_KEY_MAX 1024

/* Words of the report that are not field names. */
typedef enum md_word {
    W_REPORT, W_SUMMARY, W_NO, W_TITLE, W_DEPARTMENT, W_REQUESTED, W_BUDGETED, W_DIFFERENCE,
    W_SPECIFIC, W_TOTAL, W_KIND, W_LABEL, W_SOURCE, W_DETAIL, W_AMOUNT, W_ITEMS,
    W_FUNDING, W_UNTITLED, W_BY_BUREAU, W_BUREAU, W_PROJECTS, W_RATE, W_UNKNOWN, W_OTHER,
    W_CUTS, W_NONE, W_COUNT
} md_word;

static const char *const words[W_COUNT][2] = {
    [W_REPORT] = {"予算要求事業概要書", "Budget request summaries"},
    [W_SUMMARY] = {"一覧", "Summary"},
    [W_NO] = {"NO", "No."},
    [W_TITLE] = {"事業名", "Title"},
    [W_DEPARTMENT] = {"所管", "Department"},
    [W_REQUESTED] = {"要求額", "Requested"},
    [W_BUDGETED] = {"予算額", "Budgeted"},
    [W_DIFFERENCE] = {"差引", "Difference"},
    [W_SPECIFIC] = {"うち特財", "Of which specific revenue"},
    [W_TOTAL] = {"合計", "Total"},
    [W_KIND] = {"種別", "Kind"},
    [W_LABEL] = {"内容", "Item"},
    [W_SOURCE] = {"財源", "Source"},
    [W_DETAIL] = {"内容", "Detail"},
    [W_AMOUNT] = {"金額", "Amount"},
    [W_ITEMS] = {"要求内容", "Line items"},
    [W_FUNDING] = {"財源内訳", "Funding"},
    [W_UNTITLED] = {"（事業名なし）", "(untitled)"},
    [W_BY_BUREAU] = {"所管部別", "By bureau"},
    [W_BUREAU] = {"所管部", "Bureau"},
    [W_PROJECTS] = {"件数", "Projects"},
    [W_RATE] = {"査定率", "Budget ÷ request"},
    [W_UNKNOWN] = {"（不明）", "(unknown)"},
    [W_OTHER] = {"（その他）", "(other)"},
    [W_CUTS] = {"予算が要求を下回った事業", "Budget below request"},
    [W_NONE] = {"なし。", "None."},
};

/* The boxes of the form in printed order; BOX_ITEMS and BOX_FUNDING stand
 * for the two tables, which sit where box 10 does. */
enum { BOX_TEXT, BOX_LIST, BOX_ITEMS, BOX_FUNDING };
static const struct {
    int what, index;
} boxes[] = {
    {BOX_TEXT, BC_F_DESCRIPTION}, {BOX_TEXT, BC_F_BACKGROUND},
    {BOX_TEXT, BC_F_REQUEST_DETAILS}, {BOX_TEXT, BC_F_EXPECTED_OUTCOMES},
    {BOX_TEXT, BC_F_PEER_TRENDS}, {BOX_LIST, BC_L_PLANS}, {BOX_LIST, BC_L_LAWS},
    {BOX_ITEMS, 0}, {BOX_FUNDING, 0}, {BOX_TEXT, BC_F_FUNDING_PLAN},
    {BOX_TEXT, BC_F_SCHEDULE}, {BOX_TEXT, BC_F_FUTURE_COSTS},
    {BOX_TEXT, BC_F_BUDGET_RATIONALE}, {BOX_TEXT, BC_F_DEBT_BURDEN},
};

/* Short fields shown as the record's metadata list. */
static const bc_text_field metadata[] = {
    BC_F_BUREAU, BC_F_DIVISION, BC_F_ACCOUNT, BC_F_FUND, BC_F_REQUEST_TYPE, BC_F_EVALUATION,
};

/* A running sum of the amounts that were stated: a total of nothing stated
 * is unknown, not 0, so it is shown blank (as the rows are); one that no
 * longer fits turns blank for good.  All zero is the empty sum. */
typedef struct md_sum {
    int64_t value; /* BC_AMOUNT_NULL once it does not fit */
    bool stated;
} md_sum;

/* A bureau's line in the per-bureau table. */
typedef struct md_bureau {
    char *name; /* owned; NULL for the rest */
    size_t count;
    md_sum requested, budgeted;
} md_bureau;

/* Where a cut record's row is in the cuts spool, and its cut. */
typedef struct md_cut {
    int64_t cut; /* request less budget, > 0; INT64_MAX when it does not fit */
    long offset; /* grows with the records: ties keep their order by it */
    size_t len;
} md_cut;

typedef struct md_state {
    FILE *out;
    const char *name; /* of the output, for messages */
    bool en;
    FILE *summary;    /* summary rows, spooled */
    FILE *sections;   /* record sections, spooled */
    FILE *cut_rows;   /* rows of the cuts table, spooled */
    size_t records;
    md_anchors anchors;
    md_bureau *bureaus;
    size_t bureau_count, bureau_capacity;
    md_bureau rest; /* records with no bureau, or past MD_BUREAUS_MAX */
    bool bureaus_full;
    md_cut *cuts;
    size_t cut_count, cut_capacity;
    md_sum sum_requested, sum_budgeted, sum_difference;
    int64_t fiscal_year; /* shared by all records, else BC_AMOUNT_NULL */
    char unit[32];       /* shared by all records, else "" */
    bool mixed_years, mixed_units;
} md_state;

static const char *word(const md_state *s, md_word w)
{
    return words[w][s->en];
}

/* A field's name: Japanese, or its English name with spaces. */
static void put_field_name(const md_state *s, FILE *fp, const bc_field_info *info)
{
    if (!s->en) {
        fputs(info->name_ja, fp);
        return;
    }
    for (const char *p = info->name_en; *p != '\0'; p++)
        putc(p == info->name_en && *p >= 'a' && *p <= 'z' ? *p - 'a' + 'A'
                                                         : *p == '_' ? ' ' : *p, fp);
}

/* An amount with thousands separators; nothing when not stated. */
static void put_amount(FILE *fp, int64_t v)
{
    char buf[32];
    if (v != BC_AMOUNT_NULL && bc_amount_format(v, buf, sizeof buf) < (int)sizeof buf)
        fputs(buf, fp);
}

/* Amounts come from the input: a result that does not fit is left blank
 * (BC_AMOUNT_NULL), never wrapped. */
static int64_t difference(int64_t requested, int64_t budgeted)
{
    int64_t d = budgeted;
    if (requested == BC_AMOUNT_NULL || budgeted == BC_AMOUNT_NULL ||
        !bc_amount_add(&d, -requested))
        return BC_AMOUNT_NULL;
    return d;
}

static void add(md_sum *sum, int64_t v)
{
    if (v == BC_AMOUNT_NULL)
        return;
    sum->stated = true;
    if (sum->value != BC_AMOUNT_NULL && !bc_amount_add(&sum->value, v))
        sum->value = BC_AMOUNT_NULL;
}

/* The sum as an amount: BC_AMOUNT_NULL (blank) when nothing was stated. */
static int64_t total(md_sum sum)
{
    return sum.stated ? sum.value : BC_AMOUNT_NULL;
}

/* A GFM table header; `right` marks the columns of amounts. */
static void put_table_head(FILE *fp, const char *const *cells, const bool *right, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fprintf(fp, "| %s ", cells[i]);
    fputs("|\n", fp);
    for (size_t i = 0; i < n; i++)
        fputs(right[i] ? "| ---: " : "| --- ", fp);
    fputs("|\n", fp);
}

/* A record's heading: its NO and title, as Markdown or (`escape` false) as
 * the text it renders to. */
static void put_heading_text(const md_state *s, FILE *fp, const bc_record *rec, bool escape)
{
    if (rec->no != BC_AMOUNT_NULL)
        fprintf(fp, "%lld ", (long long)rec->no);
    if (rec->text[BC_F_TITLE] != NULL)
        (escape ? md_put_inline : md_put_inline_text)(fp, rec->text[BC_F_TITLE]);
    else
        fputs(word(s, W_UNTITLED), fp);
}

static void put_heading(const md_state *s, FILE *fp, const bc_record *rec)
{
    fputs("## ", fp);
    put_heading_text(s, fp, rec, true);
    fputs("\n\n", fp);
}

/* The anchor GitHub gives the record's heading (a new string), NULL when
 * out of memory. */
static char *anchor_of(md_state *s, const bc_record *rec)
{
    char *text = NULL;
    size_t size = 0;
    FILE *fp = open_memstream(&text, &size);
    if (fp == NULL)
        return NULL;
    put_heading_text(s, fp, rec, false);
    /* glibc's memory stream takes a failed growth as an error flag, and a
     * failed final realloc as a NULL buffer, and fclose says 0 to both. */
    bool failed = ferror(fp) != 0;
    if (fclose(fp) != 0 || failed || text == NULL) {
        free(text);
        return NULL;
    }
    /* A heading's content is trimmed of the blanks around it. */
    char *start = text;
    while (*start == ' ' || *start == '\t')
        start++;
    size_t len = strlen(start);
    while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\t'))
        start[--len] = '\0';
    char *anchor;
    bc_status st = md_anchor(&s->anchors, start, &anchor);
    free(text);
    return st == BC_OK ? anchor : NULL;
}

static void put_metadata(const md_state *s, FILE *fp, const bc_record *rec)
{
    for (size_t i = 0; i < sizeof metadata / sizeof metadata[0]; i++) {
        const char *v = rec->text[metadata[i]];
        if (v == NULL)
            continue;
        fputs("- **", fp);
        put_field_name(s, fp, bc_text_field_info(metadata[i]));
        fputs("**: ", fp);
        md_put_inline(fp, v);
        putc('\n', fp);
    }
    const struct {
        md_word w;
        int64_t v;
    } money[] = {{W_REQUESTED, rec->total.requested},
                 {W_BUDGETED, rec->total.budgeted},
                 {W_SPECIFIC, rec->total.budgeted_specific}};
    for (size_t i = 0; i < sizeof money / sizeof money[0]; i++) {
        if (money[i].v == BC_AMOUNT_NULL)
            continue;
        fprintf(fp, "- **%s**: ", word(s, money[i].w));
        put_amount(fp, money[i].v);
        if (rec->text[BC_F_UNIT] != NULL) {
            putc(' ', fp);
            md_put_inline(fp, rec->text[BC_F_UNIT]);
        }
        putc('\n', fp);
    }
    putc('\n', fp);
}

static void put_items(const md_state *s, FILE *fp, const bc_record *rec)
{
    const char *head[] = {word(s, W_KIND), word(s, W_LABEL), word(s, W_REQUESTED),
                          word(s, W_BUDGETED), word(s, W_SPECIFIC)};
    const bool right[] = {false, false, true, true, true};
    put_table_head(fp, head, right, 5);
    for (size_t i = 0; i < rec->line_item_count; i++) {
        const bc_line_item *it = &rec->line_items[i];
        fprintf(fp, "| %s | ", bc_item_kind_name(it->kind, s->en));
        md_put_inline(fp, it->label);
        fputs(" | ", fp);
        put_amount(fp, it->requested);
        fputs(" | ", fp);
        put_amount(fp, it->budgeted);
        fputs(" | ", fp);
        put_amount(fp, it->budgeted_specific);
        fputs(" |\n", fp);
    }
    fprintf(fp, "| **%s** |  | ", word(s, W_TOTAL));
    put_amount(fp, rec->total.requested);
    fputs(" | ", fp);
    put_amount(fp, rec->total.budgeted);
    fputs(" | ", fp);
    put_amount(fp, rec->total.budgeted_specific);
    fputs(" |\n\n", fp);
}

static void put_funding(const md_state *s, FILE *fp, const bc_record *rec)
{
    const char *head[] = {word(s, W_SOURCE), word(s, W_DETAIL), word(s, W_AMOUNT)};
    const bool right[] = {false, false, true};
    put_table_head(fp, head, right, 3);
    md_sum sum = {0};
    for (size_t i = 0; i < rec->funding_count; i++) {
        const bc_funding *f = &rec->funding[i];
        fputs("| ", fp);
        md_put_inline(fp, f->label != NULL ? f->label : bc_fund_source_label(f->source));
        fputs(" | ", fp);
        md_put_inline(fp, f->detail);
        fputs(" | ", fp);
        put_amount(fp, f->amount);
        fputs(" |\n", fp);
        add(&sum, f->amount);
    }
    if (rec->funding_count > 1) {
        fprintf(fp, "| **%s** |  | ", word(s, W_TOTAL));
        put_amount(fp, total(sum));
        fputs(" |\n", fp);
    }
    putc('\n', fp);
}

static void put_section(const md_state *s, FILE *fp, const bc_record *rec)
{
    put_heading(s, fp, rec);
    put_metadata(s, fp, rec);
    for (size_t i = 0; i < sizeof boxes / sizeof boxes[0]; i++) {
        int what = boxes[i].what, index = boxes[i].index;
        if ((what == BOX_TEXT && rec->text[index] == NULL) ||
            (what == BOX_LIST && rec->list[index].count == 0) ||
            (what == BOX_ITEMS && rec->line_item_count == 0 &&
             rec->total.requested == BC_AMOUNT_NULL) ||
            (what == BOX_FUNDING && rec->funding_count == 0))
            continue;
        fputs("### ", fp);
        if (what == BOX_TEXT)
            put_field_name(s, fp, bc_text_field_info(index));
        else if (what == BOX_LIST)
            put_field_name(s, fp, bc_list_field_info(index));
        else
            fputs(word(s, what == BOX_ITEMS ? W_ITEMS : W_FUNDING), fp);
        fputs("\n\n", fp);
        if (what == BOX_TEXT) {
            md_put_paragraphs(fp, rec->text[index]);
        } else if (what == BOX_LIST) {
            for (size_t k = 0; k < rec->list[index].count; k++) {
                fputs("- ", fp);
                md_put_inline(fp, rec->list[index].items[k]);
                putc('\n', fp);
            }
            putc('\n', fp);
        } else if (what == BOX_ITEMS) {
            put_items(s, fp, rec);
        } else {
            put_funding(s, fp, rec);
        }
    }
}

/* A row of the summary or the cuts table; its NO links to `anchor`. */
static void put_summary_row(FILE *fp, const bc_record *rec, const char *anchor)
{
    fputs("| ", fp);
    if (rec->no != BC_AMOUNT_NULL)
        fprintf(fp, "[%lld](#%s)", (long long)rec->no, anchor);
    fputs(" | ", fp);
    md_put_inline(fp, rec->text[BC_F_TITLE]);
    fputs(" | ", fp);
    md_put_inline(fp, rec->text[BC_F_BUREAU]);
    if (rec->text[BC_F_BUREAU] != NULL && rec->text[BC_F_DIVISION] != NULL)
        putc(' ', fp);
    md_put_inline(fp, rec->text[BC_F_DIVISION]);
    fputs(" | ", fp);
    put_amount(fp, rec->total.requested);
    fputs(" | ", fp);
    put_amount(fp, rec->total.budgeted);
    fputs(" | ", fp);
    put_amount(fp, difference(rec->total.requested, rec->total.budgeted));
    fputs(" |\n", fp);
}

/* Notes what all records share (year, unit) for the title. */
static void note_shared(md_state *s, const bc_record *rec)
{
    if (s->records == 0)
        s->fiscal_year = rec->fiscal_year;
    else if (rec->fiscal_year != s->fiscal_year)
        s->mixed_years = true;
    const char *unit = rec->text[BC_F_UNIT] != NULL ? rec->text[BC_F_UNIT] : "";
    if (s->records == 0 && strlen(unit) < sizeof s->unit)
        strcpy(s->unit, unit);
    else if (strcmp(unit, s->unit) != 0)
        s->mixed_units = true;
}

static void free_state(md_state *s)
{
    FILE *spools[] = {s->summary, s->sections, s->cut_rows};
    for (size_t i = 0; i < sizeof spools / sizeof spools[0]; i++)
        if (spools[i] != NULL)
            fclose(spools[i]);
    for (size_t i = 0; i < s->bureau_count; i++)
        free(s->bureaus[i].name);
    free(s->bureaus);
    free(s->cuts);
    md_anchors_free(&s->anchors);
    free(s);
}

static bc_status md_begin(void **state, const bc_output *out, bc_context *ctx, bc_error *err)
{
    md_state *s = calloc(1, sizeof *s);
    if (s == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    s->out = out->fp;
    s->name = out->name;
    const char *lang = bc_context_option(ctx, "lang");
    s->en = lang != NULL && strcmp(lang, "en") == 0;
    if ((s->summary = tmpfile()) == NULL || (s->sections = tmpfile()) == NULL ||
        (s->cut_rows = tmpfile()) == NULL) {
        bc_status st = bc_error_set(err, BC_ERR_CANTCREAT, NULL, 0,
                                    "cannot create a temporary file: %s", strerror(errno));
        free_state(s);
        return st;
    }
    *state = s;
    return BC_OK;
}

static void count_in(md_bureau *b, const bc_record *rec)
{
    b->count++;
    add(&b->requested, rec->total.requested);
    add(&b->budgeted, rec->total.budgeted);
}

/* Counts `rec` in under its bureau, by name as the table shows it. */
static bc_status add_bureau(md_state *s, const bc_record *rec)
{
    const char *name = rec->text[BC_F_BUREAU];
    size_t len = name != NULL ? strlen(name) : 0;
    if (len == 0 || len > MD_BUREAU_KEY_MAX) {
        count_in(&s->rest, rec);
        return BC_OK;
    }
    for (size_t i = 0; i < s->bureau_count; i++) {
        if (strcmp(s->bureaus[i].name, name) == 0) {
            count_in(&s->bureaus[i], rec);
            return BC_OK;
        }
    }
    if (s->bureau_count == MD_BUREAUS_MAX) {
        s->bureaus_full = true;
        count_in(&s->rest, rec);
        return BC_OK;
    }
    md_bureau *b = bc_grow(s->bureaus, &s->bureau_capacity, s->bureau_count + 1, sizeof *b);
    if (b == NULL)
        return BC_ERR_NOMEM;
    s->bureaus = b;
    b += s->bureau_count;
    memset(b, 0, sizeof *b);
    if ((b->name = bc_strdup(name)) == NULL)
        return BC_ERR_NOMEM;
    s->bureau_count++;
    count_in(b, rec);
    return BC_OK;
}

/* Spools the row of a record whose budget is below its request. */
static bc_status add_cut(md_state *s, const bc_record *rec, const char *anchor)
{
    int64_t req = rec->total.requested, bud = rec->total.budgeted;
    if (req == BC_AMOUNT_NULL || bud == BC_AMOUNT_NULL || bud >= req)
        return BC_OK;
    md_cut *c = bc_grow(s->cuts, &s->cut_capacity, s->cut_count + 1, sizeof *c);
    if (c == NULL)
        return BC_ERR_NOMEM;
    s->cuts = c;
    c += s->cut_count;
    int64_t d = difference(req, bud);
    c->cut = d != BC_AMOUNT_NULL ? -d : INT64_MAX;
    if ((c->offset = ftell(s->cut_rows)) < 0)
        return BC_ERR_IO;
    put_summary_row(s->cut_rows, rec, anchor);
    long end = ftell(s->cut_rows);
    if (end < c->offset)
        return BC_ERR_IO;
    c->len = (size_t)(end - c->offset);
    s->cut_count++;
    return BC_OK;
}

static bc_status md_write(void *state, const bc_record *rec, bc_error *err)
{
    md_state *s = state;
    char *anchor = anchor_of(s, rec);
    if (anchor == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    note_shared(s, rec);
    put_summary_row(s->summary, rec, anchor);
    put_section(s, s->sections, rec);
    bc_status st = add_cut(s, rec, anchor);
    free(anchor);
    if (st == BC_OK)
        st = add_bureau(s, rec);
    if (st == BC_ERR_NOMEM)
        return bc_error_set(err, st, NULL, 0, "out of memory");
    if (st != BC_OK || ferror(s->summary) || ferror(s->sections) || ferror(s->cut_rows))
        return bc_error_set(err, BC_ERR_IO, s->name, 0, "cannot write a temporary file: %s",
                            strerror(errno));
    add(&s->sum_requested, rec->total.requested);
    add(&s->sum_budgeted, rec->total.budgeted);
    add(&s->sum_difference, difference(rec->total.requested, rec->total.budgeted));
    s->records++;
    return BC_OK;
}

static bool copy_spool(FILE *from, FILE *to)
{
    char buf[65536];
    size_t n;
    if (fflush(from) != 0 || fseek(from, 0, SEEK_SET) != 0)
        return false;
    while ((n = fread(buf, 1, sizeof buf, from)) > 0)
        if (fwrite(buf, 1, n, to) != n)
            return false;
    return !ferror(from);
}

static void put_title(const md_state *s)
{
    fprintf(s->out, "# %s", word(s, W_REPORT));
    if (s->records > 0 && !s->mixed_years && s->fiscal_year != BC_AMOUNT_NULL)
        fprintf(s->out, s->en ? " (FY%lld)" : "（%lld年度）", (long long)s->fiscal_year);
    fputs("\n\n", s->out);
    if (s->en)
        fprintf(s->out, "%zu projects.", s->records);
    else
        fprintf(s->out, "%zu件の事業。", s->records);
    if (s->records > 0 && !s->mixed_units && s->unit[0] != '\0') {
        fputs(s->en ? " Amounts in " : "金額の単位：", s->out);
        md_put_inline(s->out, s->unit);
        fputs(s->en ? "." : "。", s->out);
    }
    fputs("\n\n", s->out);
}

static void put_summary_head(const md_state *s)
{
    const char *head[] = {word(s, W_NO), word(s, W_TITLE), word(s, W_DEPARTMENT),
                          word(s, W_REQUESTED), word(s, W_BUDGETED), word(s, W_DIFFERENCE)};
    const bool right[] = {true, false, false, true, true, true};
    put_table_head(s->out, head, right, 6);
}

static void put_totals(FILE *fp, int64_t requested, int64_t budgeted, int64_t difference)
{
    put_amount(fp, requested);
    fputs(" | ", fp);
    put_amount(fp, budgeted);
    fputs(" | ", fp);
    put_amount(fp, difference);
}

/* budget ÷ request as a percentage; blank when there is no request. */
static void put_rate(FILE *fp, int64_t requested, int64_t budgeted)
{
    if (requested != BC_AMOUNT_NULL && budgeted != BC_AMOUNT_NULL && requested > 0)
        fprintf(fp, "%.1f%%", 100.0 * (double)budgeted / (double)requested);
}

static void put_bureau_row(const md_state *s, const md_bureau *b, const char *name)
{
    fputs("| ", s->out);
    md_put_inline(s->out, name);
    fprintf(s->out, " | %zu | ", b->count);
    int64_t req = total(b->requested), bud = total(b->budgeted);
    put_totals(s->out, req, bud, difference(req, bud));
    fputs(" | ", s->out);
    put_rate(s->out, req, bud);
    fputs(" |\n", s->out);
}

static void put_bureaus(const md_state *s)
{
    fprintf(s->out, "## %s\n\n", word(s, W_BY_BUREAU));
    const char *head[] = {word(s, W_BUREAU), word(s, W_PROJECTS), word(s, W_REQUESTED),
                          word(s, W_BUDGETED), word(s, W_DIFFERENCE), word(s, W_RATE)};
    const bool right[] = {false, true, true, true, true, true};
    put_table_head(s->out, head, right, 6);
    for (size_t i = 0; i < s->bureau_count; i++)
        put_bureau_row(s, &s->bureaus[i], s->bureaus[i].name);
    if (s->rest.count > 0)
        put_bureau_row(s, &s->rest, word(s, s->bureaus_full ? W_OTHER : W_UNKNOWN));
    fprintf(s->out, "| **%s** | %zu | ", word(s, W_TOTAL), s->records);
    int64_t req = total(s->sum_requested), bud = total(s->sum_budgeted);
    put_totals(s->out, req, bud, difference(req, bud));
    fputs(" | ", s->out);
    put_rate(s->out, req, bud);
    fputs(" |\n\n", s->out);
}

static int by_cut(const void *a, const void *b)
{
    const md_cut *x = a, *y = b;
    if (x->cut != y->cut)
        return x->cut > y->cut ? -1 : 1;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* The cut records, largest cut first, from their spooled rows. */
static bool put_cuts(md_state *s)
{
    fprintf(s->out, "## %s\n\n", word(s, W_CUTS));
    if (s->cut_count == 0) {
        fprintf(s->out, "%s\n\n", word(s, W_NONE));
        return true;
    }
    qsort(s->cuts, s->cut_count, sizeof *s->cuts, by_cut);
    put_summary_head(s);
    if (fflush(s->cut_rows) != 0)
        return false;
    char buf[4096];
    for (size_t i = 0; i < s->cut_count; i++) {
        if (fseek(s->cut_rows, s->cuts[i].offset, SEEK_SET) != 0)
            return false;
        for (size_t left = s->cuts[i].len; left > 0;) {
            size_t n = fread(buf, 1, left < sizeof buf ? left : sizeof buf, s->cut_rows);
            if (n == 0 || fwrite(buf, 1, n, s->out) != n)
                return false;
            left -= n;
        }
    }
    putc('\n', s->out);
    return true;
}

static bc_status md_end(void *state, bc_error *err)
{
    md_state *s = state;
    const char *name = s->name;
    put_title(s);
    fprintf(s->out, "## %s\n\n", word(s, W_SUMMARY));
    put_summary_head(s);
    bool ok = copy_spool(s->summary, s->out);
    fprintf(s->out, "| **%s** |  |  | ", word(s, W_TOTAL));
    put_totals(s->out, total(s->sum_requested), total(s->sum_budgeted),
               total(s->sum_difference));
    fputs(" |\n\n", s->out);
    put_bureaus(s);
    ok = ok && put_cuts(s) && copy_spool(s->sections, s->out) && !ferror(s->out);
    int e = errno; /* the last write's, before closing the spools */
    free_state(s);
    return ok ? BC_OK : bc_error_set(err, BC_ERR_IO, name, 0, "write error: %s", strerror(e));
}

static void md_abort(void *state)
{
    free_state(state);
}

const bc_exporter bc_markdown_exporter = BC_EXPORTER(
    .flags = 0,
    .begin = md_begin,
    .write = md_write,
    .end = md_end,
    .abort = md_abort);
