/*
 * temp_guard.h - removes the temporary output file of the run in progress
 * when a signal ends the run (SIGINT, SIGTERM, SIGHUP, SIGPIPE).  A signal
 * that the process inherited as ignored (nohup, a background job of a
 * non-interactive shell) stays ignored.  SIGXFSZ is ignored, so that a
 * file-size limit (ulimit -f) makes write() fail with EFBIG, which the run
 * reports, instead of killing it.
 *
 * A signal handler can reach nothing but static storage, so the guard
 * holds one path at a time: the output layer arms it when it creates a
 * temporary file and disarms it when the file is renamed or removed.
 */
#ifndef BC_TEMP_GUARD_H
#define BC_TEMP_GUARD_H

/**
 * Installs the handlers and makes `path` (copied) the file to remove.  A path longer than PATH_MAX is not guarded: no system
 * call could have created it.
 */
void bc_temp_guard_arm(const char *path);

/** Forgets the path: a signal from now on removes nothing. */
void bc_temp_guard_disarm(void);

#endif
