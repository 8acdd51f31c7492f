/* budgetconv: the command-line driver.  Parses arguments, loads the plugins
 * and hands over to bc_convert(); the only code that prints or exits. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <budgetconv/budgetconv.h>
#include <budgetconv/text.h>

#include "convert.h"
#include "input.h"
#include "progress_line.h"
#include "registry.h"
#include "suggest.h"

static void usage(FILE *fp)
{
    fputs("Usage: budgetconv [OPTION]... [-f FROM] [-t TO] [-o OUT] [INPUT]...\n"
          "  or:  budgetconv [OPTION]... -t TO --output-dir DIR INPUT...\n"
          "Convert budget-request sheets (予算要求事業概要書) between formats.\n"
          "\n"
          "  -f, --from=FORMAT      input format (default: guessed from content and name)\n"
          "  -t, --to=FORMAT        output format (default: from the extension of -o)\n"
          "  -o, --output=FILE      write to FILE ('-' or none: standard output)\n"
          "      --output-dir=DIR   write each INPUT to DIR/<its name>.<ext> (DIR is made)\n"
          "  -O, --option=KEY[=VAL] format option (see --help-format FORMAT); a KEY both\n"
          "                         formats take needs from.KEY (input) or to.KEY (output)\n"
          "      --check            report arithmetic mismatches in each record\n"
          "      --strict           fail (exit 65) on any warning, writing nothing\n"
          "  -k, --keep-going       go on past a failed input; exit with the worst status\n"
          "      --plugin-dir=DIR   look for format plugins in DIR first (repeatable)\n"
          "      --list-formats     list the formats and what they can do\n"
          "      --help-format=FMT  describe a format and its options\n"
          "  -q, --quiet            print no warnings, summary or progress\n"
          "  -v, --verbose          say what was done\n"
          "  -h, --help             show this help\n"
          "  -V, --version          show the version\n"
          "\n"
          "With no INPUT, or when INPUT is '-', read standard input.  Several inputs\n"
          "are converted into one output, unless --output-dir is given.  The text of a\n"
          "PDF comes from pdf2txt (Debian package python3-pdfminer):\n"
          "  pdf2txt -o book.txt book.pdf\n"
          "Plugins are searched in --plugin-dir, then $BUDGETCONV_PLUGIN_PATH\n"
          "(colon-separated), then in\n"
          "  " BC_PLUGIN_INSTALL_DIR "\n"
          "\n"
          "Examples:\n"
          "  budgetconv -o budget.xlsx samples/minato-r2-059-068.txt\n"
          "  budgetconv -t csv -O table=items -O bom book.txt > items.csv\n"
          "  budgetconv -t json --check --strict book.txt\n"
          "  budgetconv -t xlsx --output-dir out --keep-going books/*.txt\n"
          "\n"
          "Exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input,\n"
          "69 format unavailable, 71 out of memory, 73 cannot create output,\n"
          "74 I/O error.\n"
          "See budgetconv(1) for more.\n",
          fp);
}

/*
 * Every message goes to standard error as one line "budgetconv: …".  File
 * names, option arguments and what the inputs say are the user's bytes: a
 * control character among them (a newline in a file name, a terminal's
 * escape sequence) is written as \xHH, so that it can neither make a line
 * of its own that a script would take for another message nor drive the
 * terminal.
 */
