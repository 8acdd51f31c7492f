/*
 * budgetconv/text.h - UTF-8 and text helpers shared by plugins.
 *
 * Strings are UTF-8.  Functions that return new strings allocate them with
 * malloc(); the caller frees them.
 */
#ifndef BUDGETCONV_TEXT_H
#define BUDGETCONV_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <budgetconv/error.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * Decodes the code point at the start of `s` (at most `len` bytes).  Sets
 * `*size` to its length in bytes and returns it, or returns -1 (with `*size`
 * 1) for a byte that does not start a valid, shortest-form UTF-8 sequence.
 */
int32_t bc_utf8_decode(const char *s, size_t len, size_t *size);

/**
 * Writes code point `cp` as UTF-8 into `out` (room for 4 bytes) and returns
 * its length, or 0 for a value that is not a Unicode scalar.
 */
size_t bc_utf8_encode(int32_t cp, char *out);

/**
 * The length of the longest start of `s[0..len)` of at most `max` bytes
 * that ends on a character boundary: for quoting a long text in a message
 * without cutting a character in two.
 */
size_t bc_utf8_prefix(const char *s, size_t len, size_t max);

/**
 * True when `s[0..len)` is valid UTF-8 without NUL bytes.  Otherwise, when
 * `bad` is not NULL, sets `*bad` to the offset of the first bad byte.
 */
bool bc_utf8_valid(const char *s, size_t len, size_t *bad);

/**
 * Copies `s[0..len)` into a new NUL-terminated string with every character
 * made canonical: CJK radicals (U+2E80–U+2EFF and the Kangxi radicals
 * U+2F00–U+2FDF) become their equivalent unified ideograph (Unicode's
 * EquivalentUnifiedIdeograph.txt) and U+FE13 ︓ becomes U+FF1A ：.  Every
 * other character stays as it is: this is not NFKC.  `s` must be valid UTF-8.
 * Sets `*out` (and `*out_len` when not NULL).  Returns BC_ERR_NOMEM or
 * BC_ERR_DATA (invalid UTF-8) on failure.
 */
bc_status bc_text_normalize(const char *s, size_t len, char **out,
                            size_t *out_len);

/** Bytes bc_text_normalize_to() may write for `len` bytes of input, its
 *  NUL included (a radical of 3 bytes may become an ideograph of 4). */
#define BC_TEXT_NORMALIZED_SIZE(len) ((len) / 3 * 4 + (len) % 3 + 1)

/**
 * bc_text_normalize() into the caller's `out`, which has room for
 * BC_TEXT_NORMALIZED_SIZE(len) bytes and does not overlap `s`, for readers
 * that normalise every line and would allocate a string for each.  Sets
 * `*out_len`; `out` is NUL-terminated.  With `text_only` a control
 * character other than tab (U+0000–U+001F, U+007F) is BC_ERR_DATA as
 * invalid UTF-8 is, so that a reader of text checks both in one pass.  On
 * BC_ERR_DATA the contents of `out` are unspecified.
 */
bc_status bc_text_normalize_to(const char *s, size_t len, char *out, size_t *out_len,
                               bool text_only);

/**
 * Display width of a UTF-8 string in terminal cells: East Asian wide and
 * full-width characters count 2, combining marks 0, others 1.  Invalid bytes
 * count 1.  Stops at `len` bytes or a newline, whichever comes first when
 * `first_line` is true.
 */
size_t bc_text_display_width(const char *s, size_t len, bool first_line);

/** strdup() that is C11 and returns NULL for a NULL argument. */
char *bc_strdup(const char *s);

/** The first `len` bytes of `s` as a new NUL-terminated string. */
char *bc_strndup(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
