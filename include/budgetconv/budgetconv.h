/*
 * budgetconv/budgetconv.h - everything a budgetconv plugin or program needs.
 */
#ifndef BUDGETCONV_H
#define BUDGETCONV_H

#include <budgetconv/amount.h>
#include <budgetconv/check.h>
#include <budgetconv/error.h>
#include <budgetconv/memory.h>
#include <budgetconv/plugin.h>
#include <budgetconv/record.h>
#include <budgetconv/views.h>
#include <budgetconv/text.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the library, e.g. "0.1.0" (static storage). */
const char *bc_version(void);

#ifdef __cplusplus
}
#endif
#endif
