/* The other boot-time memblock consumers: linear-map page tables, unflattened DT, memmap,
 * crashkernel, log buffer, per-CPU first chunk, early hash tables, gigantic hugepages, KFENCE,
 * swiotlb.  Sizes follow the kernel's own formulas; each is allocated top-down like memblock. */
#include <string.h>

#include <memgate/kconfig.h>

#include "model_internal.h"

#define ANYWHERE UINT64_MAX

static uint64_t div_up(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

/* arch/arm64/mm/mmu.c: map_mem.  Page-granular linear map when rodata=full (the default with
 * RODATA_FULL_DEFAULT_ENABLED) or debug_pagealloc; otherwise block mappings. */
static int pagetables(struct mg_model_ctx *c)
{
	const struct mg_kernel *k = &c->m->k;
	const struct mg_kconfig *kc = &c->b->kconfig;
	const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "rodata");
	uint64_t P = k->page_size_bytes, per_table = P / 8, pages = 0;
	bool page_granular = mg_kconfig_is_y(kc, "RODATA_FULL_DEFAULT_ENABLED");

	if (t && t->value)
		page_granular = !strcmp(t->value, "full");
	if (mg_cmdline_last(&c->cl, "debug_pagealloc"))
		page_granular = true;
	for (size_t i = 0; i < c->mb.nmemory; i++) {
		uint64_t sz = c->mb.memory[i].size;
		uint64_t pte_span = P * per_table, pmd_span = pte_span * per_table;
		if (page_granular)
			pages += div_up(sz, pte_span);
		pages += div_up(sz, pmd_span);
	}
	pages += 4; /* kernel image segments, fixmap */
	return mg_model_alloc(c, MG_REGION_PAGETABLES, "linear-map page tables", pages * P, P, 0,
			      ANYWHERE,
			      page_granular ? "arch/arm64/mm/mmu.c: map_mem, page-granular (rodata=full)"
					    : "arch/arm64/mm/mmu.c: map_mem, block mappings",
			      NULL, NULL);
}

/* drivers/of/fdt.c: unflatten_dt_nodes (v6.1): per node a struct device_node (208 B on 64-bit
 * with OF_KOBJ) + its name, per property a struct property (96 B: 32 + bin_attribute 64), plus
 * the "name" property populate_properties recreates for every node of a v16+ blob; values stay
 * in the blob.  One memblock_alloc(size + 4).  Checked against a QEMU virt boot (58 nodes, 229
 * properties: 41368 bytes observed, 41.3 KiB predicted). */
static int unflatten(struct mg_model_ctx *c)
{
	const struct mg_dt *dt = &c->b->dt;
	uint64_t np = c->m->k.arch == MG_ARCH_ARM ? 4 : 8; /* pointer size */
	uint64_t node = np == 8 ? 208 : 120, prop = np == 8 ? 96 : 52;
	uint64_t bytes = (uint64_t)dt->node_count * node + 2 * mg_align_up(dt->node_name_bytes, 8) +
			 ((uint64_t)dt->prop_count + dt->node_count) * prop + 4;
	return mg_model_alloc(c, MG_REGION_DT_UNFLATTEN, "unflattened device tree",
			      mg_align_up(bytes, 8), 8, 0, ANYWHERE,
			      "drivers/of/fdt.c: unflatten_device_tree (device_node + property structs)", NULL, NULL);
}

/* mm/sparse.c: sparse_init -> sparse_buffer_init: one buffer of nsec * section_map_size()
 * (a section's struct pages rounded up to PMD_SIZE with VMEMMAP, else to a page), placed
 * top-down, aligned to section_map_size() (5.10+) or to a page (4.19, 5.4).  vmemmap_populate
 * then takes from its bottom either PMD blocks, each PMD-aligned (arm64 4K, x86: one block maps
 * PMD_SIZE of struct pages and serves every section in its span), or base pages (arm64 16K and
 * 64K: arch/arm64/mm/mmu.c), and what it skipped or left is given back.  A buffer memblock cannot place (64K pages:
 * nsec * 512 MiB) is not made: the pages then come one at a time, top-down, which is one
 * page-aligned run. */
