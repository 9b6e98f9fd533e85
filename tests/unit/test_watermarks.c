/* Unit tests: kernel build constants (src/model/kernel.c + the kver table) and the watermark
 * module (src/model/watermarks.c), driven directly with hand-chosen managed page counts so
 * every expected number can be derived in a comment from the kernel formula:
 *   mm/page_alloc.c: init_per_zone_wmark_min / calculate_min_free_kbytes,
 *   __setup_per_zone_wmarks, setup_per_zone_lowmem_reserve;
 *   mm/khugepaged.c: set_recommended_min_free_kbytes
 * (kernel-watermarks.md sections 1-4).  isqrt values were checked as n^2 <= x < (n+1)^2. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include <memgate/board.h>
#include <memgate/kconfig.h>

#include "model/model_internal.h"

struct fx {
	struct mg_model *m;
	struct mg_board *b;
	struct mg_model_ctx c;
	struct mg_error err;
};

/* A .config: header line for version, then the given symbols. */
static struct fx *fx_new(const char *version, const char *syms, const char *cmdline)
{
	struct fx *f = calloc(1, sizeof(*f));
	char cfg[4096];
	int n;

	assert_non_null(f);
	f->m = calloc(1, sizeof(*f->m));
	f->b = calloc(1, sizeof(*f->b));
	assert_non_null(f->m);
	assert_non_null(f->b);
	n = snprintf(cfg, sizeof(cfg),
		     "#\n# Automatically generated file; DO NOT EDIT.\n# Linux/arm64 %s Kernel Configuration\n#\n"
		     "CONFIG_ARM64=y\n%s", version, syms);
	assert_true(n > 0 && (size_t)n < sizeof(cfg));
	assert_int_equal(mg_kconfig_parse_buf(&f->b->kconfig, cfg, (size_t)n, "test.config", &f->err), 0);
	f->c.m = f->m;
	f->c.b = f->b;
	f->c.err = &f->err;
	if (cmdline)
		assert_int_equal(mg_cmdline_parse(&f->c.cl, cmdline, MG_CMDLINE_SRC_BOOTLOADER, "cmdline", 1,
						  &f->err), 0);
	assert_int_equal(mg_kernel_derive(&f->c), 0);
	return f;
}

static void fx_free(struct fx *f)
{
	mg_cmdline_free(&f->c.cl);
	mg_kconfig_free(&f->b->kconfig);
	free(f->b);
	free(f->m);
	free(f);
}

/* Zone z with managed pages at mem_init (boot), after CMA activation (post) and final. */
static void zone(struct fx *f, enum mg_zone_type z, uint64_t boot, uint64_t post, uint64_t final)
{
	struct mg_zone *zn = &f->m->zones[z];
	zn->type = z;
	zn->present_pages = final + 100; /* populated; present only decides "populated" here */
	zn->managed_boot_pages = boot;
	zn->managed_post_pages = post;
	zn->managed_pages = final;
	zn->cma_pages = post - boot;
}

static void expect_marks(const struct mg_zone *z, uint64_t min, uint64_t low, uint64_t high, uint64_t promo)
{
	assert_int_equal(z->min_pages, min);
	assert_int_equal(z->low_pages, low);
	assert_int_equal(z->high_pages, high);
	assert_int_equal(z->promo_pages, promo);
}

/* ------------------------------------------------------------------------------------------ */
/* Kernel constants per table row and page size (include/linux/pageblock-flags.h, mmzone.h,
 * arch/arm64/Kconfig FORCE_MAX_ZONEORDER / ARCH_FORCE_MAX_ORDER, mm/cma.c alignment). */

#define CMA_SYMS "CONFIG_CMA=y\nCONFIG_DMA_CMA=y\nCONFIG_MEMORY_ISOLATION=y\n"
#define THP "CONFIG_TRANSPARENT_HUGEPAGE=y\nCONFIG_TRANSPARENT_HUGEPAGE_ALWAYS=y\n"
#define HUGETLB "CONFIG_HUGETLB_PAGE=y\n"

struct kconst {
	const char *version, *syms;
	unsigned page_shift, max_order, pageblock_order;
	uint64_t cma_align_bytes;
	const char *why;
};

