/*
 * text_chunk.h - sixteen bytes of text looked at once (SSE2), for the two
 * loops of core/text.c that every byte of a book passes through:
 * normalising a line and measuring its width.
 *
 * A page is nearly all kana, kanji and CJK punctuation (three bytes each)
 * with spaces and digits between them; the scalar loops take such text two
 * characters at a time at best.  Here sixteen bytes are classified at once
 * and the longest start of them made of whole characters the fast path
 * knows is returned; the caller's scalar code takes whatever comes next
 * (a radical, a two- or four-byte character, a control, an error), so the
 * result is the scalar one by construction, and tests/test_core_text.c
 * checks every three-byte character at every offset of a chunk.  Nothing
 * past the text is read: the last chunk of a line is its last sixteen
 * bytes, partly looked at already (a copy would cost a stalled load), and a
 * text shorter than that is the scalar code's.
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

typedef struct text_chunk {
    __m128i x;          /* the sixteen bytes */
    __m128i x1, x2;     /* the bytes one and two further on, 0 past the end */
    unsigned lead3;     /* lead bytes of three-byte characters, E0–EF, from `from` */
    unsigned cont;      /* continuation bytes, 80–BF */
    unsigned ascii;     /* bytes below 0x80 */
    unsigned printable; /* 0x20–0x7E */
    __m128i printable_v;
    size_t from;        /* where the text still to look at starts */
    bool last;          /* the chunk ends where the text does */
} text_chunk;

static inline __m128i chunk_byte(unsigned char c)
{
    return _mm_set1_epi8((char)c);
}