static int memmap_node(struct mg_model_ctx *c, uint64_t node_lo, uint64_t node_hi)
{
	const struct mg_kernel *k = &c->m->k;
	uint64_t sec = 1ull << k->section_size_bits, nsec = 0, last = UINT64_MAX;
	uint64_t per_sec = (sec >> k->page_shift) * k->struct_page_bytes;
	uint64_t pmd = k->page_size_bytes * (k->page_size_bytes / 8);
	/* arm64 and x86_64 always select SPARSEMEM_VMEMMAP; 32-bit arm has no vmemmap */
	bool vmemmap = k->arch != MG_ARCH_ARM;
	bool pmd_blocks = vmemmap && k->page_shift == 12;
	uint64_t map_size = mg_align_up(per_sec, vmemmap ? pmd : k->page_size_bytes);
	uint64_t buf_align = k->rules->sparse_buffer_section_aligned ? map_size : k->page_size_bytes;
	uint64_t used = 0, last_block = UINT64_MAX, buf, hi, addr = UINT64_MAX, start, fit;
	const char *rule = "mm/sparse.c: sparse_init, one struct page per page of each present section";

	for (size_t i = 0; i < c->mb.nmemory; i++) {
		uint64_t lo = mg_max_u64(c->mb.memory[i].base, node_lo);
		uint64_t end = mg_min_u64(c->mb.memory[i].base + c->mb.memory[i].size, node_hi);
		if (lo >= end)
			continue;
		for (uint64_t x = lo / sec; x <= (end - 1) / sec; x++) {
			if (x == last)
				continue;
			nsec++;
			last = x;
			if (!pmd_blocks) {
				used += mg_align_up(per_sec, k->page_size_bytes);
				continue;
			}
			/* the PMD blocks of vmemmap this section's struct pages fall in */
			for (uint64_t b = x * per_sec / pmd; b <= ((x + 1) * per_sec - 1) / pmd; b++)
				if (b != last_block || !used) {
					used += pmd;
					last_block = b;
				}
		}
	}
	if (!nsec)
		return 0;
	buf = nsec * map_size;
	hi = c->memblock_limit ? mg_min_u64(c->memblock_limit, node_hi) : node_hi;
	if (!mg_mb_find(&c->mb, buf, buf_align, mg_max_u64(node_lo, k->page_size_bytes), hi, true, &addr))
		return mg_model_alloc(c, MG_REGION_MEMMAP, "memmap (struct page)", used, k->page_size_bytes, node_lo,
				      node_hi, rule, NULL, NULL);
	if (mg_model_alloc(c, MG_REGION_MEMMAP, "memmap (struct page)", buf, buf_align, node_lo, node_hi, rule,
			   NULL, &addr))
		return -1;
	/* sparse_buffer_alloc rounds each PMD block up to its alignment, freeing what it skips;
	 * sparse_buffer_fini frees the tail */
	start = pmd_blocks ? mg_align_up(addr, pmd) : addr;
	fit = start + used <= addr + buf ? used : (addr + buf - start) / pmd * pmd;
	if (start > addr)
		mg_mb_free(&c->mb, addr, start - addr);
	if (start + fit < addr + buf)
		mg_mb_free(&c->mb, start + fit, addr + buf - start - fit);
	c->m->regions[c->m->nregions - 1].base = start;
	c->m->regions[c->m->nregions - 1].size_bytes = fit;
	/* blocks a page-aligned buffer (<= 5.4) has no room left for: vmemmap_alloc_block, one
	 * PMD-aligned memblock allocation each, top-down */
	return fit < used ? mg_model_alloc(c, MG_REGION_MEMMAP, "memmap (struct page), past the buffer", used - fit,
					   pmd, node_lo, node_hi, rule, NULL, NULL)
			  : 0;
}

/* arch/arm64/mm/numa.c: setup_node_data (arm64_numa_init, before hugetlb_cma and sparse_init):
 * each node's pg_data_t, memblock_alloc_try_nid inside the node.  Its size depends on the
 * configuration (zones, LRU generations, per-node stats): 11392 bytes is Debian 6.1 arm64's
 * ("NUMA: NODE_DATA [mem 0x7fffd380-0x7fffffff]"), an estimate for other builds (5.10's is
 * 9472, 6.12's 14144).  With several nodes it moves each node's per-node CMA area below it. */
