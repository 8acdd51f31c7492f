/*
 * fault_shim.c - an LD_PRELOAD library that makes system calls on the
 * output fail, for tests/test_faults.sh.  Only files under one directory
 * count (their descriptors are told by /proc/self/fd); everything else
 * passes through untouched.
 *
 *   BC_FAULT_PREFIX  absolute directory whose files count (required)
 *   BC_FAULT_CALL    write | fsync | close | fclose | rename: the call to fail
 *   BC_FAULT_NTH     fail the Nth call of that kind on a counted file (1: first)
 *   BC_FAULT_ERRNO   EIO (default) or ENOSPC
 *   BC_FAULT_LOG     file that gets a line "CALL PATH" for each counted call
 *                    (rename: "rename FROM TO"), failed ones marked "FAIL"
 *
 * and makes memory run out, for tests/test_oom.sh (these need no prefix):
 *
 *   BC_FAULT_ALLOC   N: the Nth call of malloc, calloc or realloc returns
 *                    NULL (ENOMEM); N+: that call and every later one
 *   BC_FAULT_ALLOC_FROM   count only the calls made once fopen has opened
 *                    this absolute path (the input): what comes before is
 *                    start-up; unset or empty, every call counts
 *   BC_FAULT_ALLOC_COUNT  file that gets, at exit, the number of those calls
 *   BC_FAULT_ALLOC_SITES  file that gets a line "N SITE" for each counted call
 *                    made from code under BC_FAULT_ALLOC_TREE (the build tree:
 *                    the program, its library, the plugins), SITE naming its
 *                    callers (objects and offsets, the same in every run)
 *   BC_FAULT_ALLOC_WHO    file that gets the name of the shared object that
 *                    made the first call that failed (the program's, a
 *                    plugin's, libc's for strdup, libjansson's ...)
 *
 * strdup, strndup, fopen's buffer, dlopen and the libraries' allocations
 * all go through malloc, so they fail too: out of memory anywhere.
 *
 * tmpfile() makes its file under the prefix (unlinked at once, as glibc's
 * is), so that the spools of the exporters count too; the close of a file
 * already unlinked is never made to fail (nothing can be lost by it).
 *
 * stdio writes through glibc's internal write(), which no preload can
 * replace, so streams opened by fopen/fdopen on a counted file are made
 * into fopencookie streams whose writes and close come back here: a fault
 * then reaches the program the way a full disk does, through the stream's
 * buffer, its error flag and errno.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

static ssize_t (*real_write)(int, const void *, size_t);
static int (*real_fsync)(int);
static int (*real_close)(int);
static int (*real_fclose)(FILE *);
static int (*real_rename)(const char *, const char *);
static FILE *(*real_fopen)(const char *, const char *);
static FILE *(*real_fopen64)(const char *, const char *);
static FILE *(*real_fdopen)(int, const char *);
static FILE *(*real_tmpfile)(void);
static FILE *(*real_tmpfile64)(void);

/* Looked up on first use: other libraries' constructors (libselinux's
 * opens /proc) may run before this library's would. */
static void init(void)
{
    static bool ready;
    if (ready)
        return;
    ready = true;
#define LOOKUP(name) real_##name = (__typeof__(real_##name))dlsym(RTLD_NEXT, #name)
    LOOKUP(write);
    LOOKUP(fsync);
    LOOKUP(close);
    LOOKUP(fclose);
    LOOKUP(rename);
    LOOKUP(fopen);
    LOOKUP(fopen64);
    LOOKUP(fdopen);
    LOOKUP(tmpfile);
    LOOKUP(tmpfile64);
#undef LOOKUP
}

static long calls; /* counted calls of the kind BC_FAULT_CALL names */

static const char *prefix(void)
{
    const char *p = getenv("BC_FAULT_PREFIX");
    return p != NULL && *p == '/' ? p : NULL;
}

