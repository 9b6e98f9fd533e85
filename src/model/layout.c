/* Memory banks, static and dynamic reservations, and the other boot-time memblock consumers,
 * in the order arm64's setup_arch/start_kernel makes them (arch/arm64/mm/init.c,
 * drivers/of/fdt.c, drivers/of/of_reserved_mem.c, mm/sparse.c, mm/percpu.c, ...). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <memgate/kconfig.h>

#include "model_internal.h"

void mg_origin_builtin(struct mg_origin *o, const char *what)
{
	mg_origin_set(o, "", 0, "%s", what);
}

void mg_model_note(struct mg_model *m, const char *fmt, ...)
{
	va_list ap;
	if (m->nnotes >= MG_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(m->notes[m->nnotes++], sizeof(m->notes[0]), fmt, ap);
	va_end(ap);
}

int mg_model_add_region(struct mg_model_ctx *c, enum mg_region_kind kind, const char *name,
			uint64_t base, uint64_t size, const struct mg_origin *origin, const char *rule)
{
	struct mg_model *m = c->m;
	struct mg_region *r;

	if (m->nregions >= MG_MAX_REGIONS)
		return mg_input_error(c->err, c->b->dt.file, 0, "more than %d memory regions",
				      MG_MAX_REGIONS);
	r = &m->regions[m->nregions++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->base = base;
	r->size_bytes = size;
	if (origin)
		r->origin = *origin;
	snprintf(r->rule, sizeof(r->rule), "%s", rule ? rule : "");
	return 0;
}

int mg_model_alloc(struct mg_model_ctx *c, enum mg_region_kind kind, const char *name,
		   uint64_t size, uint64_t align, uint64_t lo, uint64_t hi, const char *rule,
		   const struct mg_origin *origin, uint64_t *addr)
{
	uint64_t a;
	struct mg_origin o;

	if (!size)
		return 0;
	/* memblock_alloc: MEMBLOCK_ALLOC_ACCESSIBLE means below memblock.current_limit. */
	if (c->memblock_limit && hi > c->memblock_limit)
		hi = c->memblock_limit;
	/* memblock_find_in_range_node never hands out page 0. */
	if (lo < c->m->k.page_size_bytes)
		lo = c->m->k.page_size_bytes;
	if (!mg_mb_find(&c->mb, size, align, lo, hi, true, &a)) {
		mg_model_note(c->m, "%s: no room for %llu bytes: the kernel would fail to boot", name,
			      (unsigned long long)size);
		return 0;
	}
	mg_mb_reserve(&c->mb, a, size);
	if (!origin) {
		mg_origin_builtin(&o, rule);
		origin = &o;
	}
	if (mg_model_add_region(c, kind, name, a, size, origin, rule))
		return -1;
	c->m->regions[c->m->nregions - 1].estimated = true;
	if (addr)
		*addr = a;
	return 0;
}

/* ---- memory banks ---- */

static void add_bank(struct mg_model_ctx *c, uint64_t base, uint64_t size)
{
	/* drivers/of/fdt.c: early_init_dt_add_memory_arch: base rounded up, size truncated to
	 * whole pages; a bank smaller than what remains of its first page is ignored. */
	uint64_t ps = c->m->k.page_size_bytes, off = base & (ps - 1);
	if (off) {
		if (size < ps - off)
			return;
		size -= ps - off;
		base += ps - off;
	}
	size &= ~(ps - 1);
	if (c->m->k.arch == MG_ARCH_ARM && !mg_kconfig_is_y(&c->b->kconfig, "PHYS_ADDR_T_64BIT")) {
		/* MAX_MEMBLOCK_ADDR is (phys_addr_t)~0: a 32-bit phys_addr_t (no LPAE) drops a bank
		 * above 4 GiB and cuts one crossing it (memblock_cap_size: end 0xffffffff). */
		if (base > 0xffffffffull)
			return;
		if (size > 0xffffffffull - base)
			size = 0xffffffffull - base;
	}
	if (size)
		mg_mb_add(&c->mb, base, size);
}

