/* The plugin registry: descriptor validation, refusing bad modules with a
 * warning that names the file, search order, lookups by name and extension.
 * The modules come from tests/plugins (built by make check) and from
 * plugins/ of the build tree ($BUILDDIR, set by tests/local.mk). */
#include <config.h>

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include <budgetconv/budgetconv.h>

#include "leak_check.h"
#include "registry.h"

/* ------------------------------------------------------------------------ */
/* bc_plugin_validate                                                         */

static bc_status stub_begin(void **s, const bc_output *o, bc_context *c, bc_error *e)
{
    (void)s, (void)o, (void)c, (void)e;
    return BC_OK;
}
static bc_status stub_write(void *s, const bc_record *r, bc_error *e)
{
    (void)s, (void)r, (void)e;
    return BC_OK;
}
static bc_status stub_end(void *s, bc_error *e)
{
    (void)s, (void)e;
    return BC_OK;
}
static void stub_free(void *s)
{
    (void)s;
}
static bc_status stub_open(void **s, bc_input *in, bc_context *c, bc_error *e)
{
    (void)s, (void)in, (void)c, (void)e;
    return BC_OK;
}
static bc_status stub_next(void *s, bc_record *r, bc_error *e)
{
    (void)s, (void)r, (void)e;
    return BC_END;
}

/* What a test breaks in an otherwise valid descriptor. */
typedef enum field {
    NOTHING, NO_DESCRIPTOR, MAGIC, MAJOR_NEWER, MAJOR_OLDER, MINOR_NEWER, STRUCT_SIZE,
    NAME_NULL, NAME_EMPTY, NAME_SPACE, NAME_SLASH, NO_TABLES,
    IMPORTER_SIZE, IMPORTER_OPEN, IMPORTER_NEXT, IMPORTER_CLOSE,
    EXPORTER_SIZE, EXPORTER_BEGIN, EXPORTER_WRITE, EXPORTER_END, EXPORTER_ABORT,
} field;

typedef struct validate_case {
    field broken;
    char why[96]; /* empty: must pass */
} validate_case;

ParameterizedTestParameters(validate, each_field)
{
    static validate_case cases[] = {
        {NOTHING, ""},
        {NO_DESCRIPTOR, "entry point returned no descriptor"},
        {MAGIC, "not a budgetconv plugin (bad magic)"},
        {MAJOR_NEWER, "built for plugin ABI 2.0, this budgetconv has 1.0"},
        {MAJOR_OLDER, "built for plugin ABI 0.0, this budgetconv has 1.0"},
        {MINOR_NEWER, "built for plugin ABI 1.1, this budgetconv has 1.0"},
        {STRUCT_SIZE, "descriptor too small (16 bytes)"},
        {NAME_NULL, "descriptor has no usable name"},
        {NAME_EMPTY, "descriptor has no usable name"},
        {NAME_SPACE, "descriptor has no usable name"},
        {NAME_SLASH, "descriptor has no usable name"},
        {NO_TABLES, "neither imports nor exports"},
        {IMPORTER_SIZE, "incomplete importer table"},
        {IMPORTER_OPEN, "incomplete importer table"},
        {IMPORTER_NEXT, "incomplete importer table"},
        {IMPORTER_CLOSE, "incomplete importer table"},
        {EXPORTER_SIZE, "incomplete exporter table"},
        {EXPORTER_BEGIN, "incomplete exporter table"},
        {EXPORTER_WRITE, "incomplete exporter table"},
        {EXPORTER_END, "incomplete exporter table"},
        {EXPORTER_ABORT, "incomplete exporter table"},
    };
    return cr_make_param_array(validate_case, cases, sizeof cases / sizeof *cases);
}