static int node_data(struct mg_model_ctx *c)
{
	if (!c->nnodes && mg_kconfig_is_y(&c->b->kconfig, "NUMA"))
		/* no numa-node-id: arm64_numa_init fakes one node over all memory */
		return mg_model_alloc(c, MG_REGION_OTHER, "NODE_DATA", 11392, 64, 0, ANYWHERE,
				      "arch/arm64/mm/numa.c: setup_node_data (pg_data_t size estimated)", NULL, NULL);
	for (size_t n = 0; n < c->nnodes; n++)
		if (mg_model_alloc(c, MG_REGION_OTHER, "NODE_DATA", 11392, 64, c->node_span[n].base,
				   c->node_span[n].base + c->node_span[n].size,
				   "arch/arm64/mm/numa.c: setup_node_data (pg_data_t size estimated)", NULL, NULL))
			return -1;
	return 0;
}

/* sparse_init walks the present sections in pfn order and calls sparse_init_nid once per
 * node: each node's memmap is allocated inside that node (memblock_alloc_exact_nid_raw). */
static int memmap(struct mg_model_ctx *c)
{
	bool done[MG_MAX_NODES] = { false };

	if (c->nnodes < 2)
		return memmap_node(c, 0, ANYWHERE);
	for (size_t n = 0; n < c->nnodes; n++) {
		size_t lowest = SIZE_MAX;
		for (size_t i = 0; i < c->nnodes; i++)
			if (!done[i] && (lowest == SIZE_MAX || c->node_span[i].base < c->node_span[lowest].base))
				lowest = i;
		done[lowest] = true;
		if (memmap_node(c, c->node_span[lowest].base, c->node_span[lowest].base + c->node_span[lowest].size))
			return -1;
	}
	return 0;
}

static int crashkernel(struct mg_model_ctx *c)
{
	const struct mg_cmdline_token *t;
	struct mg_crashkernel_param p;
	uint64_t addr;
	int req = mg_crashkernel_request(c, &p, &t);

	if (req <= 0)
		return req;
	p.size_bytes = mg_align_up(p.size_bytes, c->m->k.page_size_bytes);
	if (p.base) {
		if (mg_mb_is_reserved(&c->mb, p.base, p.size_bytes) || !mg_mb_is_memory(&c->mb, p.base, p.size_bytes)) {
			mg_model_note(c->m, "crashkernel: cannot reserve at 0x%llx (%s)",
				      (unsigned long long)p.base, t->origin.what);
			return 0;
		}
		mg_mb_reserve(&c->mb, p.base, p.size_bytes);
		return mg_model_add_region(c, MG_REGION_CRASHKERNEL, "crashkernel", p.base, p.size_bytes,
					   &t->origin, "reserve_crashkernel: fixed base");
	}
	/* arm64: 2 MiB aligned, top-down below the DMA limit (,high: anywhere). */
	return mg_model_alloc(c, MG_REGION_CRASHKERNEL, "crashkernel", p.size_bytes, 2ull << 20, 0,
			      p.high ? ANYWHERE : c->dma_limit,
			      "reserve_crashkernel: 2 MiB aligned, top-down below the DMA limit",
			      &t->origin, &addr);
}

/* kernel/printk/printk.c: log_buf_add_cpu / setup_log_buf. */
static int logbuf(struct mg_model_ctx *c)
{
	const struct mg_kconfig *kc = &c->b->kconfig;
	uint64_t len = 1ull << mg_kconfig_int(kc, "LOG_BUF_SHIFT", 17);
	uint64_t cpu = 1ull << mg_kconfig_int(kc, "LOG_CPU_MAX_BUF_SHIFT", 12);
	uint64_t want = 0, extra = (uint64_t)(c->m->k.nr_cpus - 1) * cpu, v;
	const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "log_buf_len");

	if (extra > len / 2)
		want = len + extra;
	if (t && t->value && mg_parse_size(t->value, &v) && v > len)
		want = v;
	if (!want)
		return 0;
	/* roundup_pow_of_two */
	v = 1;
	while (v < want)
		v <<= 1;
	/* 5.10+ printk ringbuffer adds descriptor and info arrays: 24 + 88 bytes per 32 bytes of text. */
	if (c->m->k.rules->printk_ringbuffer)
		v += (v >> 5) * (24 + 88);
	return mg_model_alloc(c, MG_REGION_LOGBUF, "printk log buffer", v, 8, 0, ANYWHERE,
			      "kernel/printk/printk.c: setup_log_buf", t ? &t->origin : NULL, NULL);
}

/* mm/percpu.c: pcpu_build_alloc_info + pcpu_embed_first_chunk: each possible CPU keeps
 * PFN_ALIGN(static + reserved + dynamic). */
