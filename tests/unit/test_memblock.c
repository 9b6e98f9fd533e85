/* Unit tests: the memblock reproduction (src/model/memblock.c) against mm/memblock.c.
 * Every expected number is derived in a comment from the kernel's rule. */
#include "unit.h"

#include <stdlib.h>

#include "model/model_internal.h"

#define K4 12 /* page_shift for 4 KiB pages */

static struct mg_memblock *new_mb(void)
{
	struct mg_memblock *mb = malloc(sizeof(*mb)); /* ~50 KiB: keep it off the stack */
	assert_non_null(mb);
	mg_mb_init(mb);
	return mb;
}

/* memblock_add of overlapping and touching ranges merges them (memblock_merge_regions). */
static void test_add_merges(void **state)
{
	struct mg_memblock *mb = new_mb();
	(void)state;
	assert_int_equal(mg_mb_add(mb, 0x1000, 0x2000), 0);   /* [0x1000, 0x3000) */
	assert_int_equal(mg_mb_add(mb, 0x2000, 0x3000), 0);   /* [0x2000, 0x5000): overlaps */
	assert_int_equal(mg_mb_add(mb, 0x5000, 0x1000), 0);   /* [0x5000, 0x6000): touches */
	assert_int_equal(mb->nmemory, 1);
	assert_int_equal(mb->memory[0].base, 0x1000);
	assert_int_equal(mb->memory[0].size, 0x5000);          /* 0x6000 - 0x1000 */
	/* A disjoint bank below stays separate and the list stays sorted. */
	assert_int_equal(mg_mb_add(mb, 0x0, 0x800), 0);
	assert_int_equal(mb->nmemory, 2);
	assert_int_equal(mb->memory[0].base, 0);
	assert_int_equal(mg_mb_start(mb), 0);
	assert_int_equal(mg_mb_end(mb), 0x6000);
	assert_int_equal(mg_mb_phys_size(mb), 0x5800);         /* 0x800 + 0x5000 */
	free(mb);
}

/* memblock_remove cuts a hole (splitting a region) or trims an end. */
static void test_remove(void **state)
{
	struct mg_memblock *mb = new_mb();
	(void)state;
	mg_mb_add(mb, 0x1000, 0x4000);                         /* [0x1000, 0x5000) */
	mg_mb_remove(mb, 0x2000, 0x1000);                      /* hole [0x2000, 0x3000) */
	assert_int_equal(mb->nmemory, 2);
	assert_int_equal(mb->memory[0].base, 0x1000);
	assert_int_equal(mb->memory[0].size, 0x1000);
	assert_int_equal(mb->memory[1].base, 0x3000);
	assert_int_equal(mb->memory[1].size, 0x2000);
	mg_mb_remove(mb, 0x4800, UINT64_MAX - 0x4800);         /* everything above 0x4800 */
	assert_int_equal(mg_mb_end(mb), 0x4800);
	assert_int_equal(mg_mb_phys_size(mb), 0x2800);         /* 0x1000 + 0x1800 */
	assert_true(mg_mb_is_memory(mb, 0x3000, 0x1000));
	assert_false(mg_mb_is_memory(mb, 0x1800, 0x1000));     /* straddles the hole */
	free(mb);
}

/* Free pages = memory - reserved, each free range page-trimmed inward (PFN_UP(start) ..
 * PFN_DOWN(end)) as memblock_free_all -> __free_memory_core does. */
