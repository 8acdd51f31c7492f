/* Options and warnings of one plugin run (budgetconv/plugin.h, context.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <budgetconv/text.h>

#include "context.h"

struct bc_context {
    const bc_option_spec *spec;
    size_t count;
    char **values; /* one per spec entry; NULL: not given */
    bc_warn_fn warn;
    void *user;
};

bc_context *bc_context_new(const bc_option_spec *spec, bc_warn_fn warn,
                           void *user)
{
    bc_context *ctx = calloc(1, sizeof *ctx);
    if (ctx == NULL)
        return NULL;
    ctx->spec = spec;
    while (spec != NULL && spec[ctx->count].key != NULL)
        ctx->count++;
    ctx->values = calloc(ctx->count + 1, sizeof *ctx->values);
    if (ctx->values == NULL) {
        free(ctx);
        return NULL;
    }
    ctx->warn = warn;
    ctx->user = user;
    return ctx;
}

void bc_context_free(bc_context *ctx)
{
    if (ctx == NULL)
        return;
    for (size_t i = 0; i < ctx->count; i++)
        free(ctx->values[i]);
    free(ctx->values);
    free(ctx);
}

const bc_option_spec *bc_option_find(const bc_option_spec *spec, const char *key)
{
    size_t klen = strcspn(key, "=");
    for (; spec != NULL && spec->key != NULL; spec++)
        if (strlen(spec->key) == klen && strncmp(spec->key, key, klen) == 0)
            return spec;
    return NULL;
}

void bc_option_list_keys(const bc_option_spec *spec, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (; spec != NULL && spec->key != NULL && o < size; spec++) {
        int n = snprintf(buf + o, size - o, "%s%s", o ? ", " : "", spec->key);
        if (n < 0)
            break;
        o += (size_t)n;
    }
    if (buf[0] == '\0')
        snprintf(buf, size, "(none)");
}

static bool parse_flag(const char *v, bool *on)
{
    static const char *const yes[] = {"1", "yes", "true", "on"};
    static const char *const no[] = {"0", "no", "false", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0)
            return *on = true, true;
        if (strcasecmp(v, no[i]) == 0)
            return *on = false, true;
    }
    return false;
}

/* True when `v` is one of the '|'-separated `choices`. */
/* The choice `v` names, in the spelling of `choices` (which a plugin
 * compares with): a user writes CP932 or Full as readily as cp932 or full.
 * Sets `*len` to its length; NULL when `v` names none. */
static const char *find_choice(const char *choices, const char *v, size_t *len)
{
    size_t vlen = strlen(v);
    for (const char *p = choices; p != NULL && *p != '\0';) {
        size_t n = strcspn(p, "|");
        if (n == vlen && strncasecmp(p, v, n) == 0) {
            *len = n;
            return p;
        }
        p += n + (p[n] == '|');
    }
    return NULL;
}

/* strtoll() alone would also accept leading white space, a '+' and values
 * out of range (clamped), which a plugin would then read differently. */
static bool is_int(const char *v)
{
    const char *digits = v + (*v == '-');
    if (*digits < '0' || *digits > '9')
        return false;
    char *end;
    errno = 0;
    (void)strtoll(v, &end, 10);
    return *end == '\0' && errno != ERANGE;
}

bc_status bc_context_set(bc_context *ctx, const char *key_value, bc_error *err)
{
    const bc_option_spec *o = bc_option_find(ctx->spec, key_value);
    if (o == NULL) {
        char keys[512];
        bc_option_list_keys(ctx->spec, keys, sizeof keys);
        return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                            "unknown option '%.*s' (valid: %s)",
                            (int)strcspn(key_value, "="), key_value, keys);
    }
    const char *eq = strchr(key_value, '=');
    const char *v = eq != NULL ? eq + 1 : NULL;
    bool on;
    const char *choice = NULL;
    size_t choice_len = 0;
    switch (o->type) {
    case BC_OPT_FLAG:
        if (v == NULL)
            v = "1";
        if (!parse_flag(v, &on))
            return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                                "option %s takes yes or no, not '%s'", o->key, v);
        v = on ? "1" : "0";
        break;
    case BC_OPT_CHOICE:
        if (v == NULL || (choice = find_choice(o->choices, v, &choice_len)) == NULL)
            return bc_error_set(err, BC_ERR_USAGE, NULL, 0, "option %s takes one of %s%s%s",
                                o->key, o->choices, v ? ", not " : "", v ? v : "");
        break;
    case BC_OPT_INT:
        if (v == NULL || !is_int(v))
            return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                                "option %s takes a whole number", o->key);
        break;
    case BC_OPT_STRING:
        if (v == NULL)
            return bc_error_set(err, BC_ERR_USAGE, NULL, 0,
                                "option %s takes a value: -O %s=VALUE", o->key, o->key);
        break;
    }
    size_t i = (size_t)(o - ctx->spec);
    char *copy = choice != NULL ? bc_strndup(choice, choice_len) : bc_strdup(v);
    if (copy == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    free(ctx->values[i]);
    ctx->values[i] = copy;
    return BC_OK;
}

const char *bc_context_option(const bc_context *ctx, const char *key)
{
    const bc_option_spec *o = bc_option_find(ctx->spec, key);
    if (o == NULL)
        return NULL;
    const char *v = ctx->values[o - ctx->spec];
    return v != NULL ? v : o->default_value;
}

bool bc_context_flag(const bc_context *ctx, const char *key)
{
    const char *v = bc_context_option(ctx, key);
    bool on = false;
    return v != NULL && parse_flag(v, &on) && on;
}

void bc_context_warn(bc_context *ctx, const char *file, long line, const char *fmt, ...)
{
    bc_error w; /* formatted as an error is, control characters made harmless */
    va_list ap;
    va_start(ap, fmt);
    bc_error_setv(&w, BC_OK, NULL, 0, fmt, ap);
    va_end(ap);
    if (ctx->warn != NULL)
        ctx->warn(ctx->user, file, line, w.message);
}