/* drivers/of/of_numa.c: of_numa_parse_memory_nodes: with CONFIG_NUMA each /memory node's
 * `numa-node-id` puts its banks in that node.  memgate keeps each node's span (lowest base to
 * highest end) for the allocations the kernel makes node-locally; the zones stay summed over
 * the nodes, which is what the per-zone watermark formula distributes anyway. */
static void numa_nodes(struct mg_model_ctx *c)
{
	const struct mg_dt *dt = &c->b->dt;
	int ids[MG_MAX_NODES];

	c->nnodes = 0;
	if (!mg_kconfig_is_y(&c->b->kconfig, "NUMA"))
		return;
	for (size_t i = 0; i < dt->nmemory; i++) {
		const struct mg_dt_memory *mem = &dt->memory[i];
		const struct mg_range *r = mem->has_usable ? mem->usable : mem->reg;
		size_t n = mem->has_usable ? mem->nusable : mem->nreg, k;
		if (!mem->okay || mem->numa_node < 0 || (c->m->k.rules->memory_nodes_root_only && !mem->root_level))
			continue;
		for (k = 0; k < c->nnodes && ids[k] != mem->numa_node; k++)
			;
		if (k == c->nnodes) {
			if (c->nnodes == MG_MAX_NODES)
				continue;
			ids[c->nnodes] = mem->numa_node;
			c->node_span[c->nnodes].base = UINT64_MAX;
			c->node_span[c->nnodes++].size = 0;
		}
		for (size_t j = 0; j < n; j++) {
			uint64_t lo = r[j].base, hi = r[j].size > UINT64_MAX - r[j].base ? UINT64_MAX : r[j].base + r[j].size;
			uint64_t cur_hi = c->node_span[k].base == UINT64_MAX ? 0 : c->node_span[k].base + c->node_span[k].size;
			if (!r[j].size)
				continue;
			if (lo < c->node_span[k].base)
				c->node_span[k].base = lo;
			if (hi < cur_hi)
				hi = cur_hi;
			c->node_span[k].size = hi - c->node_span[k].base;
		}
	}
	if (c->nnodes < 2) {
		c->nnodes = 0;
		return;
	}
	/* node order is nid order (for_each_online_node) */
	for (size_t i = 1; i < c->nnodes; i++)
		for (size_t j = i; j > 0 && ids[j - 1] > ids[j]; j--) {
			int t = ids[j];
			struct mg_range r = c->node_span[j];
			ids[j] = ids[j - 1];
			c->node_span[j] = c->node_span[j - 1];
			ids[j - 1] = t;
			c->node_span[j - 1] = r;
		}
	mg_model_note(c->m, "%zu NUMA nodes (numa-node-id): zones are summed over the nodes; the memmap is "
		      "allocated in each node; the dentry and inode hash tables are vmalloc'd after boot "
		      "(hashdist)", c->nnodes);
}

