/* Internal interfaces between the model's modules (not installed). */
#ifndef MEMGATE_MODEL_INTERNAL_H
#define MEMGATE_MODEL_INTERNAL_H

#include <memgate/model.h>
#include <memgate/util.h>

/* arm64: which rule sizes ZONE_DMA and the default CMA limit (arch/arm64/mm/init.c). */
enum mg_arm64_dma_rule {
	MG_ARM64_DMA32_ONLY,    /* 4.19-5.5: ZONE_DMA32 = first 4 GiB window (max_zone_dma_phys) */
	MG_ARM64_DMA_30BIT,     /* 5.6-5.10.early: ZONE_DMA 1 GiB window, ZONE_DMA32 4 GiB */
	MG_ARM64_DMA_FROM_DT,   /* 5.10.89+ (8424ecdde7df): zone_dma_bits from DT dma-ranges, <= 32 */
};

enum mg_cma_search {
	MG_CMA_SEARCH_HIGHMEM_TOPDOWN,        /* 4.19-5.10: highmem first, then [base, limit) top-down */
	MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G,     /* 5.15-6.1: highmem, bottom-up >= 4 GiB, top-down */
	MG_CMA_SEARCH_BOTTOMUP4G_FIRST,       /* 6.6+: bottom-up >= 4 GiB first */
};

enum mg_arm64_swiotlb_rule {
	MG_SWIOTLB_ABOVE_DMA_LIMIT,   /* allocate when RAM extends above the DMA limit */
	MG_SWIOTLB_ALWAYS,            /* 6.6: DMA_BOUNCE_UNALIGNED_KMALLOC forces it */
	MG_SWIOTLB_ALWAYS_SMALL,      /* 6.12: min(64 MiB, RAM/1024) when not needed for addressing */
};

/* One row of the per-version table (src/model/kver.c).  Versions are MG_KV numbers; a row
 * applies to from <= kv < to.  Every field cites where the behaviour was read. */
/* lib/stackdepot.c: where the stack depot hash table comes from at boot. */
enum mg_stackdepot_rule {
	MG_STACKDEPOT_BSS,          /* <= 5.11: a static array in .bss, inside the image */
	MG_STACKDEPOT_ALWAYS,       /* 5.12-5.16: memblock_alloc(8 << STACK_HASH_ORDER) whenever built */
	MG_STACKDEPOT_EARLY_FIXED,  /* 5.17-5.19: the same, only when early init is requested */
	MG_STACKDEPOT_EARLY_HASH8,  /* 6.0-6.7: alloc_large_system_hash, pointer buckets, on request */
	MG_STACKDEPOT_EARLY_HASH16, /* 6.8+: the same with list_head buckets */
};

