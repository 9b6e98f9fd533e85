/* 32-bit arm (arch/arm, v6.1): the lowmem/highmem split, zone spans, the static reservations
 * of arm_memblock_init, and the early allocations of paging_init.  Checked against Debian 12's
 * armmp kernel (ARMv7, no LPAE, HIGHMEM, FLATMEM) booted on QEMU's virt board
 * (tests/qemu/cases/armhf-*). */
#include <string.h>

#include <memgate/kconfig.h>

#include "model_internal.h"

/* arch/arm/include/asm/pgtable.h: VMALLOC_END 0xff800000, VMALLOC_OFFSET 8 MiB (4.19-6.12). */
#define ARM_VMALLOC_END 0xff800000ull
#define ARM_VMALLOC_OFFSET (8ull << 20)
/* arch/arm/mm/mmu.c: vmalloc_size default 240 MiB; early_vmalloc clamps to >= 16 MiB. */
#define ARM_VMALLOC_DEFAULT (240ull << 20)

static uint64_t page_offset(const struct mg_model_ctx *c)
{
	int64_t v = mg_kconfig_int(&c->b->kconfig, "PAGE_OFFSET", 0xC0000000ll);
	return v > 0 ? (uint64_t)v : 0xC0000000ull;
}

/* The lowest base of the DT's memory banks (the banks mg_layout_banks reads): where the
 * bootloader put RAM, and so the kernel, whatever mem= later makes of memblock. */
static uint64_t dt_ram_start(const struct mg_model_ctx *c)
{
	const struct mg_dt *dt = &c->b->dt;
	uint64_t lo = UINT64_MAX;
	for (size_t i = 0; i < dt->nmemory; i++) {
		const struct mg_dt_memory *mem = &dt->memory[i];
		const struct mg_range *r = mem->has_usable ? mem->usable : mem->reg;
		size_t n = mem->has_usable ? mem->nusable : mem->nreg;
		if (!mem->okay || (c->m->k.rules->memory_nodes_root_only && !mem->root_level))
			continue;
		for (size_t j = 0; j < n; j++)
			if (r[j].size && r[j].base < lo)
				lo = r[j].base;
	}
	return lo == UINT64_MAX ? mg_mb_start(&c->mb) : lo;
}

/* PHYS_OFFSET with ARM_PATCH_PHYS_VIRT + AUTO_ZRELADDR: the decompressor puts the kernel at
 * (its load address & 0xf8000000) + TEXT_OFFSET (arch/arm/boot/compressed/head.S), and
 * head.S derives PHYS_OFFSET from where it runs: the 128 MiB-aligned start of RAM, fixed
 * before the command line is read (mem= does not move it). */
static uint64_t phys_offset(const struct mg_model_ctx *c)
{
	int64_t v;
	if (!mg_kconfig_is_y(&c->b->kconfig, "ARM_PATCH_PHYS_VIRT") &&
	    (v = mg_kconfig_int(&c->b->kconfig, "PHYS_OFFSET", -1)) >= 0)
		return (uint64_t)v;
	return dt_ram_start(c) & ~((128ull << 20) - 1);
}

/* arch/arm/kernel/setup.c: arm_add_memory (v6.1, same 4.19-6.12): start rounded up and size
 * down to pages; without PHYS_ADDR_T_64BIT (LPAE) nothing above 4 GiB (a bank crossing it
 * ends at ULONG_MAX, losing its last page); the part below PHYS_OFFSET is dropped.  Returns
 * false when nothing is added (-EINVAL). */
static bool arm_add_memory(struct mg_model_ctx *c, uint64_t start, uint64_t size, uint64_t phys)
{
	uint64_t ps = c->m->k.page_size_bytes, aligned, end;
	bool phys64 = mg_kconfig_is_y(&c->b->kconfig, "PHYS_ADDR_T_64BIT");

	if (!mg_add_u64(start, ps - 1, &aligned))
		return false;
	aligned &= ~(ps - 1);
	if (!mg_add_u64(start, size, &end))
		end = UINT64_MAX;
	size = aligned > end ? 0 : size - (aligned - start);
	if (!phys64) {
		if (aligned > 0xffffffffull)
			return false; /* "Ignoring memory at ... outside 32-bit physical address space" */
		if (aligned + size > 0xffffffffull)
			size = 0xffffffffull - aligned; /* "Truncating memory at ..." */
	} else if (size > UINT64_MAX - aligned) {
		size = UINT64_MAX - aligned; /* memblock_cap_size */
	}
	if (aligned < phys) {
		if (aligned + size <= phys)
			return false; /* "Ignoring memory below PHYS_OFFSET" */
		size -= phys - aligned;
		aligned = phys;
	}
	size &= ~(ps - 1);
	if (!size)
		return false;
	return mg_mb_add(&c->mb, aligned, size) == 0;
}

