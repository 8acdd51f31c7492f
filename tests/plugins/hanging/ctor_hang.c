/* Test plugin: its ELF constructor never returns, so that whatever loads it
 * hangs.  Apart from the other test plugins: only a scan with a short
 * timeout may meet it. */
#include <unistd.h>

#define FAKE_MODULE ctor_hang
#define FAKE_NAME "ctor_hang"
#include "../fake_plugin.h"

__attribute__((constructor)) static void hang(void)
{
    for (;;)
        pause();
}
