/* GitHub's heading anchors (markdown_slug.h). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include <budgetconv/budgetconv.h>

#include "markdown_slug.h"

/* Symbols that are also alphabetic (Other_Alphabetic): circled, squared and
 * negative letters, which GitHub keeps. */
static bool alphabetic_symbol(int32_t cp)
{
    return (cp >= 0x24B6 && cp <= 0x24E9) || (cp >= 0x1F130 && cp <= 0x1F149) ||
           (cp >= 0x1F150 && cp <= 0x1F169) || (cp >= 0x1F170 && cp <= 0x1F189);
}

static bool dropped(int32_t cp)
{
    if (cp == ' ' || cp == '-')
        return false;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_NO:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CN:
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return true;
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
        return !alphabetic_symbol(cp);
    default:
        return false;
    }
}

char *md_slug(const char *text)
{
    size_t len = strlen(text);
    /* Lower case takes at most 4 bytes per character, as any does. */
    char *out = malloc(len * 4 + 1);
    if (out == NULL)
        return NULL;
    size_t at = 0;
    for (size_t off = 0; off < len;) {
        size_t size;
        int32_t cp = bc_utf8_decode(text + off, len - off, &size);
        off += size > 0 ? size : 1;
        if (cp < 0 || dropped(cp))
            continue;
        if (cp == ' ')
            cp = '-';
        at += bc_utf8_encode(utf8proc_tolower(cp), out + at);
    }
    out[at] = '\0';
    return out;
}

/* FNV-1a, never 0 (the empty slot). */
static uint64_t hash_of(const char *s)
{
    uint64_t h = 0xcbf29ce484222325u;
    for (; *s != '\0'; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3u;
    return h != 0 ? h : 1;
}

static md_anchor_slot *slot_of(md_anchors *a, uint64_t hash)
{
    size_t i = (size_t)(hash % a->size);
    while (a->slots[i].hash != 0 && a->slots[i].hash != hash)
        i = (i + 1) % a->size;
    return &a->slots[i];
}

/* Keeps the table at most 7/8 full: it is the report's one memory that
 * grows with the records, and a probe past a few slots costs nothing next
 * to writing the record's section. */
static bool room(md_anchors *a)
{
    if (a->size > 0 && a->used + 1 <= a->size - a->size / 8)
        return true;
    size_t size = a->size > 0 ? a->size * 2 : 64;
    md_anchors bigger = {calloc(size, sizeof *bigger.slots), a->used, size};
    if (bigger.slots == NULL || size < a->size)
        return free(bigger.slots), false;
    for (size_t i = 0; i < a->size; i++)
        if (a->slots[i].hash != 0)
            *slot_of(&bigger, a->slots[i].hash) = a->slots[i];
    free(a->slots);
    *a = bigger;
    return true;
}

bc_status md_anchor(md_anchors *a, const char *text, char **anchor)
{
    *anchor = NULL;
    char *slug = md_slug(text);
    if (slug == NULL || !room(a)) {
        free(slug);
        return BC_ERR_NOMEM;
    }
    md_anchor_slot *original = slot_of(a, hash_of(slug));
    if (original->hash == 0) {
        original->hash = hash_of(slug);
        a->used++;
        *anchor = slug;
        return BC_OK;
    }
    /* The first free `<slug>-<n>`, counting on from the last one given. */
    size_t len = strlen(slug);
    char *numbered = malloc(len + 24);
    if (numbered == NULL) {
        free(slug);
        return BC_ERR_NOMEM;
    }
    md_anchor_slot *slot;
    do {
        original->count++;
        snprintf(numbered, len + 24, "%s-%llu", slug, (unsigned long long)original->count);
        slot = slot_of(a, hash_of(numbered));
    } while (slot->hash != 0);
    slot->hash = hash_of(numbered);
    a->used++;
    free(slug);
    *anchor = numbered;
    return BC_OK;
}

void md_anchors_free(md_anchors *a)
{
    free(a->slots);
    memset(a, 0, sizeof *a);
}