int mg_layout_banks(struct mg_model_ctx *c)
{
	const struct mg_dt *dt = &c->b->dt;
	struct mg_model *m = c->m;
	const struct mg_cmdline_token *t;
	uint64_t v;

	for (size_t i = 0; i < dt->nmemory; i++) {
		const struct mg_dt_memory *mem = &dt->memory[i];
		const struct mg_range *r = mem->has_usable ? mem->usable : mem->reg;
		size_t n = mem->has_usable ? mem->nusable : mem->nreg;
		if (!mem->okay || (m->k.rules->memory_nodes_root_only && !mem->root_level))
			continue;
		for (size_t j = 0; j < n; j++)
			add_bank(c, r[j].base, r[j].size);
	}
	if (!c->mb.nmemory)
		return mg_input_error(c->err, dt->file, 0,
				      "no usable /memory node (device_type = \"memory\" with a non-empty reg)");

	if (c->opt && c->opt->has_ram_override) {
		/* A RAM variant: the same image on a board with more or less RAM, first bank grown
		 * or shrunk from its base. */
		uint64_t base = mg_mb_start(&c->mb);
		mg_mb_init(&c->mb);
		add_bank(c, base, c->opt->ram_bytes);
		mg_model_note(m, "RAM variant: one bank of %llu MiB at 0x%llx",
			      (unsigned long long)(c->opt->ram_bytes >> 20), (unsigned long long)base);
	}
	m->ram_bytes = mg_mb_phys_size(&c->mb);

	if (m->k.arch == MG_ARCH_ARM64) {
		/* arm64_memblock_init: nothing above the PA range. */
		int64_t pa_bits = mg_kconfig_int(&c->b->kconfig, "ARM64_PA_BITS", 48);
		if (pa_bits > 0 && pa_bits < 64)
			mg_mb_remove(&c->mb, 1ull << pa_bits, UINT64_MAX - (1ull << pa_bits));
	}
	if (dt->has_usable_memory_range) {
		/* kdump: memblock_cap_memory_range keeps only this range. */
		uint64_t s = dt->usable_memory_range.base, e = s + dt->usable_memory_range.size;
		mg_mb_remove(&c->mb, 0, s);
		mg_mb_remove(&c->mb, e, UINT64_MAX - e);
	}
	t = mg_cmdline_last(&c->cl, "mem");
	if (m->k.arch == MG_ARCH_ARM) {
		/* 32-bit arm: mem= replaces the banks (src/model/arm32.c) */
		if (mg_arm32_early_mem(c))
			return -1;
	} else if (t && t->value && mg_parse_size(t->value, &v)) {
		/* arm64 early_mem: keep the first mem= bytes from the lowest bank upward. */
		mg_mb_cap_size(&c->mb, v & ~(m->k.page_size_bytes - 1));
		mg_model_note(m, "mem=%s limits memory to %llu MiB (%s)", t->value,
			      (unsigned long long)(mg_mb_phys_size(&c->mb) >> 20), t->origin.what);
	}
	m->nbanks = 0;
	for (size_t i = 0; i < c->mb.nmemory && m->nbanks < 64; i++) {
		m->banks[m->nbanks].base = c->mb.memory[i].base;
		m->banks[m->nbanks++].size = c->mb.memory[i].size;
	}
	numa_nodes(c);
	return 0;
}

/* ---- static reservations ---- */

static uint64_t kernel_image_estimate(struct mg_model_ctx *c, uint64_t *init_bytes)
{
	const struct mg_board *b = c->b;
	const struct mg_sysmap *sm = &b->sysmap;
	bool stext = c->m->k.rules->image_from_stext;
	enum mg_sysmap_sym start = stext ? MG_SYM_STEXT : MG_SYM_TEXT;

	if (b->has_sysmap && sm->has[start] && sm->has[MG_SYM_END] && sm->addr[MG_SYM_END] > sm->addr[start]) {
		/* free_initmem frees [__init_begin, __init_end); arm64 starts .data (_sdata) right
		 * after it, so _sdata stands in when a map (e.g. from /proc/kallsyms) lacks __init_end. */
		enum mg_sysmap_sym iend = sm->has[MG_SYM_INIT_END] ? MG_SYM_INIT_END : MG_SYM_SDATA;
		*init_bytes = sm->has[MG_SYM_INIT_BEGIN] && sm->has[iend] && sm->addr[iend] > sm->addr[MG_SYM_INIT_BEGIN]
				      ? sm->addr[iend] - sm->addr[MG_SYM_INIT_BEGIN]
				      : 0;
		return sm->addr[MG_SYM_END] - sm->addr[start];
	}
	/* No System.map: a typical arm64 distribution image (Debian 6.1: _text.._end ~ 31 MiB,
	 * __init ~ 5 MiB); the report says it is an estimate. */
	*init_bytes = 5ull << 20;
	mg_model_note(c->m, "no System.map: kernel image size estimated at 31 MiB (init 5 MiB)");
	return 31ull << 20;
}

