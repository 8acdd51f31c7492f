/* Test plugin: the descriptor lacks budgetconv's magic. */
#define FAKE_MODULE bad_magic
#define FAKE_BREAK , .magic = 0x7f454c46u
#include "fake_plugin.h"
