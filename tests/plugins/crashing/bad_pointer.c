/* Test plugin: a descriptor whose name points nowhere, so that reading it
 * faults in whichever process does so. */
#define FAKE_MODULE bad_pointer
#define FAKE_NAME ((const char *)16)
#include "../fake_plugin.h"
