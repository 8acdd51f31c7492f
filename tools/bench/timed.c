/*
 * timed.c - runs a command and writes its wall time, user and system CPU
 * time and peak memory to a file: what `/usr/bin/time -f '%e %U %S %M'`
 * writes, in microseconds where GNU time counts in hundredths of a second.
 * At 1,000 pages a conversion takes a fifth of a second of CPU, and a
 * hundredth of it is a twentieth of a ratio against a peer.
 *
 *   timed OUT COMMAND [ARG...]
 *
 * OUT gets one line, "wall user sys maxrss": seconds (six decimals) and KiB.
 * The exit status is the command's, or 128 + its signal; 127 when it could
 * not be started, 70 when OUT could not be written.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double seconds(struct timeval t)
{
    return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: timed OUT COMMAND [ARG...]\n");
        return 64;
    }
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "timed: fork: %s\n", strerror(errno));
        return 71;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "timed: %s: %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "timed: wait4: %s\n", strerror(errno));
            return 71;
        }
    clock_gettime(CLOCK_MONOTONIC, &end);
    double wall = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    FILE *out = fopen(argv[1], "w");
    if (out == NULL || fprintf(out, "%.6f %.6f %.6f %ld\n", wall, seconds(ru.ru_utime),
                               seconds(ru.ru_stime), ru.ru_maxrss) < 0 ||
        fclose(out) != 0) {
        fprintf(stderr, "timed: %s: %s\n", argv[1], strerror(errno));
        return 70;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