static void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void diag(const char *fmt, ...)
{
    char small[1024], *line = small;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof small && (line = malloc((size_t)n + 1)) != NULL) {
        va_start(ap, fmt);
        vsnprintf(line, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    if (line == NULL)
        line = small; /* out of memory: the message cut short */
    fputs("budgetconv: ", stderr);
    for (const unsigned char *c = (const unsigned char *)line; *c != '\0'; c++) {
        if (*c < 0x20 || *c == 0x7F)
            fprintf(stderr, "\\x%02X", *c);
        else
            putc(*c, stderr);
    }
    putc('\n', stderr);
    if (line != small)
        free(line);
}

/* The progress line on the screen, if any: every message clears it first. */
static void print_error(bc_progress_line *pl, const bc_error *err)
{
    bc_progress_line_clear(pl);
    if (err->file[0] != '\0' && err->line > 0)
        diag("%s:%ld: %s", err->file, err->line, err->message);
    else if (err->file[0] != '\0')
        diag("%s: %s", err->file, err->message);
    else
        diag("%s", err->message);
}

static void print_report(void *user, const char *line)
{
    bc_progress_line_clear(user);
    diag("%s", line);
}

/* `user` points to whether -q was given: a refused plugin is a warning
 * like any other. */
static void print_registry_warning(void *user, const char *path, const char *message)
{
    if (!*(const bool *)user)
        diag("%s: warning: %s", path, message);
}

static bc_registry *load_plugins(char **dirs, size_t ndirs, bool *quiet, bc_error *err)
{
    bc_registry *reg = bc_registry_new(print_registry_warning, quiet, err);
    if (reg == NULL)
        return NULL;
    bc_status st = BC_OK;
    for (size_t i = 0; st == BC_OK && i < ndirs; i++) {
        /* a path entry may name a directory not made yet; a directory the
         * user named on the command line is surely meant to be there */
        struct stat sb;
        const char *why = stat(dirs[i], &sb) != 0 ? strerror(errno)
                          : !S_ISDIR(sb.st_mode)  ? "not a directory"
                                                  : NULL;
        if (why != NULL) {
            char line[160];
            snprintf(line, sizeof line, "--plugin-dir: %s", why);
            print_registry_warning(quiet, dirs[i], line);
        }
        st = bc_registry_add_dir(reg, dirs[i], err);
    }
    if (st == BC_OK)
        st = bc_registry_add_path(reg, getenv("BUDGETCONV_PLUGIN_PATH"), err);
    if (st == BC_OK)
        st = bc_registry_add_build_tree(reg, err);
    if (st == BC_OK)
        st = bc_registry_add_dir(reg, BC_PLUGIN_INSTALL_DIR, err);
    if (st != BC_OK) {
        bc_registry_free(reg);
        return NULL;
    }
    return reg;
}

/* Prints `text` from column `col` (where the cursor is) wrapped to 80
 * columns, continuation lines indented by `indent`; breaks at a space, or
 * between any two characters of a run without one (Japanese). */
static void print_wrapped(const char *text, size_t col, size_t indent)
{
    const size_t width = 80;
    const char *p = text;
    while (*p != '\0') {
        size_t room = width > col ? width - col : 1, used = 0, len = 0, cut = 0;
        while (p[len] != '\0') {
            size_t n;
            if (bc_utf8_decode(p + len, strlen(p + len), &n) < 0)
                n = 1;
            size_t w = bc_text_display_width(p + len, n, true);
            if (used + w > room)
                break;
            used += w;
            len += n;
            if (p[len] == ' ' || p[len] == '\0')
                cut = len;
        }
        if (p[len] == '\0')
            cut = len;
        else if (cut == 0)
            cut = len > 0 ? len : 1;
        printf("%.*s\n", (int)cut, p);
        p += cut;
        while (*p == ' ')
            p++;
        if (*p != '\0')
            printf("%*s", (int)indent, "");
        col = indent;
    }
    if (p == text)
        printf("\n");
}

/* Where --list-formats starts a description (the header's DESCRIPTION); its
 * continuation lines and the "from PATH" line are indented to it, so that
 * only a format's first line starts at the margin (the completion reads
 * those). */
enum { DESCRIPTION_COLUMN = 35 };

static void list_formats(const bc_registry *reg)
{
    printf("%-10s %-6s %-16s %s\n", "FORMAT", "MODES", "EXTENSIONS", "DESCRIPTION");
    for (size_t i = 0; i < bc_registry_count(reg); i++) {
        const char *path;
        const bc_plugin *p = bc_registry_plugin(reg, i, &path);
        char exts[128] = "";
        size_t o = 0;
        for (const char *const *e = p->extensions; e != NULL && *e != NULL && o < sizeof exts; e++)
            o += (size_t)snprintf(exts + o, sizeof exts - o, "%s%s", o ? "," : "", *e);
        printf("%-10s %c%c     %-16s ", p->name, p->importer ? 'r' : '-',
               p->exporter ? 'w' : '-', exts[0] ? exts : "-");
        print_wrapped(p->description ? p->description : "", DESCRIPTION_COLUMN,
                      DESCRIPTION_COLUMN);
        printf("%*s from %s\n", DESCRIPTION_COLUMN - 1, "", path);
    }
    if (bc_registry_count(reg) == 0)
        printf("(no format plugins found; see --help for where they are searched)\n");
}

static void print_options(const char *title, const bc_option_spec *spec)
{
    printf("\n%s:\n", title);
    if (spec == NULL || spec->key == NULL) {
        printf("  (none)\n");
        return;
    }
    enum { LEFT = 32 };
    for (; spec->key != NULL; spec++) {
        char left[160], help[1200];
        switch (spec->type) {
        case BC_OPT_FLAG: snprintf(left, sizeof left, "-O %s", spec->key); break;
        case BC_OPT_CHOICE: snprintf(left, sizeof left, "-O %s=%s", spec->key, spec->choices); break;
        case BC_OPT_INT: snprintf(left, sizeof left, "-O %s=N", spec->key); break;
        case BC_OPT_STRING: snprintf(left, sizeof left, "-O %s=TEXT", spec->key); break;
        }
        snprintf(help, sizeof help, "%s%s%s%s", spec->help ? spec->help : "",
                 spec->default_value != NULL && spec->type != BC_OPT_FLAG ? " (default: " : "",
                 spec->default_value != NULL && spec->type != BC_OPT_FLAG ? spec->default_value : "",
                 spec->default_value != NULL && spec->type != BC_OPT_FLAG ? ")" : "");
        /* A long left side gets the help on the lines below it. */
        if (strlen(left) + 2 >= LEFT) {
            printf("  %s\n%*s", left, LEFT + 1, "");
        } else {
            printf("  %-*s ", LEFT - 2, left);
        }
        print_wrapped(help, LEFT + 1, LEFT + 1);
    }
}

static int help_format(const bc_registry *reg, const char *name, bc_progress_line *pl)
{
    const bc_plugin *p = bc_registry_find(reg, name);
    if (p == NULL) {
        bc_error err;
        bc_unknown_format(reg, NULL, name, &err);
        print_error(pl, &err);
        return BC_ERR_UNAVAILABLE;
    }
    printf("%s: ", p->name);
    print_wrapped(p->description ? p->description : "", strlen(p->name) + 2, 2);
    printf("reads: %s, writes: %s\n", p->importer ? "yes" : "no", p->exporter ? "yes" : "no");
    printf("extensions:");
    for (const char *const *e = p->extensions; e != NULL && *e != NULL; e++)
        printf(" .%s", *e);
    printf("\n");
    if (p->importer)
        print_options("Input options", p->import_options);
    if (p->exporter)
        print_options("Output options", p->export_options);
    return 0;
}

/* Appends `s` to a growable argv-style array; exits on out of memory, which
 * is the driver's to do. */
static void push(char ***arr, size_t *n, char *s)
{
    char **p = realloc(*arr, (*n + 1) * sizeof **arr);
    if (p == NULL) {
        diag("out of memory");
        exit(BC_ERR_NOMEM);
    }
    p[(*n)++] = s;
    *arr = p;
}

enum { OPT_CHECK = 256, OPT_STRICT, OPT_PLUGIN_DIR, OPT_LIST, OPT_HELP_FORMAT, OPT_OUTPUT_DIR };

static const char short_options[] = ":f:t:o:O:kqvhV";
static const struct option long_options[] = {
    {"from", required_argument, NULL, 'f'},
    {"to", required_argument, NULL, 't'},
    {"output", required_argument, NULL, 'o'},
    {"output-dir", required_argument, NULL, OPT_OUTPUT_DIR},
    {"option", required_argument, NULL, 'O'},
    {"check", no_argument, NULL, OPT_CHECK},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"keep-going", no_argument, NULL, 'k'},
    {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
    {"list-formats", no_argument, NULL, OPT_LIST},
    {"help-format", required_argument, NULL, OPT_HELP_FORMAT},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, 'V'},
    {NULL, 0, NULL, 0},
};

