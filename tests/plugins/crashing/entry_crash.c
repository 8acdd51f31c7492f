/* Test plugin: its entry point faults before it returns a descriptor.  It
 * lives apart from tests/plugins so that only the fault tests meet it. */
#include <signal.h>
#include <stddef.h>

#include <budgetconv/plugin.h>

const bc_plugin *entry_crash_LTX_bc_plugin_descriptor(void);

const bc_plugin *entry_crash_LTX_bc_plugin_descriptor(void)
{
    raise(SIGSEGV); /* what a stray pointer would do, under any sanitizer */
    return NULL;
}
