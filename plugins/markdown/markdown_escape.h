/*
 * markdown_escape.h - record text as Markdown that stays text.
 *
 * Every character that GitHub Flavored Markdown could read as markup is
 * backslash-escaped: emphasis, code, links, HTML and entities, tables,
 * strikethrough, GitHub's $math$, headings, and at the start of a line also
 * block quotes, list markers, setext underlines and indented code.  Control
 * characters (C0, DEL, C1) and the Unicode line and paragraph separators
 * become spaces.  Output goes to a FILE whose error flag the caller checks.
 */
#ifndef MARKDOWN_ESCAPE_H
#define MARKDOWN_ESCAPE_H

#include <stdio.h>

/** Writes `s` on one line (newlines become spaces): for a table cell, a
 *  heading or a list item.  NULL writes nothing. */
void md_put_inline(FILE *fp, const char *s);

/** Writes the text that md_put_inline()'s Markdown renders to: what a
 *  heading's anchor is made from. */
void md_put_inline_text(FILE *fp, const char *s);

/** Writes each non-blank line of `s` as a paragraph of its own, followed by
 *  a blank line; lines that start with ・ (the form's bullet) become the
 *  items of a list, without it.  NULL writes nothing. */
void md_put_paragraphs(FILE *fp, const char *s);

#endif
