/* Capacity: what the running system can still allocate, by class, before some zone's free
 * memory on the allocation's path falls to min + lowmem_reserve (mm/page_alloc.c:
 * __zone_watermark_ok on the slow path, ALLOC_WMARK_MIN), on top of the profile baseline. */
#include <string.h>

#include "model_internal.h"

/* Free pages a request class can take from zone zi before hitting the floor (worst case:
 * watermark boost at its maximum and the per-CPU lists full). */
static uint64_t headroom(const struct mg_model *m, int zi, int classzone, bool use_cma, bool boosted)
{
	const struct mg_zone *z = &m->zones[zi];
	uint64_t avail = z->managed_pages,
		 floor = z->min_pages + z->lowmem_reserve_pages[classzone] +
			 (boosted ? z->boost_max_pages + z->pcp_high_pages : 0);
	if (!use_cma)
		avail = avail > z->cma_pages ? avail - z->cma_pages : 0;
	return avail > floor ? avail - floor : 0;
}

static int64_t kb(const struct mg_model *m, uint64_t pages)
{
	return (int64_t)mg_pages_to_kb(m, pages);
}

int mg_capacity_compute(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;
	uint64_t unmov = 0, mov = 0, unmov_b = 0, mov_b = 0, baseline_kb = 0, tightest = UINT64_MAX;
	/* Preferred zone (<= 5.7) or gfp_zone (5.8+) indexes lowmem_reserve. GFP_KERNEL's
	 * gfp_zone is NORMAL; GFP_HIGHUSER_MOVABLE's is MOVABLE. */
	int top_kernel = MG_ZONE_NORMAL, top_user = MG_ZONE_MOVABLE;
	bool cma_for_movable = m->mobility_grouping && k->cma;

	if (!k->rules->lowmem_reserve_gfp_zone) {
		while (top_kernel > 0 && !m->zones[top_kernel].present_pages)
			top_kernel--;
		while (top_user > 0 && !m->zones[top_user].present_pages)
			top_user--;
	}
	for (int zi = 0; zi <= MG_ZONE_MOVABLE; zi++) {
		if (!m->zones[zi].present_pages)
			continue;
		if (zi <= MG_ZONE_NORMAL) {
			uint64_t h = headroom(m, zi, top_kernel, false, false);
			unmov += h;
			unmov_b += headroom(m, zi, top_kernel, false, true);
			if (h < tightest) {
				tightest = h;
				m->oom_zone = (enum mg_zone_type)zi;
			}
		}
		mov += headroom(m, zi, top_user, cma_for_movable, false);
		mov_b += headroom(m, zi, top_user, cma_for_movable, true);
	}
	if (c->b->has_profile)
		baseline_kb = c->b->profile.baseline_bytes >> 10;
	/* allocated from the buddy allocator before userspace (SPARSEMEM page_ext): gone like the
	 * baseline */
	baseline_kb += mg_pages_to_kb(m, m->post_boot_alloc_pages);
	m->capacity_unmovable_kb = kb(m, unmov) - (int64_t)baseline_kb;
	m->capacity_unmovable_worst_kb = kb(m, unmov_b) - (int64_t)baseline_kb;
	/* Movable memory needs unmovable page tables: one 8-byte PTE per page. */
	{
		int64_t P = (int64_t)k->page_size_bytes;
		int64_t avail = kb(m, mov) - (int64_t)baseline_kb, avail_b = kb(m, mov_b) - (int64_t)baseline_kb;
		m->capacity_movable_kb = avail > 0 ? avail * P / (P + 8) : avail;
		m->capacity_movable_worst_kb = avail_b > 0 ? avail_b * P / (P + 8) : avail_b;
	}
	if (!cma_for_movable && m->cma_total_pages)
		mg_model_note(m, "CMA is not counted for movable memory: %s",
			      m->mobility_grouping ? "CONFIG_CMA is off"
						   : "mobility grouping is off, so CMA serves only cma_alloc()");
	/* A PMD-sized THP of 32 MiB (16K pages) or 512 MiB (64K): khugepaged's collapse holds a new
	 * huge page and the range's isolated pages at once.  Seen on 5.10 with 64K pages: an
	 * anonymous workload OOM-killed 110-170 MiB early (docs/kernel-facts.md). */
	if (k->thp_enabled && !strcmp(k->thp_mode, "always") && k->page_shift > 12)
		mg_model_note(m, "THP always with %llu MiB PMD pages: a khugepaged collapse in flight can take "
			      "up to that much beyond this capacity (not modelled; transparent_hugepage=madvise avoids it)",
			      (unsigned long long)((k->page_size_bytes << (k->page_shift - 3)) >> 20));
	if (cma_for_movable && k->rules->proactive_compaction)
		mg_model_note(m, "since 5.9 proactive compaction may move movable pages into CMA; "
			      "capacity stays conservative");
	m->ncapacity_cma = 0;
	for (size_t i = 0; i < m->ncma && m->ncapacity_cma < MG_MAX_CMA_AREAS; i++) {
		const struct mg_cma_area *a = &m->cma[i];
		int64_t v = a->activated ? (int64_t)(a->size_bytes >> 10) : 0;
		/* The DMA atomic pool(s) are carved from the default area (kernel/dma/pool.c,
		 * 5.8+: one 128 KiB-per-GiB pool per zone; before: 256 KiB). */
		if (a->is_default && a->activated) {
			uint64_t total = m->memtotal_pages, pages = total / ((1u << 30) / (128u << 10));
			uint64_t pool = k->rules->dma_atomic_pools
						? mg_max_u64(mg_min_u64(pages, 1ull << k->max_order) << k->page_shift, 128u << 10)
						: 256u << 10;
			unsigned npools = k->rules->dma_atomic_pools ? 1 + k->zone_dma + k->zone_dma32 : 1;
			v -= (int64_t)((pool * npools) >> 10);
		}
		snprintf(m->capacity_cma[m->ncapacity_cma].pool, sizeof(m->capacity_cma[0].pool), "%s",
			 a->is_default ? "default" : a->name);
		m->capacity_cma[m->ncapacity_cma++].kb = v;
	}
	return 0;
}