/* arch/arm/kernel/setup.c: early_mem (v6.1, same 4.19-6.12).  Unlike arm64 and x86 (a cap),
 * the first mem= removes every bank the DT gave (memblock_remove of [start, end) of DRAM) and
 * each mem=size[@start] adds one, start defaulting to PHYS_OFFSET; tokens apply in command
 * line order.  A size memparse cannot read is 0: the bank is refused, the removal stays. */
int mg_arm32_early_mem(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_cmdline_token *t;
	uint64_t phys = phys_offset(c);
	size_t pos = 0;
	bool removed = false;

	while ((t = mg_cmdline_next(&c->cl, "mem", &pos))) {
		uint64_t size = 0, start = phys;
		const char *end = NULL;
		if (!t->value) {
			/* early_mem would memparse(NULL): not a line a board boots with */
			mg_model_note(m, "%s: mem without a value ignored", t->origin.what);
			continue;
		}
		if (!removed) {
			uint64_t s = mg_mb_start(&c->mb);
			mg_mb_remove(&c->mb, s, mg_mb_end(&c->mb) - s);
			removed = true;
		}
		if (mg_memparse(t->value, &size, &end)) {
			size = 0; /* simple_strtoull: no digits -> 0 */
			end = t->value;
		}
		if (*end == '@' && mg_memparse(end + 1, &start, NULL))
			start = 0;
		if (arm_add_memory(c, start, size, phys))
			mg_model_note(m, "mem=%s: memory bank 0x%llx-0x%llx (arm early_mem adds banks; %s)",
				      t->value, (unsigned long long)start,
				      (unsigned long long)(start + size), t->origin.what);
		else
			mg_model_note(m, "mem=%s: no memory added (arm_add_memory refuses it; %s)", t->value,
				      t->origin.what);
	}
	if (removed && !c->mb.nmemory)
		return mg_input_error(c->err, c->b->dt.file, 0,
				      "mem= on 32-bit arm leaves no memory: the first mem= removes every DT "
				      "bank and no mem=size[@start] added one (arch/arm/kernel/setup.c: early_mem)");
	return 0;
}

/* arch/arm/Makefile (v6.1): TEXT_OFFSET = textofs-y, 0x8000 unless a selected platform moves
 * it (the last matching assignment wins, as in make). */
static uint64_t text_offset(const struct mg_model_ctx *c)
{
	static const struct { const char *sym; uint64_t off; } tab[] = {
		{ "PM_H1940", 0x108000 }, { "ARCH_REALTEK", 0x108000 }, { "SA1111", 0x208000 },
		{ "ARCH_IPQ40XX", 0x208000 }, { "ARCH_MSM8X60", 0x208000 }, { "ARCH_MSM8960", 0x208000 },
		{ "ARCH_MESON", 0x208000 }, { "ARCH_AXXIA", 0x308000 },
	};
	uint64_t off = 0x8000;
	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (mg_kconfig_is_y(&c->b->kconfig, tab[i].sym))
			off = tab[i].off;
	return off;
}

/* arch/arm/mm/mmu.c: early_vmalloc + adjust_lowmem_bounds (v6.1): lowmem ends where the
 * vmalloc area (vmalloc= or 240 MiB, plus the 8 MiB guard) below VMALLOC_END begins;
 * memblock's current limit is that, rounded down to a PMD (2 MiB), or the first
 * non-PMD-aligned bank edge.  arch/arm/mm/init.c: setup_dma_zone/zone_sizes_init: ZONE_DMA
 * ends at arm_dma_limit (PHYS_OFFSET + mdesc->dma_zone_size, else 4 GiB: a DT machine has no
 * dma_zone_size, so ZONE_DMA is all of lowmem and Normal is empty), HighMem above lowmem. */
