/* Test plugin: a descriptor smaller than the host's bc_plugin. */
#define FAKE_MODULE bad_size
#define FAKE_STRUCT_SIZE offsetof(bc_plugin, exporter)
#include <stddef.h>
#include "fake_plugin.h"