static void test_kernel_constants(void **state)
{
	/* K = largest buddy order; pb = pageblock_order; HUGETLB_PAGE_ORDER = PMD order =
	 * PAGE_SHIFT - 3 on arm64 (9 / 11 / 13 for 4K / 16K / 64K).
	 * <= 5.17: CMA alignment = PAGE_SIZE << max(MAX_ORDER - 1, pageblock_order);
	 * 5.18+:   CMA_MIN_ALIGNMENT_BYTES = PAGE_SIZE << pageblock_order. */
	static const struct kconst t[] = {
		/* 4.19 4K: FORCE_MAX_ZONEORDER 11 -> K 10; HUGETLB pb 9; 4K << 10 = 4 MiB */
		{ "4.19.100", "CONFIG_ARM64_PAGE_SHIFT=12\nCONFIG_FORCE_MAX_ZONEORDER=11\n" THP HUGETLB CMA_SYMS,
		  12, 10, 9, 4ull << 20, "4.19 4K" },
		/* 4.19 64K THP=y: FORCE_MAX_ZONEORDER 14 -> K 13; pb 13; 64K << 13 = 512 MiB */
		{ "4.19.100", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_FORCE_MAX_ZONEORDER=14\n" THP HUGETLB CMA_SYMS,
		  16, 13, 13, 512ull << 20, "4.19 64K THP" },
		/* 5.4 64K THP=y (the E2000Q): 512 MiB */
		{ "5.4.74", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_FORCE_MAX_ZONEORDER=14\n" THP HUGETLB CMA_SYMS,
		  16, 13, 13, 512ull << 20, "5.4 64K THP" },
		/* 5.4 16K THP=y: FORCE_MAX_ZONEORDER 12 -> K 11; pb 11; 16K << 11 = 32 MiB */
		{ "5.4.74", "CONFIG_ARM64_PAGE_SHIFT=14\nCONFIG_FORCE_MAX_ZONEORDER=12\n" THP HUGETLB CMA_SYMS,
		  14, 11, 11, 32ull << 20, "5.4 16K" },
		/* 5.10 64K THP=n HUGETLB=n: FORCE_MAX_ZONEORDER 11 -> K 10, pb = MAX_ORDER-1 = 10;
		 * 64K << 10 = 64 MiB */
		{ "5.10.100", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_FORCE_MAX_ZONEORDER=11\n" CMA_SYMS,
		  16, 10, 10, 64ull << 20, "5.10 64K no THP no HUGETLB" },
		/* 5.10 64K THP=n HUGETLB=y: K 10 but pb = HUGETLB_PAGE_ORDER 13 (> K, not clamped
		 * before 5.18); 64K << max(10, 13) = 512 MiB */
		{ "5.10.100", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_FORCE_MAX_ZONEORDER=11\n" HUGETLB CMA_SYMS,
		  16, 10, 13, 512ull << 20, "5.10 64K HUGETLB only" },
		/* 5.15 4K: K 10, pb 9; 4K << max(10, 9) = 4 MiB */
		{ "5.15.100", "CONFIG_ARM64_PAGE_SHIFT=12\nCONFIG_FORCE_MAX_ZONEORDER=11\n" THP HUGETLB CMA_SYMS,
		  12, 10, 9, 4ull << 20, "5.15 4K" },
		/* 5.15 64K: FORCE_MAX_ZONEORDER 14 regardless of THP -> K 13, pb 13: 512 MiB */
		{ "5.15.100", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_FORCE_MAX_ZONEORDER=14\n" HUGETLB CMA_SYMS,
		  16, 13, 13, 512ull << 20, "5.15 64K" },
		/* 6.1 4K: ARCH_FORCE_MAX_ORDER 11 (exclusive) -> K 10; pb min(9, 10) = 9;
		 * CMA_MIN_ALIGNMENT_BYTES = 4K << 9 = 2 MiB */
		{ "6.1.50", "CONFIG_ARM64_PAGE_SHIFT=12\nCONFIG_ARCH_FORCE_MAX_ORDER=11\n" THP HUGETLB CMA_SYMS,
		  12, 10, 9, 2ull << 20, "6.1 4K" },
		/* 6.1 16K: ARCH_FORCE_MAX_ORDER 12 -> K 11; pb 11; 16K << 11 = 32 MiB */
		{ "6.1.50", "CONFIG_ARM64_PAGE_SHIFT=14\nCONFIG_ARCH_FORCE_MAX_ORDER=12\n" THP HUGETLB CMA_SYMS,
		  14, 11, 11, 32ull << 20, "6.1 16K" },
		/* 6.1 64K: ARCH_FORCE_MAX_ORDER 14 -> K 13; pb 13: 512 MiB */
		{ "6.1.50", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_ARCH_FORCE_MAX_ORDER=14\n" THP HUGETLB CMA_SYMS,
		  16, 13, 13, 512ull << 20, "6.1 64K" },
		/* 6.6 64K: ARCH_FORCE_MAX_ORDER 13, inclusive since 6.4 -> K 13; pb 13: 512 MiB */
		{ "6.6.30", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_ARCH_FORCE_MAX_ORDER=13\n" THP HUGETLB CMA_SYMS,
		  16, 13, 13, 512ull << 20, "6.6 64K" },
		/* 6.6 4K THP, no HUGETLB: ARCH_FORCE_MAX_ORDER 10 -> K 10; pb = MAX_ORDER = 10: 4 MiB */
		{ "6.6.30", "CONFIG_ARM64_PAGE_SHIFT=12\nCONFIG_ARCH_FORCE_MAX_ORDER=10\n" THP CMA_SYMS,
		  12, 10, 10, 4ull << 20, "6.6 4K THP only" },
		/* 6.12 4K THP, no HUGETLB: pb = min(HPAGE_PMD_ORDER 9, MAX_PAGE_ORDER 10) = 9: 2 MiB */
		{ "6.12.5", "CONFIG_PAGE_SHIFT=12\nCONFIG_ARCH_FORCE_MAX_ORDER=10\n" THP CMA_SYMS,
		  12, 10, 9, 2ull << 20, "6.12 4K THP only" },
		/* 6.12 16K: ARCH_FORCE_MAX_ORDER 11 -> K 11; pb 11: 32 MiB */
		{ "6.12.5", "CONFIG_PAGE_SHIFT=14\nCONFIG_ARCH_FORCE_MAX_ORDER=11\n" THP HUGETLB CMA_SYMS,
		  14, 11, 11, 32ull << 20, "6.12 16K" },
		/* 6.12 64K, neither THP nor HUGETLB: pb = MAX_PAGE_ORDER 13: 512 MiB */
		{ "6.12.30", "CONFIG_PAGE_SHIFT=16\nCONFIG_ARCH_FORCE_MAX_ORDER=13\n" CMA_SYMS,
		  16, 13, 13, 512ull << 20, "6.12 64K" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct fx *f = fx_new(t[i].version, t[i].syms, NULL);
		const struct mg_kernel *k = &f->m->k;
		print_message("  %s\n", t[i].why);
		assert_int_equal(k->page_shift, t[i].page_shift);
		assert_int_equal(k->max_order, t[i].max_order);
		assert_int_equal(k->pageblock_order, t[i].pageblock_order);
		assert_int_equal(k->pageblock_pages, 1ull << t[i].pageblock_order);
		assert_int_equal(k->cma_align_bytes, t[i].cma_align_bytes);
		/* enum migratetype: UNMOVABLE, MOVABLE, RECLAIMABLE, HIGHATOMIC (= PCPTYPES + 1),
		 * + CMA, + ISOLATE -> 6 */
		assert_int_equal(k->migrate_types, 6);
		fx_free(f);
	}
}

/* MIGRATE_TYPES without CMA / without MEMORY_ISOLATION; no MAX_ORDER symbol (mmzone.h
 * default 11 exclusive -> K 10). */
static void test_migrate_types_and_defaults(void **state)
{
	struct fx *f = fx_new("5.10.100", "CONFIG_ARM64_PAGE_SHIFT=12\n", NULL);
	(void)state;
	assert_int_equal(f->m->k.migrate_types, 4);
	assert_int_equal(f->m->k.max_order, 10);
	assert_int_equal(f->m->k.pageblock_order, 10); /* no HUGETLB/THP: MAX_ORDER - 1 */
	assert_string_equal(f->m->k.thp_mode, "off");
	fx_free(f);
	f = fx_new("5.10.100", "CONFIG_ARM64_PAGE_SHIFT=12\nCONFIG_MEMORY_ISOLATION=y\n", NULL);
	assert_int_equal(f->m->k.migrate_types, 5);
	fx_free(f);
}

/* transparent_hugepage= on the command line: the last one wins (setup_transparent_hugepage). */
static void test_thp_mode(void **state)
{
	struct fx *f = fx_new("6.1.50", THP, "transparent_hugepage=never transparent_hugepage=madvise");
	(void)state;
	assert_string_equal(f->m->k.thp_mode, "madvise");
	assert_true(f->m->k.thp_enabled);
	fx_free(f);
	f = fx_new("6.1.50", "CONFIG_TRANSPARENT_HUGEPAGE=y\nCONFIG_TRANSPARENT_HUGEPAGE_MADVISE=y\n",
		   "transparent_hugepage=never");
	assert_string_equal(f->m->k.thp_mode, "never");
	assert_false(f->m->k.thp_enabled);
	fx_free(f);
}

/* thp_anon= (6.12, mm/huge_memory.c: setup_thp_anon): only the PMD order decides whether
 * khugepaged raises min_free_kbytes (mm/khugepaged.c: hugepage_pmd_enabled); PMD_ORDER is 9 on
 * 4K pages (2M), 13 on 64K pages (512M). */
static void test_thp_anon(void **state)
{
	static const struct {
		const char *version, *syms, *cmdline;
		bool pmd_enabled;
	} cases[] = {
		/* global never, 2M always: raised (the observed 6.12.117 boot v6.12-thp-anon-pmd) */
		{ "6.12.100", THP, "transparent_hugepage=never thp_anon=16K-64K:always;2M:always", true },
		/* global always, 2M never: not raised (v6.12-thp-anon-off) */
		{ "6.12.100", THP, "thp_anon=2M:never", false },
		/* 2M inherits the global never */
		{ "6.12.100", THP, "transparent_hugepage=never thp_anon=64K:always;2M:inherit", false },
		/* madvise for the PMD order is enough */
		{ "6.12.100", THP, "transparent_hugepage=never thp_anon=2M:madvise", true },
		/* malformed values change nothing: unknown policy, 4K (order 0), not a power of 2,
		 * a range given backwards, a missing policy */
		{ "6.12.100", THP, "thp_anon=2M:nope", true },
		{ "6.12.100", THP, "thp_anon=4K:never", true },
		{ "6.12.100", THP, "thp_anon=3M:never", true },
		{ "6.12.100", THP, "thp_anon=2M-16K:never", true },
		{ "6.12.100", THP, "thp_anon=2M", true },
		/* a later occurrence applies on top of an earlier one */
		{ "6.12.100", THP, "thp_anon=2M:never thp_anon=2M:always", true },
		/* one bad token of two leaves the whole value ignored */
		{ "6.12.100", THP, "thp_anon=2M:never;8K:always", true },
		/* 64K pages: the PMD is 512M, so 2M is not the PMD order */
		{ "6.12.100", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_TRANSPARENT_HUGEPAGE=y\nCONFIG_TRANSPARENT_HUGEPAGE_ALWAYS=y\n",
		  "thp_anon=2M:never", true },
		{ "6.12.100", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_TRANSPARENT_HUGEPAGE=y\nCONFIG_TRANSPARENT_HUGEPAGE_ALWAYS=y\n",
		  "thp_anon=512M:never", false },
		/* READ_ONLY_THP_FOR_FS keeps khugepaged for files while the global mode is on */
		{ "6.12.100", THP "CONFIG_READ_ONLY_THP_FOR_FS=y\n", "thp_anon=2M:never", true },
		/* before 6.12 the parameter does not exist */
		{ "6.6.9", THP, "thp_anon=2M:never", true },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fx *f = fx_new(cases[i].version, cases[i].syms, cases[i].cmdline);
		if (f->m->k.thp_enabled != cases[i].pmd_enabled)
			fail_msg("case %zu (%s): PMD THP %d, want %d", i, cases[i].cmdline, f->m->k.thp_enabled,
				 cases[i].pmd_enabled);
		fx_free(f);
	}
}

/* The table rows the issue names exist and carry their switches. */
static void test_kver_rows(void **state)
{
	(void)state;
	assert_null(mg_kver_lookup(MG_KV(4, 14, 200)));
	/* hugetlb_cma alignment: gigantic page, PMD on 5.16-6.9, gigantic again from 6.10
	 * (mm/hugetlb.c: hugetlb_cma_reserve read in 5.14, 5.17, 6.1.192, 6.6.9, 6.8, 6.12). */
	assert_false(mg_kver_lookup(MG_KV(5, 10, 223))->hugetlb_cma_pmd_align);
	assert_false(mg_kver_lookup(MG_KV(5, 15, 135))->hugetlb_cma_pmd_align);
	assert_true(mg_kver_lookup(MG_KV(5, 16, 0))->hugetlb_cma_pmd_align);
	assert_true(mg_kver_lookup(MG_KV(6, 1, 192))->hugetlb_cma_pmd_align);
	assert_true(mg_kver_lookup(MG_KV(6, 9, 5))->hugetlb_cma_pmd_align);
	assert_false(mg_kver_lookup(MG_KV(6, 10, 0))->hugetlb_cma_pmd_align);
	assert_false(mg_kver_lookup(MG_KV(6, 12, 117))->hugetlb_cma_pmd_align);
	/* a dynamic no-map region: removed on 5.10.223 (booted) and 5.12.9, NOMAP from 5.13;
	 * a static one is NOMAP from 5.10.89 */
	assert_true(mg_kver_lookup(MG_KV(5, 10, 223))->dt_nomap_marks);
	assert_false(mg_kver_lookup(MG_KV(5, 10, 223))->dt_dynamic_nomap_marks);
	assert_false(mg_kver_lookup(MG_KV(5, 12, 9))->dt_dynamic_nomap_marks);
	assert_true(mg_kver_lookup(MG_KV(5, 15, 135))->dt_dynamic_nomap_marks);
	assert_true(mg_kver_lookup(MG_KV(6, 12, 117))->dt_dynamic_nomap_marks);
	/* arm64 image reservation from _text (5.10.223, 6.12.117) or _stext (5.15-6.12.0) */
	assert_false(mg_kver_lookup(MG_KV(5, 10, 223))->image_from_stext);
	assert_true(mg_kver_lookup(MG_KV(6, 1, 192))->image_from_stext);
	assert_true(mg_kver_lookup(MG_KV(6, 12, 0))->image_from_stext);
	assert_false(mg_kver_lookup(MG_KV(6, 12, 117))->image_from_stext);
	assert_false(mg_kver_lookup(MG_KV(4, 19, 100))->wmark_postcore);
	assert_true(mg_kver_lookup(MG_KV(4, 19, 142))->wmark_postcore);
	assert_false(mg_kver_lookup(MG_KV(5, 4, 60))->wmark_postcore);
	assert_true(mg_kver_lookup(MG_KV(5, 4, 74))->wmark_postcore);
	assert_int_equal(mg_kver_lookup(MG_KV(5, 4, 74))->min_free_kbytes_cap, 65536);
	assert_int_equal(mg_kver_lookup(MG_KV(5, 10, 100))->min_free_kbytes_cap, 262144);
	assert_false(mg_kver_lookup(MG_KV(5, 4, 74))->cmdline_sysctl);
	assert_true(mg_kver_lookup(MG_KV(5, 10, 100))->cmdline_sysctl);
	assert_true(mg_kver_lookup(MG_KV(6, 12, 5))->lowmem_reserve_skip_empty_upper);
	assert_false(mg_kver_lookup(MG_KV(6, 12, 30))->lowmem_reserve_skip_empty_upper);
	/* rows are contiguous: every row starts where the previous one ends */
	{
		size_t n;
		const struct mg_kver *t = mg_kver_table(&n);
		for (size_t i = 1; i < n; i++)
			assert_int_equal(t[i].from, t[i - 1].to);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Watermarks.  4K pages (PKB 4) unless stated; wsf = 10. */

#define A4K "CONFIG_ARM64_PAGE_SHIFT=12\nCONFIG_FORCE_MAX_ZONEORDER=11\n" CMA_SYMS
#define A4K6 "CONFIG_ARM64_PAGE_SHIFT=12\nCONFIG_ARCH_FORCE_MAX_ORDER=11\n" CMA_SYMS

/* Single zone, CMA 16384 pages: boot 200000, post 216384.  THP not built.
 * 4.19.100 (core_initcall, CMA not yet managed): lowmem_kB = 200000 * 4 = 800000;
 *   isqrt(16 * 800000 = 12800000) = 3577 (3577^2 = 12794929); pages_min = 3577 >> 2 = 894;
 *   d = max(894 >> 2 = 223, mult_frac(200000, 10, 10000) = 200) = 223 -> 894/1117/1340.
 * 5.4.74 (postcore, CMA counted): lowmem_kB = 216384 * 4 = 865536; isqrt(13848576) = 3721
 *   (3721^2 = 13845841); pages_min = 930; d = max(232, 21*10 + 6384*10/10000 = 216) = 232
 *   -> 930/1162/1394. */
static void test_wmark_core_vs_postcore(void **state)
{
	struct fx *f = fx_new("4.19.100", A4K, NULL);
	(void)state;
	zone(f, MG_ZONE_DMA32, 200000, 216384, 220000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 3577);
	expect_marks(&f->m->zones[MG_ZONE_DMA32], 894, 1117, 1340, 0);
	fx_free(f);

	f = fx_new("5.4.74", A4K, NULL);
	zone(f, MG_ZONE_DMA32, 200000, 216384, 220000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 3721);
	expect_marks(&f->m->zones[MG_ZONE_DMA32], 930, 1162, 1394, 0);
	fx_free(f);
}

/* Two zones DMA32 400000 + Normal 600000 (no CMA), 5.10.100, THP not built.
 * lowmem = 1000000 pages = 4000000 kB; isqrt(64000000) = 8000; pages_min = 2000.
 * DMA32: t = 2000*400000/1000000 = 800, d = max(200, 400) = 400 -> 800/1200/1600.
 * Normal: t = 1200, d = max(300, 600) = 600 -> 1200/1800/2400.
 * lowmem_reserve[DMA32][Normal..Movable] = 600000 / 256 = 2343; Normal row: 0 / 32 = 0. */
static void test_wmark_two_zones_510(void **state)
{
	struct fx *f = fx_new("5.10.100", A4K, NULL);
	const struct mg_zone *d32, *nor;
	(void)state;
	zone(f, MG_ZONE_DMA32, 400000, 400000, 400000);
	zone(f, MG_ZONE_NORMAL, 600000, 600000, 600000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	d32 = &f->m->zones[MG_ZONE_DMA32];
	nor = &f->m->zones[MG_ZONE_NORMAL];
	assert_int_equal(f->m->min_free_kbytes, 8000);
	expect_marks(d32, 800, 1200, 1600, 0);
	expect_marks(nor, 1200, 1800, 2400, 0);
	assert_int_equal(d32->lowmem_reserve_pages[MG_ZONE_DMA32], 0);
	assert_int_equal(d32->lowmem_reserve_pages[MG_ZONE_NORMAL], 2343);
	assert_int_equal(d32->lowmem_reserve_pages[MG_ZONE_MOVABLE], 2343);
	assert_int_equal(nor->lowmem_reserve_pages[MG_ZONE_MOVABLE], 0);
	/* empty DMA zone: 5.10+ clears its row (!managed(lower)) */
	assert_int_equal(f->m->zones[MG_ZONE_DMA].lowmem_reserve_pages[MG_ZONE_NORMAL], 0);
	fx_free(f);
}

/* 5.4 (no empty-lower rule): the empty DMA zone still gets a reserve:
 * DMA[DMA32] = 400000/256 = 1562, DMA[Normal] = 1000000/256 = 3906. */
static void test_lowmem_reserve_empty_lower_54(void **state)
{
	struct fx *f = fx_new("5.4.74", A4K, NULL);
	(void)state;
	zone(f, MG_ZONE_DMA32, 400000, 400000, 400000);
	zone(f, MG_ZONE_NORMAL, 600000, 600000, 600000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->zones[MG_ZONE_DMA].lowmem_reserve_pages[MG_ZONE_DMA32], 1562);
	assert_int_equal(f->m->zones[MG_ZONE_DMA].lowmem_reserve_pages[MG_ZONE_NORMAL], 3906);
	fx_free(f);
}

/* THP raise below the nfb/20 cap: 5.15.100 4K, HUGETLB pb 512, two populated zones as above.
 * rec = 512 * 2 * (2 + 9) = 11264 pages; nfb = (400000-1600) + (600000-2400) = 996000,
 * /20 = 49800 > 11264 -> mfk = 11264 * 4 = 45056 kB.  pages_min 11264:
 * DMA32 t = 11264*0.4 = 4505 (4505.6), d = max(1126, 400) -> 4505/5631/6757;
 * Normal t = 6758 (6758.4), d = max(1689, 600) -> 6758/8447/10136. */
static void test_thp_raise_uncapped(void **state)
{
	struct fx *f = fx_new("5.15.100", A4K THP HUGETLB, NULL);
	(void)state;
	zone(f, MG_ZONE_DMA32, 400000, 400000, 400000);
	zone(f, MG_ZONE_NORMAL, 600000, 600000, 600000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 45056);
	expect_marks(&f->m->zones[MG_ZONE_DMA32], 4505, 5631, 6757, 0);
	expect_marks(&f->m->zones[MG_ZONE_NORMAL], 6758, 8447, 10136, 0);
	fx_free(f);
}

/* THP raise capped at nfb/20: 5.15.100 64K (pb 8192), one zone of 20000 pages.
 * default: 20000*64 = 1280000 kB, isqrt(20480000) = 4525; pages_min = 4525 >> 6 = 70;
 * d = max(17, mult_frac(20000, 10, 10000) = 20) = 20 -> high 110.
 * rec = 8192*1*11 = 90112; nfb = 20000 - 110 = 19890, /20 = 994 -> 994 << 6 = 63616 kB.
 * marks: pages_min 994, d = max(248, 20) = 248 -> 994/1242/1490. */
static void test_thp_raise_capped_64k(void **state)
{
	struct fx *f = fx_new("5.15.100", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_FORCE_MAX_ZONEORDER=14\n"
			      CMA_SYMS THP HUGETLB, NULL);
	(void)state;
	zone(f, MG_ZONE_DMA, 20000, 20000, 20000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->nwmark_steps, 2);
	assert_int_equal(f->m->wmark_steps[0].min_free_kbytes, 4525);
	assert_int_equal(f->m->min_free_kbytes, 63616);
	expect_marks(&f->m->zones[MG_ZONE_DMA], 994, 1242, 1490, 0);
	fx_free(f);
}

/* transparent_hugepage=never: 5.15 keeps the default (no recalculation before 6.1). */
static void test_thp_never_515(void **state)
{
	struct fx *f = fx_new("5.15.100", A4K THP HUGETLB, "transparent_hugepage=never");
	(void)state;
	zone(f, MG_ZONE_DMA32, 400000, 400000, 400000);
	zone(f, MG_ZONE_NORMAL, 600000, 600000, 600000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 8000); /* isqrt(16 * 4000000), as above */
	expect_marks(&f->m->zones[MG_ZONE_DMA32], 800, 1200, 1600, 0);
	fx_free(f);
}

/* 6.1.50, THP built but never: postcore 8000 (promo = min + 3d: DMA32 800+1200 = 2000,
 * Normal 1200+1800 = 3000); then set_recommended_min_free_kbytes recomputes from
 * nfb = 996000 pages = 3984000 kB: isqrt(63744000) = 7983 (7983^2 = 63728289,
 * 7984^2 = 63744256); pages_min = 1995:
 * DMA32 t = 798, d = max(199, 400) = 400 -> 798/1198/1598/1998;
 * Normal t = 1197, d = max(299, 600) = 600 -> 1197/1797/2397/2997. */
static void test_thp_off_recalc_61(void **state)
{
	struct fx *f = fx_new("6.1.50", A4K6 THP HUGETLB, "transparent_hugepage=never");
	(void)state;
	zone(f, MG_ZONE_DMA32, 400000, 400000, 400000);
	zone(f, MG_ZONE_NORMAL, 600000, 600000, 600000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->nwmark_steps, 2);
	assert_int_equal(f->m->wmark_steps[0].min_free_kbytes, 8000);
	assert_int_equal(f->m->min_free_kbytes, 7983);
	expect_marks(&f->m->zones[MG_ZONE_DMA32], 798, 1198, 1598, 1998);
	expect_marks(&f->m->zones[MG_ZONE_NORMAL], 1197, 1797, 2397, 2997);
	fx_free(f);
}

/* ZONE_MOVABLE: Normal 600000 + Movable 400000, THP not built.
 * default from zones <= NORMAL: 600000*4 = 2400000 kB, isqrt(38400000) = 6196
 * (6196^2 = 38390416); pages_min = 1549.
 * 6.6.30 (Movable not lowmem): lowmem = 600000; Normal t = 1549, d = max(387, 600) = 600
 *   -> 1549/2149/2749/3349; Movable t = 1549*400000/600000 = 1032, min = clamp(400000/1024 =
 *   390, 32, 128) = 128, d = max(258, 400) = 400 -> 128/528/928/1328.
 * 6.1.50: lowmem = 1000000; Normal t = 929 (929.4), d = 600 -> 929/1529/2129/2729;
 *   Movable t = 619 (619.6), d = max(154, 400) = 400 -> 619/1019/1419/1819.
 * lowmem_reserve[Normal][Movable] = 400000/32 = 12500 in both. */
static void test_movable_66_vs_61(void **state)
{
	struct fx *f = fx_new("6.6.30", "CONFIG_ARM64_PAGE_SHIFT=12\nCONFIG_ARCH_FORCE_MAX_ORDER=10\n" CMA_SYMS, NULL);
	(void)state;
	zone(f, MG_ZONE_NORMAL, 600000, 600000, 600000);
	zone(f, MG_ZONE_MOVABLE, 400000, 400000, 400000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 6196);
	expect_marks(&f->m->zones[MG_ZONE_NORMAL], 1549, 2149, 2749, 3349);
	expect_marks(&f->m->zones[MG_ZONE_MOVABLE], 128, 528, 928, 1328);
	assert_int_equal(f->m->zones[MG_ZONE_NORMAL].lowmem_reserve_pages[MG_ZONE_MOVABLE], 12500);
	fx_free(f);

	f = fx_new("6.1.50", A4K6, NULL);
	zone(f, MG_ZONE_NORMAL, 600000, 600000, 600000);
	zone(f, MG_ZONE_MOVABLE, 400000, 400000, 400000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 6196);
	expect_marks(&f->m->zones[MG_ZONE_NORMAL], 929, 1529, 2129, 2729);
	expect_marks(&f->m->zones[MG_ZONE_MOVABLE], 619, 1019, 1419, 1819);
	assert_int_equal(f->m->zones[MG_ZONE_NORMAL].lowmem_reserve_pages[MG_ZONE_MOVABLE], 12500);
	fx_free(f);
}

/* 6.12.5 (96a5c186efff): lowmem_reserve[i][j] = 0 when zone j is empty; 6.12.30 (reverted by
 * eae116d1f044): (600000 + 0) / 256 = 2343 for the empty Movable column. */
static void test_lowmem_reserve_612(void **state)
{
	static const char *const v[] = { "6.12.5", "6.12.30" };
	static const uint64_t expect_movable[] = { 0, 2343 };
	(void)state;
	for (int i = 0; i < 2; i++) {
		struct fx *f = fx_new(v[i], "CONFIG_PAGE_SHIFT=12\nCONFIG_ARCH_FORCE_MAX_ORDER=10\n" CMA_SYMS, NULL);
		const struct mg_zone *d32 = &f->m->zones[MG_ZONE_DMA32];
		zone(f, MG_ZONE_DMA32, 400000, 400000, 400000);
		zone(f, MG_ZONE_NORMAL, 600000, 600000, 600000);
		assert_int_equal(mg_watermarks_compute(&f->c), 0);
		assert_int_equal(d32->lowmem_reserve_pages[MG_ZONE_NORMAL], 2343); /* 600000/256 */
		assert_int_equal(d32->lowmem_reserve_pages[MG_ZONE_MOVABLE], expect_movable[i]);
		fx_free(f);
	}
}

/* The default's cap: 4K, DMA32 1000000 + Normal 134217728 pages (512 GiB).
 * lowmem_kB = 135217728 * 4 = 540870912; isqrt(8653934592) = 93026.
 * 5.4.74 caps at 65536; 5.10.100 keeps 93026 (< 262144). */
static void test_min_free_cap(void **state)
{
	struct fx *f = fx_new("5.4.74", A4K, NULL);
	(void)state;
	zone(f, MG_ZONE_DMA32, 1000000, 1000000, 1000000);
	zone(f, MG_ZONE_NORMAL, 134217728, 134217728, 134217728);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 65536);
	fx_free(f);
	f = fx_new("5.10.100", A4K, NULL);
	zone(f, MG_ZONE_DMA32, 1000000, 1000000, 1000000);
	zone(f, MG_ZONE_NORMAL, 134217728, 134217728, 134217728);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 93026);
	fx_free(f);
}

/* The 128 kB floor: one zone of 200 pages: 800 kB, isqrt(12800) = 113 -> 128. */
static void test_min_free_floor(void **state)
{
	struct fx *f = fx_new("5.10.100", A4K, NULL);
	(void)state;
	zone(f, MG_ZONE_DMA32, 200, 200, 200);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 128);
	fx_free(f);
}

/* sysctl.vm.min_free_kbytes=16384 on the command line, two zones with final managed
 * DMA32 410000 + Normal 610000 (boot/post 400000/600000).
 * 5.10.100 (>= 5.8, do_sysctl_args after free_initmem): mfk = 16384, marks from M_final:
 *   pages_min 4096, lowmem 1020000; DMA32 t = 4096*410000/1020000 = 1646, d = max(411, 410)
 *   = 411 -> 1646/2057/2468; Normal t = 2449, d = max(612, 610) = 612 -> 2449/3061/3673.
 *   lowmem_reserve is not recomputed (min_free_kbytes_sysctl_handler): 600000/256 = 2343.
 * 5.4.74: ignored -> the default 8000 from M_post. */
static void test_cmdline_sysctl(void **state)
{
	struct fx *f = fx_new("5.10.100", A4K, "sysctl.vm.min_free_kbytes=16384");
	(void)state;
	zone(f, MG_ZONE_DMA32, 400000, 400000, 410000);
	zone(f, MG_ZONE_NORMAL, 600000, 600000, 610000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 16384);
	expect_marks(&f->m->zones[MG_ZONE_DMA32], 1646, 2057, 2468, 0);
	expect_marks(&f->m->zones[MG_ZONE_NORMAL], 2449, 3061, 3673, 0);
	assert_int_equal(f->m->zones[MG_ZONE_DMA32].lowmem_reserve_pages[MG_ZONE_NORMAL], 2343);
	fx_free(f);

	f = fx_new("5.4.74", A4K, "sysctl.vm.min_free_kbytes=16384");
	zone(f, MG_ZONE_DMA32, 400000, 400000, 410000);
	zone(f, MG_ZONE_NORMAL, 600000, 600000, 610000);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->min_free_kbytes, 8000);
	expect_marks(&f->m->zones[MG_ZONE_DMA32], 800, 1200, 1600, 0);
	fx_free(f);
}

