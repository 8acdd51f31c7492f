/* Loading one format module, here or in a child that describes it
 * (plugin_load.h).  The child is a plain fork(): it loads the module, calls
 * its entry point, validates the descriptor and writes what the host needs
 * to know about it down a pipe, then _exit()s.  A module that crashes in a
 * constructor or its entry point takes only the child with it; the host
 * reads the description, checks every byte of it and keeps its own copy.
 * (GStreamer's plugin scanner isolates plugin loading the same way.)
 * The registry runs importers' probes in such a child too. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1 /* close_range() */
#endif
#include <config.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <budgetconv/memory.h>

#include "plugin_load.h"
#include "registry.h"

/* What the child sends: 'L' once the module is loaded and 'E' once its
 * entry point returned (so that a crash is known to be in a constructor,
 * the entry point or the descriptor), then 'F' and a reason, or 'D' and the
 * description. */
enum { MSG_LOADED = 'L', MSG_ENTERED = 'E', MSG_FAILED = 'F', MSG_DESCRIBED = 'D' };

/* Bounds on what a description may hold; far above any real plugin. */
#define MAX_MESSAGE (1024 * 1024)
#define MAX_EXTENSIONS 64
#define MAX_OPTIONS 256

bool bc_plugin_name_ok(const char *name)
{
    return name != NULL && name[0] != '\0' && strcspn(name, " /\t") == strlen(name);
}

static bool table_ok(const void *table, size_t have, size_t need)
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
    /* The 1.0 sizes, not ours: a host whose structs grew still takes
     * plugins built before they did. */
    if (p->struct_size < BC_PLUGIN_SIZE_1_0)
        return snprintf(why, size, "descriptor too small (%zu bytes)", p->struct_size), false;
    if (!bc_plugin_name_ok(p->name))
        return snprintf(why, size, "descriptor has no usable name"), false;
    if (p->importer == NULL && p->exporter == NULL)
        return snprintf(why, size, "neither imports nor exports"), false;
    const bc_importer *im = p->importer;
    if (!table_ok(im, im ? im->struct_size : 0, BC_IMPORTER_SIZE_1_0) ||
        (im && (!im->open || !im->next || !im->close)))
        return snprintf(why, size, "incomplete importer table"), false;
    const bc_exporter *ex = p->exporter;
    if (!table_ok(ex, ex ? ex->struct_size : 0, BC_EXPORTER_SIZE_1_0) ||
        (ex && (!ex->begin || !ex->write || !ex->end || !ex->abort)))
        return snprintf(why, size, "incomplete exporter table"), false;
    return true;
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

static void progress(int fd, char stage)
{
    if (fd >= 0 && write(fd, &stage, 1) != 1)
        _exit(1); /* the host has gone */
}

/* bc_plugin_open(), telling `progress_fd` (when >= 0) once the module's
 * constructors have run and once its entry point has. */
static bc_load_result open_module(const char *path, int progress_fd, lt_dlhandle *handle,
                                  const bc_plugin **plugin, char *why, size_t size)
{
    lt_dlhandle h = lt_dlopen(path);
    if (h == NULL) {
        /* libltdl says "file not found" when every loader failed, even for
         * a file that is there: ask the system loader for the real reason
         * (not an ELF object, an undefined symbol, …). */
        const char *reason = lt_dlerror();
        char buf[512];
        if (reason == NULL || (strcmp(reason, "file not found") == 0 && access(path, R_OK) == 0)) {
            loader_reason(path, buf, sizeof buf);
            reason = buf;
        }
        snprintf(why, size, "not loaded: %s", reason);
        return BC_LOAD_FAILED;
    }
    progress(progress_fd, MSG_LOADED);
    bc_plugin_entry fn = (bc_plugin_entry)(uintptr_t)lt_dlsym(h, BC_PLUGIN_SYMBOL);
    if (fn == NULL) {
        snprintf(why, size, "refused: no entry point %s", BC_PLUGIN_SYMBOL);
        lt_dlclose(h);
        return BC_LOAD_FAILED;
    }
    const bc_plugin *p = fn();
    progress(progress_fd, MSG_ENTERED);
    char reason[256];
    if (!bc_plugin_validate(p, reason, sizeof reason)) {
        snprintf(why, size, "refused: %s", reason);
        lt_dlclose(h);
        return BC_LOAD_FAILED;
    }
    *handle = h;
    *plugin = p;
    return BC_LOAD_OK;
}

