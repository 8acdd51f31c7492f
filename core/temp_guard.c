/* Removing the temporary output when a signal ends the run (temp_guard.h). */
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "temp_guard.h"

/* The only state a handler may touch: a copy of the path and a flag that
 * says whether the copy is whole.  The flag is cleared before the copy
 * changes, so a signal in between removes nothing rather than half a name. */
static char guarded[PATH_MAX];
static volatile sig_atomic_t armed;

static void on_signal(int sig)
{
    if (armed)
        unlink(guarded);
    struct sigaction dfl = {.sa_handler = SIG_DFL};
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig); /* delivered when the handler returns: the run ends as by sig */
}

/* Run at every arm, which costs a few system calls per output: an ignored
 * signal is found ignored each time and left so. */
static void install(void)
{
    static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    struct sigaction act = {.sa_handler = on_signal};
    sigemptyset(&act.sa_mask);
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++) {
        struct sigaction old;
        /* nohup and `cmd &` ask for the signal to be ignored: respect it. */
        if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(fatal[i], &act, NULL);
    }
    struct sigaction ign = {.sa_handler = SIG_IGN};
    sigemptyset(&ign.sa_mask);
    sigaction(SIGXFSZ, &ign, NULL);
}

void bc_temp_guard_arm(const char *path)
{
    install();
    armed = 0;
    size_t len = strlen(path);
    if (len >= sizeof guarded)
        return;
    memcpy(guarded, path, len + 1);
    armed = 1;
}

void bc_temp_guard_disarm(void)
{
    armed = 0;
}
