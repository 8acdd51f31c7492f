/*
 * budgetconv/plugin.h - the format plugin ABI.
 *
 * A plugin is a libtool module (`-module -avoid-version -no-undefined`) that
 * exports exactly one symbol, bc_plugin_descriptor(), returning a const
 * bc_plugin.  Write the descriptor and the entry point with
 * BC_PLUGIN_DEFINE(module, fields…) and its tables with BC_IMPORTER(…) and
 * BC_EXPORTER(…): they fill the magic, the ABI version and the struct sizes,
 * and BC_PLUGIN_DEFINE names the entry point `<module>_LTX_bc_plugin_descriptor`
 * so that libltdl finds it whether the module is dlopened or dlpreopened.
 *
 * What runs before validation.  The host never loads an unknown module into
 * its own process first: a short-lived child process loads it (which runs
 * the module's ELF constructors and those of the libraries it pulls in),
 * calls the entry point and validates the descriptor (magic, ABI major
 * equal, minor not newer than the host, struct sizes, name, complete
 * function tables), then sends the description back over a pipe.  A module
 * that crashes, hangs or fails the check there is refused with a warning
 * and costs nothing else.  Only when a run needs the format (-f/-t, the
 * extension of -o, or probing an input) does the host load the module
 * itself, running its constructors and entry point a second time, and
 * validates the descriptor again before it calls any other plugin code.
 * --list-formats and --help run no plugin code in the host at all.
 *
 * Importers stream: open() → next() … → close().  Exporters stream:
 * begin() → write() … → end() (or abort()).  Neither may keep a record after
 * the call that received it, and memory must not grow with the number of
 * records.  Nothing here prints or exits: errors come back in a bc_error,
 * warnings go to bc_context_warn().
 *
 * How the ABI grows.  bc_plugin, bc_importer and bc_exporter only ever grow
 * at their end, in a minor version; each carries the size it had when the
 * plugin was built.  The host accepts any struct at least as large as in
 * ABI 1.0 (BC_PLUGIN_SIZE_1_0 …) and reads a field added later only when
 * BC_HAS_FIELD() says the plugin's struct covers it.  Everything else a
 * plugin shares with the host has a layout fixed by the major version:
 * bc_record and its parts (budgetconv/record.h), bc_option_spec (tables are
 * arrays), bc_output and bc_error.  Changing any of those is a new major.
 */
#ifndef BUDGETCONV_PLUGIN_H
#define BUDGETCONV_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <budgetconv/error.h>
#include <budgetconv/record.h>

