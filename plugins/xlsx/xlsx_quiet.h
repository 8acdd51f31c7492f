/*
 * xlsx_quiet.h - standard error set aside around libxlsxwriter's calls.
 *
 * libxlsxwriter prints `[ERROR] …` and `[WARNING] …` lines on standard
 * error as well as returning an error code.  The code is what the exporter
 * reports, in budgetconv's own words; the lines would tell the user the same
 * thing twice, in another voice.  Between start and stop, file descriptor 2
 * goes to /dev/null; nothing of budgetconv's may be printed meanwhile
 * (warnings wait until after stop).  /dev/null stays open from open to
 * close: the exporter sets standard error aside once per record, and
 * opening it each time was a measurable part of a conversion.
 */
#ifndef XLSX_QUIET_H
#define XLSX_QUIET_H

typedef struct xlsx_quiet {
    int null;  /* /dev/null, or -1 when it could not be opened */
    int saved; /* the real standard error, or -1 when it was not set aside */
} xlsx_quiet;

/** Opens /dev/null for `q`; when that fails, start and stop do nothing. */
void xlsx_quiet_open(xlsx_quiet *q);

/** Sets standard error aside; when that fails, it stays as it is. */
void xlsx_quiet_start(xlsx_quiet *q);

/** Puts standard error back. */
void xlsx_quiet_stop(xlsx_quiet *q);

/** Closes what xlsx_quiet_open() opened. */
void xlsx_quiet_close(xlsx_quiet *q);

#endif
