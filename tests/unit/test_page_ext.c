/* Unit tests: page_ext and the KASAN shadow (src/model/page_ext.c) through mg_model_run on
 * tests/data/model/mem2g (arm64, 2 GiB at 0x80000000) and boards/cubietruck (arm, FLATMEM),
 * with the .configs of tests/data/page_ext/.  Expected values are derived in comments from
 * mm/page_ext.c, mm/page_owner.c and arch/arm64/mm/kasan_init.c.  Run from the repository root. */
#include "unit.h"
#include "model_run.h"

#include <stdio.h>
#include <stdlib.h>

#include <memgate/board.h>
#include <memgate/model.h>

#define MEM2G "tests/data/model/mem2g"
#define PE "tests/data/page_ext/"
#define MiB (1ull << 20)

static const struct mg_region *region_kind(const struct mg_model *m, enum mg_region_kind k)
{
	for (size_t i = 0; i < m->nregions; i++)
		if (m->regions[i].kind == k)
			return &m->regions[i];
	return NULL;
}

static uint64_t region_bytes(const struct mg_model *m, const char *name)
{
	for (size_t i = 0; i < m->nregions; i++)
		if (!strcmp(m->regions[i].name, name))
			return m->regions[i].size_bytes;
	return 0;
}

/* SPARSEMEM: 2 GiB / 128 MiB sections (SECTION_SIZE_BITS 27, 5.12+) = 16 sections of 32768
 * pages.  6.1 page_owner=on: page_ext_size = 8 (flags) + sizeof(struct page_owner) 56
 * (2+2+4+4+4 = 16, ts_nsec 8, free_ts_nsec 8, comm 16, pid 4, tgid 4) = 64;
 * 16 * 32768 * 64 = 33554432 bytes = 8192 pages from the buddy allocator after boot. */
static void test_page_owner_61(void **state)
{
	struct run *base = run_model_path(MEM2G, PE "arm64-4k-6.1-page-owner.config", "console=ttyAMA0");
	struct run *r = run_model_path(MEM2G, PE "arm64-4k-6.1-page-owner.config", "console=ttyAMA0 page_owner=on");
	(void)state;
	assert_int_equal(base->m.page_ext_bytes, 0); /* CONFIG_PAGE_OWNER alone needs nothing */
	assert_int_equal(base->m.post_boot_alloc_pages, 0);
	assert_int_equal(r->m.page_ext_entry_bytes, 64);
	assert_int_equal(r->m.page_ext_bytes, 33554432);
	assert_int_equal(r->m.post_boot_alloc_pages, 8192);
	assert_false(r->m.page_ext_flatmem);
	assert_true(has_boot_line(&r->m, "allocated 33554432 bytes of page_ext"));
	/* page_ext comes after the buddy allocator is up: MemTotal and the Memory: line move only
	 * by the stack depot table page_owner=on requests early (6.1 lib/stackdepot.c:
	 * stack_depot_early_init, alloc_large_system_hash("stackdepot", 8-byte buckets, scale 14):
	 * nr_kernel_pages 524288 - 8192 (memmap) = 516096, >> (14 - 12) = 129024, rounded up to
	 * 131072 entries x 8 = 1 MiB = 256 pages)... */
	assert_int_equal(region_bytes(&r->m, "stack depot hash table"), 1u << 20);
	assert_int_equal(region_bytes(&base->m, "stack depot hash table"), 0);
	assert_int_equal(base->m.memtotal_pages - r->m.memtotal_pages, 256);
	assert_int_equal(base->m.totalram_boot_pages - r->m.totalram_boot_pages, 256);
	/* ...and capacity loses 8192 pages * 4 KiB = 32768 kB of page_ext and 1024 kB of stack
	 * depot (min_free_kbytes stays at the THP raise, 22528 kB) */
	assert_int_equal(base->m.capacity_unmovable_kb - r->m.capacity_unmovable_kb, 32768 + 1024);
	assert_int_equal(base->m.capacity_unmovable_worst_kb - r->m.capacity_unmovable_worst_kb, 32768 + 1024);
	assert_null(region_kind(&r->m, MG_REGION_PAGE_EXT));
	run_free(base);
	run_free(r);
}

/* 6.12: struct page_owner adds free_pid, free_tgid: 64; entry 8 + 64 = 72;
 * 16 * 32768 * 72 = 37748736.  page_owner=off (kstrtobool) turns it off again. */
static void test_page_owner_612(void **state)
{
	struct run *r = run_model_path(MEM2G, PE "arm64-4k-6.12-page-owner.config", "page_owner=on");
	struct run *off = run_model_path(MEM2G, PE "arm64-4k-6.12-page-owner.config", "page_owner=on page_owner=off");
	(void)state;
	assert_int_equal(r->m.page_ext_entry_bytes, 72);
	assert_int_equal(r->m.page_ext_bytes, 37748736);
	/* 37748736 / 16 = 2359296 bytes a section = 576 pages */
	assert_int_equal(r->m.post_boot_alloc_pages, 16 * 576);
	assert_int_equal(off->m.page_ext_bytes, 0);
	run_free(r);
	run_free(off);
}

