/*
 * funding.c - rebuilds 財源内訳.
 *
 * The bare numbers after the ⇒ column are its printed rows: each specific
 * source whose label line names a detail takes the next one, in the order
 * 国庫支出金, 都支出金, その他特財, and a number left over is 一般財源,
 * checked against the budget less the specific revenue.
 */
#include <stdlib.h>

#include "rawtext.h"

/* The printed amounts of 財源内訳 come out together (after the ⇒ column);
 * which row each belongs to is their order, so amounts printed apart are
 * reported: their order, and so the rows they fill, is the text's guess. */
static void check_amounts_together(const rt_layout *lay, const rt_diag *d)
{
    size_t first = lay->count, last = 0, count = 0;
    for (size_t k = 0; k < lay->count; k++)
        if (lay->units[k].kind == RT_NUMBER) {
            first = first < k ? first : k;
            last = k;
            count++;
        }
    if (count >= 2 && last - first + 1 != count)
        rt_warn(d, lay->units[last].lineno,
                "the %zu amounts of 財源内訳 are not printed together: the rows of funding they "
                "fill follow their order in the text",
                count);
}

static bc_status add_funding(bc_record *rec, const rt_layout *lay, const rt_diag *d)
{
    check_amounts_together(lay, d);
    /* the printed amounts, in order */
    size_t next = 0;
    long line = 0;
    for (size_t k = 0; k < lay->count && line == 0; k++)
        if (lay->units[k].kind == RT_FUND)
            line = lay->units[k].lineno;
    int64_t specific = 0;
    bool summed = true; /* false once the sum overflows */
    for (int f = 0; f < BC_FUND_GENERAL; f++) {
        const rt_unit *label = NULL;
        for (size_t k = 0; k < lay->count && label == NULL; k++)
            if (lay->units[k].kind == RT_FUND && lay->units[k].fund == f &&
                lay->units[k].rest.len > 0)
                label = &lay->units[k];
        if (label == NULL)
            continue;
        const rt_unit *amount = NULL;
        for (size_t k = next; k < lay->count && amount == NULL; k++)
            if (lay->units[k].kind == RT_NUMBER) {
                amount = &lay->units[k];
                next = k + 1;
            }
        if (amount == NULL) {
            rt_warn(d, label->lineno, "財源内訳 %s has no amount",
                    bc_fund_source_label((bc_fund_source)f));
            continue;
        }
        rt_buf detail = {NULL, 0, 0};
        if (!rt_unit_value(lay, label, label->rest, &detail)) {
            rt_buf_free(&detail);
            return BC_ERR_NOMEM;
        }
        bc_status st = bc_record_add_funding(rec, (bc_fund_source)f, bc_fund_source_label((bc_fund_source)f), detail.s,
                                             amount->amount);
        rt_buf_free(&detail);
        if (st != BC_OK)
            return st;
        summed = summed && bc_amount_add(&specific, amount->amount);
    }
    const rt_unit *general = NULL;
    size_t left = 0;
    for (size_t k = next; k < lay->count; k++)
        if (lay->units[k].kind == RT_NUMBER) {
            general = general ? general : &lay->units[k];
            left++;
        }
    /* the ⇒ total's (n) is the specific revenue too: rows lost or read as
     * 一般財源 show as a difference */
    int64_t noted = rec->total.budgeted_specific;
    if (noted != BC_AMOUNT_NULL && summed && specific != noted)
        rt_warn(d, line != 0 ? line : general != NULL ? general->lineno : d->page_line,
                "財源内訳 has specific revenue %lld but the ⇒ total says うち特財 %lld: the "
                "funding rows may be wrong",
                (long long)specific, (long long)noted);
    int64_t budget = rec->total.budgeted, rest = budget;
    bool fits = budget != BC_AMOUNT_NULL && summed && bc_amount_add(&rest, -specific);
    if (left > 1)
        rt_warn(d, general->lineno, "%zu amounts of 財源内訳 left over: the first is taken as "
                                    "一般財源", left);
    if (budget != BC_AMOUNT_NULL && !fits)
        rt_warn(d, general != NULL ? general->lineno : line,
                "財源内訳 does not add up to the budget %lld: its sums overflow", (long long)budget);
    if (general == NULL) {
        if (fits && rest != 0)
            rt_warn(d, line, "財源内訳 prints no 一般財源 but the budget exceeds the specific "
                             "revenue by %lld", (long long)rest);
        return BC_OK;
    }
    if (fits && general->amount != rest)
        rt_warn(d, general->lineno, "一般財源 %lld is not the budget %lld less specific revenue "
                                    "%lld", (long long)general->amount, (long long)budget,
                (long long)specific);
    return bc_record_add_funding(rec, BC_FUND_GENERAL, bc_fund_source_label(BC_FUND_GENERAL), NULL,
                                 general->amount);
}

bc_status rt_funding_build(const rt_layout *lay, bc_record *rec, const rt_diag *d,
                           bc_error *err)
{
    bc_status st = add_funding(rec, lay, d);
    return st == BC_OK ? BC_OK : bc_error_set(err, st, d->file, d->page_line, "out of memory");
}

