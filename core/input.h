/*
 * input.h - the host's side of bc_input (private): opening a file or stdin,
 * and peeking at its first bytes for format probes without consuming them.
 */
#ifndef BC_INPUT_HOST_H
#define BC_INPUT_HOST_H

#include <budgetconv/plugin.h>

/**
 * Call first thing in main().  A closed standard input would be taken by
 * the next file the run opens (a temporary output, a plugin), which would
 * then be read as the input; this holds fd 0 with a write-only /dev/null,
 * which fails to read as a closed descriptor does, so that reading "-"
 * reports "cannot read standard input" (BC_ERR_NOINPUT).
 */
void bc_input_hold_stdin(void);

/**
 * Opens `path` ("-" for standard input) for reading.  BC_ERR_NOINPUT with a
 * message when it cannot be opened or is a directory.
 */
bc_status bc_input_open(const char *path, bc_input **in, bc_error *err);

/**
 * Wraps an open stream (not closed by bc_input_close()) under `name`.
 * Returns NULL when out of memory.
 */
bc_input *bc_input_from_stream(FILE *fp, const char *name);

/** Bytes consumed so far (what a progress line shows). */
uint64_t bc_input_offset(const bc_input *in);

/** Closes the input (unless it wraps a stream it does not own) and frees it. */
void bc_input_close(bc_input *in);

#endif
