/*
 * budgetconv/check.h - arithmetic checks of a record (`--check`).
 */
#ifndef BUDGETCONV_CHECK_H
#define BUDGETCONV_CHECK_H

#include <stddef.h>

#include <budgetconv/record.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Receives one mismatch as an English sentence (borrowed for the call). */
typedef void (*bc_check_report)(void *user, const char *message);

/**
 * Verifies that items sum to their subtotal and subtotals (or, without
 * subtotals, items) to the total, for the requested, budgeted and specific
 * amounts; that funding rows sum to the budgeted total; and that the specific
 * sources sum to the specific revenue.  Calls `report` once per mismatch and
 * returns how many there were.  Amounts that are not stated are skipped.
 */
size_t bc_record_check(const bc_record *rec, bc_check_report report,
                       void *user);

#ifdef __cplusplus
}
#endif
#endif