/* getopt's own messages would name the binary by its path (libtool's
 * .libs/lt-budgetconv when run from the build tree) and suggest nothing:
 * the driver says what went wrong itself.  `arg` is the argument getopt
 * stopped at, `c` what it returned. */
static void option_error(int c, const char *arg)
{
    size_t count = sizeof long_options / sizeof *long_options - 1;
    if (optopt > 0 && optopt < 256 && c == '?' && strchr(short_options + 1, optopt) == NULL) {
        diag("unknown option '-%c'", optopt);
        return;
    }
    if (c == ':' && optopt > 0 && optopt < 256 && strncmp(arg, "--", 2) != 0) {
        diag("option '-%c' needs an argument", optopt);
        return;
    }
    size_t len = strcspn(arg + 2, "=");
    const char *names[sizeof long_options / sizeof *long_options];
    size_t matches = 0;
    char possible[512] = "";
    for (size_t i = 0; i < count; i++) {
        names[i] = long_options[i].name;
        if (strncmp(long_options[i].name, arg + 2, len) == 0 && len > 0) {
            size_t o = strlen(possible);
            snprintf(possible + o, sizeof possible - o, " --%s", long_options[i].name);
            matches++;
        }
    }
    if (c == ':') {
        diag("option '%.*s' needs an argument", (int)len + 2, arg);
    } else if (optopt != 0 && arg[2 + len] == '=') {
        diag("option '%.*s' takes no argument", (int)len + 2, arg);
    } else if (matches > 1) {
        diag("option '%.*s' is ambiguous; possibilities:%s",
                (int)len + 2, arg, possible);
    } else {
        char typed[128];
        snprintf(typed, sizeof typed, "%.*s", (int)len, arg + 2);
        const char *guess = bc_suggest(typed, names, count);
        if (guess != NULL)
            diag("unknown option '%.*s'; did you mean --%s?",
                    (int)len + 2, arg, guess);
        else
            diag("unknown option '%.*s'", (int)len + 2, arg);
    }
}

