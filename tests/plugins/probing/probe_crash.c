/* Test importer: its probe dereferences NULL. */
#define PROBE_MODULE probe_crash
#include "probe_fault.h"

static void probe_fault(void)
{
    volatile int *nowhere = NULL;
    *nowhere = 1;
}
