/* Unit tests: 32-bit arm mem= (arch/arm/kernel/setup.c: early_mem + arm_add_memory, v6.1) and
 * what follows from its banks (zones, FLATMEM memmap over a hole), through mg_model_run on the
 * frozen QEMU boards tests/boots/armhf-1g (virt, RAM 0x40000000-0x80000000) and armhf-2g-cma
 * (0x40000000-0xc0000000), Debian 12's armmp .config (no LPAE: 32-bit phys_addr_t,
 * PAGE_OFFSET 0xC0000000, 4 KiB pages, FLATMEM, struct page 36 bytes with MEMCG).
 * PHYS_OFFSET = 0x40000000; lowmem ends at 0xff800000 - 240 MiB - 8 MiB - 0xC0000000 +
 * 0x40000000 = 0x70000000.  Run from the repository root. */
#include "unit.h"
#include "model_run.h"

#include <stdio.h>
#include <stdlib.h>

#include <memgate/board.h>
#include <memgate/model.h>

#define B1G "tests/boots/armhf-1g/board"
#define B2G "tests/boots/armhf-2g-cma/board"
#define MiB (1ull << 20)

static struct run *run_ok(const char *dir, const char *cmdline)
{
	return run_model_path(dir, NULL, cmdline);
}

#define BANK(r, i, b, s) do { assert_int_equal((r)->m.banks[i].base, (b)); \
		assert_int_equal((r)->m.banks[i].size, (s)); } while (0)

/* Without mem= the DT's 1 GiB is one bank; mem=512M drops it and adds 512 MiB at PHYS_OFFSET
 * (not a cap of the DT banks, though here the two agree): all lowmem, HighMem empty. */
static void test_mem_single(void **state)
{
	struct run *dt = run_ok(B1G, "console=ttyAMA0");
	struct run *r = run_ok(B1G, "console=ttyAMA0 mem=512M");
	(void)state;
	assert_int_equal(dt->m.nbanks, 1);
	BANK(dt, 0, 0x40000000, 1024 * MiB);
	assert_int_equal(r->m.nbanks, 1);
	BANK(r, 0, 0x40000000, 512 * MiB);
	/* ZONE_DMA = all lowmem: pfn 0x40000 .. 0x60000 */
	assert_int_equal(r->m.zones[MG_ZONE_DMA].start_pfn, 0x40000);
	assert_int_equal(r->m.zones[MG_ZONE_DMA].end_pfn, 0x60000);
	assert_int_equal(r->m.zones[MG_ZONE_HIGHMEM].present_pages, 0);
	assert_int_equal(r->m.present_pages, 131072); /* 512 MiB / 4 KiB */
	run_free(dt);
	run_free(r);
}

/* mem=256M mem=512M@0x60000000 on the 2 GiB board (the armhf-2g-mem-banks boot): banks
 * 0x40000000+256M and 0x60000000+512M.  DMA = [0x40000000, 0x70000000) (196608 pfns spanned,
 * 131072 present), HighMem = [0x70000000, 0x80000000) 65536.  Total pages (build_all_zonelists)
 * = DMA present - calc_memmap_size (FLATMEM: the span, 196608 * 36 / 4096 = 1728 pages)
 * + HighMem = 131072 - 1728 + 65536 = 194880, as the kernel printed. */
static void test_mem_two_banks(void **state)
{
	struct run *r = run_ok(B2G, "console=ttyAMA0 mem=256M mem=512M@0x60000000");
	(void)state;
	assert_int_equal(r->m.nbanks, 2);
	BANK(r, 0, 0x40000000, 256 * MiB);
	BANK(r, 1, 0x60000000, 512 * MiB);
	assert_int_equal(r->m.zones[MG_ZONE_DMA].start_pfn, 0x40000);
	assert_int_equal(r->m.zones[MG_ZONE_DMA].end_pfn, 0x70000);
	assert_int_equal(r->m.zones[MG_ZONE_DMA].present_pages, 131072);
	assert_int_equal(r->m.zones[MG_ZONE_HIGHMEM].start_pfn, 0x70000);
	assert_int_equal(r->m.zones[MG_ZONE_HIGHMEM].end_pfn, 0x80000);
	assert_int_equal(r->m.zones[MG_ZONE_HIGHMEM].present_pages, 65536);
	assert_int_equal(r->m.grouping_total_pages, 194880);
	run_free(r);
}

