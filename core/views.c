/* The export views: their columns and the value of each cell (views.h). */
#include <stdlib.h>
#include <string.h>

#include <budgetconv/views.h>

#define TEXT(f) {BC_COL_TEXT, f, NULL, NULL, false}
#define LIST(l) {BC_COL_LIST, l, NULL, NULL, false}
#define FUND_SUM(s) {BC_COL_FUND_SUM, s, NULL, NULL, true}

/* Issue 4's order: identity, money, then the boxes of the form as printed
 * (the lists ８ and ９ between ７ and 11, as in JSON).  The year and the unit
 * are the same on every sheet of a book, so they are left out. */
static const bc_column projects[] = {
    {BC_COL_NO, 0, "NO", "no", false},
    TEXT(BC_F_TITLE),
    TEXT(BC_F_BUREAU),
    TEXT(BC_F_DIVISION),
    TEXT(BC_F_ACCOUNT),
    TEXT(BC_F_FUND),
    TEXT(BC_F_REQUEST_TYPE),
    {BC_COL_TOTAL, BC_A_REQUESTED, "要求額", "requested", true},
    {BC_COL_TOTAL, BC_A_BUDGETED, "予算額", "budgeted", true},
    {BC_COL_TOTAL, BC_A_BUDGETED_SPECIFIC, "うち特財", "budgeted_specific", true},
    FUND_SUM(BC_FUND_NATIONAL),
    FUND_SUM(BC_FUND_METROPOLITAN),
    FUND_SUM(BC_FUND_OTHER_SPECIFIC),
    FUND_SUM(BC_FUND_GENERAL),
    TEXT(BC_F_EVALUATION),
    TEXT(BC_F_DESCRIPTION),
    TEXT(BC_F_BACKGROUND),
    TEXT(BC_F_REQUEST_DETAILS),
    TEXT(BC_F_EXPECTED_OUTCOMES),
    TEXT(BC_F_PEER_TRENDS),
    LIST(BC_L_PLANS),
    LIST(BC_L_LAWS),
    TEXT(BC_F_FUNDING_PLAN),
    TEXT(BC_F_SCHEDULE),
    TEXT(BC_F_FUTURE_COSTS),
    TEXT(BC_F_BUDGET_RATIONALE),
    TEXT(BC_F_DEBT_BURDEN),
};

/* 区分 is the group, as budget books use the word (レベルアップ分, 経常経費分);
 * 種別 says whether the row is that group's subtotal or an item in it. */
static const bc_column items[] = {
    {BC_COL_NO, 0, "NO", "no", false},
    TEXT(BC_F_TITLE),
    {BC_COL_ITEM_GROUP, 0, "区分", "group", false},
    {BC_COL_ITEM_KIND, 0, "種別", "kind", false},
    {BC_COL_ITEM_LABEL, 0, "内容", "label", false},
    {BC_COL_ITEM_AMOUNT, BC_A_REQUESTED, "要求額", "requested", true},
    {BC_COL_ITEM_AMOUNT, BC_A_BUDGETED, "予算額", "budgeted", true},
    {BC_COL_ITEM_AMOUNT, BC_A_BUDGETED_SPECIFIC, "うち特財", "budgeted_specific", true},
};

