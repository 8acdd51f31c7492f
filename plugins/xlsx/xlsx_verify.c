/* The written package read back (xlsx_verify.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "xlsx_verify.h"

#define EOCD_SIGNATURE 0x06054b50u
#define EOCD_SIZE 22
#define EOCD_SEARCH (EOCD_SIZE + 65535) /* the comment is at most 64 KiB */
#define ENTRY_SIGNATURE 0x02014b50u
#define ENTRY_SIZE 46
#define LOCAL_SIGNATURE 0x04034b50u
#define LOCAL_SIZE 30
#define CHUNK 65536

static uint32_t le16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return le16(p) | le16(p + 2) << 16;
}

/* A streaming check that XML is well nested: every start tag has its end
 * tag, in order, and one root element holds everything.  libxlsxwriter's
 * parts have no comments, CDATA or DTD, only a declaration.  A stretch of
 * bytes lost anywhere breaks this, where it would not change the ends. */
enum { X_TEXT, X_LT, X_OPEN, X_ATTRS, X_CLOSE, X_PI, X_BAD };

#define NAME_MAX_LEN 48
#define DEPTH_MAX 32

typedef struct nesting {
    int state;
    char quote;       /* inside an attribute value: its quote */
    bool slash;       /* the tag's last character so far was / (in a PI: ?) */
    bool rooted;      /* the root element has started */
    char name[NAME_MAX_LEN + 1];
    size_t name_len;
    char stack[DEPTH_MAX][NAME_MAX_LEN + 1];
    size_t depth;
} nesting;

static void name_char(nesting *x, char c)
{
    if (x->name_len == NAME_MAX_LEN)
        x->state = X_BAD;
    else
        x->name[x->name_len++] = c;
}

static void open_tag(nesting *x, bool empty)
{
    x->name[x->name_len] = '\0';
    if (x->name_len == 0 || (x->depth == 0 && x->rooted) || x->depth == DEPTH_MAX) {
        x->state = X_BAD;
        return;
    }
    x->rooted = true;
    if (!empty)
        memcpy(x->stack[x->depth++], x->name, x->name_len + 1);
    x->state = X_TEXT;
}

static void feed(nesting *x, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n && x->state != X_BAD; i++) {
        char c = (char)p[i];
        bool blank = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        switch (x->state) {
        case X_TEXT:
            if (c == '<')
                x->state = X_LT;
            else if (x->depth == 0 && !blank)
                x->state = X_BAD; /* text outside the root */
            break;
        case X_LT:
            x->name_len = 0;
            x->slash = false;
            if (c == '/')
                x->state = X_CLOSE;
            else if (c == '?')
                x->state = X_PI;
            else if (c == '!' || c == '>' || blank)
                x->state = X_BAD;
            else {
                x->state = X_OPEN;
                name_char(x, c);
            }
            break;
        case X_OPEN:
            if (c == '>')
                open_tag(x, false);
            else if (c == '/' || blank) {
                x->state = X_ATTRS;
                x->quote = 0;
                x->slash = c == '/';
            } else
                name_char(x, c);
            break;
        case X_ATTRS:
            if (x->quote != 0) {
                if (c == x->quote)
                    x->quote = 0;
                else if (c == '<')
                    x->state = X_BAD;
            } else if (c == '"' || c == '\'') {
                x->quote = c;
                x->slash = false;
            } else if (c == '>') {
                open_tag(x, x->slash);
            } else if (c == '<') {
                x->state = X_BAD;
            } else if (!blank) {
                x->slash = c == '/';
            }
            break;
        case X_CLOSE:
            if (c == '>') {
                x->name[x->name_len] = '\0';
                if (x->depth == 0 || strcmp(x->stack[x->depth - 1], x->name) != 0)
                    x->state = X_BAD;
                else {
                    x->depth--;
                    x->state = X_TEXT;
                }
            } else if (!blank)
                name_char(x, c);
            break;
        case X_PI:
            if (c == '>' && x->slash)
                x->state = x->rooted ? X_BAD : X_TEXT;
            x->slash = c == '?';
            break;
        }
    }
}

static bool nested_whole(const nesting *x)
{
    return x->state == X_TEXT && x->rooted && x->depth == 0;
}

/* What a member inflated to: its size and CRC, and, for XML, how it nests. */
typedef struct member {
    uint32_t size, crc;
    bool xml;
    nesting x;
} member;

static void take(member *m, const unsigned char *p, size_t n)
{
    m->crc = (uint32_t)crc32(m->crc, p, (uInt)n);
    m->size += (uint32_t)n;
    if (m->xml)
        feed(&m->x, p, n);
}

/* Reads `csize` bytes of member data at the file's position, stored
 * (method 0) or deflated (8), into `m`. */
