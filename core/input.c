/*
 * Buffered input with line counting and a probe window (budgetconv/plugin.h).
 *
 * With an encoding set (bc_input_set_encoding), raw bytes go through iconv
 * into the buffer as they are read, so everything above this file sees
 * UTF-8 and streams as before.  CP932 never uses the byte 0x0A inside a
 * character, so counting LFs in the raw bytes gives the line of a bad byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <budgetconv/memory.h>
#include <budgetconv/text.h>

#include "input.h"

#define BUFFER_SIZE 65536

struct bc_input {
    FILE *fp;
    bool owns_fp;
    bool is_stdin;
    bool got_any; /* some bytes were read */
    char *name;
    unsigned char buf[BUFFER_SIZE];
    size_t pos, end;
    size_t clean; /* buf[pos..clean) is known to hold no NUL byte */
    bool eof;
    char *line;
    size_t line_cap;
    long lineno;

    iconv_t cd;          /* (iconv_t)-1: the bytes are UTF-8 as they are */
    unsigned char *raw;  /* bytes read but not yet decoded */
    size_t raw_pos, raw_end;
    bool raw_eof;
    long raw_line;       /* line of raw[raw_pos] */
    uint64_t filled;     /* bytes read from the file so far */
};

bc_input *bc_input_from_stream(FILE *fp, const char *name)
{
    bc_input *in = calloc(1, sizeof *in);
    if (in == NULL || (in->name = bc_strdup(name)) == NULL) {
        free(in);
        return NULL;
    }
    in->fp = fp;
    in->cd = (iconv_t)-1;
    return in;
}

void bc_input_hold_stdin(void)
{
    if (fcntl(STDIN_FILENO, F_GETFD) == -1 && errno == EBADF) {
        int fd = open("/dev/null", O_WRONLY);
        if (fd > STDIN_FILENO)
            close(fd); /* fd 0 is in use after all: leave it */
    }
}

bc_status bc_input_open(const char *path, bc_input **out, bc_error *err)
{
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (fp == NULL)
        return errno == ENOMEM ? bc_error_set(err, BC_ERR_NOMEM, path, 0, "out of memory")
                               : bc_error_set(err, BC_ERR_NOINPUT, path, 0, "cannot open: %s",
                                              strerror(errno));
    struct stat st;
    if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        if (!is_stdin)
            fclose(fp);
        return bc_error_set(err, BC_ERR_NOINPUT, path, 0, "is a directory");
    }
    bc_input *in = bc_input_from_stream(fp, is_stdin ? "<stdin>" : path);
    if (in == NULL) {
        if (!is_stdin)
            fclose(fp);
        return bc_error_set(err, BC_ERR_NOMEM, path, 0, "out of memory");
    }
    in->owns_fp = !is_stdin;
    in->is_stdin = is_stdin;
    *out = in;
    return BC_OK;
}

void bc_input_close(bc_input *in)
{
    if (in == NULL)
        return;
    if (in->owns_fp)
        fclose(in->fp);
    if (in->cd != (iconv_t)-1)
        iconv_close(in->cd);
    free(in->raw);
    free(in->line);
    free(in->name);
    free(in);
}

const char *bc_input_name(const bc_input *in)
{
    return in->name;
}

/* The file's bytes, not the decoded ones: what a progress line measures
 * against the file's size.  At most one buffer ahead of what was parsed. */
uint64_t bc_input_offset(const bc_input *in)
{
    return in->filled;
}

long bc_input_line(const bc_input *in)
{
    return in->lineno;
}

/* Reads up to `size` bytes of the file into `dst`; `*eof` at its end. */
static bc_status read_file(bc_input *in, unsigned char *dst, size_t size, size_t *got,
                           bool *eof, bc_error *err)
{
    size_t n = fread(dst, 1, size, in->fp);
    *got = n;
    if (n == 0) {
        if (ferror(in->fp) && in->is_stdin && !in->got_any)
            return bc_error_set(err, BC_ERR_NOINPUT, NULL, 0, "cannot read standard input: %s",
                                strerror(errno));
        if (ferror(in->fp))
            return bc_error_set(err, BC_ERR_IO, in->name, in->lineno + 1,
                                "read error: %s", strerror(errno));
        *eof = true;
    }
    in->got_any = in->got_any || n > 0;
    in->filled += n;
    return BC_OK;
}

/* The characters that Shift_JIS and CP932 map apart.  glibc's CP932
 * decodes them to the forms Windows uses (right); budgetconv reads them as
 * the forms PDF extractors write (left), which is also what -t csv -O
 * encoding=cp932 wrote them from, so that such a CSV reads back the same. */
static const char *const cp932_forms[][2] = {
    {"\xE3\x80\x9C", "\xEF\xBD\x9E"}, /* 〜 ～ */
    {"\xE2\x88\x92", "\xEF\xBC\x8D"}, /* − － */
    {"\xE2\x80\x96", "\xE2\x88\xA5"}, /* ‖ ∥ */
    {"\xC2\xA2", "\xEF\xBF\xA0"},     /* ¢ ￠ */
    {"\xC2\xA3", "\xEF\xBF\xA1"},     /* £ ￡ */
    {"\xC2\xAC", "\xEF\xBF\xA2"},     /* ¬ ￢ */
    {"\xE2\x80\x94", "\xE2\x80\x95"}, /* — ― */
};