#ifdef __cplusplus
extern "C" {
#endif

/** "BCPG": tells a budgetconv plugin from any other shared object. */
#define BC_PLUGIN_MAGIC 0x42435047u
/** Bumped on any incompatible change: the host requires equality. */
#define BC_ABI_MAJOR 1
/** Bumped when fields are appended: the host accepts plugins up to its own. */
#define BC_ABI_MINOR 0

/* ------------------------------------------------------------------------ */
/* Options                                                                    */

/** What an option's value may be. */
typedef enum bc_option_type {
    BC_OPT_FLAG,   /**< `-O key` or `-O key=yes|no|true|false|on|off|1|0`, any case */
    BC_OPT_STRING, /**< any text */
    BC_OPT_CHOICE, /**< one of `choices`, matched in any ASCII case; the
                        plugin reads it as `choices` spells it */
    BC_OPT_INT     /**< a decimal integer */
} bc_option_type;

/** One accepted `-O key=value`.  Tables end with an entry whose key is NULL. */
typedef struct bc_option_spec {
    const char *key;
    bc_option_type type;
    const char *default_value; /**< NULL: unset (flags: off) */
    const char *choices;       /**< BC_OPT_CHOICE: "a|b|c" */
    const char *help;          /**< one line, shown by --help-format */
} bc_option_spec;

/* ------------------------------------------------------------------------ */
/* Context: options and warnings of one import or export                     */

/** Owned by the host; valid from open()/begin() until close()/end()/abort(). */
typedef struct bc_context bc_context;

/**
 * Value of option `key`: what the user gave, else the spec's default, else
 * NULL.  The host has already checked it against the plugin's option table.
 * The string is borrowed from the context.
 */
const char *bc_context_option(const bc_context *ctx, const char *key);

/** True when flag `key` is on. */
bool bc_context_flag(const bc_context *ctx, const char *key);

/**
 * Reports a warning about `file`:`line` (`file` may be NULL, `line` 0).
 * The host prints or counts it (`--strict` fails the run on any warning).
 */
void bc_context_warn(bc_context *ctx, const char *file, long line,
                     const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* ------------------------------------------------------------------------ */
/* Input                                                                      */

/** A byte stream with a name and a line counter, owned by the host. */
typedef struct bc_input bc_input;

/** The name to show in messages ("-" reads as "<stdin>"). */
const char *bc_input_name(const bc_input *in);

/**
 * Reads up to `size` bytes into `buf`.  Sets `*got` (0 at end of input).
 * Returns BC_ERR_IO with `err` filled on a read error.
 */
bc_status bc_input_read(bc_input *in, void *buf, size_t size, size_t *got,
                        bc_error *err);

/**
 * Reads one line (without its LF; a CR before it is kept) into a buffer
 * owned by `in` that stays valid until the next read.  Sets `*line`, `*len`
 * and returns BC_OK, or BC_END at end of input.  A NUL byte or a line longer
 * than BC_INPUT_MAX_LINE gives BC_ERR_DATA.  The number of the line just read
 * is bc_input_line().
 */
bc_status bc_input_getline(bc_input *in, const char **line, size_t *len,
                           bc_error *err);

/** Number of the last line returned by bc_input_getline() (1-based). */
long bc_input_line(const bc_input *in);

/** Longest line bc_input_getline() accepts, in bytes. */
#define BC_INPUT_MAX_LINE (1024 * 1024)

/** How many bytes bc_input_peek() shows (and a probe sees). */
#define BC_PROBE_SIZE 4096

/**
 * Sets `*head`/`*len` to the next (at most BC_PROBE_SIZE) bytes of the input
 * without consuming them: what the host's probes see, and what an importer
 * can look at before it chooses how to read.  The bytes stay valid until
 * the next read.
 */
bc_status bc_input_peek(bc_input *in, const unsigned char **head, size_t *len,
                        bc_error *err);

/**
 * Makes every later read of `in` decode `encoding` to UTF-8: "utf-8" (and
 * NULL) changes nothing, "cp932" reads Windows Shift_JIS, streaming, with
 * lines counted as before; an invalid CP932 byte is a BC_ERR_DATA naming
 * its line.  Call it in open(), before reading (a peek is fine).  Another
 * name is BC_ERR_USAGE.
 */
bc_status bc_input_set_encoding(bc_input *in, const char *encoding, bc_error *err);

/**
 * True when `s` (bytes that are not UTF-8) reads as CP932 (Shift_JIS)
 * text, so that a message can suggest `-O encoding=cp932`.
 */
bool bc_cp932_plausible(const unsigned char *s, size_t len);

/* ------------------------------------------------------------------------ */
/* Output                                                                     */

/**
 * Where an exporter writes.  Text exporters write to `fp`; exporters with
 * BC_EXPORT_FILE write the file at `path` themselves (`fp` is then NULL).
 * The host owns both, and renames the file into place only after end()
 * succeeded; on failure it removes it.
 */
typedef struct bc_output {
    FILE *fp;
    const char *path;
    const char *name; /**< the name to show in messages */
} bc_output;

/* ------------------------------------------------------------------------ */
/* Importer and exporter tables                                               */

/** How well the first bytes of an input look like this format. */
#define BC_PROBE_NO 0
#define BC_PROBE_MAYBE 25
#define BC_PROBE_LIKELY 50
#define BC_PROBE_SURE 100

typedef struct bc_importer {
    size_t struct_size; /**< sizeof(bc_importer) as the plugin was built */

    /**
     * Scores `head` (the first `len` bytes of the input; not NUL-terminated)
     * from BC_PROBE_NO to BC_PROBE_SURE.  Must be pure: no state, no I/O.
     */
    int (*probe)(const unsigned char *head, size_t len);

    /**
     * Starts reading `in` (borrowed until close()); stores the plugin's
     * state in `*state`.  On failure it frees whatever it allocated: close()
     * is not called.
     */
    bc_status (*open)(void **state, bc_input *in, bc_context *ctx, bc_error *err);

    /**
     * Fills `rec` (initialised and empty) with the next record and returns
     * BC_OK, or returns BC_END when there is none.  On an error the host
     * clears `rec` and stops.  BC_BAD_RECORD (with `err` saying where and
     * why) means that one record is bad but the input can go on: the host
     * reports it, clears `rec`, calls next() again, and fails the run with
     * BC_ERR_DATA at its end, so that one run names every bad record.
     */
    bc_status (*next)(void *state, bc_record *rec, bc_error *err);

    /** Frees the state; called once after open() succeeded. */
    void (*close)(void *state);
    /* ABI 1.0 ends here; later minor versions append below. */
#ifdef BC_ABI_TEST_GROWTH
    int test_appended; /**< test only: stands for a field of a later minor */
#endif
} bc_importer;

/** bc_exporter.flags: the exporter writes `bc_output.path` itself. */
#define BC_EXPORT_FILE 0x1u

typedef struct bc_exporter {
    size_t struct_size; /**< sizeof(bc_exporter) as the plugin was built */
    unsigned flags;     /**< BC_EXPORT_* */

    /**
     * Starts an output; stores the plugin's state in `*state`.  On failure
     * it frees whatever it allocated: neither end() nor abort() is called.
     */
    bc_status (*begin)(void **state, const bc_output *out, bc_context *ctx,
                       bc_error *err);

    /** Writes one record (borrowed for this call only). */
    bc_status (*write)(void *state, const bc_record *rec, bc_error *err);

    /** Finishes the output and frees the state, even when it fails. */
    bc_status (*end)(void *state, bc_error *err);

    /** Frees the state after a failure elsewhere; the output is discarded. */
    void (*abort)(void *state);
    /* ABI 1.0 ends here; later minor versions append below. */
#ifdef BC_ABI_TEST_GROWTH
    int test_appended; /**< test only: stands for a field of a later minor */
#endif
} bc_exporter;

/* ------------------------------------------------------------------------ */
/* The descriptor                                                             */

typedef struct bc_plugin {
    uint32_t magic;       /**< BC_PLUGIN_MAGIC */
    uint16_t abi_major;   /**< BC_ABI_MAJOR */
    uint16_t abi_minor;   /**< BC_ABI_MINOR */
    size_t struct_size;   /**< sizeof(bc_plugin) */
    const char *name;     /**< format name for -f/-t, e.g. "csv" */
    const char *description;          /**< one line */
    const char *const *extensions;    /**< NULL-terminated, no dot: "csv" */
    const bc_importer *importer;      /**< NULL: cannot import */
    const bc_option_spec *import_options; /**< NULL or key-NULL-terminated */
    const bc_exporter *exporter;      /**< NULL: cannot export */
    const bc_option_spec *export_options; /**< NULL or key-NULL-terminated */
    /* ABI 1.0 ends here; later minor versions append below. */
#ifdef BC_ABI_TEST_GROWTH
    int test_appended; /**< test only: stands for a field of a later minor */
#endif
} bc_plugin;

/* ------------------------------------------------------------------------ */
/* Growing the ABI                                                            */

/** Bytes of `type` up to and including `field`. */
#define BC_SIZE_THROUGH(type, field) (offsetof(type, field) + sizeof(((type *)0)->field))

/** Sizes of the ABI 1.0 structs, frozen: the least the host accepts. */
#define BC_PLUGIN_SIZE_1_0 BC_SIZE_THROUGH(bc_plugin, export_options)
#define BC_IMPORTER_SIZE_1_0 BC_SIZE_THROUGH(bc_importer, close)
#define BC_EXPORTER_SIZE_1_0 BC_SIZE_THROUGH(bc_exporter, abort)

/**
 * True when the struct `p` points to (a bc_plugin, bc_importer or
 * bc_exporter of type `type`, as its plugin built it) is large enough to
 * hold `field`.  The host reads a field appended after 1.0 only behind this
 * test, and uses the field's documented default otherwise.
 */
#define BC_HAS_FIELD(type, p, field) ((p)->struct_size >= BC_SIZE_THROUGH(type, field))

/* ------------------------------------------------------------------------ */
/* Defining a plugin                                                          */

/** Name of the entry point the host looks up. */
#define BC_PLUGIN_SYMBOL "bc_plugin_descriptor"

#define BC_PLUGIN_PASTE_(a, b) a##_LTX_##b
#define BC_PLUGIN_PASTE(a, b) BC_PLUGIN_PASTE_(a, b)

/**
 * Defines the descriptor and the entry point of module `module` (its file
 * name without extension, e.g. `csv` for csv.la).  The remaining arguments
 * are designated initialisers of bc_plugin (`.name = "csv", .importer = …`);
 * the magic, ABI version and struct size are filled in here and must not be
 * given (-Wextra warns about overriding them).
 *
 *     BC_PLUGIN_DEFINE(titles,
 *                      .name = "titles",
 *                      .description = "NO and title, one per line",
 *                      .extensions = extensions,
 *                      .exporter = &exporter)
 */
#define BC_PLUGIN_DEFINE(module, ...)                                          \
    static const bc_plugin BC_PLUGIN_PASTE(module, descriptor) = {             \
        .magic = BC_PLUGIN_MAGIC,                                              \
        .abi_major = BC_ABI_MAJOR,                                             \
        .abi_minor = BC_ABI_MINOR,                                             \
        .struct_size = sizeof(bc_plugin),                                      \
        __VA_ARGS__};                                                          \
    const bc_plugin *BC_PLUGIN_PASTE(module, bc_plugin_descriptor)(void);      \
    const bc_plugin *BC_PLUGIN_PASTE(module, bc_plugin_descriptor)(void)       \
    {                                                                          \
        return &BC_PLUGIN_PASTE(module, descriptor);                           \
    }

/**
 * Initialisers of the function tables: they fill struct_size; the arguments
 * are designated initialisers of the other fields.
 *
 *     static const bc_exporter exporter = BC_EXPORTER(.begin = titles_begin,
 *                                                     .write = titles_write, …);
 */
#define BC_IMPORTER(...) {.struct_size = sizeof(bc_importer), __VA_ARGS__}
#define BC_EXPORTER(...) {.struct_size = sizeof(bc_exporter), __VA_ARGS__}

/** Type of the entry point. */
typedef const bc_plugin *(*bc_plugin_entry)(void);

#ifdef __cplusplus
}
#endif
#endif
