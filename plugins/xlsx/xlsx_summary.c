/* The 集計 sheet (xlsx_summary.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlsx_summary.h"

/* Excel's longest formula is 8,192 characters; a byte is at most one. */
#define FORMULA_MAX 8192

/* Widths of the sheet's columns, in character units. */
#define WIDTH_LABEL_MIN 16.0
#define WIDTH_LABEL_MAX 40.0
#define WIDTH_VALUE 15.0
#define WIDTH_RATE 9.0

/* The chart's size in pixels: wide enough for bureau names, a bar pair per
 * group. */
#define CHART_WIDTH 640.0
#define CHART_HEIGHT_MIN 300.0
#define CHART_HEIGHT_PER_GROUP 36.0
#define CHART_BASE_HEIGHT 288.0 /* libxlsxwriter's default */
#define CHART_BASE_WIDTH 480.0

typedef enum word {
    W_SHEET, W_TOTALS, W_PROJECTS, W_DIFFERENCE, W_RATE, W_ITEMS, W_ITEMS_REQUESTED,
    W_ITEMS_BUDGETED, W_FUNDING, W_FUNDING_AMOUNT, W_COUNT, W_UNKNOWN, W_OTHER, W_CHART,
    W_WORDS
} word;

static const char *const words[W_WORDS][2] = {
    [W_SHEET] = {"集計", "summary"},
    [W_TOTALS] = {"総計", "totals"},
    [W_PROJECTS] = {"事業数", "projects"},
    [W_DIFFERENCE] = {"差引", "difference"},
    [W_RATE] = {"査定率", "rate"},
    [W_ITEMS] = {"要求内容の行数", "line_items"},
    [W_ITEMS_REQUESTED] = {"明細の要求額", "items_requested"},
    [W_ITEMS_BUDGETED] = {"明細の予算額", "items_budgeted"},
    [W_FUNDING] = {"財源内訳の行数", "funding_rows"},
    [W_FUNDING_AMOUNT] = {"財源内訳の金額", "funding_amount"},
    [W_COUNT] = {"件数", "count"},
    [W_UNKNOWN] = {"（不明）", "(unknown)"},
    [W_OTHER] = {"（その他）", "(other)"},
    [W_CHART] = {"所管部別の要求額と予算額", "Requested and budgeted by bureau"},
};

static const bc_text_field by_field[XLSX_BY_COUNT] = {
    [XLSX_BY_BUREAU] = BC_F_BUREAU,
    [XLSX_BY_ACCOUNT] = BC_F_ACCOUNT,
    [XLSX_BY_REQUEST_TYPE] = BC_F_REQUEST_TYPE,
};

const char *xlsx_summary_name(bool en)
{
    return words[W_SHEET][en];
}

static const char *say(const xlsx_summary *sum, word w)
{
    return words[w][sum->en];
}

/* Index in `cols` of the column of `kind` and `arg`, or -1. */
static int find_col(const bc_column *cols, size_t n, bc_column_kind kind, int arg)
{
    for (size_t c = 0; c < n; c++)
        if (cols[c].kind == kind && cols[c].arg == arg)
            return (int)c;
    return -1;
}

bc_status xlsx_summary_init(xlsx_summary *sum, bool en)
{
    memset(sum, 0, sizeof *sum);
    sum->en = en;
    size_t n;
    const bc_column *p = bc_table_columns(BC_TABLE_PROJECTS, &n);
    int found[XLSX_BY_COUNT + XLSX_T_COUNT + 4];
    size_t k = 0;
    for (int i = 0; i < XLSX_BY_COUNT; i++)
        found[k++] = find_col(p, n, BC_COL_TEXT, by_field[i]);
    for (int a = BC_A_REQUESTED; a <= BC_A_BUDGETED_SPECIFIC; a++)
        found[k++] = find_col(p, n, BC_COL_TOTAL, a);
    for (int f = 0; f < BC_FUND_SOURCE_COUNT; f++)
        found[k++] = find_col(p, n, BC_COL_FUND_SUM, f);
    const bc_column *it = bc_table_columns(BC_TABLE_ITEMS, &n);
    found[k++] = find_col(it, n, BC_COL_ITEM_KIND, 0);
    found[k++] = find_col(it, n, BC_COL_ITEM_AMOUNT, BC_A_REQUESTED);
    found[k++] = find_col(it, n, BC_COL_ITEM_AMOUNT, BC_A_BUDGETED);
    const bc_column *fu = bc_table_columns(BC_TABLE_FUNDING, &n);
    found[k++] = find_col(fu, n, BC_COL_FUND_AMOUNT, 0);
    for (size_t i = 0; i < k; i++)
        if (found[i] < 0)
            return BC_ERR_SOFTWARE;
    k = 0;
    for (int i = 0; i < XLSX_BY_COUNT; i++)
        sum->by_col[i] = (lxw_col_t)found[k++];
    for (int t = 0; t < XLSX_T_COUNT; t++)
        sum->total_col[t] = (lxw_col_t)found[k++];
    sum->kind_col = (lxw_col_t)found[k++];
    sum->item_col[0] = (lxw_col_t)found[k++];
    sum->item_col[1] = (lxw_col_t)found[k++];
    sum->amount_col = (lxw_col_t)found[k++];
    return BC_OK;
}

