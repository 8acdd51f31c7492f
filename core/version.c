/* Library version (include/budgetconv/budgetconv.h). */
#include <config.h>

#include <budgetconv/budgetconv.h>

const char *bc_version(void)
{
    return PACKAGE_VERSION;
}
