/* The plugin registry over libltdl (registry.h). */
#include <config.h>

#include <dirent.h>
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <ltdl.h>

#include <budgetconv/memory.h>
#include <budgetconv/text.h>

#include "registry.h"

typedef struct entry {
    lt_dlhandle handle;
    const bc_plugin *plugin;
    char *path;
} entry;

struct bc_registry {
    entry *entries;
    size_t count, capacity;
    bc_registry_warn_fn warn;
    void *user;
};

bc_registry *bc_registry_new(bc_registry_warn_fn warn, void *user, bc_error *err)
{
    bc_registry *reg = calloc(1, sizeof *reg);
    if (reg == NULL) {
        bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    if (lt_dlinit() != 0) {
        bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0, "cannot initialise libltdl: %s",
                     lt_dlerror());
        free(reg);
        return NULL;
    }
    reg->warn = warn;
    reg->user = user;
    return reg;
}

void bc_registry_free(bc_registry *reg)
{
    if (reg == NULL)
        return;
    for (size_t i = 0; i < reg->count; i++) {
        lt_dlclose(reg->entries[i].handle);
        free(reg->entries[i].path);
    }
    free(reg->entries);
    lt_dlexit();
    free(reg);
}

static bool table_complete(const void *table, size_t have, size_t need)
{
    return table == NULL || have >= need;
}

bool bc_plugin_validate(const bc_plugin *p, char *why, size_t size)
{
    if (p == NULL)
        return snprintf(why, size, "entry point returned no descriptor"), false;
    if (p->magic != BC_PLUGIN_MAGIC)
        return snprintf(why, size, "not a budgetconv plugin (bad magic)"), false;
    if (p->abi_major != BC_ABI_MAJOR || p->abi_minor > BC_ABI_MINOR)
        return snprintf(why, size, "built for plugin ABI %u.%u, this budgetconv has %d.%d",
                        p->abi_major, p->abi_minor, BC_ABI_MAJOR, BC_ABI_MINOR), false;
    if (p->struct_size < sizeof(bc_plugin))
        return snprintf(why, size, "descriptor too small (%zu bytes)", p->struct_size), false;
    if (p->name == NULL || p->name[0] == '\0' || strcspn(p->name, " /\t") != strlen(p->name))
        return snprintf(why, size, "descriptor has no usable name"), false;
    if (p->importer == NULL && p->exporter == NULL)
        return snprintf(why, size, "neither imports nor exports"), false;
    const bc_importer *im = p->importer;
    if (!table_complete(im, im ? im->struct_size : 0, sizeof *im) ||
        (im && (!im->open || !im->next || !im->close)))
        return snprintf(why, size, "incomplete importer table"), false;
    const bc_exporter *ex = p->exporter;
    if (!table_complete(ex, ex ? ex->struct_size : 0, sizeof *ex) ||
        (ex && (!ex->begin || !ex->write || !ex->end || !ex->abort)))
        return snprintf(why, size, "incomplete exporter table"), false;
    return true;
}

static void warn(bc_registry *reg, const char *path, const char *what, const char *detail)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "%s%s", what, detail);
    if (reg->warn != NULL)
        reg->warn(reg->user, path, msg);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

/* Why the system loader refuses `path`; only called once libltdl failed. */
static void loader_reason(const char *path, char *buf, size_t size)
{
    void *h = ends_with(path, ".la") ? NULL : dlopen(path, RTLD_NOW | RTLD_LOCAL);
    const char *why = h == NULL ? dlerror() : NULL;
    size_t n = strlen(path);
    if (why != NULL && strncmp(why, path, n) == 0 && strncmp(why + n, ": ", 2) == 0)
        why += n + 2; /* the message names the file again */
    snprintf(buf, size, "%s", why != NULL ? why : "not a loadable shared object");
    if (h != NULL)
        dlclose(h);
}

