/* Test plugin: a descriptor smaller than the host's bc_plugin. */
#define FAKE_MODULE bad_size
#define FAKE_BREAK , .struct_size = offsetof(bc_plugin, exporter)
#include <stddef.h>
#include "fake_plugin.h"
