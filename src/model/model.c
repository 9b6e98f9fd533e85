/* The model's driver: runs the stages in the kernel's order and writes the boot lines the
 * kernel will print. */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/kconfig.h>

#include "model_internal.h"

static const char *const kind_names[] = {
	[MG_REGION_KERNEL] = "kernel", [MG_REGION_DTB] = "dtb", [MG_REGION_INITRD] = "initrd",
	[MG_REGION_MEMRESERVE] = "memreserve", [MG_REGION_RMEM] = "reserved-memory",
	[MG_REGION_RMEM_DYNAMIC] = "reserved-memory-dynamic", [MG_REGION_CMA] = "cma",
	[MG_REGION_CRASHKERNEL] = "crashkernel", [MG_REGION_SWIOTLB] = "swiotlb",
	[MG_REGION_MEMMAP] = "memmap", [MG_REGION_PAGETABLES] = "pagetables",
	[MG_REGION_PERCPU] = "percpu", [MG_REGION_HASHES] = "hashes",
	[MG_REGION_DT_UNFLATTEN] = "dt-unflatten", [MG_REGION_LOGBUF] = "logbuf",
	[MG_REGION_HUGEPAGES] = "hugepages", [MG_REGION_KFENCE] = "kfence",
	[MG_REGION_KASAN] = "kasan", [MG_REGION_PAGE_EXT] = "page_ext", [MG_REGION_CALIBRATED] = "calibrated", [MG_REGION_OTHER] = "other",
};

const char *mg_region_kind_name(enum mg_region_kind k)
{
	return (size_t)k < sizeof(kind_names) / sizeof(kind_names[0]) && kind_names[k] ? kind_names[k] : "?";
}

/* arch/arm64/mm/init.c: max_zone_phys (5.11+ form) and the older window form. */
static uint64_t zone_phys_window(uint64_t start, uint64_t end, unsigned bits)
{
	uint64_t mask = bits >= 64 ? UINT64_MAX : (1ull << bits) - 1;
	uint64_t off = start & ~mask;
	return bits >= 64 ? end : mg_min_u64(off + (1ull << bits), end);
}

static uint64_t max_zone_phys(uint64_t start, uint64_t end, unsigned bits)
{
	uint64_t mask = bits >= 64 ? UINT64_MAX : (1ull << bits) - 1;
	if (start > UINT32_MAX)
		mask = UINT64_MAX;
	else if (start > mask)
		mask = UINT32_MAX;
	return mg_min_u64(mask, end - 1) + 1;
}

static unsigned fls64(uint64_t x)
{
	return x ? 64 - (unsigned)__builtin_clzll(x) : 0;
}

static void set_zone(struct mg_model *m, enum mg_zone_type z, uint64_t lo, uint64_t hi)
{
	unsigned ps = m->k.page_shift;
	m->zones[z].start_pfn = lo >> ps;
	m->zones[z].end_pfn = hi >> ps;
	if (m->zones[z].end_pfn < m->zones[z].start_pfn)
		m->zones[z].end_pfn = m->zones[z].start_pfn;
}

