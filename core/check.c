/* Arithmetic checks of a record (budgetconv/check.h). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>

#include <budgetconv/amount.h>
#include <budgetconv/check.h>

typedef struct checker {
    const bc_record *rec;
    bc_check_report report;
    void *user;
    size_t count;
} checker;

static const char *const column_names[] = {"requested", "budgeted", "specific"};

static int64_t item_column(const bc_line_item *it, int column)
{
    return column == 0 ? it->requested : column == 1 ? it->budgeted : it->budgeted_specific;
}

static int64_t total_column(const bc_total *t, int column)
{
    return column == 0 ? t->requested : column == 1 ? t->budgeted : t->budgeted_specific;
}

/* A running sum of amounts from the input.  It remembers leaving the int64
 * range instead of wrapping: a wrapped sum is undefined behaviour and could
 * even equal a bogus stated amount. */
typedef struct sum {
    int64_t value;
    int overflow; /* 0 in range; +1 above it, -1 below it (sticky) */
} sum;

static void add(sum *s, int64_t v)
{
    if (s->overflow == 0 && !bc_amount_add(&s->value, v))
        s->overflow = v > 0 ? 1 : -1;
}

static bool sum_equals(const sum *s, int64_t v)
{
    return s->overflow == 0 && s->value == v;
}

static void mismatch(checker *c, const char *what, int64_t want, const sum *got)
{
    char msg[768];
    if (got->overflow != 0)
        snprintf(msg, sizeof msg, "NO %" PRId64 ": %s is %" PRId64 " but its parts sum to %s %" PRId64,
                 c->rec->no, what, want, got->overflow > 0 ? "more than" : "less than",
                 got->overflow > 0 ? INT64_MAX : INT64_MIN);
    else
        snprintf(msg, sizeof msg, "NO %" PRId64 ": %s is %" PRId64 " but its parts sum to %" PRId64,
                 c->rec->no, what, want, got->value);
    c->report(c->user, msg);
    c->count++;
}

/* Sums `column` over items that belong to the subtotal at `start` (the rows
 * after it up to the next subtotal).  A column that no part states is left
 * unchecked: *any is false then. */
static sum sum_group(const bc_record *rec, size_t start, int column, bool *any)
{
    sum total = {0, 0};
    *any = false;
    for (size_t i = start + 1; i < rec->line_item_count; i++) {
        if (rec->line_items[i].kind == BC_ITEM_SUBTOTAL)
            break;
        int64_t v = item_column(&rec->line_items[i], column);
        if (v != BC_AMOUNT_NULL)
            add(&total, v), *any = true;
    }
    return total;
}

static void check_table(checker *c, int column)
{
    const bc_record *rec = c->rec;
    bool has_subtotals = false;
    sum top = {0, 0};
    bool top_any = false;
    char what[512];
    for (size_t i = 0; i < rec->line_item_count; i++) {
        const bc_line_item *it = &rec->line_items[i];
        if (it->kind == BC_ITEM_SUBTOTAL)
            has_subtotals = true;
    }
    for (size_t i = 0; i < rec->line_item_count; i++) {
        const bc_line_item *it = &rec->line_items[i];
        int64_t v = item_column(it, column);
        if (it->kind == BC_ITEM_SUBTOTAL) {
            bool any;
            sum parts = sum_group(rec, i, column, &any);
            if (v != BC_AMOUNT_NULL && any && !sum_equals(&parts, v)) {
                snprintf(what, sizeof what, "%s of subtotal \"%s\"", column_names[column],
                         it->label != NULL ? it->label : "");
                mismatch(c, what, v, &parts);
            }
        }
        if ((it->kind == BC_ITEM_SUBTOTAL) == has_subtotals && v != BC_AMOUNT_NULL)
            add(&top, v), top_any = true;
    }
    int64_t t = total_column(&rec->total, column);
    if (t != BC_AMOUNT_NULL && top_any && !sum_equals(&top, t)) {
        snprintf(what, sizeof what, "%s total", column_names[column]);
        mismatch(c, what, t, &top);
    }
}

static void check_funding(checker *c)
{
    const bc_record *rec = c->rec;
    if (rec->funding_count == 0)
        return;
    sum all = {0, 0}, specific = {0, 0};
    for (size_t i = 0; i < rec->funding_count; i++) {
        const bc_funding *f = &rec->funding[i];
        if (f->amount == BC_AMOUNT_NULL)
            continue;
        add(&all, f->amount);
        if (f->source != BC_FUND_GENERAL)
            add(&specific, f->amount);
    }
    if (rec->total.budgeted != BC_AMOUNT_NULL && !sum_equals(&all, rec->total.budgeted))
        mismatch(c, "budgeted total (against funding rows)", rec->total.budgeted, &all);
    int64_t want_specific = rec->total.budgeted_specific == BC_AMOUNT_NULL
                                ? 0 : rec->total.budgeted_specific;
    if (rec->total.budgeted != BC_AMOUNT_NULL && !sum_equals(&specific, want_specific))
        mismatch(c, "specific revenue (against specific funding rows)", want_specific, &specific);
}

size_t bc_record_check(const bc_record *rec, bc_check_report report, void *user)
{
    checker c = {rec, report, user, 0};
    for (int column = 0; column < 3; column++)
        check_table(&c, column);
    check_funding(&c);
    return c.count;
}
