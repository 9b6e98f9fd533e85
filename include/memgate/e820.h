/* memgate: the x86 firmware RAM map (e820), read from the kernel's own boot lines.
 *
 * x86 has no device tree: the kernel prints the map it got from the firmware as
 *   BIOS-e820: [mem 0x0000000000100000-0x000000003ffdffff] usable
 * (arch/x86/kernel/e820.c: e820__print_table / e820_print_type, 4.19-6.12).  A file of those
 * lines -- or a whole dmesg holding them -- is the x86 board's RAM map.  Lines are read through
 * mg_log_clean_line(), so timestamps and syslog prefixes do not matter; other lines are
 * skipped, except that a "smpboot: Allowing N CPUs, M hotplug CPUs" line gives the possible-CPU
 * count (arch/x86/kernel/smpboot.c: prefill_possible_map). */
#ifndef MEMGATE_E820_H
#define MEMGATE_E820_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define MG_E820_MAX_BYTES (64u << 20)  /* the same cap as a console log */
#define MG_E820_MAX_ENTRIES 4096u      /* kernel E820_MAX_ENTRIES is 128 + 3 * MAX_NUMNODES */

/* arch/x86/include/asm/e820/types.h: enum e820_type. */
enum mg_e820_type {
	MG_E820_RAM = 1,
	MG_E820_RESERVED = 2,
	MG_E820_ACPI = 3,
	MG_E820_NVS = 4,
	MG_E820_UNUSABLE = 5,
	MG_E820_PMEM = 7,
	MG_E820_PRAM = 12,
	MG_E820_RESERVED_KERN = 128,
	MG_E820_SOFT_RESERVED = 0xefffffffu,
};

struct mg_e820_entry {
	uint64_t start, end;      /* [start, end): end exclusive (the line prints end - 1) */
	uint32_t type;            /* enum mg_e820_type value, or the number of "type N" */
	struct mg_origin origin;  /* file:line of the BIOS-e820: line */
};

struct mg_e820 {
	char file[256];
	struct mg_e820_entry *entries; /* in file order, as the firmware gave them */
	size_t nentries, cap;
	unsigned possible_cpus;   /* "smpboot: Allowing N CPUs" (0 = not in the file) */
	struct mg_origin possible_cpus_origin;
};

/* Parse BIOS-e820: lines.  Errors (file:line): a BIOS-e820: line that is not
 * "[mem 0xSTART-0xEND] TYPE", END < START, an unknown type name, more than
 * MG_E820_MAX_ENTRIES lines, a second boot in the same file ("Linux version" after entries),
 * no BIOS-e820: line at all. */
int mg_e820_parse_buf(struct mg_e820 *e, const char *buf, size_t len, const char *file,
		      struct mg_error *err);
int mg_e820_load(struct mg_e820 *e, const char *path, struct mg_error *err);
void mg_e820_free(struct mg_e820 *e);
/* The kernel's name for a type ("usable", "reserved", "ACPI data", ...); "type N" for others
 * (buf is used for those). */
const char *mg_e820_type_name(uint32_t type, char *buf, size_t size);

#endif
