/* memgate: a kernel .config (plain or gzip), with the version and arch of its header. */
#ifndef MEMGATE_KCONFIG_H
#define MEMGATE_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "util.h"

#define MG_KCONFIG_MAX_BYTES (16u << 20)
/* Longest symbol name accepted (without CONFIG_): the kernel's longest is under 60. */
#define MG_KCONFIG_NAME_MAX 127

/* One symbol, decoded from its line when it is asked for (mg_kconfig_find, mg_kconfig_next). */
struct mg_kconfig_sym {
	char name[MG_KCONFIG_NAME_MAX + 1]; /* without the CONFIG_ prefix */
	const char *value; /* "y", "m", "n" ("# CONFIG_X is not set"), unquoted string, or number
			    * text; valid as long as the config */
	unsigned line;
	bool quoted;       /* value was a "string" in the file */
};

struct mg_kconfig {
	char file[256];
	/* From "# Linux/<ARCH> <VERSION> Kernel Configuration" (scripts/kconfig/confdata.c). */
	bool has_version;
	unsigned version, patchlevel, sublevel;
	char version_text[64];   /* "5.4.74", "6.1.0-rc3" */
	char arch[32];           /* "arm64", "arm", "x86", "x86_64", "riscv" as written */
	unsigned version_line;
	size_t nsyms;            /* distinct symbols; a repeated one keeps its last assignment */

	/* The text as read and its index (kconfig.c); read them through the functions below.  A
	 * symbol is not copied out of its line: a distribution .config has ~9600 symbols, of
	 * which memgate reads ~100. */
	struct mg_file_view text;
	uint32_t *index;         /* open addressing by name: a slot (kconfig.c) or 0 = empty */
	size_t index_size;       /* a power of two, at most 3/4 full */
	uint32_t *newlines_before; /* per 4 KiB of text: '\n's before it (line numbers) */
	struct mg_buf values;    /* values other than y/m/n, unescaped and NUL-terminated */
};

int mg_kconfig_parse_buf(struct mg_kconfig *kc, const char *buf, size_t len, const char *file,
			 struct mg_error *err);
/* Reads .config or .config.gz (recognised by the gzip magic, inflated with zlib). */
int mg_kconfig_load(struct mg_kconfig *kc, const char *path, struct mg_error *err);
void mg_kconfig_free(struct mg_kconfig *kc);

/* The symbol name (with or without CONFIG_): true and *sym filled (sym may be NULL) when the
 * file sets it. */
bool mg_kconfig_find(const struct mg_kconfig *kc, const char *name, struct mg_kconfig_sym *sym);
/* The symbols in file order (a repeated one at its last assignment): start with *pos = 0;
 * false after the last. */
bool mg_kconfig_next(const struct mg_kconfig *kc, size_t *pos, struct mg_kconfig_sym *sym);
/* true only for =y (built in). */
bool mg_kconfig_is_y(const struct mg_kconfig *kc, const char *name);
/* Integer value (decimal or 0x hex); def when absent or not a number. */
int64_t mg_kconfig_int(const struct mg_kconfig *kc, const char *name, int64_t def);
/* String value (quotes removed, escapes resolved); "" when absent. */
const char *mg_kconfig_str(const struct mg_kconfig *kc, const char *name);
/* Fill an origin "file:line CONFIG_NAME=value" (or "CONFIG_NAME absent, default"). */
void mg_kconfig_origin(const struct mg_kconfig *kc, const char *name, struct mg_origin *o);

/* Kernel version as one comparable number: KV(5,4,74). */
#define MG_KV(a, b, c) (((uint32_t)(a) << 16) | ((uint32_t)(b) << 8) | (uint32_t)((c) > 255 ? 255 : (c)))
uint32_t mg_kconfig_kv(const struct mg_kconfig *kc);

#endif