bc_load_result bc_plugin_open(const char *path, lt_dlhandle *handle, const bc_plugin **plugin,
                              char *why, size_t size)
{
    return open_module(path, -1, handle, plugin, why, size);
}

/* ------------------------------------------------------------------------ */
/* The child: describing a module                                             */

typedef struct message {
    unsigned char *data;
    size_t len, cap;
} message;

/* Out of memory in the child: the host reports the exit status. */
static void put(message *m, const void *bytes, size_t n)
{
    unsigned char *p = bc_grow(m->data, &m->cap, m->len + n, 1);
    if (p == NULL)
        _exit(1);
    m->data = p;
    memcpy(m->data + m->len, bytes, n);
    m->len += n;
}

static void put_u32(message *m, uint32_t v)
{
    put(m, &v, sizeof v);
}

/* A string: 0 for NULL, or 1, its bytes and a NUL. */
static void put_str(message *m, const char *s)
{
    put(m, (const unsigned char[]){s != NULL}, 1);
    if (s != NULL)
        put(m, s, strlen(s) + 1);
}

static void put_options(message *m, const bc_option_spec *spec)
{
    uint32_t n = 0;
    while (spec != NULL && spec[n].key != NULL && n <= MAX_OPTIONS)
        n++;
    put_u32(m, n);
    for (uint32_t i = 0; i < n; i++) {
        put_str(m, spec[i].key);
        put_u32(m, (uint32_t)spec[i].type);
        put_str(m, spec[i].default_value);
        put_str(m, spec[i].choices);
        put_str(m, spec[i].help);
    }
}

static void describe(message *m, const bc_plugin *p)
{
    put(m, (const unsigned char[]){MSG_DESCRIBED}, 1);
    put_str(m, p->name);
    put_str(m, p->description);
    put(m, (const unsigned char[]){(p->importer != NULL) | (p->exporter != NULL) << 1}, 1);
    put_u32(m, p->exporter != NULL ? p->exporter->flags : 0);
    uint32_t n = 0;
    while (p->extensions != NULL && p->extensions[n] != NULL && n <= MAX_EXTENSIONS)
        n++;
    put_u32(m, n);
    for (uint32_t i = 0; i < n; i++)
        put_str(m, p->extensions[i]);
    put_options(m, p->importer != NULL ? p->import_options : NULL);
    put_options(m, p->exporter != NULL ? p->export_options : NULL);
}

static void write_all(int fd, const unsigned char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            _exit(1);
        p += w, n -= (size_t)w;
    }
}

void bc_child_send(int fd, const void *bytes, size_t n)
{
    write_all(fd, bytes, n);
}

static void scan_child(int fd, void *arg)
{
    const char *path = arg;
    lt_dlhandle h;
    const bc_plugin *p;
    char why[600];
    message m = {NULL, 0, 0};
    if (open_module(path, fd, &h, &p, why, sizeof why) == BC_LOAD_OK) {
        describe(&m, p);
    } else {
        put(&m, (const unsigned char[]){MSG_FAILED}, 1);
        put_str(&m, why);
    }
    write_all(fd, m.data, m.len);
}

static _Noreturn void run_in_child(bc_child_fn fn, void *arg, int fd, pid_t host)
{
#ifdef __linux__
    /* With the host gone, nothing would time out a module that hangs. */
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != host)
        _exit(1);
#else
    (void)host;
#endif
    /* A crash must show as the signal, even under the sanitizers (which
     * catch SIGSEGV and exit 1), and must not leave a core file; what the
     * module prints goes nowhere. */
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT};
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++)
        signal(fatal[i], SIG_DFL);
    setrlimit(RLIMIT_CORE, &(struct rlimit){0, 0});
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
    }
    /* Only the pipe stays open: a module that calls exit() flushes the
     * host's stdio buffers, which must then reach no file the host has
     * open (flushing them before the fork instead would move a write, and
     * the error it may meet, to a place that cannot report it). */
    if (dup2(fd, 3) != 3)
        _exit(1);
    close_range(4, ~0U, 0);
    fd = 3;
    fn(fd, arg);
    _exit(0); /* no atexit handlers, no stdio flush, no leak check */
}

/* ------------------------------------------------------------------------ */
/* The host: reading the description back                                     */

typedef struct cursor {
    unsigned char *p, *end;
    bool bad;
} cursor;

