/* Core tests: arithmetic checks (bc_record_check). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include <budgetconv/budgetconv.h>

#include "leak_check.h"

/* A consistent sheet: two groups, a total, and funding rows that match.
 *   A 小計 100 ⇒ 90 (20):  a1 60 ⇒ 50 (20), a2 40 ⇒ 40
 *   B 小計  50 ⇒ 50:       b1 50 ⇒ 50
 *   合計   150 ⇒ 140 (20); 財源: 国庫支出金 20, 一般財源 120 */
static void consistent_record(bc_record *rec)
{
    bc_record_init(rec);
    rec->no = 59;
    bc_record_add_line_item(rec, BC_ITEM_SUBTOTAL, NULL, "A", 100, 90, 20);
    bc_record_add_line_item(rec, BC_ITEM_ITEM, "A", "a1", 60, 50, 20);
    bc_record_add_line_item(rec, BC_ITEM_ITEM, "A", "a2", 40, 40, BC_AMOUNT_NULL);
    bc_record_add_line_item(rec, BC_ITEM_SUBTOTAL, NULL, "B", 50, 50, BC_AMOUNT_NULL);
    bc_record_add_line_item(rec, BC_ITEM_ITEM, "B", "b1", 50, 50, BC_AMOUNT_NULL);
    rec->total = (bc_total){150, 140, 20};
    bc_record_add_funding(rec, BC_FUND_NATIONAL, "国庫支出金", NULL, 20);
    bc_record_add_funding(rec, BC_FUND_GENERAL, "一般財源", NULL, 120);
}

typedef struct reports {
    size_t count;
    char last[512];
} reports;

static void collect(void *user, const char *message)
{
    reports *r = user;
    r->count++;
    snprintf(r->last, sizeof r->last, "%s", message);
}

static reports run_check(const bc_record *rec)
{
    reports r = {0, ""};
    size_t n = bc_record_check(rec, collect, &r);
    cr_expect_eq(n, r.count, "return value is the number of reports");
    return r;
}

BC_TEST(check, consistent_record_gives_no_report)
{
    bc_record rec;
    consistent_record(&rec);
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 0, "unexpected: %s", r.last);
    bc_record_clear(&rec);
}

BC_TEST(check, items_without_subtotals_sum_to_the_total)
{
    bc_record rec;
    bc_record_init(&rec);
    rec.no = 60;
    bc_record_add_line_item(&rec, BC_ITEM_ITEM, NULL, "x", 4001, BC_AMOUNT_NULL, BC_AMOUNT_NULL);
    bc_record_add_line_item(&rec, BC_ITEM_ITEM, NULL, "y", 999, BC_AMOUNT_NULL, BC_AMOUNT_NULL);
    rec.total.requested = 5000;
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 0, "unexpected: %s", r.last);
    rec.total.requested = 5001;
    r = run_check(&rec);
    cr_expect_eq(r.count, 1);
    cr_expect_str_eq(r.last, "NO 60: requested total is 5001 but its parts sum to 5000");
    bc_record_clear(&rec);
}

BC_TEST(check, empty_record_gives_no_report)
{
    bc_record rec;
    bc_record_init(&rec);
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 0, "unexpected: %s", r.last);
}

/* One way of breaking the consistent record, and the one report it gives. */
typedef enum breakage {
    ITEM_REQUESTED,
    ITEM_BUDGETED,
    ITEM_SPECIFIC,
    TOTAL_REQUESTED,
    TOTAL_BUDGETED,
    GENERAL_FUNDING,
    SPECIFIC_FUNDING,
} breakage;

typedef struct check_case {
    breakage what;
    char message[160];
} check_case;

ParameterizedTestParameters(check, each_mismatch_gives_one_report)
{
    static check_case cases[] = {
        {ITEM_REQUESTED, "NO 59: requested of subtotal \"A\" is 100 but its parts sum to 99"},
        {ITEM_BUDGETED, "NO 59: budgeted of subtotal \"B\" is 50 but its parts sum to 49"},
        {ITEM_SPECIFIC, "NO 59: specific of subtotal \"A\" is 20 but its parts sum to 19"},
        {TOTAL_REQUESTED, "NO 59: requested total is 151 but its parts sum to 150"},
        {TOTAL_BUDGETED, "NO 59: budgeted total (against funding rows) is 141 but its parts sum to 140"},
        {GENERAL_FUNDING, "NO 59: budgeted total (against funding rows) is 140 but its parts sum to 141"},
        {SPECIFIC_FUNDING, "NO 59: specific revenue (against specific funding rows) is 20 but its parts sum to 21"},
    };
    return cr_make_param_array(check_case, cases, sizeof cases / sizeof *cases);
}

BC_PARAM_TEST(check_case, c, check, each_mismatch_gives_one_report)
{
    bc_record rec;
    consistent_record(&rec);
    switch (c->what) {
    case ITEM_REQUESTED: rec.line_items[2].requested = 39; break;
    case ITEM_BUDGETED: rec.line_items[4].budgeted = 49; break;
    case ITEM_SPECIFIC: rec.line_items[1].budgeted_specific = 19; break;
    case TOTAL_REQUESTED: rec.total.requested = 151; break;
    /* The table still sums to 140; the funding rows no longer do. */
    case TOTAL_BUDGETED:
        rec.total.budgeted = 141;
        rec.line_items[3].budgeted = 51;
        rec.line_items[4].budgeted = 51;
        break;
    case GENERAL_FUNDING: rec.funding[1].amount = 121; break;
    /* Still 140 in all, but 21 of it specific. */
    case SPECIFIC_FUNDING:
        rec.funding[0].amount = 21;
        rec.funding[1].amount = 119;
        break;
    }
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 1, "got %zu reports, last: %s", r.count, r.last);
    cr_expect_str_eq(r.last, c->message);
    bc_record_clear(&rec);
}

BC_TEST(check, unstated_amounts_are_skipped)
{
    bc_record rec;
    consistent_record(&rec);
    rec.line_items[2].requested = BC_AMOUNT_NULL; /* a2 not stated: A = 60 */
    rec.line_items[0].requested = 60;
    rec.total.budgeted_specific = BC_AMOUNT_NULL;
    for (size_t i = 0; i < rec.line_item_count; i++)
        rec.line_items[i].budgeted_specific = BC_AMOUNT_NULL;
    rec.funding[0].source = BC_FUND_GENERAL;
    rec.total.requested = 110;
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 0, "unexpected: %s", r.last);
    bc_record_clear(&rec);
}

BC_TEST(check, huge_amounts_do_not_overflow)
{
    /* Two items of INT64_MAX wrap to -2 in int64 arithmetic; a total of -2
     * must not pass for their sum (and the sum must not be undefined). */
    bc_record rec;
    bc_record_init(&rec);
    rec.no = 61;
    bc_record_add_line_item(&rec, BC_ITEM_ITEM, NULL, "x", INT64_MAX, BC_AMOUNT_NULL, BC_AMOUNT_NULL);
    bc_record_add_line_item(&rec, BC_ITEM_ITEM, NULL, "y", INT64_MAX, BC_AMOUNT_NULL, BC_AMOUNT_NULL);
    rec.total.requested = -2;
    reports r = run_check(&rec);
    cr_expect_eq(r.count, 1);
    cr_expect_str_eq(r.last, "NO 61: requested total is -2 but its parts sum to more than 9223372036854775807");
    bc_record_clear(&rec);
}
