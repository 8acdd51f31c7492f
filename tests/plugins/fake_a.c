/* Test plugin: a good exporter "fake"; sorts before fake_b. */
#define FAKE_MODULE fake_a
#define FAKE_DESCRIPTION "fake A"
#include "fake_plugin.h"
