/* Test importer: its probe writes through a stray pointer (as through a
 * field of a NULL struct pointer; not NULL itself, which UBSan would catch
 * first and turn into an exit). */
#include <stdint.h>

#define PROBE_MODULE probe_crash
#include "probe_fault.h"

static volatile uintptr_t stray = 16; /* volatile: the compiler cannot see it is bad */

static void probe_fault(void)
{
    *(volatile int *)stray = 1;
}
