/*
 * xlsx_quiet.h - standard error set aside around libxlsxwriter's calls.
 *
 * libxlsxwriter prints `[ERROR] …` and `[WARNING] …` lines on standard
 * error as well as returning an error code.  The code is what the exporter
 * reports, in budgetconv's own words; the lines would tell the user the same
 * thing twice, in another voice.  Between start and stop, file descriptor 2
 * goes to /dev/null; nothing of budgetconv's may be printed meanwhile
 * (warnings wait until after stop).
 */
#ifndef XLSX_QUIET_H
#define XLSX_QUIET_H

typedef struct xlsx_quiet {
    int saved; /* the real standard error, or -1 when it was not set aside */
} xlsx_quiet;

/** Sets standard error aside; when that fails, it stays as it is. */
void xlsx_quiet_start(xlsx_quiet *q);

/** Puts standard error back. */
void xlsx_quiet_stop(xlsx_quiet *q);

#endif
