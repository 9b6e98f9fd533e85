/* Zones: spans per arch/version, present and managed pages at each boot phase, CMA
 * activation, mobility grouping (mm/page_alloc.c, mm/mm_init.c, arch/arm64/mm/init.c). */
#include <string.h>

#include <memgate/kconfig.h>

#include "model_internal.h"

static const char *const zone_names[MG_NR_ZONES] = { "DMA", "DMA32", "Normal", "HighMem", "Movable" };

const char *mg_zone_name(enum mg_zone_type z)
{
	return z < MG_NR_ZONES ? zone_names[z] : "?";
}

enum mg_zone_type mg_zone_of(const struct mg_model *m, uint64_t addr)
{
	uint64_t pfn = addr >> m->k.page_shift;
	for (int z = 0; z < MG_NR_ZONES; z++)
		if (m->zones[z].end_pfn > m->zones[z].start_pfn && pfn >= m->zones[z].start_pfn &&
		    pfn < m->zones[z].end_pfn)
			return (enum mg_zone_type)z;
	return MG_ZONE_NORMAL;
}

static uint64_t pages_in(const struct mg_memblock *mb, const struct mg_zone *z, unsigned ps, bool free)
{
	uint64_t lo = z->start_pfn << ps, hi = z->end_pfn << ps;
	if (z->end_pfn <= z->start_pfn)
		return 0;
	return free ? mg_mb_free_pages(mb, lo, hi, ps) : mg_mb_present_pages(mb, lo, hi, ps);
}

/* Sum of pages [base, base+size) that fall in zone z. */
static uint64_t range_pages_in_zone(const struct mg_zone *z, uint64_t base, uint64_t size, unsigned ps)
{
	uint64_t s = base >> ps, e = (base + size) >> ps;
	if (s < z->start_pfn)
		s = z->start_pfn;
	if (e > z->end_pfn)
		e = z->end_pfn;
	return e > s ? e - s : 0;
}

