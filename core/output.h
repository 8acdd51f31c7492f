/*
 * output.h - atomic output for the driver.  Exporters write a temporary
 * file beside the target that is renamed over it only when the whole run
 * succeeded, so a failed run never leaves a partial file nor clobbers an
 * existing one.  Standard output, and FIFOs or devices that an exporter
 * writing by path (xlsx) cannot seek in, get a temporary file in $TMPDIR
 * that is copied into them on success, so a failed run writes nothing
 * there either.  A FIFO or device written by a streaming exporter is
 * written in place: a rename would replace /dev/null with a plain file.
 */
#ifndef BC_OUTPUT_H
#define BC_OUTPUT_H

#include <budgetconv/plugin.h>

typedef struct bc_atomic_output bc_atomic_output;

/**
 * Prepares output to `target` ("-" or NULL: standard output).  With
 * `by_path` the exporter writes the temporary file by name (out->fp NULL);
 * otherwise out->fp is open for writing (the temporary file, also for
 * standard output, which gets a copy on commit).  BC_ERR_CANTCREAT when
 * the temporary file cannot be made.
 */
bc_status bc_atomic_output_open(const char *target, bool by_path,
                                bc_atomic_output **ao, bc_output *out, bc_error *err);

/** Flushes, closes, and renames or copies into place; then frees `ao`. */
bc_status bc_atomic_output_commit(bc_atomic_output *ao, bc_error *err);

/** Removes the temporary file and frees `ao`.  `ao` may be NULL. */
void bc_atomic_output_discard(bc_atomic_output *ao);

/** Path of the temporary file, or NULL (for signal handlers). */
const char *bc_atomic_output_temp_path(const bc_atomic_output *ao);

#endif
