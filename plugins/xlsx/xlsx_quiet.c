/* Standard error set aside (xlsx_quiet.h). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "xlsx_quiet.h"

void xlsx_quiet_open(xlsx_quiet *q)
{
    q->null = open("/dev/null", O_WRONLY | O_CLOEXEC);
    q->saved = -1;
}

void xlsx_quiet_start(xlsx_quiet *q)
{
    q->saved = -1;
    if (q->null < 0)
        return;
    fflush(stderr);
    q->saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (q->saved >= 0 && dup2(q->null, STDERR_FILENO) < 0) {
        close(q->saved);
        q->saved = -1;
    }
}

void xlsx_quiet_stop(xlsx_quiet *q)
{
    if (q->saved < 0)
        return;
    fflush(stderr);
    dup2(q->saved, STDERR_FILENO);
    close(q->saved);
    q->saved = -1;
}

void xlsx_quiet_close(xlsx_quiet *q)
{
    xlsx_quiet_stop(q);
    if (q->null >= 0)
        close(q->null);
    q->null = -1;
}
