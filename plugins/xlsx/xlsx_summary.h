/*
 * xlsx_summary.h - the 集計 sheet: totals and per-group tables as live
 * formulas over the data sheets, with their values cached, and a chart.
 *
 * The sheet comes first in the workbook but needs every record, so it is
 * added first and written last: in constant_memory mode each worksheet has
 * its own temporary file, and only the order of rows within one worksheet
 * matters.  Meanwhile xlsx_summary_add() keeps, per record, the running sums
 * that the cached values need, and per group (bureau, account, request type)
 * its count and sums: memory grows with the number of distinct groups, which
 * is capped (XLSX_GROUPS_MAX per table, longer keys than XLSX_GROUP_KEY_MAX
 * bytes are not listed), never with the number of records.
 *
 * The formulas are those Excel, LibreOffice and Gnumeric all compute alike:
 * ROWS, SUM, SUMPRODUCT over a comparison with a constant, IF, and array
 * formulas {=SUM(EXACT(range,key)*range)} for groups.  EXACT because `=`
 * ignores case, and differently in each program (Gnumeric also folds
 * full-width letters); criteria functions such as SUMIFS would read a key
 * like `>5` or `a*` as an operator or a wildcard.  Records outside the
 * listed groups (no value, or too many groups) make one row, computed as
 * the total less the listed groups.
 */
#ifndef XLSX_SUMMARY_H
#define XLSX_SUMMARY_H

#include <budgetconv/budgetconv.h>

#include "xlsx_sheet.h"

/** Most groups listed per table. */
#define XLSX_GROUPS_MAX 200
/** Longest key, in bytes, of a listed group. */
#define XLSX_GROUP_KEY_MAX 1024

/** The tables of groups: by 所管部, 款 and 要求区分. */
enum { XLSX_BY_BUREAU, XLSX_BY_ACCOUNT, XLSX_BY_REQUEST_TYPE, XLSX_BY_COUNT };

/** The amounts of 事業一覧 the totals show, in the summary's order. */
enum {
    XLSX_T_REQUESTED, XLSX_T_BUDGETED, XLSX_T_SPECIFIC, XLSX_T_NATIONAL,
    XLSX_T_METROPOLITAN, XLSX_T_OTHER_SPECIFIC, XLSX_T_GENERAL, XLSX_T_COUNT
};

typedef struct xlsx_group {
    char *key; /* the cell's text, as cut to fit (owned) */
    double count, requested, budgeted;
} xlsx_group;

typedef struct xlsx_grouping {
    xlsx_group *groups;
    size_t count, capacity;
    xlsx_group rest; /* records in no listed group; key unused */
    bool full;       /* some key was left out for want of room */
    bool long_key;   /* some key was left out for its length */
} xlsx_grouping;

typedef struct xlsx_summary {
    bool en;
    /* Columns of 事業一覧 and 要求内容 the formulas read. */
    lxw_col_t by_col[XLSX_BY_COUNT], total_col[XLSX_T_COUNT];
    lxw_col_t kind_col, item_col[2], amount_col;
    double records, total[XLSX_T_COUNT];
    double items, item_sum[2]; /* line items; requested and budgeted of 明細 rows */
    double funding, funding_sum;
    xlsx_grouping by[XLSX_BY_COUNT];
} xlsx_summary;

/** Prepares `sum` for the tables of budgetconv/views.h.  BC_ERR_SOFTWARE
 *  when a column the summary reads is missing from them. */
bc_status xlsx_summary_init(xlsx_summary *sum, bool en);

/** Counts `rec` in.  BC_ERR_NOMEM when a new group cannot be kept. */
bc_status xlsx_summary_add(xlsx_summary *sum, const bc_record *rec);

/** Writes the sheet `ws` over the finished tables (`tables`, indexed by
 *  XLSX_SHEET_*), and its chart; `*cells` is how many cells it wrote. */
lxw_error xlsx_summary_write(const xlsx_summary *sum, lxw_workbook *wb, lxw_worksheet *ws,
                             const xlsx_sheet *tables, const xlsx_formats *fmt,
                             uint64_t *cells);

/** Frees what `sum` owns. */
void xlsx_summary_free(xlsx_summary *sum);

/** The name of the summary sheet. */
const char *xlsx_summary_name(bool en);

#endif