/* Rewrites those characters in `s[0..len)` (whole UTF-8 sequences, as
 * iconv writes them) in place; the text never grows.  Returns the new length. */
static size_t jis_forms(unsigned char *s, size_t len)
{
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        size_t k = 0, n = sizeof cp932_forms / sizeof *cp932_forms;
        while (s[i] >= 0xE2 && k < n &&
               (len - i < 3 || memcmp(s + i, cp932_forms[k][1], 3) != 0))
            k++;
        if (s[i] >= 0xE2 && k < n) {
            size_t m = strlen(cp932_forms[k][0]);
            memcpy(s + out, cp932_forms[k][0], m);
            out += m;
            i += 3;
        } else {
            s[out++] = s[i++];
        }
    }
    return out;
}

/* Decodes raw bytes into the free end of the buffer. */
static bc_status decode(bc_input *in, bc_error *err)
{
    for (;;) {
        if (in->raw_pos == in->raw_end && !in->raw_eof) {
            size_t got;
            in->raw_pos = in->raw_end = 0;
            bc_status st = read_file(in, in->raw, BUFFER_SIZE, &got, &in->raw_eof, err);
            if (st != BC_OK)
                return st;
            in->raw_end = got;
        }
        char *src = (char *)in->raw + in->raw_pos, *dst = (char *)in->buf + in->end;
        size_t src_left = in->raw_end - in->raw_pos, dst_left = sizeof in->buf - in->end;
        size_t r = iconv(in->cd, &src, &src_left, &dst, &dst_left);
        int e = errno;
        for (const unsigned char *p = in->raw + in->raw_pos; p < (unsigned char *)src; p++)
            in->raw_line += *p == '\n';
        in->raw_pos = (size_t)((unsigned char *)src - in->raw);
        size_t made = (size_t)((unsigned char *)dst - (in->buf + in->end));
        in->end += jis_forms(in->buf + in->end, made);
        if (r == (size_t)-1 && e == EILSEQ)
            return bc_error_set(err, BC_ERR_DATA, in->name, in->raw_line,
                                "invalid CP932 (Shift_JIS) byte 0x%02X", in->raw[in->raw_pos]);
        if (r == (size_t)-1 && e == EINVAL && in->raw_eof)
            return bc_error_set(err, BC_ERR_DATA, in->name, in->raw_line,
                                "the input ends inside a CP932 (Shift_JIS) character");
        if (r == (size_t)-1 && e == EINVAL) {
            /* a character cut by the end of the raw buffer: keep its bytes */
            memmove(in->raw, in->raw + in->raw_pos, src_left);
            in->raw_pos = 0;
            size_t got;
            bc_status st = read_file(in, in->raw + src_left, BUFFER_SIZE - src_left, &got,
                                     &in->raw_eof, err);
            if (st != BC_OK)
                return st;
            in->raw_end = src_left + got;
        }
        if (made > 0 || (r == (size_t)-1 && e == E2BIG))
            return BC_OK;
        if (in->raw_eof && in->raw_pos == in->raw_end) {
            in->eof = true;
            return BC_OK;
        }
    }
}

/* Reads more bytes after what is buffered, moving that to the front first. */
static bc_status fill(bc_input *in, bc_error *err)
{
    if (in->eof)
        return BC_OK;
    if (in->pos > 0) {
        memmove(in->buf, in->buf + in->pos, in->end - in->pos);
        in->end -= in->pos;
        in->clean = in->clean > in->pos ? in->clean - in->pos : 0;
        in->pos = 0;
    }
    if (in->cd != (iconv_t)-1)
        return decode(in, err);
    size_t n;
    bc_status st = read_file(in, in->buf + in->end, sizeof in->buf - in->end, &n, &in->eof, err);
    in->end += n;
    return st;
}

bc_status bc_input_set_encoding(bc_input *in, const char *encoding, bc_error *err)
{
    if (encoding == NULL || strcmp(encoding, "utf-8") == 0)
        return BC_OK;
    if (strcmp(encoding, "cp932") != 0)
        return bc_error_set(err, BC_ERR_USAGE, NULL, 0, "unknown encoding '%s' (utf-8, cp932)",
                            encoding);
    if (in->cd != (iconv_t)-1 || in->lineno > 0)
        return bc_error_set(err, BC_ERR_SOFTWARE, NULL, 0, "encoding set after reading began");
    if ((in->raw = malloc(BUFFER_SIZE)) == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    if ((in->cd = iconv_open("UTF-8", "CP932")) == (iconv_t)-1)
        return bc_error_set(err, BC_ERR_UNAVAILABLE, NULL, 0, "iconv cannot read CP932: %s",
                            strerror(errno));
    /* what a probe peeked at is still raw: it is decoded first */
    memcpy(in->raw, in->buf + in->pos, in->end - in->pos);
    in->raw_end = in->end - in->pos;
    in->raw_eof = in->eof;
    in->raw_line = 1;
    in->pos = in->end = 0;
    in->eof = false;
    return BC_OK;
}

bool bc_cp932_plausible(const unsigned char *s, size_t len)
{
    size_t pairs = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = s[i];
        if (c < 0x80 || (c >= 0xA1 && c <= 0xDF))
            continue; /* ASCII, half-width katakana */
        bool lead = (c >= 0x81 && c <= 0x9F) || (c >= 0xE0 && c <= 0xFC);
        if (!lead || i + 1 == len)
            return lead && pairs > 0; /* a lead byte cut by the end is fine */
        unsigned char t = s[++i];
        if (t < 0x40 || t == 0x7F || t > 0xFC)
            return false;
        pairs++;
    }
    return pairs > 0;
}

