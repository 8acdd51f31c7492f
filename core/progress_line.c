/* The progress line (progress_line.h). */
#include <inttypes.h>

#include "progress_line.h"

/* Shown after this long: a quick run should not flash a line. */
#define PROGRESS_DELAY 1.0
/* Redrawn at most this often. */
#define PROGRESS_PERIOD 0.2

static double since(const struct timespec *t0)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

void bc_progress_line_init(bc_progress_line *pl, FILE *fp)
{
    pl->fp = fp;
    pl->shown = false;
    pl->last = 0;
    clock_gettime(CLOCK_MONOTONIC, &pl->start);
}

void bc_progress_line_update(void *user, const bc_progress *p)
{
    bc_progress_line *pl = user;
    double t = since(&pl->start);
    if (t < PROGRESS_DELAY || t - pl->last < PROGRESS_PERIOD)
        return;
    pl->last = t;
    double mb = (double)p->bytes_read / 1e6, rate = mb / t;
    char eta[32] = "";
    if (p->bytes_total > 0 && p->bytes_read > 0 && p->bytes_read <= p->bytes_total) {
        double left = (double)(p->bytes_total - p->bytes_read) / 1e6 / rate;
        long s = (long)(left + 0.5);
        snprintf(eta, sizeof eta, ", ETA %ld:%02ld", s / 60, s % 60);
    }
    /* \r and "erase to end of line" redraw it in place; it stays shorter
     * than 80 columns so that it never wraps. */
    fprintf(pl->fp, "\r\033[Kbudgetconv: %zu/%zu inputs, %zu records, %.1f MB, %.1f MB/s%s",
            p->inputs_done, p->inputs_total, p->records, mb, rate, eta);
    fflush(pl->fp);
    pl->shown = true;
}

void bc_progress_line_clear(bc_progress_line *pl)
{
    if (pl == NULL || !pl->shown)
        return;
    fputs("\r\033[K", pl->fp);
    fflush(pl->fp);
    pl->shown = false;
}
