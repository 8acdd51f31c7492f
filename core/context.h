/*
 * context.h - the host's side of bc_context (private to libbudgetconv and
 * the driver): the options given to one plugin and where its warnings go.
 */
#ifndef BC_CONTEXT_HOST_H
#define BC_CONTEXT_HOST_H

#include <budgetconv/plugin.h>

/** Receives one warning; `file` may be NULL, `line` 0. */
typedef void (*bc_warn_fn)(void *user, const char *file, long line,
                           const char *message);

/**
 * A context for a plugin whose options are `spec` (may be NULL: none).
 * Returns NULL when out of memory.
 */
bc_context *bc_context_new(const bc_option_spec *spec, bc_warn_fn warn,
                           void *user);

void bc_context_free(bc_context *ctx);

/** The spec entry for `key` (the part of `key` before any '='), or NULL. */
const bc_option_spec *bc_option_find(const bc_option_spec *spec, const char *key);

/**
 * Sets an option from `key=value` (or `key` alone for a flag) after checking
 * it against the context's spec.  BC_ERR_USAGE with a message that lists the
 * valid keys or values when it does not fit.
 */
bc_status bc_context_set(bc_context *ctx, const char *key_value, bc_error *err);

/** Writes the valid keys of `spec` as "a, b, c" into `buf`. */
void bc_option_list_keys(const bc_option_spec *spec, char *buf, size_t size);

#endif
