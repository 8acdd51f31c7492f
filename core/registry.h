/*
 * registry.h - the plugin registry (private to libbudgetconv and the driver).
 *
 * Finds format modules in the directories it is given, in order, and scans
 * each in a child process (plugin_load.h): a module that cannot be loaded,
 * crashes or hangs there, or whose descriptor does not pass
 * bc_plugin_validate(), is refused with a warning and costs nothing else.
 * The first module that provides a format name wins; a later one is
 * reported with both paths and ignored.  A directory or module file that
 * others may write to is refused.  A module is loaded into this process
 * only when a lookup (bc_registry_find, _probe, _exporter_for) needs its
 * code; those lookups are logically const but may load modules.
 * libltdl's own search path is never used, so listing the plugins never
 * walks the system library directories.  Scanning forks: add directories
 * before the program starts any thread.
 */
#ifndef BC_REGISTRY_H
#define BC_REGISTRY_H

#include <budgetconv/plugin.h>

typedef struct bc_registry bc_registry;

/** Receives one warning about a module that was refused. */
typedef void (*bc_registry_warn_fn)(void *user, const char *path, const char *message);

/** Creates an empty registry; NULL with `err` filled on failure. */
bc_registry *bc_registry_new(bc_registry_warn_fn warn, void *user, bc_error *err);

/**
 * How long a module may take to load and describe itself in the scan
 * before it is killed and refused (default 30 s).
 */
void bc_registry_set_timeout(bc_registry *reg, int timeout_ms);

/** How long the probes of one guess may take together (default 2 s). */
void bc_registry_set_probe_timeout(bc_registry *reg, int timeout_ms);

/** Unloads every module.  `reg` may be NULL. */
void bc_registry_free(bc_registry *reg);

/**
 * Scans every module (`*.la`, or a shared object without one) in `dir`.  A
 * directory that does not exist, or was added before, is skipped silently;
 * BC_OK unless out of memory.
 */
bc_status bc_registry_add_dir(bc_registry *reg, const char *dir, bc_error *err);

/**
 * Adds every directory of a colon-separated `path` (empty parts ignored).
 */
bc_status bc_registry_add_path(bc_registry *reg, const char *path, bc_error *err);

/**
 * When this program runs uninstalled from a budgetconv build tree (libtool
 * runs it from .libs/ beside config.status), adds the tree's plugins/.
 * An installed binary never looks there.
 */
bc_status bc_registry_add_build_tree(bc_registry *reg, bc_error *err);

/** Number of usable formats. */
size_t bc_registry_count(const bc_registry *reg);

/**
 * What the scan learnt of format `i` (sorted by name) and the file it comes
 * from: name, description, extensions, option tables, whether it imports
 * or exports (importer/exporter non-NULL) and the exporter's flags.  Its
 * function pointers are NULL: this never loads the module.  Use
 * bc_registry_find() for a plugin to run.
 */
const bc_plugin *bc_registry_plugin(const bc_registry *reg, size_t i, const char **path);

/**
 * The plugin called `name`, loaded and validated, or NULL (with a warning
 * naming the module if loading it into this process failed).
 */
const bc_plugin *bc_registry_find(const bc_registry *reg, const char *name);

/**
 * Why format `name` cannot be had although a module for it is there: the
 * module of that name failed to load into this process, or a module file
 * named for it (`name.la`, `name.so`) was refused before its descriptor
 * could be read (it crashed, hung or exited in the scan, failed validation,
 * or is writable by others).  Returns the reason as the warning gave it
 * ("refused: …" or "not loaded: …") and sets `*path` to the module file;
 * NULL when no such module is known.
 */
const char *bc_registry_refusal(const bc_registry *reg, const char *name, const char **path);

/** What guessing an input's format found (either may be NULL). */
typedef struct bc_probe_result {
    const bc_plugin *by_content; /**< the highest probe score alone */
    const bc_plugin *best;       /**< ... with the file name's extension */
} bc_probe_result;

/**
 * Guesses the plugin that reads an input: the highest probe score over
 * `head` (`by_content`), and the same with a matching extension of
 * `filename` breaking ties and alone counting as BC_PROBE_MAYBE (`best`);
 * NULL when nothing scores above BC_PROBE_NO.  Loads every importer, and
 * runs their probes in one child process (bc_registry_set_probe_timeout):
 * a probe that crashes, exits or hangs scores BC_PROBE_NO, is warned about
 * once and is not run again.  BC_OK unless out of memory or no child
 * process can be started.
 */
bc_status bc_registry_probe(const bc_registry *reg, const unsigned char *head, size_t len,
                            const char *filename, bc_probe_result *guess, bc_error *err);

/** The exporter for the extension of `filename`, loaded, or NULL. */
const bc_plugin *bc_registry_exporter_for(const bc_registry *reg, const char *filename);

/**
 * Checks a descriptor before any other of its code runs: magic, ABI major
 * equal, minor not newer than ours, structs at least their ABI 1.0 size, a
 * name, and complete function tables.  Writes the reason into `why` when it
 * fails.
 */
bool bc_plugin_validate(const bc_plugin *p, char *why, size_t size);

#endif