void mg_arm32_zone_bounds(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;
	const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "vmalloc");
	uint64_t po = page_offset(c), phys = phys_offset(c), vsize = ARM_VMALLOC_DEFAULT, v;
	uint64_t start = mg_mb_start(&c->mb), end, vlimit, lowmem = 0, mblimit = 0;
	uint64_t pmd = 2ull << 20, dma_end;

	if (t && t->value && mg_parse_size(t->value, &v)) {
		uint64_t vmax = ARM_VMALLOC_END - (po + (32ull << 20) + ARM_VMALLOC_OFFSET);
		vsize = v < (16ull << 20) ? 16ull << 20 : v > vmax ? vmax : v;
	}
	vlimit = ARM_VMALLOC_END - vsize - ARM_VMALLOC_OFFSET - po + phys;
	for (size_t i = 0; i < c->mb.nmemory; i++) {
		uint64_t bs = c->mb.memory[i].base, be = bs + c->mb.memory[i].size;
		if (bs >= vlimit)
			continue;
		if (be > lowmem)
			lowmem = mg_min_u64(vlimit, be);
		if (!mblimit) {
			if (bs & (pmd - 1))
				mblimit = bs;
			else if (be & (pmd - 1))
				mblimit = lowmem;
		}
	}
	if (!mblimit)
		mblimit = lowmem;
	mblimit &= ~(pmd - 1);
	end = mg_mb_end(&c->mb);
	if (!k->highmem && end > lowmem) {
		/* "Ignoring RAM at ...: Consider using a HIGHMEM enabled kernel." */
		mg_mb_remove(&c->mb, mblimit, end - mblimit);
		mg_model_note(m, "arm: HIGHMEM off: RAM above 0x%llx ignored (adjust_lowmem_bounds)",
			      (unsigned long long)mblimit);
		lowmem = mblimit;
		end = mg_mb_end(&c->mb);
	}
	c->memblock_limit = mblimit;
	c->highmem_start = k->highmem && end > lowmem ? lowmem : 0;
	/* dma_contiguous_reserve(arm_dma_limit): 0xffffffff (inclusive, passed as is) without a
	 * dma_zone_size; cma_declare_contiguous_nid rounds it down to the CMA alignment, which
	 * moves the area below 4 GiB when RAM reaches it (armhf-lpae-3g: 0xfee00000). */
	c->dma_limit = 0xffffffffull;
	dma_end = k->zone_dma ? mg_min_u64(lowmem, 1ull << 32) : start;
	c->dma32_limit = dma_end;
	for (int z = 0; z < MG_NR_ZONES; z++) {
		m->zones[z].start_pfn = m->zones[z].end_pfn = 0;
	}
#define SET(z, lo, hi) do { m->zones[z].start_pfn = (lo) >> k->page_shift; \
		m->zones[z].end_pfn = (hi) > (lo) ? (hi) >> k->page_shift : (lo) >> k->page_shift; } while (0)
	SET(MG_ZONE_DMA, start, dma_end);
	SET(MG_ZONE_NORMAL, dma_end, lowmem);
	SET(MG_ZONE_HIGHMEM, lowmem, k->highmem ? end : lowmem);
#undef SET
	m->zones[MG_ZONE_DMA32].start_pfn = m->zones[MG_ZONE_DMA32].end_pfn = m->zones[MG_ZONE_NORMAL].start_pfn;
	m->zones[MG_ZONE_MOVABLE].start_pfn = m->zones[MG_ZONE_MOVABLE].end_pfn = 0;
}

/* arch/arm/mm/init.c: arm_memblock_init (v6.1): memblock_reserve(_stext.._end) (KERNEL_START
 * is _stext), reserve_initrd_mem, arm_mm_memblock_reserve (swapper_pg_dir: 16 KiB below
 * PAGE_OFFSET + TEXT_OFFSET, 20 KiB with LPAE), then early_init_fdt_scan_reserved_mem, which
 * reserves the DTB itself.  [_text, _stext) (head text) is not reserved and is freed. */
