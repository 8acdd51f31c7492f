/*
 * output.h - atomic output for the driver.  Exporters write a temporary
 * file beside the target that is flushed to disk (fsync) and renamed over
 * it only when the whole run succeeded, so a failed run never leaves a
 * partial file nor clobbers an existing one.  Standard output, FIFOs and
 * devices, where a rename would replace /dev/null or the FIFO with a plain
 * file, get a temporary file that is copied into them on success, so a
 * failed run sends nothing there either.  That temporary file goes to
 * $TMPDIR, or /tmp when $TMPDIR is unset or cannot take it, or the current
 * directory as a last resort.
 *
 * A symbolic link as target is followed, as the shell's `>` does: the file
 * it names is replaced (or created, when the link dangles) and the link
 * stays.
 *
 * Temporary files are named `.<target name>.<pid>.XXXXXX` (the target name
 * shortened when the whole would not fit in NAME_MAX) and locked (flock)
 * while the run holds them.  Opening an output first removes the files of
 * that pattern that a killed run left: those whose process is gone and
 * whose lock can be taken, so the file of a live run is never touched;
 * and only files private to their owner with one link, as mkstemp makes
 * them, so a user's file that merely has such a name stays.
 * While a temporary file exists, a fatal signal removes it (temp_guard.h).
 *
 * One output at a time: a run may open, commit or discard several outputs
 * one after the other.
 */
#ifndef BC_OUTPUT_H
#define BC_OUTPUT_H

#include <budgetconv/plugin.h>

typedef struct bc_atomic_output bc_atomic_output;

/**
 * Prepares output to `target` ("-" or NULL: standard output).  With
 * `by_path` the exporter writes the temporary file by name (out->fp NULL);
 * otherwise out->fp is open for writing (the temporary file, also for
 * standard output, which gets a copy on commit).  out->path and out->name
 * stay valid until `*ao` is committed or discarded.  BC_ERR_CANTCREAT when
 * the temporary file or the FIFO or device named cannot be opened.
 */
bc_status bc_atomic_output_open(const char *target, bool by_path,
                                bc_atomic_output **ao, bc_output *out, bc_error *err);

/**
 * Flushes and closes the stream, syncs the file to disk, and renames or
 * copies it into place; then frees `ao`.  BC_ERR_IO when any of it fails:
 * then the temporary file is removed and the target left as it was.
 */
bc_status bc_atomic_output_commit(bc_atomic_output *ao, bc_error *err);

/** Removes the temporary file and frees `ao`.  `ao` may be NULL. */
void bc_atomic_output_discard(bc_atomic_output *ao);

#endif
