/* Unit tests: the whole model (mg_model_run) on small synthetic boards under tests/data/model/
 * and on boards/e2000q.  Boards are loaded with mg_board_load; the .config (one per version
 * row and page size, tests/data/model/configs/) and the command line are given as overrides.
 * Expected numbers are derived in comments from the kernel's rules (kernel-reservations.md,
 * kernel-watermarks.md); where the model's consumer estimates make an exact value
 * unknowable by hand, the test asserts the bound that the kernel rule implies instead.
 * Run from the repository root. */
#include "unit.h"
#include "model_run.h"

#include <stdio.h>
#include <stdlib.h>

#include <memgate/board.h>
#include <memgate/model.h>

#define D "tests/data/model/"
#define CFG D "configs/"
#define GiB (1ull << 30)
#define MiB (1ull << 20)

/* run_model_path with config a name in tests/data/model/configs (NULL = the folder's). */
static struct run *run_model(const char *dir, const char *config, const char *cmdline)
{
	char cfg[512];
	if (config)
		snprintf(cfg, sizeof(cfg), CFG "%s.config", config);
	return run_model_path(dir, config ? cfg : NULL, cmdline);
}

static const struct mg_cma_area *cma_named(const struct mg_model *m, const char *name)
{
	for (size_t i = 0; i < m->ncma; i++)
		if (!strcmp(m->cma[i].name, name))
			return &m->cma[i];
	return NULL;
}

static bool has_note(const struct mg_model *m, const char *part)
{
	for (size_t i = 0; i < m->nnotes; i++)
		if (strstr(m->notes[i], part))
			return true;
	return false;
}

static void expect_span(const struct mg_model *m, enum mg_zone_type z, uint64_t lo, uint64_t hi)
{
	unsigned ps = m->k.page_shift;
	assert_int_equal(m->zones[z].start_pfn, lo >> ps);
	assert_int_equal(m->zones[z].end_pfn, hi >> ps);
}

/* ---------------------------------------------------------------------------------------- */
/* E2000Q, exactly (the incident; kernel-watermarks.md section 5, kernel-reservations.md 7). */
static void test_e2000q_exact(void **state)
{
	struct run *r = calloc(1, sizeof(*r));
	const struct mg_model *m = &r->m;
	const struct mg_zone *z;
	(void)state;
	assert_int_equal(mg_board_load(&r->b, "boards/e2000q", NULL, &r->err), 0);
	assert_int_equal(mg_model_run(&r->m, &r->b, NULL, &r->err), 0);
	z = &m->zones[MG_ZONE_DMA32];
	/* reg 0x7c000000 bytes / 64 KiB = 31744 pages = 2031616 kB */
	assert_int_equal(m->present_pages, 31744);
	assert_int_equal(mg_pages_to_kb(m, m->present_pages), 2031616);
	/* 5.4 arm64: DMA32 = [0x80000000, min(0 + 4 GiB, 0xfc000000)) holds everything */
	expect_span(m, MG_ZONE_DMA32, 0x80000000ull, 0xfc000000ull);
	assert_int_equal(z->present_pages, 31744);
	/* cma=64M rounded up to 64K << max(13, 13) = 512 MiB; limit 0xfc000000 & ~(512M-1) =
	 * 0xe0000000; top-down: 0xe0000000 - 512 MiB = 0xc0000000 */
	assert_int_equal(m->ncma, 1);
	assert_int_equal(m->cma[0].requested_bytes, 64 * MiB);
	assert_int_equal(m->cma[0].size_bytes, 512 * MiB);
	assert_int_equal(m->cma[0].base, 0xc0000000ull);
	assert_true(m->cma[0].activated);
	assert_int_equal(m->cma_total_pages, 8192); /* 512 MiB / 64 KiB */
	/* build_all_zonelists: 31744 - ceil(31744 * 64 / 65536) = 31744 - 31 = 31713 <
	 * 8192 * 6 = 49152 -> grouping off */
	assert_int_equal(m->grouping_total_pages, 31713);
	assert_int_equal(m->grouping_threshold_pages, 49152);
	assert_false(m->mobility_grouping);
	/* Section 5: 5427 -> THP raise min(90112, 28623/20 = 1431) = 1431 pages = 91584 kB */
	assert_int_equal(m->min_free_kbytes, 91584);
	assert_int_equal(z->min_pages, 1431);
	assert_int_equal(z->low_pages, 1788);
	assert_int_equal(z->high_pages, 2145);
	/* the incident's zoneinfo: managed 1996672 kB = 31198 pages = MemTotal */
	assert_int_equal(z->managed_pages, 31198);
	assert_int_equal(mg_pages_to_kb(m, m->memtotal_pages), 1996672);
	/* "Memory: 1316544K/2031616K available": 20571 pages at mem_init, CMA not in it */
	assert_int_equal(m->totalram_boot_pages, 20571);
	assert_true(has_boot_line(m, "cma: Reserved 512 MiB at 0x00000000c0000000"));
	assert_true(has_boot_line(m, "Memory: 1316544K/2031616K available (16316K kernel code, 1942K rwdata, "
				     "5504K rodata, 5312K init, 2160K bss, 190784K reserved, 524288K cma-reserved)"));
	assert_true(has_boot_line(m, "Built 1 zonelists, mobility grouping off.  Total pages: 31713"));
	mg_board_free(&r->b);
	free(r);
}

