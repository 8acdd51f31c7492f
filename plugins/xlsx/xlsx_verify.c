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
 * bytes lost in the markup breaks this, where it would not change the ends.
 * Text and attribute values, most of a sheet's bytes, are skipped in tight
 * loops (memchr for text): the scan costs a fraction of inflating. */
enum { X_TEXT, X_LT, X_OPEN, X_ATTRS, X_CLOSE, X_PI, X_BAD };

#define NAME_MAX_LEN 48
#define DEPTH_MAX 32

typedef struct nesting {
    int state;
    unsigned char quote; /* inside an attribute value: its quote */
    bool slash;          /* the tag's last character so far was / (in a PI: ?) */
    bool rooted;         /* the root element has started */
    unsigned char name[NAME_MAX_LEN];
    size_t name_len;
    unsigned char stack[DEPTH_MAX][NAME_MAX_LEN];
    size_t stack_len[DEPTH_MAX];
    size_t depth;
    uint64_t cells; /* <c> elements, a worksheet's cells */
} nesting;

static bool blank(unsigned char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

static bool add_name(nesting *x, const unsigned char *p, size_t n)
{
    if (n > NAME_MAX_LEN - x->name_len) {
        x->state = X_BAD;
        return false;
    }
    memcpy(x->name + x->name_len, p, n);
    x->name_len += n;
    return true;
}

static void open_tag(nesting *x, bool empty)
{
    if (x->name_len == 0 || (x->depth == 0 && x->rooted) || x->depth == DEPTH_MAX) {
        x->state = X_BAD;
        return;
    }
    x->rooted = true;
    if (x->name_len == 1 && x->name[0] == 'c')
        x->cells++;
    if (!empty) {
        memcpy(x->stack[x->depth], x->name, x->name_len);
        x->stack_len[x->depth++] = x->name_len;
    }
    x->state = X_TEXT;
}

static void close_tag(nesting *x)
{
    if (x->depth == 0 || x->stack_len[x->depth - 1] != x->name_len ||
        memcmp(x->stack[x->depth - 1], x->name, x->name_len) != 0) {
        x->state = X_BAD;
        return;
    }
    x->depth--;
    x->state = X_TEXT;
}

/* Reads an attribute value's bytes from p[i], up to its closing quote;
 * returns where the scan stopped. */
static size_t attr_value(nesting *x, const unsigned char *p, size_t i, size_t n)
{
    for (; i < n; i++) {
        if (p[i] == x->quote) {
            x->quote = 0;
            return i + 1;
        }
        if (p[i] == '<') {
            x->state = X_BAD;
            return n;
        }
    }
    return n;
}

/* Reads a start tag's attributes from p[i], up to its >; returns where the
 * scan stopped. */
static size_t attrs(nesting *x, const unsigned char *p, size_t i, size_t n)
{
    while (i < n && x->state == X_ATTRS) {
        if (x->quote != 0) {
            i = attr_value(x, p, i, n);
            continue;
        }
        unsigned char c = p[i++];
        if (c == '"' || c == '\'') {
            x->quote = c;
            x->slash = false;
        } else if (c == '>') {
            open_tag(x, x->slash);
        } else if (c == '<') {
            x->state = X_BAD;
        } else if (!blank(c)) {
            x->slash = c == '/';
        }
    }
    return i;
}

static void feed(nesting *x, const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && x->state != X_BAD) {
        unsigned char c = p[i];
        switch (x->state) {
        case X_TEXT:
            if (x->depth > 0) {
                const unsigned char *lt = memchr(p + i, '<', n - i);
                if (lt == NULL)
                    return;
                i = (size_t)(lt - p);
            } else if (c != '<' && !blank(c)) {
                x->state = X_BAD; /* text outside the root */
                break;
            }
            if (p[i++] == '<')
                x->state = X_LT;
            break;
        case X_LT:
            x->name_len = 0;
            x->slash = false;
            if (c == '/' || c == '?') {
                x->state = c == '/' ? X_CLOSE : X_PI;
                i++;
            } else if (c == '!' || c == '>' || blank(c)) {
                x->state = X_BAD;
            } else {
                x->state = X_OPEN;
            }
            break;
        case X_OPEN: {
            size_t to = i;
            while (to < n && p[to] != '>' && p[to] != '/' && !blank(p[to]))
                to++;
            if (!add_name(x, p + i, to - i) || to == n)
                return;
            i = to + 1;
            if (p[to] == '>') {
                open_tag(x, false);
            } else {
                x->state = X_ATTRS;
                x->quote = 0;
                x->slash = p[to] == '/';
            }
            break;
        }
        case X_ATTRS:
            i = attrs(x, p, i, n);
            break;
        case X_CLOSE:
            i++;
            if (c == '>')
                close_tag(x);
            else if (!blank(c))
                add_name(x, &c, 1);
            break;
        case X_PI:
            i++;
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

/* What a member inflated to: its size and, for XML, how it nests.  Its CRC
 * is not worked out again: minizip computed it over the bytes it was given,
 * and the file read here is those bytes as written - libxlsxwriter reports
 * a failed write or close of the zip - so only minizip's own arithmetic
 * could disagree. */
typedef struct member {
    uint32_t size;
    bool xml;
    nesting x;
} member;

static void take(member *m, const unsigned char *p, size_t n)
{
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

/* The worksheet number N of a member named xl/worksheets/sheetN.xml, else
 * 0. */
static size_t sheet_number(const unsigned char *name, size_t len)
{
    static const char prefix[] = "xl/worksheets/sheet";
    size_t at = sizeof prefix - 1, n = 0;
    if (len < at + 5 || memcmp(name, prefix, at) != 0 || memcmp(name + len - 4, ".xml", 4) != 0)
        return 0;
    for (; at < len - 4; at++) {
        if (name[at] < '0' || name[at] > '9' || n > 65535)
            return 0;
        n = n * 10 + (size_t)(name[at] - '0');
    }
    return n;
}

/* The cells each worksheet should hold, and the worksheets seen so far. */
typedef struct expected {
    const uint64_t *cells;
    size_t sheets, seen;
    bool once[XLSX_VERIFY_SHEETS_MAX];
} expected;

/* Checks the member whose central directory entry is `e`. */
static bool member_ok(FILE *f, const unsigned char *e, expected *want, unsigned char *in,
                      unsigned char *out)
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
              m->size == le32(e + 24) && m->size > 0 &&
              (!m->xml || nested_whole(&m->x));
    size_t sheet = sheet_number(name, name_len);
    if (ok && sheet >= 1 && sheet <= want->sheets) {
        ok = m->x.cells == want->cells[sheet - 1] && !want->once[sheet - 1];
        want->once[sheet - 1] = true;
        want->seen++;
    }
    free(m);
    return ok;
}

static bool directory_ok(FILE *f, expected *want, unsigned char *in, unsigned char *out)
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
        ok = skip <= dir_size - at && member_ok(f, dir + at, want, in, out);
        at += ok ? skip : 0;
    }
    free(dir);
    /* Each worksheet once, none left out. */
    return ok && want->seen == want->sheets;
}

bool xlsx_package_ok(const char *path, const uint64_t *cells, size_t sheets, int *sys)
{
    *sys = 0;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        *sys = errno;
        return false;
    }
    unsigned char *in = malloc(CHUNK), *out = malloc(CHUNK);
    expected *want = calloc(1, sizeof *want);
    bool ok = false;
    if (want != NULL && in != NULL && out != NULL && sheets <= XLSX_VERIFY_SHEETS_MAX) {
        want->cells = cells;
        want->sheets = sheets;
        ok = directory_ok(f, want, in, out);
    }
    if (ferror(f))
        *sys = errno;
    free(want);
    free(in);
    free(out);
    /* A read that cannot even close cleanly vouches for nothing. */
    if (fclose(f) != 0) {
        *sys = errno;
        ok = false;
    }
    return ok;
}
