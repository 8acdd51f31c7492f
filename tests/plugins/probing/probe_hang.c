/* Test importer: its probe never returns. */
#include <unistd.h>

#define PROBE_MODULE probe_hang
#include "probe_fault.h"

static void probe_fault(void)
{
    for (;;)
        pause();
}