static void test_reserve_free_pages(void **state)
{
	struct mg_memblock *mb = new_mb();
	(void)state;
	mg_mb_add(mb, 0, 0x10000);                             /* 16 pages of 4 KiB */
	assert_int_equal(mg_mb_reserve(mb, 0x1800, 0x1000), 0); /* [0x1800, 0x2800): parts of pages 1, 2 */
	assert_true(mg_mb_is_reserved(mb, 0x2000, 1));
	assert_false(mg_mb_is_reserved(mb, 0x2800, 0x1000));
	/* free [0, 0x1800): PFN 0..PFN_DOWN(0x1800)=1 -> 1 page;
	 * free [0x2800, 0x10000): PFN_UP(0x2800)=3..16 -> 13 pages; total 14. */
	assert_int_equal(mg_mb_free_pages(mb, 0, UINT64_MAX, K4), 14);
	/* Present pages ignore reservations: 16. */
	assert_int_equal(mg_mb_present_pages(mb, 0, UINT64_MAX, K4), 16);
	/* Overlapping reservations merge; freeing part of one splits it. */
	mg_mb_reserve(mb, 0x2000, 0x2000);                     /* [0x2000, 0x4000) joins */
	assert_int_equal(mb->nreserved, 1);
	assert_int_equal(mb->reserved[0].size, 0x2800);        /* [0x1800, 0x4000) */
	mg_mb_free(mb, 0x2000, 0x1000);                        /* [0x1800,0x2000) + [0x3000,0x4000) */
	assert_int_equal(mb->nreserved, 2);
	/* free: [0,0x1800) 1 page, [0x2000,0x3000) 1 page, [0x4000,0x10000) 12 pages = 14. */
	assert_int_equal(mg_mb_free_pages(mb, 0, UINT64_MAX, K4), 14);
	/* Window [0x2000, 0x5000): free [0x2000,0x3000) + [0x4000,0x5000) = 2 pages. */
	assert_int_equal(mg_mb_free_pages(mb, 0x2000, 0x5000, K4), 2);
	free(mb);
}

/* memblock_mark_nomap: still memory (present) but never freed to the buddy allocator. */
static void test_nomap(void **state)
{
	struct mg_memblock *mb = new_mb();
	uint64_t a;
	(void)state;
	mg_mb_add(mb, 0, 0x10000);
	assert_int_equal(mg_mb_mark_nomap(mb, 0x4000, 0x2000), 0); /* pages 4, 5 */
	/* Three regions: flags differ, so memblock_merge_regions keeps them apart. */
	assert_int_equal(mb->nmemory, 3);
	assert_true(mb->memory[1].nomap);
	assert_int_equal(mg_mb_present_pages(mb, 0, UINT64_MAX, K4), 16);
	assert_int_equal(mg_mb_free_pages(mb, 0, UINT64_MAX, K4), 14); /* 16 - 2 */
	/* The allocator never hands out NOMAP memory: in [0x2000, 0x7000) the free pieces are
	 * [0x2000, 0x4000) and [0x6000, 0x7000), neither holds 0x3000; above it, it fits. */
	assert_true(mg_mb_find(mb, 0x3000, 0x1000, 0x2000, 0x7000, true, &a) == false);
	assert_true(mg_mb_find(mb, 0x3000, 0x1000, 0x1000, 0x10000, true, &a));
	assert_int_equal(a, 0xd000);                            /* 0x10000 - 0x3000 */
	mg_mb_clear_nomap(mb, 0x4000, 0x2000);
	assert_int_equal(mb->nmemory, 1);                       /* merged back */
	assert_int_equal(mg_mb_free_pages(mb, 0, UINT64_MAX, K4), 16);
	free(mb);
}

/* __memblock_find_range_top_down: walk free ranges from the top, candidate =
 * round_down(min(end, hi) - size, align), accepted when >= max(start, lo); bottom-up:
 * round_up(max(start, lo), align) with room for size. */
static void test_find(void **state)
{
	struct mg_memblock *mb = new_mb();
	uint64_t a = 0;
	(void)state;
	mg_mb_add(mb, 0x100000, 0xf00000);                      /* [1 MiB, 16 MiB) */
	mg_mb_reserve(mb, 0xe00000, 0x200000);                  /* top 2 MiB taken */
	/* free [1M, 14M): round_down(14M - 3M = 11M, 1M) = 0xB00000 */
	assert_true(mg_mb_find(mb, 0x300000, 0x100000, 0, UINT64_MAX, true, &a));
	assert_int_equal(a, 0xb00000);
	/* align 4 MiB: round_down(11M, 4M) = 8M */
	assert_true(mg_mb_find(mb, 0x300000, 0x400000, 0, UINT64_MAX, true, &a));
	assert_int_equal(a, 0x800000);
	/* window hi = 10M: round_down(10M - 3M = 7M, 4M) = 4M */
	assert_true(mg_mb_find(mb, 0x300000, 0x400000, 0, 0xa00000, true, &a));
	assert_int_equal(a, 0x400000);
	/* window [5M, 10M): 4M < 5M, no candidate */
	assert_false(mg_mb_find(mb, 0x300000, 0x400000, 0x500000, 0xa00000, true, &a));
	/* bottom-up in [5M, 14M): round_up(5M, 4M) = 8M, 8M + 3M <= 14M */
	assert_true(mg_mb_find(mb, 0x300000, 0x400000, 0x500000, UINT64_MAX, false, &a));
	assert_int_equal(a, 0x800000);
	/* Larger than any free range: none. */
	assert_false(mg_mb_find(mb, 0xe00000, 0x1000, 0, UINT64_MAX, true, &a));
	/* Top range too small -> the next range down: reserve [6M, 14M); free [1M, 6M);
	 * size 2M align 2M: round_down(6M - 2M, 2M) = 4M. */
	mg_mb_reserve(mb, 0x600000, 0x800000);
	assert_true(mg_mb_find(mb, 0x200000, 0x200000, 0, UINT64_MAX, true, &a));
	assert_int_equal(a, 0x400000);
	free(mb);
}

