/* The output layer (core/output.c, core/temp_guard.c) as a batch run uses
 * it: several outputs opened, committed or discarded one after another in
 * one process, the signal guard following each. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <criterion/criterion.h>

#include "leak_check.h"
#include "output.h"

static char dir[] = "/tmp/test_output.XXXXXX";

static void make_dir(void)
{
    cr_assert_not_null(mkdtemp(dir));
}

static char *path(const char *name)
{
    static char buf[sizeof dir + 64];
    snprintf(buf, sizeof buf, "%s/%s", dir, name);
    return buf;
}

/* The names in the test directory, sorted, joined by spaces. */
static char *listing(void)
{
    static char buf[1024];
    buf[0] = '\0';
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    cr_assert_geq(n, 0);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", buf[0] ? " " : "",
                     names[i]->d_name);
        free(names[i]);
    }
    free(names);
    return buf;
}

/* Opens `name` and writes `text` into it (by stream or, `by_path`, by name). */
static bc_atomic_output *write_one(const char *name, bool by_path, const char *text)
{
    bc_atomic_output *ao = NULL;
    bc_output out;
    bc_error err = {0};
    cr_assert_eq(bc_atomic_output_open(path(name), by_path, &ao, &out, &err), BC_OK, "%s",
                 err.message);
    FILE *fp = by_path ? fopen(out.path, "wb") : out.fp;
    cr_assert_not_null(fp);
    fputs(text, fp);
    if (by_path)
        cr_assert_eq(fclose(fp), 0);
    return ao;
}

static void commit(bc_atomic_output *ao)
{
    bc_error err = {0};
    cr_assert_eq(bc_atomic_output_commit(ao, &err), BC_OK, "%s", err.message);
}

/* In a child: commit a, discard b, then end by SIGTERM while c is open
 * (ignored first when `ignore`, then c is committed).  Returns the
 * child's wait status. */
static int batch_then_sigterm(bool ignore)
{
    fflush(NULL);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        if (ignore)
            signal(SIGTERM, SIG_IGN);
        commit(write_one("a.json", false, "a\n"));
        bc_atomic_output_discard(write_one("b.xlsx", true, "b\n"));
        bc_atomic_output *c = write_one("c.json", false, "c\n");
        raise(SIGTERM);
        commit(c);
        _exit(0);
    }
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    return status;
}

static void remove_dir(void)
{
    char names[1024];
    snprintf(names, sizeof names, "%s", listing());
    for (char *name = strtok(names, " "); name != NULL; name = strtok(NULL, " "))
        unlink(path(name));
    rmdir(dir);
}

BC_TEST(output, batch_signal_removes_the_open_output_only)
{
    make_dir();
    int status = batch_then_sigterm(false);
    cr_expect(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM, "status %#x", status);
    cr_expect_str_eq(listing(), "a.json",
                     "committed a stays; discarded b and the temporary c are gone");
    remove_dir();
}

BC_TEST(output, batch_sigterm_inherited_as_ignored_stays_ignored)
{
    make_dir();
    int status = batch_then_sigterm(true);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0, "status %#x", status);
    cr_expect_str_eq(listing(), "a.json c.json");
    remove_dir();
}

BC_TEST(output, an_empty_name_is_refused_before_the_run)
{
    make_dir();
    char *cwd = getcwd(NULL, 0);
    cr_assert_not_null(cwd);
    cr_assert_eq(chdir(dir), 0);
    bc_atomic_output *ao = NULL;
    bc_output out;
    bc_error err = {0};
    bc_status st = bc_atomic_output_open("", false, &ao, &out, &err);
    cr_expect_eq(st, BC_ERR_CANTCREAT, "status %d: %s", st, err.message);
    cr_expect_str_eq(err.message, "cannot create output '': No such file or directory");
    cr_expect_str_eq(listing(), "", "no temporary file made for it");
    if (st == BC_OK)
        bc_atomic_output_discard(ao);
    cr_assert_eq(chdir(cwd), 0);
    free(cwd);
    remove_dir();
}
