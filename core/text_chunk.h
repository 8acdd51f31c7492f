/*
 * text_chunk.h - sixteen bytes of text looked at once (SSE2), for the two
 * loops of core/text.c that every byte of a book passes through:
 * normalising a line and measuring its width.
 *
 * A page is nearly all kana, kanji and CJK punctuation (three bytes each)
 * with spaces and digits between them; the scalar loops take such text a
 * character or two at a time.  chunk_scan() runs over the text sixteen
 * bytes at a time while every byte is part of a character the fast path
 * knows, and stops at the first character it does not (a radical, a two-
 * or four-byte character, a control, an error), which the caller's scalar
 * code takes: the result is the scalar one by construction, and
 * tests/test_core_text.c checks every character at every offset of a
 * chunk.  Nothing past the text is read: the last chunk of a text is its
 * last sixteen bytes, partly looked at already (a copy would cost a stalled
 * load), and a text shorter than that is the scalar code's.
 *
 * Without SSE2 (another architecture) TEXT_CHUNK is 0 and only the scalar
 * loops run.
 */
#ifndef BC_TEXT_CHUNK_H
#define BC_TEXT_CHUNK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__SSE2__)
#define TEXT_CHUNK 16
#include <emmintrin.h>

/* What a scan takes: characters bc_text_normalize_to() leaves alone (with
 * or without its text_only check), or characters whose width is known. */
typedef enum chunk_mode { CHUNK_PLAIN, CHUNK_PLAIN_TEXT, CHUNK_WIDTH } chunk_mode;

static inline __m128i chunk_byte(unsigned char c)
{
    return _mm_set1_epi8((char)c);
}

/* Unsigned comparisons, which SSE2 has only as min and max. */
static inline __m128i chunk_ge(__m128i v, unsigned char c)
{
    return _mm_cmpeq_epi8(_mm_max_epu8(v, chunk_byte(c)), v);
}

static inline __m128i chunk_le(__m128i v, unsigned char c)
{
    return _mm_cmpeq_epi8(_mm_min_epu8(v, chunk_byte(c)), v);
}

static inline __m128i chunk_is(__m128i v, unsigned char c)
{
    return _mm_cmpeq_epi8(v, chunk_byte(c));
}

/* Continuation bytes, 80–BF. */
static inline __m128i chunk_cont(__m128i v)
{
    return chunk_is(_mm_and_si128(v, chunk_byte(0xC0)), 0x80);
}

/*
 * The lead bytes of the three-byte characters a scan takes whole, given
 * the bytes one (`x1`) and two (`x2`) places further on: their
 * continuation bytes are checked here, and no lead byte taken may be
 * overlong (E0) or a surrogate (ED), so each is a valid character.
 */
/* Each caller's mode is a constant, and its scan is compiled for it only
 * when these are inlined, which GCC at -O2 did not do by itself (a call
 * on every chunk made the scan slower than the loop it replaced) */
#define CHUNK_INLINE static inline __attribute__((always_inline))

CHUNK_INLINE __m128i chunk_leads(__m128i x, __m128i x1, __m128i x2, chunk_mode mode)
{
    __m128i take;
    if (mode == CHUNK_WIDTH) {
        /* surely wide by their bytes (surely_wide() in text.c, the kanji
         * up to U+9F7F): U+5000–U+8FFF; U+4E00–U+4FFF; U+9000–U+9F7F */
        __m128i kanji = _mm_and_si128(chunk_ge(x, 0xE5), chunk_le(x, 0xE8));
        kanji = _mm_or_si128(kanji, _mm_and_si128(chunk_is(x, 0xE4), chunk_ge(x1, 0xB8)));
        kanji = _mm_or_si128(kanji, _mm_and_si128(chunk_is(x, 0xE9), chunk_le(x1, 0xBD)));
        /* U+3000–U+3029, U+3041–U+307F, U+3080–U+3096 and U+30A1–U+30BF,
         * U+30C0–U+30FF */
        __m128i kana = _mm_and_si128(chunk_is(x1, 0x80), chunk_le(x2, 0xA9));
        kana = _mm_or_si128(kana, _mm_and_si128(chunk_is(x1, 0x81), chunk_ge(x2, 0x81)));
        __m128i x2_kana = _mm_or_si128(chunk_le(x2, 0x96), chunk_ge(x2, 0xA1));
        kana = _mm_or_si128(kana, _mm_and_si128(chunk_is(x1, 0x82), x2_kana));
        kana = _mm_or_si128(kana, chunk_is(x1, 0x83));
        kana = _mm_and_si128(kana, chunk_is(x, 0xE3));
        /* U+FF01–U+FF3F, U+FF40–U+FF60 */
        __m128i full = _mm_or_si128(_mm_and_si128(chunk_is(x1, 0xBC), chunk_ge(x2, 0x81)),
                                    _mm_and_si128(chunk_is(x1, 0xBD), chunk_le(x2, 0xA0)));
        full = _mm_and_si128(full, chunk_is(x, 0xEF));
        take = _mm_or_si128(_mm_or_si128(kanji, kana), full);
    } else {
        /* E1–EF but ED, E2 BA–BF (the radicals) and EF B8 (which holds
         * U+FE13): what normalising leaves alone */
        __m128i lead = chunk_is(_mm_and_si128(x, chunk_byte(0xF0)), 0xE0);
        __m128i odd = _mm_or_si128(
            _mm_or_si128(chunk_is(x, 0xE0), chunk_is(x, 0xED)),
            _mm_or_si128(_mm_and_si128(chunk_is(x, 0xE2), chunk_ge(x1, 0xBA)),
                         _mm_and_si128(chunk_is(x, 0xEF), chunk_is(x1, 0xB8))));
        take = _mm_andnot_si128(odd, lead);
    }
    return _mm_and_si128(take, _mm_and_si128(chunk_cont(x1), chunk_cont(x2)));
}