static bool inflate_member(FILE *f, int method, uint32_t csize, member *m, unsigned char *in,
                           unsigned char *out)
{
    z_stream z = {0};
    if (method == 8 && inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return false;
    bool ok = method == 0 || method == 8;
    int zst = Z_OK;
    for (uint32_t left = csize; ok && left > 0;) {
        size_t n = fread(in, 1, left < CHUNK ? left : CHUNK, f);
        if (n == 0) {
            ok = false;
            break;
        }
        left -= (uint32_t)n;
        if (method == 0) {
            take(m, in, n);
            continue;
        }
        z.next_in = in;
        z.avail_in = (uInt)n;
        while (ok && z.avail_in > 0 && zst != Z_STREAM_END) {
            z.next_out = out;
            z.avail_out = CHUNK;
            zst = inflate(&z, Z_NO_FLUSH);
            ok = zst == Z_OK || zst == Z_STREAM_END;
            take(m, out, CHUNK - z.avail_out);
        }
    }
    if (method == 8) {
        ok = ok && zst == Z_STREAM_END;
        inflateEnd(&z);
    }
    return ok;
}

static bool is_xml(const unsigned char *name, size_t len)
{
    return (len >= 4 && memcmp(name + len - 4, ".xml", 4) == 0) ||
           (len >= 5 && memcmp(name + len - 5, ".rels", 5) == 0);
}

/* Checks the member whose central directory entry is `e`. */
static bool member_ok(FILE *f, const unsigned char *e, unsigned char *in, unsigned char *out)
{
    size_t name_len = le16(e + 28);
    const unsigned char *name = e + ENTRY_SIZE;
    if (name_len > 0 && name[name_len - 1] == '/')
        return true;
    unsigned char local[LOCAL_SIZE];
    if (fseek(f, (long)le32(e + 42), SEEK_SET) != 0 || fread(local, 1, LOCAL_SIZE, f) != LOCAL_SIZE ||
        le32(local) != LOCAL_SIGNATURE ||
        fseek(f, (long)(le16(local + 26) + le16(local + 28)), SEEK_CUR) != 0)
        return false;
    member *m = calloc(1, sizeof *m);
    if (m == NULL)
        return false;
    m->xml = is_xml(name, name_len);
    bool ok = inflate_member(f, (int)le16(e + 10), le32(e + 20), m, in, out) &&
              m->size == le32(e + 24) && m->crc == le32(e + 16) && m->size > 0 &&
              (!m->xml || nested_whole(&m->x));
    free(m);
    return ok;
}

static bool directory_ok(FILE *f, unsigned char *in, unsigned char *out)
{
    if (fseek(f, 0, SEEK_END) != 0)
        return false;
    long end = ftell(f);
    if (end < EOCD_SIZE)
        return false;
    long from = end > EOCD_SEARCH ? end - EOCD_SEARCH : 0;
    size_t tail_len = (size_t)(end - from);
    unsigned char *tail = malloc(tail_len);
    if (tail == NULL)
        return false;
    bool ok = fseek(f, from, SEEK_SET) == 0 && fread(tail, 1, tail_len, f) == tail_len;
    const unsigned char *eocd = NULL;
    for (size_t i = tail_len - EOCD_SIZE + 1; ok && i-- > 0;) {
        if (le32(tail + i) == EOCD_SIGNATURE) {
            eocd = tail + i;
            break;
        }
    }
    uint32_t entries = eocd != NULL ? le16(eocd + 10) : 0;
    uint32_t dir_size = eocd != NULL ? le32(eocd + 12) : 0;
    uint32_t dir_at = eocd != NULL ? le32(eocd + 16) : 0;
    free(tail);
    /* No directory, or a zip64 one, which libxlsxwriter writes only when
     * asked to: nothing this can vouch for. */
    if (eocd == NULL || entries == 0 || dir_at == UINT32_MAX ||
        (long)dir_at + (long)dir_size > end)
        return false;
    unsigned char *dir = malloc(dir_size);
    if (dir == NULL)
        return false;
    ok = fseek(f, (long)dir_at, SEEK_SET) == 0 && fread(dir, 1, dir_size, f) == dir_size;
    size_t at = 0;
    for (uint32_t i = 0; ok && i < entries; i++) {
        size_t skip = dir_size - at >= ENTRY_SIZE && le32(dir + at) == ENTRY_SIGNATURE
                          ? ENTRY_SIZE + le16(dir + at + 28) + le16(dir + at + 30) +
                                le16(dir + at + 32)
                          : SIZE_MAX;
        ok = skip <= dir_size - at && member_ok(f, dir + at, in, out);
        at += ok ? skip : 0;
    }
    free(dir);
    return ok;
}

bool xlsx_package_ok(const char *path, int *sys)
{
    *sys = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        *sys = errno;
        return false;
    }
    unsigned char *in = malloc(CHUNK), *out = malloc(CHUNK);
    bool ok = in != NULL && out != NULL && directory_ok(f, in, out);
    if (ferror(f))
        *sys = errno;
    free(in);
    free(out);
    /* A read that cannot even close cleanly vouches for nothing. */
    if (fclose(f) != 0) {
        *sys = errno;
        ok = false;
    }
    return ok;
}