int mg_layout_static(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_board *b = c->b;
	uint64_t start = mg_mb_start(&c->mb), ps = m->k.page_size_bytes;
	uint64_t kbase, ksize, init_bytes, dtb_base, end;
	struct mg_origin o;

	/* Where the bootloader put things: QEMU's and U-Boot's defaults keep the kernel, the
	 * initrd and the DTB in low RAM (kernel at +2 MiB, initrd at +128 MiB, DTB after it). */
	ksize = kernel_image_estimate(c, &init_bytes);
	kbase = start + (2ull << 20);
	c->init_section_bytes = init_bytes;
	if (b->has_sysmap)
		mg_origin_set(&o, b->sysmap.file, 0, "_end - %s", m->k.rules->image_from_stext ? "_stext" : "_text");
	else
		mg_origin_builtin(&o, "estimate (no System.map)");
	end = mg_align_up(kbase + ksize, ps);
	mg_mb_reserve(&c->mb, kbase, end - kbase);
	if (mg_model_add_region(c, MG_REGION_KERNEL, "kernel image", kbase, end - kbase, &o,
				"arch/arm64/mm/init.c: arm64_memblock_init memblock_reserve(_text.._end)"))
		return -1;
	m->regions[m->nregions - 1].estimated = !b->has_sysmap;

	c->initrd_size = b->has_initrd_size ? b->initrd_size_bytes : 0;
	if (c->initrd_size) {
		uint64_t ib = b->dt.has_initrd ? b->dt.initrd_start : start + (128ull << 20);
		uint64_t s = ib & ~(ps - 1), e = mg_align_up(ib + c->initrd_size, ps);
		c->initrd_base = ib;
		mg_mb_reserve(&c->mb, s, e - s);
		if (mg_model_add_region(c, MG_REGION_INITRD, "initrd", s, e - s, &b->initrd_origin,
					"arm64_memblock_init: initrd page-aligned reserve; freed by free_initrd_mem"))
			return -1;
		m->regions[m->nregions - 1].freed_after_boot = true;
		dtb_base = mg_align_up(e, 2ull << 20);
	} else {
		dtb_base = start + (128ull << 20);
	}
	return mg_layout_reserve_dtb(c, dtb_base, "setup_machine_fdt: memblock_reserve(dt_phys, fdt_totalsize)");
}

/* The blob the bootloader handed over stays reserved, page-rounded; a board too small for the
 * assumed address keeps it at the start of RAM. */
int mg_layout_reserve_dtb(struct mg_model_ctx *c, uint64_t dtb_base, const char *rule)
{
	const struct mg_board *b = c->b;
	uint64_t ps = c->m->k.page_size_bytes, s, e;
	struct mg_origin o;

	if (!b->dt.dtb_size_bytes)
		return 0;
	s = dtb_base & ~(ps - 1);
	e = mg_align_up(dtb_base + b->dt.dtb_size_bytes, ps);
	if (e > mg_mb_end(&c->mb)) {
		s = mg_mb_start(&c->mb);
		e = mg_align_up(s + b->dt.dtb_size_bytes, ps);
	}
	mg_mb_reserve(&c->mb, s, e - s);
	mg_origin_set(&o, b->dt.file, 0, "fdt_totalsize %llu bytes", (unsigned long long)b->dt.dtb_size_bytes);
	return mg_model_add_region(c, MG_REGION_DTB, "device tree blob", s, e - s, &o, rule);
}

/* ---- /memreserve/ and /reserved-memory ---- */