static void add_amount(double *sum, int64_t v)
{
    if (v != BC_AMOUNT_NULL)
        *sum += (double)v;
}

static void count_in(xlsx_group *g, const bc_record *rec)
{
    g->count += 1;
    add_amount(&g->requested, rec->total.requested);
    add_amount(&g->budgeted, rec->total.budgeted);
}

/* The group of `rec` in `by`, by the text its cell shows; the rest when it
 * has none, or when it is too long or too late to be listed. */
static bc_status group_in(xlsx_grouping *by, const char *text, const bc_record *rec)
{
    size_t len = text != NULL ? xlsx_cell_fit(text, strlen(text)) : 0;
    if (len == 0 || len > XLSX_GROUP_KEY_MAX) {
        by->long_key |= len > 0;
        count_in(&by->rest, rec);
        return BC_OK;
    }
    for (size_t i = 0; i < by->count; i++) {
        if (strlen(by->groups[i].key) == len && memcmp(by->groups[i].key, text, len) == 0) {
            count_in(&by->groups[i], rec);
            return BC_OK;
        }
    }
    if (by->count == XLSX_GROUPS_MAX) {
        by->full = true;
        count_in(&by->rest, rec);
        return BC_OK;
    }
    xlsx_group *groups = bc_grow(by->groups, &by->capacity, by->count + 1, sizeof *groups);
    if (groups == NULL)
        return BC_ERR_NOMEM;
    by->groups = groups;
    xlsx_group *g = &groups[by->count];
    memset(g, 0, sizeof *g);
    if ((g->key = bc_strndup(text, len)) == NULL)
        return BC_ERR_NOMEM;
    by->count++;
    count_in(g, rec);
    return BC_OK;
}

bc_status xlsx_summary_add(xlsx_summary *sum, const bc_record *rec)
{
    sum->records += 1;
    add_amount(&sum->total[XLSX_T_REQUESTED], rec->total.requested);
    add_amount(&sum->total[XLSX_T_BUDGETED], rec->total.budgeted);
    add_amount(&sum->total[XLSX_T_SPECIFIC], rec->total.budgeted_specific);
    for (int f = 0; f < BC_FUND_SOURCE_COUNT; f++) {
        bool present;
        int64_t v = bc_record_funding_amount(rec, (bc_fund_source)f, &present);
        if (present)
            add_amount(&sum->total[XLSX_T_NATIONAL + f], v);
    }
    sum->items += (double)rec->line_item_count;
    for (size_t i = 0; i < rec->line_item_count; i++) {
        const bc_line_item *it = &rec->line_items[i];
        if (it->kind == BC_ITEM_ITEM) {
            add_amount(&sum->item_sum[0], it->requested);
            add_amount(&sum->item_sum[1], it->budgeted);
        }
    }
    sum->funding += (double)rec->funding_count;
    for (size_t i = 0; i < rec->funding_count; i++)
        add_amount(&sum->funding_sum, rec->funding[i].amount);
    for (int b = 0; b < XLSX_BY_COUNT; b++) {
        bc_status st = group_in(&sum->by[b], rec->text[by_field[b]], rec);
        if (st != BC_OK)
            return st;
    }
    return BC_OK;
}