static uint32_t get_u32(cursor *c)
{
    uint32_t v = 0;
    if ((size_t)(c->end - c->p) < sizeof v)
        return c->bad = true, 0;
    memcpy(&v, c->p, sizeof v);
    c->p += sizeof v;
    return v;
}

static const char *get_str(cursor *c)
{
    if (c->p == c->end || *c->p > 1)
        return c->bad = true, NULL;
    if (*c->p++ == 0)
        return NULL;
    unsigned char *nul = memchr(c->p, '\0', (size_t)(c->end - c->p));
    if (nul == NULL)
        return c->bad = true, NULL;
    const char *s = (const char *)c->p;
    c->p = nul + 1;
    return s;
}

static bc_load_result get_options(cursor *c, bc_option_spec **out)
{
    uint32_t n = get_u32(c);
    if (c->bad || n > MAX_OPTIONS)
        return c->bad = true, BC_LOAD_FAILED;
    bc_option_spec *spec = calloc(n + 1, sizeof *spec);
    if (spec == NULL)
        return BC_LOAD_NOMEM;
    *out = spec;
    for (uint32_t i = 0; i < n && !c->bad; i++) {
        spec[i].key = get_str(c);
        uint32_t type = get_u32(c);
        spec[i].type = (bc_option_type)type;
        spec[i].default_value = get_str(c);
        spec[i].choices = get_str(c);
        spec[i].help = get_str(c);
        if (spec[i].key == NULL || spec[i].key[0] == '\0' || type > BC_OPT_INT ||
            (type == BC_OPT_CHOICE && spec[i].choices == NULL))
            c->bad = true;
    }
    return c->bad ? BC_LOAD_FAILED : BC_LOAD_OK;
}

/* Builds `info` (zeroed) from a 'D' message, which it owns from now on. */
static bc_load_result decode(unsigned char *data, size_t len, bc_plugin_info *info)
{
    info->strings = data;
    cursor c = {data + 1, data + len, false};
    bc_plugin *p = &info->plugin;
    p->magic = BC_PLUGIN_MAGIC;
    p->abi_major = BC_ABI_MAJOR;
    p->abi_minor = BC_ABI_MINOR;
    p->struct_size = sizeof *p;
    p->name = get_str(&c);
    p->description = get_str(&c);
    unsigned modes = c.p < c.end ? *c.p++ : (c.bad = true, 0);
    uint32_t flags = get_u32(&c);
    uint32_t n = get_u32(&c);
    if (c.bad || !bc_plugin_name_ok(p->name) || modes == 0 || modes > 3 || n > MAX_EXTENSIONS)
        return BC_LOAD_FAILED;
    if ((info->extensions = calloc(n + 1, sizeof *info->extensions)) == NULL)
        return BC_LOAD_NOMEM;
    for (uint32_t i = 0; i < n && !c.bad; i++)
        if ((info->extensions[i] = get_str(&c)) == NULL)
            c.bad = true;
    p->extensions = info->extensions;
    for (int i = 0; i < 2 && !c.bad; i++) {
        bc_load_result r = get_options(&c, &info->options[i]);
        if (r == BC_LOAD_NOMEM)
            return r;
    }
    if (c.bad || c.p != c.end)
        return BC_LOAD_FAILED;
    if (modes & 1) {
        info->importer.struct_size = sizeof info->importer;
        p->importer = &info->importer;
        p->import_options = info->options[0];
    }
    if (modes & 2) {
        info->exporter.struct_size = sizeof info->exporter;
        info->exporter.flags = flags;
        p->exporter = &info->exporter;
        p->export_options = info->options[1];
    }
    return BC_LOAD_OK;
}

