/* The NOs of one output (no_set.h): a chained hash table over an array of
 * entries.  A new entry goes to the head of its chain, so removing entries
 * newest first restores every chain exactly. */
#include <stdlib.h>

#include <budgetconv/memory.h>

#include "no_set.h"

/* Entries and inputs are counted in 32 bits: 32 bytes an entry and 4 a
 * bucket, where size_t links and places took 40 and 8.  Four thousand
 * million records would need 128 GiB of entries first. */
#define NO_NEXT_END UINT32_MAX

typedef struct entry {
    int64_t year, no;
    long line;
    uint32_t input;
    uint32_t next; /* the next entry of the chain, or NO_NEXT_END */
} entry;

struct bc_no_set {
    entry *entries;
    size_t count, cap;
    uint32_t *heads; /* per bucket: first entry, or NO_NEXT_END */
    size_t nbuckets; /* a power of two */
};

static size_t bucket(const bc_no_set *set, int64_t year, int64_t no)
{
    uint64_t h = ((uint64_t)no ^ ((uint64_t)year << 20)) * UINT64_C(0x9E3779B97F4A7C15);
    return (size_t)(h >> 32) & (set->nbuckets - 1);
}

static void link_entry(bc_no_set *set, size_t i)
{
    size_t b = bucket(set, set->entries[i].year, set->entries[i].no);
    set->entries[i].next = set->heads[b];
    set->heads[b] = (uint32_t)i;
}

/* Rebuilds the chains over `nbuckets` buckets, entries oldest first so that
 * every chain keeps newest-first order. */
static bool rehash(bc_no_set *set, size_t nbuckets)
{
    uint32_t *heads = malloc(nbuckets * sizeof *heads);
    if (heads == NULL)
        return false;
    free(set->heads);
    set->heads = heads;
    set->nbuckets = nbuckets;
    for (size_t b = 0; b < nbuckets; b++)
        heads[b] = NO_NEXT_END;
    for (size_t i = 0; i < set->count; i++)
        link_entry(set, i);
    return true;
}

bc_no_set *bc_no_set_new(void)
{
    bc_no_set *set = calloc(1, sizeof *set);
    if (set != NULL && !rehash(set, 64)) {
        free(set);
        set = NULL;
    }
    return set;
}

void bc_no_set_free(bc_no_set *set)
{
    if (set == NULL)
        return;
    free(set->entries);
    free(set->heads);
    free(set);
}

bool bc_no_set_add(bc_no_set *set, int64_t year, int64_t no, bc_no_place place,
                   bc_no_place *first, bool *oom)
{
    *oom = false;
    for (uint32_t i = set->heads[bucket(set, year, no)]; i != NO_NEXT_END;
         i = set->entries[i].next)
        if (set->entries[i].no == no && set->entries[i].year == year) {
            *first = (bc_no_place){set->entries[i].input, set->entries[i].line};
            return true;
        }
    entry *e = set->count < NO_NEXT_END && place.input <= UINT32_MAX
                   ? bc_grow(set->entries, &set->cap, set->count + 1, sizeof *e)
                   : NULL;
    if (e == NULL) {
        *oom = true;
        return false;
    }
    set->entries = e;
    e[set->count] = (entry){year, no, place.line, (uint32_t)place.input, NO_NEXT_END};
    link_entry(set, set->count++);
    if (set->count > set->nbuckets && set->nbuckets <= SIZE_MAX / 2 / sizeof(uint32_t))
        (void)rehash(set, set->nbuckets * 2); /* longer chains if this fails */
    return false;
}

size_t bc_no_set_count(const bc_no_set *set)
{
    return set->count;
}

void bc_no_set_undo(bc_no_set *set, size_t mark)
{
    while (set->count > mark) {
        entry *e = &set->entries[--set->count];
        set->heads[bucket(set, e->year, e->no)] = e->next;
    }
}

void bc_no_set_clear(bc_no_set *set)
{
    bc_no_set_undo(set, 0);
}
