/* memgate: a kernel .config (plain or gzip), with the version and arch of its header. */
#ifndef MEMGATE_KCONFIG_H
#define MEMGATE_KCONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define MG_KCONFIG_MAX_BYTES (16u << 20)

struct mg_kconfig_sym {
	char *name;       /* without the CONFIG_ prefix */
	char *value;      /* "y", "m", "n" ("# CONFIG_X is not set"), unquoted string, or number text */
	unsigned line;
	bool quoted;      /* value was a "string" in the file */
	uint32_t hash;    /* of name, for the lookup index */
};

struct mg_kconfig {
	char file[256];
	/* From "# Linux/<ARCH> <VERSION> Kernel Configuration" (scripts/kconfig/confdata.c). */
	bool has_version;
	unsigned version, patchlevel, sublevel;
	char version_text[64];   /* "5.4.74", "6.1.0-rc3" */
	char arch[32];           /* "arm64", "arm", "x86", "x86_64", "riscv" as written */
	unsigned version_line;
	struct mg_kconfig_sym *syms; /* in file order; a repeated symbol keeps its last assignment */
	size_t nsyms;
	uint32_t *index;         /* open-addressing hash of syms (index + 1; 0 = empty) */
	size_t index_size;       /* a power of two, at least 2 * nsyms */
	char *strings;           /* one arena holding every name and value (freed with the config) */
};

int mg_kconfig_parse_buf(struct mg_kconfig *kc, const char *buf, size_t len, const char *file,
			 struct mg_error *err);
/* Reads .config or .config.gz (recognised by the gzip magic, inflated with zlib). */
int mg_kconfig_load(struct mg_kconfig *kc, const char *path, struct mg_error *err);
void mg_kconfig_free(struct mg_kconfig *kc);

/* name without CONFIG_.  NULL when the symbol is absent from the file. */
const struct mg_kconfig_sym *mg_kconfig_find(const struct mg_kconfig *kc, const char *name);
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
