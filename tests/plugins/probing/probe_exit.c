/* Test importer: its probe ends the process that runs it. */
#include <stdlib.h>

#define PROBE_MODULE probe_exit
#include "probe_fault.h"

static void probe_fault(void)
{
    exit(3);
}