static bool under_prefix(const char *path)
{
    const char *p = prefix();
    size_t n = p != NULL ? strlen(p) : 0;
    return n > 0 && strncmp(path, p, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

/* `path` made absolute in `buf` (not resolved: the tests use plain names). */
static const char *absolute(const char *path, char *buf, size_t size)
{
    if (path[0] == '/')
        return path;
    char cwd[PATH_MAX];
    if (getcwd(cwd, sizeof cwd) == NULL)
        return path;
    int n = snprintf(buf, size, "%s/%s", cwd, path);
    return n > 0 && (size_t)n < size ? buf : path;
}

/* True when `fd` is a file under the prefix; its name goes to `buf`.
 * errno is kept: the call that follows must be the one to set it. */
static bool fd_path(int fd, char *buf, size_t size)
{
    char link[64];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    int saved = errno;
    ssize_t n = readlink(link, buf, size - 1);
    errno = saved;
    if (n < 0)
        return false;
    buf[n] = '\0';
    return under_prefix(buf);
}

static void log_call(const char *call, const char *a, const char *b, bool failed)
{
    const char *log = getenv("BC_FAULT_LOG");
    if (log == NULL)
        return;
    int saved = errno;
    int fd = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
        char line[3 * PATH_MAX];
        int n = snprintf(line, sizeof line, "%s %s%s%s%s\n", call, a, b ? " " : "", b ? b : "",
                         failed ? " FAIL" : "");
        if (n > 0)
            real_write(fd, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
        real_close(fd);
    }
    errno = saved;
}

/* Counts a call on a counted file; true when this one is to fail (errno
 * is then set). */
static bool fault(const char *call, const char *a, const char *b)
{
    const char *want = getenv("BC_FAULT_CALL");
    const char *nth = getenv("BC_FAULT_NTH");
    bool fail = false;
    if (want != NULL && strcmp(want, call) == 0 && nth != NULL)
        fail = ++calls == atol(nth);
    log_call(call, a, b, fail);
    if (fail) {
        const char *e = getenv("BC_FAULT_ERRNO");
        errno = e != NULL && strcmp(e, "ENOSPC") == 0 ? ENOSPC : EIO;
    }
    return fail;
}

static bool fd_fault(const char *call, int fd)
{
    char path[PATH_MAX];
    return fd_path(fd, path, sizeof path) && fault(call, path, NULL);
}

ssize_t write(int fd, const void *buf, size_t n)
{
    init();
    if (fd_fault("write", fd))
        return -1;
    return real_write(fd, buf, n);
}

int fsync(int fd)
{
    init();
    if (fd_fault("fsync", fd))
        return -1;
    return real_fsync(fd);
}

static bool unlinked(const char *path)
{
    static const char mark[] = " (deleted)";
    size_t n = strlen(path);
    return n >= sizeof mark - 1 && strcmp(path + n - (sizeof mark - 1), mark) == 0;
}

/* A failing close still closes: Linux releases the descriptor either way. */
int close(int fd)
{
    init();
    char path[PATH_MAX];
    bool fail = fd_path(fd, path, sizeof path) && !unlinked(path) && fault("close", path, NULL);
    int saved = errno;
    int r = real_close(fd);
    if (fail)
        errno = saved;
    return fail ? -1 : r;
}

int rename(const char *from, const char *to)
{
    init();
    char a[PATH_MAX], b[PATH_MAX];
    const char *fa = absolute(from, a, sizeof a), *fb = absolute(to, b, sizeof b);
    if ((under_prefix(fa) || under_prefix(fb)) && fault("rename", fa, fb))
        return -1;
    return real_rename(from, to);
}

/* --- memory ---------------------------------------------------------------- */

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);

/* dlsym may allocate before the real functions are known: from here. */
static _Alignas(max_align_t) unsigned char early[4096];
static size_t early_used;

static bool is_early(const void *p)
{
    return (const unsigned char *)p >= early && (const unsigned char *)p < early + sizeof early;
}

static void *early_alloc(size_t n)
{
    size_t at = (early_used + _Alignof(max_align_t) - 1) & ~(_Alignof(max_align_t) - 1);
    if (n > sizeof early - at)
        return NULL;
    early_used = at + n;
    return early + at;
}

static long alloc_calls, alloc_nth; /* alloc_nth 0: none fails */
static bool alloc_after;            /* every call from the nth on fails */
static bool alloc_counting;         /* false until BC_FAULT_ALLOC_FROM is opened */

static void alloc_init(void)
{
    static int state; /* 0 not yet, 1 resolving, 2 ready */
    if (state != 0)
        return;
    state = 1;
#define LOOKUP(name) real_##name = (__typeof__(real_##name))dlsym(RTLD_NEXT, #name)
    LOOKUP(malloc);
    LOOKUP(calloc);
    LOOKUP(realloc);
    LOOKUP(free);
#undef LOOKUP
    const char *n = getenv("BC_FAULT_ALLOC");
    if (n != NULL) {
        char *end;
        alloc_nth = strtol(n, &end, 10);
        alloc_after = *end == '+';
    }
    const char *from = getenv("BC_FAULT_ALLOC_FROM");
    alloc_counting = from == NULL || *from == '\0';
    state = 2;
}

/* Writes the name of the object that holds `caller` to BC_FAULT_ALLOC_WHO. */
static void note_caller(const void *caller)
{
    const char *path = getenv("BC_FAULT_ALLOC_WHO");
    Dl_info info;
    if (path == NULL || dladdr(caller, &info) == 0 || info.dli_fname == NULL)
        return;
    int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    const char *name = strrchr(info.dli_fname, '/');
    name = name != NULL ? name + 1 : info.dli_fname;
    init();
    real_write(fd, name, strlen(name));
    real_write(fd, "\n", 1);
    real_close(fd);
}

/* Writes "N SITE" to BC_FAULT_ALLOC_SITES for the call being counted, when
 * one of its callers is in the build tree.  backtrace() loads libgcc's
 * unwinder, which allocates, on its first use: those calls are not counted. */
static void note_site(void)
{
    static int fd = -2;
    static const char *tree;
    if (fd == -1)
        return;
    if (fd == -2) {
        const char *path = getenv("BC_FAULT_ALLOC_SITES");
        tree = getenv("BC_FAULT_ALLOC_TREE");
        fd = path != NULL && tree != NULL && *tree == '/'
                 ? open(path, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0644)
                 : -1;
        if (fd == -1)
            return;
    }
    /* The callers past this file's frames (its fopen calls malloc too). */
    static Dl_info self;
    if (self.dli_fbase == NULL && dladdr((void *)note_site, &self) == 0)
        return;
    void *frames[12];
    int n = backtrace(frames, 12), used = 0;
    unsigned long long h = 1469598103934665603ULL;
    bool ours = false;
    for (int i = 0; i < n && used < 4; i++) {
        Dl_info info;
        if (dladdr(frames[i], &info) == 0 || info.dli_fname == NULL ||
            info.dli_fbase == self.dli_fbase)
            continue;
        used++;
        ours |= strncmp(info.dli_fname, tree, strlen(tree)) == 0;
        for (const char *c = info.dli_fname; *c != '\0'; c++)
            h = (h ^ (unsigned char)*c) * 1099511628211ULL;
        h = (h ^ (unsigned long long)((uintptr_t)frames[i] - (uintptr_t)info.dli_fbase)) *
            1099511628211ULL;
    }
    char line[64];
    int len = snprintf(line, sizeof line, "%ld %llx\n", alloc_calls, h);
    if (ours && len > 0) {
        init();
        real_write(fd, line, (size_t)len);
    }
}

/* Counts an allocation made from `caller`; true when this one is to fail
 * (errno then ENOMEM). */
static bool alloc_fault(const void *caller)
{
    if (!alloc_counting)
        return false;
    static bool inside_site;
    if (inside_site)
        return false;
    alloc_calls++;
    inside_site = true;
    note_site();
    inside_site = false;
    bool fail = alloc_nth > 0 && (alloc_calls == alloc_nth || (alloc_after && alloc_calls > alloc_nth));
    if (fail) {
        if (alloc_calls == alloc_nth)
            note_caller(caller);
        errno = ENOMEM;
    }
    return fail;
}

void *malloc(size_t n)
{
    alloc_init();
    if (real_malloc == NULL)
        return early_alloc(n);
    return alloc_fault(__builtin_return_address(0)) ? NULL : real_malloc(n);
}

void *calloc(size_t count, size_t size)
{
    alloc_init();
    if (real_calloc == NULL) /* early[] is still zero where not yet used */
        return size != 0 && count > SIZE_MAX / size ? NULL : early_alloc(count * size);
    return alloc_fault(__builtin_return_address(0)) ? NULL : real_calloc(count, size);
}

void *realloc(void *p, size_t n)
{
    alloc_init();
    if (real_realloc == NULL || is_early(p)) {
        void *q = real_malloc != NULL ? malloc(n) : early_alloc(n);
        if (q != NULL && p != NULL) /* early blocks are never moved: copy what fits */
            memcpy(q, p, n < (size_t)(early + sizeof early - (unsigned char *)p)
                             ? n : (size_t)(early + sizeof early - (unsigned char *)p));
        return q;
    }
    return alloc_fault(__builtin_return_address(0)) ? NULL : real_realloc(p, n);
}

void free(void *p)
{
    if (p == NULL || is_early(p))
        return;
    alloc_init();
    real_free(p);
}

__attribute__((destructor)) static void alloc_report(void)
{
    const char *path = getenv("BC_FAULT_ALLOC_COUNT");
    if (path == NULL)
        return;
    int fd = open(path, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    char line[32];
    int n = snprintf(line, sizeof line, "%ld\n", alloc_calls);
    init();
    if (n > 0)
        real_write(fd, line, (size_t)n);
    real_close(fd);
}

/* --- streams on counted files -------------------------------------------- */

/* Streams made here, so that fclose can tell them (their fileno is -1). */
#define MAX_STREAMS 64
static struct cookie {
    FILE *fp;
    int fd;
} cookies[MAX_STREAMS];

static ssize_t c_read(void *c, char *buf, size_t n)
{
    return read(((struct cookie *)c)->fd, buf, n);
}

static ssize_t c_write(void *c, const char *buf, size_t n)
{
    return write(((struct cookie *)c)->fd, buf, n);
}

static int c_seek(void *c, off64_t *pos, int whence)
{
    off64_t r = lseek64(((struct cookie *)c)->fd, *pos, whence);
    if (r < 0)
        return -1;
    *pos = r;
    return 0;
}

static int c_close(void *c)
{
    struct cookie *k = c;
    int fd = k->fd;
    k->fp = NULL;
    k->fd = -1;
    return close(fd);
}

/* A stream on `fd` whose calls come back to this file; NULL (fd left
 * open) when all slots are taken. */
static FILE *wrap(int fd, const char *mode)
{
    for (size_t i = 0; i < MAX_STREAMS; i++) {
        if (cookies[i].fp != NULL)
            continue;
        cookies[i].fd = fd;
        cookie_io_functions_t io = {c_read, c_write, c_seek, c_close};
        cookies[i].fp = fopencookie(&cookies[i], mode, io);
        return cookies[i].fp;
    }
    return NULL;
}

static FILE *open_stream(FILE *(*real)(const char *, const char *), const char *path,
                         const char *mode)
{
    FILE *fp = real(path, mode);
    char abs[PATH_MAX];
    const char *full = absolute(path, abs, sizeof abs), *from = getenv("BC_FAULT_ALLOC_FROM");
    if (from != NULL && strcmp(full, from) == 0)
        alloc_counting = true;
    if (fp == NULL || !under_prefix(full))
        return fp;
    int fd = dup(fileno(fp));
    FILE *w = fd >= 0 ? wrap(fd, mode) : NULL;
    if (w == NULL) {
        if (fd >= 0)
            real_close(fd);
        return fp;
    }
    real_fclose(fp);
    return w;
}

FILE *fopen(const char *path, const char *mode)
{
    init();
    return open_stream(real_fopen, path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
    init();
    return open_stream(real_fopen64, path, mode);
}

FILE *fdopen(int fd, const char *mode)
{
    init();
    char path[PATH_MAX];
    FILE *w = fd_path(fd, path, sizeof path) ? wrap(fd, mode) : NULL;
    return w != NULL ? w : real_fdopen(fd, mode);
}

static FILE *spool(FILE *(*real)(void))
{
    const char *p = prefix();
    char name[PATH_MAX];
    if (p == NULL || snprintf(name, sizeof name, "%s/tmpfile.XXXXXX", p) >= (int)sizeof name)
        return real();
    int fd = mkstemp(name);
    if (fd < 0)
        return NULL;
    unlink(name);
    FILE *w = wrap(fd, "w+");
    if (w == NULL)
        real_close(fd);
    return w;
}

FILE *tmpfile(void)
{
    init();
    return spool(real_tmpfile);
}

FILE *tmpfile64(void)
{
    init();
    return spool(real_tmpfile64);
}

int fclose(FILE *fp)
{
    init();
    char path[PATH_MAX] = "";
    for (size_t i = 0; i < MAX_STREAMS && path[0] == '\0'; i++)
        if (cookies[i].fp == fp)
            fd_path(cookies[i].fd, path, sizeof path);
    bool fail = path[0] != '\0' && !unlinked(path) && fault("fclose", path, NULL);
    int saved = errno;
    int r = real_fclose(fp);
    if (fail)
        errno = saved;
    return fail ? EOF : r;
}
