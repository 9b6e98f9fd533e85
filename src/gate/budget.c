/* Demand against capacity: the OOM floor equation on the zones an unmovable allocation can
 * use (mm/page_alloc.c: __zone_watermark_ok on the slow path).  Movable demand may use CMA
 * only when mobility grouping is on. */
#include <stdio.h>
#include <string.h>

#include "gate_internal.h"
#include "../model/model_internal.h"

void mg_budget_eval(const struct mg_model *m, const struct mg_demand *d, struct mg_budget *out)
{
	const struct mg_kernel *k = &m->k;
	uint64_t cma_free_kb = 0;
	int classzone = MG_ZONE_NORMAL;

	memset(out, 0, sizeof(*out));
	if (!k->rules)
		return;
	/* lowmem_reserve index: the preferred zone (<= 5.7) or gfp_zone(GFP_KERNEL) = Normal. */
	while (classzone > 0 && !m->zones[classzone].present_pages)
		classzone--;
	if (k->rules->lowmem_reserve_gfp_zone)
		classzone = MG_ZONE_NORMAL;
	for (int zi = 0; zi <= MG_ZONE_NORMAL; zi++) {
		const struct mg_zone *z = &m->zones[zi];
		if (!z->present_pages)
			continue;
		out->noncma_kb += mg_pages_to_kb(m, z->managed_pages - z->cma_pages);
		out->min_kb += mg_pages_to_kb(m, z->min_pages + z->lowmem_reserve_pages[classzone]);
		out->high_kb += mg_pages_to_kb(m, z->high_pages + z->lowmem_reserve_pages[classzone]);
		out->runtime_kb += mg_pages_to_kb(m, z->boost_max_pages + z->pcp_high_pages);
		out->zone = (enum mg_zone_type)zi;
		snprintf(out->zones + strlen(out->zones), sizeof(out->zones) - strlen(out->zones), "%s%s",
			 out->nzones++ ? "+" : "", mg_zone_name((enum mg_zone_type)zi));
	}
	for (size_t i = 0; i < m->ncapacity_cma; i++)
		if (m->capacity_cma[i].kb > 0)
			cma_free_kb += (uint64_t)m->capacity_cma[i].kb;
	out->cma_demand_kb = d->cma_bytes >> 10;
	out->movable_kb = d->movable_bytes >> 10;
	/* Movable memory brings unmovable page tables: 8 bytes of PTE per page. */
	out->pagetables_kb = (d->movable_bytes / k->page_size_bytes * 8 + 1023) >> 10;
	out->cma_for_movable = m->mobility_grouping && k->cma;
	if (out->cma_for_movable) {
		uint64_t left = cma_free_kb > out->cma_demand_kb ? cma_free_kb - out->cma_demand_kb : 0;
		out->movable_in_cma_kb = out->movable_kb < left ? out->movable_kb : left;
	}
	out->demand_kb = (d->baseline_bytes >> 10) + (d->unmovable_bytes >> 10) + out->pagetables_kb +
			 out->movable_kb - out->movable_in_cma_kb;
	out->margin_kb = (int64_t)out->noncma_kb - (int64_t)out->demand_kb - (int64_t)out->min_kb;
	out->high_margin_kb = (int64_t)out->noncma_kb - (int64_t)out->demand_kb - (int64_t)out->high_kb;
}
