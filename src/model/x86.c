/* x86_64: the RAM map from e820 and the reservations arch/x86/kernel/setup.c: setup_arch makes,
 * in its order (v6.1 unless a version is named): e820__memory_setup -> parse_early_param
 * (mem=, memmap=) -> trim_bios_range -> early_reserve_memory (image, first 64 KiB, initrd) ->
 * reserve_brk -> e820__memblock_setup -> reserve_real_mode (first 1 MiB, 5.13+) ->
 * init_mem_mapping -> initmem_init (NODE_DATA) -> dma_contiguous_reserve -> reserve_crashkernel
 * -> memblock_find_dma_reserve -> paging_init (sparse_init, zone_sizes_init); mem_init ->
 * pci_iommu_alloc (swiotlb).  The rest (per-CPU, hashes, ...) is the arch-independent code in
 * consumers.c. */
#include <stdlib.h>
#include <string.h>

#include <memgate/kconfig.h>

#include "model_internal.h"

#define SZ_64K (64ull << 10)
#define SZ_1M (1ull << 20)
#define SZ_16M (16ull << 20)
#define SZ_4G (4ull << 30)
#define START_KERNEL_MAP 0xffffffff80000000ull /* arch/x86/include/asm/page_64_types.h */
#define MAX_SEG (MG_E820_MAX_ENTRIES + 2 * MG_MEMMAP_MAX_ENTRIES * 8 + 8)

struct seg {
	uint64_t start, end; /* [start, end) */
	uint32_t type;
};

struct table {
	struct seg *s;
	size_t n, cap;
};

