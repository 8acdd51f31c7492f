/*
 * fuzz_main.c - the libFuzzer entry point of one target: BC_FUZZ_IMPORTER
 * names its importer (`make fuzz`, docs/testing.md).
 */
#include <stdlib.h>

#include "fuzz_target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const bc_plugin *im;
    if (im == NULL && (im = bc_fuzz_importer(BC_FUZZ_IMPORTER)) == NULL)
        abort();
    bc_fuzz_run(im, data, size);
    return 0;
}
