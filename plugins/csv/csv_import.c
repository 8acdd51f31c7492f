/*
 * csv importer: reads back the `full` table (csv_columns.c describes it) and
 * refuses the other tables, which do not carry whole records.
 *
 * Streaming: bytes come from bc_input_read() in chunks and go to libcsv one
 * line at a time (a segment ends after each CR or LF), so a segment finishes
 * at most one row and at most one record: next() stops feeding as soon as a
 * record is complete.  A record is complete when the next record's first row
 * (seq 1) arrives, or at the end of the input.  Memory holds one record, the
 * current row and the record's first row, whatever the number of records.
 *
 * Line numbers: libcsv does not count lines, but a field's callback runs
 * while the segment holding its end is fed, so a row starts at the current
 * line minus the LFs inside its first field.  Each record's `source` is set
 * to the CSV file and the line of its first row: that is where it was read,
 * which is the one field a round trip does not keep.
 *
 * A bad row (a cell that does not parse, a row that does not fit its
 * record) fails its record only: next() returns BC_BAD_RECORD for it and
 * reading goes on at the next record's first row.  Broken CSV syntax, the
 * header and the encoding fail the file.  A record whose NO (of the same
 * fiscal year) starts again, right after itself or further on, is rows given
 * twice: that record is bad.  Catching a repeat that is not adjacent needs
 * every NO read so far and its line: about 48 bytes a record (no_set.h, the
 * driver's own set), the one thing that grows with the records.
 *
 * libcsv runs in strict mode (a stray quote or an unterminated quoted field
 * is an error), with no space trimming, and with CSV_EMPTY_IS_NULL so that
 * an unquoted empty cell (null) differs from a quoted "" (empty text).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "csv_plugin.h"
#include "no_set.h"

#define CHUNK_SIZE 65536
/* A header wider than this is no budgetconv table. */
#define MAX_HEADER_COLUMNS 256
/* Hostile input must not make one cell or one record eat all memory. */
#define MAX_CELL_BYTES (16u * 1024 * 1024)
#define MAX_ROWS_PER_RECORD 100000

typedef struct cell {
    char *data; /* NUL-terminated copy */
    size_t len, cap;
    bool null;  /* an unquoted empty cell */
} cell;

typedef struct csv_reader {
    bc_input *in;
    const char *name;
    bc_error *err; /* the caller's, for the call in progress */
    bc_status status;
    bool raw;

    struct csv_parser parser;
    unsigned char chunk[CHUNK_SIZE];
    size_t pos, end;
    bool started, eof, finished;
    /* the header row ended in CRLF: a cell's CRLF is a line break written
     * the Windows way (unix2dos, git autocrlf), read as the LF it was */
    bool crlf;
    long line;      /* line of the segment being fed, 1-based */
    long next_line; /* where the next field starts, for unterminated quotes */

    const csv_column *cols; /* the full table */
    size_t ncols;
    size_t *pos_of; /* full column -> header position */
    size_t width;   /* 0 until the header is read */

    cell *cells; /* the row being read */
    size_t cell_count, cells_cap;
    long row_line;
    cell *first; /* the current record's first row */
    size_t first_cap;
    long first_line;

    bc_record cur; /* the record being assembled */
    bool cur_open;
    bool cur_bad;       /* a row of it was bad: its other rows are skipped */
    bc_error cur_error; /* why, when cur_bad */
    csv_row_kind cur_kind;
    int64_t last_seq;
    long *seq_lines;    /* line of each row of the current record, by seq */
    size_t seq_lines_cap;
    bc_no_set *seen;    /* every NO read so far, with its first line */
    bool row_too_wide;
    bc_record done; /* a complete record waiting for next() */
    bool ready;
    bool bad_ready;     /* a complete bad record waiting: done_error says why */
    bc_error done_error;
} csv_reader;

