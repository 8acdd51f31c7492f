/*
 * The csv tables: the three people's tables are libbudgetconv's (views.h);
 * full is described here, for the exporter and the importer.
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

#define OWN(k, ja, en) {k, {.name_ja = ja, .name_en = en}}
#define CELL(k, arg, ja, en, amount) {COL_CELL, {k, arg, ja, en, amount}}
#define TEXT(f) CELL(BC_COL_TEXT, f, NULL, NULL, false)
#define LIST(l) CELL(BC_COL_LIST, l, NULL, NULL, false)

static const csv_column full[] = {
    OWN(COL_ROW, "行種別", "row"),
    OWN(COL_SEQ, "行番号", "seq"),
    CELL(BC_COL_NO, 0, "NO", "no", false),
    OWN(COL_FISCAL_YEAR, "年度", "fiscal_year"),
    TEXT(BC_F_DOCUMENT),
    TEXT(BC_F_TITLE),
    TEXT(BC_F_BUREAU),
    TEXT(BC_F_DIVISION),
    TEXT(BC_F_ACCOUNT),
    TEXT(BC_F_FUND),
    TEXT(BC_F_REQUEST_TYPE),
    TEXT(BC_F_UNIT),
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
    TEXT(BC_F_EVALUATION),
    TEXT(BC_F_DEBT_BURDEN),
    CELL(BC_COL_TOTAL, BC_A_REQUESTED, "合計要求額", "total_requested", true),
    CELL(BC_COL_TOTAL, BC_A_BUDGETED, "合計予算額", "total_budgeted", true),
    CELL(BC_COL_TOTAL, BC_A_BUDGETED_SPECIFIC, "合計うち特財", "total_budgeted_specific", true),
    CELL(BC_COL_ITEM_KIND, 0, "種別", "kind", false),
    CELL(BC_COL_ITEM_GROUP, 0, "区分", "group", false),
    CELL(BC_COL_ITEM_LABEL, 0, "内容", "label", false),
    CELL(BC_COL_ITEM_AMOUNT, BC_A_REQUESTED, "要求額", "requested", true),
    CELL(BC_COL_ITEM_AMOUNT, BC_A_BUDGETED, "予算額", "budgeted", true),
    CELL(BC_COL_ITEM_AMOUNT, BC_A_BUDGETED_SPECIFIC, "うち特財", "budgeted_specific", true),
    CELL(BC_COL_FUND_SOURCE, 0, "財源", "source", false),
    OWN(COL_FUND_LABEL, "財源名", "funding_label"),
    CELL(BC_COL_FUND_DETAIL, 0, "財源内容", "funding_detail", false),
    CELL(BC_COL_FUND_AMOUNT, 0, "金額", "amount", true),
};

static const char *const table_names[CSV_TABLE_COUNT] = {
    [CSV_TABLE_PROJECTS] = "projects",
    [CSV_TABLE_ITEMS] = "items",
    [CSV_TABLE_FUNDING] = "funding",
    [CSV_TABLE_FULL] = "full",
};

static const char *const row_kinds[CSV_ROW_KIND_COUNT] = {
    [CSV_ROW_RECORD] = "record",
    [CSV_ROW_LINE_ITEM] = "line_item",
    [CSV_ROW_FUNDING] = "funding",
};

const csv_column *csv_full_columns(size_t *count)
{
    *count = sizeof full / sizeof *full;
    return full;
}

size_t csv_table_width(csv_table table)
{
    size_t count;
    if (table == CSV_TABLE_FULL)
        csv_full_columns(&count);
    else
        bc_table_columns((bc_table)table, &count);
    return count;
}

const char *csv_table_header(csv_table table, size_t i, bool english)
{
    size_t count;
    if (table == CSV_TABLE_FULL)
        return csv_column_name(&csv_full_columns(&count)[i], english);
    return bc_column_header(&bc_table_columns((bc_table)table, &count)[i], english);
}

const char *csv_table_name(csv_table table)
{
    return table_names[table];
}

bool csv_table_from_name(const char *name, csv_table *out)
{
    for (int t = 0; name != NULL && t < CSV_TABLE_COUNT; t++) {
        if (strcmp(name, table_names[t]) == 0) {
            *out = (csv_table)t;
            return true;
        }
    }
    return false;
}

const char *csv_column_name(const csv_column *col, bool english)
{
    return bc_column_header(&col->cell, english);
}

csv_scope csv_column_scope(const csv_column *col)
{
    switch (col->kind) {
    case COL_ROW:
    case COL_SEQ:
        return CSV_SCOPE_ROW;
    case COL_FUND_LABEL:
        return CSV_SCOPE_FUNDING;
    case COL_FISCAL_YEAR:
        return CSV_SCOPE_RECORD;
    case COL_CELL:
        break;
    }
    switch (col->cell.kind) {
    case BC_COL_ITEM_KIND:
    case BC_COL_ITEM_GROUP:
    case BC_COL_ITEM_LABEL:
    case BC_COL_ITEM_AMOUNT:
        return CSV_SCOPE_LINE_ITEM;
    case BC_COL_FUND_SOURCE:
    case BC_COL_FUND_DETAIL:
    case BC_COL_FUND_AMOUNT:
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

/* Where a spreadsheet sees a formula: = + - @ after any blanks (Excel and
 * LibreOffice skip spaces, TABs and U+3000 before them), or a TAB, CR or LF
 * in the first place. */
static bool formula_start(const char *s, size_t len)
{
    if (len > 0 && (s[0] == '\t' || s[0] == '\r' || s[0] == '\n'))
        return true;
    size_t i = 0;
    for (;;) {
        if (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        else if (len - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0)
            i += 3;
        else
            break;
    }
    return i < len && s[i] != '\0' && strchr("=+-@", s[i]) != NULL;
}

bool csv_needs_guard(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len && s[i] == '\'')
        i++;
    return formula_start(s + i, len - i);
}

bool csv_has_guard(const char *s, size_t len)
{
    return len > 1 && s[0] == '\'' && csv_needs_guard(s + 1, len - 1);
}
