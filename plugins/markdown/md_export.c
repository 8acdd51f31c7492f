/*
 * markdown: a report of the records that reads well on GitHub (DESIGN §5):
 * a title, a summary table of all records, then per record a heading, its
 * metadata, each box of the form as a sub-heading with its text, and GFM
 * tables for the line items and the funding.
 *
 * Streaming: the summary comes first but needs every record, so write()
 * appends the record's summary row to one temporary file and its section to
 * another; end() writes the title, copies the summary, its totals row and
 * then the sections to the output.  Memory holds only running totals, the
 * fiscal year and the unit, whatever the number of records; the temporary
 * files together are about as large as the report.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <budgetconv/budgetconv.h>

#include "md_escape.h"

/* Words of the report that are not field names. */
typedef enum md_word {
    W_REPORT, W_SUMMARY, W_NO, W_TITLE, W_DEPARTMENT, W_REQUESTED, W_BUDGETED, W_DIFFERENCE,
    W_SPECIFIC, W_TOTAL, W_KIND, W_LABEL, W_SOURCE, W_DETAIL, W_AMOUNT, W_ITEMS,
    W_FUNDING, W_UNTITLED, W_COUNT
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

typedef struct md_state {
    FILE *out;
    const char *name; /* of the output, for messages */
    bool en;
    FILE *summary;    /* summary rows, spooled */
    FILE *sections;   /* record sections, spooled */
    size_t records;
    int64_t sum_requested, sum_budgeted, sum_difference;
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

/* A running sum that turns blank for good once it no longer fits. */
static void add(int64_t *sum, int64_t v)
{
    if (v != BC_AMOUNT_NULL && *sum != BC_AMOUNT_NULL && !bc_amount_add(sum, v))
        *sum = BC_AMOUNT_NULL;
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

static void put_heading(const md_state *s, FILE *fp, const bc_record *rec)
{
    fputs("## ", fp);
    if (rec->no != BC_AMOUNT_NULL)
        fprintf(fp, "%lld ", (long long)rec->no);
    if (rec->text[BC_F_TITLE] != NULL)
        md_put_inline(fp, rec->text[BC_F_TITLE]);
    else
        fputs(word(s, W_UNTITLED), fp);
    fputs("\n\n", fp);
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
    int64_t sum = 0;
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
        put_amount(fp, sum);
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

static void put_summary_row(FILE *fp, const bc_record *rec)
{
    fputs("| ", fp);
    if (rec->no != BC_AMOUNT_NULL)
        fprintf(fp, "%lld", (long long)rec->no);
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
    if (s->summary != NULL)
        fclose(s->summary);
    if (s->sections != NULL)
        fclose(s->sections);
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
    if ((s->summary = tmpfile()) == NULL || (s->sections = tmpfile()) == NULL) {
        bc_status st = bc_error_set(err, BC_ERR_CANTCREAT, NULL, 0,
                                    "cannot create a temporary file: %s", strerror(errno));
        free_state(s);
        return st;
    }
    *state = s;
    return BC_OK;
}

static bc_status md_write(void *state, const bc_record *rec, bc_error *err)
{
    md_state *s = state;
    note_shared(s, rec);
    put_summary_row(s->summary, rec);
    put_section(s, s->sections, rec);
    if (ferror(s->summary) || ferror(s->sections))
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

static bc_status md_end(void *state, bc_error *err)
{
    md_state *s = state;
    const char *name = s->name;
    put_title(s);
    fprintf(s->out, "## %s\n\n", word(s, W_SUMMARY));
    const char *head[] = {word(s, W_NO), word(s, W_TITLE), word(s, W_DEPARTMENT),
                          word(s, W_REQUESTED), word(s, W_BUDGETED), word(s, W_DIFFERENCE)};
    const bool right[] = {true, false, false, true, true, true};
    put_table_head(s->out, head, right, 6);
    bool ok = copy_spool(s->summary, s->out);
    fprintf(s->out, "| **%s** |  |  | ", word(s, W_TOTAL));
    put_amount(s->out, s->sum_requested);
    fputs(" | ", s->out);
    put_amount(s->out, s->sum_budgeted);
    fputs(" | ", s->out);
    put_amount(s->out, s->sum_difference);
    fputs(" |\n\n", s->out);
    ok = ok && copy_spool(s->sections, s->out) && !ferror(s->out);
    int e = errno; /* the last write's, before closing the spools */
    free_state(s);
    return ok ? BC_OK : bc_error_set(err, BC_ERR_IO, name, 0, "write error: %s", strerror(e));
}

static void md_abort(void *state)
{
    free_state(state);
}

static const bc_exporter exporter = {
    .struct_size = sizeof(bc_exporter),
    .flags = 0,
    .begin = md_begin,
    .write = md_write,
    .end = md_end,
    .abort = md_abort,
};

static const bc_option_spec options[] = {
    {"lang", BC_OPT_CHOICE, "ja", "ja|en", "language of headings and labels (the text stays as written)"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const extensions[] = {"md", "markdown", NULL};

BC_PLUGIN_DEFINE(markdown,
                 .name = "markdown",
                 .description = "a report for GitHub: summary table, then each record with its tables",
                 .extensions = extensions,
                 .exporter = &exporter,
                 .export_options = options)