/* The ASCII bytes a scan takes: printable ones (0x20–0x7E, one cell each;
 * and a tab when normalising text), or any when normalising otherwise. */
CHUNK_INLINE __m128i chunk_ascii(__m128i x, chunk_mode mode)
{
    if (mode == CHUNK_PLAIN)
        return _mm_cmpgt_epi8(x, chunk_byte(0xFF)); /* signed: below 0x80 */
    __m128i printable = _mm_and_si128(chunk_ge(x, 0x20), chunk_le(x, 0x7E));
    return mode == CHUNK_PLAIN_TEXT ? _mm_or_si128(printable, chunk_is(x, '\t')) : printable;
}

/*
 * Where the first character at or after `s + i` that a scan in `mode`
 * does not take starts (`len` bytes in all, `s + i` the start of a
 * character or of a bad byte), or `len`; with CHUNK_WIDTH, adds the cells
 * of the characters taken to `*cells`.
 *
 * A chunk is taken whole when each of its bytes is ASCII taken, a lead
 * byte taken, or one of the two continuation bytes that follow a lead
 * taken (in the chunk, or in the one before: `carry`); else the scan ends
 * at the first byte that is none of these, which starts a character (a
 * continuation byte of a character taken is never the first).  The bytes
 * past a chunk are read as its leads' continuation bytes where the text
 * holds them; in the last chunk, read at the text's last sixteen bytes,
 * they are missing, and a lead byte there is not taken.
 */
CHUNK_INLINE size_t chunk_scan(const unsigned char *s, size_t i, size_t len, chunk_mode mode,
                               size_t *cells)
{
    const __m128i place = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m128i sum = _mm_setzero_si128();
    unsigned carry = 0;
    while (i < len) {
        size_t at = i, from = 0;
        __m128i x, x1, x2;
        if (len - i > TEXT_CHUNK) {
            x = _mm_loadu_si128((const __m128i *)(s + i));
            x1 = _mm_loadu_si128((const __m128i *)(s + i + 1));
            x2 = len - i > TEXT_CHUNK + 1 ? _mm_loadu_si128((const __m128i *)(s + i + 2))
                                          : _mm_srli_si128(x1, 1);
        } else if (len >= TEXT_CHUNK) {
            at = len - TEXT_CHUNK;
            from = i - at;
            x = _mm_loadu_si128((const __m128i *)(s + at));
            x1 = _mm_srli_si128(x, 1);
            x2 = _mm_srli_si128(x, 2);
        } else {
            break;
        }
        __m128i lead = chunk_leads(x, x1, x2, mode), ascii = chunk_ascii(x, mode);
        /* the bytes before `from` were looked at already; none of them is
         * a lead byte taken whose character goes on past them, as `s + i`
         * starts a character */
        unsigned before = (1u << from) - 1;
        unsigned leads = (unsigned)_mm_movemask_epi8(lead);
        unsigned follow = (leads << 1) | (leads << 2);
        unsigned taken = (unsigned)_mm_movemask_epi8(ascii) | leads | follow | (carry << from) |
                         before;
        size_t end = (taken & 0xFFFFu) == 0xFFFFu ? TEXT_CHUNK : (size_t)__builtin_ctz(~taken);
        if (mode == CHUNK_WIDTH) {
            __m128i c = _mm_or_si128(_mm_and_si128(ascii, chunk_byte(1)),
                                     _mm_and_si128(lead, chunk_byte(2)));
            if (from != 0 || end != TEXT_CHUNK)
                c = _mm_and_si128(c, _mm_andnot_si128(
                                         _mm_cmplt_epi8(place, chunk_byte((unsigned char)from)),
                                         _mm_cmplt_epi8(place, chunk_byte((unsigned char)end))));
            sum = _mm_add_epi64(sum, _mm_sad_epu8(c, _mm_setzero_si128()));
        }
        i = at + end;
        if (end != TEXT_CHUNK)
            break;
        carry = follow >> TEXT_CHUNK;
    }
    if (mode == CHUNK_WIDTH)
        *cells += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_extract_epi16(sum, 4);
    return i;
}

#else
#define TEXT_CHUNK 0
#endif

#endif