static int percpu(struct mg_model_ctx *c)
{
	const struct mg_kernel *k = &c->m->k;
	const struct mg_sysmap *sm = &c->b->sysmap;
	/* The static per-CPU section from System.map; else Debian 6.1's "percpu: Embedded ...
	 * s86440" (arm64) / "s217088" (amd64) / "s45012" (armmp) as an estimate. */
	uint64_t stat = c->b->has_sysmap && sm->has[MG_SYM_PER_CPU_START] && sm->has[MG_SYM_PER_CPU_END] &&
				sm->addr[MG_SYM_PER_CPU_END] > sm->addr[MG_SYM_PER_CPU_START]
			? sm->addr[MG_SYM_PER_CPU_END] - sm->addr[MG_SYM_PER_CPU_START]
			: k->arch == MG_ARCH_X86_64 ? 217088 : k->arch == MG_ARCH_ARM ? 45012 : 86440;
	uint64_t reserved = mg_kconfig_is_y(&c->b->kconfig, "MODULES") ? 8192 : 0;
	/* include/linux/percpu.h: PERCPU_DYNAMIC_RESERVE 28 KiB on 64-bit, 20 KiB on 32-bit */
	uint64_t dyn = (k->arch == MG_ARCH_ARM ? 20 : 28) << 10, sum;

	sum = mg_align_up(stat + reserved + dyn, k->page_size_bytes);
	if (sum < (32 << 10))
		sum = mg_align_up(32 << 10, k->page_size_bytes);
	return mg_model_alloc(c, MG_REGION_PERCPU, "per-CPU first chunk", sum * k->nr_cpus,
			      k->page_size_bytes, 0, ANYWHERE,
			      "mm/percpu.c: pcpu_embed_first_chunk (static size estimated)", NULL, NULL);
}

/* mm/page_alloc.c: alloc_large_system_hash, HASH_EARLY users (dentry scale 13, inode 14). */
static uint64_t hash_bytes(const struct mg_kernel *k, uint64_t nr_kernel_pages, uint64_t nr_all_pages,
			   unsigned scale, uint64_t bucket, uint64_t low_limit, uint64_t high_limit)
{
	uint64_t n = nr_kernel_pages, max, adapt, e;
	unsigned ps = k->page_shift;

	if (ps < 20)
		n = mg_align_up(n, (1ull << 20) >> ps);
	for (adapt = (64ull << 30) >> ps; adapt < n; adapt <<= 2)
		scale++;
	n = scale > ps ? n >> (scale - ps) : n << (ps - scale);
	if (n * bucket < k->page_size_bytes)
		n = k->page_size_bytes / bucket;
	e = 1;
	while (e < n)
		e <<= 1;
	max = high_limit ? high_limit : ((nr_all_pages << ps) >> 4) / bucket;
	if (max > 0x80000000ull)
		max = 0x80000000ull;
	if (e < low_limit)
		e = low_limit;
	if (e > max)
		e = max;
	/* ilog2 of the result */
	n = 1;
	while (n * 2 <= e)
		n <<= 1;
	return n * bucket;
}

static int hashes(struct mg_model_ctx *c, uint64_t nr_kernel_pages, uint64_t nr_all_pages)
{
	const struct mg_kernel *k = &c->m->k;
	/* bucket = struct hlist_bl_head / hlist_head: one pointer (4 bytes on 32-bit arm) */
	uint64_t bucket = k->arch == MG_ARCH_ARM ? 4 : 8;
	uint64_t d = hash_bytes(k, nr_kernel_pages, nr_all_pages, 13, bucket, 0, 0);
	uint64_t i = hash_bytes(k, nr_kernel_pages, nr_all_pages, 14, bucket, 0, 0);

	/* mm/page_alloc.c: hashdist (64-bit NUMA with more than one memory node, unless
	 * hashdist=0): dcache_init_early/inode_init_early return at once and the tables are
	 * vmalloc'd from the buddy allocator later in boot (fs/dcache.c: dcache_init). */
	if (c->nnodes >= 2 && mg_cmdline_bool(&c->cl, "hashdist", true)) {
		c->m->post_boot_alloc_pages += (mg_align_up(d, k->page_size_bytes) + mg_align_up(i, k->page_size_bytes)) >>
					       k->page_shift;
		return 0;
	}
	if (mg_model_alloc(c, MG_REGION_HASHES, "dentry hash table", d, 64, 0, ANYWHERE,
			   "fs/dcache.c: dcache_init_early -> alloc_large_system_hash(scale 13)", NULL, NULL))
		return -1;
	return mg_model_alloc(c, MG_REGION_HASHES, "inode hash table", i, 64, 0, ANYWHERE,
			      "fs/inode.c: inode_init_early -> alloc_large_system_hash(scale 14)", NULL, NULL);
}

