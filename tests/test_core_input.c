/* Core tests: line input: line ends, NUL bytes, long lines and peeking. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>

#include <budgetconv/budgetconv.h>

#include "input.h"
#include "leak_check.h"

/* An input over a temporary file holding `len` bytes of `data`. */
static bc_input *input_of(const char *data, size_t len, FILE **fp)
{
    *fp = tmpfile();
    cr_assert_not_null(*fp);
    cr_assert_eq(fwrite(data, 1, len, *fp), len);
    rewind(*fp);
    bc_input *in = bc_input_from_stream(*fp, "mem.txt");
    cr_assert_not_null(in);
    return in;
}

static void close_input(bc_input *in, FILE *fp)
{
    bc_input_close(in);
    fclose(fp);
}

static void expect_line(bc_input *in, const char *want, size_t want_len, long lineno)
{
    const char *line = NULL;
    size_t len = 0;
    bc_error err;
    bc_error_clear(&err);
    cr_assert_eq(bc_input_getline(in, &line, &len, &err), BC_OK, "%s", err.message);
    cr_expect_eq(len, want_len);
    cr_expect_eq(memcmp(line, want, want_len), 0, "line %ld", lineno);
    cr_expect_eq(line[len], '\0', "NUL-terminated");
    cr_expect_eq(bc_input_line(in), lineno);
}

static void expect_end(bc_input *in)
{
    const char *line;
    size_t len;
    bc_error err;
    cr_expect_eq(bc_input_getline(in, &line, &len, &err), BC_END);
    cr_expect_eq(bc_input_getline(in, &line, &len, &err), BC_END, "stays at the end");
}

static void expect_data_error(bc_input *in, long lineno, const char *message)
{
    const char *line;
    size_t len;
    bc_error err;
    bc_error_clear(&err);
    cr_expect_eq(bc_input_getline(in, &line, &len, &err), BC_ERR_DATA);
    cr_expect_eq(err.code, BC_ERR_DATA);
    cr_expect_str_eq(err.file, "mem.txt");
    cr_expect_eq(err.line, lineno);
    cr_expect_str_eq(err.message, message);
}

BC_TEST(input, keeps_cr_of_crlf)
{
    FILE *fp;
    bc_input *in = input_of("NO 59\r\n\r\n予算\r\n", 16, &fp);
    expect_line(in, "NO 59\r", 6, 1);
    expect_line(in, "\r", 1, 2);
    expect_line(in, "予算\r", 7, 3);
    expect_end(in);
    cr_expect_str_eq(bc_input_name(in), "mem.txt");
    close_input(in, fp);
}

BC_TEST(input, last_line_without_newline)
{
    FILE *fp;
    bc_input *in = input_of("a\nbc", 4, &fp);
    expect_line(in, "a", 1, 1);
    expect_line(in, "bc", 2, 2);
    expect_end(in);
    close_input(in, fp);
}

BC_TEST(input, empty_input_and_empty_lines)
{
    FILE *fp;
    bc_input *in = input_of("", 0, &fp);
    expect_end(in);
    cr_expect_eq(bc_input_line(in), 0);
    close_input(in, fp);
    in = input_of("\n\n", 2, &fp);
    expect_line(in, "", 0, 1);
    expect_line(in, "", 0, 2);
    expect_end(in);
    close_input(in, fp);
}

BC_TEST(input, nul_byte_is_bad_data)
{
    FILE *fp;
    bc_input *in = input_of("ok\nx\0y\n", 7, &fp);
    expect_line(in, "ok", 2, 1);
    expect_data_error(in, 2, "NUL byte in text (is this a binary file?)");
    close_input(in, fp);
}

/* A file of `before` bytes of 'x', a newline, then "tail" without one. */
static char *long_line(size_t before, size_t *len)
{
    *len = before + 1 + 4;
    char *data = malloc(*len);
    cr_assert_not_null(data);
    memset(data, 'x', before);
    memcpy(data + before, "\ntail", 5);
    return data;
}

BC_TEST(input, longest_line_is_accepted)
{
    size_t len;
    char *data = long_line(BC_INPUT_MAX_LINE, &len);
    FILE *fp;
    bc_input *in = input_of(data, len, &fp);
    expect_line(in, data, BC_INPUT_MAX_LINE, 1);
    expect_line(in, "tail", 4, 2);
    expect_end(in);
    close_input(in, fp);
    free(data);
}

BC_TEST(input, overlong_line_is_bad_data)
{
    size_t len;
    char *data = long_line(BC_INPUT_MAX_LINE + 1, &len);
    FILE *fp;
    bc_input *in = input_of(data, len, &fp);
    expect_data_error(in, 1, "line longer than 1048576 bytes");
    close_input(in, fp);
    free(data);
}

BC_TEST(input, lines_across_buffer_refills)
{
    /* Lines of 1000 bytes straddle every 64 KiB refill of the buffer. */
    enum { LINES = 200, WIDTH = 1000 };
    char *data = malloc(LINES * (WIDTH + 1));
    cr_assert_not_null(data);
    for (size_t i = 0; i < LINES; i++) {
        memset(data + i * (WIDTH + 1), 'a' + (int)(i % 26), WIDTH);
        data[i * (WIDTH + 1) + WIDTH] = '\n';
    }
    FILE *fp;
    bc_input *in = input_of(data, LINES * (WIDTH + 1), &fp);
    for (size_t i = 0; i < LINES; i++)
        expect_line(in, data + i * (WIDTH + 1), WIDTH, (long)i + 1);
    expect_end(in);
    close_input(in, fp);
    free(data);
}