/* Zone spans and the default-CMA limit, per arch and version. */
static int zone_bounds(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;
	uint64_t start = mg_mb_start(&c->mb), end = mg_mb_end(&c->mb), dma = start, dma32 = start;

	for (int z = 0; z < MG_NR_ZONES; z++) {
		m->zones[z].type = (enum mg_zone_type)z;
		m->zones[z].configured = z == MG_ZONE_NORMAL || z == MG_ZONE_MOVABLE ||
					 (z == MG_ZONE_DMA && k->zone_dma) || (z == MG_ZONE_DMA32 && k->zone_dma32) ||
					 (z == MG_ZONE_HIGHMEM && k->highmem);
	}
	switch (k->arch) {
	case MG_ARCH_ARM64:
		switch (k->rules->arm64_dma) {
		case MG_ARM64_DMA32_ONLY: /* max_zone_dma_phys: the 4 GiB window of DRAM start */
			if (k->zone_dma32)
				dma32 = zone_phys_window(start, end, 32);
			c->dma_limit = k->zone_dma32 ? dma32 : end;
			break;
		case MG_ARM64_DMA_30BIT:
			if (k->zone_dma)
				dma = zone_phys_window(start, end, 30);
			dma32 = k->zone_dma32 ? zone_phys_window(start, end, 32) : dma;
			/* 5.6-5.10.early reserve CMA below arm64_dma32_phys_limit */
			c->dma_limit = k->zone_dma32 ? dma32 : (k->zone_dma ? dma : end);
			break;
		case MG_ARM64_DMA_FROM_DT: {
			unsigned bits = c->b->dt.has_dma_limit ? fls64(c->b->dt.dma_max_cpu_address) : 64;
			if (bits > 32)
				bits = 32;
			if (k->zone_dma)
				dma = max_zone_phys(start, end, bits);
			dma32 = k->zone_dma32 ? max_zone_phys(start, end, 32) : dma;
			c->dma_limit = k->zone_dma ? dma : (k->zone_dma32 ? dma32 : end);
			break;
		}
		}
		if (dma32 < dma)
			dma32 = dma;
		set_zone(m, MG_ZONE_DMA, start, dma);
		set_zone(m, MG_ZONE_DMA32, dma, dma32);
		set_zone(m, MG_ZONE_NORMAL, dma32, end);
		break;
	case MG_ARCH_RISCV64:
		dma32 = k->zone_dma32 ? mg_min_u64(end, 4ull << 30) : start;
		if (dma32 < start)
			dma32 = start;
		c->dma_limit = k->zone_dma32 ? dma32 : end;
		set_zone(m, MG_ZONE_DMA32, start, dma32);
		set_zone(m, MG_ZONE_NORMAL, dma32, end);
		break;
	case MG_ARCH_ARM:
		mg_arm32_zone_bounds(c); /* src/model/arm32.c */
		return 0;
	case MG_ARCH_X86_64:
		mg_x86_zone_bounds(c);
		return 0;
	}
	c->dma32_limit = dma32;
	return 0;
}

static void boot_line(struct mg_model *m, const char *fmt, ...) MG_PRINTF(2, 3);
static void boot_line(struct mg_model *m, const char *fmt, ...)
{
	va_list ap;
	if (m->nboot_lines >= MG_MAX_BOOT_LINES)
		return;
	va_start(ap, fmt);
	vsnprintf(m->boot_lines[m->nboot_lines++], sizeof(m->boot_lines[0]), fmt, ap);
	va_end(ap);
}