/* lib/stackdepot.c: the stack depot hash table, taken in mm_init (stack_depot_init /
 * stack_depot_early_init) before mem_init, by version (enum mg_stackdepot_rule):
 * 5.12-5.16 whenever STACKDEPOT is built, memblock_alloc(8 << STACK_HASH_ORDER, aligned to its
 * size); from 5.17 only when early init is requested (STACKDEPOT_ALWAYS_INIT, or page_owner=on
 * from 5.18: mm/page_owner.c: early_page_owner_param), 5.17-5.19 the same fixed size, 6.0+
 * alloc_large_system_hash("stackdepot", scale 14, 4096..1M entries; KASAN: 1M) of pointers,
 * list_heads from 6.8.  stack_depot_disable=on skips it. */
static int stackdepot(struct mg_model_ctx *c, uint64_t nr_kernel_pages, uint64_t nr_all_pages)
{
	const struct mg_kconfig *kc = &c->b->kconfig;
	const struct mg_kernel *k = &c->m->k;
	enum mg_stackdepot_rule rule = k->rules->stackdepot;
	int64_t order = mg_kconfig_int(kc, "STACK_HASH_ORDER", 20);
	uint64_t bytes, align;

	if (rule == MG_STACKDEPOT_BSS || !mg_kconfig_is_y(kc, "STACKDEPOT") ||
	    mg_cmdline_bool(&c->cl, "stack_depot_disable", false))
		return 0;
	if (rule != MG_STACKDEPOT_ALWAYS && !mg_kconfig_is_y(kc, "STACKDEPOT_ALWAYS_INIT") &&
	    !(k->rules->page_owner_early_stackdepot && mg_page_owner_enabled(c)))
		return 0;
	if (order < 12 || order > 20) /* lib/Kconfig: range 12 20 */
		order = 20;
	if (rule == MG_STACKDEPOT_ALWAYS || rule == MG_STACKDEPOT_EARLY_FIXED) {
		/* STACK_HASH_SIZE pointers */
		bytes = (uint64_t)(k->arch == MG_ARCH_ARM ? 4 : 8) << order;
		align = rule == MG_STACKDEPOT_ALWAYS ? bytes : 64;
	} else {
		/* a pointer, or a struct list_head of two */
		uint64_t ptr = k->arch == MG_ARCH_ARM ? 4 : 8, bucket = rule == MG_STACKDEPOT_EARLY_HASH16 ? 2 * ptr : ptr;
		bool kasan = mg_kconfig_is_y(kc, "KASAN") && !mg_kconfig_is_y(kc, "KASAN_HW_TAGS");
		bytes = kasan ? bucket << 20
			      : hash_bytes(k, nr_kernel_pages, nr_all_pages, 14, bucket, 1u << 12, 1u << 20);
		align = 64;
	}
	return mg_model_alloc(c, MG_REGION_HASHES, "stack depot hash table", bytes, align, 0, ANYWHERE,
			      "lib/stackdepot.c: stack_depot_init / stack_depot_early_init", NULL, NULL);
}

static int kfence(struct mg_model_ctx *c)
{
	const struct mg_kconfig *kc = &c->b->kconfig;
	const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "kfence.sample_interval");
	uint64_t interval = (uint64_t)mg_kconfig_int(kc, "KFENCE_SAMPLE_INTERVAL", 100), v;
	uint64_t objs = (uint64_t)mg_kconfig_int(kc, "KFENCE_NUM_OBJECTS", 255);

	if (!c->m->k.rules->kfence || !mg_kconfig_is_y(kc, "KFENCE"))
		return 0;
	if (t && t->value && mg_parse_u64(t->value, &v))
		interval = v;
	if (!interval)
		return 0;
	/* mm/kfence/core.c: KFENCE_POOL_SIZE = (CONFIG_KFENCE_NUM_OBJECTS + 1) * 2 * PAGE_SIZE */
	return mg_model_alloc(c, MG_REGION_KFENCE, "KFENCE pool",
			      (objs + 1) * 2 * c->m->k.page_size_bytes, c->m->k.page_size_bytes, 0,
			      ANYWHERE, "mm/kfence/core.c: kfence_alloc_pool", t ? &t->origin : NULL, NULL);
}

