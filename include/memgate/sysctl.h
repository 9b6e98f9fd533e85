/* memgate: vm.* sysctls applied after boot (sysctl.conf / sysctl.d syntax), and the
 * command line's sysctl.vm.* tokens (>= 5.8, init/main.c: do_sysctl_args). */
#ifndef MEMGATE_SYSCTL_H
#define MEMGATE_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define MG_SYSCTL_MAX_BYTES (1u << 20)
#define MG_MAX_ZONE_TYPES 6 /* DMA DMA32 Normal HighMem Movable Device */

struct mg_sysctl_value {
	bool set;
	uint64_t value;
	struct mg_origin origin;
};

struct mg_sysctl {
	struct mg_sysctl_value min_free_kbytes;
	struct mg_sysctl_value watermark_scale_factor;
	struct mg_sysctl_value nr_hugepages;
	struct mg_sysctl_value compaction_proactiveness;
	struct mg_sysctl_value panic_on_oom;
	struct mg_sysctl_value overcommit_memory;
	bool lowmem_reserve_ratio_set;
	size_t nlowmem_reserve_ratio;
	uint64_t lowmem_reserve_ratio[MG_MAX_ZONE_TYPES];
	struct mg_origin lowmem_reserve_ratio_origin;
};

/* "vm.min_free_kbytes = 8192" lines; '#' and ';' comments; "vm/min_free_kbytes" form;
 * a leading '-' (ignore errors) accepted.  Unknown vm.* keys are kept out (ignored);
 * a malformed value of a known key is an error. */
int mg_sysctl_parse_buf(struct mg_sysctl *s, const char *buf, size_t len, const char *file,
			struct mg_error *err);
int mg_sysctl_load(struct mg_sysctl *s, const char *path, struct mg_error *err);
/* One assignment (used for cmdline sysctl.vm.X=Y tokens); key without "vm." prefix handled. */
int mg_sysctl_set(struct mg_sysctl *s, const char *key, const char *value,
		  const struct mg_origin *origin, struct mg_error *err);

#endif