/* "budgetconv: 200 inputs: 199 converted, 1 failed; 1990 records written, 0 warnings" */
static void print_summary(const bc_convert_options *opt, const bc_convert_summary *sum)
{
    size_t rest = opt->input_count - sum->converted - sum->failed;
    fprintf(stderr, "budgetconv: %zu inputs: %zu converted, %zu failed", opt->input_count,
            sum->converted, sum->failed);
    if (rest > 0)
        fprintf(stderr, ", %zu not converted", rest);
    fprintf(stderr, "; %zu record%s written, %zu warning%s\n", sum->records,
            sum->records == 1 ? "" : "s", sum->warnings, sum->warnings == 1 ? "" : "s");
}

/* A closed standard output or error would be taken by the next file the run
 * opens: the temporary copy of standard output would then be written into
 * itself and lost with exit 0, and messages would land in an output file.
 * As bc_input_hold_stdin() does for fd 0, each is held with /dev/null:
 * read-only for fd 1, so that writing there fails (EBADF) as writing to a
 * closed descriptor does, and write-only for fd 2, so messages go nowhere,
 * as asked. */
static void hold_fd(int fd, int flags)
{
    if (fcntl(fd, F_GETFD) == -1 && errno == EBADF) {
        int got = open("/dev/null", flags);
        if (got >= 0 && got != fd)
            close(got); /* fd is in use after all: leave it */
    }
}

/* What --help, --version, --list-formats and --help-format printed must
 * have reached standard output: a write error there is the run's error. */
static int flush_stdout(int status)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        diag("<stdout>: write error: %s",
                errno != 0 ? strerror(errno) : "unknown error");
        return status != 0 ? status : BC_ERR_IO;
    }
    return status;
}

static int usage_error(const char *message)
{
    if (message != NULL)
        diag("%s", message);
    fputs("Try 'budgetconv --help' for more information.\n", stderr);
    return BC_ERR_USAGE;
}

