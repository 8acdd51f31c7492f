/* Test plugin: a good "ctor_crash" exporter whose ELF constructor faults,
 * so that loading it kills the process that loads it before any entry
 * point could be called. */
#include <signal.h>

#define FAKE_MODULE ctor_crash
#define FAKE_NAME "ctor_crash"
#include "../fake_plugin.h"

__attribute__((constructor)) static void fault(void)
{
    raise(SIGSEGV);
}