/* The FLATMEM memmap covers the hole but free_unused_memmap gives back the whole pages of
 * struct pages over it (pageblock-widened, page-aligned array).  A: mem=256M
 * mem=512M@0x60000000: pfn 0x40000..0x80000, 262144 * 36 = 9437184 bytes (2304 pages); hole
 * 0x50000..0x60000: 65536 * 36 = 2359296 bytes = 576 pages freed, 1728 kept.  C: mem=512M
 * mem=256M@0x80000000: the same 512 MiB lowmem and 256 MiB HighMem, pfn 0x40000..0x90000,
 * 327680 * 36 = 11796480 bytes (2880 pages); hole 0x60000..0x80000: 131072 * 36 = 4718592
 * bytes = 1152 pages freed, 1728 kept.  Everything else equal, both leave the same free
 * lowmem at memblock_free_all; without the free, C would have 576 pages less. */
static void test_mem_hole_memmap(void **state)
{
	struct run *a = run_ok(B2G, "console=ttyAMA0 mem=256M mem=512M@0x60000000");
	struct run *c = run_ok(B2G, "console=ttyAMA0 mem=512M mem=256M@0x80000000");
	const struct mg_region *mma = NULL, *mmc = NULL;
	(void)state;
	for (size_t i = 0; i < a->m.nregions; i++)
		if (a->m.regions[i].kind == MG_REGION_MEMMAP)
			mma = &a->m.regions[i];
	for (size_t i = 0; i < c->m.nregions; i++)
		if (c->m.regions[i].kind == MG_REGION_MEMMAP)
			mmc = &c->m.regions[i];
	assert_non_null(mma);
	assert_non_null(mmc);
	assert_int_equal(mma->size_bytes, 9437184);
	assert_int_equal(mmc->size_bytes, 11796480);
	assert_int_equal(mma->base & 4095, 0);
	assert_int_equal(mmc->base & 4095, 0);
	assert_int_equal(c->m.zones[MG_ZONE_DMA].present_pages, 131072);
	assert_int_equal(c->m.zones[MG_ZONE_HIGHMEM].present_pages, 65536);
	assert_int_equal(a->m.zones[MG_ZONE_DMA].managed_boot_pages, c->m.zones[MG_ZONE_DMA].managed_boot_pages);
	run_free(a);
	run_free(c);
}

/* arm_add_memory: a bank starting below PHYS_OFFSET loses that part (mem=512M@0x30000000 ->
 * 0x40000000..0x50000000, 256 MiB); tokens apply in order and adjacent banks merge
 * (mem=128M@0x48000000 mem=128M -> one 256 MiB bank at 0x40000000). */
static void test_mem_below_phys_offset_and_order(void **state)
{
	struct run *below = run_ok(B1G, "mem=512M@0x30000000");
	struct run *order = run_ok(B1G, "mem=128M@0x48000000 mem=128M");
	(void)state;
	assert_int_equal(below->m.nbanks, 1);
	BANK(below, 0, 0x40000000, 256 * MiB);
	assert_int_equal(order->m.nbanks, 1);
	BANK(order, 0, 0x40000000, 256 * MiB);
	run_free(below);
	run_free(order);
}

/* Without LPAE nothing above 4 GiB: mem=1G@0xf0000000 is cut to end at ULONG_MAX, size
 * 0xffffffff - 0xf0000000 = 0x0fffffff, page-truncated 0x0ffff000. */
static void test_mem_32bit_truncation(void **state)
{
	struct run *r = run_ok(B1G, "mem=512M mem=1G@0xf0000000");
	(void)state;
	assert_int_equal(r->m.nbanks, 2);
	BANK(r, 0, 0x40000000, 512 * MiB);
	BANK(r, 1, 0xf0000000, 0x0ffff000);
	run_free(r);
}