/* kernel/dma/swiotlb.c + arch/arm64/mm/init.c: mem_init. */
static int swiotlb(struct mg_model_ctx *c)
{
	const struct mg_kernel *k = &c->m->k;
	const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "swiotlb");
	uint64_t size = 64ull << 20, nslabs, meta;
	bool needed = mg_mb_end(&c->mb) > c->dma_limit, force = false, small = false;
	const char *rule;
	unsigned slot_bytes = k->rules->swiotlb_slot_24 ? 24 : 12;

	if (k->arch == MG_ARCH_ARM) {
		/* arch/arm/mm/init.c: mem_init (v6.1): swiotlb_init(max_pfn > arm_dma_pfn_limit),
		 * arm_dma_limit 0xffffffff (inclusive) without a dma_zone_size: only an LPAE
		 * kernel with RAM reaching 4 GiB.  memblock_alloc_low stays below lowmem's
		 * current_limit.  struct io_tlb_slot is phys_addr_t + size_t + unsigned int. */
		needed = (mg_mb_end(&c->mb) >> k->page_shift) > (0xffffffffull >> k->page_shift);
		slot_bytes = k->rules->swiotlb_slot_24 && mg_kconfig_is_y(&c->b->kconfig, "PHYS_ADDR_T_64BIT") ? 16 : 12;
	} else if (k->arch != MG_ARCH_ARM64) {
		return 0;
	}
	if (!mg_kconfig_is_y(&c->b->kconfig, "SWIOTLB"))
		return 0;
	if (t && t->value) {
		char *comma;
		uint64_t v;
		char buf[64];
		snprintf(buf, sizeof(buf), "%s", t->value);
		if (strstr(buf, "noforce"))
			return 0;
		force = strstr(buf, "force") != NULL;
		comma = strchr(buf, ',');
		if (comma)
			*comma = '\0';
		if (mg_parse_u64(buf, &v) && v)
			size = mg_align_up(v, 128) * 2048;
	}
	switch (k->rules->arm64_swiotlb) {
	case MG_SWIOTLB_ABOVE_DMA_LIMIT:
		if (!needed && !force)
			return 0;
		rule = "arm64 mem_init: swiotlb_init when RAM extends above the DMA limit";
		break;
	case MG_SWIOTLB_ALWAYS:
		rule = "arm64 mem_init: swiotlb always (DMA_BOUNCE_UNALIGNED_KMALLOC)";
		break;
	default:
		if (!needed && !force && !t) {
			/* 6.12: min(default, DIV_ROUND_UP(memblock_phys_mem_size(), 1024)),
			 * rounded to IO_TLB_SEGSIZE slabs. */
			size = mg_min_u64(size, div_up(mg_mb_phys_size(&c->mb), 1024));
			size = mg_align_up(div_up(size, 2048), 128) * 2048;
			small = true;
		}
		rule = small ? "arm64 mem_init: small swiotlb (min(64 MiB, RAM/1024)), not needed for addressing"
			     : "arm64 mem_init: swiotlb for addressing";
		break;
	}
	nslabs = size / 2048;
	/* metadata: 12 B/slab (<= 5.14), struct io_tlb_slot 24 B (5.15+) */
	meta = mg_align_up(nslabs * slot_bytes, k->page_size_bytes);
	if (mg_model_alloc(c, MG_REGION_SWIOTLB, "swiotlb bounce buffer", size, k->page_size_bytes, 0,
			   c->dma_limit, rule, t ? &t->origin : NULL, NULL))
		return -1;
	return mg_model_alloc(c, MG_REGION_SWIOTLB, "swiotlb metadata", meta, k->page_size_bytes, 0,
			      ANYWHERE, rule, NULL, NULL);
}

/* Gigantic (order > MAX_ORDER) boot hugepages come from memblock at parse time
 * (mm/hugetlb.c: hugetlb_hstate_alloc_pages); smaller ones from the buddy allocator later. */