/* ---------------------------------------------------------------------------------------- */
/* Every version row x page size on mem2g (2 GiB at 0x80000000), cma=64M. */
struct sweep {
	const char *config;
	unsigned pb;          /* pageblock_order: HUGETLB_PAGE_ORDER = PAGE_SHIFT - 3 (all <= K) */
	uint64_t cma_bytes;   /* 64 MiB rounded up to the CMA alignment */
	bool grouping;
};

static void test_version_page_size_sweep(void **state)
{
	/* present = 2 GiB / P: 524288 (4K), 131072 (16K), 32768 (64K) pages.
	 * grouping threshold PB * 6: 3072 (4K), 12288 (16K), 49152 (64K); the 64K board is below
	 * it (32768 present), the others far above.
	 * CMA: 64 MiB is a multiple of 4 MiB / 2 MiB / 32 MiB; on 64K it becomes 512 MiB. */
	static const struct sweep t[] = {
		{ "arm64-4k-4.19.100", 9, 64 * MiB, true }, { "arm64-16k-4.19.100", 11, 64 * MiB, true },
		{ "arm64-64k-4.19.100", 13, 512 * MiB, false },
		{ "arm64-4k-5.4.74", 9, 64 * MiB, true }, { "arm64-16k-5.4.74", 11, 64 * MiB, true },
		{ "arm64-64k-5.4.74", 13, 512 * MiB, false },
		{ "arm64-4k-5.10.100", 9, 64 * MiB, true }, { "arm64-16k-5.10.100", 11, 64 * MiB, true },
		{ "arm64-64k-5.10.100", 13, 512 * MiB, false },
		{ "arm64-4k-5.15.100", 9, 64 * MiB, true }, { "arm64-16k-5.15.100", 11, 64 * MiB, true },
		{ "arm64-64k-5.15.100", 13, 512 * MiB, false },
		{ "arm64-4k-6.1.50", 9, 64 * MiB, true }, { "arm64-16k-6.1.50", 11, 64 * MiB, true },
		{ "arm64-64k-6.1.50", 13, 512 * MiB, false },
		{ "arm64-4k-6.6.30", 9, 64 * MiB, true }, { "arm64-16k-6.6.30", 11, 64 * MiB, true },
		{ "arm64-64k-6.6.30", 13, 512 * MiB, false },
		{ "arm64-4k-6.12.5", 9, 64 * MiB, true }, { "arm64-16k-6.12.5", 11, 64 * MiB, true },
		{ "arm64-64k-6.12.5", 13, 512 * MiB, false },
		{ "arm64-4k-6.12.30", 9, 64 * MiB, true }, { "arm64-16k-6.12.30", 11, 64 * MiB, true },
		{ "arm64-64k-6.12.30", 13, 512 * MiB, false },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct run *r = run_model(D "mem2g", t[i].config, "console=ttyAMA0 cma=64M");
		const struct mg_model *m = &r->m;
		print_message("  %s\n", t[i].config);
		assert_int_equal(m->present_pages, (2 * GiB) >> m->k.page_shift);
		assert_int_equal(m->k.pageblock_order, t[i].pb);
		assert_int_equal(m->grouping_threshold_pages, (1ull << t[i].pb) * 6);
		assert_int_equal(m->mobility_grouping, t[i].grouping);
		assert_int_equal(m->ncma, 1);
		assert_int_equal(m->cma[0].requested_bytes, 64 * MiB);
		assert_int_equal(m->cma[0].size_bytes, t[i].cma_bytes);
		assert_true(m->cma[0].reserved);
		/* every limit on this board is 4 GiB: the area ends at or below it, aligned */
		assert_true(m->cma[0].base + m->cma[0].size_bytes <= 4 * GiB);
		assert_int_equal(m->cma[0].base & (m->k.cma_align_bytes - 1), 0);
		/* MemTotal never exceeds present; CMA is managed after activation */
		assert_true(m->memtotal_pages <= m->present_pages);
		assert_int_equal(m->cma_total_pages, t[i].cma_bytes >> m->k.page_shift);
		/* init_per_zone_wmark_min never goes below 128 kB; the THP raise on 4K/16K is
		 * PB * 1 zone * 11 pages (5.4's single DMA32 zone; 5.10+ single DMA zone) */
		assert_true(m->min_free_kbytes >= 128);
		run_free(r);
	}
}

