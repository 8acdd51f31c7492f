/* Test plugin: built for a newer minor plugin ABI than the host's. */
#define FAKE_MODULE bad_minor
#define FAKE_BREAK , .abi_minor = BC_ABI_MINOR + 1
#include "fake_plugin.h"
