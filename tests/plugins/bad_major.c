/* Test plugin: built for another major plugin ABI. */
#define FAKE_MODULE bad_major
#define FAKE_BREAK , .abi_major = BC_ABI_MAJOR + 1
#include "fake_plugin.h"
