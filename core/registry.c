/* The plugin registry over libltdl (registry.h).  Every module of every
 * directory is scanned in a child process (plugin_load.c); a module is
 * loaded into this process only when a lookup needs its code. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ltdl.h>

#include <budgetconv/memory.h>
#include <budgetconv/text.h>

#include "plugin_load.h"
#include "registry.h"

/* How long a module may take to load and describe itself in the scan. */
#define SCAN_TIMEOUT_MS 30000
/* How long all the probes of one guess may take together: a probe reads
 * at most the few KiB of the probe window, so this is generous. */
#define PROBE_TIMEOUT_MS 2000

typedef struct module {
    char *path;
    bc_plugin_info *info;     /* what the scan learnt */
    lt_dlhandle handle;       /* NULL until a run needs the module */
    const bc_plugin *plugin;  /* its own descriptor, once loaded */
    bool failed;              /* loading it into this process failed */
    bool probe_failed;        /* its probe crashed, exited or hung once */
    char *why;                /* why, when it failed (NULL if out of memory) */
} module;

/* A module file that was refused before its format was known: a run that
 * asks for the format its file is named after is told why. */
typedef struct refusal {
    char *path;
    char *why; /* as in the warning: "refused: …" or "not loaded: …" */
} refusal;

/* A directory or module file already looked at. */
typedef struct file_id {
    dev_t dev;
    ino_t ino;
} file_id;

struct bc_registry {
    module *modules; /* sorted by format name */
    size_t count, capacity;
    file_id *seen;
    size_t seen_count, seen_capacity;
    refusal *refused;
    size_t refused_count, refused_capacity;
    bc_registry_warn_fn warn;
    void *user;
    int timeout_ms;
    int probe_timeout_ms;
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
    reg->timeout_ms = SCAN_TIMEOUT_MS;
    reg->probe_timeout_ms = PROBE_TIMEOUT_MS;
    return reg;
}

void bc_registry_set_timeout(bc_registry *reg, int timeout_ms)
{
    reg->timeout_ms = timeout_ms;
}

void bc_registry_set_probe_timeout(bc_registry *reg, int timeout_ms)
{
    reg->probe_timeout_ms = timeout_ms;
}

void bc_registry_free(bc_registry *reg)
{
    if (reg == NULL)
        return;
    for (size_t i = 0; i < reg->count; i++) {
        module *m = &reg->modules[i];
        if (m->handle != NULL)
            lt_dlclose(m->handle);
        bc_plugin_info_free(m->info);
        free(m->path);
        free(m->why);
    }
    free(reg->modules);
    for (size_t i = 0; i < reg->refused_count; i++) {
        free(reg->refused[i].path);
        free(reg->refused[i].why);
    }
    free(reg->refused);
    free(reg->seen);
    lt_dlexit();
    free(reg);
}

static void warn(const bc_registry *reg, const char *path, const char *message)
{
    if (reg->warn != NULL)
        reg->warn(reg->user, path, message);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n > m && strcmp(s + n - m, suffix) == 0;
}

