/* Test plugin: a second provider of "fake". */
#define FAKE_MODULE fake_b
#define FAKE_DESCRIPTION "fake B"
#include "fake_plugin.h"
