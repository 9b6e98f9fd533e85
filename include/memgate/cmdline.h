/* memgate: the kernel command line.
 *
 * Tokenised like the kernel's next_arg() (lib/cmdline.c: quotes, '=' splits name/value,
 * everything after a bare "--" goes to init), sizes read like memparse(). */
#ifndef MEMGATE_CMDLINE_H
#define MEMGATE_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct mg_kconfig;

#define MG_CMDLINE_MAX_BYTES 4096u   /* larger than any arch's COMMAND_LINE_SIZE */
#define MG_CMDLINE_MAX_TOKEN 256u    /* a longer token is refused as hostile */

enum mg_cmdline_source {
	MG_CMDLINE_SRC_BOOTLOADER, /* cmdline file / --cmdline: what the bootloader puts in bootargs */
	MG_CMDLINE_SRC_DT,         /* /chosen/bootargs of the DT */
	MG_CMDLINE_SRC_CONFIG,     /* CONFIG_CMDLINE */
};

struct mg_cmdline_token {
	char *name;                /* "cma" */
	char *value;               /* "64M", or NULL when the token had no '=' */
	unsigned index;            /* 1-based position in the effective line */
	enum mg_cmdline_source source;
	struct mg_origin origin;   /* file:line cmdline:<index> 'cma=64M' */
};

struct mg_cmdline {
	char *effective;           /* the line the kernel parses */
	struct mg_cmdline_token *tokens;
	size_t ntokens;
	char *init_args;           /* after a bare "--", not kernel parameters */
	const char *rule;          /* how the effective line was built, e.g. "CONFIG_CMDLINE_FORCE" */
	char *rule_owned;          /* storage behind rule when built by mg_cmdline_build (freed) */
	bool truncated;            /* COMMAND_LINE_SIZE cut the line (named in rule) */
	unsigned command_line_size;/* the arch's COMMAND_LINE_SIZE used by mg_cmdline_build, 0 = none */
};

/* Tokenise text (from src, origin file/line for provenance) and append to cl. */
int mg_cmdline_parse(struct mg_cmdline *cl, const char *text, enum mg_cmdline_source src,
		     const char *file, unsigned line, struct mg_error *err);

/* Build the effective command line as early_init_dt_scan_chosen (drivers/of/fdt.c) does for
 * the arch/version in kc: bootloader line (bootloader, may be NULL; it replaces the DT's
 * bootargs, which is what a bootloader does) or dt_bootargs, combined with CONFIG_CMDLINE
 * per CMDLINE_FORCE / CMDLINE_EXTEND / CMDLINE_FROM_BOOTLOADER. */
int mg_cmdline_build(struct mg_cmdline *cl, const struct mg_kconfig *kc,
		     const char *bootloader, const char *bootloader_file,
		     const char *dt_bootargs, const char *dt_file,
		     struct mg_error *err);

/* Last token with that name (most kernel parameters: last one wins), or NULL. */
const struct mg_cmdline_token *mg_cmdline_last(const struct mg_cmdline *cl, const char *name);
/* lib/kstrtox.c: kstrtobool; false (and *out untouched) when the kernel would reject s. */
bool mg_kstrtobool(const char *s, bool *out);
/* A boolean early_param: every occurrence applies in order, so the last valid one wins. */
bool mg_cmdline_bool(const struct mg_cmdline *cl, const char *name, bool def);
/* First token with that name at or after index *pos (0-based array index), or NULL; on a
 * match *pos becomes the match's index + 1, so a loop visits every occurrence.  Names
 * compare as the kernel's parameq() does: '-' and '_' are the same. */
const struct mg_cmdline_token *mg_cmdline_next(const struct mg_cmdline *cl, const char *name,
					       size_t *pos);
void mg_cmdline_free(struct mg_cmdline *cl);

/* --- Parameter grammars (each validates; error names the token) --- */

/* cma=nn[KMGTPE][@start[KMGTPE][-end[KMGTPE]]] (kernel/dma/contiguous.c: early_cma). */
struct mg_cma_param {
	uint64_t size_bytes;
	bool has_base;          /* '@' given */
	uint64_t base;
	uint64_t limit;         /* 0 = none; base+size for "S@B", end for "S@B-E" */
	bool fixed;             /* S@B (or S@B-E with B+S == E) */
};
int mg_parse_cma(const struct mg_cmdline_token *t, struct mg_cma_param *out, struct mg_error *err);

/* crashkernel=size[@offset] | range1:size1[,range2:size2,...][@offset] | size,high | size,low
 * (kernel/crash_core.c: parse_crashkernel).  system_ram_bytes selects the range form's entry. */
struct mg_crashkernel_param {
	uint64_t size_bytes;
	uint64_t base;          /* 0 = anywhere */
	bool high, low;         /* ",high" / ",low" suffix forms */
};
int mg_parse_crashkernel(const struct mg_cmdline_token *t, uint64_t system_ram_bytes,
			 struct mg_crashkernel_param *out, struct mg_error *err);

/* memmap=nn[KMG]@ss (usable), nn$ss / nn!ss / nn#ss (reserved kinds), exactmap
 * (arch/x86/kernel/e820.c: parse_memmap_one).  Also nn%ss-old+new (retype, kind '%')
 * and a bare nn (kind 'l': like mem=, RAM above nn removed). */
struct mg_memmap_param {
	char kind;              /* '@' '$' '#' '!' '%' 'l' or 'x' for exactmap */
	uint64_t size_bytes;
	uint64_t base;
	uint64_t old_type, new_type; /* kind '%' only: e820 type numbers */
};
/* The token must hold exactly one entry (no ','); see mg_parse_memmap_list for lists. */
int mg_parse_memmap(const struct mg_cmdline_token *t, struct mg_memmap_param *out, struct mg_error *err);
/* memmap=a,b,c (parse_memmap_opt splits on ','): up to max entries into out, count in *n. */
#define MG_MEMMAP_MAX_ENTRIES 64u
int mg_parse_memmap_list(const struct mg_cmdline_token *t, struct mg_memmap_param *out,
			 size_t max, size_t *n, struct mg_error *err);

/* A size-valued token (mem=, swiotlb= slabs aside, coherent_pool=, log_buf_len=, ...). */
int mg_parse_token_size(const struct mg_cmdline_token *t, uint64_t *out, struct mg_error *err);
/* An integer-valued token (hugepages=, nr_cpus=, maxcpus=, swiotlb=<nslabs>). */
int mg_parse_token_u64(const struct mg_cmdline_token *t, uint64_t *out, struct mg_error *err);

/* The arch's COMMAND_LINE_SIZE for the kconfig's arch/version (arm64 2048, arm 1024,
 * x86 2048, riscv 1024 from 6.4 else 512, others 512); 0 when kc is NULL or has no arch. */
unsigned mg_cmdline_size_for(const struct mg_kconfig *kc);

#endif