/* Loads the module file at `path`; a refused module is only a warning. */
static bc_status load(bc_registry *reg, const char *path, bc_error *err)
{
    lt_dlhandle h = lt_dlopen(path);
    if (h == NULL) {
        /* libltdl says "file not found" when every loader failed, even for
         * a file that is there: ask the system loader for the real reason
         * (not an ELF object, an undefined symbol, …). */
        const char *why = lt_dlerror();
        char reason[512];
        if (why == NULL || (strcmp(why, "file not found") == 0 && access(path, R_OK) == 0)) {
            loader_reason(path, reason, sizeof reason);
            why = reason;
        }
        warn(reg, path, "not loaded: ", why);
        return BC_OK;
    }
    bc_plugin_entry fn = (bc_plugin_entry)(uintptr_t)lt_dlsym(h, BC_PLUGIN_SYMBOL);
    if (fn == NULL) {
        warn(reg, path, "refused: no entry point ", BC_PLUGIN_SYMBOL);
        lt_dlclose(h);
        return BC_OK;
    }
    const bc_plugin *p = fn();
    char why[256];
    if (!bc_plugin_validate(p, why, sizeof why)) {
        warn(reg, path, "refused: ", why);
        lt_dlclose(h);
        return BC_OK;
    }
    if (bc_registry_find(reg, p->name) != NULL) {
        lt_dlclose(h); /* an earlier directory provides it already */
        return BC_OK;
    }
    entry *e = bc_grow(reg->entries, &reg->capacity, reg->count + 1, sizeof *e);
    if (e == NULL) {
        lt_dlclose(h);
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    reg->entries = e;
    char *copy = bc_strdup(path);
    if (copy == NULL) {
        lt_dlclose(h);
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    /* Keep the list sorted by name so listings are stable. */
    size_t at = reg->count;
    while (at > 0 && strcmp(reg->entries[at - 1].plugin->name, p->name) > 0)
        at--;
    memmove(reg->entries + at + 1, reg->entries + at, (reg->count - at) * sizeof *reg->entries);
    reg->entries[at] = (entry){h, p, copy};
    reg->count++;
    return BC_OK;
}


static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bc_status bc_registry_add_dir(bc_registry *reg, const char *dir, bc_error *err)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return BC_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
    bc_status st = BC_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        bool la = ends_with(name, ".la");
        if (name[0] == '.' || !(la || ends_with(name, LT_MODULE_EXT)))
            continue;
        char **p = bc_grow(names, &cap, n + 1, sizeof *p);
        if (p == NULL) {
            st = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
            break;
        }
        names = p;
        if ((names[n] = bc_strdup(name)) == NULL) {
            st = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (names != NULL)
        qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; st == BC_OK && i < n; i++) {
        /* A module with both foo.la and foo.so loads once, through the .la. */
        size_t stem = strlen(names[i]) - (ends_with(names[i], ".la") ? 3 : strlen(LT_MODULE_EXT));
        if (!ends_with(names[i], ".la")) {
            bool has_la = false;
            for (size_t j = 0; j < n; j++)
                has_la |= strncmp(names[j], names[i], stem) == 0 &&
                          strcmp(names[j] + stem, ".la") == 0;
            if (has_la)
                continue;
        }
        size_t len = strlen(dir) + 1 + strlen(names[i]) + 1;
        char *path = malloc(len);
        if (path == NULL) {
            st = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
            break;
        }
        snprintf(path, len, "%s/%s", dir, names[i]);
        st = load(reg, path, err);
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return st;
}

bc_status bc_registry_add_path(bc_registry *reg, const char *path, bc_error *err)
{
    while (path != NULL && *path != '\0') {
        size_t n = strcspn(path, ":");
        if (n > 0) {
            char *dir = bc_strndup(path, n);
            if (dir == NULL)
                return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
            bc_status st = bc_registry_add_dir(reg, dir, err);
            free(dir);
            if (st != BC_OK)
                return st;
        }
        path += n + (path[n] == ':');
    }
    return BC_OK;
}

size_t bc_registry_count(const bc_registry *reg)
{
    return reg->count;
}

const bc_plugin *bc_registry_plugin(const bc_registry *reg, size_t i, const char **path)
{
    if (i >= reg->count)
        return NULL;
    if (path != NULL)
        *path = reg->entries[i].path;
    return reg->entries[i].plugin;
}

const bc_plugin *bc_registry_find(const bc_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->count; i++)
        if (strcmp(reg->entries[i].plugin->name, name) == 0)
            return reg->entries[i].plugin;
    return NULL;
}

static bool has_extension(const bc_plugin *p, const char *filename)
{
    const char *dot = filename != NULL ? strrchr(filename, '.') : NULL;
    if (dot == NULL || strchr(dot, '/') != NULL || p->extensions == NULL)
        return false;
    for (const char *const *e = p->extensions; *e != NULL; e++) {
        const char *a = dot + 1, *b = *e;
        while (*a && *b && (*a | 0x20) == (*b | 0x20))
            a++, b++;
        if (*a == '\0' && *b == '\0')
            return true;
    }
    return false;
}

const bc_plugin *bc_registry_probe(const bc_registry *reg, const unsigned char *head,
                                   size_t len, const char *filename)
{
    const bc_plugin *best = NULL;
    int best_score = BC_PROBE_NO;
    for (size_t i = 0; i < reg->count; i++) {
        const bc_plugin *p = reg->entries[i].plugin;
        if (p->importer == NULL)
            continue;
        int score = p->importer->probe != NULL ? p->importer->probe(head, len) : BC_PROBE_NO;
        if (has_extension(p, filename))
            score = score > BC_PROBE_NO ? score + 1 : BC_PROBE_MAYBE;
        if (score > best_score)
            best = p, best_score = score;
    }
    return best;
}

const bc_plugin *bc_registry_exporter_for(const bc_registry *reg, const char *filename)
{
    for (size_t i = 0; i < reg->count; i++) {
        const bc_plugin *p = reg->entries[i].plugin;
        if (p->exporter != NULL && has_extension(p, filename))
            return p;
    }
    return NULL;
}
