/* Test plugin: a shared object without the entry point. */
int no_entry_LTX_something_else(void);

int no_entry_LTX_something_else(void)
{
    return 42;
}
