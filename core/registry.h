/*
 * registry.h - the plugin registry (private to libbudgetconv and the driver).
 *
 * Loads format modules through libltdl from the directories it is given, in
 * order; the first module that provides a format name wins.  Modules whose
 * descriptor does not pass bc_plugin_validate() are refused with a warning
 * and unloaded.  libltdl's own search path is never used, so listing the
 * plugins never walks the system library directories.
 */
#ifndef BC_REGISTRY_H
#define BC_REGISTRY_H

#include <budgetconv/plugin.h>

typedef struct bc_registry bc_registry;

/** Receives one warning about a module that was refused. */
typedef void (*bc_registry_warn_fn)(void *user, const char *path, const char *message);

/** Creates an empty registry; NULL with `err` filled on failure. */
bc_registry *bc_registry_new(bc_registry_warn_fn warn, void *user, bc_error *err);

/** Unloads every module.  `reg` may be NULL. */
void bc_registry_free(bc_registry *reg);

/**
 * Loads every module (`*.la`, or a shared object without one) in `dir`.  A
 * directory that does not exist is skipped silently; BC_OK unless out of
 * memory.
 */
bc_status bc_registry_add_dir(bc_registry *reg, const char *dir, bc_error *err);

/**
 * Adds every directory of a colon-separated `path` (empty parts ignored).
 */
bc_status bc_registry_add_path(bc_registry *reg, const char *path, bc_error *err);

/** Number of loaded plugins. */
size_t bc_registry_count(const bc_registry *reg);

/** Plugin `i` (sorted by name) and the file it came from. */
const bc_plugin *bc_registry_plugin(const bc_registry *reg, size_t i, const char **path);

/** The plugin called `name`, or NULL. */
const bc_plugin *bc_registry_find(const bc_registry *reg, const char *name);

/**
 * The plugin that best reads an input: the highest probe score over `head`,
 * with a matching extension of `filename` breaking ties (and alone counting
 * as BC_PROBE_MAYBE).  NULL when nothing scores above BC_PROBE_NO.
 */
const bc_plugin *bc_registry_probe(const bc_registry *reg, const unsigned char *head,
                                   size_t len, const char *filename);

/** The exporter for the extension of `filename`, or NULL. */
const bc_plugin *bc_registry_exporter_for(const bc_registry *reg, const char *filename);

/**
 * Checks a descriptor before any of its code runs: magic, ABI major equal,
 * minor not newer than ours, struct sizes, a name, and complete function
 * tables.  Writes the reason into `why` when it fails.
 */
bool bc_plugin_validate(const bc_plugin *p, char *why, size_t size);

#endif
