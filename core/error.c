/* Status codes and the error record (include/budgetconv/error.h). */
#include <stdio.h>
#include <string.h>

#include <budgetconv/error.h>

const char *bc_strerror(bc_status code)
{
    switch (code) {
    case BC_OK: return "success";
    case BC_END: return "end of input";
    case BC_BAD_RECORD: return "bad record";
    case BC_ERR_USAGE: return "usage error";
    case BC_ERR_DATA: return "bad input data";
    case BC_ERR_NOINPUT: return "cannot open input";
    case BC_ERR_UNAVAILABLE: return "format unavailable";
    case BC_ERR_SOFTWARE: return "internal error";
    case BC_ERR_NOMEM: return "out of memory";
    case BC_ERR_CANTCREAT: return "cannot create output";
    case BC_ERR_IO: return "input/output error";
    }
    return "unknown error";
}

void bc_error_clear(bc_error *err)
{
    if (err == NULL)
        return;
    err->code = BC_OK;
    err->line = 0;
    err->file[0] = '\0';
    err->message[0] = '\0';
}

/* A message may quote the input (a key, a cell): a control character
 * there would reach the terminal as an escape sequence, or split the one
 * line of `budgetconv: FILE:LINE: message`.  Each C0 or C1 control (C1 as
 * UTF-8 writes it) becomes '?'. */
static void no_controls(char *s)
{
    char *out = s;
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            *out++ = '?', p++;
        else
            *out++ = *p < 0x20 || *p == 0x7F ? '?' : (char)*p;
    }
    *out = '\0';
}

bc_status bc_error_setv(bc_error *err, bc_status code, const char *file,
                        long line, const char *fmt, va_list ap)
{
    if (err == NULL)
        return code;
    err->code = code;
    err->line = line;
    snprintf(err->file, sizeof err->file, "%s", file != NULL ? file : "");
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    no_controls(err->message);
    return code;
}

bc_status bc_error_set(bc_error *err, bc_status code, const char *file,
                       long line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    bc_error_setv(err, code, file, line, fmt, ap);
    va_end(ap);
    return code;
}