static const bc_column funding[] = {
    {BC_COL_NO, 0, "NO", "no", false},
    TEXT(BC_F_TITLE),
    {BC_COL_FUND_SOURCE, 0, "財源", "source", false},
    {BC_COL_FUND_DETAIL, 0, "内容", "detail", false},
    {BC_COL_FUND_AMOUNT, 0, "金額", "amount", true},
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const struct {
    const bc_column *columns;
    size_t count;
} tables[BC_TABLE_COUNT] = {
    [BC_TABLE_PROJECTS] = {projects, COUNT(projects)},
    [BC_TABLE_ITEMS] = {items, COUNT(items)},
    [BC_TABLE_FUNDING] = {funding, COUNT(funding)},
};

const bc_column *bc_table_columns(bc_table table, size_t *count)
{
    if ((unsigned)table >= BC_TABLE_COUNT) {
        *count = 0;
        return NULL;
    }
    *count = tables[table].count;
    return tables[table].columns;
}

const bc_field_info *bc_column_field(const bc_column *col)
{
    if (col->kind == BC_COL_TEXT)
        return bc_text_field_info((bc_text_field)col->arg);
    if (col->kind == BC_COL_LIST)
        return bc_list_field_info((bc_list_field)col->arg);
    return NULL;
}

const char *bc_column_header(const bc_column *col, bool english)
{
    if (col->name_ja != NULL)
        return english ? col->name_en : col->name_ja;
    if (col->kind == BC_COL_FUND_SUM)
        return english ? bc_fund_source_key((bc_fund_source)col->arg)
                       : bc_fund_source_label((bc_fund_source)col->arg);
    const bc_field_info *info = bc_column_field(col);
    if (info == NULL)
        return NULL;
    return english ? info->name_en : info->name_ja;
}

const char *bc_item_kind_name(bc_item_kind kind, bool english)
{
    switch (kind) {
    case BC_ITEM_SUBTOTAL:
        return english ? "subtotal" : "小計";
    case BC_ITEM_ITEM:
        return english ? "item" : "明細";
    }
    return NULL;
}

void bc_cell_clear(bc_cell *cell)
{
    if (cell == NULL)
        return;
    free(cell->buf);
    memset(cell, 0, sizeof *cell);
}

static bc_status set_integer(bc_cell *cell, int64_t v)
{
    if (v != BC_AMOUNT_NULL) {
        cell->type = BC_VALUE_INTEGER;
        cell->integer = v;
    }
    return BC_OK;
}

static bc_status set_text(bc_cell *cell, const char *s)
{
    if (s != NULL) {
        cell->type = BC_VALUE_TEXT;
        cell->text = s;
        cell->len = strlen(s);
    }
    return BC_OK;
}

/* Joins `list` with newlines into the cell's buffer, which only grows, so
 * that a writer going through many records allocates only a few times. */
static bc_status set_list(bc_cell *cell, const bc_string_list *list)
{
    if (list->count == 0)
        return BC_OK;
    size_t need = list->count; /* the newlines and the NUL */
    for (size_t i = 0; i < list->count; i++) {
        size_t n = list->items[i] != NULL ? strlen(list->items[i]) : 0;
        if (n > SIZE_MAX - need)
            return BC_ERR_NOMEM;
        need += n;
    }
    if (need > cell->buf_size) {
        char *p = realloc(cell->buf, need);
        if (p == NULL)
            return BC_ERR_NOMEM;
        cell->buf = p;
        cell->buf_size = need;
    }
    size_t at = 0;
    for (size_t i = 0; i < list->count; i++) {
        if (i > 0)
            cell->buf[at++] = '\n';
        if (list->items[i] != NULL) {
            size_t n = strlen(list->items[i]);
            memcpy(cell->buf + at, list->items[i], n);
            at += n;
        }
    }
    cell->buf[at] = '\0';
    cell->type = BC_VALUE_TEXT;
    cell->text = cell->buf;
    cell->len = at;
    return BC_OK;
}

static bool amount_field_ok(int arg)
{
    return arg >= BC_A_REQUESTED && arg <= BC_A_BUDGETED_SPECIFIC;
}

static int64_t pick(int arg, int64_t requested, int64_t budgeted, int64_t specific)
{
    return arg == BC_A_REQUESTED ? requested : arg == BC_A_BUDGETED ? budgeted : specific;
}

bc_status bc_column_cell(const bc_column *col, const bc_record *rec, size_t row, bool english,
                         bc_cell *cell)
{
    cell->type = BC_VALUE_NULL;
    cell->integer = 0;
    cell->text = NULL;
    cell->len = 0;
    const bc_line_item *it = row < rec->line_item_count ? &rec->line_items[row] : NULL;
    const bc_funding *f = row < rec->funding_count ? &rec->funding[row] : NULL;
    bool present = false;
    int64_t sum;
    switch (col->kind) {
    case BC_COL_NO:
        return set_integer(cell, rec->no);
    case BC_COL_TEXT:
        if ((unsigned)col->arg >= BC_TEXT_FIELD_COUNT)
            return BC_ERR_USAGE;
        return set_text(cell, rec->text[col->arg]);
    case BC_COL_LIST:
        if ((unsigned)col->arg >= BC_LIST_FIELD_COUNT)
            return BC_ERR_USAGE;
        return set_list(cell, &rec->list[col->arg]);
    case BC_COL_TOTAL:
        if (!amount_field_ok(col->arg))
            return BC_ERR_USAGE;
        return set_integer(cell, pick(col->arg, rec->total.requested, rec->total.budgeted,
                                      rec->total.budgeted_specific));
    case BC_COL_FUND_SUM:
        if ((unsigned)col->arg >= BC_FUND_SOURCE_COUNT)
            return BC_ERR_USAGE;
        sum = bc_record_funding_amount(rec, (bc_fund_source)col->arg, &present);
        return present ? set_integer(cell, sum) : BC_OK;
    case BC_COL_ITEM_KIND:
        return it != NULL ? set_text(cell, bc_item_kind_name(it->kind, english)) : BC_OK;
    case BC_COL_ITEM_GROUP:
        return it != NULL ? set_text(cell, it->group) : BC_OK;
    case BC_COL_ITEM_LABEL:
        return it != NULL ? set_text(cell, it->label) : BC_OK;
    case BC_COL_ITEM_AMOUNT:
        if (!amount_field_ok(col->arg))
            return BC_ERR_USAGE;
        return it != NULL ? set_integer(cell, pick(col->arg, it->requested, it->budgeted,
                                                   it->budgeted_specific))
                          : BC_OK;
    case BC_COL_FUND_SOURCE:
        if (f == NULL)
            return BC_OK;
        if (english)
            return set_text(cell, bc_fund_source_key(f->source));
        return set_text(cell, f->label != NULL ? f->label : bc_fund_source_label(f->source));
    case BC_COL_FUND_DETAIL:
        return f != NULL ? set_text(cell, f->detail) : BC_OK;
    case BC_COL_FUND_AMOUNT:
        return f != NULL ? set_integer(cell, f->amount) : BC_OK;
    }
    return BC_ERR_USAGE;
}
