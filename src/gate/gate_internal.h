/* Internal interfaces of the gate (not installed). */
#ifndef MEMGATE_GATE_INTERNAL_H
#define MEMGATE_GATE_INTERNAL_H

#include <memgate/gate.h>

/* The floor equation for one model and one demand, all in kB. */
struct mg_budget {
	uint64_t noncma_kb;        /* managed - CMA over zones <= Normal, after boot */
	uint64_t min_kb;           /* sum of min + lowmem_reserve on the GFP_KERNEL path */
	uint64_t high_kb;
	uint64_t demand_kb;        /* baseline + unmovable + page tables + movable outside CMA */
	uint64_t movable_kb, movable_in_cma_kb, pagetables_kb, cma_demand_kb;
	bool cma_for_movable;
	int64_t margin_kb;         /* noncma - demand - min: negative = the kernel OOMs */
	int64_t high_margin_kb;    /* against high: negative = kswapd never sleeps */
	uint64_t runtime_kb;       /* worst-case watermark boost + full per-CPU lists on the path */
	enum mg_zone_type zone;    /* the (last) zone on the path, for messages */
	unsigned nzones;           /* populated zones on the GFP_KERNEL path */
	char zones[64];            /* their names joined with '+' */
};

void mg_budget_eval(const struct mg_model *m, const struct mg_demand *d, struct mg_budget *out);

#endif