BC_PARAM_TEST(validate_case, c, validate, each_field)
{
    bc_importer im = {sizeof im, NULL, stub_open, stub_next, stub_free};
    bc_exporter ex = {sizeof ex, 0, stub_begin, stub_write, stub_end, stub_free};
    bc_plugin p = {BC_PLUGIN_MAGIC, BC_ABI_MAJOR, BC_ABI_MINOR, sizeof p, "test", "a test",
                   NULL, &im, NULL, &ex, NULL};
    switch (c->broken) {
    case NOTHING: case NO_DESCRIPTOR: break;
    case MAGIC: p.magic = 0x7f454c46u; break;
    case MAJOR_NEWER: p.abi_major = BC_ABI_MAJOR + 1; break;
    case MAJOR_OLDER: p.abi_major = BC_ABI_MAJOR - 1; break;
    case MINOR_NEWER: p.abi_minor = BC_ABI_MINOR + 1; break;
    case STRUCT_SIZE: p.struct_size = offsetof(bc_plugin, name); break;
    case NAME_NULL: p.name = NULL; break;
    case NAME_EMPTY: p.name = ""; break;
    case NAME_SPACE: p.name = "two words"; break;
    case NAME_SLASH: p.name = "../json"; break;
    case NO_TABLES: p.importer = NULL, p.exporter = NULL; break;
    case IMPORTER_SIZE: im.struct_size = offsetof(bc_importer, close); break;
    case IMPORTER_OPEN: im.open = NULL; break;
    case IMPORTER_NEXT: im.next = NULL; break;
    case IMPORTER_CLOSE: im.close = NULL; break;
    case EXPORTER_SIZE: ex.struct_size = offsetof(bc_exporter, abort); break;
    case EXPORTER_BEGIN: ex.begin = NULL; break;
    case EXPORTER_WRITE: ex.write = NULL; break;
    case EXPORTER_END: ex.end = NULL; break;
    case EXPORTER_ABORT: ex.abort = NULL; break;
    }
    char why[256] = "";
    bool ok = bc_plugin_validate(c->broken == NO_DESCRIPTOR ? NULL : &p, why, sizeof why);
    cr_expect_eq(ok, c->why[0] == '\0', "case %d: %s", (int)c->broken, why);
    cr_expect_str_eq(why, c->why, "case %d", (int)c->broken);
}

/* The 1.0 sizes are frozen: a change here breaks every plugin built. */
#if UINTPTR_MAX == UINT64_MAX
_Static_assert(BC_PLUGIN_SIZE_1_0 == 72, "bc_plugin 1.0 is 72 bytes on LP64");
_Static_assert(BC_IMPORTER_SIZE_1_0 == 40, "bc_importer 1.0 is 40 bytes on LP64");
_Static_assert(BC_EXPORTER_SIZE_1_0 == 48, "bc_exporter 1.0 is 48 bytes on LP64");
#endif

BC_TEST(validate, takes_the_frozen_1_0_sizes_and_larger)
{
    bc_importer im = {BC_IMPORTER_SIZE_1_0, NULL, stub_open, stub_next, stub_free};
    bc_exporter ex = {BC_EXPORTER_SIZE_1_0, 0, stub_begin, stub_write, stub_end, stub_free};
    bc_plugin p = {BC_PLUGIN_MAGIC, BC_ABI_MAJOR, BC_ABI_MINOR, BC_PLUGIN_SIZE_1_0, "test", NULL,
                   NULL, &im, NULL, &ex, NULL};
    char why[64] = "";
    cr_expect(bc_plugin_validate(&p, why, sizeof why), "%s", why);
    p.struct_size = BC_PLUGIN_SIZE_1_0 - 1;
    cr_expect_not(bc_plugin_validate(&p, why, sizeof why));
    p.struct_size = BC_PLUGIN_SIZE_1_0, im.struct_size = BC_IMPORTER_SIZE_1_0 - 1;
    cr_expect_not(bc_plugin_validate(&p, why, sizeof why));
    im.struct_size = BC_IMPORTER_SIZE_1_0, ex.struct_size = BC_EXPORTER_SIZE_1_0 - 1;
    cr_expect_not(bc_plugin_validate(&p, why, sizeof why));
    cr_expect_str_eq(why, "incomplete exporter table");
}

BC_TEST(validate, import_only_and_export_only_are_fine)
{
    bc_importer im = {sizeof im, NULL, stub_open, stub_next, stub_free};
    bc_exporter ex = {sizeof ex, 0, stub_begin, stub_write, stub_end, stub_free};
    bc_plugin p = {BC_PLUGIN_MAGIC, BC_ABI_MAJOR, BC_ABI_MINOR, sizeof p, "test", NULL,
                   NULL, &im, NULL, NULL, NULL};
    char why[64];
    cr_expect(bc_plugin_validate(&p, why, sizeof why), "%s", why);
    p.importer = NULL, p.exporter = &ex;
    cr_expect(bc_plugin_validate(&p, why, sizeof why), "%s", why);
    p.struct_size = sizeof p + 16; /* a newer plugin's appended fields */
    cr_expect(bc_plugin_validate(&p, why, sizeof why), "%s", why);
}

/* ------------------------------------------------------------------------ */
/* Loading modules                                                            */

typedef struct warnings {
    size_t count;
    char text[2048];
} warnings;

