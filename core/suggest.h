/*
 * suggest.h - "did you mean …?" for a mistyped option or format name.
 */
#ifndef BC_SUGGEST_H
#define BC_SUGGEST_H

#include <stddef.h>

/**
 * Of the `count` names in `names` (borrowed), the one closest to `typed` in
 * edit distance (an adjacent swap counts as one edit), or NULL when none is
 * close enough to be what was meant.
 */
const char *bc_suggest(const char *typed, const char *const *names, size_t count);

#endif
