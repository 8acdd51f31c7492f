/* Amounts as printed on the sheets (budgetconv/amount.h). */
#include <stdio.h>
#include <string.h>

#include <budgetconv/amount.h>

bool bc_amount_parse(const char *s, size_t len, int64_t *out)
{
    bool negative = false;
    if (len >= 1 && s[0] == '-') {
        negative = true, s++, len--;
    } else if (len >= 3 && (memcmp(s, "\xE2\x96\xB3", 3) == 0 ||  /* △ */
                            memcmp(s, "\xE2\x96\xB2", 3) == 0)) { /* ▲ */
        negative = true, s += 3, len -= 3;
    }
    if (len == 0 || s[0] == ',')
        return false;
    /* Digits since the last comma; -1 until the first comma is seen. */
    int group = -1, digits = 0;
    uint64_t value = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == ',') {
            if ((group >= 0 && group != 3) || (group < 0 && (digits < 1 || digits > 3)))
                return false;
            group = 0;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return false;
        if (value > (UINT64_MAX - 9) / 10)
            return false;
        value = value * 10 + (uint64_t)(s[i] - '0');
        digits++;
        if (group >= 0)
            group++;
    }
    if (group >= 0 && group != 3)
        return false;
    if (value > (uint64_t)INT64_MAX)
        return false;
    *out = negative ? -(int64_t)value : (int64_t)value;
    return true;
}

bool bc_amount_add(int64_t *sum, int64_t value)
{
    int64_t result;
    if (__builtin_add_overflow(*sum, value, &result) || result == BC_AMOUNT_NULL)
        return false;
    *sum = result;
    return true;
}

int bc_amount_format(int64_t value, char *buf, size_t size)
{
    char digits[32];
    uint64_t mag = value < 0 ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
    int n = snprintf(digits, sizeof digits, "%llu", (unsigned long long)mag);
    char tmp[48];
    size_t o = 0;
    if (value < 0)
        tmp[o++] = '-';
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            tmp[o++] = ',';
        tmp[o++] = digits[i];
    }
    tmp[o] = '\0';
    return snprintf(buf, size, "%s", tmp);
}