/* Collects "BASENAME: message\n" for each refused module. */
static void collect(void *user, const char *path, const char *message)
{
    warnings *w = user;
    const char *slash = strrchr(path, '/');
    size_t used = strlen(w->text);
    snprintf(w->text + used, sizeof w->text - used, "%s: %s\n", slash ? slash + 1 : path,
             message);
    w->count++;
}

static bc_registry *new_registry(warnings *w)
{
    *w = (warnings){0, ""};
    bc_error err;
    bc_registry *reg = bc_registry_new(collect, w, &err);
    cr_assert_not_null(reg, "%s", err.message);
    return reg;
}

static void build_path(char *buf, size_t size, const char *rel)
{
    const char *b = getenv("BUILDDIR");
    cr_assert_not_null(b, "BUILDDIR is not set (run through make check)");
    snprintf(buf, size, "%s/%s", b, rel);
}

static void add_dir(bc_registry *reg, const char *dir)
{
    bc_error err;
    cr_assert_eq(bc_registry_add_dir(reg, dir, &err), BC_OK, "%s", err.message);
}

static const char *description_of(const bc_registry *reg, const char *name)
{
    const bc_plugin *p = bc_registry_find(reg, name);
    cr_assert_not_null(p, "no plugin '%s'", name);
    return p->description;
}

/* The file the loaded plugin `name` came from. */
static const char *path_of(const bc_registry *reg, const char *name)
{
    for (size_t i = 0; i < bc_registry_count(reg); i++) {
        const char *path;
        const bc_plugin *p = bc_registry_plugin(reg, i, &path);
        if (strcmp(p->name, name) == 0)
            return path;
    }
    cr_assert_fail("no plugin '%s'", name);
    return NULL;
}

BC_TEST(registry, refuses_bad_modules_and_keeps_the_good)
{
    char dir[1024];
    build_path(dir, sizeof dir, "tests/plugins");
    warnings w;
    bc_registry *reg = new_registry(&w);
    add_dir(reg, dir);
    char want[2048];
    snprintf(want, sizeof want,
             "bad_magic.la: refused: not a budgetconv plugin (bad magic)\n"
             "bad_major.la: refused: built for plugin ABI 2.0, this budgetconv has 1.0\n"
             "bad_minor.la: refused: built for plugin ABI 1.1, this budgetconv has 1.0\n"
             "bad_size.la: refused: descriptor too small (%zu bytes)\n"
             "fake_b.la: ignored: format 'fake' is already provided by %s/fake_a.la\n"
             "no_entry.la: refused: no entry point bc_plugin_descriptor\n",
             offsetof(bc_plugin, exporter), dir);
    cr_expect_str_eq(w.text, want);
    cr_expect_eq(w.count, 6);
    cr_assert_eq(bc_registry_count(reg), 2);
    /* Sorted by name; the first module (by file name) providing one wins. */
    const char *path;
    cr_expect_str_eq(bc_registry_plugin(reg, 0, &path)->name, "fake");
    cr_expect_str_eq(strrchr(path, '/'), "/fake_a.la");
    cr_expect_str_eq(description_of(reg, "fake"), "fake A");
    cr_expect_str_eq(bc_registry_plugin(reg, 1, NULL)->name, "json");
    cr_expect_null(bc_registry_plugin(reg, 2, NULL));
    cr_expect_null(bc_registry_find(reg, "csv"));
    bc_registry_free(reg);
}

BC_TEST(registry, scanning_runs_no_module_code_here)
{
    /* The scan learns names, extensions and options in a child process;
     * only a lookup that needs the code loads the module here. */
    char dir[1024];
    build_path(dir, sizeof dir, "tests/plugins");
    unsetenv("BC_TEST_LOADED_fake_a");
    unsetenv("BC_TEST_LOADED_json_stub");
    warnings w;
    bc_registry *reg = new_registry(&w);
    add_dir(reg, dir);
    const bc_plugin *info = bc_registry_plugin(reg, 0, NULL);
    cr_assert_str_eq(info->name, "fake");
    cr_expect_str_eq(info->description, "fake A");
    cr_expect_str_eq(info->extensions[0], "fake");
    cr_expect_null(info->extensions[1]);
    cr_expect_null(info->importer);
    cr_assert_not_null(info->exporter);
    cr_expect_null(info->exporter->begin, "a description carries no code");
    cr_expect_null(getenv("BC_TEST_LOADED_fake_a"), "the scan loaded fake_a here");
    const bc_plugin *p = bc_registry_find(reg, "fake");
    cr_assert_not_null(p);
    cr_expect_not_null(p->exporter->begin);
    cr_expect_str_eq(getenv("BC_TEST_LOADED_fake_a"), "1", "find() loads the module");
    cr_expect_null(getenv("BC_TEST_LOADED_json_stub"), "only the module asked for");
    cr_expect_eq(bc_registry_find(reg, "fake"), p, "loaded once");
    bc_registry_free(reg);
}

