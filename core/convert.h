/*
 * convert.h - the driver's pipeline: inputs through one importer each into
 * one exporter (or, with an output directory, one exporter per input), with
 * option routing, warnings, duplicate NOs and arithmetic checks.
 */
#ifndef BC_CONVERT_H
#define BC_CONVERT_H

#include <budgetconv/plugin.h>

#include "registry.h"

/** Where a run is, for a progress line. */
typedef struct bc_progress {
    size_t inputs_done, inputs_total;
    size_t records;       /**< records read so far */
    uint64_t bytes_read;
    uint64_t bytes_total; /**< 0: unknown (standard input, a pipe) */
} bc_progress;

/** Receives the state of the run after each record and each input. */
typedef void (*bc_progress_fn)(void *user, const bc_progress *p);

/** Receives one diagnostic line (already formatted "FILE:LINE: ..."). */
typedef void (*bc_report_fn)(void *user, const char *line);

typedef struct bc_convert_options {
    const char *from;        /**< -f, or NULL to probe each input */
    const char *to;          /**< -t, or NULL to use the output's extension */
    const char *output;      /**< -o, or NULL/"-" for standard output */
    const char *output_dir;  /**< --output-dir: DIR/<stem>.<ext> per input */
    char **options;          /**< -O key=value, in order */
    size_t option_count;
    char **inputs;
    size_t input_count;
    bool check;              /**< --check */
    bool strict;             /**< --strict */
    bool keep_going;         /**< --keep-going */
    bool quiet;              /**< -q: no warnings printed */
    int verbose;             /**< -v */
    bool output_is_tty;      /**< refuse binary formats on a terminal */
    bc_progress_fn progress; /**< NULL: none */
    void *progress_user;
} bc_convert_options;

/** What a run did, for its summary line. */
typedef struct bc_convert_summary {
    size_t converted;  /**< inputs whose records are in a written output */
    size_t failed;     /**< inputs that failed */
    size_t records;    /**< records in written outputs */
    size_t warnings;   /**< warnings and --check findings, printed or not */
} bc_convert_summary;

/**
 * Runs the conversion.  Warnings and --check findings go to `report` unless
 * quiet; under --strict any warning turns into BC_ERR_DATA.  Without
 * --keep-going the first failure ends the run and is returned in `err`.
 * With it, a failed input is reported through `report` (quiet or not) as it
 * happens, the others are converted, and the worst status is returned with
 * an empty `err->message` unless a failure of the whole run remains to be
 * told.  An output file exists only when its conversion succeeded.
 * `summary` (may be NULL) is filled in either case.
 */
bc_status bc_convert(const bc_registry *reg, const bc_convert_options *opt,
                     bc_report_fn report, void *user, bc_convert_summary *summary,
                     bc_error *err);

/**
 * Sets `err` to BC_ERR_UNAVAILABLE for a format `name` that no plugin has:
 * "unknown input format 'jsno'; did you mean json? (see --list-formats)",
 * or, when its module is there but was refused or failed to load, why:
 * "output format 'foo' is unavailable: its module /dir/foo.so was refused:
 * crashed while being loaded (Segmentation fault)".
 * `what` ("input", "output") may be NULL.
 */
bc_status bc_unknown_format(const bc_registry *reg, const char *what, const char *name,
                            bc_error *err);

#endif