/* mem=: memblock_mem_limit_remove_map -> __find_max_addr: the address where the running sum
 * of region sizes reaches the limit; memory above it is removed. */
static void test_cap_size(void **state)
{
	struct mg_memblock *mb = new_mb();
	(void)state;
	mg_mb_add(mb, 0x80000000ull, 1ull << 30);               /* 1 GiB at 2 GiB */
	mg_mb_add(mb, 0x100000000ull, 1ull << 30);              /* 1 GiB at 4 GiB */
	mg_mb_cap_size(mb, 3ull << 29);                         /* mem=1536M */
	/* first bank 1 GiB, 512 MiB left -> max_addr = 0x100000000 + 0x20000000 */
	assert_int_equal(mb->nmemory, 2);
	assert_int_equal(mg_mb_end(mb), 0x120000000ull);
	assert_int_equal(mg_mb_phys_size(mb), 3ull << 29);
	/* A limit above the total changes nothing. */
	mg_mb_cap_size(mb, 8ull << 30);
	assert_int_equal(mg_mb_phys_size(mb), 3ull << 29);
	/* A limit inside the first bank drops the second bank entirely. */
	mg_mb_cap_size(mb, 256ull << 20);
	assert_int_equal(mb->nmemory, 1);
	assert_int_equal(mg_mb_end(mb), 0x90000000ull);
	free(mb);
}

/* Present pages per region: PFN_UP(base)..PFN_DOWN(end) (memblock_region_memory_*_pfn),
 * clipped to a zone window. */
static void test_present_page_trim(void **state)
{
	struct mg_memblock *mb = new_mb();
	(void)state;
	mg_mb_add(mb, 0x800, 0x5000);                           /* [0x800, 0x5800) */
	/* PFN_UP(0x800) = 1, PFN_DOWN(0x5800) = 5 -> 4 pages, not 5 */
	assert_int_equal(mg_mb_present_pages(mb, 0, UINT64_MAX, K4), 4);
	/* window [0x2000, 0x4000): pfns 2, 3 */
	assert_int_equal(mg_mb_present_pages(mb, 0x2000, 0x4000, K4), 2);
	/* 64 KiB pages: [0x800, 0x5800) holds no whole page */
	assert_int_equal(mg_mb_present_pages(mb, 0, UINT64_MAX, 16), 0);
	free(mb);
}

/* Hostile sizes: base + size past 2^64 is clamped, never wraps. */
static void test_overflow_clamped(void **state)
{
	struct mg_memblock *mb = new_mb();
	(void)state;
	mg_mb_add(mb, UINT64_MAX - 0xfff, 0x10000);
	assert_int_equal(mb->nmemory, 1);
	assert_int_equal(mb->memory[0].size, 0xfff);            /* [2^64-0x1000, 2^64-1) */
	assert_false(mg_mb_is_reserved(mb, 0, 0x1000));
	free(mb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_merges),
		cmocka_unit_test(test_remove),
		cmocka_unit_test(test_reserve_free_pages),
		cmocka_unit_test(test_nomap),
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_cap_size),
		cmocka_unit_test(test_present_page_trim),
		cmocka_unit_test(test_overflow_clamped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