void mg_boot_lines(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_board *b = c->b;
	unsigned kbs = m->k.page_shift - 10;

	for (size_t i = 0; i < m->ncma; i++) {
		const struct mg_cma_area *a = &m->cma[i];
		const char *node = m->k.rules->memory_line_on_node ? " on node 0" : "";
		bool dt_pool = a->origin.what[0] == '/';
		bool hugetlb = !strncmp(a->name, "hugetlb", 7);
		if (dt_pool) {
			/* kernel/dma/contiguous.c: rmem_cma_setup */
			if (a->reserved)
				boot_line(m, "Reserved memory: created CMA memory pool at 0x%016" PRIx64 ", size %" PRIu64 " MiB",
					  a->base, a->size_bytes >> 20);
			continue;
		}
		/* mm/hugetlb.c: hugetlb_cma_reserve around mm/cma.c's own lines (one node) */
		if (hugetlb)
			boot_line(m, "hugetlb_cma: reserve %" PRIu64 " MiB, up to %" PRIu64 " MiB per node",
				  a->requested_bytes >> 20, a->requested_bytes >> 20);
		if (a->reserved) {
			boot_line(m, "cma: Reserved %" PRIu64 " MiB at 0x%016" PRIx64 "%s", a->size_bytes >> 20, a->base, node);
			if (hugetlb)
				boot_line(m, "hugetlb_cma: reserved %" PRIu64 " MiB on node 0", a->size_bytes >> 20);
			if (a->failure[0]) /* core_initcall cma_activate_area: spans two zones */
				boot_line(m, "cma: CMA area %s could not be activated", a->name);
		} else if (a->failure[0]) {
			boot_line(m, "%s", a->failure);
			if (a->failed_bytes)
				boot_line(m, "cma: Failed to reserve %" PRIu64 " MiB%s", a->failed_bytes >> 20, node);
		}
	}
	boot_line(m, "Zone ranges:");
	for (int z = 0; z < MG_NR_ZONES - 1; z++) {
		const struct mg_zone *zn = &m->zones[z];
		if (!zn->configured)
			continue;
		if (zn->end_pfn == zn->start_pfn)
			boot_line(m, "  %-8s empty", mg_zone_name(zn->type));
		else
			boot_line(m, "  %-8s [mem 0x%016" PRIx64 "-0x%016" PRIx64 "]", mg_zone_name(zn->type),
				  zn->start_pfn << m->k.page_shift, (zn->end_pfn << m->k.page_shift) - 1);
	}
	boot_line(m, "Built 1 zonelists, mobility grouping %s.  Total pages: %" PRIu64,
		  m->mobility_grouping ? "on" : "off", m->grouping_total_pages);
	/* mm/page_alloc.c: mem_init_print_info adds ", %luK highmem" (totalhigh_pages) with
	 * CONFIG_HIGHMEM. */
	char highmem[48] = "";
	if (m->k.highmem)
		snprintf(highmem, sizeof(highmem), ", %" PRIu64 "K highmem",
			 m->zones[MG_ZONE_HIGHMEM].managed_boot_pages << kbs);
	/* mm/page_ext.c: page_ext_init_flatmem prints before mem_init; page_ext_init after it. */
	bool page_ext_before = m->page_ext_flatmem || (m->k.rules->memory_line_late && !m->k.deferred_struct_page_init);
	if (m->page_ext_bytes && page_ext_before)
		boot_line(m, "allocated %" PRIu64 " bytes of page_ext", m->page_ext_bytes);
	if (b->has_sysmap && b->sysmap.has[MG_SYM_ETEXT] && b->sysmap.has[MG_SYM_END]) {
		const struct mg_sysmap *s = &b->sysmap;
#define SEC(a, z) (s->has[a] && s->has[z] && s->addr[z] > s->addr[a] ? (s->addr[z] - s->addr[a]) >> 10 : 0)
		boot_line(m, "Memory: %" PRIu64 "K/%" PRIu64 "K available (%" PRIu64 "K kernel code, %" PRIu64
			  "K rwdata, %" PRIu64 "K rodata, %" PRIu64 "K init, %" PRIu64 "K bss, %" PRIu64
			  "K reserved, %" PRIu64 "K cma-reserved%s)",
			  m->totalram_boot_pages << kbs, m->present_pages << kbs, SEC(MG_SYM_STEXT, MG_SYM_ETEXT),
			  SEC(MG_SYM_SDATA, MG_SYM_EDATA), SEC(MG_SYM_START_RODATA, MG_SYM_END_RODATA),
			  SEC(MG_SYM_INIT_BEGIN, MG_SYM_INIT_END), SEC(MG_SYM_BSS_START, MG_SYM_BSS_STOP),
			  m->reserved_boot_pages << kbs, m->cma_boot_pages << kbs, highmem);
#undef SEC
	} else {
		boot_line(m, "Memory: %" PRIu64 "K/%" PRIu64 "K available (... %" PRIu64 "K reserved, %" PRIu64
			  "K cma-reserved%s)", m->totalram_boot_pages << kbs, m->present_pages << kbs,
			  m->reserved_boot_pages << kbs, m->cma_boot_pages << kbs, highmem);
	}
	for (size_t i = 0; i < m->nregions; i++) {
		const struct mg_region *r = &m->regions[i];
		if (r->kind == MG_REGION_SWIOTLB && !strcmp(r->name, "swiotlb bounce buffer"))
			boot_line(m, "software IO TLB: mapped [mem 0x%016" PRIx64 "-0x%016" PRIx64 "] (%" PRIu64 "MB)",
				  r->base, r->base + r->size_bytes, r->size_bytes >> 20);
	}
	if (m->page_ext_bytes && !page_ext_before)
		boot_line(m, "allocated %" PRIu64 " bytes of page_ext", m->page_ext_bytes);
	if (c->initrd_size && !mg_cmdline_last(&c->cl, "retain_initrd"))
		boot_line(m, "Freeing initrd memory: %" PRIu64 "K",
			  ((c->initrd_free_partial_end ? mg_align_up(c->initrd_size, m->k.page_size_bytes) : c->initrd_size) >>
			   m->k.page_shift) << kbs);
	if (c->init_section_bytes)
		boot_line(m, "Freeing unused kernel memory: %" PRIu64 "K", c->init_section_bytes >> 10);
}