/* A line's end is looked for sixteen bytes at a time for its first 64
 * bytes, then by memchr(): lines of every length up to 150 bytes, over and
 * over, so that each length ends at every place of a chunk and of the
 * buffer, across its refills. */
BC_TEST(input, lines_of_every_length_end_at_their_newline)
{
    enum { SIZE = 300000 };
    char *data = malloc(SIZE);
    cr_assert_not_null(data);
    size_t used = 0, lines = 0;
    while (used + 151 <= SIZE) {
        size_t len = (lines * 7) % 151;
        memset(data + used, 'a' + (int)(lines % 26), len);
        data[used + len] = '\n';
        used += len + 1;
        lines++;
    }
    FILE *fp;
    bc_input *in = input_of(data, used, &fp);
    size_t at = 0;
    for (size_t i = 0; i < lines; i++) {
        size_t len = (i * 7) % 151;
        expect_line(in, data + at, len, (long)i + 1);
        at += len + 1;
    }
    expect_end(in);
    close_input(in, fp);
    free(data);
}

/* The buffer is searched for a NUL once, not each line: a NUL is still
 * found in whichever line holds it — many lines on, across a refill, after
 * bytes bc_input_read() took, and after a peek. */
BC_TEST(input, nul_byte_found_wherever_it_is)
{
    enum { LINES = 70000 };
    char *data = malloc(LINES * 2 + 8);
    cr_assert_not_null(data);
    for (size_t i = 0; i < LINES; i++)
        memcpy(data + 2 * i, "a\n", 2);
    memcpy(data + 2 * LINES, "b\0c\n", 4);
    FILE *fp;
    bc_input *in = input_of(data, 2 * LINES + 4, &fp);
    for (size_t i = 0; i < LINES; i++)
        expect_line(in, "a", 1, (long)i + 1);
    expect_data_error(in, LINES + 1, "NUL byte in text (is this a binary file?)");
    close_input(in, fp);
    free(data);

    static const char read_past[] = "x\n\0\ny\nz\0\n";
    in = input_of(read_past, sizeof read_past - 1, &fp);
    expect_line(in, "x", 1, 1);
    char two[2];
    size_t got;
    bc_error err;
    cr_assert_eq(bc_input_read(in, two, 2, &got, &err), BC_OK);
    cr_expect_eq(got, 2);
    expect_line(in, "y", 1, 2);
    expect_data_error(in, 3, "NUL byte in text (is this a binary file?)");
    close_input(in, fp);

    in = input_of("p\nq\0\n", 5, &fp);
    const unsigned char *head;
    size_t len;
    cr_assert_eq(bc_input_peek(in, &head, &len, &err), BC_OK);
    expect_line(in, "p", 1, 1);
    expect_data_error(in, 2, "NUL byte in text (is this a binary file?)");
    close_input(in, fp);
}

BC_TEST(input, peek_does_not_consume)
{
    FILE *fp;
    bc_input *in = input_of("NO 59\nabc", 9, &fp);
    const unsigned char *head;
    size_t len;
    bc_error err;
    cr_assert_eq(bc_input_peek(in, &head, &len, &err), BC_OK);
    cr_expect_eq(len, 9);
    cr_expect_eq(memcmp(head, "NO 59\nabc", 9), 0);
    expect_line(in, "NO 59", 5, 1);
    char buf[8];
    size_t got = 0;
    cr_assert_eq(bc_input_read(in, buf, sizeof buf, &got, &err), BC_OK);
    cr_expect_eq(got, 3);
    cr_expect_eq(memcmp(buf, "abc", 3), 0);
    cr_assert_eq(bc_input_read(in, buf, sizeof buf, &got, &err), BC_OK);
    cr_expect_eq(got, 0, "end of input");
    close_input(in, fp);
}

BC_TEST(input, peek_sees_at_most_the_probe_window)
{
    size_t len;
    char *data = long_line(3 * BC_PROBE_SIZE, &len);
    FILE *fp;
    bc_input *in = input_of(data, len, &fp);
    const unsigned char *head;
    size_t n;
    bc_error err;
    cr_assert_eq(bc_input_peek(in, &head, &n, &err), BC_OK);
    cr_expect_eq(n, BC_PROBE_SIZE);
    expect_line(in, data, 3 * BC_PROBE_SIZE, 1);
    close_input(in, fp);
    free(data);
}

BC_TEST(input, open_refuses_what_cannot_be_read)
{
    bc_input *in = NULL;
    bc_error err;
    cr_expect_eq(bc_input_open("/nonexistent/book.txt", &in, &err), BC_ERR_NOINPUT);
    cr_expect_str_eq(err.file, "/nonexistent/book.txt");
    cr_expect_str_eq(err.message, "cannot open: No such file or directory");
    cr_expect_eq(bc_input_open("/", &in, &err), BC_ERR_NOINPUT);
    cr_expect_str_eq(err.message, "is a directory");
    cr_expect_null(in);
    cr_assert_eq(bc_input_open("-", &in, &err), BC_OK);
    cr_expect_str_eq(bc_input_name(in), "<stdin>");
    bc_input_close(in);
    bc_input_close(NULL);
}