static int hugepages(struct mg_model_ctx *c)
{
	const struct mg_kernel *k = &c->m->k;
	uint64_t hsize = k->page_size_bytes << (k->arch == MG_ARCH_ARM64 ? k->page_shift - 3 : 9), n;
	const struct mg_cmdline_token *t;

	for (size_t i = 0; i < c->cl.ntokens; i++) {
		t = &c->cl.tokens[i];
		if (!t->value)
			continue;
		if (!strcmp(t->name, "hugepagesz") || !strcmp(t->name, "default_hugepagesz")) {
			uint64_t v;
			if (mg_parse_size(t->value, &v))
				hsize = v;
		} else if (!strcmp(t->name, "hugepages") && mg_parse_u64(t->value, &n) && n) {
			if ((hsize >> k->page_shift) > (1ull << k->max_order)) {
				uint64_t total;
				if (!mg_mul_u64(n, hsize, &total))
					return mg_input_error(c->err, t->origin.file, t->origin.line,
							      "%s: size overflows 64 bits", t->origin.what);
				if (mg_model_alloc(c, MG_REGION_HUGEPAGES, "gigantic hugepages", total, hsize, 0,
						   ANYWHERE, "mm/hugetlb.c: boot-time gigantic pages from memblock",
						   &t->origin, NULL))
					return -1;
			}
		}
	}
	return 0;
}

static int calibration(struct mg_model_ctx *c)
{
	const struct mg_calibration *cal = &c->b->calibration;
	if (!cal->set || (c->opt && c->opt->ignore_calibration) ||
	    strcmp(cal->kernel_version, c->m->k.version_text) || !cal->residue_kb)
		return 0;
	return mg_model_alloc(c, MG_REGION_CALIBRATED, "calibrated residue", cal->residue_kb << 10,
			      c->m->k.page_size_bytes, 0, ANYWHERE,
			      "reserved at the Memory: line that no modelled consumer explains, from a real boot",
			      &cal->origin, NULL);
}

/* Phase 0: before the default CMA area on every version (paging_init, unflatten).
 * Phase 1: sparse_init.  Phase 2: after CMA (crashkernel on 5.10.89+, start_kernel ones). */
int mg_layout_consumers(struct mg_model_ctx *c, int phase)
{
	switch (phase) {
	case 0:
		return crashkernel(c);
	case 1:
		/* x86 sizes its own direct-map page tables (src/model/x86.c) and has no DT */
		if (c->m->k.arch == MG_ARCH_ARM) /* src/model/arm32.c; FLATMEM unless SPARSEMEM */
			return mg_arm32_pagetables(c) ||
			       (mg_kconfig_is_y(&c->b->kconfig, "SPARSEMEM") ? memmap(c) : mg_arm32_memmap(c)) ||
			       (c->b->dt_path[0] && unflatten(c)) ? -1 : 0;
		/* arm64 bootmem_init reserves hugetlb_cma, then (<= 6.5) the per-node areas, before
		 * sparse_init (5.8+). */
		return (c->m->k.arch != MG_ARCH_X86_64 && pagetables(c)) || (c->b->dt_path[0] && unflatten(c)) ||
		       (c->m->k.arch == MG_ARCH_ARM64 && (node_data(c) || mg_cma_reserve_hugetlb(c) ||
							  (!c->m->k.rules->cma_numa_in_contiguous && mg_cma_reserve_pernuma(c)))) ||
		       memmap(c) ? -1 : 0;
	default: {
		/* nr_kernel_pages as free_area_init_core sets it: present - memmap estimate, lowmem
		 * zones only (highmem is neither counted nor charged); nr_all_pages adds highmem. */
		uint64_t low_end = c->highmem_start ? c->highmem_start : UINT64_MAX;
		uint64_t present = mg_mb_present_pages(&c->mb, 0, low_end, c->m->k.page_shift);
		uint64_t all = mg_mb_present_pages(&c->mb, 0, UINT64_MAX, c->m->k.page_shift);
		uint64_t mm = div_up(present * c->m->k.struct_page_bytes, c->m->k.page_size_bytes);
		/* kasan_init ends setup_arch (src/model/page_ext.c); FLATMEM page_ext comes from
		 * memblock in mm_init before kfence_alloc_pool, SPARSEMEM's is only counted there. */
		return mg_kasan_shadow(c) || logbuf(c) || percpu(c) || hashes(c, present - mm, all - mm) ||
		       hugepages(c) || mg_page_ext(c) || kfence(c) || stackdepot(c, present - mm, all - mm) || calibration(c) || swiotlb(c) ? -1 : 0;
	}
	}
}