/* The first mem= removes the DT's memory even when no bank is added (size memparse cannot
 * read: 0; a bank wholly below PHYS_OFFSET: ignored): nothing to boot with is an input error
 * naming early_mem.  A later valid mem= still adds its bank. */
static void test_mem_nothing_left(void **state)
{
	struct run *bogus = run_try(B1G, NULL, "mem=bogus");
	struct run *low = run_try(B1G, NULL, "mem=64M@0x3000000");
	struct run *later = run_ok(B1G, "mem=bogus mem=256M");
	(void)state;
	assert_int_equal(bogus->rc, -1);
	assert_non_null(strstr(bogus->err.msg, "early_mem"));
	assert_int_equal(low->rc, -1);
	assert_non_null(strstr(low->err.msg, "early_mem"));
	assert_int_equal(later->m.nbanks, 1);
	BANK(later, 0, 0x40000000, 256 * MiB);
	run_free(bogus);
	run_free(low);
	run_free(later);
}

/* Debian 12's armmp-lpae (tests/boots/armhf-lpae-2g: PHYS_ADDR_T_64BIT, same 768 MiB lowmem).
 * mem=1G@0xf0000000 keeps its whole GiB (no 4 GiB cut).  mem=6G is the real 6 GiB boot's
 * layout (0x40000000-0x1c0000000; its console, up to "Run /init", printed "cma: Reserved 16
 * MiB at 0x6f000000", "software IO TLB: mapped [mem 0x67903000-0x6b903000] (64MB)" and
 * "5488640K highmem"): max_pfn 0x1c0000 > 0xfffff brings the 64 MiB swiotlb (lowmem); CMA's
 * highmem try succeeds but 6.1's unguarded bottom-up try overwrites it, so the area goes to
 * lowmem below 0x70000000 and 16 MiB of HighMem stays reserved: HighMem present
 * (0x1c0000000 - 0x70000000) / 4 KiB = 1376256 pages, free at mem_init 1376256 - 4096 =
 * 1372160 pages = 5488640 kB. */
#define BLPAE "tests/boots/armhf-lpae-2g/board"
static void test_lpae(void **state)
{
	struct run *two = run_ok(BLPAE, "console=ttyAMA0");
	struct run *hi = run_ok(BLPAE, "mem=512M mem=1G@0xf0000000");
	struct run *six = run_ok(BLPAE, "console=ttyAMA0 mem=6G");
	const struct mg_region *sw, *leak;
	(void)state;
	BANK(hi, 1, 0xf0000000, 1024 * MiB);
	assert_null(region_named(&two->m, "swiotlb bounce buffer")); /* max_pfn 0xc0000 */
	assert_int_equal(two->m.cma[0].base, 0xbf000000);             /* the 2 GiB boot */
	BANK(six, 0, 0x40000000, 6144 * MiB);
	sw = region_named(&six->m, "swiotlb bounce buffer");
	assert_non_null(sw);
	assert_int_equal(sw->size_bytes, 64 * MiB);
	assert_true(sw->base + sw->size_bytes <= 0x70000000);
	assert_int_equal(six->m.cma[0].base, 0x6f000000);
	leak = region_named(&six->m, "CMA highmem try (leaked)");
	assert_non_null(leak);
	assert_int_equal(leak->size_bytes, 16 * MiB);
	assert_true(leak->base >= 0x70000000);
	assert_int_equal(six->m.zones[MG_ZONE_HIGHMEM].present_pages, 1376256);
	assert_int_equal(six->m.zones[MG_ZONE_HIGHMEM].managed_boot_pages, 1372160);
	run_free(two);
	run_free(hi);
	run_free(six);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mem_single),
		cmocka_unit_test(test_mem_two_banks),
		cmocka_unit_test(test_mem_hole_memmap),
		cmocka_unit_test(test_mem_below_phys_offset_and_order),
		cmocka_unit_test(test_mem_32bit_truncation),
		cmocka_unit_test(test_mem_nothing_left),
		cmocka_unit_test(test_lpae),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