/* Warns that the module file at `path` was refused, and keeps why. */
static bc_status refuse(bc_registry *reg, const char *path, const char *why, bc_error *err)
{
    warn(reg, path, why);
    refusal *p = bc_grow(reg->refused, &reg->refused_capacity, reg->refused_count + 1,
                         sizeof *p);
    if (p == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    reg->refused = p;
    refusal r = {bc_strdup(path), bc_strdup(why)};
    if (r.path == NULL || r.why == NULL) {
        free(r.path);
        free(r.why);
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    reg->refused[reg->refused_count++] = r;
    return BC_OK;
}

/* True when the file at `path` is named for format `name` (name.la, name.so). */
static bool named_for(const char *path, const char *name)
{
    const char *base = strrchr(path, '/');
    base = base != NULL ? base + 1 : path;
    size_t n = strlen(name);
    return strncmp(base, name, n) == 0 &&
           (strcmp(base + n, ".la") == 0 || strcmp(base + n, LT_MODULE_EXT) == 0);
}

/* Writable by others, as ssh and sudo refuse: a directory like /tmp (root's,
 * with the sticky bit) is the one exception. */
static bool writable_by_others(const struct stat *st)
{
    return (st->st_mode & S_IWOTH) != 0 &&
           !(S_ISDIR(st->st_mode) && st->st_uid == 0 && (st->st_mode & S_ISVTX) != 0);
}

/* Remembers the file `st` describes; false when it was seen before (a
 * directory named twice in the search path, a module linked twice). */
static bc_status first_sight(bc_registry *reg, const struct stat *st, bool *first,
                             bc_error *err)
{
    for (size_t i = 0; i < reg->seen_count; i++)
        if (reg->seen[i].dev == st->st_dev && reg->seen[i].ino == st->st_ino)
            return *first = false, BC_OK;
    file_id *p = bc_grow(reg->seen, &reg->seen_capacity, reg->seen_count + 1, sizeof *p);
    if (p == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    reg->seen = p;
    reg->seen[reg->seen_count++] = (file_id){st->st_dev, st->st_ino};
    *first = true;
    return BC_OK;
}

/* Names are matched in any ASCII case: -t JSON means json, and two
 * modules whose names differ only so would be taken for each other. */
static module *find_module(const bc_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->count; i++)
        if (strcasecmp(reg->modules[i].info->plugin.name, name) == 0)
            return &reg->modules[i];
    return NULL;
}

/* Scans the module file at `path` in a child process and keeps what it
 * says; a module that fails, or whose name is taken, is only a warning. */
static bc_status add_module(bc_registry *reg, const char *path, bc_error *err)
{
    struct stat st;
    bool first;
    if (stat(path, &st) != 0)
        return BC_OK; /* a dangling link, or gone since the listing */
    bc_status s = first_sight(reg, &st, &first, err);
    if (s != BC_OK || !first)
        return s;
    /* A FIFO or device named like a module would block the loader until
     * the scan's time-out, in every run. */
    if (!S_ISREG(st.st_mode))
        return refuse(reg, path, "refused: not a regular file", err);
    if (writable_by_others(&st))
        return refuse(reg, path, "refused: the file is writable by others", err);
    bc_plugin_info *info;
    char why[768];
    bc_load_result r = bc_plugin_scan(path, reg->timeout_ms, &info, why, sizeof why);
    if (r == BC_LOAD_NOMEM)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    if (r != BC_LOAD_OK)
        return refuse(reg, path, why, err);
    const char *name = info->plugin.name;
    const module *taken = find_module(reg, name);
    if (taken != NULL) {
        snprintf(why, sizeof why, "ignored: format '%s' is already provided by %s", name,
                 taken->path);
        warn(reg, path, why);
        bc_plugin_info_free(info);
        return BC_OK;
    }
    module *m = bc_grow(reg->modules, &reg->capacity, reg->count + 1, sizeof *m);
    if (m != NULL)
        reg->modules = m;
    char *copy = m != NULL ? bc_strdup(path) : NULL;
    if (copy == NULL) {
        bc_plugin_info_free(info);
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    /* Keep the list sorted by name so listings are stable. */
    size_t at = reg->count;
    while (at > 0 && strcmp(reg->modules[at - 1].info->plugin.name, name) > 0)
        at--;
    memmove(reg->modules + at + 1, reg->modules + at, (reg->count - at) * sizeof *m);
    reg->modules[at] = (module){.path = copy, .info = info};
    reg->count++;
    return BC_OK;
}

/* The module's own descriptor, loading it into this process the first time
 * a run needs it; NULL (with a warning, once) when that fails. */
static const bc_plugin *load(const bc_registry *reg, module *m)
{
    if (m->plugin != NULL || m->failed)
        return m->plugin;
    char why[768];
    lt_dlhandle h;
    const bc_plugin *p;
    m->failed = true;
    if (bc_plugin_open(m->path, &h, &p, why, sizeof why) != BC_LOAD_OK) {
        warn(reg, m->path, why);
        m->why = bc_strdup(why);
        return NULL;
    }
    const bc_plugin *seen = &m->info->plugin;
    if (strcmp(p->name, seen->name) != 0 || (p->importer == NULL) != (seen->importer == NULL) ||
        (p->exporter == NULL) != (seen->exporter == NULL)) {
        static const char changed[] = "refused: the module changed since it was scanned";
        warn(reg, m->path, changed);
        m->why = bc_strdup(changed);
        lt_dlclose(h);
        return NULL;
    }
    m->failed = false;
    m->handle = h;
    return m->plugin = p;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

bc_status bc_registry_add_dir(bc_registry *reg, const char *dir, bc_error *err)
{
    struct stat st;
    bool first;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
        return BC_OK;
    bc_status s = first_sight(reg, &st, &first, err);
    if (s != BC_OK || !first)
        return s;
    if (writable_by_others(&st)) {
        warn(reg, dir, "refused: the directory is writable by others");
        return BC_OK;
    }
    DIR *d = opendir(dir);
    if (d == NULL)
        return errno == ENOMEM ? bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory") : BC_OK;
    char **names = NULL;
    size_t n = 0, cap = 0;
        struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        const char *name = de->d_name;
        bool la = ends_with(name, ".la");
        if (name[0] == '.' || !(la || ends_with(name, LT_MODULE_EXT)))
            continue;
        char **p = bc_grow(names, &cap, n + 1, sizeof *p);
        if (p == NULL) {
            s = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
            break;
        }
        names = p;
        if ((names[n] = bc_strdup(name)) == NULL) {
            s = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
            break;
        }
        n++;
    }
    closedir(d);
    if (names != NULL)
        qsort(names, n, sizeof *names, compare_names);
    for (size_t i = 0; s == BC_OK && i < n; i++) {
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
            s = bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
            break;
        }
        snprintf(path, len, "%s/%s", dir, names[i]);
        s = add_module(reg, path, err);
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return s;
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

bc_status bc_registry_add_build_tree(bc_registry *reg, bc_error *err)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return BC_OK;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (slash == NULL)
        return BC_OK;
    *slash = '\0';
    /* libtool's wrapper runs the real binary from .libs/. */
    if (ends_with(self, "/.libs"))
        self[strlen(self) - strlen("/.libs")] = '\0';
    char marker[PATH_MAX + 32], plugins[PATH_MAX + 32];
    snprintf(marker, sizeof marker, "%s/config.status", self);
    snprintf(plugins, sizeof plugins, "%s/plugins", self);
    if (access(marker, F_OK) != 0)
        return BC_OK;
    return bc_registry_add_dir(reg, plugins, err);
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
        *path = reg->modules[i].path;
    return &reg->modules[i].info->plugin;
}

const bc_plugin *bc_registry_find(const bc_registry *reg, const char *name)
{
    module *m = find_module(reg, name);
    return m != NULL ? load(reg, m) : NULL;
}

const char *bc_registry_refusal(const bc_registry *reg, const char *name, const char **path)
{
    const module *m = find_module(reg, name);
    if (m != NULL) {
        *path = m->path;
        return m->failed ? (m->why != NULL ? m->why : "not loaded: out of memory") : NULL;
    }
    for (size_t i = 0; i < reg->refused_count; i++)
        if (named_for(reg->refused[i].path, name)) {
            *path = reg->refused[i].path;
            return reg->refused[i].why;
        }
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

/* The probes of one guess, run in a child: it sends one int per probe, in
 * order, as each returns, so that when it dies the host knows whose probe
 * killed it. */
typedef struct probe_job {
    module **modules;
    size_t count;
    const unsigned char *head;
    size_t len;
} probe_job;

static void probe_child(int fd, void *arg)
{
    const probe_job *job = arg;
    for (size_t i = 0; i < job->count; i++) {
        int score = job->modules[i]->plugin->importer->probe(job->head, job->len);
        bc_child_send(fd, &score, sizeof score);
    }
}

/* Runs the probes of `job` in children, setting scores[i] for each; a
 * probe that crashes, exits or hangs scores BC_PROBE_NO, is warned about
 * and is not run again.  The child after such a death goes on with the
 * probes that follow.
 *
 * Every probe runs contained, bundled ones too: a module's file can be
 * replaced by anything, and telling "ours" from "theirs" would add a
 * trust rule to get wrong.  One child per input, not per probe, and one
 * guess answers both questions convert.c asks (by content alone, then with
 * the file name): 200 copies of the sample with --output-dir cost about
 * 1.9 ms of CPU per input, against 1.3 ms with probes run in this process. */
static bc_status probe_contained(const bc_registry *reg, probe_job job, int *scores,
                                 bc_error *err)
{
    while (job.count > 0) {
        bc_child_answer a;
        char why[256];
        bc_load_result r = bc_child_run(probe_child, &job, reg->probe_timeout_ms, &a, why,
                                        sizeof why);
        if (r == BC_LOAD_NOMEM)
            return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
        if (r != BC_LOAD_OK)
            return bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0,
                                "cannot guess the input format: %s", why);
        size_t got = a.len / sizeof(int);
        if (got > job.count)
            got = job.count;
        for (size_t i = 0; i < got; i++)
            memcpy(&scores[i], a.data + i * sizeof(int), sizeof(int));
        free(a.data);
        if (got == job.count)
            return BC_OK;
        module *culprit = job.modules[got];
        char cause[96];
        if (!a.answered)
            snprintf(cause, sizeof cause, "gave no answer within %g s",
                     reg->probe_timeout_ms / 1000.0);
        else if (WIFSIGNALED(a.status))
            snprintf(cause, sizeof cause, "crashed (%s)", strsignal(WTERMSIG(a.status)));
        else
            snprintf(cause, sizeof cause, "exited (status %d)",
                     WIFEXITED(a.status) ? WEXITSTATUS(a.status) : -1);
        snprintf(why, sizeof why, "its probe %s; it is not used to guess input formats", cause);
        warn(reg, culprit->path, why);
        culprit->probe_failed = true;
        scores[got] = BC_PROBE_NO;
        job.modules += got + 1;
        job.count -= got + 1;
        scores += got + 1;
    }
    return BC_OK;
}

bc_status bc_registry_probe(const bc_registry *reg, const unsigned char *head, size_t len,
                            const char *filename, bc_probe_result *guess, bc_error *err)
{
    *guess = (bc_probe_result){NULL, NULL};
    module **probed = calloc(reg->count + 1, sizeof *probed);
    int *scores = calloc(reg->count + 1, sizeof *scores);
    if (probed == NULL || scores == NULL) {
        free(probed);
        free(scores);
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < reg->count; i++) {
        module *m = &reg->modules[i];
        /* Probing runs the importer's code: it has to be loaded. */
        if (m->info->plugin.importer != NULL && load(reg, m) != NULL &&
            m->plugin->importer->probe != NULL && !m->probe_failed)
            probed[n++] = m;
    }
    bc_status st = probe_contained(reg, (probe_job){probed, n, head, len}, scores, err);
    int content_score = BC_PROBE_NO, best_score = BC_PROBE_NO;
    for (size_t i = 0, k = 0; st == BC_OK && i < reg->count; i++) {
        module *m = &reg->modules[i];
        if (m->info->plugin.importer == NULL || m->plugin == NULL)
            continue;
        int score = k < n && probed[k] == m ? scores[k++] : BC_PROBE_NO;
        if (score > content_score)
            guess->by_content = m->plugin, content_score = score;
        if (has_extension(m->plugin, filename))
            score = score > BC_PROBE_NO ? score + 1 : BC_PROBE_MAYBE;
        if (score > best_score)
            guess->best = m->plugin, best_score = score;
    }
    free(probed);
    free(scores);
    return st;
}

const bc_plugin *bc_registry_exporter_for(const bc_registry *reg, const char *filename)
{
    for (size_t i = 0; i < reg->count; i++) {
        const bc_plugin *p = &reg->modules[i].info->plugin;
        if (p->exporter != NULL && has_extension(p, filename))
            return load(reg, &reg->modules[i]);
    }
    return NULL;
}