bc_status bc_input_peek(bc_input *in, const unsigned char **head, size_t *len,
                        bc_error *err)
{
    while (!in->eof && in->end - in->pos < BC_PROBE_SIZE) {
        bc_status st = fill(in, err);
        if (st != BC_OK)
            return st;
    }
    *head = in->buf + in->pos;
    *len = in->end - in->pos < BC_PROBE_SIZE ? in->end - in->pos : BC_PROBE_SIZE;
    return BC_OK;
}

bc_status bc_input_read(bc_input *in, void *dst, size_t size, size_t *got, bc_error *err)
{
    if (in->pos == in->end) {
        bc_status st = fill(in, err);
        if (st != BC_OK)
            return st;
    }
    size_t n = in->end - in->pos < size ? in->end - in->pos : size;
    memcpy(dst, in->buf + in->pos, n);
    in->pos += n;
    *got = n;
    return BC_OK;
}

/* Whether buf[pos..pos+take) holds a NUL byte.  The buffer is searched
 * once for it, not each line. */
static bool nul_within(bc_input *in, size_t take)
{
    if (in->pos + take > in->clean) {
        size_t from = in->clean > in->pos ? in->clean : in->pos;
        const unsigned char *nul = memchr(in->buf + from, '\0', in->end - from);
        in->clean = nul != NULL ? (size_t)(nul - in->buf) : in->end;
    }
    return in->pos + take > in->clean;
}

/* memchr(s, '\n', n).  Most lines of a 概要書 text are blank or short,
 * and memchr()'s set-up was most of what finding their end cost: the first
 * bytes are looked at here, sixteen at a time, where the buffer holds
 * them. */
static unsigned char *find_newline(unsigned char *s, size_t n)
{
#if defined(__SSE2__)
    const __m128i nl = _mm_set1_epi8('\n');
    size_t i = 0;
    for (; i < 64 && n - i >= 16; i += 16) {
        unsigned hits = (unsigned)_mm_movemask_epi8(
            _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + i)), nl));
        if (hits != 0)
            return s + i + __builtin_ctz(hits);
    }
    s += i;
    n -= i;
#endif
    return memchr(s, '\n', n);
}

bc_status bc_input_getline(bc_input *in, const char **line, size_t *len, bc_error *err)
{
    /* A line the buffer holds whole is handed out where it is, its LF
     * made its NUL: lines are copied only across a refill. */
    unsigned char *start = in->buf + in->pos, *nl;
    if (in->pos < in->end && (nl = find_newline(start, in->end - in->pos)) != NULL) {
        size_t take = (size_t)(nl - start);
        if (nul_within(in, take))
            return bc_error_set(err, BC_ERR_DATA, in->name, in->lineno + 1,
                                "NUL byte in text (is this a binary file?)");
        *nl = '\0';
        in->pos += take + 1;
        in->lineno++;
        *line = (const char *)start;
        *len = take;
        return BC_OK;
    }
    size_t used = 0;
    for (;;) {
        if (in->pos == in->end) {
            bc_status st = fill(in, err);
            if (st != BC_OK)
                return st;
            if (in->pos == in->end) {
                if (used == 0)
                    return BC_END;
                break; /* a last line without a newline */
            }
        }
        start = in->buf + in->pos;
        size_t avail = in->end - in->pos;
        nl = find_newline(start, avail);
        size_t take = nl != NULL ? (size_t)(nl - start) : avail;
        if (nul_within(in, take))
            return bc_error_set(err, BC_ERR_DATA, in->name, in->lineno + 1,
                                "NUL byte in text (is this a binary file?)");
        if (used + take > BC_INPUT_MAX_LINE)
            return bc_error_set(err, BC_ERR_DATA, in->name, in->lineno + 1,
                                "line longer than %d bytes", BC_INPUT_MAX_LINE);
        char *p = bc_grow(in->line, &in->line_cap, used + take + 1, 1);
        if (p == NULL)
            return bc_error_set(err, BC_ERR_NOMEM, in->name, in->lineno + 1, "out of memory");
        in->line = p;
        memcpy(in->line + used, start, take);
        used += take;
        in->pos += take + (nl != NULL);
        if (nl != NULL)
            break;
    }
    in->line[used] = '\0';
    in->lineno++;
    *line = in->line;
    *len = used;
    return BC_OK;
}