/* 64K on 5.4 (CMA before memmap): the top 512 MiB block is free when CMA is placed, so
 * 0x100000000 - 512 MiB = 0xe0000000.  On 6.1 (CMA after sparse_init) the memmap and page
 * tables already sit at the top, so the next aligned block down: 0xc0000000. */
static void test_cma_topdown_64k(void **state)
{
	struct run *r = run_model(D "mem2g", "arm64-64k-5.4.74", "cma=64M");
	(void)state;
	assert_int_equal(r->m.cma[0].base, 0xe0000000ull);
	run_free(r);
	r = run_model(D "mem2g", "arm64-64k-6.1.50", "cma=64M");
	assert_int_equal(r->m.cma[0].base, 0xc0000000ull);
	assert_true(has_boot_line(&r->m, "cma: Reserved 512 MiB at 0x00000000c0000000"));
	run_free(r);
}

/* 4 GiB at 0x80000000 on 64K 5.4: DMA32 [2 GiB, 4 GiB), Normal [4 GiB, 6 GiB), each 32768
 * present; managed at zonelist build = 32768 - ceil(32768 * 64 / 65536) = 32736 per zone,
 * total 65472 >= 49152 -> grouping on. */
static void test_4g_normal_above_4g(void **state)
{
	struct run *r = run_model(D "mem4g", "arm64-64k-5.4.74", "cma=64M");
	const struct mg_model *m = &r->m;
	(void)state;
	expect_span(m, MG_ZONE_DMA32, 2 * GiB, 4 * GiB);
	expect_span(m, MG_ZONE_NORMAL, 4 * GiB, 6 * GiB);
	assert_int_equal(m->zones[MG_ZONE_DMA32].present_pages, 32768);
	assert_int_equal(m->zones[MG_ZONE_NORMAL].present_pages, 32768);
	assert_int_equal(m->grouping_total_pages, 65472);
	assert_true(m->mobility_grouping);
	/* 5.4 places the default area below arm64_dma_phys_limit = 4 GiB: in DMA32 */
	assert_int_equal(m->cma[0].base, 0xe0000000ull);
	assert_int_equal(m->cma[0].zone, MG_ZONE_DMA32);
	/* lowmem_reserve[DMA32][Normal] = managed(Normal) / 256, computed at postcore (5.4.74 >=
	 * 5.4.61) with the managed pages of that moment; Normal has no CMA, so > 0 */
	assert_int_equal(m->zones[MG_ZONE_DMA32].lowmem_reserve_pages[MG_ZONE_NORMAL],
			 m->zones[MG_ZONE_NORMAL].managed_post_pages / 256);
	assert_true(m->zones[MG_ZONE_DMA32].lowmem_reserve_pages[MG_ZONE_NORMAL] > 0);
	run_free(r);

	/* 6.1 without dma-ranges: ZONE_DMA = max_zone_phys(32) = all below 4 GiB, DMA32 empty,
	 * Normal above. */
	r = run_model(D "mem4g", "arm64-4k-6.1.50", "console=ttyAMA0");
	m = &r->m;
	expect_span(m, MG_ZONE_DMA, 2 * GiB, 4 * GiB);
	assert_int_equal(m->zones[MG_ZONE_DMA32].present_pages, 0);
	expect_span(m, MG_ZONE_NORMAL, 4 * GiB, 6 * GiB);
	assert_int_equal(m->zones[MG_ZONE_DMA].present_pages, 524288);   /* 2 GiB / 4 KiB */
	assert_int_equal(m->zones[MG_ZONE_NORMAL].present_pages, 524288);
	run_free(r);
}

