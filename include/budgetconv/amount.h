/*
 * budgetconv/amount.h - amounts as the 概要書 prints them.
 */
#ifndef BUDGETCONV_AMOUNT_H
#define BUDGETCONV_AMOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An amount that the document does not state. */
#define BC_AMOUNT_NULL INT64_MIN

/**
 * Parses an amount such as `53,680`, `0`, `1234` or a negative one written
 * with a leading `-`, `△` or `▲`.  Thousands separators must group by three.
 * The whole of `s[0..len)` must be the amount.  Returns false (leaving `*out`
 * alone) for anything else, including values that do not fit in int64_t.
 */
bool bc_amount_parse(const char *s, size_t len, int64_t *out);

/**
 * Adds `value` to `*sum`, both stated amounts (not BC_AMOUNT_NULL).  Returns
 * false, leaving `*sum` alone, when the result does not fit in int64_t or
 * would read as BC_AMOUNT_NULL: amounts come from hostile input, and a
 * wrapped sum is undefined behaviour that could even match a bogus total.
 * Subtract by adding the negation (safe for any stated amount).
 */
bool bc_amount_add(int64_t *sum, int64_t value);

/**
 * Writes `value` with thousands separators (`-1,234`) into `buf` of `size`
 * bytes, NUL-terminated.  Returns the length it needs (as snprintf does).
 */
int bc_amount_format(int64_t value, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
