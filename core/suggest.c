/* The closest name to a mistyped one (suggest.h). */
#include <string.h>

#include "suggest.h"

/* Longer names are not compared: nobody mistypes an option that badly. */
#define SUGGEST_MAX 64

/* Optimal string alignment distance: insertions, deletions, substitutions
 * and swaps of two adjacent characters each cost one. */
static size_t distance(const char *a, size_t m, const char *b, size_t n)
{
    size_t d[SUGGEST_MAX + 1][SUGGEST_MAX + 1];
    for (size_t i = 0; i <= m; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= n; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= m; i++)
        for (size_t j = 1; j <= n; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[m][n];
}

const char *bc_suggest(const char *typed, const char *const *names, size_t count)
{
    size_t m = strlen(typed);
    if (m == 0 || m > SUGGEST_MAX)
        return NULL;
    const char *best = NULL;
    size_t best_d = 0;
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(names[i]);
        if (n > SUGGEST_MAX)
            continue;
        size_t d = distance(typed, m, names[i], n);
        /* Two edits in a long name, one in a short one: beyond that the
         * "suggestion" is another word. */
        size_t limit = n >= 6 ? 2 : 1;
        if (d <= limit && (best == NULL || d < best_d)) {
            best = names[i];
            best_d = d;
        }
    }
    return best;
}
