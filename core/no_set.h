/*
 * no_set.h - the NOs (with their fiscal year) already written to one output
 * and where each came from, so that a NO seen twice can be reported with
 * both places.  It is
 * the one thing in a run that grows with the number of records: about 40 bytes a
 * record (an entry of 32, a bucket of 4, and room to grow).  Entries are undone in the reverse order of their adding, which
 * lets the driver forget an input that failed part-way.
 */
#ifndef BC_NO_SET_H
#define BC_NO_SET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct bc_no_place {
    size_t input; /**< index of the input in the run */
    long line;    /**< line of the record in it, 0 when unknown */
} bc_no_place;

typedef struct bc_no_set bc_no_set;

/** A new, empty set; NULL when out of memory. */
bc_no_set *bc_no_set_new(void);

/** Frees the set; `set` may be NULL. */
void bc_no_set_free(bc_no_set *set);

/**
 * Adds NO `no` of fiscal year `year` (either may be BC_AMOUNT_NULL) at
 * `place`.  When it is already there, copies its first place into `*first`,
 * adds nothing and returns true.  Returns false otherwise; `*oom` tells
 * whether adding failed for want of memory.
 */
bool bc_no_set_add(bc_no_set *set, int64_t year, int64_t no, bc_no_place place,
                   bc_no_place *first, bool *oom);

/** How many NOs the set holds: a mark for bc_no_set_undo(). */
size_t bc_no_set_count(const bc_no_set *set);

/** Forgets every NO added since the count was `mark`. */
void bc_no_set_undo(bc_no_set *set, size_t mark);

/** Forgets everything (a new output). */
void bc_no_set_clear(bc_no_set *set);

#endif