/* 5.4: SECTION_SIZE_BITS 30 -> 2 sections of 262144 pages; struct page_owner 16
 * (order, reason, gfp, handle, free_handle); entry 24; 2 * 262144 * 24 = 12582912.
 * page_owner=1 is not "on" (strcmp before 5.13); 5.15 takes it (kstrtobool):
 * 16 sections * 32768 * (8 + 40) = 25165824. */
static void test_page_owner_parsing(void **state)
{
	struct run *on = run_model_path(MEM2G, PE "arm64-4k-5.4-page-owner.config", "page_owner=on");
	struct run *one = run_model_path(MEM2G, PE "arm64-4k-5.4-page-owner.config", "page_owner=1");
	struct run *one515 = run_model_path(MEM2G, PE "arm64-4k-5.15-page-owner.config", "page_owner=1");
	(void)state;
	assert_int_equal(on->m.page_ext_entry_bytes, 24);
	assert_int_equal(on->m.page_ext_bytes, 12582912);
	assert_int_equal(one->m.page_ext_bytes, 0);
	assert_int_equal(one515->m.page_ext_entry_bytes, 48);
	assert_int_equal(one515->m.page_ext_bytes, 25165824);
	run_free(on);
	run_free(one);
	run_free(one515);
}

/* page_table_check: two atomic_t = 8 bytes.  6.1 always keeps the flags word: 16 ->
 * 16 * 32768 * 16 = 8388608 with page_table_check=on, nothing without (not ENFORCED).
 * 6.12 with PAGE_TABLE_CHECK_ENFORCED: no shared-flags client, so no flags word: 8 ->
 * 4194304; page_table_check=0 turns it off. */
static void test_page_table_check(void **state)
{
	struct run *off61 = run_model_path(MEM2G, PE "arm64-4k-6.1-ptc.config", "console=ttyAMA0");
	struct run *on61 = run_model_path(MEM2G, PE "arm64-4k-6.1-ptc.config", "page_table_check=on");
	struct run *enf = run_model_path(MEM2G, PE "arm64-4k-6.12-ptc-enforced.config", "console=ttyAMA0");
	struct run *enf0 = run_model_path(MEM2G, PE "arm64-4k-6.12-ptc-enforced.config", "page_table_check=0");
	(void)state;
	assert_int_equal(off61->m.page_ext_bytes, 0);
	assert_int_equal(on61->m.page_ext_entry_bytes, 16);
	assert_int_equal(on61->m.page_ext_bytes, 8388608);
	assert_int_equal(enf->m.page_ext_entry_bytes, 8);
	assert_int_equal(enf->m.page_ext_bytes, 4194304);
	assert_int_equal(enf0->m.page_ext_bytes, 0);
	run_free(off61);
	run_free(on61);
	run_free(enf);
	run_free(enf0);
}

/* 6.12 MEM_ALLOC_PROFILING (+ENABLED_BY_DEFAULT): one union codetag_ref (8 bytes), no flags
 * word: 16 * 32768 * 8 = 4194304.  sysctl.vm.mem_profiling=0 keeps the support (and the
 * page_ext); =never drops it. */
static void test_alloc_profiling(void **state)
{
	struct run *def = run_model_path(MEM2G, PE "arm64-4k-6.12-alloc-prof.config", "console=ttyAMA0");
	struct run *zero = run_model_path(MEM2G, PE "arm64-4k-6.12-alloc-prof.config", "sysctl.vm.mem_profiling=0");
	struct run *never = run_model_path(MEM2G, PE "arm64-4k-6.12-alloc-prof.config", "sysctl.vm.mem_profiling=never");
	(void)state;
	assert_int_equal(def->m.page_ext_entry_bytes, 8);
	assert_int_equal(def->m.page_ext_bytes, 4194304);
	assert_int_equal(zero->m.page_ext_bytes, 4194304);
	assert_int_equal(never->m.page_ext_bytes, 0);
	run_free(def);
	run_free(zero);
	run_free(never);
}

/* 4.19: debug_pagealloc guard pages are a page_ext client only with debug_pagealloc=on and
 * debug_guardpage_minorder=N (0 < N <= MAX_ORDER / 2 = 5); no data, so the entry is the
 * flags word: 2 sections * 262144 * 8 = 4194304. */
static void test_guardpage_419(void **state)
{
	struct run *dp = run_model_path(MEM2G, PE "arm64-4k-4.19-debug-pagealloc.config", "debug_pagealloc=on");
	struct run *g = run_model_path(MEM2G, PE "arm64-4k-4.19-debug-pagealloc.config",
				  "debug_pagealloc=on debug_guardpage_minorder=1");
	struct run *bad = run_model_path(MEM2G, PE "arm64-4k-4.19-debug-pagealloc.config",
				    "debug_pagealloc=on debug_guardpage_minorder=6");
	(void)state;
	assert_int_equal(dp->m.page_ext_bytes, 0);
	assert_int_equal(g->m.page_ext_entry_bytes, 8);
	assert_int_equal(g->m.page_ext_bytes, 4194304);
	assert_int_equal(bad->m.page_ext_bytes, 0);
	run_free(dp);
	run_free(g);
	run_free(bad);
}