/* arm64 zones per version on mem2g (2 GiB at 0x80000000). */
static void test_zones_per_version(void **state)
{
	struct run *r;
	const struct mg_model *m;
	(void)state;
	/* 5.4: max_zone_dma_phys = min((start & ~(4G-1)) + 4G, end) = 4 GiB: DMA32 only. */
	r = run_model(D "mem2g", "arm64-4k-5.4.74", NULL);
	m = &r->m;
	assert_false(m->zones[MG_ZONE_DMA].configured);
	expect_span(m, MG_ZONE_DMA32, 2 * GiB, 4 * GiB);
	assert_int_equal(m->zones[MG_ZONE_DMA32].present_pages, 524288);
	assert_int_equal(m->zones[MG_ZONE_NORMAL].present_pages, 0);
	run_free(r);

	/* 5.10.7: ARM64_ZONE_DMA_BITS 30: DMA = (0x80000000 & ~(1G-1)) + 1G = 0xc0000000;
	 * DMA32 up to 4 GiB. */
	r = run_model(D "mem2g", "arm64-4k-5.10.7", NULL);
	m = &r->m;
	expect_span(m, MG_ZONE_DMA, 0x80000000ull, 0xc0000000ull);
	expect_span(m, MG_ZONE_DMA32, 0xc0000000ull, 4 * GiB);
	assert_int_equal(m->zones[MG_ZONE_DMA].present_pages, 262144);   /* 1 GiB / 4 KiB */
	assert_int_equal(m->zones[MG_ZONE_DMA32].present_pages, 262144);
	run_free(r);

	/* 6.1, no dma-ranges: of_dma_get_max_cpu_address = PHYS_ADDR_MAX -> bits min(32, 64) = 32:
	 * "DMA" covers the first 4 GiB, DMA32 is empty. */
	r = run_model(D "mem2g", "arm64-4k-6.1.50", NULL);
	m = &r->m;
	expect_span(m, MG_ZONE_DMA, 2 * GiB, 4 * GiB);
	assert_int_equal(m->zones[MG_ZONE_DMA].present_pages, 524288);
	assert_int_equal(m->zones[MG_ZONE_DMA32].present_pages, 0);
	assert_true(has_boot_line(m, "  DMA32    empty"));
	run_free(r);

	/* 6.1 with dma-ranges reaching CPU 0x7fffffff: fls64 = 31, mask 0x7fffffff, RAM starts
	 * at 0x40000000 <= mask: DMA = [1 GiB, 2 GiB); DMA32 = max_zone_phys(32) = [2 GiB, 3 GiB). */
	r = run_model(D "lowdma", "arm64-4k-6.1.50", NULL);
	m = &r->m;
	expect_span(m, MG_ZONE_DMA, 1 * GiB, 2 * GiB);
	expect_span(m, MG_ZONE_DMA32, 2 * GiB, 3 * GiB);
	assert_int_equal(m->zones[MG_ZONE_DMA].present_pages, 262144);
	assert_int_equal(m->zones[MG_ZONE_DMA32].present_pages, 262144);
	run_free(r);

	/* 5.4 on the same board ignores dma-ranges: DMA32 [1 GiB, 3 GiB). */
	r = run_model(D "lowdma", "arm64-4k-5.4.74", NULL);
	m = &r->m;
	expect_span(m, MG_ZONE_DMA32, 1 * GiB, 3 * GiB);
	run_free(r);
}

/* mem=1G (arm64 early_mem + memblock_mem_limit_remove_map): only [2 GiB, 3 GiB) stays;
 * 1 GiB / 4 KiB = 262144 present pages, and the zone ends with memory at 3 GiB. */
static void test_mem_limit(void **state)
{
	struct run *r = run_model(D "mem2g", "arm64-4k-6.1.50", "mem=1G");
	(void)state;
	assert_int_equal(r->m.present_pages, 262144);
	expect_span(&r->m, MG_ZONE_DMA, 2 * GiB, 3 * GiB);
	assert_int_equal(r->m.nbanks, 1);
	assert_int_equal(r->m.banks[0].size, 1 * GiB);
	run_free(r);
}

/* no-map: 5.4.74 memblock_remove (not present); 6.1 memblock_mark_nomap (present, never
 * managed, counted in the "Memory:" reserved column). 16 MiB = 4096 pages of 4 KiB. */
static void test_nomap_per_version(void **state)
{
	struct run *r = run_model(D "nomap", "arm64-4k-5.4.74", NULL);
	const struct mg_region *g;
	(void)state;
	assert_int_equal(r->m.present_pages, 524288 - 4096);
	/* the zone span is unchanged: the hole is inside it */
	expect_span(&r->m, MG_ZONE_DMA32, 2 * GiB, 4 * GiB);
	g = region_named(&r->m, "fw@90000000");
	assert_non_null(g);
	assert_true(g->removed);
	assert_false(g->nomap);
	run_free(r);

	r = run_model(D "nomap", "arm64-4k-6.1.50", NULL);
	assert_int_equal(r->m.present_pages, 524288);
	g = region_named(&r->m, "fw@90000000");
	assert_non_null(g);
	assert_true(g->nomap);
	assert_false(g->removed);
	assert_true(r->m.reserved_boot_pages >= 4096);
	assert_true(r->m.memtotal_pages <= 524288 - 4096);
	run_free(r);
}