int mg_model_run(struct mg_model *m, const struct mg_board *b, const struct mg_model_options *opt,
		 struct mg_error *err)
{
	struct mg_model_ctx *c = malloc(sizeof(*c));
	struct mg_model_options none = { 0 };
	bool own_cl = false;
	int rc = -1;

	if (!c)
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	memset(c, 0, offsetof(struct mg_model_ctx, mb));
	/* Everything but the entry arrays, which are written entry by entry (include/memgate/model.h). */
	memset(m, 0, offsetof(struct mg_model, regions));
	c->m = m;
	c->b = b;
	c->opt = opt ? opt : &none;
	c->err = err;
	mg_mb_init(&c->mb);
	/* The effective command line, plus what a fix check appends. */
	if (c->opt->extra_cmdline && c->opt->extra_cmdline[0]) {
		own_cl = true;
		if (mg_cmdline_parse(&c->cl, b->cmdline.effective ? b->cmdline.effective : "",
				     MG_CMDLINE_SRC_BOOTLOADER, "(effective)", 1, err) ||
		    mg_cmdline_parse(&c->cl, c->opt->extra_cmdline, MG_CMDLINE_SRC_BOOTLOADER, "(fix)", 1, err))
			goto out;
		snprintf(m->cmdline, sizeof(m->cmdline), "%s %s", b->cmdline.effective ? b->cmdline.effective : "",
			 c->opt->extra_cmdline);
	} else {
		c->cl = b->cmdline;
		snprintf(m->cmdline, sizeof(m->cmdline), "%s", b->cmdline.effective ? b->cmdline.effective : "");
	}
	c->cma_cmdline_given = mg_cmdline_last(&c->cl, "cma") != NULL;

	if (mg_kernel_derive(c))
		goto out;
	if (m->k.arch == MG_ARCH_X86_64) {
		/* no DT: e820 map and setup_arch's reservations (src/model/x86.c) */
		if (mg_x86_layout(c) || zone_bounds(c))
			goto out;
	} else if (mg_layout_banks(c) || zone_bounds(c) ||
		   (m->k.arch == MG_ARCH_ARM ? mg_arm32_layout_static(c) : mg_layout_static(c)) ||
		   mg_layout_reserved_memory(c)) {
		goto out;
	}
	/* arm64 <= 5.10.88: crashkernel and the default CMA area in arm64_memblock_init, before
	 * paging_init/sparse_init; 5.10.89+: in bootmem_init after sparse_init. */
	if (m->k.arch == MG_ARCH_X86_64) {
		/* CMA, crashkernel and memmap were placed in setup_arch order by mg_x86_layout */
	} else if (m->k.arch == MG_ARCH_ARM) {
		/* arm: dma_contiguous_reserve in arm_memblock_init, then paging_init (page tables,
		 * mem_map), unflatten_device_tree, reserve_crashkernel (arch/arm/kernel/setup.c) */
		if (mg_cma_reserve_default(c) || mg_layout_consumers(c, 1) || mg_layout_consumers(c, 0))
			goto out;
	} else if (m->k.rules->arm64_cma_after_memmap || m->k.arch != MG_ARCH_ARM64) {
		if (mg_layout_consumers(c, 1) || mg_cma_reserve_default(c) || mg_layout_consumers(c, 0))
			goto out;
	} else {
		if (mg_layout_consumers(c, 0) || mg_cma_reserve_default(c) || mg_layout_consumers(c, 1))
			goto out;
	}
	if (mg_layout_consumers(c, 2) || (m->k.arch == MG_ARCH_X86_64 && mg_x86_mem_init(c)) ||
	    mg_zones_compute(c) || mg_watermarks_compute(c) ||
	    mg_capacity_compute(c))
		goto out;
	mg_boot_lines(c);
	rc = 0;
out:
	if (own_cl)
		mg_cmdline_free(&c->cl);
	free(c);
	return rc;
}
