/*
 * replay.c - the fuzz targets without libFuzzer: feeds bc_fuzz_run() every
 * file of each target's corpus (BC_FUZZ_CORPUS/<importer>/) and says so in
 * TAP.  A crash found by the fuzzer and saved into the corpus fails `make
 * check` from then on, with any compiler, and under the sanitizers.
 *
 *   replay                          every corpus
 *   replay IMPORTER FILE|DIR...     those inputs (e.g. a crash-* file)
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_target.h"

static const char *const targets[] = {"rawtext", "csv", "json"};
#define TARGET_COUNT (sizeof targets / sizeof *targets)

/* Inputs larger than this are not fuzz inputs: refuse rather than guess. */
#define MAX_INPUT ((size_t)16 * 1024 * 1024)

static int compare(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int replay_file(const bc_plugin *im, const char *path, int n)
{
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        printf("not ok %d - %s: %s\n", n, path, strerror(errno));
        return 1;
    }
    unsigned char *data = malloc(MAX_INPUT);
    size_t size = data != NULL ? fread(data, 1, MAX_INPUT, fp) : 0;
    bool bad = data == NULL || ferror(fp) || !feof(fp);
    fclose(fp);
    if (bad) {
        printf("not ok %d - %s: cannot read it whole\n", n, path);
        free(data);
        return 1;
    }
    /* Named first, so that the log shows which input crashed. */
    printf("# %s\n", path);
    fflush(stdout);
    /* In a block of its exact size, as libFuzzer gives it, so that the
     * sanitizers see a read one byte past the end. */
    unsigned char *exact = malloc(size > 0 ? size : 1);
    if (exact == NULL) {
        printf("not ok %d - %s: out of memory\n", n, path);
        free(data);
        return 1;
    }
    memcpy(exact, data, size);
    free(data);
    bc_fuzz_run(im, exact, size);
    free(exact);
    printf("ok %d - %s\n", n, path);
    return 0;
}

typedef struct path_list {
    char **items;
    size_t count, cap;
} path_list;

/* Takes `path` (malloc'd) into the list; false when out of memory. */
static bool add(path_list *l, char *path)
{
    if (path != NULL && l->count == l->cap) {
        size_t ncap = l->cap ? l->cap * 2 : 64;
        char **grown = realloc(l->items, ncap * sizeof *grown);
        if (grown == NULL) {
            free(path);
            return false;
        }
        l->items = grown, l->cap = ncap;
    }
    if (path != NULL)
        l->items[l->count++] = path;
    return path != NULL;
}

/* Adds `arg`: a file, or the files of a directory (not its dot files). */
static bool collect(path_list *l, const char *arg)
{
    struct stat st;
    DIR *dir = NULL;
    if (stat(arg, &st) != 0 || (S_ISDIR(st.st_mode) && (dir = opendir(arg)) == NULL)) {
        fprintf(stderr, "replay: %s: %s\n", arg, strerror(errno));
        return false;
    }
    if (dir == NULL)
        return add(l, strdup(arg));
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        size_t len = strlen(arg) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (path != NULL)
            snprintf(path, len, "%s/%s", arg, e->d_name);
        ok = add(l, path);
    }
    closedir(dir);
    return ok;
}

int main(int argc, char **argv)
{
    path_list l = {NULL, 0, 0};
    /* Importer t reads l.items[first[t]] up to l.items[first[t + 1]]. */
    const bc_plugin *im[TARGET_COUNT] = {NULL};
    size_t nim = 0, first[TARGET_COUNT + 1] = {0};
    bool ok = true;
    if (argc < 2) {
        for (; nim < TARGET_COUNT; nim++) {
            char dir[4096];
            snprintf(dir, sizeof dir, "%s/%s", BC_FUZZ_CORPUS, targets[nim]);
            im[nim] = bc_fuzz_importer(targets[nim]);
            first[nim] = l.count;
            ok &= collect(&l, dir);
        }
    } else {
        if ((im[0] = bc_fuzz_importer(argv[1])) == NULL) {
            fprintf(stderr, "usage: replay [IMPORTER FILE|DIR...] (IMPORTER: rawtext, csv, json)\n");
            return 2;
        }
        for (int i = 2; i < argc; i++)
            ok &= collect(&l, argv[i]);
        nim = 1;
    }
    first[nim] = l.count;
    for (size_t t = 0; t < nim; t++)
        if (first[t + 1] > first[t])
            qsort(l.items + first[t], first[t + 1] - first[t], sizeof *l.items, compare);
    printf("1..%zu\n", l.count);
    int failed = !ok;
    for (size_t t = 0, i = 0; t < nim; t++)
        for (; i < first[t + 1]; i++) {
            failed |= replay_file(im[t], l.items[i], (int)i + 1);
            free(l.items[i]);
        }
    free(l.items);
    if (l.count == 0) {
        fprintf(stderr, "replay: no input to replay\n");
        failed = 1;
    }
    return failed;
}