/* FLATMEM (cubietruck, 6.1 armhf): page_ext_init_flatmem before mem_init, from memblock.
 * Node span 0x40000000-0xc0000000 = 524288 pages, both ends aligned to MAX_ORDER_NR_PAGES
 * (2048); entry 4 (32-bit flags) + 56 = 60; 524288 * 60 = 31457280 bytes, a memblock
 * region in lowmem: the Memory: line and MemTotal lose its 7680 pages. */
static void test_flatmem_arm32(void **state)
{
	const char *cfg = PE "armhf-6.1-page-owner.config";
	struct run *base = run_model_path("boards/cubietruck", cfg, "console=ttyS0,115200 root=/dev/sda1 rootwait");
	struct run *r = run_model_path("boards/cubietruck", cfg, "console=ttyS0,115200 root=/dev/sda1 rootwait page_owner=on");
	const struct mg_region *pe;
	(void)state;
	assert_int_equal(base->m.page_ext_bytes, 0);
	assert_int_equal(r->m.page_ext_entry_bytes, 60);
	assert_int_equal(r->m.page_ext_bytes, 31457280);
	assert_true(r->m.page_ext_flatmem);
	assert_int_equal(r->m.post_boot_alloc_pages, 0);
	pe = region_kind(&r->m, MG_REGION_PAGE_EXT);
	assert_non_null(pe);
	assert_int_equal(pe->size_bytes, 31457280);
	assert_true(pe->base + pe->size_bytes <= 0x70000000ull); /* below the 768 MiB lowmem end */
	/* + the early stack depot table: 4-byte buckets, 65536 entries = 256 KiB = 64 pages */
	assert_int_equal(region_bytes(&r->m, "stack depot hash table"), 256u << 10);
	assert_int_equal(base->m.memtotal_pages - r->m.memtotal_pages, 7680 + 64);
	assert_int_equal(base->m.totalram_boot_pages - r->m.totalram_boot_pages, 7680 + 64);
	assert_true(has_boot_line(&r->m, "allocated 31457280 bytes of page_ext"));
	run_free(base);
	run_free(r);
}

/* arm64 generic KASAN, 4K pages, 4 levels: shadow of [0x80000000, 0x100000000) is 2 GiB / 8 =
 * 65536 pages, shadow page numbers 0x10000..0x1ffff (relative to the shadow offset): PTE
 * tables 65536 / 512 = 128, one PMD and one PUD table -> 130; plus the kernel image's
 * shadow PAGE_ALIGN(image / 8) and its PTE + PMD table.  Software tags: 1/16 -> 32768
 * pages, 64 + 1 + 1 tables.  Hardware tags: no shadow. */
static void test_kasan_arm64(void **state)
{
	struct run *g = run_model_path(MEM2G, PE "arm64-4k-6.1-kasan-generic.config", "console=ttyAMA0");
	struct run *sw = run_model_path(MEM2G, PE "arm64-4k-6.1-kasan-sw-tags.config", "console=ttyAMA0");
	struct run *hw = run_model_path(MEM2G, PE "arm64-4k-6.1-kasan-hw-tags.config", "console=ttyAMA0");
	const struct mg_region *kg = region_kind(&g->m, MG_REGION_KASAN), *ks = region_kind(&sw->m, MG_REGION_KASAN);
	const struct mg_region *img = region_kind(&g->m, MG_REGION_KERNEL);
	uint64_t image;
	(void)state;
	assert_non_null(kg);
	assert_non_null(ks);
	assert_non_null(img);
	image = ((img->size_bytes / 8 + 4095) & ~4095ull) + 2 * 4096;
	assert_int_equal(kg->size_bytes, (65536 + 130) * 4096ull + image);
	image = ((img->size_bytes / 16 + 4095) & ~4095ull) + 2 * 4096;
	assert_int_equal(ks->size_bytes, (32768 + 66) * 4096ull + image);
	assert_null(region_kind(&hw->m, MG_REGION_KASAN));
	/* a memblock allocation: MemTotal drops by the shadow's pages */
	assert_int_equal(hw->m.memtotal_pages - g->m.memtotal_pages, kg->size_bytes / 4096);
	run_free(g);
	run_free(sw);
	run_free(hw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_page_owner_61),   cmocka_unit_test(test_page_owner_612),
		cmocka_unit_test(test_page_owner_parsing), cmocka_unit_test(test_page_table_check),
		cmocka_unit_test(test_alloc_profiling), cmocka_unit_test(test_guardpage_419),
		cmocka_unit_test(test_flatmem_arm32),   cmocka_unit_test(test_kasan_arm64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