BC_TEST(registry, crashing_modules_are_refused_and_the_rest_work)
{
    char dir[1024], crashing[1024];
    build_path(dir, sizeof dir, "tests/plugins");
    build_path(crashing, sizeof crashing, "tests/plugins/crashing");
    warnings w;
    bc_registry *reg = new_registry(&w);
    add_dir(reg, crashing);
    cr_expect_str_eq(w.text,
                     "bad_pointer.la: refused: crashed while its descriptor was read "
                     "(Segmentation fault)\n"
                     "ctor_crash.la: refused: crashed while being loaded (Segmentation fault)\n"
                     "entry_crash.la: refused: crashed in its entry point (Segmentation fault)\n");
    cr_expect_eq(bc_registry_count(reg), 0);
    cr_expect_null(bc_registry_find(reg, "ctor_crash"));
    add_dir(reg, dir);
    cr_expect_str_eq(description_of(reg, "fake"), "fake A");
    bc_registry_free(reg);
}

BC_TEST(registry, a_module_that_hangs_is_killed_and_refused)
{
    char dir[1024];
    build_path(dir, sizeof dir, "tests/plugins/hanging");
    warnings w;
    bc_registry *reg = new_registry(&w);
    bc_registry_set_timeout(reg, 300);
    add_dir(reg, dir);
    cr_expect_str_eq(w.text, "ctor_hang.la: refused: no answer within 0.3 s while being loaded\n");
    cr_expect_eq(bc_registry_count(reg), 0);
    bc_registry_free(reg);
}

BC_TEST(registry, a_directory_named_twice_is_scanned_once)
{
    char dir[1024], path[4096];
    build_path(dir, sizeof dir, "tests/plugins");
    snprintf(path, sizeof path, "%s:%s/:%s", dir, dir, dir);
    warnings w;
    bc_registry *reg = new_registry(&w);
    bc_error err;
    cr_assert_eq(bc_registry_add_path(reg, path, &err), BC_OK);
    cr_expect_eq(w.count, 6, "no module shadows itself:\n%s", w.text);
    cr_expect_eq(bc_registry_count(reg), 2);
    bc_registry_free(reg);
}

BC_TEST(registry, missing_directory_is_no_error)
{
    warnings w;
    bc_registry *reg = new_registry(&w);
    add_dir(reg, "/nonexistent/plugins");
    bc_error err;
    cr_expect_eq(bc_registry_add_path(reg, "::/nonexistent/a:/nonexistent/b:", &err), BC_OK);
    cr_expect_eq(bc_registry_add_path(reg, NULL, &err), BC_OK);
    cr_expect_eq(bc_registry_count(reg), 0);
    cr_expect_eq(w.count, 0, "%s", w.text);
    bc_registry_free(reg);
    bc_registry_free(NULL);
}

/* A scratch directory of plugin files, removed by scratch_remove(). */
typedef struct scratch {
    char dir[64];
    char files[8][128];
    size_t count;
} scratch;

static void scratch_new(scratch *s)
{
    snprintf(s->dir, sizeof s->dir, "%s", "/tmp/bc-registry-XXXXXX");
    cr_assert_not_null(mkdtemp(s->dir));
    s->count = 0;
}

static const char *scratch_file(scratch *s, const char *name)
{
    cr_assert_lt(s->count, 8);
    char dir[sizeof s->dir];
    memcpy(dir, s->dir, sizeof dir);
    snprintf(s->files[s->count], sizeof s->files[0], "%s/%s", dir, name);
    return s->files[s->count++];
}

/* Links `name` in the scratch directory to the build tree's `target`. */
static void scratch_link(scratch *s, const char *name, const char *target)
{
    char to[1024];
    build_path(to, sizeof to, target);
    cr_assert_eq(access(to, R_OK), 0, "%s not built", to);
    cr_assert_eq(symlink(to, scratch_file(s, name)), 0);
}

static void scratch_remove(scratch *s)
{
    for (size_t i = 0; i < s->count; i++)
        unlink(s->files[i]);
    rmdir(s->dir);
}