static inline unsigned chunk_mask(__m128i v)
{
    return (unsigned)_mm_movemask_epi8(v);
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

/*
 * Loads the sixteen bytes from `s + i` (`len` bytes in all, i < len), or,
 * fewer being left, the last sixteen of the text, where the bytes before i
 * have been looked at already.  Nothing past the text is read.
 * False for a text shorter than a chunk: the scalar code's.
 */
static inline bool chunk_load(const unsigned char *s, size_t i, size_t len, text_chunk *k)
{
    size_t at = len - i >= TEXT_CHUNK ? i : len >= TEXT_CHUNK ? len - TEXT_CHUNK : SIZE_MAX;
    if (at == SIZE_MAX)
        return false;
    k->from = i - at;
    k->last = at + TEXT_CHUNK == len;
    k->x = _mm_loadu_si128((const __m128i *)(s + at));
    /* a character's second and third bytes; those of one at 14 or 15
     * would be past the chunk, and it is left out of every prefix */
    k->x1 = _mm_srli_si128(k->x, 1);
    k->x2 = _mm_srli_si128(k->x, 2);
    /* a lead byte before `from` expects nothing: the bytes there are whole
     * characters or bad bytes the scalar code took one by one, and the
     * bytes after such a bad lead are characters of their own */
    k->lead3 = chunk_mask(_mm_cmpeq_epi8(_mm_and_si128(k->x, chunk_byte(0xF0)), chunk_byte(0xE0))) &
               (0xFFFFu << k->from);
    k->cont = chunk_mask(_mm_and_si128(chunk_ge(k->x, 0x80), chunk_le(k->x, 0xBF)));
    k->ascii = ~chunk_mask(k->x) & 0xFFFFu;
    k->printable_v = _mm_and_si128(chunk_ge(k->x, 0x20), chunk_le(k->x, 0x7E));
    k->printable = chunk_mask(k->printable_v);
    return true;
}

/*
 * The longest run from `k->from` of whole characters that are ASCII or three
 * bytes long, each of their bytes among `ok`, as its end in the chunk: the
 * first byte that is not in `ok`, or where a continuation byte is missing or
 * stray, ends it, and sets `*stopped`; else the end of the chunk does,
 * without the character it cuts, which is a fault (`*stopped`) at the end of
 * the text.
 *
 * A lead byte expects continuation bytes at the next two places; the first
 * place where what is expected and what is there differ is the first
 * problem, and only a character that starts one or two places before it
 * can be unfinished there (one that starts earlier would have made an
 * earlier problem).  Leads before `from` are not counted (chunk_load()),
 * so the run never ends before it starts.
 */
static inline size_t chunk_prefix(const text_chunk *k, unsigned ok, bool *stopped)
{
    unsigned expect = ((k->lead3 << 1) | (k->lead3 << 2)) & 0xFFFFu;
    unsigned problem = (~ok | (k->cont ^ expect)) & (0xFFFFu << k->from) & 0xFFFFu;
    size_t p = problem != 0 ? (size_t)__builtin_ctz(problem) : TEXT_CHUNK, end = p;
    if (p >= 1 && (k->lead3 >> (p - 1) & 1))
        end = p - 1;
    else if (p >= 2 && (k->lead3 >> (p - 2) & 1))
        end = p - 2;
    *stopped = problem != 0 || (k->last && end < TEXT_CHUNK);
    return end;
}

/*
 * Bytes from `s + i` that bc_text_normalize_to() copies as they are: ASCII
 * (printable or a tab when `text_only`) and three-byte characters with lead
 * bytes E1–EF but E0 (may be overlong), ED (may be a surrogate), E2 BA–BF
 * (the radicals) and EF B8 (which holds U+FE13).
 */
static inline size_t chunk_plain(const unsigned char *s, size_t i, size_t len, bool text_only,
                                 bool *stopped)
{
    text_chunk k;
    *stopped = true;
    if (!chunk_load(s, i, len, &k))
        return 0;
    __m128i e2 = _mm_and_si128(chunk_is(k.x, 0xE2), chunk_ge(k.x1, 0xBA));
    __m128i ef = _mm_and_si128(chunk_is(k.x, 0xEF), chunk_is(k.x1, 0xB8));
    __m128i odd = _mm_or_si128(_mm_or_si128(chunk_is(k.x, 0xE0), chunk_is(k.x, 0xED)),
                               _mm_or_si128(e2, ef));
    unsigned ascii = text_only ? k.printable | chunk_mask(chunk_is(k.x, '\t')) : k.ascii;
    unsigned ok = (ascii | k.cont | k.lead3) & ~chunk_mask(odd);
    return chunk_prefix(&k, ok, stopped) - k.from;
}

/*
 * Bytes from `s + i` made of printable ASCII and of three-byte characters
 * that are surely wide by their bytes alone (kanji, kana, CJK punctuation,
 * fullwidth forms: the ranges of surely_wide() in text.c, the kanji up to
 * U+9F7F), and the cells they take in `*width`.
 */
static inline size_t chunk_width(const unsigned char *s, size_t i, size_t len, size_t *width,
                                 bool *stopped)
{
    text_chunk k;
    *stopped = true;
    *width = 0;
    if (!chunk_load(s, i, len, &k))
        return 0;
    __m128i x = k.x, x1 = k.x1, x2 = k.x2;
    /* U+5000–U+8FFF; U+4E00–U+4FFF; U+9000–U+9F7F */
    __m128i kanji = _mm_and_si128(chunk_ge(x, 0xE5), chunk_le(x, 0xE8));
    kanji = _mm_or_si128(kanji, _mm_and_si128(chunk_is(x, 0xE4), chunk_ge(x1, 0xB8)));
    kanji = _mm_or_si128(kanji, _mm_and_si128(chunk_is(x, 0xE9), chunk_le(x1, 0xBD)));
    /* U+3000–U+3029, U+3041–U+307F, U+3080–U+3096 and U+30A1–U+30BF,
     * U+30C0–U+30FF */
    __m128i kana = _mm_and_si128(chunk_is(x1, 0x80), chunk_le(x2, 0xA9));
    kana = _mm_or_si128(kana, _mm_and_si128(chunk_is(x1, 0x81), chunk_ge(x2, 0x81)));
    kana = _mm_or_si128(kana, _mm_and_si128(chunk_is(x1, 0x82),
                                            _mm_or_si128(chunk_le(x2, 0x96), chunk_ge(x2, 0xA1))));
    kana = _mm_or_si128(kana, chunk_is(x1, 0x83));
    kana = _mm_and_si128(kana, chunk_is(x, 0xE3));
    /* U+FF01–U+FF3F, U+FF40–U+FF60 */
    __m128i full = _mm_or_si128(_mm_and_si128(chunk_is(x1, 0xBC), chunk_ge(x2, 0x81)),
                                _mm_and_si128(chunk_is(x1, 0xBD), chunk_le(x2, 0xA0)));
    full = _mm_and_si128(full, chunk_is(x, 0xEF));
    __m128i wide = _mm_or_si128(_mm_or_si128(kanji, kana), full);
    size_t end = chunk_prefix(&k, k.printable | k.cont | chunk_mask(wide), stopped);
    /* cells byte by byte (1 for ASCII, 2 for a wide lead, 0 for the rest
     * and outside from..end), summed by a sum of absolute differences
     * from zero */
    __m128i cells = _mm_or_si128(_mm_and_si128(k.printable_v, chunk_byte(1)),
                                 _mm_and_si128(wide, chunk_byte(2)));
    const __m128i place = _mm_setr_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    __m128i inside = _mm_andnot_si128(_mm_cmplt_epi8(place, chunk_byte((unsigned char)k.from)),
                                      _mm_cmplt_epi8(place, chunk_byte((unsigned char)end)));
    __m128i sums = _mm_sad_epu8(_mm_and_si128(cells, inside), _mm_setzero_si128());
    *width = (size_t)_mm_cvtsi128_si32(sums) + (size_t)_mm_extract_epi16(sums, 4);
    return end - k.from;
}

#else
#define TEXT_CHUNK 0
#endif

#endif
