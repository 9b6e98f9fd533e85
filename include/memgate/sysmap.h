/* memgate: System.map, for the kernel image's real section bounds. */
#ifndef MEMGATE_SYSMAP_H
#define MEMGATE_SYSMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

#define MG_SYSMAP_MAX_BYTES (64u << 20)

/* Symbols used by arm64 arch/arm64/kernel/setup.c / mm/init.c (memblock_reserve of the image)
 * and by mem_init's "Memory:" line (mm/page_alloc.c: mem_init_print_info). */
enum mg_sysmap_sym {
	MG_SYM_TEXT,        /* _text */
	MG_SYM_STEXT,       /* _stext */
	MG_SYM_ETEXT,       /* _etext */
	MG_SYM_START_RODATA,/* __start_rodata */
	MG_SYM_END_RODATA,  /* __end_rodata */
	MG_SYM_INIT_BEGIN,  /* __init_begin */
	MG_SYM_INIT_END,    /* __init_end */
	MG_SYM_SDATA,       /* _sdata */
	MG_SYM_EDATA,       /* _edata */
	MG_SYM_BSS_START,   /* __bss_start */
	MG_SYM_BSS_STOP,    /* __bss_stop */
	MG_SYM_END,         /* _end */
	MG_SYM_PER_CPU_START, /* __per_cpu_start: static per-CPU section (mm/percpu.c) */
	MG_SYM_PER_CPU_END,   /* __per_cpu_end */
	MG_SYM_COUNT
};

struct mg_sysmap {
	char file[256];
	bool has[MG_SYM_COUNT];
	uint64_t addr[MG_SYM_COUNT];
	unsigned line[MG_SYM_COUNT];
};

int mg_sysmap_parse_buf(struct mg_sysmap *sm, const char *buf, size_t len, const char *file,
			struct mg_error *err);
int mg_sysmap_load(struct mg_sysmap *sm, const char *path, struct mg_error *err);
const char *mg_sysmap_sym_name(enum mg_sysmap_sym s);

#endif
