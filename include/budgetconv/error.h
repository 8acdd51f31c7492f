/*
 * budgetconv/error.h - status codes and the error record.
 *
 * Library and plugin code never prints and never exits.  A function that
 * can fail returns a bc_status and, when it is not BC_OK, fills the caller's
 * bc_error with a message and, where one is known, the input file and line.
 * The driver turns the code into its exit status: the codes that are errors
 * are the sysexits.h values the driver exits with.
 *
 * bc_error holds fixed buffers, so filling it never allocates and the caller
 * owns it outright (usually on the stack).
 */
#ifndef BUDGETCONV_ERROR_H
#define BUDGETCONV_ERROR_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Result of a fallible call.  Error codes equal sysexits.h values. */
typedef enum bc_status {
    BC_OK = 0,               /**< success */
    BC_END = 1,              /**< an importer has no more records */
    BC_BAD_RECORD = 2,       /**< an importer's record is bad (the error says
                                  why) and the input goes on: see next() */
    BC_ERR_USAGE = 64,       /**< bad option, option value or argument */
    BC_ERR_DATA = 65,        /**< the input is not what the format says */
    BC_ERR_NOINPUT = 66,     /**< an input cannot be opened or read */
    BC_ERR_UNAVAILABLE = 69, /**< no plugin for the format, or it is unusable */
    BC_ERR_SOFTWARE = 70,    /**< internal error (a bug) */
    BC_ERR_NOMEM = 71,       /**< out of memory (EX_OSERR) */
    BC_ERR_CANTCREAT = 73,   /**< the output cannot be created */
    BC_ERR_IO = 74           /**< a read or write failed part-way */
} bc_status;

/** Where and why something failed.  `line` is 0 and `file` empty when the
 *  failure is not tied to a place in an input. */
typedef struct bc_error {
    bc_status code;
    long line;
    char file[1024];
    char message[1024];
} bc_error;

/** Short English text for a status code (static storage). */
const char *bc_strerror(bc_status code);

/** Resets `err` to BC_OK with no message.  `err` may be NULL. */
void bc_error_clear(bc_error *err);

/**
 * Fills `err` (when not NULL) with `code`, the place `file`:`line` (`file`
 * may be NULL, `line` 0) and a printf-style message, truncated to fit.
 * Returns `code`, so that callers can write `return bc_error_set(...)`.
 */
bc_status bc_error_set(bc_error *err, bc_status code, const char *file,
                       long line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/** bc_error_set() with a va_list. */
bc_status bc_error_setv(bc_error *err, bc_status code, const char *file,
                        long line, const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif
#endif