/* ---------------------------------------------------------------------------------------- */
/* CMA precedence: a dynamic 64 MiB linux,cma-default pool in DT. */
static void test_cma_dt_vs_cmdline(void **state)
{
	struct run *r;
	const struct mg_cma_area *a;
	(void)state;
	/* 5.4: the DT default always wins, cma= is ignored.  Placed dynamically before any
	 * consumer, top-down aligned to 4 MiB (4K << max(10, 9)): 4 GiB - 64 MiB = 0xfc000000. */
	r = run_model(D "cma-dt", "arm64-4k-5.4.74", "cma=128M");
	assert_int_equal(r->m.ncma, 1);
	a = cma_named(&r->m, "linux,cma");
	assert_non_null(a);
	assert_true(a->is_default);
	assert_int_equal(a->size_bytes, 64 * MiB);
	assert_int_equal(a->base, 0xfc000000ull);
	assert_null(cma_named(&r->m, "reserved"));
	run_free(r);

	/* 6.1 without cma=: the DT default again, same place (2 MiB alignment, same result). */
	r = run_model(D "cma-dt", "arm64-4k-6.1.50", NULL);
	a = cma_named(&r->m, "linux,cma");
	assert_non_null(a);
	assert_int_equal(a->base, 0xfc000000ull);
	assert_true(has_boot_line(&r->m, "Reserved memory: created CMA memory pool at 0x00000000fc000000, size 64 MiB"));
	run_free(r);

	/* 6.1 with cma=128M: rmem_cma_setup bypasses the node (given back), the cmdline area is
	 * reserved after sparse_init: top-down below 4 GiB, under the memmap (2 GiB / 4 KiB * 64 B
	 * = 32 MiB, allocated first). */
	r = run_model(D "cma-dt", "arm64-4k-6.1.50", "cma=128M");
	assert_null(cma_named(&r->m, "linux,cma"));
	a = cma_named(&r->m, "reserved");
	assert_non_null(a);
	assert_int_equal(a->size_bytes, 128 * MiB);
	assert_true(a->base + a->size_bytes <= 4 * GiB - 32 * MiB);
	assert_true(a->base >= 4 * GiB - 128 * MiB - 64 * MiB);
	assert_true(has_note(&r->m, "bypass"));
	run_free(r);

	/* 6.1 cma=0: the node is still bypassed and no default area is made. */
	r = run_model(D "cma-dt", "arm64-4k-6.1.50", "cma=0");
	assert_int_equal(r->m.ncma, 0);
	assert_int_equal(r->m.cma_total_pages, 0);
	run_free(r);
}

/* cma=S@B: fixed placement; misaligned base; too large. 6.1 4K: alignment 2 MiB. */
static void test_cma_cmdline_forms(void **state)
{
	struct run *r = run_model(D "mem2g", "arm64-4k-6.1.50", "cma=64M@0xa0000000");
	(void)state;
	assert_true(r->m.cma[0].reserved);
	assert_int_equal(r->m.cma[0].base, 0xa0000000ull);
	assert_int_equal(r->m.cma[0].size_bytes, 64 * MiB);
	assert_true(has_boot_line(&r->m, "cma: Reserved 64 MiB at 0x00000000a0000000"));
	run_free(r);

	/* base 0xa0100000 is not a multiple of 2 MiB (fixed: S@B with limit B+S) */
	r = run_model(D "mem2g", "arm64-4k-6.1.50", "cma=64M@0xa0100000");
	assert_false(r->m.cma[0].reserved);
	assert_string_equal(r->m.cma[0].failure,
			    "cma: Region at 0x00000000a0100000 must be aligned to 0x0000000000200000 bytes");
	assert_int_equal(r->m.cma_total_pages, 0);
	run_free(r);

	/* 5 GiB: base 0 + 5 GiB > limit = min(arm64_dma_phys_limit 4 GiB, memblock end 4 GiB) */
	r = run_model(D "mem2g", "arm64-4k-6.1.50", "cma=5G");
	assert_false(r->m.cma[0].reserved);
	assert_string_equal(r->m.cma[0].failure, "cma: Size (0x0000000140000000) of region at "
				"0x0000000000000000 exceeds limit (0x0000000100000000)");
	assert_true(has_boot_line(&r->m, r->m.cma[0].failure));
	/* mm/cma.c: the limit check jumps to err:, which adds the generic line with the size. */
	assert_true(has_boot_line(&r->m, "cma: Failed to reserve 5120 MiB"));
	run_free(r);
	/* 3 GiB: within the limit (3 GiB <= 4 GiB) but no free range holds it on a 2 GiB board:
	 * memblock_alloc_range_nid fails -> err: label; 6.6+ adds the node */
	r = run_model(D "mem2g", "arm64-4k-6.1.50", "cma=3G");
	assert_false(r->m.cma[0].reserved);
	assert_string_equal(r->m.cma[0].failure, "cma: Failed to reserve 3072 MiB");
	run_free(r);
	r = run_model(D "mem2g", "arm64-4k-6.6.30", "cma=3G");
	assert_string_equal(r->m.cma[0].failure, "cma: Failed to reserve 3072 MiB on node 0");
	run_free(r);
	/* exactly 4 GiB: base + size == limit is not "exceeds" (the kernel tests >), it just
	 * finds no room */
	r = run_model(D "mem2g", "arm64-4k-6.1.50", "cma=4G");
	assert_string_equal(r->m.cma[0].failure, "cma: Failed to reserve 4096 MiB");
	run_free(r);

	/* cma=0: no default area even though Kconfig would give one (percentage config) */
	r = run_model(D "mem2g", "arm64-4k-6.1.50-percent", "cma=0");
	assert_int_equal(r->m.ncma, 0);
	run_free(r);
}