int mg_zones_compute(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;
	unsigned ps = k->page_shift;
	uint64_t vm_total = 0;

	/* Phase: mem_init (memblock_free_all releases memory - reserved - NOMAP). */
	for (int zi = 0; zi < MG_NR_ZONES; zi++) {
		struct mg_zone *z = &m->zones[zi];
		uint64_t spanned = z->end_pfn - z->start_pfn, mm;
		z->present_pages = pages_in(&c->mb, z, ps, false);
		z->managed_boot_pages = pages_in(&c->mb, z, ps, true);
		/* free_area_init_core (<= 6.11): managed estimate = present - memmap estimate
		 * (calc_memmap_size: spanned, or present when holes exceed 1/16 and SPARSEMEM: a
		 * FLATMEM kernel, 32-bit arm's default, always counts the span). */
		if (k->rules->build_managed_is_present || zi == MG_ZONE_HIGHMEM) {
			z->managed_build_pages = z->present_pages;
		} else {
			bool sparse = k->arch != MG_ARCH_ARM || mg_kconfig_is_y(&c->b->kconfig, "SPARSEMEM");
			uint64_t basis = sparse && spanned > z->present_pages + (z->present_pages >> 4)
						 ? z->present_pages : spanned;
			mm = (basis * k->struct_page_bytes + k->page_size_bytes - 1) >> ps;
			z->managed_build_pages = z->present_pages >= mm ? z->present_pages - mm : z->present_pages;
			/* "Account for reserved pages": dma_reserve (x86) off the first zone. */
			if (zi == MG_ZONE_DMA && z->configured && z->managed_build_pages > c->dma_reserve_pages)
				z->managed_build_pages -= c->dma_reserve_pages;
		}
		vm_total += z->managed_build_pages;
	}
	/* CMA activation at core_initcall (mm/cma.c: cma_activate_area): every page of an area
	 * must be in one zone, else "CMA area %s could not be activated". */
	for (size_t i = 0; i < m->ncma; i++) {
		struct mg_cma_area *a = &m->cma[i];
		enum mg_zone_type zs, ze;
		if (!a->reserved || !a->size_bytes)
			continue;
		zs = mg_zone_of(m, a->base);
		ze = mg_zone_of(m, a->base + a->size_bytes - 1);
		a->zone = zs;
		m->cma_total_pages += a->size_bytes >> ps;
		m->cma_boot_pages += a->size_bytes >> ps;
		if (zs != ze) {
			char name[sizeof(a->name)];
			memcpy(name, a->name, sizeof(name));
			snprintf(a->failure, sizeof(a->failure), "cma: CMA area %s could not be activated "
				 "(spans zones %s and %s)", name, mg_zone_name(zs), mg_zone_name(ze));
			if (k->rules->cma_activate_fail_releases) {
				/* 5.15+: the pages go to the buddy allocator as ordinary memory. */
				m->cma_total_pages -= a->size_bytes >> ps;
				for (int zi = 0; zi < MG_NR_ZONES; zi++)
					m->zones[zi].managed_post_pages +=
						range_pages_in_zone(&m->zones[zi], a->base, a->size_bytes, ps);
			}
			continue;
		}
		a->activated = true;
		m->zones[zs].cma_pages += a->size_bytes >> ps;
	}
	m->present_pages = 0;
	m->totalram_boot_pages = 0;
	m->memtotal_pages = 0;
	for (int zi = 0; zi < MG_NR_ZONES; zi++) {
		struct mg_zone *z = &m->zones[zi];
		z->managed_post_pages += z->managed_boot_pages + z->cma_pages;
		z->managed_pages = z->managed_post_pages;
		m->present_pages += z->present_pages;
		m->totalram_boot_pages += z->managed_boot_pages;
	}
	/* 6.12 prints "Memory:" from page_alloc_init_late; without DEFERRED_STRUCT_PAGE_INIT,
	 * mm_core_init's page_ext_init has already taken its tables from the buddy allocator */
	if (k->rules->memory_line_late && !k->deferred_struct_page_init)
		m->totalram_boot_pages -= m->post_boot_alloc_pages;
	/* Freed before userspace: __init (free_initmem) and the initrd (free_initrd_mem frees
	 * the whole pages inside it); gigantic boot hugepages return to managed. */
	for (size_t i = 0; i < m->nregions; i++) {
		const struct mg_region *r = &m->regions[i];
		uint64_t s = 0, sz = 0;
		if (r->kind == MG_REGION_KERNEL && c->init_section_bytes) {
			sz = c->init_section_bytes & ~(k->page_size_bytes - 1);
			s = r->base + r->size_bytes - sz - k->page_size_bytes; /* __init sits before data */
		} else if (r->kind == MG_REGION_INITRD && !mg_cmdline_last(&c->cl, "retain_initrd")) {
			uint64_t e = c->initrd_base + c->initrd_size;
			s = mg_align_up(c->initrd_base, k->page_size_bytes);
			e = c->initrd_free_partial_end ? mg_align_up(e, k->page_size_bytes) : e & ~(k->page_size_bytes - 1);
			sz = e > s ? e - s : 0;
		} else if (r->kind == MG_REGION_OTHER && r->freed_after_boot) {
			/* a piece of a reservation given back before userspace (x86 image gaps) */
			s = r->base;
			sz = r->size_bytes;
		} else if (r->kind == MG_REGION_HUGEPAGES) {
			s = r->base;
			sz = r->size_bytes;
		}
		if (!sz)
			continue;
		for (int zi = 0; zi < MG_NR_ZONES; zi++)
			m->zones[zi].managed_pages += range_pages_in_zone(&m->zones[zi], s, sz, ps);
	}
	for (int zi = 0; zi < MG_NR_ZONES; zi++)
		m->memtotal_pages += m->zones[zi].managed_pages;
	/* physpages - totalram_pages() - totalcma_pages: pages page_ext_init took are allocated,
	 * not reserved */
	m->reserved_boot_pages = m->present_pages - m->totalram_boot_pages - m->cma_boot_pages -
				 (k->rules->memory_line_late && !k->deferred_struct_page_init ? m->post_boot_alloc_pages : 0);
	m->reserved_final_pages = m->present_pages - m->memtotal_pages;

	/* build_all_zonelists: vm_total_pages = nr_free_zone_pages(GFP_HIGHUSER_MOVABLE) with
	 * watermarks still 0; grouping is off below pageblock_nr_pages * MIGRATE_TYPES. */
	m->grouping_total_pages = vm_total;
	m->grouping_threshold_pages = k->pageblock_pages * k->migrate_types;
	m->mobility_grouping = vm_total >= m->grouping_threshold_pages;
	return 0;
}
