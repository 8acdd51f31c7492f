/*
 * numbers.c - numbers and amounts as the sheet prints them: box numbers,
 * years and NOs in ASCII or fullwidth digits, amounts as bc_amount_parse()
 * reads them (telling one too large for 64 bits from no amount).
 */
#include <stdlib.h>
#include <string.h>

#include "rawtext.h"

int64_t rt_number(const char *s, size_t len, size_t *used)
{
    int64_t v = 0;
    size_t i = 0, digits = 0;
    for (;;) {
        int d;
        if (i < len && s[i] >= '0' && s[i] <= '9') {
            d = s[i] - '0';
            i++;
        } else if (i + 2 < len && (unsigned char)s[i] == 0xEF && (unsigned char)s[i + 1] == 0xBC &&
                   (unsigned char)s[i + 2] >= 0x90 && (unsigned char)s[i + 2] <= 0x99) {
            d = (unsigned char)s[i + 2] - 0x90;
            i += 3;
        } else {
            break;
        }
        if (v <= (INT64_MAX - 9) / 10)
            v = v * 10 + d;
        digits++;
    }
    *used = i;
    return digits > 0 ? v : -1;
}

rt_amount_read rt_amount(const char *s, size_t len, int64_t *out)
{
    /* both readings below end in a digit, and most lines do not */
    if (len == 0 || s[len - 1] < '0' || s[len - 1] > '9')
        return RT_NO_AMOUNT;
    if (bc_amount_parse(s, len, out))
        return RT_AMOUNT;
    /* digits and commas after the sign (most text stops at its first
     * byte), which with every digit made 0 read as an amount: only their
     * value was too large */
    size_t sign = len >= 1 && s[0] == '-' ? 1
                  : len >= 3 && (memcmp(s, "\xE2\x96\xB3", 3) == 0 || /* △ */
                                 memcmp(s, "\xE2\x96\xB2", 3) == 0)   /* ▲ */
                      ? 3
                      : 0;
    for (size_t i = sign; i < len; i++)
        if ((s[i] < '0' || s[i] > '9') && s[i] != ',')
            return RT_NO_AMOUNT;
    char small[64];
    char *zeros = len <= sizeof small ? small : malloc(len);
    /* out of memory: the record is refused rather than read without the
     * amount */
    bool shaped = zeros == NULL;
    if (zeros != NULL) {
        for (size_t i = 0; i < len; i++)
            zeros[i] = i >= sign && s[i] != ',' ? '0' : s[i];
        int64_t zero;
        shaped = bc_amount_parse(zeros, len, &zero);
        if (zeros != small)
            free(zeros);
    }
    if (!shaped)
        return RT_NO_AMOUNT;
    *out = BC_AMOUNT_NULL;
    return RT_AMOUNT_TOO_BIG;
}

rt_amount_read rt_split_amount(rt_piece p, rt_piece *label, rt_piece *figure, int64_t *amount)
{
    p = rt_trim(p);
    /* an amount ends in a digit: most lines of text are done here */
    if (p.len == 0 || p.s[p.len - 1] < '0' || p.s[p.len - 1] > '9')
        return RT_NO_AMOUNT;
    /* back to the last white space (what rt_space_suffix() sees) */
    size_t i = p.len;
    while (i > 0 && p.s[i - 1] != ' ' && p.s[i - 1] != '\t' &&
           !(i >= 3 && memcmp(p.s + i - 3, "\xE3\x80\x80", 3) == 0))
        i--;
    if (i == 0)
        return RT_NO_AMOUNT;
    rt_amount_read read = rt_amount(p.s + i, p.len - i, amount);
    if (read == RT_NO_AMOUNT)
        return RT_NO_AMOUNT;
    *label = rt_trim((rt_piece){p.s, i, p.lineno});
    *figure = (rt_piece){p.s + i, p.len - i, p.lineno};
    return read;
}
