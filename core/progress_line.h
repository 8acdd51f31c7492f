/*
 * progress_line.h - the driver's progress line on a terminal: inputs done,
 * records, megabytes read, rate and time left, redrawn in place.  It
 * appears only once a run has taken a second, and every message the driver
 * prints clears it first, so the two never share a line.
 */
#ifndef BC_PROGRESS_LINE_H
#define BC_PROGRESS_LINE_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "convert.h"

typedef struct bc_progress_line {
    FILE *fp;              /**< a terminal */
    bool shown;            /**< a line is on the screen now */
    struct timespec start; /**< when the run began */
    double last;           /**< seconds since start of the last redraw */
} bc_progress_line;

/** Starts timing a run whose progress goes to `fp` (borrowed). */
void bc_progress_line_init(bc_progress_line *pl, FILE *fp);

/** A bc_progress_fn: redraws the line (`user` is the bc_progress_line). */
void bc_progress_line_update(void *user, const bc_progress *p);

/** Removes the line from the screen, if it is there.  `pl` may be NULL. */
void bc_progress_line_clear(bc_progress_line *pl);

#endif