BC_TEST(registry, garbage_so_is_refused_with_its_name)
{
    scratch s;
    scratch_new(&s);
    FILE *fp = fopen(scratch_file(&s, "garbage.so"), "w");
    cr_assert_not_null(fp);
    fputs("this is not an ELF file\n", fp);
    fclose(fp);
    scratch_link(&s, "fake_b.so", "tests/plugins/.libs/fake_b.so");
    warnings w;
    bc_registry *reg = new_registry(&w);
    add_dir(reg, s.dir);
    cr_expect_eq(w.count, 1, "%s", w.text);
    cr_expect_eq(strncmp(w.text, "garbage.so: not loaded: ", 24), 0, "%s", w.text);
    cr_expect_str_eq(description_of(reg, "fake"), "fake B", "loading goes on after it");
    bc_registry_free(reg);
    scratch_remove(&s);
}

BC_TEST(registry, earlier_directory_wins)
{
    scratch a, b;
    scratch_new(&a);
    scratch_new(&b);
    /* File-name order would pick fake_a: directory order must win.  (A
     * module keeps its file name: libltdl finds the entry point by it.) */
    scratch_link(&a, "fake_b.so", "tests/plugins/.libs/fake_b.so");
    scratch_link(&b, "fake_a.so", "tests/plugins/.libs/fake_a.so");
    char path[256];
    warnings w;
    snprintf(path, sizeof path, "%s::%s", a.dir, b.dir);
    bc_registry *reg = new_registry(&w);
    bc_error err;
    cr_assert_eq(bc_registry_add_path(reg, path, &err), BC_OK);
    cr_expect_str_eq(description_of(reg, "fake"), "fake B");
    cr_expect_eq(bc_registry_count(reg), 1);
    bc_registry_free(reg);

    char want[512];
    snprintf(want, sizeof want, "fake_a.so: ignored: format 'fake' is already provided by %s\n",
             a.files[0]);
    cr_expect_str_eq(w.text, want, "the later one is named with the one that wins");

    snprintf(path, sizeof path, "%s:%s", b.dir, a.dir);
    reg = new_registry(&w);
    cr_assert_eq(bc_registry_add_path(reg, path, &err), BC_OK);
    cr_expect_str_eq(description_of(reg, "fake"), "fake A");
    cr_expect_eq(w.count, 1, "%s", w.text);
    bc_registry_free(reg);
    scratch_remove(&a);
    scratch_remove(&b);
}

BC_TEST(registry, installed_layout_loads_plain_shared_objects)
{
    /* An install dir holds json.so without libtool's .libs/ subdirectory. */
    scratch s;
    scratch_new(&s);
    scratch_link(&s, "json.so", "plugins/.libs/json.so");
    warnings w;
    bc_registry *reg = new_registry(&w);
    add_dir(reg, s.dir);
    cr_expect_eq(w.count, 0, "%s", w.text);
    cr_expect_str_eq(path_of(reg, "json"), s.files[0]);
    const unsigned char doc[] = "{\"schema\": \"budgetconv/record/1\", \"records\": []}";
    bc_probe_result guess;
    bc_error err = {0};
    cr_expect_eq(bc_registry_probe(reg, doc, sizeof doc - 1, "book.dat", &guess, &err), BC_OK);
    cr_expect_eq(guess.best, bc_registry_find(reg, "json"));
    cr_expect_eq(guess.by_content, guess.best);
    bc_registry_free(reg);
    scratch_remove(&s);
}

BC_TEST(registry, exporter_by_extension)
{
    char dir[1024];
    build_path(dir, sizeof dir, "tests/plugins");
    warnings w;
    bc_registry *reg = new_registry(&w);
    add_dir(reg, dir);
    const bc_plugin *fake = bc_registry_find(reg, "fake");
    cr_expect_eq(bc_registry_exporter_for(reg, "out.fake"), fake);
    cr_expect_eq(bc_registry_exporter_for(reg, "dir/OUT.FAKE"), fake, "case-insensitive");
    cr_expect_null(bc_registry_exporter_for(reg, "out.fakes"));
    cr_expect_null(bc_registry_exporter_for(reg, "out.fak"));
    cr_expect_null(bc_registry_exporter_for(reg, "dir.fake/out"));
    cr_expect_null(bc_registry_exporter_for(reg, "fake"));
    /* Export-only plugins never read anything. */
    bc_probe_result guess;
    bc_error err = {0};
    cr_expect_eq(bc_registry_probe(reg, (const unsigned char *)"x", 1, "in.fake", &guess, &err),
                 BC_OK);
    cr_expect_null(guess.best);
    cr_expect_null(guess.by_content);
    bc_registry_free(reg);
}
