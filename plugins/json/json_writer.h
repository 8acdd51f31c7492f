/*
 * json_writer.h - JSON text written straight to a stream, laid out byte for
 * byte as jansson's json_dumpf() lays out the same values with
 * JSON_PRESERVE_ORDER and JSON_INDENT(2) (pretty) or JSON_COMPACT.
 *
 * The exporter used to build each record as a jansson tree and dump it;
 * the tree, its strings' UTF-8 checked twice and decoded once more to be
 * escaped, cost more than reading the book.  Here a string is checked once
 * (bc_utf8_valid()) and copied in runs between the bytes JSON must escape:
 * ", \ and those below 0x20, as jansson escapes them (\b \f \n \r \t, else
 * \u00XX in upper case); nothing else is escaped, / and non-ASCII included.
 *
 * The text is gathered in the writer and given to the stream in pieces of
 * JSON_WRITER_BUFFER bytes, and by jw_end(): a call into stdio for each
 * bracket, key and run cost more than the rest of writing a record.
 *
 * Write errors stay in the stream (ferror()); a string that is not valid
 * UTF-8 is written as null and noted in `bad_text`, as jansson would have
 * refused it.
 */
#ifndef BC_JSON_WRITER_H
#define BC_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* Most containers open at once: more than a record nests. */
#define JSON_WRITER_DEPTH 8

/* Bytes gathered before they go to the stream: a record's worth or so. */
#define JSON_WRITER_BUFFER 8192

typedef struct json_writer {
    FILE *fp;
    bool pretty;
    int depth;                      /* containers open */
    bool object[JSON_WRITER_DEPTH]; /* the container at each depth is an object */
    bool empty[JSON_WRITER_DEPTH];  /* it has no value yet */
    bool bad_text;                  /* a string was not valid UTF-8 */
    size_t len;                     /* bytes in buf */
    char buf[JSON_WRITER_BUFFER];
} json_writer;

/** Starts writing one top-level value to `fp`. */
void jw_start(json_writer *w, FILE *fp, bool pretty);

/** Gives the stream what is still gathered: once the value is written,
 *  before the stream is used by anything else. */
void jw_end(json_writer *w);

/** Opens an object ('{') or an array ('[') as the next value, inside at
 *  most JSON_WRITER_DEPTH - 1 others. */
void jw_open(json_writer *w, char bracket);

/** Closes the innermost container with '}' or ']'. */
void jw_close(json_writer *w, char bracket);

/** Writes the key of the next member of the object in hand; `key` is
 *  ASCII with nothing to escape. */
void jw_key(json_writer *w, const char *key);

/** Writes a string value, or null for NULL. */
void jw_string(json_writer *w, const char *s);

/** Writes a string value, or null for NULL, with each byte that is not part
 *  of valid UTF-8 written as U+FFFD; true when one was.  For names the
 *  system gives as bytes (a file's, say), which JSON cannot hold as they
 *  are but which are not the record's data. */
bool jw_string_lossy(json_writer *w, const char *s);

void jw_integer(json_writer *w, long long v);

void jw_null(json_writer *w);

#endif