int mg_arm32_layout_static(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_board *b = c->b;
	const struct mg_sysmap *sm = &b->sysmap;
	uint64_t ps = m->k.page_size_bytes, po = page_offset(c), phys = phys_offset(c);
	uint64_t toff = text_offset(c), kbase, ksize, pgd, pgd_size, dtb_base;
	struct mg_origin o;

	pgd_size = mg_kconfig_is_y(&b->kconfig, "ARM_LPAE") ? 0x5000 : 0x4000;
	pgd = phys + toff - pgd_size;
	uint64_t kend;
	/* a map whose _stext is not a lowmem address of this PAGE_OFFSET (or an image over
	 * 1 GiB) is not this kernel's: estimate instead */
	if (b->has_sysmap && sm->has[MG_SYM_STEXT] && sm->has[MG_SYM_END] &&
	    sm->addr[MG_SYM_END] > sm->addr[MG_SYM_STEXT] && sm->addr[MG_SYM_STEXT] >= po &&
	    sm->addr[MG_SYM_END] - sm->addr[MG_SYM_STEXT] < (1ull << 30) &&
	    mg_add_u64(sm->addr[MG_SYM_STEXT] - po, phys, &kbase) &&
	    mg_add_u64(kbase, sm->addr[MG_SYM_END] - sm->addr[MG_SYM_STEXT] + ps, &kend)) {
		enum mg_sysmap_sym iend = sm->has[MG_SYM_INIT_END] ? MG_SYM_INIT_END : MG_SYM_SDATA;
		ksize = sm->addr[MG_SYM_END] - sm->addr[MG_SYM_STEXT];
		c->init_section_bytes = sm->has[MG_SYM_INIT_BEGIN] && sm->has[iend] &&
						sm->addr[iend] > sm->addr[MG_SYM_INIT_BEGIN]
					? sm->addr[iend] - sm->addr[MG_SYM_INIT_BEGIN]
					: 0;
		mg_origin_set(&o, sm->file, 0, "_end - _stext");
	} else {
		/* No System.map: Debian 12's armmp 6.1 (_stext 1 MiB past _text, _end - _stext
		 * 19 MiB, __init 2 MiB); the report says it is an estimate. */
		kbase = mg_align_up(phys + toff, 1ull << 20);
		ksize = 19ull << 20;
		c->init_section_bytes = 2ull << 20;
		mg_origin_builtin(&o, "estimate (no System.map)");
		mg_model_note(m, "no System.map: arm kernel image estimated at 19 MiB from 0x%llx (init 2 MiB)",
			      (unsigned long long)kbase);
	}
	{
		uint64_t s = kbase & ~(ps - 1), e = mg_align_up(kbase + ksize, ps);
		mg_mb_reserve(&c->mb, s, e - s);
		if (mg_model_add_region(c, MG_REGION_KERNEL, "kernel image", s, e - s, &o,
					"arch/arm/mm/init.c: arm_memblock_init memblock_reserve(_stext.._end)"))
			return -1;
		m->regions[m->nregions - 1].estimated = !b->has_sysmap;
	}
	c->initrd_size = b->has_initrd_size ? b->initrd_size_bytes : 0;
	if (c->initrd_size) {
		/* QEMU (hw/arm/boot.c): initrd at RAM + min(RAM/2, 128 MiB); the DT says where. */
		uint64_t ram = mg_mb_phys_size(&c->mb);
		uint64_t ib = b->dt.has_initrd ? b->dt.initrd_start : phys + mg_min_u64(ram / 2, 128ull << 20);
		uint64_t s = ib & ~(ps - 1), e = mg_align_up(ib + c->initrd_size, ps);
		c->initrd_base = ib;
		mg_mb_reserve(&c->mb, s, e - s);
		if (mg_model_add_region(c, MG_REGION_INITRD, "initrd", s, e - s, &b->initrd_origin,
					"init/initramfs.c: reserve_initrd_mem, page-aligned; freed by free_initrd_mem"))
			return -1;
		m->regions[m->nregions - 1].freed_after_boot = true;
		/* QEMU: a 32-bit DTB goes right after the initrd, 4 KiB aligned. */
		dtb_base = e;
	} else {
		dtb_base = phys + mg_min_u64(mg_mb_phys_size(&c->mb) / 2, 128ull << 20);
	}
	mg_mb_reserve(&c->mb, pgd, pgd_size);
	mg_origin_builtin(&o, "swapper_pg_dir");
	if (mg_model_add_region(c, MG_REGION_PAGETABLES, "swapper_pg_dir", pgd, pgd_size, &o,
				"arch/arm/mm/mmu.c: arm_mm_memblock_reserve memblock_reserve(swapper_pg_dir)"))
		return -1;
	return mg_layout_reserve_dtb(c, dtb_base, "drivers/of/fdt.c: early_init_fdt_reserve_self");
}