/* CONFIG_CMA_SIZE_SEL_PERCENTAGE=10 on 2 GiB: cma_early_percent_memory =
 * (524288 pages * 10 / 100 = 52428) << 12 = 214745088 bytes; rounded up to 2 MiB:
 * 103 * 2 MiB = 216006656. */
static void test_cma_kconfig_percentage(void **state)
{
	struct run *r = run_model(D "mem2g", "arm64-4k-6.1.50-percent", NULL);
	(void)state;
	assert_int_equal(r->m.ncma, 1);
	assert_int_equal(r->m.cma[0].requested_bytes, 214745088);
	assert_int_equal(r->m.cma[0].size_bytes, 216006656);
	assert_true(r->m.cma[0].reserved);
	run_free(r);
}

/* DT pools: the static 17 MiB reusable pool is not a multiple of 2 MiB -> "incorrect
 * alignment of CMA region", given back; the dynamic 32 MiB pool goes top-down into its
 * alloc-ranges window [0xc0000000, 0xd0000000): 0xd0000000 - 32 MiB = 0xce000000. */
static void test_dt_pools(void **state)
{
	struct run *r = run_model(D "rmem-pools", "arm64-4k-6.1.50", NULL);
	const struct mg_cma_area *a;
	const struct mg_region *g;
	(void)state;
	assert_null(cma_named(&r->m, "pool@a0000000"));
	g = region_named(&r->m, "pool@a0000000");
	assert_non_null(g);
	assert_int_equal(g->size_bytes, 0); /* given back */
	a = cma_named(&r->m, "pool-dyn");
	assert_non_null(a);
	assert_false(a->is_default);
	assert_int_equal(a->base, 0xce000000ull);
	assert_int_equal(a->size_bytes, 32 * MiB);
	assert_true(a->activated);
	assert_int_equal(r->m.cma_total_pages, 8192); /* 32 MiB / 4 KiB; no default area */
	assert_true(has_boot_line(&r->m, "Reserved memory: created CMA memory pool at 0x00000000ce000000, size 32 MiB"));
	run_free(r);

	/* 5.4: same placement (4 MiB alignment: 0xce000000 is a multiple); 17 MiB is not a
	 * multiple of 4 MiB either -> given back. */
	r = run_model(D "rmem-pools", "arm64-4k-5.4.74", NULL);
	a = cma_named(&r->m, "pool-dyn");
	assert_non_null(a);
	assert_int_equal(a->base, 0xce000000ull);
	assert_null(cma_named(&r->m, "pool@a0000000"));
	run_free(r);
}

