/* Test plugin: a "json" that must win over the real one when its
 * directory is searched first. */
#define FAKE_MODULE json_stub
#define FAKE_NAME "json"
#define FAKE_DESCRIPTION "json stub"
#include "fake_plugin.h"