struct mg_kver {
	uint32_t from, to;
	const char *label;
	bool wmark_postcore;           /* init_per_zone_wmark_min at postcore: CMA counted */
	uint64_t min_free_kbytes_cap;  /* 65536 (<= 5.6) / 262144 (>= 5.7) */
	bool movable_not_lowmem;       /* 6.6+: ZONE_MOVABLE excluded from lowmem in wmarks */
	bool has_promo;                /* 6.1+: WMARK_PROMO */
	bool thp_off_recalc;           /* 6.1+: THP off recomputes min_free_kbytes at subsys */
	bool cmdline_sysctl;           /* 5.8+: sysctl.vm.*= on the command line */
	bool max_order_inclusive;      /* 6.4+: MAX_ORDER counts the largest order itself */
	bool cma_align_pageblock;      /* 5.18+: CMA_MIN_ALIGNMENT_BYTES = pageblock, else max(K, pb) */
	bool pageblock_clamped;        /* 5.18+: pageblock_order <= MAX_ORDER-1 */
	enum mg_stackdepot_rule stackdepot; /* lib/stackdepot.c: the hash table at mm_init */
	bool page_owner_early_stackdepot; /* 5.18+: page_owner=on requests the early stack depot table */
	bool memory_line_late;         /* 6.12: "Memory:" printed from page_alloc_init_late */
	bool printk_ringbuffer;        /* 5.10+: the log buffer carries descriptor + info arrays */
	bool swiotlb_slot_24;          /* 5.15+: struct io_tlb_slot metadata, 24 bytes on 64-bit */
	bool pcp_high_from_low;        /* 5.14+: 1 MiB batch cap, pcp->high from the low watermark */
	bool proactive_compaction;     /* 5.9+: kcompactd compacts proactively */
	bool cma_numa_in_contiguous;   /* 6.6+: cma_pernuma= reserved by dma_contiguous_reserve */
	bool hugetlb_cma;              /* 5.7+: hugetlb_cma= */
	bool thp_anon_cmdline;         /* 6.12+: thp_anon= sets the per-order anon THP policy */
	bool pageblock_thp_order;      /* 6.12: pageblock = PMD order when THP without HUGETLB */
	bool cmdline_cma_bypasses_dt;  /* 5.6+: cma= skips a linux,cma-default DT node */
	bool dt_nomap_marks;           /* no-map marks NOMAP (present) instead of removing */
	bool dt_dynamic_nomap_marks;   /* 5.13+: the same for a dynamically placed (size) region */
	bool memory_nodes_root_only;   /* 6.1+: only okay root-level memory nodes */
	bool rmem_before_memreserve;   /* 6.6+ */
	bool rmem_alloc_adjacent;      /* 6.6+: alloc-ranges searched bottom-up next to a region */
	bool cma_activate_fail_releases; /* 5.15+: an area that cannot be activated is released */
	bool lowmem_reserve_skip_empty_lower; /* 5.10+ */
	bool lowmem_reserve_skip_empty_upper; /* 6.9 - 6.12.18 */
	bool lowmem_reserve_gfp_zone;  /* 5.8+: check index = gfp_zone, not preferred zone */
	bool build_managed_is_present; /* 6.12: no memmap estimate at build_all_zonelists */
	bool image_from_stext;         /* arm64 5.15+: reserve [_stext, _end) not [_text, _end) */
	bool kfence;                   /* 5.12+ */
	bool memory_line_on_node;      /* 6.6+: "cma: Reserved ... on node N" */
	unsigned arm64_section_bits_64k, arm64_section_bits_4k16k;
	enum mg_arm64_dma_rule arm64_dma;
	bool hugetlb_cma_pmd_align;     /* 5.16-6.9: hugetlb_cma aligned to a PMD, not a gigantic page */
	bool sparse_buffer_section_aligned; /* 5.10+: memmap buffer aligned to section_map_size, not a page */
	bool arm64_cma_after_memmap;   /* 5.10.89+: CMA reserved in bootmem_init after sparse_init */
	enum mg_cma_search cma_search;
	enum mg_arm64_swiotlb_rule arm64_swiotlb;
	bool dma_atomic_pools;         /* 5.8+: kernel/dma/pool.c per-zone pools */
	bool x86_reserve_low_1m;       /* 5.13+: reserve_real_mode memblock_reserve(0, SZ_1M) */
	bool watermark_boost;          /* 5.0+: 1c30844d2dfe boost_watermark on fallback steals */
	/* page_ext clients (mm/page_ext.c, mm/page_owner.c; src/model/page_ext.c) */
	unsigned page_owner_bytes;     /* sizeof(struct page_owner): 12, 16 (5.4), 32 (5.11), 40 (5.13),
	                                  56 (5.18), 64 (6.7) */
	bool page_owner_kstrtobool;    /* 5.13+: page_owner= parsed by kstrtobool; before only "on" */
	bool page_ext_guard;           /* <= 5.3: debug_pagealloc guard pages are a page_ext client */
	bool page_ext_shared_flags_only; /* 6.2+: the flags word only for a need_shared_flags client */
};

const struct mg_kver *mg_kver_lookup(uint32_t kv);
const struct mg_kver *mg_kver_table(size_t *n);