static int reserve_memreserve(struct mg_model_ctx *c)
{
	const struct mg_dt *dt = &c->b->dt;
	struct mg_origin o;
	for (size_t i = 0; i < dt->nmemreserve; i++) {
		const struct mg_range *r = &dt->memreserve[i];
		mg_mb_reserve(&c->mb, r->base, r->size);
		mg_origin_set(&o, dt->file, 0, "/memreserve/ entry %zu", i);
		if (mg_model_add_region(c, MG_REGION_MEMRESERVE, "/memreserve/", r->base, r->size, &o,
					"drivers/of/fdt.c: early_init_fdt_scan_reserved_mem"))
			return -1;
	}
	return 0;
}

static bool compat_has(const struct mg_dt_rmem *r, const char *name)
{
	size_t n = strlen(name);
	const char *p = r->compatible;
	while ((p = strstr(p, name))) {
		if ((p == r->compatible || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
			return true;
		p += n;
	}
	return false;
}

/* rmem_cma_setup (kernel/dma/contiguous.c): the init callback that turns a reusable
 * shared-dma-pool into a CMA area.  Returns 0 (initialised), -1 refused (give back),
 * 1 (no driver: stays reserved). */
static int rmem_init(struct mg_model_ctx *c, const struct mg_dt_rmem *r, uint64_t base, uint64_t size,
		     struct mg_region *reg)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;

	if (compat_has(r, "shared-dma-pool")) {
		if (r->reusable && !r->no_map) {
			struct mg_cma_area *a;
			if (!k->dma_cma) {
				snprintf(reg->rule, sizeof(reg->rule),
					 "CONFIG_DMA_CMA is off: no CMA driver, reusable pool refused and given back");
				return -1;
			}
			if (r->cma_default && c->cma_cmdline_given && k->rules->cmdline_cma_bypasses_dt) {
				snprintf(reg->rule, sizeof(reg->rule),
					 "Reserved memory: bypass %s node, using cmdline CMA params instead", r->name);
				return -1;
			}
			if ((base & (k->cma_align_bytes - 1)) || (size & (k->cma_align_bytes - 1))) {
				snprintf(reg->rule, sizeof(reg->rule),
					 "Reserved memory: incorrect alignment of CMA region (needs %llu MiB)",
					 (unsigned long long)(k->cma_align_bytes >> 20));
				return -1;
			}
			if (m->ncma >= MG_MAX_CMA_AREAS)
				return -1;
			a = &m->cma[m->ncma++];
			memset(a, 0, sizeof(*a));
			snprintf(a->name, sizeof(a->name), "%s", r->name);
			a->requested_bytes = size;
			a->size_bytes = size;
			a->base = base;
			a->is_default = r->cma_default;
			a->reserved = true;
			a->origin = r->origin;
			snprintf(a->rule, sizeof(a->rule),
				 "rmem_cma_setup: reusable shared-dma-pool%s at its DT %s",
				 r->cma_default ? " with linux,cma-default (the default area)" : "",
				 r->has_size ? "allocation" : "reg");
			reg->kind = MG_REGION_CMA;
			return 0;
		}
		/* rmem_dma_setup (kernel/dma/coherent.c): a per-device coherent pool; refuses
		 * reusable (and, on 32-bit arm, regions without no-map). */
		if (r->reusable)
			return -1;
		if (k->arch == MG_ARCH_ARM && !r->no_map) {
			snprintf(reg->rule, sizeof(reg->rule),
				 "Reserved memory: regions without no-map are not yet supported");
			return -1;
		}
		return 0;
	}
	if (compat_has(r, "restricted-dma-pool"))
		return 0;
	return 1;
}

/* drivers/of/of_reserved_mem.c: __reserved_mem_alloc_in_range (6.6+): a window that starts
 * inside or right after an already reserved region is searched bottom-up, one that ends there
 * top-down, to keep reserved memory contiguous; only when exactly one of the two holds.  Returns
 * true for bottom-up. */
static bool window_starts_at_region(const struct mg_model_ctx *c, uint64_t start, uint64_t end)
{
	bool bottom_up = false, top_down = false;
	for (size_t i = 0; i < c->m->nregions; i++) {
		const struct mg_region *g = &c->m->regions[i];
		if ((g->kind != MG_REGION_RMEM && g->kind != MG_REGION_RMEM_DYNAMIC && g->kind != MG_REGION_CMA) ||
		    !g->size_bytes || g->origin.what[0] != '/')
			continue; /* only the saved /reserved-memory regions count */
		if (start >= g->base && start <= g->base + g->size_bytes)
			bottom_up = true;
		if (end >= g->base && end <= g->base + g->size_bytes)
			top_down = true;
	}
	return bottom_up && !top_down;
}

static int place_dynamic(struct mg_model_ctx *c, const struct mg_dt_rmem *r, uint64_t *base)
{
	const struct mg_kernel *k = &c->m->k;
	uint64_t align = r->has_alignment && r->alignment ? r->alignment : 64; /* SMP_CACHE_BYTES */

	if ((align & (align - 1)) != 0)
		align = 64;
	if (k->cma && compat_has(r, "shared-dma-pool") && r->reusable && !r->no_map &&
	    align < k->cma_align_bytes)
		align = k->cma_align_bytes;
	/* __reserved_mem_alloc_size: each alloc-ranges window in order, top-down; without
	 * windows anywhere. */
	if (r->nalloc_ranges) {
		for (size_t i = 0; i < r->nalloc_ranges; i++) {
			uint64_t lo = r->alloc_ranges[i].base, hi;
			bool top_down = true;
			if (!mg_add_u64(lo, r->alloc_ranges[i].size, &hi))
				hi = UINT64_MAX;
			if (k->rules->rmem_alloc_adjacent)
				top_down = !window_starts_at_region(c, lo, hi);
			if (mg_mb_find(&c->mb, r->size, align, lo < k->page_size_bytes ? k->page_size_bytes : lo,
				       hi, top_down, base))
				return 0;
		}
		return -1;
	}
	return mg_mb_find(&c->mb, r->size, align, k->page_size_bytes, UINT64_MAX, true, base) ? 0 : -1;
}

static int reserve_rmem(struct mg_model_ctx *c)
{
	const struct mg_dt *dt = &c->b->dt;
	struct mg_model *m = c->m;
	const struct mg_kver *rules = m->k.rules;
	size_t first = m->nregions;

	if (!dt->has_reserved_memory)
		return 0;
	if (dt->rmem_address_cells != dt->address_cells || dt->rmem_size_cells != dt->size_cells) {
		mg_model_note(m, "/reserved-memory: #address-cells/#size-cells differ from the root's: "
			      "the kernel ignores the whole node (Reserved memory: unsupported node format)");
		return 0;
	}
	/* Static children (reg): reserved, or no-map removed (<= 5.11) / marked NOMAP. */
	for (size_t i = 0; i < dt->nrmem; i++) {
		const struct mg_dt_rmem *r = &dt->rmem[i];
		if (!r->okay || !r->nreg)
			continue;
		for (size_t j = 0; j < r->nreg; j++) {
			uint64_t b = r->reg[j].base, s = r->reg[j].size;
			const char *rule;
			bool refused = false, removed = false, nomap = false;
			if (r->no_map && !rules->dt_nomap_marks) {
				mg_mb_remove(&c->mb, b, s);
				removed = true;
				rule = "early_init_dt_reserve_memory_arch: no-map -> memblock_remove (not present)";
			} else if (r->no_map) {
				if (mg_mb_is_reserved(&c->mb, b, s)) {
					refused = true;
					rule = "no-map over an existing reservation: refused (-EBUSY)";
				} else {
					mg_mb_mark_nomap(&c->mb, b, s);
					nomap = true;
					rule = "early_init_dt_reserve_memory: no-map -> memblock_mark_nomap (present, never managed)";
				}
			} else {
				mg_mb_reserve(&c->mb, b, s);
				rule = "early_init_dt_reserve_memory: memblock_reserve";
			}
			if (mg_model_add_region(c, MG_REGION_RMEM, r->name, b, s, &r->origin, rule))
				return -1;
			m->regions[m->nregions - 1].removed = removed;
			m->regions[m->nregions - 1].nomap = nomap;
			if (refused)
				mg_model_note(m, "%s: %s", r->path, rule);
		}
	}
	/* Dynamic children (size), allocated after every static region. */
	for (size_t i = 0; i < dt->nrmem; i++) {
		const struct mg_dt_rmem *r = &dt->rmem[i];
		uint64_t base;
		if (!r->okay || r->nreg || !r->has_size)
			continue;
		if (place_dynamic(c, r, &base)) {
			mg_model_note(m, "%s: OF: reserved mem: failed to allocate memory for node '%s' (%llu MiB)",
				      r->path, r->name, (unsigned long long)(r->size >> 20));
			continue;
		}
		if (r->no_map && !rules->dt_dynamic_nomap_marks) {
			mg_mb_remove(&c->mb, base, r->size);
		} else {
			mg_mb_reserve(&c->mb, base, r->size);
			if (r->no_map)
				mg_mb_mark_nomap(&c->mb, base, r->size);
		}
		if (mg_model_add_region(c, MG_REGION_RMEM_DYNAMIC, r->name, base, r->size, &r->origin,
					"fdt_init_reserved_mem: dynamic region placed top-down"))
			return -1;
		m->regions[m->nregions - 1].nomap = r->no_map && rules->dt_dynamic_nomap_marks;
		m->regions[m->nregions - 1].removed = r->no_map && !rules->dt_dynamic_nomap_marks;
	}
	/* Init callbacks on the first reg entry of each saved region; failures give it back. */
	for (size_t i = first; i < m->nregions; i++) {
		struct mg_region *reg = &m->regions[i];
		const struct mg_dt_rmem *r = NULL;
		int rc;
		for (size_t j = 0; j < dt->nrmem && !r; j++)
			if (!strcmp(dt->rmem[j].name, reg->name))
				r = &dt->rmem[j];
		if (!r || (r->nreg && reg->base != r->reg[0].base))
			continue;
		rc = rmem_init(c, r, reg->base, reg->size_bytes, reg);
		if (rc >= 0)
			continue;
		/* fdt_init_reserved_mem: "node %s compatible matching fail" -> given back. */
		if (reg->removed)
			mg_mb_add(&c->mb, reg->base, reg->size_bytes);
		else if (reg->nomap)
			mg_mb_clear_nomap(&c->mb, reg->base, reg->size_bytes);
		else
			mg_mb_free(&c->mb, reg->base, reg->size_bytes);
		mg_model_note(m, "%s: given back to the page allocator: %s", r->path, reg->rule);
		reg->size_bytes = 0;
	}
	return 0;
}

int mg_layout_reserved_memory(struct mg_model_ctx *c)
{
	/* 6.6+ scans /reserved-memory before /memreserve/ (matters for no-map refusals). */
	if (c->m->k.rules->rmem_before_memreserve)
		return reserve_rmem(c) || reserve_memreserve(c) ? -1 : 0;
	return reserve_memreserve(c) || reserve_rmem(c) ? -1 : 0;
}

int mg_crashkernel_request(struct mg_model_ctx *c, struct mg_crashkernel_param *p,
			   const struct mg_cmdline_token **tok)
{
	const struct mg_cmdline_token *t = *tok = mg_cmdline_last(&c->cl, "crashkernel");

	if (!t || !mg_kconfig_is_y(&c->b->kconfig, "KEXEC_CORE"))
		return 0;
	if (mg_parse_crashkernel(t, mg_mb_phys_size(&c->mb), p, c->err))
		return -1;
	return p->size_bytes ? 1 : 0;
}
