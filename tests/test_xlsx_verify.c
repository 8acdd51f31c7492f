/* The xlsx read-back (plugins/xlsx/xlsx_verify.c) on packages made here:
 * whole ones pass; ones with a stretch of a worksheet lost the way a full
 * temporary directory loses it - before minizip, so size and CRC agree with
 * what is left - fail, also where the XML still nests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "leak_check.h"
#include "xlsx_verify.h"

static char dir[] = "/tmp/test_xlsx_verify.XXXXXX";
static char path[sizeof dir + 16];

static void make_dir(void)
{
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/t.xlsx", dir);
}

static void remove_dir(void)
{
    remove(path);
    remove(dir);
}

static void le16(FILE *f, unsigned v)
{
    fputc((int)(v & 0xFF), f);
    fputc((int)(v >> 8 & 0xFF), f);
}

static void le32(FILE *f, unsigned long v)
{
    le16(f, (unsigned)(v & 0xFFFF));
    le16(f, (unsigned)(v >> 16 & 0xFFFF));
}

typedef struct member {
    const char *name, *data;
} member;

/* Writes a zip of `n` members, deflated as minizip does (raw, no data
 * descriptor), with their sizes and CRCs. */
static void write_zip(const member *m, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    unsigned long offset[8], csize[8], crc[8];
    cr_assert_leq(n, 8);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(m[i].data);
        uLong bound = compressBound((uLong)len) + 64;
        unsigned char *out = malloc(bound);
        cr_assert_not_null(out);
        z_stream z = {0};
        cr_assert_eq(deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8,
                                  Z_DEFAULT_STRATEGY),
                     Z_OK);
        z.next_in = (unsigned char *)m[i].data;
        z.avail_in = (uInt)len;
        z.next_out = out;
        z.avail_out = (uInt)bound;
        cr_assert_eq(deflate(&z, Z_FINISH), Z_STREAM_END);
        csize[i] = z.total_out;
        deflateEnd(&z);
        crc[i] = crc32(0, (const unsigned char *)m[i].data, (uInt)len);
        offset[i] = (unsigned long)ftell(f);
        le32(f, 0x04034b50);
        le16(f, 20), le16(f, 0), le16(f, 8), le16(f, 0), le16(f, 0x21);
        le32(f, crc[i]), le32(f, csize[i]), le32(f, (unsigned long)len);
        le16(f, (unsigned)strlen(m[i].name)), le16(f, 0);
        fputs(m[i].name, f);
        fwrite(out, 1, csize[i], f);
        free(out);
    }
    long dir_at = ftell(f);
    for (size_t i = 0; i < n; i++) {
        le32(f, 0x02014b50);
        le16(f, 20), le16(f, 20), le16(f, 0), le16(f, 8), le16(f, 0), le16(f, 0x21);
        le32(f, crc[i]), le32(f, csize[i]), le32(f, (unsigned long)strlen(m[i].data));
        le16(f, (unsigned)strlen(m[i].name)), le16(f, 0), le16(f, 0), le16(f, 0), le16(f, 0);
        le32(f, 0), le32(f, offset[i]);
        fputs(m[i].name, f);
    }
    long dir_size = ftell(f) - dir_at;
    le32(f, 0x06054b50);
    le16(f, 0), le16(f, 0), le16(f, (unsigned)n), le16(f, (unsigned)n);
    le32(f, (unsigned long)dir_size), le32(f, (unsigned long)dir_at), le16(f, 0);
    cr_assert_eq(fclose(f), 0);
}

/* A worksheet of one row: three text cells, the middle one long enough to
 * cross the read-back's 64 KiB chunks, and a number. */