/* arch/arm/mm/mmu.c: paging_init (v6.1).  Lowmem and the kernel are mapped with 1 MiB
 * sections from the static swapper_pg_dir; early_alloc takes the vector pages
 * (devicemaps_init: 2 pages), the zero page, and one 4 KiB PTE table (Linux + hardware
 * halves, early_pte_alloc) each for the vectors, the pkmap area (kmap_init, HIGHMEM) and the
 * fixmap.  Allocated below memblock's current limit (lowmem). */
int mg_arm32_pagetables(struct mg_model_ctx *c)
{
	const struct mg_kernel *k = &c->m->k;
	uint64_t pages = 2 + 1 + 2 + (k->highmem ? 1 : 0);
	return mg_model_alloc(c, MG_REGION_PAGETABLES, "vectors, zero page, PTE tables", pages * k->page_size_bytes,
			      k->page_size_bytes, 0, UINT64_MAX,
			      "arch/arm/mm/mmu.c: paging_init (devicemaps_init, kmap_init, zero page)", NULL, NULL);
}

/* mm/page_alloc.c: alloc_node_mem_map (FLATMEM, v6.1): one struct page per page from the
 * node start rounded down to MAX_ORDER_NR_PAGES to its end rounded up, one memblock_alloc
 * (SMP_CACHE_BYTES aligned) below the memblock limit. */
int mg_arm32_memmap(struct mg_model_ctx *c)
{
	const struct mg_kernel *k = &c->m->k;
	/* MAX_ORDER_NR_PAGES: 1 << (MAX_ORDER - 1) (<= 6.3) = 1 << MAX_ORDER (6.4+) = 1 << K */
	uint64_t mo = 1ull << k->max_order;
	uint64_t s = (mg_mb_start(&c->mb) >> k->page_shift) & ~(mo - 1);
	uint64_t e = mg_align_up(mg_mb_end(&c->mb) >> k->page_shift, mo);
	uint64_t base = UINT64_MAX, prev_end = 0, pb = k->pageblock_pages ? k->pageblock_pages : 1;
	uint64_t ps = k->page_size_bytes, freed = 0;

	if (mg_model_alloc(c, MG_REGION_MEMMAP, "memmap (struct page, FLATMEM)",
			   (e - s) * k->struct_page_bytes, 64, 0, UINT64_MAX,
			   "mm/page_alloc.c: alloc_node_mem_map, FLATMEM mem_map for the whole node", NULL, &base))
		return -1;
	if (base == UINT64_MAX)
		return 0;
	/* mm/memblock.c: free_unused_memmap (v6.1; arch/arm/mm/init.c before 5.14), at
	 * memblock_free_all (arm selects HAVE_ARCH_PFN_VALID): the struct pages of a hole between
	 * banks, widened to pageblocks, are given back in whole pages (free_memmap). */
	for (size_t i = 0; i < c->mb.nmemory; i++) {
		uint64_t bs = mg_align_up(c->mb.memory[i].base, ps) >> k->page_shift;
		uint64_t be = (c->mb.memory[i].base + c->mb.memory[i].size) >> k->page_shift;
		bs &= ~(pb - 1);                                    /* pageblock_start_pfn */
		if (prev_end && prev_end < bs) {
			uint64_t pg = mg_align_up(base + (prev_end - s) * k->struct_page_bytes, ps);
			uint64_t pgend = (base + (bs - s) * k->struct_page_bytes) & ~(ps - 1);
			if (pg < pgend) {
				mg_mb_free(&c->mb, pg, pgend - pg);
				freed += pgend - pg;
			}
		}
		prev_end = mg_align_up(be, pb);                     /* pageblock_align */
	}
	if (freed)
		mg_model_note(c->m, "memmap: %llu KiB of struct pages over holes between banks freed "
			      "(free_unused_memmap)", (unsigned long long)(freed >> 10));
	return 0;
}
