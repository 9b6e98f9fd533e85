/* memgate: the declared workload (profile.yaml, schema memgate-profile/1; docs/profile.md). */
#ifndef MEMGATE_PROFILE_H
#define MEMGATE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define MG_PROFILE_MAX_BYTES (1u << 20)
#define MG_PROFILE_MAX_APPS 4096u

struct mg_app {
	char name[128];
	uint64_t instances;         /* default 1 */
	uint64_t movable_bytes;     /* per instance: anonymous/user memory (malloc, stacks, tmpfs) */
	uint64_t unmovable_bytes;   /* per instance: kernel memory the app pins */
	uint64_t cma_bytes;         /* per instance: contiguous DMA buffers from a CMA pool */
	char cma_pool[128];         /* "default" unless given: the default area or a DT pool name */
	struct mg_origin origin;          /* file:line of the "- name:" item */
	struct mg_origin movable_origin;  /* file:line of each key (line 0 when absent) */
	struct mg_origin unmovable_origin;
	struct mg_origin cma_origin;
};

struct mg_profile {
	char file[256];
	uint64_t baseline_bytes;    /* system.baseline: what the system holds at idle */
	struct mg_origin baseline_origin;
	struct mg_app *apps;
	size_t napps;
};

int mg_profile_parse_buf(struct mg_profile *p, const char *buf, size_t len, const char *file,
			 struct mg_error *err);
int mg_profile_load(struct mg_profile *p, const char *path, struct mg_error *err);
void mg_profile_free(struct mg_profile *p);

/* Totals over all applications x instances, checked; -1 with err on overflow. */
struct mg_demand {
	uint64_t baseline_bytes;
	uint64_t movable_bytes;
	uint64_t unmovable_bytes;
	uint64_t cma_bytes;
};
int mg_profile_demand(const struct mg_profile *p, struct mg_demand *out, struct mg_error *err);

#endif
