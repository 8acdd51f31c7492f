/* Core tests: option contexts: flags, choices, integers and warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include <budgetconv/budgetconv.h>

#include "context.h"
#include "leak_check.h"

static const bc_option_spec spec[] = {
    {"bom", BC_OPT_FLAG, NULL, NULL, "write a byte-order mark"},
    {"table", BC_OPT_CHOICE, "projects", "projects|items|full", "which table"},
    {"width", BC_OPT_INT, "80", NULL, "line width"},
    {"title", BC_OPT_STRING, NULL, NULL, "document title"},
    {NULL, 0, NULL, NULL, NULL},
};

typedef struct warning_log {
    size_t count;
    char text[256];
} warning_log;

static void log_warning(void *user, const char *file, long line, const char *message)
{
    warning_log *w = user;
    w->count++;
    snprintf(w->text, sizeof w->text, "%s:%ld: %s", file ? file : "(none)", line, message);
}

/* Sets `kv` and checks the outcome: `want_msg` NULL means it must succeed. */
static void expect_set(bc_context *ctx, const char *kv, const char *want_msg)
{
    bc_error err;
    bc_error_clear(&err);
    bc_status st = bc_context_set(ctx, kv, &err);
    if (want_msg == NULL) {
        cr_expect_eq(st, BC_OK, "'%s': %s", kv, err.message);
    } else {
        cr_expect_eq(st, BC_ERR_USAGE, "'%s' should be refused", kv);
        cr_expect_eq(err.code, BC_ERR_USAGE);
        cr_expect_str_eq(err.message, want_msg, "for '%s'", kv);
    }
}

BC_TEST(context, defaults_until_set)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    cr_assert_not_null(ctx);
    cr_expect_null(bc_context_option(ctx, "bom"));
    cr_expect_not(bc_context_flag(ctx, "bom"));
    cr_expect_str_eq(bc_context_option(ctx, "table"), "projects");
    cr_expect_str_eq(bc_context_option(ctx, "width"), "80");
    cr_expect_null(bc_context_option(ctx, "title"));
    cr_expect_null(bc_context_option(ctx, "nosuch"));
    bc_context_free(ctx);
    bc_context_free(NULL);
}

BC_TEST(context, flags)
{
    static const struct {
        const char *kv;
        bool on;
    } ok[] = {{"bom", true}, {"bom=no", false}, {"bom=yes", true}, {"bom=0", false},
              {"bom=1", true}, {"bom=false", false}, {"bom=Off", false},
                 {"bom=true", true}, {"bom=YES", true}};
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        expect_set(ctx, ok[i].kv, NULL);
        cr_expect_eq(bc_context_flag(ctx, "bom"), ok[i].on, "after %s", ok[i].kv);
    }
    expect_set(ctx, "bom=maybe", "option bom takes yes or no, not 'maybe'");
    expect_set(ctx, "bom=", "option bom takes yes or no, not ''");
    cr_expect(bc_context_flag(ctx, "bom"), "a refused value leaves the last one");
    bc_context_free(ctx);
}

BC_TEST(context, choices)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    expect_set(ctx, "table=items", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "table"), "items");
    expect_set(ctx, "table=full", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "table"), "full");
    expect_set(ctx, "table=FULL", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "table"), "full", "the plugin reads its own spelling");
    expect_set(ctx, "table=Items", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "table"), "items");
    expect_set(ctx, "table=full", NULL);
    expect_set(ctx, "table=item", "option table takes one of projects|items|full, not item");
    expect_set(ctx, "table=itemsx", "option table takes one of projects|items|full, not itemsx");
    expect_set(ctx, "table=", "option table takes one of projects|items|full, not ");
    expect_set(ctx, "table", "option table takes one of projects|items|full");
    cr_expect_str_eq(bc_context_option(ctx, "table"), "full");
    bc_context_free(ctx);
}

BC_TEST(context, integers)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    expect_set(ctx, "width=120", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "width"), "120");
    expect_set(ctx, "width=-3", NULL);
    static const char *const bad[] = {"width", "width=", "width=abc", "width=12x", "width=1.5",
                                       "width= 7", "width=99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        expect_set(ctx, bad[i], "option width takes a whole number");
    cr_expect_str_eq(bc_context_option(ctx, "width"), "-3");
    bc_context_free(ctx);
}

BC_TEST(context, strings)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    expect_set(ctx, "title=予算 = 2020", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "title"), "予算 = 2020");
    expect_set(ctx, "title=", NULL);
    cr_expect_str_eq(bc_context_option(ctx, "title"), "");
    expect_set(ctx, "title", "option title takes a value: -O title=VALUE");
    bc_context_free(ctx);
}

BC_TEST(context, unknown_keys_list_the_valid_ones)
{
    bc_context *ctx = bc_context_new(spec, NULL, NULL);
    expect_set(ctx, "nope=1", "unknown option 'nope' (valid: bom, table, width, title)");
    expect_set(ctx, "bo", "unknown option 'bo' (valid: bom, table, width, title)");
    expect_set(ctx, "boms", "unknown option 'boms' (valid: bom, table, width, title)");
    expect_set(ctx, "=x", "unknown option '' (valid: bom, table, width, title)");
    bc_context_free(ctx);
    ctx = bc_context_new(NULL, NULL, NULL);
    expect_set(ctx, "bom", "unknown option 'bom' (valid: (none))");
    cr_expect_null(bc_context_option(ctx, "bom"));
    bc_context_free(ctx);
}

BC_TEST(context, list_keys_fits_the_buffer)
{
    char buf[64];
    bc_option_list_keys(spec, buf, sizeof buf);
    cr_expect_str_eq(buf, "bom, table, width, title");
    char small[8];
    bc_option_list_keys(spec, small, sizeof small);
    cr_expect_str_eq(small, "bom, ta");
    bc_option_list_keys(NULL, buf, sizeof buf);
    cr_expect_str_eq(buf, "(none)");
    cr_expect_eq(bc_option_find(spec, "width=3"), &spec[2]);
    cr_expect_null(bc_option_find(spec, "widt"));
}

BC_TEST(context, warnings_reach_the_host)
{
    warning_log w = {0, ""};
    bc_context *ctx = bc_context_new(spec, log_warning, &w);
    bc_context_warn(ctx, "book.txt", 7, "odd %s at %d", "row", 3);
    cr_expect_eq(w.count, 1);
    cr_expect_str_eq(w.text, "book.txt:7: odd row at 3");
    bc_context_warn(ctx, NULL, 0, "no place");
    cr_expect_str_eq(w.text, "(none):0: no place");
    bc_context_free(ctx);
    ctx = bc_context_new(spec, NULL, NULL);
    bc_context_warn(ctx, NULL, 0, "nobody listens");
    bc_context_free(ctx);
}