/* ---------------------------------------------------------------------------------------- */
/* Board-level command-line effects on watermarks. */
static void test_board_sysctl_and_thp(void **state)
{
	struct run *r;
	(void)state;
	/* >= 5.8: do_sysctl_args sets the user value */
	r = run_model(D "mem2g", "arm64-4k-5.10.100", "sysctl.vm.min_free_kbytes=12345");
	assert_int_equal(r->m.min_free_kbytes, 12345);
	/* pages_min = 12345 >> 2 = 3086 in the only populated zone (DMA, all 2 GiB) */
	assert_int_equal(r->m.zones[MG_ZONE_DMA].min_pages, 3086);
	run_free(r);
	/* < 5.8: ignored, and the report says so */
	r = run_model(D "mem2g", "arm64-4k-5.4.74", "sysctl.vm.min_free_kbytes=12345");
	assert_true(r->m.min_free_kbytes != 12345);
	assert_true(has_note(&r->m, "ignore sysctl"));
	run_free(r);
	/* 5.15, THP always, 4K HUGETLB: one populated zone <= NORMAL (DMA) ->
	 * rec = 512 * 1 * 11 = 5632 pages = 22528 kB, below nfb/20 (~ 500000/20 = 25000 pages),
	 * above the sqrt default (isqrt(16 * ~2 GiB in kB) ~ 5.8 MB) -> exactly 22528 */
	r = run_model(D "mem2g", "arm64-4k-5.15.100", NULL);
	assert_int_equal(r->m.min_free_kbytes, 22528);
	run_free(r);
	/* transparent_hugepage=never: no raise; the sqrt default is far below 22528 */
	r = run_model(D "mem2g", "arm64-4k-5.15.100", "transparent_hugepage=never");
	assert_true(r->m.min_free_kbytes < 8000);
	assert_int_equal(r->m.nwmark_steps, 1);
	run_free(r);
}

/* 6.6+ __reserved_mem_alloc_in_range: the window [0x91000000, 0xa1000000) starts at the end of
 * the firmware region [0x90000000, 0x91000000) and ends in free memory, so it is searched
 * bottom-up: the 32 MiB pool lands at 0x91000000.  6.1 searches every window top-down: the
 * highest 2 MiB-aligned (CMA on 4K pages, 6.1: pageblock) fit is 0xa1000000 - 32 MiB. */
static void test_rmem_alloc_adjacent(void **state)
{
	struct run *r = run_model(D "rmem-adjacent", "arm64-4k-6.6.30", NULL);
	(void)state;
	assert_int_equal(cma_named(&r->m, "pool-near")->base, 0x91000000ull);
	run_free(r);
	r = run_model(D "rmem-adjacent", "arm64-4k-6.1.50", NULL);
	assert_int_equal(cma_named(&r->m, "pool-near")->base, 0x9f000000ull);
	run_free(r);
}

/* mm/sparse.c: sparse_buffer_init + vmemmap_populate on mem2g (2 GiB at 0x80000000, 16
 * sections of 128 MiB from 5.12, 2 of 1 GiB before; struct page 64 bytes).  The buffer is
 * nsec * section_map_size() (a section's struct pages rounded up to PMD_SIZE), placed top-down
 * below the page tables etc. near 0x1_0000_0000, aligned to section_map_size() from 5.10 and to
 * a page in 5.4; arm64 4K takes PMD blocks from its bottom, 16K/64K base pages. */
