/* Growing arrays (budgetconv/memory.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <budgetconv/memory.h>

void *bc_grow(void *array, size_t *capacity, size_t need, size_t size)
{
    if (need <= *capacity)
        return array;
    size_t cap = *capacity ? *capacity : 16;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return NULL;
        cap *= 2;
    }
    if (size == 0 || cap > SIZE_MAX / size)
        return NULL;
    char *p = realloc(array, cap * size);
    if (p == NULL)
        return NULL;
    memset(p + *capacity * size, 0, (cap - *capacity) * size);
    *capacity = cap;
    return p;
}