void bc_plugin_info_free(bc_plugin_info *info)
{
    if (info == NULL)
        return;
    free(info->options[0]);
    free(info->options[1]);
    free(info->extensions);
    free(info->strings);
    free(info);
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads everything the child writes until it closes the pipe, at most
 * MAX_MESSAGE bytes and `timeout_ms`.  Returns false on a timeout. */
static bool read_child(int fd, int timeout_ms, message *m, bool *nomem)
{
    long deadline = now_ms() + timeout_ms;
    for (;;) {
        long left = deadline - now_ms();
        if (left <= 0)
            return false;
        struct pollfd pfd = {fd, POLLIN, 0};
        int r = poll(&pfd, 1, (int)left);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return r == 0 ? false : true;
        unsigned char buf[4096];
        ssize_t got = read(fd, buf, sizeof buf);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return true;
        if (m->len + (size_t)got > MAX_MESSAGE)
            return true; /* the check of the message refuses it */
        unsigned char *p = bc_grow(m->data, &m->cap, m->len + (size_t)got, 1);
        if (p == NULL)
            return *nomem = true, true;
        m->data = p;
        memcpy(m->data + m->len, buf, (size_t)got);
        m->len += (size_t)got;
    }
}

bc_load_result bc_child_run(bc_child_fn fn, void *arg, int timeout_ms, bc_child_answer *answer,
                            char *why, size_t size)
{
    *answer = (bc_child_answer){NULL, 0, false, 0};
    int fds[2];
    if (pipe(fds) != 0) {
        snprintf(why, size, "cannot start a child process: %s", strerror(errno));
        return BC_LOAD_FAILED;
    }
    /* With SIGCHLD inherited as ignored, the child would be reaped before
     * we could read its status. */
    struct sigaction dfl = {.sa_handler = SIG_DFL}, old;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGCHLD, &dfl, &old);
    pid_t host = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        run_in_child(fn, arg, fds[1], host);
    }
    close(fds[1]);
    if (pid < 0) {
        close(fds[0]);
        sigaction(SIGCHLD, &old, NULL);
        snprintf(why, size, "cannot start a child process: %s", strerror(errno));
        return BC_LOAD_FAILED;
    }
    message m = {NULL, 0, 0};
    bool nomem = false;
    answer->answered = read_child(fds[0], timeout_ms, &m, &nomem);
    close(fds[0]);
    if (!answer->answered)
        kill(pid, SIGKILL);
    while (waitpid(pid, &answer->status, 0) < 0 && errno == EINTR)
        ;
    sigaction(SIGCHLD, &old, NULL);
    answer->data = m.data;
    answer->len = m.len;
    if (nomem) {
        free(m.data);
        answer->data = NULL;
        return BC_LOAD_NOMEM;
    }
    return BC_LOAD_OK;
}

bc_load_result bc_plugin_scan(const char *path, int timeout_ms, bc_plugin_info **info,
                              char *why, size_t size)
{
    bc_child_answer a;
    char failure[256];
    bc_load_result started = bc_child_run(scan_child, (void *)path, timeout_ms, &a, failure,
                                          sizeof failure);
    if (started == BC_LOAD_NOMEM)
        return started;
    if (started != BC_LOAD_OK) {
        snprintf(why, size, "not loaded: %s", failure);
        return started;
    }
    message m = {a.data, a.len, a.len};
    bool answered = a.answered;
    int status = a.status;
    bc_load_result r = BC_LOAD_FAILED;
    static const unsigned char marks[] = {MSG_LOADED, MSG_ENTERED};
    size_t passed = 0; /* how many progress marks came */
    while (passed < sizeof marks && passed < m.len && m.data[passed] == marks[passed])
        passed++;
    unsigned char *msg = m.data + passed;
    size_t len = m.len - passed;
    static const char *const stages[] = {"while being loaded", "in its entry point",
                                         "while its descriptor was read"};
    const char *stage = stages[passed];
    if (!answered) {
        snprintf(why, size, "refused: no answer within %g s %s", timeout_ms / 1000.0, stage);
    } else if (WIFSIGNALED(status)) {
        snprintf(why, size, "refused: crashed %s (%s)", stage, strsignal(WTERMSIG(status)));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || len == 0) {
        snprintf(why, size, "refused: exited %s (status %d)", stage,
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    } else if (msg[0] == MSG_FAILED) {
        cursor c = {msg + 1, msg + len, false};
        const char *reason = get_str(&c);
        snprintf(why, size, "%s", reason != NULL && !c.bad && c.p == c.end
                                      ? reason : "refused: unreadable answer from the scan");
    } else if (msg[0] == MSG_DESCRIBED) {
        /* decode() reads the message in place: move it to the front. */
        memmove(m.data, msg, len);
        *info = calloc(1, sizeof **info);
        r = *info != NULL ? decode(m.data, len, *info) : BC_LOAD_NOMEM;
        if (*info != NULL)
            m.data = NULL; /* *info owns it now */
        if (r != BC_LOAD_OK) {
            bc_plugin_info_free(*info);
            *info = NULL;
        }
        if (r == BC_LOAD_FAILED)
            snprintf(why, size, "refused: its description does not hold together");
    } else {
        snprintf(why, size, "refused: unreadable answer from the scan");
    }
    free(m.data);
    return r;
}
