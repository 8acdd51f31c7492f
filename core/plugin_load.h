/*
 * plugin_load.h - loading one format module (private to the registry):
 * into this process, or into a short-lived child process that describes it
 * and dies, so that a module which crashes or hangs while it is loaded or
 * described costs a warning instead of the run.
 */
#ifndef BC_PLUGIN_LOAD_H
#define BC_PLUGIN_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include <ltdl.h>

#include <budgetconv/plugin.h>

/** What became of a module. */
typedef enum bc_load_result {
    BC_LOAD_OK,
    BC_LOAD_FAILED, /**< not loadable, or refused: the reason says which */
    BC_LOAD_NOMEM   /**< out of memory in this process */
} bc_load_result;

/**
 * What a scan learnt of a module, in the host's own memory: a descriptor
 * whose name, description, extensions, option tables, importer/exporter
 * presence and exporter flags are the module's, and whose function
 * pointers are all NULL.  Nothing in it points into the module, and it
 * must not move (plugin.importer points into it).
 */
typedef struct bc_plugin_info {
    bc_plugin plugin;
    bc_importer importer; /**< plugin.importer points here when it imports */
    bc_exporter exporter; /**< plugin.exporter points here when it exports */
    const char **extensions;
    bc_option_spec *options[2]; /**< import, export */
    unsigned char *strings; /**< the bytes every string above points into */
} bc_plugin_info;

/**
 * Loads the module at `path` in a child process, calls its entry point and
 * validates the descriptor there, and sets `*info` (free it with
 * bc_plugin_info_free()) to what the child sends back.  BC_LOAD_FAILED with the reason in `why` (starting "not
 * loaded: " or "refused: ") when the module cannot be loaded, is refused,
 * crashes, exits or does not answer within `timeout_ms`.
 */
bc_load_result bc_plugin_scan(const char *path, int timeout_ms, bc_plugin_info **info,
                              char *why, size_t size);

/** Frees what bc_plugin_scan() made.  `info` may be NULL. */
void bc_plugin_info_free(bc_plugin_info *info);

/**
 * Loads the module at `path` into this process, calls its entry point and
 * validates the descriptor.  On success sets `*handle` (close it with
 * lt_dlclose()) and `*plugin`.  libltdl must be initialised.
 */
bc_load_result bc_plugin_open(const char *path, lt_dlhandle *handle, const bc_plugin **plugin,
                              char *why, size_t size);

/** What runs in a child: writes its answer to `fd` (bc_child_send). */
typedef void (*bc_child_fn)(int fd, void *arg);

/** What a child sent and how it ended. */
typedef struct bc_child_answer {
    unsigned char *data; /**< what it wrote (at most 1 MiB); the caller frees it */
    size_t len;
    bool answered;       /**< false: killed after `timeout_ms` without closing its pipe */
    int status;          /**< as waitpid() gives it */
} bc_child_answer;

/**
 * Runs fn(fd, arg) in a forked child that dies with this process, whose
 * standard streams are /dev/null and whose crashes show as the signal
 * (also under the sanitizers), and collects what it writes.  BC_LOAD_FAILED
 * with the reason in `why` when no child could be started.
 */
bc_load_result bc_child_run(bc_child_fn fn, void *arg, int timeout_ms, bc_child_answer *answer,
                            char *why, size_t size);

/** In a child of bc_child_run(): writes all of `bytes`, or _exit()s. */
void bc_child_send(int fd, const void *bytes, size_t n);

/** True when `name` can be a format name: non-empty, no space or '/'. */
bool bc_plugin_name_ok(const char *name);

#endif
