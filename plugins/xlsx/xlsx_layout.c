/* The columns of the xlsx export (xlsx_layout.h). */
#include "xlsx_layout.h"

#define TEXT(f, k) {XLSX_SRC_TEXT, f, k, NULL, NULL}
#define LIST(l) {XLSX_SRC_LIST, l, XLSX_LONG_TEXT, NULL, NULL}
#define FUND(s) {XLSX_SRC_FUNDING, s, XLSX_AMOUNT, NULL, NULL}
/* A column of 要求内容 or 財源内訳, whose cells the exporter fills by position. */
#define COL(k, ja_, en_) {.kind = k, .ja = ja_, .en = en_}

/* The brief's order: identity, money, then the boxes of the form in their
 * printed order (the lists ８ and ９ sit between ７ and 11, as in JSON). */
const xlsx_column xlsx_project_columns[] = {
    {XLSX_SRC_NO, 0, XLSX_NUMBER, "NO", "no"},
    {XLSX_SRC_FISCAL_YEAR, 0, XLSX_NUMBER, "年度", "fiscal_year"},
    TEXT(BC_F_TITLE, XLSX_TEXT),
    TEXT(BC_F_BUREAU, XLSX_TEXT),
    TEXT(BC_F_DIVISION, XLSX_TEXT),
    TEXT(BC_F_ACCOUNT, XLSX_TEXT),
    TEXT(BC_F_FUND, XLSX_TEXT),
    TEXT(BC_F_REQUEST_TYPE, XLSX_TEXT),
    TEXT(BC_F_UNIT, XLSX_TEXT),
    {XLSX_SRC_TOTAL_REQUESTED, 0, XLSX_AMOUNT, "要求額", "requested"},
    {XLSX_SRC_TOTAL_BUDGETED, 0, XLSX_AMOUNT, "予算額", "budgeted"},
    {XLSX_SRC_TOTAL_SPECIFIC, 0, XLSX_AMOUNT, "うち特財", "budgeted_specific"},
    FUND(BC_FUND_NATIONAL),
    FUND(BC_FUND_METROPOLITAN),
    FUND(BC_FUND_OTHER_SPECIFIC),
    FUND(BC_FUND_GENERAL),
    TEXT(BC_F_EVALUATION, XLSX_TEXT),
    TEXT(BC_F_DESCRIPTION, XLSX_LONG_TEXT),
    TEXT(BC_F_BACKGROUND, XLSX_LONG_TEXT),
    TEXT(BC_F_REQUEST_DETAILS, XLSX_LONG_TEXT),
    TEXT(BC_F_EXPECTED_OUTCOMES, XLSX_LONG_TEXT),
    TEXT(BC_F_PEER_TRENDS, XLSX_LONG_TEXT),
    LIST(BC_L_PLANS),
    LIST(BC_L_LAWS),
    TEXT(BC_F_FUNDING_PLAN, XLSX_LONG_TEXT),
    TEXT(BC_F_SCHEDULE, XLSX_LONG_TEXT),
    TEXT(BC_F_FUTURE_COSTS, XLSX_LONG_TEXT),
    TEXT(BC_F_BUDGET_RATIONALE, XLSX_LONG_TEXT),
    TEXT(BC_F_DEBT_BURDEN, XLSX_LONG_TEXT),
};
const size_t xlsx_project_column_count =
    sizeof xlsx_project_columns / sizeof xlsx_project_columns[0];

const xlsx_column xlsx_item_columns[] = {
    [XLSX_ITEM_NO] = COL(XLSX_NUMBER, "NO", "no"),
    [XLSX_ITEM_TITLE] = TEXT(BC_F_TITLE, XLSX_TEXT),
    [XLSX_ITEM_KIND] = COL(XLSX_TEXT, "区分", "kind"),
    [XLSX_ITEM_GROUP] = COL(XLSX_TEXT, "種別", "group"),
    [XLSX_ITEM_LABEL] = COL(XLSX_TEXT, "内容", "label"),
    [XLSX_ITEM_REQUESTED] = COL(XLSX_AMOUNT, "要求額", "requested"),
    [XLSX_ITEM_BUDGETED] = COL(XLSX_AMOUNT, "予算額", "budgeted"),
    [XLSX_ITEM_SPECIFIC] = COL(XLSX_AMOUNT, "うち特財", "budgeted_specific"),
};
const size_t xlsx_item_column_count = sizeof xlsx_item_columns / sizeof xlsx_item_columns[0];

const xlsx_column xlsx_funding_columns[] = {
    [XLSX_FUND_NO] = COL(XLSX_NUMBER, "NO", "no"),
    [XLSX_FUND_TITLE] = TEXT(BC_F_TITLE, XLSX_TEXT),
    [XLSX_FUND_SOURCE] = COL(XLSX_TEXT, "財源", "source"),
    [XLSX_FUND_DETAIL] = COL(XLSX_TEXT, "内容", "detail"),
    [XLSX_FUND_AMOUNT] = COL(XLSX_AMOUNT, "金額", "amount"),
};
const size_t xlsx_funding_column_count =
    sizeof xlsx_funding_columns / sizeof xlsx_funding_columns[0];

_Static_assert(sizeof xlsx_project_columns / sizeof xlsx_project_columns[0] <= XLSX_MAX_COLUMNS,
               "XLSX_MAX_COLUMNS too small");

const char *xlsx_column_header(const xlsx_column *c, bool en)
{
    if (c->ja != NULL)
        return en ? c->en : c->ja;
    if (c->source == XLSX_SRC_FUNDING)
        return en ? bc_fund_source_key(c->index) : bc_fund_source_label(c->index);
    const bc_field_info *info = c->source == XLSX_SRC_LIST ? bc_list_field_info(c->index)
                                                          : bc_text_field_info(c->index);
    return en ? info->name_en : info->name_ja;
}

const char *xlsx_sheet_name(int sheet, bool en)
{
    static const char *const names[XLSX_SHEET_COUNT][2] = {
        [XLSX_SHEET_PROJECTS] = {"事業一覧", "projects"},
        [XLSX_SHEET_ITEMS] = {"要求内容", "line_items"},
        [XLSX_SHEET_FUNDING] = {"財源内訳", "funding"},
    };
    return names[sheet][en];
}

const char *xlsx_item_kind_name(bc_item_kind kind, bool en)
{
    if (kind == BC_ITEM_SUBTOTAL)
        return en ? "subtotal" : "小計";
    return en ? "item" : "明細";
}
