/*
 * The csv tables, described once for the exporter and the importer.
 *
 * projects, items and funding are for people: one row per record, per line
 * item, per funding row, with the columns DESIGN §5 and issue 4 ask for.
 *
 * full is the lossless form that `-f csv` reads back.  Its rows:
 *   - one `line_item` row per line item, then one `funding` row per funding
 *     row, in the record's order;
 *   - a record with neither gets one `record` row;
 *   - every row repeats all record-level columns (so that any row, filtered
 *     or sorted in a spreadsheet, still says which project it belongs to);
 *   - `seq` numbers the rows of a record from 1, which marks where a record
 *     starts even when two neighbours share a NO;
 *   - line-item columns are empty except on line_item rows, funding columns
 *     except on funding rows;
 *   - `row`, `kind` and `source` hold the canonical keys (line_item,
 *     subtotal, national, ...) whatever -O lang says; only headers change.
 * Null is an empty unquoted cell; an empty string is a quoted "" cell, and
 * lists are joined with LF (an empty list is null, a list of one empty item
 * is ""), so the only records `full` cannot carry are those whose list items
 * themselves contain an LF.
 */
#include <string.h>

#include "csv_plugin.h"

static const csv_column projects[] = {
    {COL_NO, 0, "NO", "no"},
    {COL_TEXT, BC_F_TITLE, NULL, NULL},
    {COL_TEXT, BC_F_BUREAU, NULL, NULL},
    {COL_TEXT, BC_F_DIVISION, NULL, NULL},
    {COL_TEXT, BC_F_ACCOUNT, NULL, NULL},
    {COL_TEXT, BC_F_FUND, NULL, NULL},
    {COL_TEXT, BC_F_REQUEST_TYPE, NULL, NULL},
    {COL_TOTAL, CSV_REQUESTED, "要求額", "requested"},
    {COL_TOTAL, CSV_BUDGETED, "予算額", "budgeted"},
    {COL_TOTAL, CSV_SPECIFIC, "うち特財", "budgeted_specific"},
    {COL_FUND_SUM, BC_FUND_NATIONAL, "国庫支出金", "national"},
    {COL_FUND_SUM, BC_FUND_METROPOLITAN, "都支出金", "metropolitan"},
    {COL_FUND_SUM, BC_FUND_OTHER_SPECIFIC, "その他特財", "other_specific"},
    {COL_FUND_SUM, BC_FUND_GENERAL, "一般財源", "general"},
    {COL_TEXT, BC_F_EVALUATION, NULL, NULL},
    {COL_TEXT, BC_F_DESCRIPTION, NULL, NULL},
    {COL_TEXT, BC_F_BACKGROUND, NULL, NULL},
    {COL_TEXT, BC_F_REQUEST_DETAILS, NULL, NULL},
    {COL_TEXT, BC_F_EXPECTED_OUTCOMES, NULL, NULL},
    {COL_TEXT, BC_F_PEER_TRENDS, NULL, NULL},
    {COL_LIST, BC_L_PLANS, NULL, NULL},
    {COL_LIST, BC_L_LAWS, NULL, NULL},
    {COL_TEXT, BC_F_FUNDING_PLAN, NULL, NULL},
    {COL_TEXT, BC_F_SCHEDULE, NULL, NULL},
    {COL_TEXT, BC_F_FUTURE_COSTS, NULL, NULL},
    {COL_TEXT, BC_F_BUDGET_RATIONALE, NULL, NULL},
    {COL_TEXT, BC_F_DEBT_BURDEN, NULL, NULL},
};

static const csv_column items[] = {
    {COL_NO, 0, "NO", "no"},
    {COL_TEXT, BC_F_TITLE, NULL, NULL},
    {COL_ITEM_GROUP, 0, "区分", "group"},
    {COL_ITEM_KIND, 0, "種別", "kind"},
    {COL_ITEM_LABEL, 0, "内容", "label"},
    {COL_ITEM_AMOUNT, CSV_REQUESTED, "要求額", "requested"},
    {COL_ITEM_AMOUNT, CSV_BUDGETED, "予算額", "budgeted"},
    {COL_ITEM_AMOUNT, CSV_SPECIFIC, "うち特財", "budgeted_specific"},
};

static const csv_column funding[] = {
    {COL_NO, 0, "NO", "no"},
    {COL_TEXT, BC_F_TITLE, NULL, NULL},
    {COL_FUND_SOURCE, 0, "財源", "source"},
    {COL_FUND_DETAIL, 0, "内容", "detail"},
    {COL_FUND_AMOUNT, 0, "金額", "amount"},
};