static void test_memmap_sparse_buffer(void **state)
{
	static const struct {
		const char *config;
		uint64_t base, bytes, align;
	} cases[] = {
		/* 6.1 4K: 16 x (32768 x 64 = 2 MiB), buffer 32 MiB aligned 2 MiB */
		{ "arm64-4k-6.1.50", 0xfde00000, 32ull << 20, 2ull << 20 },
		/* 5.10 4K: 2 x (262144 x 64 = 16 MiB), buffer 32 MiB aligned 16 MiB */
		{ "arm64-4k-5.10.100", 0xfd000000, 32ull << 20, 16ull << 20 },
		/* 5.4 4K: the same 32 MiB page-aligned: the first PMD block rounds up to 2 MiB, so 15
		 * blocks fit and the 16th comes from memblock on its own (next case) */
		{ "arm64-4k-5.4.74", 0xfe000000, 30ull << 20, 2ull << 20 },
		/* 6.12 16K: base pages, 16 x (8192 x 64 = 512 KiB) = 8 MiB at the bottom of a buffer of
		 * 16 x 32 MiB aligned 32 MiB */
		{ "arm64-16k-6.12.30", 0xde000000, 8ull << 20, 32ull << 20 },
		/* 6.1 64K: 4 x 512 MiB buffer cannot fit: 4 x (8192 x 64) = 2 MiB page by page */
		{ "arm64-64k-6.1.50", 0xffda0000, 2ull << 20, 64ull << 10 },
		/* 5.4 64K: 2 x 512 MiB page-aligned fits: 2 x (16384 x 64) = 2 MiB at its bottom */
		{ "arm64-64k-5.4.74", 0xbffa0000, 2ull << 20, 64ull << 10 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run *r = run_model(D "mem2g", cases[i].config, NULL);
		const struct mg_region *g = region_named(&r->m, "memmap (struct page)");
		assert_non_null(g);
		if (g->base != cases[i].base || g->size_bytes != cases[i].bytes)
			fail_msg("%s: memmap at %#llx, %llu bytes", cases[i].config, (unsigned long long)g->base,
				 (unsigned long long)g->size_bytes);
		assert_int_equal(g->base % cases[i].align, 0);
		g = region_named(&r->m, "memmap (struct page), past the buffer");
		if (!strcmp(cases[i].config, "arm64-4k-5.4.74")) {
			assert_non_null(g);
			assert_int_equal(g->size_bytes, 2ull << 20);
			assert_int_equal(g->base % (2ull << 20), 0);
		} else {
			assert_null(g);
		}
		run_free(r);
	}
}

/* Two NUMA nodes of 1 GiB (QEMU's numa-node-id on the /memory nodes; the frozen boot
 * tests/boots/numa-2node, Debian 6.1 with CONFIG_NUMA).  sparse_init_nid allocates each node's
 * memmap inside the node: 8 sections x 2 MiB = 16 MiB below 0x80000000 and above it;
 * hashdist leaves no early dentry/inode hash table; the THP raise counts both nodes' DMA
 * zones: 512 pages x 2 zones x 11 = 11264 pages = 45056 kB (the boot's min_free_kbytes). */
static void test_numa_nodes(void **state)
{
	struct run *r = run_model_path("tests/boots/numa-2node/board", NULL, NULL);
	size_t nmemmap = 0;
	(void)state;
	for (size_t i = 0; i < r->m.nregions; i++) {
		const struct mg_region *g = &r->m.regions[i];
		if (strcmp(g->name, "memmap (struct page)"))
			continue;
		nmemmap++;
		assert_int_equal(g->size_bytes, 16 * MiB);
		/* inside one node: [0x40000000, 0x80000000) or [0x80000000, 0xc0000000) */
		assert_true(g->base / 0x40000000u == (g->base + g->size_bytes - 1) / 0x40000000u);
	}
	assert_int_equal(nmemmap, 2);
	assert_null(region_named(&r->m, "dentry hash table"));
	assert_null(region_named(&r->m, "inode hash table"));
	assert_int_equal(r->m.min_free_kbytes, 45056);
	run_free(r);
}

/* lib/stackdepot.c: stack_depot_init (mm_init), 5.12-5.16: with STACKDEPOT the hash table of
 * 1 << STACK_HASH_ORDER pointers comes from memblock, aligned to its size: 8 << 20 = 8 MiB by
 * default, 8 << 12 = 32 KiB at order 12.  5.10 keeps it in .bss (inside _end), 5.17 allocates
 * it only on request, stack_depot_disable=on skips it. */
static void test_stackdepot(void **state)
{
	static const struct {
		const char *config, *cmdline;
		uint64_t bytes;
	} cases[] = {
		{ "arm64-4k-5.15.100-stackdepot", NULL, 8ull << 20 },
		{ "arm64-4k-5.15.100-stackdepot12", NULL, 32ull << 10 },
		{ "arm64-4k-5.15.100-stackdepot", "stack_depot_disable=on", 0 },
		{ "arm64-4k-5.15.100-stackdepot", "stack_depot_disable=on stack_depot_disable=0", 8ull << 20 },
		{ "arm64-4k-5.15.100", NULL, 0 },
		{ "arm64-4k-5.10.100-stackdepot", NULL, 0 },
		{ "arm64-4k-5.17.0-stackdepot", NULL, 0 },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run *r = run_model(D "mem2g", cases[i].config, cases[i].cmdline);
		const struct mg_region *g = region_named(&r->m, "stack depot hash table");
		if (!cases[i].bytes) {
			assert_null(g);
		} else {
			assert_non_null(g);
			assert_int_equal(g->size_bytes, cases[i].bytes);
			assert_int_equal(g->base % cases[i].bytes, 0);
		}
		run_free(r);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rmem_alloc_adjacent),
		cmocka_unit_test(test_e2000q_exact),
		cmocka_unit_test(test_version_page_size_sweep),
		cmocka_unit_test(test_cma_topdown_64k),
		cmocka_unit_test(test_4g_normal_above_4g),
		cmocka_unit_test(test_zones_per_version),
		cmocka_unit_test(test_mem_limit),
		cmocka_unit_test(test_nomap_per_version),
		cmocka_unit_test(test_cma_dt_vs_cmdline),
		cmocka_unit_test(test_cma_cmdline_forms),
		cmocka_unit_test(test_cma_kconfig_percentage),
		cmocka_unit_test(test_dt_pools),
		cmocka_unit_test(test_board_sysctl_and_thp),
		cmocka_unit_test(test_stackdepot),
		cmocka_unit_test(test_numa_nodes),
		cmocka_unit_test(test_memmap_sparse_buffer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