/* --- memblock: the kernel's early allocator, reproduced (src/model/memblock.c) --- */
#define MG_MB_MAX 1024
struct mg_mb_range {
	uint64_t base, size;
	bool nomap;
};
struct mg_memblock {
	struct mg_mb_range memory[MG_MB_MAX];
	size_t nmemory;
	struct mg_mb_range reserved[MG_MB_MAX];
	size_t nreserved;
};
void mg_mb_init(struct mg_memblock *mb);
int mg_mb_add(struct mg_memblock *mb, uint64_t base, uint64_t size);
void mg_mb_remove(struct mg_memblock *mb, uint64_t base, uint64_t size);
int mg_mb_reserve(struct mg_memblock *mb, uint64_t base, uint64_t size);
void mg_mb_free(struct mg_memblock *mb, uint64_t base, uint64_t size);
int mg_mb_mark_nomap(struct mg_memblock *mb, uint64_t base, uint64_t size);
void mg_mb_clear_nomap(struct mg_memblock *mb, uint64_t base, uint64_t size);
bool mg_mb_is_reserved(const struct mg_memblock *mb, uint64_t base, uint64_t size);
bool mg_mb_is_memory(const struct mg_memblock *mb, uint64_t base, uint64_t size);
/* Highest (top_down) or lowest aligned free [addr, addr+size) inside [lo, hi); false if none. */
bool mg_mb_find(const struct mg_memblock *mb, uint64_t size, uint64_t align, uint64_t lo,
		uint64_t hi, bool top_down, uint64_t *addr);
uint64_t mg_mb_start(const struct mg_memblock *mb);
uint64_t mg_mb_end(const struct mg_memblock *mb);
uint64_t mg_mb_phys_size(const struct mg_memblock *mb);
/* Keep only the first limit bytes of memory counted from the lowest address (arm64 mem=). */
void mg_mb_cap_size(struct mg_memblock *mb, uint64_t limit);
/* Free ranges (memory - reserved - nomap) in [lo, hi), page-trimmed, counted in pages. */
uint64_t mg_mb_free_pages(const struct mg_memblock *mb, uint64_t lo, uint64_t hi, unsigned page_shift);
uint64_t mg_mb_sections(const struct mg_memblock *mb, unsigned bits);
/* Pages of memory (nomap included) in [lo, hi), page-trimmed per region (present pages). */
uint64_t mg_mb_present_pages(const struct mg_memblock *mb, uint64_t lo, uint64_t hi, unsigned page_shift);

/* --- the stages, in kernel order --- */
#define MG_MAX_NODES 16

struct mg_model_ctx {
	struct mg_model *m;
	const struct mg_board *b;
	const struct mg_model_options *opt;
	struct mg_cmdline cl;        /* effective command line (board's + extra) */
	uint64_t dma_limit;          /* arm64_dma_phys_limit / arch equivalent (exclusive) */
	uint64_t dma32_limit;
	size_t nnodes;               /* NUMA nodes from numa-node-id (0: one node, none listed) */
	struct mg_range node_span[MG_MAX_NODES];
	uint64_t highmem_start;      /* arm32 lowmem end (0 = no highmem) */
	/* memblock.current_limit: memblock_alloc (MEMBLOCK_ALLOC_ACCESSIBLE) stays below it
	 * (arm32: lowmem, adjust_lowmem_bounds); 0 = no limit. */
	uint64_t memblock_limit;
	uint64_t initrd_base, initrd_size;
	uint64_t init_section_bytes; /* __init_end - __init_begin: freed by free_initmem */
	bool cma_cmdline_given;
	/* x86 memblock_find_dma_reserve: pages of ZONE_DMA reserved at paging_init, taken off
	 * the zone's managed estimate in free_area_init_core (dma_reserve, <= 6.6). */
	uint64_t dma_reserve_pages;
	bool initrd_free_partial_end;/* x86 free_initrd_mem: frees up to PAGE_ALIGN(end) */
	struct mg_error *err;
	struct mg_memblock mb;       /* last: its entry arrays are written before they are read */
};