static char *worksheet(void)
{
    size_t long_len = 150000;
    char *big = malloc(long_len + 1);
    cr_assert_not_null(big);
    for (size_t i = 0; i < long_len; i++)
        big[i] = (char)('a' + i % 26);
    big[long_len] = '\0';
    size_t size = long_len + 1024;
    char *s = malloc(size);
    cr_assert_not_null(s);
    snprintf(s, size,
             "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
             "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
             "<sheetData><row r=\"1\">"
             "<c r=\"A1\" t=\"inlineStr\"><is><t>first text</t></is></c>"
             "<c r=\"B1\" s=\"1\" t=\"inlineStr\"><is><t>%s</t></is></c>"
             "<c r=\"C1\" t=\"inlineStr\"><is><t>third text</t></is></c>"
             "<c r=\"D1\"><v>42</v></c>"
             "</row></sheetData></worksheet>",
             big);
    free(big);
    return s;
}

static const char other[] = "<?xml version=\"1.0\"?><workbook><sheets/></workbook>";

/* Verifies a package whose one worksheet is `sheet` with `cells` cells
 * expected. */
static bool package_ok(const char *sheet, uint64_t cells)
{
    member m[] = {{"xl/workbook.xml", other}, {"xl/worksheets/sheet1.xml", sheet}};
    write_zip(m, 2);
    int sys;
    bool ok = xlsx_package_ok(path, &cells, 1, &sys);
    cr_expect_eq(sys, 0);
    return ok;
}

/* `s` less the bytes from just after the first `from` to just after the
 * first `to` following it. */
static char *cut(const char *s, const char *from, const char *to)
{
    const char *a = strstr(s, from);
    cr_assert_not_null(a);
    a += strlen(from);
    const char *b = strstr(a, to);
    cr_assert_not_null(b);
    b += strlen(to);
    size_t head = (size_t)(a - s), tail = strlen(b);
    char *r = malloc(head + tail + 1);
    cr_assert_not_null(r);
    memcpy(r, s, head);
    memcpy(r + head, b, tail + 1);
    return r;
}

BC_TEST(xlsx_verify, whole_package_passes, .init = make_dir, .fini = remove_dir)
{
    char *s = worksheet();
    cr_expect(package_ok(s, 4));
    cr_expect_not(package_ok(s, 3), "a cell more than written");
    free(s);
}

/* A loss from inside one text to inside another leaves the tags nested: the
 * cells lost between are what shows it. */
BC_TEST(xlsx_verify, loss_between_texts_fails, .init = make_dir, .fini = remove_dir)
{
    char *s = worksheet();
    char *lost = cut(s, "first t", "abcdefg");
    cr_expect_not(package_ok(lost, 4), "from 'first' into the long text");
    cr_expect(package_ok(lost, 3), "the nesting alone would pass it");
    free(lost);
    lost = cut(s, "first t", "third t");
    cr_expect_not(package_ok(lost, 4), "a whole cell between");
    free(lost);
    free(s);
}

BC_TEST(xlsx_verify, loss_in_markup_fails, .init = make_dir, .fini = remove_dir)
{
    char *s = worksheet();
    char *lost = cut(s, "<c r=\"D1\"", "</v>");
    cr_expect_not(package_ok(lost, 4));
    free(lost);
    lost = cut(s, "</row>", "</sheetData>");
    cr_expect_not(package_ok(lost, 4), "the end cut off");
    free(lost);
    free(s);
}

BC_TEST(xlsx_verify, quote_holding_a_tag_fails, .init = make_dir, .fini = remove_dir)
{
    char *s = worksheet();
    char *lost = cut(s, "<c r=\"C1", "</c>");
    cr_expect_not(package_ok(lost, 3), "an attribute value running into the next cell");
    free(lost);
    free(s);
}

BC_TEST(xlsx_verify, worksheet_missing_or_twice_fails, .init = make_dir, .fini = remove_dir)
{
    char *s = worksheet();
    member two[] = {{"xl/worksheets/sheet1.xml", s}, {"xl/worksheets/sheet1.xml", s}};
    uint64_t cells[2] = {4, 4};
    int sys;
    write_zip(two, 1);
    cr_expect_not(xlsx_package_ok(path, cells, 2, &sys), "sheet2 missing");
    write_zip(two, 2);
    cr_expect_not(xlsx_package_ok(path, cells, 2, &sys), "sheet1 twice, sheet2 missing");
    cr_expect_not(xlsx_package_ok(path, cells, 1, &sys), "sheet1 twice");
    free(s);
}
