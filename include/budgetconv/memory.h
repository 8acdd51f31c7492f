/*
 * budgetconv/memory.h - growing arrays, the one allocation pattern that
 * every importer, exporter and the registry share.
 */
#ifndef BUDGETCONV_MEMORY_H
#define BUDGETCONV_MEMORY_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Makes room in `array` (malloc'd, or NULL) of `*capacity` elements of
 * `size` bytes for at least `need` elements, doubling its capacity (16 at
 * first).  Elements beyond the old capacity are zeroed.  Returns the array
 * to use from now on and updates `*capacity`, or returns NULL — leaving
 * `array`, still owned by the caller, and `*capacity` unchanged — when out
 * of memory or when the size would not fit in size_t.
 *
 *     bc_line_item *p = bc_grow(items, &cap, count + 1, sizeof *p);
 *     if (p == NULL) return BC_ERR_NOMEM;
 *     items = p;
 */
void *bc_grow(void *array, size_t *capacity, size_t need, size_t size);

#ifdef __cplusplus
}
#endif
#endif