/* The E2000Q numbers from section 5 of kernel-watermarks.md, on the module alone:
 * 64K, one DMA32 zone, M_boot 20571, CMA 8192 -> M_post 28763, 5.4.74 postcore.
 * isqrt(16 * 28763*64 = 29453312) = 5427; pages_min 84, d = max(21, 28) = 28, high 140;
 * THP: rec = min(8192*11, (28763-140)/20 = 1431) = 1431 -> 91584 kB;
 * marks 1431, d = max(357, 28) = 357 -> 1431/1788/2145. */
static void test_e2000q_module(void **state)
{
	struct fx *f = fx_new("5.4.74", "CONFIG_ARM64_PAGE_SHIFT=16\nCONFIG_FORCE_MAX_ZONEORDER=14\n"
			      CMA_SYMS THP HUGETLB "CONFIG_ZONE_DMA32=y\n", NULL);
	(void)state;
	zone(f, MG_ZONE_DMA32, 20571, 28763, 31198);
	assert_int_equal(mg_watermarks_compute(&f->c), 0);
	assert_int_equal(f->m->wmark_steps[0].min_free_kbytes, 5427);
	assert_int_equal(f->m->min_free_kbytes, 91584);
	expect_marks(&f->m->zones[MG_ZONE_DMA32], 1431, 1788, 2145, 0);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kernel_constants),
		cmocka_unit_test(test_migrate_types_and_defaults),
		cmocka_unit_test(test_thp_mode),
		cmocka_unit_test(test_thp_anon),
		cmocka_unit_test(test_kver_rows),
		cmocka_unit_test(test_wmark_core_vs_postcore),
		cmocka_unit_test(test_wmark_two_zones_510),
		cmocka_unit_test(test_lowmem_reserve_empty_lower_54),
		cmocka_unit_test(test_thp_raise_uncapped),
		cmocka_unit_test(test_thp_raise_capped_64k),
		cmocka_unit_test(test_thp_never_515),
		cmocka_unit_test(test_thp_off_recalc_61),
		cmocka_unit_test(test_movable_66_vs_61),
		cmocka_unit_test(test_lowmem_reserve_612),
		cmocka_unit_test(test_min_free_cap),
		cmocka_unit_test(test_min_free_floor),
		cmocka_unit_test(test_cmdline_sysctl),
		cmocka_unit_test(test_e2000q_module),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