int main(int argc, char **argv)
{
    bc_input_hold_stdin();
    hold_fd(STDOUT_FILENO, O_RDONLY);
    hold_fd(STDERR_FILENO, O_WRONLY);
    bc_convert_options opt = {0};
    char **dirs = NULL;
    size_t ndirs = 0;
    bool list = false;
    const char *format_help = NULL;
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, short_options, long_options, NULL)) != -1) {
        switch (c) {
        case 'f': opt.from = optarg; break;
        case 't': opt.to = optarg; break;
        case 'o': opt.output = optarg; break;
        case OPT_OUTPUT_DIR: opt.output_dir = optarg; break;
        case 'O': push(&opt.options, &opt.option_count, optarg); break;
        case OPT_CHECK: opt.check = true; break;
        case OPT_STRICT: opt.strict = true; break;
        case 'k': opt.keep_going = true; break;
        case OPT_PLUGIN_DIR: push(&dirs, &ndirs, optarg); break;
        case OPT_LIST: list = true; break;
        case OPT_HELP_FORMAT: format_help = optarg; break;
        case 'q': opt.quiet = true; break;
        case 'v': opt.verbose++; break;
        case 'h': usage(stdout); return flush_stdout(0);
        case 'V':
            printf("budgetconv %s (plugin ABI %d.%d)\n", bc_version(), BC_ABI_MAJOR, BC_ABI_MINOR);
            return flush_stdout(0);
        default:
            option_error(c, argv[optind - 1]);
            free(opt.options);
            free(dirs);
            return usage_error(NULL);
        }
    }
    for (int i = optind; i < argc; i++)
        push(&opt.inputs, &opt.input_count, argv[i]);
    const char *misuse = NULL;
    if (opt.output != NULL && opt.output_dir != NULL)
        misuse = "-o and --output-dir exclude each other: one output, or one per input";
    else if (opt.output != NULL && opt.output[0] == '\0')
        misuse = "-o needs a file name ('-' for standard output)";
    else if (opt.output_dir != NULL && opt.output_dir[0] == '\0')
        misuse = "--output-dir needs a directory name ('.' for this one)";
    else if (!list && format_help == NULL && opt.input_count == 0 && isatty(STDIN_FILENO))
        misuse = "no input file (use '-' for standard input)";
    if (misuse != NULL) {
        free(opt.options);
        free(opt.inputs);
        free(dirs);
        return usage_error(misuse);
    }
    /* As pandoc and csvkit do: no INPUT reads a pipe or a redirected file. */
    static char dash[] = "-";
    if (opt.input_count == 0)
        push(&opt.inputs, &opt.input_count, dash);
    opt.output_is_tty = opt.output_dir == NULL &&
                        (opt.output == NULL || strcmp(opt.output, "-") == 0) &&
                        isatty(STDOUT_FILENO);
    bc_progress_line progress;
    bc_progress_line_init(&progress, stderr);
    if (!opt.quiet && isatty(STDERR_FILENO)) {
        opt.progress = bc_progress_line_update;
        opt.progress_user = &progress;
    }

    bc_error err;
    bc_error_clear(&err);
    int status = 0;
    bc_registry *reg = load_plugins(dirs, ndirs, &opt.quiet, &err);
    if (reg == NULL) {
        print_error(&progress, &err);
        status = err.code;
    } else if (list) {
        list_formats(reg);
        status = flush_stdout(status);
    } else if (format_help != NULL) {
        status = flush_stdout(help_format(reg, format_help, &progress));
    } else {
        bc_convert_summary sum;
        if (bc_convert(reg, &opt, print_report, &progress, &sum, &err) != BC_OK) {
            status = err.code;
            if (err.message[0] != '\0')
                print_error(&progress, &err);
            if (status == BC_ERR_USAGE)
                fputs("Try 'budgetconv --help' for more information.\n", stderr);
        }
        bc_progress_line_clear(&progress);
        if (opt.input_count > 1 && !opt.quiet && status != BC_ERR_USAGE)
            print_summary(&opt, &sum);
    }
    bc_registry_free(reg);
    free(opt.options);
    free(opt.inputs);
    free(dirs);
    return status;
}