static void fail(csv_reader *r, bc_status code, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records the first error; later callbacks of the same segment do nothing. */
static void fail(csv_reader *r, bc_status code, long line, const char *fmt, ...)
{
    if (r->status != BC_OK)
        return;
    va_list ap;
    va_start(ap, fmt);
    r->status = bc_error_setv(r->err, code, r->name, line, fmt, ap);
    va_end(ap);
}

static void bad_record(csv_reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A bad row makes its record bad, not the file: the record is reported
 * (BC_BAD_RECORD) with the first reason, its remaining rows are skipped,
 * and reading goes on at the next record's first row.  A bad row before
 * any record stands for a record of its own. */
static void bad_record(csv_reader *r, const char *fmt, ...)
{
    if (r->status != BC_OK || r->cur_bad)
        return;
    r->cur_open = true;
    r->cur_bad = true;
    va_list ap;
    va_start(ap, fmt);
    bc_error_setv(&r->cur_error, BC_ERR_DATA, r->name, r->row_line, fmt, ap);
    va_end(ap);
}

static bool same_name(const char *name, const cell *c)
{
    return !c->null && strlen(name) == c->len && memcmp(name, c->data, c->len) == 0;
}

static size_t count_lf(const char *s, size_t len)
{
    size_t n = 0;
    for (const char *p = s; len > 0 && (p = memchr(p, '\n', len - (size_t)(p - s))) != NULL; p++)
        n++;
    return n;
}

/* Keeps cell `s`, with each CRLF read as LF when `crlf`. */
static bool store(cell *c, const char *s, size_t len, bool crlf)
{
    if (len + 1 > c->cap) {
        char *p = realloc(c->data, len + 1);
        if (p == NULL)
            return false;
        c->data = p;
        c->cap = len + 1;
    }
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (!(crlf && s[i] == '\r' && i + 1 < len && s[i + 1] == '\n'))
            c->data[n++] = s[i];
    c->data[n] = '\0';
    c->len = n;
    c->null = s == NULL;
    return true;
}

static const char *header_name(const csv_reader *r, size_t pos)
{
    for (size_t j = 0; r->width > 0 && j < r->ncols; j++)
        if (r->pos_of[j] == pos)
            return csv_column_name(&r->cols[j], false);
    return NULL;
}

static void on_field(void *s, size_t len, void *data)
{
    csv_reader *r = data;
    if (r->status != BC_OK)
        return;
    if (r->cell_count == 0)
        r->row_line = r->line - (long)count_lf(s, len);
    r->next_line = r->line;
    size_t limit = r->width > 0 ? r->width : MAX_HEADER_COLUMNS;
    if (r->cell_count >= limit) {
        if (r->width > 0)
            r->row_too_wide = true;
        else
            fail(r, BC_ERR_DATA, r->row_line, "header has more than %zu columns: not a budgetconv table",
                 limit);
        return;
    }
    size_t bad = 0;
    if (s != NULL && !bc_utf8_valid(s, len, &bad)) {
        const char *col = header_name(r, r->cell_count);
        unsigned char b = ((unsigned char *)s)[bad];
        bool sjis = b != 0 && bc_cp932_plausible((unsigned char *)s + bad, len - bad);
        if (b == 0)
            fail(r, BC_ERR_DATA, r->line, "column %s: a NUL byte in text (is this a binary file?)",
                 col != NULL ? col : "of the header");
        else
            fail(r, BC_ERR_DATA, r->line, "column %s: not UTF-8 text (byte 0x%02X)%s",
                 col != NULL ? col : "of the header", b,
                 sjis ? "; it reads as Shift_JIS: give -O encoding=cp932" : "");
        return;
    }
    cell *cells = bc_grow(r->cells, &r->cells_cap, r->cell_count + 1, sizeof *cells);
    if (cells == NULL) {
        fail(r, BC_ERR_NOMEM, 0, "out of memory");
        return;
    }
    r->cells = cells;
    if (!store(&r->cells[r->cell_count++], s, len, r->crlf && r->width > 0))
        fail(r, BC_ERR_NOMEM, 0, "out of memory");
}

/* Refuses the people's tables by name, since they cannot give back records. */
static bool other_table(csv_reader *r)
{
    for (int t = 0; t < CSV_TABLE_COUNT; t++) {
        size_t count = csv_table_width((csv_table)t);
        for (int en = 0; t != CSV_TABLE_FULL && en < 2 && count == r->cell_count; en++) {
            size_t i = 0;
            while (i < count && same_name(csv_table_header((csv_table)t, i, en), &r->cells[i]))
                i++;
            if (i == count) {
                fail(r, BC_ERR_DATA, r->row_line,
                     "this is the %s table (-O table=%s): only the full table "
                     "(-O table=full) carries whole records and can be read back",
                     csv_table_name((csv_table)t), csv_table_name((csv_table)t));
                return true;
            }
        }
    }
    return false;
}

/* Maps the header's columns, in either language and any order, to full's. */
static void read_header(csv_reader *r)
{
    if (other_table(r))
        return;
    for (size_t j = 0; j < r->ncols; j++)
        r->pos_of[j] = SIZE_MAX;
    for (size_t i = 0; i < r->cell_count; i++) {
        const cell *c = &r->cells[i];
        size_t j = 0;
        while (j < r->ncols && !same_name(csv_column_name(&r->cols[j], false), c) &&
               !same_name(csv_column_name(&r->cols[j], true), c))
            j++;
        if (j == r->ncols) {
            fail(r, BC_ERR_DATA, r->row_line,
                 "unknown column '%.40s' (-f csv reads what -t csv -O table=full writes)",
                 c->data);
            return;
        }
        if (r->pos_of[j] != SIZE_MAX) {
            fail(r, BC_ERR_DATA, r->row_line, "column '%.40s' appears twice", c->data);
            return;
        }
        r->pos_of[j] = i;
    }
    for (size_t j = 0; j < r->ncols; j++) {
        if (r->pos_of[j] == SIZE_MAX) {
            fail(r, BC_ERR_DATA, r->row_line, "no column %s (%s): not a full table",
                 csv_column_name(&r->cols[j], false), csv_column_name(&r->cols[j], true));
            return;
        }
    }
    r->first = calloc(r->cell_count, sizeof *r->first);
    if (r->first == NULL) {
        fail(r, BC_ERR_NOMEM, 0, "out of memory");
        return;
    }
    r->first_cap = r->cell_count;
    r->width = r->cell_count;
}

/* The full table's column of csv's own `kind`. */
static size_t own_column(const csv_reader *r, csv_col_kind kind)
{
    size_t j = 0;
    while (j < r->ncols && r->cols[j].kind != kind)
        j++;
    return j;
}

/* The full table's column of shared cells of `kind` (and `arg`). */
static size_t cell_column(const csv_reader *r, bc_column_kind kind, int arg)
{
    size_t j = 0;
    while (j < r->ncols && !(r->cols[j].kind == COL_CELL && r->cols[j].cell.kind == kind &&
                             r->cols[j].cell.arg == arg))
        j++;
    return j;
}

static const cell *cell_of(const csv_reader *r, size_t col)
{
    return &r->cells[r->pos_of[col]];
}

static const char *col_name(const csv_reader *r, size_t col)
{
    return csv_column_name(&r->cols[col], false);
}

static bool blank(const cell *c)
{
    return c->null || c->len == 0;
}

/* The text a cell stands for, without the formula guard; NULL for null. */
static const char *text_of(const csv_reader *r, const cell *c, size_t *len)
{
    if (c->null)
        return NULL;
    size_t skip = !r->raw && csv_has_guard(c->data, c->len);
    *len = c->len - skip;
    return c->data + skip;
}

static bool amount_of(csv_reader *r, size_t col, int64_t *out)
{
    const cell *c = cell_of(r, col);
    *out = BC_AMOUNT_NULL;
    if (blank(c))
        return true;
    if (bc_amount_parse(c->data, c->len, out) && *out != BC_AMOUNT_NULL)
        return true;
    bad_record(r, "column %s: '%.*s' is not an amount", col_name(r, col),
         c->len > 40 ? 40 : (int)c->len, c->data);
    return false;
}

/* A text cell as a new string (NULL for null); `*ok` turns false on error. */
static char *dup_text(csv_reader *r, size_t col, bool *ok)
{
    size_t len = 0;
    const char *s = text_of(r, cell_of(r, col), &len);
    if (s == NULL || !*ok)
        return NULL;
    char *copy = bc_strndup(s, len);
    if (copy == NULL) {
        fail(r, BC_ERR_NOMEM, 0, "out of memory");
        *ok = false;
    }
    return copy;
}

static bc_status set_list(csv_reader *r, bc_list_field l, const cell *c)
{
    size_t len = 0;
    const char *s = text_of(r, c, &len);
    if (s == NULL)
        return BC_OK;
    for (;;) {
        const char *nl = memchr(s, '\n', len);
        size_t n = nl != NULL ? (size_t)(nl - s) : len;
        char *item = bc_strndup(s, n);
        bc_status st = item != NULL ? bc_record_list_append(&r->cur, l, item) : BC_ERR_NOMEM;
        free(item);
        if (st != BC_OK || nl == NULL)
            return st;
        s = nl + 1;
        len -= n + 1;
    }
}

/* Fills the record-level fields of r->cur from the current row. */
static bool read_record_fields(csv_reader *r)
{
    int64_t total[3];
    bool ok = true;
    for (size_t j = 0; ok && j < r->ncols; j++) {
        const csv_column *col = &r->cols[j];
        const cell *c = cell_of(r, j);
        size_t len = 0;
        const char *s;
        bc_status st = BC_OK;
        if (col->kind == COL_FISCAL_YEAR)
            ok = amount_of(r, j, &r->cur.fiscal_year);
        if (col->kind != COL_CELL)
            continue;
        switch (col->cell.kind) {
        case BC_COL_NO:
            ok = amount_of(r, j, &r->cur.no);
            break;
        case BC_COL_TEXT:
            s = text_of(r, c, &len);
            if (s != NULL)
                st = bc_record_set_textn(&r->cur, (bc_text_field)col->cell.arg, s, len);
            break;
        case BC_COL_LIST:
            st = set_list(r, (bc_list_field)col->cell.arg, c);
            break;
        case BC_COL_TOTAL:
            ok = amount_of(r, j, &total[col->cell.arg]);
            break;
        default:
            break;
        }
        if (st != BC_OK) {
            fail(r, st, 0, "out of memory");
            ok = false;
        }
    }
    if (ok) {
        r->cur.total.requested = total[BC_A_REQUESTED];
        r->cur.total.budgeted = total[BC_A_BUDGETED];
        r->cur.total.budgeted_specific = total[BC_A_BUDGETED_SPECIFIC];
    }
    return ok;
}

/* A later row of a record must repeat the record's cells exactly: a
 * spreadsheet edit that changed one row only is an error, not a guess. */
static bool same_record(csv_reader *r)
{
    for (size_t j = 0; j < r->ncols; j++) {
        if (csv_column_scope(&r->cols[j]) != CSV_SCOPE_RECORD)
            continue;
        const cell *a = cell_of(r, j), *b = &r->first[r->pos_of[j]];
        if (a->null != b->null || a->len != b->len || memcmp(a->data, b->data, a->len) != 0) {
            bad_record(r,
                 "column %s differs from the record's first row (line %ld); "
                 "a record's rows must agree, and a new record starts at %s 1",
                 col_name(r, j), r->first_line, col_name(r, own_column(r, COL_SEQ)));
            return false;
        }
    }
    return true;
}

/* Line-item cells belong on line_item rows only, funding cells on funding
 * rows only. */
static bool columns_fit_row(csv_reader *r, csv_row_kind kind)
{
    for (size_t j = 0; j < r->ncols; j++) {
        csv_scope scope = csv_column_scope(&r->cols[j]);
        bool allowed = (scope != CSV_SCOPE_LINE_ITEM || kind == CSV_ROW_LINE_ITEM) &&
                       (scope != CSV_SCOPE_FUNDING || kind == CSV_ROW_FUNDING);
        if (!allowed && !blank(cell_of(r, j))) {
            bad_record(r, "column %s must be empty on a %s row",
                 col_name(r, j), csv_row_kind_name(kind));
            return false;
        }
    }
    return true;
}

static bool read_line_item(csv_reader *r)
{
    size_t kind_col = cell_column(r, BC_COL_ITEM_KIND, 0);
    const cell *kc = cell_of(r, kind_col);
    bc_item_kind kind;
    if (same_name("subtotal", kc))
        kind = BC_ITEM_SUBTOTAL;
    else if (same_name("item", kc))
        kind = BC_ITEM_ITEM;
    else {
        bad_record(r, "column %s: '%.40s' is neither subtotal nor item",
             col_name(r, kind_col), kc->data);
        return false;
    }
    int64_t a[3];
    bool ok = true;
    for (int i = BC_A_REQUESTED; ok && i <= BC_A_BUDGETED_SPECIFIC; i++)
        ok = amount_of(r, cell_column(r, BC_COL_ITEM_AMOUNT, i), &a[i]);
    char *group = dup_text(r, cell_column(r, BC_COL_ITEM_GROUP, 0), &ok);
    char *label = dup_text(r, cell_column(r, BC_COL_ITEM_LABEL, 0), &ok);
    if (ok && bc_record_add_line_item(&r->cur, kind, group, label, a[BC_A_REQUESTED],
                                      a[BC_A_BUDGETED], a[BC_A_BUDGETED_SPECIFIC]) != BC_OK) {
        fail(r, BC_ERR_NOMEM, 0, "out of memory");
        ok = false;
    }
    free(group);
    free(label);
    return ok;
}

static bool read_funding(csv_reader *r)
{
    size_t sc = cell_column(r, BC_COL_FUND_SOURCE, 0);
    bc_fund_source source;
    if (blank(cell_of(r, sc)) || !bc_fund_source_from_key(cell_of(r, sc)->data, &source)) {
        bad_record(r,
             "column %s: '%.40s' is not national, metropolitan, other_specific or general",
             col_name(r, sc), cell_of(r, sc)->data);
        return false;
    }
    int64_t amount;
    bool ok = amount_of(r, cell_column(r, BC_COL_FUND_AMOUNT, 0), &amount);
    char *label = dup_text(r, own_column(r, COL_FUND_LABEL), &ok);
    char *detail = dup_text(r, cell_column(r, BC_COL_FUND_DETAIL, 0), &ok);
    if (ok && bc_record_add_funding(&r->cur, source, label, detail, amount) != BC_OK) {
        fail(r, BC_ERR_NOMEM, 0, "out of memory");
        ok = false;
    }
    free(label);
    free(detail);
    return ok;
}

/* Keeps the first row of a record (by swapping buffers, not copying). */
static void keep_first_row(csv_reader *r)
{
    cell *t = r->first;
    size_t cap = r->first_cap;
    r->first = r->cells;
    r->first_cap = r->cells_cap;
    r->cells = t;
    r->cells_cap = cap;
    r->first_line = r->row_line;
}

/* The record in progress is complete: hand it (or its error) to next(). */
static void close_record(csv_reader *r)
{
    if (r->cur_bad) {
        r->done_error = r->cur_error;
        r->bad_ready = true;
        bc_record_clear(&r->cur);
    } else {
        r->done = r->cur;
        r->ready = true;
    }
    bc_record_init(&r->cur);
    r->cur_open = false;
    r->cur_bad = false;
}

/* Notes where row `seq` of the current record is, for naming a repeat. */
static bool note_row(csv_reader *r, int64_t seq)
{
    long *lines = bc_grow(r->seq_lines, &r->seq_lines_cap, (size_t)seq, sizeof *lines);
    if (lines == NULL) {
        fail(r, BC_ERR_NOMEM, 0, "out of memory");
        return false;
    }
    r->seq_lines = lines;
    r->seq_lines[seq - 1] = r->row_line;
    return true;
}

static bool start_record(csv_reader *r, csv_row_kind kind)
{
    r->cur_open = true;
    r->cur_kind = kind;
    r->last_seq = 1;
    if (!note_row(r, 1))
        return false;
    if (bc_record_set_source(&r->cur, r->name, r->row_line) != BC_OK) {
        fail(r, BC_ERR_NOMEM, 0, "out of memory");
        return false;
    }
    if (!read_record_fields(r))
        return false;
    if (r->cur.no == BC_AMOUNT_NULL)
        return true;
    bc_no_place first, here = {0, r->row_line};
    bool oom;
    if (bc_no_set_add(r->seen, r->cur.fiscal_year, r->cur.no, here, &first, &oom)) {
        bad_record(r, "NO %lld starts again: the record's rows are given twice; first at line %ld",
                   (long long)r->cur.no, first.line);
        return false;
    }
    if (oom)
        fail(r, BC_ERR_NOMEM, 0, "out of memory");
    return !oom;
}

static bool continue_record(csv_reader *r, csv_row_kind kind, int64_t seq)
{
    const char *seq_name = col_name(r, own_column(r, COL_SEQ));
    if (!r->cur_open) {
        bad_record(r, "%s %lld comes before its record's %s 1", seq_name, (long long)seq, seq_name);
        return false;
    }
    if (seq <= r->last_seq) {
        bad_record(r, "NO %lld %s %lld again: line %ld has it already", (long long)r->cur.no,
                   seq_name, (long long)seq, r->seq_lines[seq - 1]);
        return false;
    }
    if (seq != r->last_seq + 1) {
        bad_record(r, "%s %lld follows %s %lld: rows are missing or out of order", seq_name,
                   (long long)seq, seq_name, (long long)r->last_seq);
        return false;
    }
    if (kind == CSV_ROW_RECORD || r->cur_kind == CSV_ROW_RECORD) {
        bad_record(r, "a record row stands alone: a record with line items or funding has none");
        return false;
    }
    r->last_seq = seq;
    return note_row(r, seq) && same_record(r);
}

/* The row's seq when it reads as one (its cell may be missing from a row
 * of the wrong width), else 0. */
static int64_t row_seq(const csv_reader *r)
{
    size_t pos = r->pos_of[own_column(r, COL_SEQ)];
    int64_t seq;
    if (pos >= r->cell_count || !bc_amount_parse(r->cells[pos].data, r->cells[pos].len, &seq))
        return 0;
    return seq;
}

static void read_row(csv_reader *r)
{
    /* the rest of a bad record is skipped unread; a first row ends it */
    bool first = row_seq(r) == 1;
    if (r->cur_bad && !first)
        return;
    if (first && r->cur_open)
        close_record(r);
    if (r->row_too_wide) {
        bad_record(r, "row has more columns than the header's %zu", r->width);
        return;
    }
    if (r->cell_count != r->width) {
        bad_record(r, "row has %zu columns, the header %zu", r->cell_count, r->width);
        return;
    }
    size_t rc = own_column(r, COL_ROW), sc = own_column(r, COL_SEQ);
    csv_row_kind kind;
    int64_t seq;
    if (!csv_row_kind_from_name(cell_of(r, rc)->data, cell_of(r, rc)->len, &kind)) {
        bad_record(r, "column %s: '%.40s' is not record, line_item or funding", col_name(r, rc),
                   cell_of(r, rc)->data);
        return;
    }
    if (!amount_of(r, sc, &seq))
        return;
    if (seq == BC_AMOUNT_NULL || seq < 1 || seq > MAX_ROWS_PER_RECORD) {
        bad_record(r, "column %s: '%.40s' is not a row number from 1 to %d", col_name(r, sc),
                   cell_of(r, sc)->data, MAX_ROWS_PER_RECORD);
        return;
    }
    bool ok = seq == 1 ? start_record(r, kind) : continue_record(r, kind, seq);
    ok = ok && columns_fit_row(r, kind);
    if (ok && kind == CSV_ROW_LINE_ITEM)
        ok = read_line_item(r);
    if (ok && kind == CSV_ROW_FUNDING)
        ok = read_funding(r);
    if (ok && seq == 1)
        keep_first_row(r);
}

static void on_row(int c, void *data)
{
    csv_reader *r = data;
    r->next_line = r->line + 1;
    if (r->status != BC_OK)
        return;
    if (r->width == 0) {
        r->crlf = c == '\r';
        read_header(r);
    }
    else
        read_row(r);
    r->cell_count = 0;
    r->row_too_wide = false;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

/* Reads the next chunk; the first one loses its UTF-8 BOM. */
static bc_status refill(csv_reader *r)
{
    size_t got = 0;
    r->pos = r->end = 0;
    do {
        bc_status st = bc_input_read(r->in, r->chunk + r->end, sizeof r->chunk - r->end, &got,
                                     r->err);
        if (st != BC_OK)
            return r->status = st;
        r->end += got;
    } while (!r->started && got > 0 && r->end < 3);
    if (!r->started && r->end >= 3 && memcmp(r->chunk, "\xEF\xBB\xBF", 3) == 0)
        r->pos = 3;
    r->started = true;
    r->eof = got == 0 && r->end == 0;
    return BC_OK;
}

static void finish(csv_reader *r)
{
    r->finished = true;
    if (csv_fini(&r->parser, on_field, on_row, r) != 0)
        fail(r, BC_ERR_DATA, r->cell_count > 0 ? r->row_line : r->next_line,
             "unterminated quoted field: a \" opens a cell that never closes");
}

/* Feeds libcsv one line (or what is left of the chunk). */
static bc_status feed(csv_reader *r)
{
    if (r->pos == r->end) {
        if (refill(r) != BC_OK)
            return r->status;
        if (r->eof) {
            finish(r);
            return r->status;
        }
        if (r->pos == r->end)
            return BC_OK; /* the chunk held only a BOM */
    }
    const unsigned char *seg = r->chunk + r->pos;
    size_t len = 0, avail = r->end - r->pos;
    while (len < avail && seg[len] != '\n' && seg[len] != '\r')
        len++;
    len += len < avail;
    size_t used = csv_parse(&r->parser, seg, len, on_field, on_row, r);
    r->pos += len;
    if (used != len) {
        int e = csv_error(&r->parser);
        if (e == CSV_EPARSE)
            fail(r, BC_ERR_DATA, r->line,
                 "malformed CSV: a quote inside a quoted cell must be doubled (\"\"), "
                 "and a quoted cell must end at a comma or line end");
        else
            fail(r, e == CSV_ENOMEM ? BC_ERR_NOMEM : BC_ERR_DATA, r->line, "libcsv: %s",
                 csv_strerror(e));
    } else if (csv_get_buffer_size(&r->parser) > MAX_CELL_BYTES) {
        fail(r, BC_ERR_DATA, r->line, "a cell is longer than %u bytes", MAX_CELL_BYTES);
    }
    if (seg[len - 1] == '\n')
        r->line++;
    return r->status;
}

static void free_cells(cell *cells, size_t count)
{
    for (size_t i = 0; cells != NULL && i < count; i++)
        free(cells[i].data);
    free(cells);
}

static void csv_close(void *state)
{
    csv_reader *r = state;
    if (r == NULL)
        return;
    csv_free(&r->parser);
    free_cells(r->cells, r->cells_cap);
    free_cells(r->first, r->first_cap);
    free(r->pos_of);
    free(r->seq_lines);
    bc_no_set_free(r->seen);
    bc_record_clear(&r->cur);
    bc_record_clear(&r->done);
    free(r);
}

static bc_status csv_open(void **state, bc_input *in, bc_context *ctx, bc_error *err)
{
    bc_status st = bc_input_set_encoding(in, bc_context_option(ctx, "encoding"), err);
    if (st != BC_OK)
        return st;
    csv_reader *r = calloc(1, sizeof *r);
    if (r == NULL)
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    bc_record_init(&r->cur);
    bc_record_init(&r->done);
    r->in = in;
    r->name = bc_input_name(in);
    r->err = err;
    r->raw = bc_context_flag(ctx, "raw");
    r->line = 1;
    r->next_line = 1;
    r->cols = csv_full_columns(&r->ncols);
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL) != 0 ||
        (r->pos_of = calloc(r->ncols, sizeof *r->pos_of)) == NULL ||
        (r->seen = bc_no_set_new()) == NULL) {
        csv_close(r);
        return bc_error_set(err, BC_ERR_NOMEM, NULL, 0, "out of memory");
    }
    csv_set_space_func(&r->parser, no_space);
    while (r->status == BC_OK && r->width == 0 && !r->finished)
        feed(r);
    if (r->status == BC_OK && r->width == 0)
        bc_error_set(err, r->status = BC_ERR_DATA, r->name, 0, "no header row: empty CSV");
    if (r->status != BC_OK) {
        st = r->status;
        csv_close(r);
        return st;
    }
    *state = r;
    return BC_OK;
}

static bc_status csv_next(void *state, bc_record *rec, bc_error *err)
{
    csv_reader *r = state;
    r->err = err;
    while (r->status == BC_OK && !r->ready && !r->bad_ready && !r->finished)
        feed(r);
    if (r->status != BC_OK)
        return r->status;
    if (!r->ready && !r->bad_ready && r->cur_open)
        close_record(r); /* the last record ends with the input */
    if (r->bad_ready) {
        *err = r->done_error;
        r->bad_ready = false;
        return BC_BAD_RECORD;
    }
    if (!r->ready)
        return BC_END;
    *rec = r->done;
    bc_record_init(&r->done);
    r->ready = false;
    return BC_OK;
}

/* True when `s` names a column of any table, in either language. */
static bool known_column(const char *s, size_t len, bool *row_column)
{
    size_t count;
    const csv_column *full = csv_full_columns(&count);
    for (int t = 0; t < CSV_TABLE_COUNT; t++) {
        for (size_t i = 0; i < csv_table_width((csv_table)t); i++) {
            for (int en = 0; en < 2; en++) {
                const char *name = csv_table_header((csv_table)t, i, en);
                if (strlen(name) == len && memcmp(name, s, len) == 0) {
                    *row_column = *row_column || (t == CSV_TABLE_FULL && full[i].kind == COL_ROW);
                    return true;
                }
            }
        }
    }
    return false;
}

/* A header row of budgetconv's column names (quoted or not) is ours: sure
 * for the full table, likely for the others, which open() then refuses
 * with a message that says why. */
static int csv_probe(const unsigned char *head, size_t len)
{
    const char *s = (const char *)head;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3, len -= 3;
    const char *nl = memchr(s, '\n', len);
    size_t line = nl != NULL ? (size_t)(nl - s) : len;
    if (line > 0 && s[line - 1] == '\r')
        line--;
    size_t cells = 0;
    bool row_column = false;
    for (size_t at = 0; at <= line; cells++) {
        const char *c = s + at, *comma = memchr(c, ',', line - at);
        size_t width = comma != NULL ? (size_t)(comma - c) : line - at, n = width;
        if (n >= 2 && c[0] == '"' && c[n - 1] == '"')
            c++, n -= 2;
        if (!known_column(c, n, &row_column))
            return BC_PROBE_NO;
        at += width + 1;
    }
    if (cells < 3)
        return BC_PROBE_NO;
    return row_column ? BC_PROBE_SURE : BC_PROBE_LIKELY;
}

const bc_importer bc_csv_importer = BC_IMPORTER(
    .probe = csv_probe,
    .open = csv_open,
    .next = csv_next,
    .close = csv_close);