int mg_kernel_derive(struct mg_model_ctx *c);
int mg_layout_banks(struct mg_model_ctx *c);
int mg_layout_static(struct mg_model_ctx *c);
int mg_layout_reserve_dtb(struct mg_model_ctx *c, uint64_t dtb_base, const char *rule);
int mg_layout_reserved_memory(struct mg_model_ctx *c);
int mg_cma_reserve_default(struct mg_model_ctx *c);
int mg_cma_reserve_hugetlb(struct mg_model_ctx *c);
int mg_cma_reserve_pernuma(struct mg_model_ctx *c);
int mg_layout_consumers(struct mg_model_ctx *c, int phase);
/* src/model/page_ext.c: the KASAN shadow (memblock, end of setup_arch) and page_ext (FLATMEM:
 * memblock before mem_init; SPARSEMEM: counted in m->post_boot_alloc_pages). */
int mg_kasan_shadow(struct mg_model_ctx *c);
int mg_page_ext(struct mg_model_ctx *c);
/* The crashkernel= request a kexec-capable kernel acts on: 1 with *p and *tok filled, 0 when
 * there is none (no token, no KEXEC_CORE, size 0), -1 on a malformed token. */
int mg_crashkernel_request(struct mg_model_ctx *c, struct mg_crashkernel_param *p,
			   const struct mg_cmdline_token **tok);
/* page_owner=on on a kernel built with CONFIG_PAGE_OWNER (mm/page_owner.c). */
bool mg_page_owner_enabled(const struct mg_model_ctx *c);
int mg_zones_compute(struct mg_model_ctx *c);
int mg_watermarks_compute(struct mg_model_ctx *c);
int mg_capacity_compute(struct mg_model_ctx *c);
/* x86_64 (src/model/x86.c): the e820 RAM map and setup_arch's reservations in place of
 * mg_layout_banks .. mg_layout_consumers(1); zone spans; mem_init's swiotlb. */
int mg_x86_layout(struct mg_model_ctx *c);
void mg_x86_zone_bounds(struct mg_model_ctx *c);
int mg_x86_mem_init(struct mg_model_ctx *c);
void mg_boot_lines(struct mg_model_ctx *c);
/* 32-bit arm (src/model/arm32.c): lowmem/highmem split and zone spans (zone_bounds), the
 * static reservations of arm_memblock_init (instead of mg_layout_static), paging_init's
 * early allocations and the FLATMEM mem_map (instead of the arm64 page tables / sparse). */
void mg_arm32_zone_bounds(struct mg_model_ctx *c);
int mg_arm32_layout_static(struct mg_model_ctx *c);
int mg_arm32_pagetables(struct mg_model_ctx *c);
int mg_arm32_memmap(struct mg_model_ctx *c);
/* arch/arm/kernel/setup.c: early_mem: mem= replaces the DT banks (from mg_layout_banks). */
int mg_arm32_early_mem(struct mg_model_ctx *c);

/* Helpers shared by the stages. */
int mg_model_add_region(struct mg_model_ctx *c, enum mg_region_kind kind, const char *name,
			uint64_t base, uint64_t size, const struct mg_origin *origin, const char *rule);
void mg_model_note(struct mg_model *m, const char *fmt, ...) MG_PRINTF(2, 3);
/* Top-down memblock allocation of a modelled consumer; records a region. */
int mg_model_alloc(struct mg_model_ctx *c, enum mg_region_kind kind, const char *name,
		   uint64_t size, uint64_t align, uint64_t lo, uint64_t hi, const char *rule,
		   const struct mg_origin *origin, uint64_t *addr);
enum mg_zone_type mg_zone_of(const struct mg_model *m, uint64_t addr);
void mg_origin_builtin(struct mg_origin *o, const char *what);

#endif