static const csv_column full[] = {
    {COL_ROW, 0, "行種別", "row"},
    {COL_SEQ, 0, "行番号", "seq"},
    {COL_NO, 0, "NO", "no"},
    {COL_FISCAL_YEAR, 0, "年度", "fiscal_year"},
    {COL_TEXT, BC_F_DOCUMENT, NULL, NULL},
    {COL_TEXT, BC_F_TITLE, NULL, NULL},
    {COL_TEXT, BC_F_BUREAU, NULL, NULL},
    {COL_TEXT, BC_F_DIVISION, NULL, NULL},
    {COL_TEXT, BC_F_ACCOUNT, NULL, NULL},
    {COL_TEXT, BC_F_FUND, NULL, NULL},
    {COL_TEXT, BC_F_REQUEST_TYPE, NULL, NULL},
    {COL_TEXT, BC_F_UNIT, NULL, NULL},
    {COL_TEXT, BC_F_DESCRIPTION, NULL, NULL},
    {COL_TEXT, BC_F_BACKGROUND, NULL, NULL},
    {COL_TEXT, BC_F_REQUEST_DETAILS, NULL, NULL},
    {COL_TEXT, BC_F_EXPECTED_OUTCOMES, NULL, NULL},
    {COL_TEXT, BC_F_PEER_TRENDS, NULL, NULL},
    {COL_LIST, BC_L_PLANS, NULL, NULL},
    {COL_LIST, BC_L_LAWS, NULL, NULL},
    {COL_TEXT, BC_F_FUNDING_PLAN, NULL, NULL},
    {COL_TEXT, BC_F_SCHEDULE, NULL, NULL},
    {COL_TEXT, BC_F_FUTURE_COSTS, NULL, NULL},
    {COL_TEXT, BC_F_BUDGET_RATIONALE, NULL, NULL},
    {COL_TEXT, BC_F_EVALUATION, NULL, NULL},
    {COL_TEXT, BC_F_DEBT_BURDEN, NULL, NULL},
    {COL_TOTAL, CSV_REQUESTED, "合計要求額", "total_requested"},
    {COL_TOTAL, CSV_BUDGETED, "合計予算額", "total_budgeted"},
    {COL_TOTAL, CSV_SPECIFIC, "合計うち特財", "total_budgeted_specific"},
    {COL_ITEM_KIND, 0, "種別", "kind"},
    {COL_ITEM_GROUP, 0, "区分", "group"},
    {COL_ITEM_LABEL, 0, "内容", "label"},
    {COL_ITEM_AMOUNT, CSV_REQUESTED, "要求額", "requested"},
    {COL_ITEM_AMOUNT, CSV_BUDGETED, "予算額", "budgeted"},
    {COL_ITEM_AMOUNT, CSV_SPECIFIC, "うち特財", "budgeted_specific"},
    {COL_FUND_SOURCE, 0, "財源", "source"},
    {COL_FUND_LABEL, 0, "財源名", "funding_label"},
    {COL_FUND_DETAIL, 0, "財源内容", "funding_detail"},
    {COL_FUND_AMOUNT, 0, "金額", "amount"},
};

#define COUNT(a) (sizeof(a) / sizeof *(a))

static const struct {
    const char *name;
    const csv_column *columns;
    size_t count;
} tables[CSV_TABLE_COUNT] = {
    [CSV_TABLE_PROJECTS] = {"projects", projects, COUNT(projects)},
    [CSV_TABLE_ITEMS] = {"items", items, COUNT(items)},
    [CSV_TABLE_FUNDING] = {"funding", funding, COUNT(funding)},
    [CSV_TABLE_FULL] = {"full", full, COUNT(full)},
};

static const char *const row_kinds[CSV_ROW_KIND_COUNT] = {
    [CSV_ROW_RECORD] = "record",
    [CSV_ROW_LINE_ITEM] = "line_item",
    [CSV_ROW_FUNDING] = "funding",
};

const csv_column *csv_table_columns(csv_table table, size_t *count)
{
    *count = tables[table].count;
    return tables[table].columns;
}

const char *csv_table_name(csv_table table)
{
    return tables[table].name;
}

bool csv_table_from_name(const char *name, csv_table *out)
{
    for (int t = 0; name != NULL && t < CSV_TABLE_COUNT; t++) {
        if (strcmp(name, tables[t].name) == 0) {
            *out = (csv_table)t;
            return true;
        }
    }
    return false;
}

const char *csv_column_name(const csv_column *col, bool english)
{
    const bc_field_info *info = NULL;
    if (col->kind == COL_TEXT)
        info = bc_text_field_info((bc_text_field)col->arg);
    else if (col->kind == COL_LIST)
        info = bc_list_field_info((bc_list_field)col->arg);
    if (info != NULL)
        return english ? info->name_en : info->name_ja;
    return english ? col->name_en : col->name_ja;
}

csv_scope csv_column_scope(const csv_column *col)
{
    switch (col->kind) {
    case COL_ROW:
    case COL_SEQ:
        return CSV_SCOPE_ROW;
    case COL_ITEM_KIND:
    case COL_ITEM_GROUP:
    case COL_ITEM_LABEL:
    case COL_ITEM_AMOUNT:
        return CSV_SCOPE_LINE_ITEM;
    case COL_FUND_SOURCE:
    case COL_FUND_LABEL:
    case COL_FUND_DETAIL:
    case COL_FUND_AMOUNT:
        return CSV_SCOPE_FUNDING;
    default:
        return CSV_SCOPE_RECORD;
    }
}

const char *csv_row_kind_name(csv_row_kind kind)
{
    return row_kinds[kind];
}

bool csv_row_kind_from_name(const char *s, size_t len, csv_row_kind *out)
{
    for (int k = 0; k < CSV_ROW_KIND_COUNT; k++) {
        if (strlen(row_kinds[k]) == len && memcmp(s, row_kinds[k], len) == 0) {
            *out = (csv_row_kind)k;
            return true;
        }
    }
    return false;
}

static bool is_trigger(char c)
{
    return c != '\0' && strchr("=+-@\t\r\n", c) != NULL;
}

bool csv_needs_guard(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] == '\'')
        i++;
    return i < len && is_trigger(s[i]);
}

bool csv_has_guard(const char *s, size_t len)
{
    return len > 1 && s[0] == '\'' && csv_needs_guard(s + 1, len - 1);
}
