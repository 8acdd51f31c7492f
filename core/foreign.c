/* Inputs budgetconv does not read, told apart by their first bytes (foreign.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <budgetconv/text.h>

#include "foreign.h"

/* Plain text bytes: no control characters but the white space of text. */
static bool text_byte(unsigned char c)
{
    return c >= 0x20 || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* True when `head` is not UTF-8 (a sequence cut by the end of the window
 * does not count) but is CP932 throughout: ASCII, half-width katakana, and
 * lead bytes 81-9F, E0-FC each followed by a trail byte 40-7E, 80-FC. */
static bool cp932_text(const unsigned char *head, size_t len, long *line)
{
    size_t bad;
    if (bc_utf8_valid((const char *)head, len, &bad) || len - bad < 4)
        return false;
    *line = 1;
    for (size_t i = 0; i < bad; i++)
        *line += head[i] == '\n';
    for (size_t i = 0; i < len; i++) {
        unsigned char c = head[i];
        if (c < 0x80) {
            if (c == 0x7F || !text_byte(c))
                return false;
        } else if ((c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC)) {
            if (++i == len)
                break; /* cut by the end of the window */
            unsigned char t = head[i];
            if (t < 0x40 || t == 0x7F || t > 0xFC)
                return false;
        } else if (c < 0xA1 || c > 0xDF) {
            return false;
        }
    }
    return true;
}

bc_foreign bc_foreign_sniff(const unsigned char *head, size_t len, long *line)
{
    *line = 0;
    if (len >= 5 && memcmp(head, "%PDF-", 5) == 0)
        return BC_FOREIGN_PDF;
    if (len >= 4 && memcmp(head, "PK\3\4", 4) == 0)
        return BC_FOREIGN_ZIP;
    if (len >= 2 && head[0] == 0xFF && head[1] == 0xFE)
        return BC_FOREIGN_UTF16LE;
    if (len >= 2 && head[0] == 0xFE && head[1] == 0xFF)
        return BC_FOREIGN_UTF16BE;
    if (cp932_text(head, len, line))
        return BC_FOREIGN_CP932;
    *line = 0;
    return BC_FOREIGN_NONE;
}

/* `s` as one shell word: as it is when it holds nothing the shell treats
 * specially, else in single quotes; a name that starts with '-' gets a
 * leading ./, or pdf2txt and iconv would take it for an option. */
static void shell_word(char *out, size_t size, const char *s)
{
    const char *dir = *s == '-' ? "./" : "";
    bool plain = *s != '\0';
    for (const char *p = s; *p != '\0' && plain; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                (*p >= '0' && *p <= '9') || (unsigned char)*p >= 0x80 ||
                strchr("._/-+,:@%=", *p) != NULL;
    if (plain) {
        snprintf(out, size, "%s%s", dir, s);
        return;
    }
    size_t o = 0;
    if (o + 1 < size)
        out[o++] = '\'';
    for (const char *p = dir; *p != '\0' && o + 5 < size; p++)
        out[o++] = *p;
    for (const char *p = s; *p != '\0' && o + 5 < size; p++) {
        if (*p == '\'') {
            memcpy(out + o, "'\\''", 4);
            o += 4;
        } else {
            out[o++] = *p;
        }
    }
    if (o + 1 < size)
        out[o++] = '\'';
    out[o] = '\0';
}

/* The name of the converted text beside `name`: its extension replaced by
 * `ext`, unless that would give `name` itself (a PDF called book.txt). */
static void text_name(char *out, size_t size, const char *name, const char *old_ext,
                      const char *ext)
{
    size_t len = strlen(name), olen = strlen(old_ext);
    const char *slash = strrchr(name, '/');
    const char *base = slash != NULL ? slash + 1 : name;
    if (len > olen && strcasecmp(name + len - olen, old_ext) == 0 &&
        name + len - olen > base)
        snprintf(out, size, "%.*s%s", (int)(len - olen), name, ext);
    else
        snprintf(out, size, "%s%s", name, ext);
}

bc_status bc_foreign_explain(bc_foreign kind, const char *name, long line,
                             const char *cp932_option, bc_error *err)
{
    bool is_stdin = strcmp(name, "<stdin>") == 0;
    char in[512], txt[512], to[600];
    shell_word(in, sizeof in, is_stdin ? "book.pdf" : name);
    switch (kind) {
    case BC_FOREIGN_PDF:
        text_name(to, sizeof to, is_stdin ? "book.pdf" : name, ".pdf", ".txt");
        shell_word(txt, sizeof txt, to);
        return bc_error_set(err, BC_ERR_DATA, name, 0,
                            "this is a PDF; budgetconv reads the text that pdf2txt "
                            "(Debian package python3-pdfminer) extracts from it: "
                            "pdf2txt -o %s %s%s, then convert %s",
                            txt, in, is_stdin ? " (the PDF saved as a file)" : "", txt);
    case BC_FOREIGN_ZIP:
        return bc_error_set(err, BC_ERR_DATA, name, 0,
                            "this is a ZIP archive (an XLSX workbook?); budgetconv writes "
                            "xlsx but does not read it: convert the text or JSON it was "
                            "made from, or a CSV written with -t csv -O table=full");
    case BC_FOREIGN_UTF16LE:
    case BC_FOREIGN_UTF16BE:
        shell_word(in, sizeof in, is_stdin ? "book.txt" : name);
        text_name(to, sizeof to, is_stdin ? "book.txt" : name, ".txt", ".utf8.txt");
        shell_word(txt, sizeof txt, to);
        return bc_error_set(err, BC_ERR_DATA, name, 0,
                            "this is UTF-16 (%s-endian) text; budgetconv reads UTF-8: "
                            "iconv -f UTF-16 -t UTF-8 %s > %s",
                            kind == BC_FOREIGN_UTF16LE ? "little" : "big", in, txt);
    case BC_FOREIGN_CP932:
        shell_word(in, sizeof in, is_stdin ? "book.txt" : name);
        text_name(to, sizeof to, is_stdin ? "book.txt" : name, ".txt", ".utf8.txt");
        shell_word(txt, sizeof txt, to);
        return bc_error_set(err, BC_ERR_DATA, name, line,
                            "this is Shift_JIS (CP932) text, not UTF-8: read it with "
                            "-O %s, or convert it: iconv -f CP932 -t UTF-8 %s > %s",
                            cp932_option, in, txt);
    case BC_FOREIGN_NONE:
        break;
    }
    return bc_error_set(err, BC_ERR_DATA, name, 0, "cannot tell the input format");
}