static int tadd(struct mg_model_ctx *c, struct table *t, uint64_t start, uint64_t end, uint32_t type)
{
	if (end <= start)
		return 0;
	if (t->n >= MAX_SEG)
		return mg_input_error(c->err, c->b->e820_path, 0, "e820: more than %u entries after memmap=",
				      (unsigned)MAX_SEG);
	if (MG_ARRAY_RESERVE(t->s, t->cap, t->n + 1))
		return mg_error_set(c->err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	t->s[t->n++] = (struct seg){ start, end, type };
	return 0;
}

/* e820__range_update / e820__range_remove: the part of every entry (of type from, or any
 * type when !check) inside [start, end) is retyped to `to` (0 = removed). */
static int tretype(struct mg_model_ctx *c, struct table *t, uint64_t start, uint64_t end, uint32_t from,
		   bool check, uint32_t to)
{
	size_t n = t->n;
	for (size_t i = 0; i < n; i++) {
		struct seg x = t->s[i];
		uint64_t lo = mg_max_u64(x.start, start), hi = mg_min_u64(x.end, end);
		if ((check && x.type != from) || lo >= hi)
			continue;
		/* keep the pieces outside the range, then the retyped middle */
		t->s[i].end = lo;
		if (tadd(c, t, hi, x.end, x.type) || (to && tadd(c, t, lo, hi, to)))
			return -1;
	}
	/* drop the emptied entries */
	size_t w = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->s[i].end > t->s[i].start)
			t->s[w++] = t->s[i];
	t->n = w;
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* e820__update_table: overlapping entries resolved by the highest type number, equal
 * neighbours merged. */
static int tsanitize(struct mg_model_ctx *c, struct table *t)
{
	uint64_t *pts = malloc(2 * (t->n ? t->n : 1) * sizeof(*pts));
	struct table out = { 0 };
	size_t np = 0;

	if (!pts)
		return mg_error_set(c->err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	for (size_t i = 0; i < t->n; i++) {
		pts[np++] = t->s[i].start;
		pts[np++] = t->s[i].end;
	}
	qsort(pts, np, sizeof(*pts), cmp_u64);
	for (size_t k = 0; k + 1 < np; k++) {
		uint32_t type = 0;
		if (pts[k] == pts[k + 1])
			continue;
		for (size_t i = 0; i < t->n; i++)
			if (t->s[i].start <= pts[k] && t->s[i].end >= pts[k + 1] && t->s[i].type > type)
				type = t->s[i].type;
		if (!type)
			continue;
		if (out.n && out.s[out.n - 1].end == pts[k] && out.s[out.n - 1].type == type)
			out.s[out.n - 1].end = pts[k + 1];
		else if (tadd(c, &out, pts[k], pts[k + 1], type)) {
			free(pts);
			free(out.s);
			return -1;
		}
	}
	free(pts);
	free(t->s);
	*t = out;
	return 0;
}

/* arch/x86/kernel/e820.c: parse_memopt (mem=) and parse_memmap_one (memmap=), in command-line
 * order; the table is sanitized afterwards (e820__finish_early_params). */
static int apply_cmdline(struct mg_model_ctx *c, struct table *t)
{
	for (size_t i = 0; i < c->cl.ntokens; i++) {
		const struct mg_cmdline_token *tok = &c->cl.tokens[i];
		struct mg_memmap_param mp[MG_MEMMAP_MAX_ENTRIES];
		size_t n = 0;
		uint64_t v;

		if (!tok->value)
			continue;
		if (!strcmp(tok->name, "mem")) {
			if (!strcmp(tok->value, "nopentium"))
				continue;
			/* mem=0 / invalid is ignored (-EINVAL); otherwise RAM above N is removed */
			if (!mg_parse_size(tok->value, &v) || !v)
				continue;
			mg_model_note(c->m, "%s: RAM above 0x%llx removed from the e820 map (x86 parse_memopt)",
				      tok->origin.what, (unsigned long long)v);
			if (tretype(c, t, v, UINT64_MAX, MG_E820_RAM, true, 0))
				return -1;
			continue;
		}
		if (strcmp(tok->name, "memmap"))
			continue;
		if (mg_parse_memmap_list(tok, mp, MG_MEMMAP_MAX_ENTRIES, &n, c->err))
			return -1;
		for (size_t j = 0; j < n; j++) {
			const struct mg_memmap_param *p = &mp[j];
			uint64_t end;
			if (!mg_add_u64(p->base, p->size_bytes, &end))
				end = UINT64_MAX;
			switch (p->kind) {
			case 'x':
				t->n = 0;
				break;
			case '@':
				if (tadd(c, t, p->base, end, MG_E820_RAM))
					return -1;
				break;
			case '#':
				if (tadd(c, t, p->base, end, MG_E820_ACPI))
					return -1;
				break;
			case '$':
				if (tadd(c, t, p->base, end, MG_E820_RESERVED))
					return -1;
				break;
			case '!':
				if (tadd(c, t, p->base, end, MG_E820_PRAM))
					return -1;
				break;
			case '%':
				if (p->old_type && p->new_type) {
					if (tretype(c, t, p->base, end, (uint32_t)p->old_type, true, (uint32_t)p->new_type))
						return -1;
				} else if (p->new_type) {
					if (tadd(c, t, p->base, end, (uint32_t)p->new_type))
						return -1;
				} else if (tretype(c, t, p->base, end, (uint32_t)p->old_type, p->old_type != 0, 0)) {
					return -1;
				}
				break;
			default: /* 'l': a bare size, like mem= */
				if (tretype(c, t, p->size_bytes, UINT64_MAX, MG_E820_RAM, true, 0))
					return -1;
				break;
			}
		}
		mg_model_note(c->m, "%s: user-defined e820 map (x86 parse_memmap_one)", tok->origin.what);
	}
	return 0;
}

static int banks(struct mg_model_ctx *c)
{
	const struct mg_board *b = c->b;
	struct mg_model *m = c->m;
	struct table t = { 0 };
	uint64_t ps = m->k.page_size_bytes;
	int rc = -1;

	if (!b->has_e820)
		return mg_input_error(c->err, b->kconfig.file, 0,
				      "x86_64 has no device tree: give its RAM map with --e820 FILE (the kernel's "
				      "BIOS-e820: boot lines) or an e820 file in the board folder");
	/* The printed table is already sanitized (e820__memory_setup_default). */
	for (size_t i = 0; i < b->e820.nentries; i++)
		if (tadd(c, &t, b->e820.entries[i].start, b->e820.entries[i].end, b->e820.entries[i].type))
			goto out;
	if (apply_cmdline(c, &t) || tsanitize(c, &t))
		goto out;
	/* trim_bios_range: page 0 is BIOS-owned; the 640K-1M ROM hole is never RAM. */
	if (tretype(c, &t, 0, 4096, MG_E820_RAM, true, MG_E820_RESERVED) ||
	    tretype(c, &t, 0xa0000, SZ_1M, MG_E820_RAM, true, 0) || tsanitize(c, &t))
		goto out;
	/* e820__memblock_setup: RAM and RESERVED_KERN become memblock.memory, soft-reserved is
	 * reserved (not memory); memblock_trim_memory drops partial pages. */
	for (size_t i = 0; i < t.n; i++) {
		uint64_t s = mg_align_up(t.s[i].start, ps), e = t.s[i].end & ~(ps - 1);
		if ((t.s[i].type == MG_E820_RAM || t.s[i].type == MG_E820_RESERVED_KERN) && e > s &&
		    mg_mb_add(&c->mb, s, e - s))
			goto out;
	}
	if (!c->mb.nmemory) {
		mg_input_error(c->err, b->e820_path, 0, "no usable RAM in the e820 map%s",
			       t.n ? " (after mem=/memmap=)" : "");
		goto out;
	}
	if (c->opt->has_ram_override) {
		/* A RAM variant: the same map capped, or grown above 4 GiB as firmware puts the rest. */
		uint64_t have = mg_mb_phys_size(&c->mb), want = c->opt->ram_bytes & ~(ps - 1);
		if (want < have)
			mg_mb_cap_size(&c->mb, want);
		else if (want > have)
			mg_mb_add(&c->mb, mg_max_u64(mg_mb_end(&c->mb), SZ_4G), want - have);
		mg_model_note(m, "RAM variant: %llu MiB of e820 RAM", (unsigned long long)(want >> 20));
	}
	m->ram_bytes = mg_mb_phys_size(&c->mb);
	m->nbanks = 0;
	for (size_t i = 0; i < c->mb.nmemory && m->nbanks < 64; i++) {
		m->banks[m->nbanks].base = c->mb.memory[i].base;
		m->banks[m->nbanks++].size = c->mb.memory[i].size;
	}
	rc = 0;
out:
	free(t.s);
	return rc;
}

/* arch/x86/mm/init.c: zone_sizes_init: DMA below MAX_DMA_PFN (16 MiB), DMA32 below 4 GiB,
 * NORMAL to max_pfn; free_area_init clips each to the node's span. */
void mg_x86_zone_bounds(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;
	uint64_t start = mg_mb_start(&c->mb), end = mg_mb_end(&c->mb);
	uint64_t dma = k->zone_dma ? mg_max_u64(start, mg_min_u64(end, SZ_16M)) : start;
	uint64_t dma32 = k->zone_dma32 ? mg_max_u64(dma, mg_min_u64(end, SZ_4G)) : dma;
	unsigned ps = k->page_shift;

	m->zones[MG_ZONE_DMA].start_pfn = start >> ps;
	m->zones[MG_ZONE_DMA].end_pfn = dma >> ps;
	m->zones[MG_ZONE_DMA32].start_pfn = dma >> ps;
	m->zones[MG_ZONE_DMA32].end_pfn = dma32 >> ps;
	m->zones[MG_ZONE_NORMAL].start_pfn = dma32 >> ps;
	m->zones[MG_ZONE_NORMAL].end_pfn = end >> ps;
	/* dma_contiguous_reserve(max_pfn_mapped << PAGE_SHIFT): CMA anywhere in RAM. */
	c->dma_limit = end;
	c->dma32_limit = dma32;
}

/* Reserve [base, base+size) and record it. */
static int reserve(struct mg_model_ctx *c, enum mg_region_kind kind, const char *name, uint64_t base,
		   uint64_t size, const struct mg_origin *o, const char *rule, bool estimated)
{
	if (!size)
		return 0;
	mg_mb_reserve(&c->mb, base, size);
	if (mg_model_add_region(c, kind, name, base, size, o, rule))
		return -1;
	c->m->regions[c->m->nregions - 1].estimated = estimated;
	return 0;
}

/* A piece of the image that free_initmem / mark_rodata_ro give back. */
static int image_piece(struct mg_model_ctx *c, const char *name, uint64_t base, uint64_t size,
		       const struct mg_origin *o, const char *rule, bool estimated)
{
	if (!size)
		return 0;
	if (mg_model_add_region(c, MG_REGION_OTHER, name, base, size, o, rule))
		return -1;
	c->m->regions[c->m->nregions - 1].freed_after_boot = true;
	c->m->regions[c->m->nregions - 1].estimated = estimated;
	return 0;
}

/* The kernel image and what it gives back.  With a System.map: [_text, __bss_stop)
 * (= __end_of_kernel_reserve, arch/x86/kernel/vmlinux.lds.S) at _text - __START_KERNEL_map;
 * without: Debian 6.1 amd64's sizes at CONFIG_PHYSICAL_START. */
static int kernel_image(struct mg_model_ctx *c)
{
	const struct mg_board *b = c->b;
	const struct mg_sysmap *sm = &b->sysmap;
	const struct mg_kconfig *kc = &b->kconfig;
	struct mg_model *m = c->m;
	uint64_t ps = m->k.page_size_bytes, text, stop, init_b = 0, init_e = 0, etext = 0, srod = 0, erod = 0;
	uint64_t sdata = 0, bss_start = 0, phys_start, align, base, size, brk, pgt_pages;
	bool have = b->has_sysmap && sm->has[MG_SYM_TEXT] && sm->has[MG_SYM_BSS_STOP] &&
		    sm->addr[MG_SYM_TEXT] >= START_KERNEL_MAP && sm->addr[MG_SYM_BSS_STOP] > sm->addr[MG_SYM_TEXT] &&
		    sm->addr[MG_SYM_BSS_STOP] - sm->addr[MG_SYM_TEXT] < (1ull << 30);
	struct mg_origin o, ob;

	phys_start = (uint64_t)mg_kconfig_int(kc, "PHYSICAL_START", 0x1000000);
	align = (uint64_t)mg_kconfig_int(kc, "PHYSICAL_ALIGN", 0x200000);
	if (!align || (align & (align - 1)))
		align = 0x200000;
	if (have) {
		const uint64_t *a = sm->addr;
#define SYM(s) (sm->has[s] && a[s] >= a[MG_SYM_TEXT] && a[s] <= a[MG_SYM_BSS_STOP] ? a[s] - a[MG_SYM_TEXT] : 0)
		text = a[MG_SYM_TEXT];
		stop = a[MG_SYM_BSS_STOP];
		init_b = SYM(MG_SYM_INIT_BEGIN);
		init_e = SYM(MG_SYM_INIT_END);
		etext = SYM(MG_SYM_ETEXT);
		srod = SYM(MG_SYM_START_RODATA);
		erod = SYM(MG_SYM_END_RODATA);
		sdata = SYM(MG_SYM_SDATA);
		bss_start = SYM(MG_SYM_BSS_START);
#undef SYM
		base = text - START_KERNEL_MAP;
		size = stop - text;
		mg_origin_set(&o, sm->file, sm->line[MG_SYM_BSS_STOP], "__bss_stop - _text");
	} else {
		/* Debian 6.1.0 amd64 (System.map of 6.1.192): [_text, __bss_stop) 52 MiB. */
		base = mg_align_up(phys_start, align);
		size = 52ull << 20;
		init_b = 0x2044000, init_e = 0x2306000, etext = 0xe01d32, srod = 0x1000000;
		erod = 0x18eb000, sdata = 0x1a00000, bss_start = 0x2310000;
		mg_origin_builtin(&o, "estimate (no System.map): Debian 6.1 amd64 image");
		mg_model_note(m, "no System.map: x86 kernel image estimated at 52 MiB (Debian 6.1 amd64)");
	}
	if (have && base != mg_align_up(phys_start, align))
		mg_model_note(m, "kernel image at 0x%llx from System.map _text (CONFIG_PHYSICAL_START 0x%llx)",
			      (unsigned long long)base, (unsigned long long)phys_start);
	if (mg_kconfig_is_y(kc, "RANDOMIZE_BASE") && !mg_cmdline_last(&c->cl, "nokaslr"))
		mg_model_note(m, "KASLR: the kernel's physical address is random at each boot; modelled at "
			      "0x%llx (boot with nokaslr for a fixed split between zones)", (unsigned long long)base);
	/* early_reserve_memory: memblock_reserve(__pa_symbol(_text), __end_of_kernel_reserve - _text) */
	if (reserve(c, MG_REGION_KERNEL, "kernel image", base, mg_align_up(size, ps), &o,
		    "arch/x86/kernel/setup.c: early_reserve_memory, memblock_reserve(_text.._end_of_kernel_reserve)",
		    !have))
		return -1;
	/* reserve_brk: the brk area right after it, as far as extend_brk used it: DMI strings
	 * (dmi_alloc) then early_alloc_pgt_buf's INIT_PGT_BUF_SIZE (12 pages with
	 * RANDOMIZE_MEMORY, else 6; arch/x86/mm/init.c). */
	pgt_pages = mg_kconfig_is_y(kc, "RANDOMIZE_MEMORY") ? 12 : 6;
	brk = (pgt_pages + 1) * ps;
	mg_origin_builtin(&ob, "extend_brk: early page-table buffer + DMI");
	if (reserve(c, MG_REGION_PAGETABLES,
		    "brk (early page tables, DMI)", mg_align_up(base + size, ps), brk, &ob,
		    "arch/x86/kernel/setup.c: reserve_brk (INIT_PGT_BUF_SIZE + DMI, estimated)", true))
		return -1;

	/* Given back before userspace: free_initmem [__init_begin, __init_end) (zones.c, via
	 * init_section_bytes), and the pieces below (arch/x86/mm/init.c: free_initmem,
	 * arch/x86/mm/init_64.c: mark_rodata_ro, arch/x86/mm/mem_encrypt.c,
	 * arch/x86/kernel/alternative.c: alternative_instructions). */
	c->init_section_bytes = init_e > init_b ? init_e - init_b : 0;
	if (etext && srod > mg_align_up(etext, ps) &&
	    image_piece(c, "kernel image: text/rodata gap", base + mg_align_up(etext, ps), srod - mg_align_up(etext, ps),
			&o, "arch/x86/mm/init_64.c: mark_rodata_ro frees [PFN_ALIGN(_etext), __start_rodata)", !have))
		return -1;
	if (erod && sdata > mg_align_up(erod, ps) &&
	    image_piece(c, "kernel image: rodata/data gap", base + mg_align_up(erod, ps), sdata - mg_align_up(erod, ps),
			&o, "arch/x86/mm/init_64.c: mark_rodata_ro frees [PFN_ALIGN(__end_rodata), _sdata)", !have))
		return -1;
	/* .smp_locks sits between __init_end and the .data_nosave page before .bss; freed unless
	 * the kernel was patched for one CPU with more possible. */
	if (init_e && bss_start > init_e + ps && m->k.nr_cpus >= 1 &&
	    image_piece(c, "kernel image: SMP alternatives (.smp_locks)", base + init_e, bss_start - init_e - ps,
			&o, "arch/x86/kernel/alternative.c: alternative_instructions frees [__smp_locks, __smp_locks_end)",
			true))
		return -1;
	/* BSS_DECRYPTED: a PMD-aligned 2 MiB block at the end of .bss, its unused tail freed by
	 * mem_encrypt_free_decrypted_mem (CONFIG_AMD_MEM_ENCRYPT); used part ~12 KiB (Debian 6.1). */
	if (mg_kconfig_is_y(kc, "AMD_MEM_ENCRYPT") && size > (2ull << 20) &&
	    image_piece(c, "kernel image: unused decrypted .bss", base + size - (2ull << 20) + (12ull << 10),
			(2ull << 20) - (12ull << 10), &o,
			"arch/x86/mm/mem_encrypt.c: mem_encrypt_free_decrypted_mem (used part estimated 12 KiB)", true))
		return -1;
	return 0;
}

/* Where the bootloader put the initrd: QEMU and GRUB load it at the top of the highest usable
 * RAM below 4 GiB (QEMU x86 loader: initrd_max = below-4G RAM end); it stays there
 * (reserve_initrd keeps a mapped initrd in place). */
static int initrd(struct mg_model_ctx *c)
{
	const struct mg_board *b = c->b;
	uint64_t ps = c->m->k.page_size_bytes, top = 0, s, e;

	c->initrd_size = b->has_initrd_size ? b->initrd_size_bytes : 0;
	if (!c->initrd_size)
		return 0;
	for (size_t i = 0; i < c->mb.nmemory; i++) {
		uint64_t re = c->mb.memory[i].base + c->mb.memory[i].size;
		if (c->mb.memory[i].base < SZ_4G)
			top = mg_max_u64(top, mg_min_u64(re, SZ_4G));
	}
	if (top < c->initrd_size + SZ_1M) {
		mg_model_note(c->m, "initrd of %llu bytes does not fit below 4 GiB",
			      (unsigned long long)c->initrd_size);
		c->initrd_size = 0;
		return 0;
	}
	c->initrd_base = (top - c->initrd_size) & ~(ps - 1);
	c->initrd_free_partial_end = true;
	s = c->initrd_base;
	e = mg_align_up(c->initrd_base + c->initrd_size, ps);
	if (reserve(c, MG_REGION_INITRD, "initrd", s, e - s, &b->initrd_origin,
		    "early_reserve_initrd: memblock_reserve(ramdisk_image, PAGE_ALIGN(end)); freed by free_initrd_mem",
		    false))
		return -1;
	c->m->regions[c->m->nregions - 1].freed_after_boot = true;
	return 0;
}

/* The first 1 MiB: page 0 + 64 KiB early (early_reserve_memory), then all of it from 5.13
 * (reserve_real_mode).  Before 5.13: reserve_low (CONFIG_X86_RESERVE_LOW, 64 KiB), the BIOS
 * area from the EBDA up (reserve_bios_regions), the real-mode trampoline (estimated 6 pages). */
static int low_memory(struct mg_model_ctx *c)
{
	const struct mg_kconfig *kc = &c->b->kconfig;
	struct mg_origin o;
	uint64_t low, ebda = 0x9f000, tramp;

	mg_origin_builtin(&o, "arch/x86/kernel/setup.c");
	if (c->m->k.rules->x86_reserve_low_1m)
		return reserve(c, MG_REGION_OTHER, "first 1 MiB (BIOS, real-mode trampoline)", 0, SZ_1M, &o,
			       "arch/x86/realmode/init.c: reserve_real_mode, memblock_reserve(0, SZ_1M) (5.13+)", false);
	low = (uint64_t)mg_kconfig_int(kc, "X86_RESERVE_LOW", 64) << 10;
	if (low < 4096)
		low = 4096;
	if (reserve(c, MG_REGION_OTHER, "low memory (X86_RESERVE_LOW)", 0, mg_align_up(low, 4096), &o,
		    "trim_low_memory_range: memblock_reserve(0, reserve_low)", false))
		return -1;
	/* the EBDA starts where the low usable entry ends (page-rounded down) */
	for (size_t i = 0; i < c->mb.nmemory; i++)
		if (c->mb.memory[i].base < 0xa0000 && c->mb.memory[i].base + c->mb.memory[i].size <= 0xa0000)
			ebda = c->mb.memory[i].base + c->mb.memory[i].size;
	if (reserve(c, MG_REGION_OTHER, "BIOS regions (EBDA to 1 MiB)", ebda, SZ_1M - ebda, &o,
		    "reserve_bios_regions: [EBDA, 1 MiB)", true))
		return -1;
	if (mg_cmdline_last(&c->cl, "crashkernel"))
		return reserve(c, MG_REGION_OTHER, "first 1 MiB (crashkernel)", 0, SZ_1M, &o,
			       "crash_reserve_low_1M: crashkernel= reserves all of [0, 1 MiB)", false);
	tramp = 6 * 4096;
	return mg_model_alloc(c, MG_REGION_OTHER, "real-mode trampoline", tramp, 4096, 0, SZ_1M,
			      "arch/x86/realmode/init.c: reserve_real_mode (size estimated)", NULL, NULL);
}

/* init_mem_mapping: direct map with 2 MiB pages (1 GiB with gbpages), 4 KiB at unaligned
 * range ends; the first tables come from the brk buffer already reserved. */
static int pagetables(struct mg_model_ctx *c)
{
	uint64_t pmd = 0, pte = 0, pud, tables, buf = mg_kconfig_is_y(&c->b->kconfig, "RANDOMIZE_MEMORY") ? 12 : 6;

	for (size_t i = 0; i < c->mb.nmemory; i++) {
		uint64_t s = c->mb.memory[i].base, e = s + c->mb.memory[i].size;
		pmd += (mg_align_up(e, 1ull << 30) - (s & ~((1ull << 30) - 1))) >> 30;
		pte += (s & ((2ull << 20) - 1)) != 0;
		pte += (e & ((2ull << 20) - 1)) != 0;
	}
	pud = (mg_mb_end(&c->mb) >> 39) + 1;
	tables = pmd + pte + pud;
	if (tables <= buf)
		return 0;
	return mg_model_alloc(c, MG_REGION_PAGETABLES, "direct-map page tables", (tables - buf) * 4096, 4096, 0,
			      UINT64_MAX, "arch/x86/mm/init.c: init_mem_mapping, beyond the brk buffer", NULL, NULL);
}

/* reserve_crashkernel (arch/x86/kernel/setup.c <= 6.6): 16 MiB aligned, below 4 GiB first,
 * else anywhere with a low part of max(swiotlb + 8 MiB, 256 MiB) below 4 GiB. */
static int crashkernel(struct mg_model_ctx *c)
{
	const struct mg_cmdline_token *t;
	struct mg_crashkernel_param p;
	uint64_t addr = 0, before = c->m->nregions;
	int req = mg_crashkernel_request(c, &p, &t);

	if (req <= 0)
		return req;
	if (p.base) {
		if (mg_mb_is_reserved(&c->mb, p.base, p.size_bytes) || !mg_mb_is_memory(&c->mb, p.base, p.size_bytes)) {
			mg_model_note(c->m, "crashkernel: cannot reserve at 0x%llx (%s)", (unsigned long long)p.base,
				      t->origin.what);
			return 0;
		}
		return reserve(c, MG_REGION_CRASHKERNEL, "crashkernel", p.base, p.size_bytes, &t->origin,
			       "reserve_crashkernel: fixed base", false);
	}
	if (!p.high && mg_model_alloc(c, MG_REGION_CRASHKERNEL, "crashkernel", p.size_bytes, SZ_16M, SZ_16M, SZ_4G,
				      "reserve_crashkernel: 16 MiB aligned below 4 GiB", &t->origin, &addr))
		return -1;
	if (c->m->nregions > before)
		return 0;
	if (mg_model_alloc(c, MG_REGION_CRASHKERNEL, "crashkernel", p.size_bytes, SZ_16M, SZ_16M, UINT64_MAX,
			   "reserve_crashkernel: 16 MiB aligned, high", &t->origin, &addr))
		return -1;
	if (c->m->nregions > before && addr >= SZ_4G)
		return mg_model_alloc(c, MG_REGION_CRASHKERNEL, "crashkernel low", 256ull << 20, SZ_16M, SZ_16M, SZ_4G,
				      "reserve_crashkernel_low: max(swiotlb + 8 MiB, 256 MiB) below 4 GiB", &t->origin, NULL);
	return 0;
}

int mg_x86_layout(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_board *b = c->b;
	const struct mg_kconfig *kc = &b->kconfig;
	const struct mg_cmdline_token *t;
	uint64_t v;

	/* Possible CPUs: the "smpboot: Allowing N CPUs" line of the e820 file, capped like the
	 * DT count (NR_CPUS, nr_cpus=, possible_cpus=). */
	if (b->has_e820 && b->e820.possible_cpus) {
		m->k.nr_cpus = b->e820.possible_cpus;
		t = mg_cmdline_last(&c->cl, "possible_cpus");
		if (t && t->value && mg_parse_u64(t->value, &v) && v && v < 65536)
			m->k.nr_cpus = (unsigned)v;
		v = (uint64_t)mg_kconfig_int(kc, "NR_CPUS", 0);
		if (v && m->k.nr_cpus > v)
			m->k.nr_cpus = (unsigned)v;
		t = mg_cmdline_last(&c->cl, "nr_cpus");
		if (t && t->value && mg_parse_u64(t->value, &v) && v && v < m->k.nr_cpus)
			m->k.nr_cpus = (unsigned)v;
	} else {
		mg_model_note(m, "x86: possible CPUs unknown (no \"smpboot: Allowing N CPUs\" line in the e820 "
			      "file): per-CPU memory counted for %u", m->k.nr_cpus);
	}
	if (banks(c))
		return -1;
	mg_x86_zone_bounds(c);
	if (kernel_image(c) || initrd(c) || low_memory(c) || pagetables(c))
		return -1;
	/* initmem_init -> alloc_node_data: NODE_DATA(0) = roundup(sizeof(pg_data_t), PAGE_SIZE),
	 * 172 KiB on Debian 6.1 amd64 ("NODE_DATA(0) allocated [mem 0x3fe5c000-0x3fe86fff]"). */
	if (mg_kconfig_is_y(kc, "NUMA") &&
	    mg_model_alloc(c, MG_REGION_OTHER, "NODE_DATA(0)", 172ull << 10, 64, 0, UINT64_MAX,
			   "arch/x86/mm/numa.c: alloc_node_data (size estimated: Debian 6.1 pg_data_t)", NULL, NULL))
		return -1;
	if (mg_cma_reserve_default(c) || crashkernel(c))
		return -1;
	/* memblock_find_dma_reserve: ZONE_DMA pages not free now. */
	c->dma_reserve_pages = mg_mb_present_pages(&c->mb, 0, SZ_16M, m->k.page_shift) -
			       mg_mb_free_pages(&c->mb, 0, SZ_16M, m->k.page_shift);
	/* sparse_init: mem_section roots (SPARSEMEM_EXTREME: NR_SECTION_ROOTS pointers for 46
	 * physical bits, 32-byte mem_section with PAGE_EXTENSION) + one root page + usemaps. */
	if (mg_kconfig_is_y(kc, "SPARSEMEM_EXTREME")) {
		uint64_t per_root = 4096 / (mg_kconfig_is_y(kc, "PAGE_EXTENSION") ? 32 : 16);
		uint64_t roots = (1ull << (46 - 27)) / per_root;
		if (mg_model_alloc(c, MG_REGION_MEMMAP, "mem_section roots + usemaps", roots * 8 + 2 * 4096, 64, 0,
				   UINT64_MAX, "mm/sparse.c: memory_present / sparse_init (estimated)", NULL, NULL))
			return -1;
	}
	/* paging_init -> sparse_init: the memmap (consumers.c, shared with the other arches) */
	return mg_layout_consumers(c, 1);
}

/* mem_init -> pci_iommu_alloc -> pci_swiotlb_detect (arch/x86/kernel/pci-dma.c 6.1,
 * pci-swiotlb.c <= 5.15): a 64 MiB bounce buffer below 4 GiB when RAM reaches above 4 GiB
 * (max_possible_pfn > MAX_DMA32_PFN) and iommu=off is not given, or with swiotlb=force. */
int mg_x86_mem_init(struct mg_model_ctx *c)
{
	const struct mg_kernel *k = &c->m->k;
	const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "swiotlb"), *io = mg_cmdline_last(&c->cl, "iommu");
	uint64_t size = 64ull << 20, nslabs, meta;
	bool on = mg_mb_end(&c->mb) > SZ_4G;

	if (!mg_kconfig_is_y(&c->b->kconfig, "SWIOTLB"))
		return 0;
	if (io && io->value && !strcmp(io->value, "off"))
		on = false;
	if (t && t->value) {
		char buf[64];
		char *comma;
		snprintf(buf, sizeof(buf), "%s", t->value);
		if (strstr(buf, "noforce"))
			return 0;
		if (strstr(buf, "force"))
			on = true;
		comma = strchr(buf, ',');
		if (comma)
			*comma = '\0';
		if (mg_parse_u64(buf, &nslabs) && nslabs && nslabs < (1ull << 32))
			size = mg_align_up(nslabs, 128) * 2048; /* IO_TLB_SEGSIZE slabs of 2 KiB */
	}
	if (!on)
		return 0;
	nslabs = size / 2048;
	/* io_tlb_slot: 12 B/slab (<= 5.14), 24 B (5.15+) */
	meta = mg_align_up(nslabs * (k->rules->swiotlb_slot_24 ? 24 : 12), k->page_size_bytes);
	if (mg_model_alloc(c, MG_REGION_SWIOTLB, "swiotlb bounce buffer", size, k->page_size_bytes, 0, SZ_4G,
			   "x86 pci_swiotlb_detect: RAM above 4 GiB -> swiotlb_init, memblock_alloc_low",
			   t ? &t->origin : NULL, NULL))
		return -1;
	return mg_model_alloc(c, MG_REGION_SWIOTLB, "swiotlb metadata", meta, k->page_size_bytes, 0, UINT64_MAX,
			      "kernel/dma/swiotlb.c: io_tlb_mem slots", NULL, NULL);
}