void xlsx_summary_free(xlsx_summary *sum)
{
    for (int b = 0; b < XLSX_BY_COUNT; b++) {
        for (size_t i = 0; i < sum->by[b].count; i++)
            free(sum->by[b].groups[i].key);
        free(sum->by[b].groups);
    }
    memset(sum, 0, sizeof *sum);
}

/* What one term of a formula does with a part of a table. */
typedef enum term {
    T_ROWS,      /* ROWS(a) */
    T_SUM,       /* SUM(a) */
    T_KIND_SUM,  /* SUMPRODUCT((a="<text>")*b) */
    T_KEY_COUNT, /* SUM(EXACT(a,<cell>)*1), in an array formula */
    T_KEY_SUM    /* SUM(EXACT(a,<cell>)*b), in an array formula */
} term;

typedef struct formula {
    char text[FORMULA_MAX + 1];
    size_t len;
    bool too_long;
} formula;

static void put(formula *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(formula *f, const char *fmt, ...)
{
    if (f->too_long)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(f->text + f->len, sizeof f->text - f->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof f->text - f->len)
        f->too_long = true;
    else
        f->len += (size_t)n;
}

/* The data rows of column `col` of part `part` of `sh`, as
 * 'name'!$X$2:$X$n. */
static void put_range(formula *f, const xlsx_sheet *sh, int part, lxw_col_t col)
{
    char name[LXW_MAX_SHEETNAME_LENGTH], range[32];
    xlsx_sheet_part_name(sh, part, name, sizeof name);
    lxw_rowcol_to_range_abs(range, 1, col, xlsx_sheet_part_rows(sh, part), col);
    put(f, "'%s'!%s", name, range);
}

/* Builds `op` over every part of `sh` that has data rows, added up.  Returns
 * false when there is none: the value is then a plain 0. */
static bool build(formula *f, term op, const xlsx_sheet *sh, lxw_col_t a, lxw_col_t b,
                  const char *arg)
{
    f->len = 0;
    f->too_long = false;
    f->text[0] = '\0';
    bool array = op == T_KEY_COUNT || op == T_KEY_SUM;
    put(f, array ? "{=" : "=");
    int terms = 0;
    for (int part = 0; part < sh->parts; part++) {
        if (xlsx_sheet_part_rows(sh, part) == 0)
            continue;
        if (terms++ > 0)
            put(f, "+");
        static const char *const fn[] = {
            [T_ROWS] = "ROWS(", [T_SUM] = "SUM(", [T_KIND_SUM] = "SUMPRODUCT((",
            [T_KEY_COUNT] = "SUM(EXACT(", [T_KEY_SUM] = "SUM(EXACT("};
        put(f, "%s", fn[op]);
        put_range(f, sh, part, a);
        switch (op) {
        case T_ROWS:
        case T_SUM:
            put(f, ")");
            break;
        case T_KIND_SUM:
            put(f, "=\"%s\")*", arg);
            put_range(f, sh, part, b);
            put(f, ")");
            break;
        case T_KEY_COUNT:
            put(f, ",%s)*1)", arg);
            break;
        case T_KEY_SUM:
            put(f, ",%s)*", arg);
            put_range(f, sh, part, b);
            put(f, ")");
            break;
        }
    }
    if (array)
        put(f, "}");
    return terms > 0;
}

typedef struct writer {
    const xlsx_summary *sum;
    lxw_worksheet *ws;
    const xlsx_formats *fmt;
    lxw_row_t row;
    double label_width;
    uint64_t cells; /* written so far */
    lxw_error error;
} writer;

static void check(writer *w, lxw_error e)
{
    if (w->error == LXW_NO_ERROR)
        w->error = e;
}

/* check() for a call that writes one cell, which is counted when it went
 * in. */
static void cell(writer *w, lxw_error e)
{
    if (e == LXW_NO_ERROR)
        w->cells++;
    check(w, e);
}

static void label(writer *w, lxw_row_t row, lxw_col_t col, const char *text, lxw_format *fmt)
{
    size_t width = bc_text_display_width(text, strlen(text), true);
    if (col == 0 && (double)width > w->label_width)
        w->label_width = (double)width;
    cell(w, worksheet_write_string(w->ws, row, col, text, fmt));
}

/* A formula whose value is `value`, or the plain value when the formula
 * would be empty. */
static void value(writer *w, lxw_row_t row, lxw_col_t col, const formula *f, bool built,
                  double v, lxw_format *fmt)
{
    if (w->error != LXW_NO_ERROR)
        return;
    if (f->too_long) {
        w->error = LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED;
        return;
    }
    if (!built)
        cell(w, worksheet_write_number(w->ws, row, col, v, fmt));
    else if (f->text[0] == '{')
        cell(w, worksheet_write_array_formula_num(w->ws, row, col, row, col, f->text, fmt, v));
    else
        cell(w, worksheet_write_formula_num(w->ws, row, col, f->text, fmt, v));
}

/* budget - request, from cells `req` and `bud` (A1 references). */
static void difference(writer *w, lxw_row_t row, lxw_col_t col, const char *req,
                       const char *bud, double requested, double budgeted)
{
    char f[48];
    snprintf(f, sizeof f, "=%s-%s", bud, req);
    cell(w, worksheet_write_formula_num(w->ws, row, col, f, w->fmt->amount,
                                         budgeted - requested));
}

/* budget ÷ request, blank when nothing was requested. */
static void rate(writer *w, lxw_row_t row, lxw_col_t col, const char *req, const char *bud,
                 double requested, double budgeted)
{
    char f[80];
    snprintf(f, sizeof f, "=IF(%s=0,\"\",%s/%s)", req, bud, req);
    if (requested == 0)
        cell(w, worksheet_write_formula_str(w->ws, row, col, f, w->fmt->percent, ""));
    else
        cell(w, worksheet_write_formula_num(w->ws, row, col, f, w->fmt->percent,
                                             budgeted / requested));
}

/* The grand totals, one per row under a heading; sets the rows of 事業数
 * and 要求額 (予算額 is the next) for the rows of the rest in the group
 * tables. */
static void write_totals(writer *w, const xlsx_sheet *tables, lxw_row_t *count_row,
                         lxw_row_t *req_row)
{
    const xlsx_summary *sum = w->sum;
    const xlsx_sheet *projects = &tables[XLSX_SHEET_PROJECTS];
    const xlsx_sheet *items = &tables[XLSX_SHEET_ITEMS];
    const xlsx_sheet *funding = &tables[XLSX_SHEET_FUNDING];
    formula f;
    label(w, w->row++, 0, say(sum, W_TOTALS), w->fmt->header);
    cell(w, worksheet_write_blank(w->ws, w->row - 1, 1, w->fmt->header));

    *count_row = w->row;
    label(w, w->row, 0, say(sum, W_PROJECTS), w->fmt->label);
    value(w, w->row++, 1, &f, build(&f, T_ROWS, projects, 0, 0, NULL), sum->records,
          w->fmt->number);
    *req_row = w->row;
    for (int t = 0; t < XLSX_T_COUNT; t++) {
        const bc_column *col = &projects->cols[sum->total_col[t]];
        label(w, w->row, 0, bc_column_header(col, sum->en), w->fmt->label);
        value(w, w->row++, 1, &f, build(&f, T_SUM, projects, sum->total_col[t], 0, NULL),
              sum->total[t], w->fmt->amount);
        if (t == XLSX_T_BUDGETED) {
            char req[16], bud[16];
            lxw_rowcol_to_cell(req, *req_row, 1);
            lxw_rowcol_to_cell(bud, *req_row + 1, 1);
            label(w, w->row, 0, say(sum, W_DIFFERENCE), w->fmt->label);
            difference(w, w->row++, 1, req, bud, sum->total[XLSX_T_REQUESTED],
                       sum->total[XLSX_T_BUDGETED]);
            label(w, w->row, 0, say(sum, W_RATE), w->fmt->label);
            rate(w, w->row++, 1, req, bud, sum->total[XLSX_T_REQUESTED],
                 sum->total[XLSX_T_BUDGETED]);
        }
    }
    const char *item = bc_item_kind_name(BC_ITEM_ITEM, sum->en);
    label(w, w->row, 0, say(sum, W_ITEMS), w->fmt->label);
    value(w, w->row++, 1, &f, build(&f, T_ROWS, items, 0, 0, NULL), sum->items, w->fmt->number);
    for (int i = 0; i < 2; i++) {
        label(w, w->row, 0, say(sum, i == 0 ? W_ITEMS_REQUESTED : W_ITEMS_BUDGETED),
              w->fmt->label);
        value(w, w->row++, 1, &f,
              build(&f, T_KIND_SUM, items, sum->kind_col, sum->item_col[i], item),
              sum->item_sum[i], w->fmt->amount);
    }
    label(w, w->row, 0, say(sum, W_FUNDING), w->fmt->label);
    value(w, w->row++, 1, &f, build(&f, T_ROWS, funding, 0, 0, NULL), sum->funding,
          w->fmt->number);
    label(w, w->row, 0, say(sum, W_FUNDING_AMOUNT), w->fmt->label);
    value(w, w->row++, 1, &f, build(&f, T_SUM, funding, sum->amount_col, 0, NULL),
          sum->funding_sum, w->fmt->amount);
}

/* Columns of a group table. */
enum { G_KEY, G_COUNT, G_REQUESTED, G_BUDGETED, G_DIFFERENCE, G_RATE, G_COLS };

/* One row of a group table: `f` holds the formulas of its count, 要求額 and
 * 予算額 (`built` false: no data rows, a plain value). */
static void group_row(writer *w, const char *key, const xlsx_group *g, const formula *f,
                      const bool *built)
{
    lxw_row_t row = w->row++;
    label(w, row, G_KEY, key, w->fmt->text);
    value(w, row, G_COUNT, &f[0], built[0], g->count, w->fmt->number);
    value(w, row, G_REQUESTED, &f[1], built[1], g->requested, w->fmt->amount);
    value(w, row, G_BUDGETED, &f[2], built[2], g->budgeted, w->fmt->amount);
    char req[16], bud[16];
    lxw_rowcol_to_cell(req, row, G_REQUESTED);
    lxw_rowcol_to_cell(bud, row, G_BUDGETED);
    difference(w, row, G_DIFFERENCE, req, bud, g->requested, g->budgeted);
    rate(w, row, G_RATE, req, bud, g->requested, g->budgeted);
}

/* The table of groups `b`: a header, a row per listed group, and one for
 * the rest when any record is in none; sets the rows of the listed groups
 * and the rest for the chart. */
static void write_groups(writer *w, int b, const xlsx_sheet *projects, lxw_row_t count_row,
                         lxw_row_t req_row, lxw_row_t *first, lxw_row_t *last)
{
    const xlsx_summary *sum = w->sum;
    const xlsx_grouping *by = &sum->by[b];
    const char *head[G_COLS] = {
        bc_column_header(&projects->cols[sum->by_col[b]], sum->en), say(sum, W_COUNT),
        bc_column_header(&projects->cols[sum->total_col[XLSX_T_REQUESTED]], sum->en),
        bc_column_header(&projects->cols[sum->total_col[XLSX_T_BUDGETED]], sum->en),
        say(sum, W_DIFFERENCE), say(sum, W_RATE)};
    for (int c = 0; c < G_COLS; c++)
        label(w, w->row, (lxw_col_t)c, head[c], w->fmt->header);
    w->row++;
    *first = w->row;
    formula f[3];
    bool built[3];
    lxw_col_t key_col = sum->by_col[b];
    for (size_t i = 0; i < by->count && w->error == LXW_NO_ERROR; i++) {
        char key[16];
        lxw_rowcol_to_cell_abs(key, w->row, G_KEY, false, true);
        built[0] = build(&f[0], T_KEY_COUNT, projects, key_col, 0, key);
        built[1] = build(&f[1], T_KEY_SUM, projects, key_col,
                         sum->total_col[XLSX_T_REQUESTED], key);
        built[2] = build(&f[2], T_KEY_SUM, projects, key_col,
                         sum->total_col[XLSX_T_BUDGETED], key);
        group_row(w, by->groups[i].key, &by->groups[i], f, built);
    }
    if (by->rest.count > 0) {
        /* The rest: the totals less the listed groups. */
        lxw_row_t total_row[3] = {count_row, req_row, req_row + 1};
        for (int k = 0; k < 3; k++) {
            char total[16], top[16], bottom[16];
            lxw_rowcol_to_cell(total, total_row[k], 1);
            f[k].too_long = false;
            if (by->count == 0) {
                snprintf(f[k].text, sizeof f[k].text, "=%s", total);
            } else {
                lxw_rowcol_to_cell(top, *first, (lxw_col_t)(G_COUNT + k));
                lxw_rowcol_to_cell(bottom, w->row - 1, (lxw_col_t)(G_COUNT + k));
                snprintf(f[k].text, sizeof f[k].text, "=%s-SUM(%s:%s)", total, top, bottom);
            }
            built[k] = true;
        }
        group_row(w, say(sum, by->full || by->long_key ? W_OTHER : W_UNKNOWN), &by->rest, f, built);
    }
    *last = w->row - 1;
}

static void write_chart(writer *w, lxw_workbook *wb, lxw_row_t first, lxw_row_t last)
{
    const char *sheet = xlsx_summary_name(w->sum->en);
    lxw_chart *chart = workbook_add_chart(wb, LXW_CHART_BAR);
    if (chart == NULL) {
        check(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return;
    }
    for (lxw_col_t col = G_REQUESTED; col <= G_BUDGETED; col++) {
        lxw_chart_series *series = chart_add_series(chart, NULL, NULL);
        if (series == NULL) {
            check(w, LXW_ERROR_MEMORY_MALLOC_FAILED);
            return;
        }
        chart_series_set_categories(series, sheet, first, G_KEY, last, G_KEY);
        chart_series_set_values(series, sheet, first, col, last, col);
        chart_series_set_name_range(series, sheet, first - 1, col);
    }
    chart_title_set_name(chart, say(w->sum, W_CHART));
    /* In a bar chart libxlsxwriter's y axis holds the categories.  Bars run
     * top down in the table's order, the amounts along the bottom read as
     * in the table. */
    chart_axis_set_reverse(chart->y_axis);
    chart_axis_set_crossing_max(chart->y_axis);
    chart_axis_set_num_format(chart->x_axis, "#,##0");
    chart_legend_set_position(chart, LXW_CHART_LEGEND_BOTTOM);
    double height = CHART_HEIGHT_PER_GROUP * (double)(last - first + 1) + 120.0;
    if (height < CHART_HEIGHT_MIN)
        height = CHART_HEIGHT_MIN;
    lxw_chart_options opt = {.x_offset = 10, .y_offset = 0,
                             .x_scale = CHART_WIDTH / CHART_BASE_WIDTH,
                             .y_scale = height / CHART_BASE_HEIGHT};
    check(w, worksheet_insert_chart_opt(w->ws, 0, G_COLS + 1, chart, &opt));
}

lxw_error xlsx_summary_write(const xlsx_summary *sum, lxw_workbook *wb, lxw_worksheet *ws,
                             const xlsx_sheet *tables, const xlsx_formats *fmt,
                             uint64_t *cells)
{
    writer w = {.sum = sum, .ws = ws, .fmt = fmt, .label_width = WIDTH_LABEL_MIN};
    lxw_row_t count_row, req_row;
    write_totals(&w, tables, &count_row, &req_row);
    lxw_row_t chart_first = 0, chart_last = 0;
    for (int b = 0; b < XLSX_BY_COUNT && w.error == LXW_NO_ERROR; b++) {
        w.row++; /* a blank row between tables */
        lxw_row_t first, last;
        write_groups(&w, b, &tables[XLSX_SHEET_PROJECTS], count_row, req_row, &first, &last);
        if (b == XLSX_BY_BUREAU) {
            chart_first = first;
            chart_last = last;
        }
    }
    if (w.error != LXW_NO_ERROR) {
        *cells = w.cells;
        return w.error;
    }
    double lw = w.label_width + 2.0;
    check(&w, worksheet_set_column(ws, 0, 0, lw < WIDTH_LABEL_MAX ? lw : WIDTH_LABEL_MAX,
                                   fmt->text));
    check(&w, worksheet_set_column(ws, G_COUNT, G_DIFFERENCE, WIDTH_VALUE, NULL));
    check(&w, worksheet_set_column(ws, G_RATE, G_RATE, WIDTH_RATE, NULL));
    if (sum->records > 0 && w.error == LXW_NO_ERROR)
        write_chart(&w, wb, chart_first, chart_last);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    *cells = w.cells;
    return w.error;
}
