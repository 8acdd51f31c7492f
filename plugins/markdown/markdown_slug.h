/*
 * markdown_slug.h - the anchors GitHub gives headings, to link to them.
 *
 * GitHub makes a heading's id from its rendered text by the rule of
 * github-slugger: lower case; characters of the Unicode categories No, P*
 * (but `-`), S*, C*, Z* (but the space) dropped unless alphabetic; each
 * space turned into `-`.  A slug seen before gets `-1`, `-2`, … - the first
 * free one, counted per original slug.
 *
 * The report's record headings start with their NO, and no other heading
 * starts with a digit or `-`, so only record headings can share a slug:
 * md_anchors keeps the slugs of those alone.  Memory: one hash (16 bytes
 * with its count) per record heading - the one place the report's memory
 * grows with the records, because GitHub's numbering needs every earlier
 * heading.  Two slugs with one 64-bit hash would be numbered as one.
 */
#ifndef MARKDOWN_SLUG_H
#define MARKDOWN_SLUG_H

#include <stddef.h>
#include <stdint.h>

#include <budgetconv/error.h>

/** Writes the slug of `text` (NUL-terminated UTF-8) into a new string, NULL
 *  when out of memory. */
char *md_slug(const char *text);

typedef struct md_anchor_slot {
    uint64_t hash; /* 0: empty */
    uint64_t count;
} md_anchor_slot;

/** The slugs given so far, as GitHub numbers them. */
typedef struct md_anchors {
    md_anchor_slot *slots;
    size_t used, size;
} md_anchors;

/** Gives the heading whose text is `text` its unique anchor, into a new
 *  string (`*anchor`, the caller frees it).  BC_ERR_NOMEM on failure. */
bc_status md_anchor(md_anchors *a, const char *text, char **anchor);

/** Frees what `a` owns. */
void md_anchors_free(md_anchors *a);

#endif
