/* The json exporter's writer (plugins/json/json_writer.c) against jansson:
 * the same values come out byte for byte as json_dumps() lays them out,
 * pretty and compact, which is what the exporter's output was before. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "json_writer.h"
#include "leak_check.h"

/* Writes `v` through the writer, as the exporter does. */
static void write_value(json_writer *w, json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        jw_open(w, '{');
        const char *key;
        json_t *member;
        json_object_foreach(v, key, member)
        {
            jw_key(w, key);
            write_value(w, member);
        }
        jw_close(w, '}');
        break;
    }
    case JSON_ARRAY: {
        jw_open(w, '[');
        size_t i;
        json_t *member;
        json_array_foreach(v, i, member) write_value(w, member);
        jw_close(w, ']');
        break;
    }
    case JSON_STRING:
        jw_string(w, json_string_value(v));
        break;
    case JSON_INTEGER:
        jw_integer(w, (long long)json_integer_value(v));
        break;
    default:
        jw_null(w);
    }
}

/* A writer on a memory stream: what it wrote is in `*got` once finish()
 * has run (the caller frees it). */
static FILE *start(json_writer *w, bool pretty, char **got, size_t *len)
{
    *got = NULL;
    FILE *f = open_memstream(got, len);
    cr_assert_not_null(f);
    jw_start(w, f, pretty);
    return f;
}

static void finish(json_writer *w, FILE *f)
{
    jw_end(w);
    cr_assert_eq(fclose(f), 0);
}

/* Compares the writer's text for `v` with jansson's. */
static void same_as_jansson(json_t *v, bool pretty)
{
    char *want = json_dumps(v, JSON_ENCODE_ANY | JSON_PRESERVE_ORDER |
                                      (pretty ? JSON_INDENT(2) : JSON_COMPACT));
    cr_assert_not_null(want);
    char *got;
    size_t len;
    json_writer w;
    FILE *f = start(&w, pretty, &got, &len);
    write_value(&w, v);
    finish(&w, f);
    cr_expect_not(w.bad_text);
    cr_expect_str_eq(got, want, "%s", pretty ? "pretty" : "compact");
    free(got);
    free(want);
}

static json_t *record(void)
{
    json_t *v = json_loads(
        "{\"no\": 59, \"fiscal_year\": null, \"title\": \"区民保養施設 \\\"a\\\\b/c\\\"\","
        " \"department\": {\"bureau\": \"部\", \"division\": null},"
        " \"plans\": [], \"laws\": [\"\", \"法\\n律\"], \"empty\": {},"
        " \"controls\": \"\\u0001\\u001f\\b\\f\\n\\r\\t\\u007f é 𝄞\","
        " \"line_items\": [{\"kind\": \"item\", \"requested\": -9223372036854775807,"
        " \"budgeted\": 9223372036854775807, \"nested\": [[], [{}], [1, [2]]]}],"
        " \"source\": {\"file\": \"x.txt\", \"line\": 0}}",
        0, NULL);
    cr_assert_not_null(v);
    return v;
}

BC_TEST(json_writer, pretty_as_jansson)
{
    json_t *v = record();
    same_as_jansson(v, true);
    json_decref(v);
}

BC_TEST(json_writer, compact_as_jansson)
{
    json_t *v = record();
    same_as_jansson(v, false);
    json_decref(v);
}

/* The writer gathers its text in JSON_WRITER_BUFFER bytes: values that end
 * at, cross and exceed that boundary, strings with and without escapes. */
BC_TEST(json_writer, values_past_the_buffer_as_jansson)
{
    json_t *v = json_array();
    cr_assert_not_null(v);
    static char text[3 * JSON_WRITER_BUFFER];
    for (size_t n = 1; n < sizeof text; n = n * 3 + 1) {
        for (size_t i = 0; i < n; i++)
            text[i] = "ab\"\\\n\xE3\x81\x82"[i % 8];
        /* a whole character at the end: cut after its third byte */
        size_t len = n - (n % 8 >= 6 && n % 8 <= 7 ? n % 8 - 5 : 0);
        text[len] = '\0';
        cr_assert_eq(json_array_append_new(v, json_string(text)), 0);
        cr_assert_eq(json_array_append_new(v, json_integer((json_int_t)n)), 0);
        /* and as long a run with nothing to escape */
        memset(text, 'x', n);
        text[n] = '\0';
        cr_assert_eq(json_array_append_new(v, json_string(text)), 0);
    }
    same_as_jansson(v, true);
    same_as_jansson(v, false);
    json_decref(v);
}

BC_TEST(json_writer, bare_values_as_jansson)
{
    json_t *values[] = {json_array(), json_object(), json_string("x\"y"), json_integer(-1)};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        same_as_jansson(values[i], true);
        same_as_jansson(values[i], false);
        json_decref(values[i]);
    }
}

BC_TEST(json_writer, invalid_utf8_is_noted_and_written_as_null)
{
    char *got;
    size_t len;
    json_writer w;
    FILE *f = start(&w, false, &got, &len);
    jw_open(&w, '[');
    jw_string(&w, "ok");
    jw_string(&w, "\xff");
    jw_string(&w, NULL);
    jw_close(&w, ']');
    finish(&w, f);
    cr_expect_str_eq(got, "[\"ok\",null,null]");
    cr_expect(w.bad_text);
    free(got);
}

/* A file name is bytes: each byte that is not UTF-8 becomes U+FFFD, the
 * valid characters around it (and those JSON escapes) stay as they were. */
BC_TEST(json_writer, lossy_string_replaces_each_bad_byte)
{
    char *got;
    size_t len;
    json_writer w;
    FILE *f = start(&w, false, &got, &len);
    jw_open(&w, '[');
    cr_expect_not(jw_string_lossy(&w, "a\"b/\xE3\x81\x82"));
    /* CP932 「予算」 is 97 5C 8E 5A: two lead bytes UTF-8 never has, and a
     * 0x5C that is a backslash to everyone reading it as UTF-8 */
    cr_expect(jw_string_lossy(&w, "\x97\x5C\x8EZ.txt"));
    cr_expect(jw_string_lossy(&w, "\xE3\x81"));
    cr_expect_not(jw_string_lossy(&w, NULL));
    jw_close(&w, ']');
    finish(&w, f);
    cr_expect_str_eq(got, "[\"a\\\"b/\xE3\x81\x82\","
                          "\"\xEF\xBF\xBD\\\\\xEF\xBF\xBDZ.txt\","
                          "\"\xEF\xBF\xBD\xEF\xBF\xBD\",null]");
    cr_expect_not(w.bad_text);
    free(got);
}
