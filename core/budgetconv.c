/* budgetconv: the command-line driver.  Parses arguments, loads the plugins
 * and hands over to bc_convert(); the only code that prints or exits. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <budgetconv/budgetconv.h>

#include "convert.h"
#include "registry.h"

static void usage(FILE *fp)
{
    fputs("Usage: budgetconv [OPTION]... [-f FROM] [-t TO] [-o OUT] INPUT...\n"
          "Convert budget-request summary sheets (予算要求事業概要書) between formats.\n"
          "\n"
          "  -f, --from=FORMAT      input format (default: guessed from content and name)\n"
          "  -t, --to=FORMAT        output format (default: from the extension of -o)\n"
          "  -o, --output=FILE      write to FILE ('-' or none: standard output)\n"
          "  -O, --option=KEY[=VAL] format option (see --help-format FORMAT)\n"
          "      --check            report arithmetic mismatches in each record\n"
          "      --strict           fail (exit 65) on any warning, writing nothing\n"
          "      --plugin-dir=DIR   look for format plugins in DIR first (repeatable)\n"
          "      --list-formats     list the formats and what they can do\n"
          "      --help-format=FMT  describe a format and its options\n"
          "  -q, --quiet            do not print warnings\n"
          "  -v, --verbose          say what was done\n"
          "  -h, --help             show this help\n"
          "  -V, --version          show the version\n"
          "\n"
          "INPUT '-' is standard input.  Several inputs are converted into one output.\n"
          "Plugins are searched in --plugin-dir, then $BUDGETCONV_PLUGIN_PATH\n"
          "(colon-separated), then " BC_PLUGIN_INSTALL_DIR ".\n"
          "\n"
          "Examples:\n"
          "  budgetconv -o budget.xlsx samples/minato-r2-059-068.txt\n"
          "  budgetconv -t csv -O table=items -O bom book.txt > items.csv\n"
          "  budgetconv -t json --check --strict book.txt\n"
          "\n"
          "Exit status: 0 ok, 64 usage, 65 bad data, 66 cannot open input,\n"
          "69 format unavailable, 73 cannot create output, 74 I/O error.\n",
          fp);
}

static void print_error(const bc_error *err)
{
    if (err->file[0] != '\0' && err->line > 0)
        fprintf(stderr, "budgetconv: %s:%ld: %s\n", err->file, err->line, err->message);
    else if (err->file[0] != '\0')
        fprintf(stderr, "budgetconv: %s: %s\n", err->file, err->message);
    else
        fprintf(stderr, "budgetconv: %s\n", err->message);
}

static void print_report(void *user, const char *line)
{
    (void)user;
    fprintf(stderr, "budgetconv: %s\n", line);
}

static void print_registry_warning(void *user, const char *path, const char *message)
{
    (void)user;
    fprintf(stderr, "budgetconv: %s: warning: %s\n", path, message);
}

static bc_registry *load_plugins(char **dirs, size_t ndirs, bc_error *err)
{
    bc_registry *reg = bc_registry_new(print_registry_warning, NULL, err);
    if (reg == NULL)
        return NULL;
    bc_status st = BC_OK;
    for (size_t i = 0; st == BC_OK && i < ndirs; i++)
        st = bc_registry_add_dir(reg, dirs[i], err);
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
        printf("%-10s %c%c     %-16s %s\n", p->name, p->importer ? 'r' : '-',
               p->exporter ? 'w' : '-', exts[0] ? exts : "-",
               p->description ? p->description : "");
        printf("%-34s from %s\n", "", path);
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
    for (; spec->key != NULL; spec++) {
        char left[96];
        switch (spec->type) {
        case BC_OPT_FLAG: snprintf(left, sizeof left, "-O %s", spec->key); break;
        case BC_OPT_CHOICE: snprintf(left, sizeof left, "-O %s=%s", spec->key, spec->choices); break;
        case BC_OPT_INT: snprintf(left, sizeof left, "-O %s=N", spec->key); break;
        case BC_OPT_STRING: snprintf(left, sizeof left, "-O %s=TEXT", spec->key); break;
        }
        printf("  %-30s %s", left, spec->help ? spec->help : "");
        if (spec->default_value != NULL && spec->type != BC_OPT_FLAG)
            printf(" (default: %s)", spec->default_value);
        printf("\n");
    }
}

static int help_format(const bc_registry *reg, const char *name)
{
    const bc_plugin *p = bc_registry_find(reg, name);
    if (p == NULL) {
        fprintf(stderr, "budgetconv: unknown format '%s' (see --list-formats)\n", name);
        return BC_ERR_UNAVAILABLE;
    }
    printf("%s: %s\n", p->name, p->description ? p->description : "");
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
        fputs("budgetconv: out of memory\n", stderr);
        exit(BC_ERR_NOMEM);
    }
    p[(*n)++] = s;
    *arr = p;
}

enum { OPT_CHECK = 256, OPT_STRICT, OPT_PLUGIN_DIR, OPT_LIST, OPT_HELP_FORMAT };

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"option", required_argument, NULL, 'O'},
        {"check", no_argument, NULL, OPT_CHECK},
        {"strict", no_argument, NULL, OPT_STRICT},
        {"plugin-dir", required_argument, NULL, OPT_PLUGIN_DIR},
        {"list-formats", no_argument, NULL, OPT_LIST},
        {"help-format", required_argument, NULL, OPT_HELP_FORMAT},
        {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {NULL, 0, NULL, 0},
    };
    bc_convert_options opt = {0};
    char **dirs = NULL;
    size_t ndirs = 0;
    bool list = false;
    const char *format_help = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "f:t:o:O:qvhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': opt.from = optarg; break;
        case 't': opt.to = optarg; break;
        case 'o': opt.output = optarg; break;
        case 'O': push(&opt.options, &opt.option_count, optarg); break;
        case OPT_CHECK: opt.check = true; break;
        case OPT_STRICT: opt.strict = true; break;
        case OPT_PLUGIN_DIR: push(&dirs, &ndirs, optarg); break;
        case OPT_LIST: list = true; break;
        case OPT_HELP_FORMAT: format_help = optarg; break;
        case 'q': opt.quiet = true; break;
        case 'v': opt.verbose++; break;
        case 'h': usage(stdout); return 0;
        case 'V': printf("budgetconv %s (plugin ABI %d.%d)\n", bc_version(), BC_ABI_MAJOR, BC_ABI_MINOR); return 0;
        default:
            fputs("Try 'budgetconv --help' for more information.\n", stderr);
            return BC_ERR_USAGE;
        }
    }
    for (int i = optind; i < argc; i++)
        push(&opt.inputs, &opt.input_count, argv[i]);
    if (!list && format_help == NULL && opt.input_count == 0) {
        fputs("budgetconv: no input file (use '-' for standard input)\n"
              "Try 'budgetconv --help' for more information.\n", stderr);
        free(opt.options);
        free(dirs);
        return BC_ERR_USAGE;
    }
    opt.output_is_tty = (opt.output == NULL || strcmp(opt.output, "-") == 0) && isatty(STDOUT_FILENO);

    bc_error err;
    bc_error_clear(&err);
    int status = 0;
    bc_registry *reg = load_plugins(dirs, ndirs, &err);
    if (reg == NULL) {
        print_error(&err);
        status = err.code;
    } else if (list) {
        list_formats(reg);
    } else if (format_help != NULL) {
        status = help_format(reg, format_help);
    } else if (bc_convert(reg, &opt, print_report, NULL, &err) != BC_OK) {
        print_error(&err);
        status = err.code;
        if (status == BC_ERR_USAGE)
            fputs("Try 'budgetconv --help' for more information.\n", stderr);
    }
    bc_registry_free(reg);
    free(opt.options);
    free(opt.inputs);
    free(dirs);
    return status;
}
