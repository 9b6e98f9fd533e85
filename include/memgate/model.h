/* memgate: the boot-time memory model.
 *
 * From a loaded board, predict the split of RAM exactly as the kernel makes it, in the kernel's
 * own order: memory banks -> static reservations -> dynamic /reserved-memory -> CMA -> the other
 * boot-time consumers -> zones and managed pages at each boot phase -> mobility grouping ->
 * min_free_kbytes and per-zone watermarks -> capacity.  Per-version behaviour comes from one
 * table (src/model/kver.c); every number keeps its sources and the kernel rule it came from. */
#ifndef MEMGATE_MODEL_H
#define MEMGATE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "error.h"

enum mg_arch { MG_ARCH_ARM64, MG_ARCH_ARM, MG_ARCH_RISCV64, MG_ARCH_X86_64 };

/* Zone order as the kernel's enum zone_type; names exactly as /proc/zoneinfo prints them. */
enum mg_zone_type {
	MG_ZONE_DMA,
	MG_ZONE_DMA32,
	MG_ZONE_NORMAL,
	MG_ZONE_HIGHMEM,
	MG_ZONE_MOVABLE,
	MG_NR_ZONES
};
const char *mg_zone_name(enum mg_zone_type z);

/* One row of the per-version table: the switches that differ between kernel versions. */
struct mg_kver;

/* Constants of the kernel build, derived from .config (and the table). */
struct mg_kernel {
	uint32_t kv;                  /* MG_KV(version, patchlevel, sublevel) */
	char version_text[64];
	enum mg_arch arch;
	const char *arch_name;        /* "arm64", ... */
	const struct mg_kver *rules;  /* the table row for kv */
	unsigned page_shift;
	uint64_t page_size_bytes;
	unsigned max_order;           /* largest buddy order K (MAX_PAGE_ORDER; inclusive) */
	unsigned pageblock_order;
	uint64_t pageblock_pages;
	uint64_t cma_align_bytes;     /* minimum CMA alignment (mm/cma.c) */
	unsigned migrate_types;       /* MIGRATE_TYPES (4 + CMA + ISOLATION) */
	bool zone_dma, zone_dma32, highmem;
	bool cma, dma_cma;
	bool thp_built, hugetlb_page;
	bool thp_enabled;             /* "always"/"madvise" after Kconfig + cmdline */
	char thp_mode[16];            /* "always", "madvise", "never", "off" (not built) */
	unsigned struct_page_bytes;
	unsigned section_size_bits;
	unsigned nr_cpus;             /* possible CPUs: DT cpus capped by NR_CPUS / nr_cpus= */
	bool deferred_struct_page_init; /* "Memory:" available is printed before most pages are freed */
	/* Facts of the version row that readers of a model need (verify, reports). */
	bool lowmem_reserve_gfp_zone; /* 5.8+: lowmem_reserve indexed by gfp_zone, not the preferred zone */
	bool proactive_compaction;    /* 5.9+: kcompactd may move movable pages into CMA */
};

enum mg_region_kind {
	MG_REGION_KERNEL,        /* kernel image */
	MG_REGION_DTB,           /* the flattened DT blob */
	MG_REGION_INITRD,
	MG_REGION_MEMRESERVE,    /* /memreserve/ */
	MG_REGION_RMEM,          /* /reserved-memory static (reg) */
	MG_REGION_RMEM_DYNAMIC,  /* /reserved-memory dynamic (size) */
	MG_REGION_CMA,           /* a CMA area (default, DT pool, hugetlb, per-node) */
	MG_REGION_CRASHKERNEL,
	MG_REGION_SWIOTLB,
	MG_REGION_MEMMAP,        /* struct page array and sparse metadata */
	MG_REGION_PAGETABLES,    /* linear-map page tables */
	MG_REGION_PERCPU,
	MG_REGION_HASHES,        /* dentry + inode hash tables */
	MG_REGION_DT_UNFLATTEN,
	MG_REGION_LOGBUF,
	MG_REGION_HUGEPAGES,     /* gigantic boot-time hugepages */
	MG_REGION_KFENCE,
	MG_REGION_KASAN,         /* KASAN shadow of the linear map (and kernel image) */
	MG_REGION_PAGE_EXT,      /* page_ext array from memblock (FLATMEM page_ext_init_flatmem) */
	MG_REGION_CALIBRATED,    /* calibration residue from a real boot */
	MG_REGION_OTHER,
};
const char *mg_region_kind_name(enum mg_region_kind k);

struct mg_region {
	char name[128];
	enum mg_region_kind kind;
	uint64_t base;               /* physical address (where the kernel puts it) */
	uint64_t size_bytes;
	bool nomap;                  /* never mapped: present but never managed */
	bool removed;                /* removed from memblock.memory: not even present */
	bool freed_after_boot;       /* given back before userspace (initrd, __init) */
	bool estimated;              /* size estimated (no System.map / calibration) */
	struct mg_origin origin;     /* what declared it */
	char rule[160];              /* the kernel rule that placed/sized it */
};

struct mg_cma_area {
	char name[128];              /* "reserved" for the default area, else DT node name */
	uint64_t requested_bytes;
	uint64_t size_bytes;         /* after alignment (0 when the reservation failed) */
	uint64_t base;
	bool is_default;
	bool reserved;               /* reservation succeeded */
	bool activated;              /* released to the buddy allocator at core_initcall */
	enum mg_zone_type zone;
	struct mg_origin origin;
	char rule[200];              /* why this size/placement (precedence, alignment) */
	char failure[200];           /* the kernel's message when it failed ("" if none) */
	uint64_t failed_bytes;       /* size in the err: label's "Failed to reserve" line (0: none) */
};

struct mg_zone {
	enum mg_zone_type type;
	bool configured;             /* CONFIG_ZONE_* gives the kernel this zone */
	uint64_t start_pfn, end_pfn; /* span (end exclusive) */
	uint64_t present_pages;
	uint64_t managed_build_pages;/* estimate at build_all_zonelists */
	uint64_t managed_boot_pages; /* at mem_init: released by memblock_free_all */
	uint64_t managed_post_pages; /* + activated CMA (core_initcall) */
	uint64_t managed_pages;      /* final: + __init, initrd, boot hugepages freed */
	uint64_t cma_pages;
	uint64_t min_pages, low_pages, high_pages, promo_pages;
	uint64_t lowmem_reserve_pages[MG_NR_ZONES];
	/* Largest watermark boost a fallback steal can add to min/low/high (mm/page_alloc.c:
	 * boost_watermark, 5.0+): 0 when the zone is too small to boost. */
	uint64_t boost_max_pages;
	/* Pages the per-CPU free lists may hold over all CPUs (mm/page_alloc.c: zone_highsize,
	 * 5.14+: the low watermark split over the CPUs; before: 6 * batch per CPU). */
	uint64_t pcp_high_pages;
};

/* One step in how min_free_kbytes came to be (default, THP raise, sysctl). */
struct mg_wmark_step {
	char what[96];               /* "init_per_zone_wmark_min (postcore)" */
	uint64_t min_free_kbytes;
	char rule[200];              /* formula with the numbers */
	struct mg_origin origin;
};

#define MG_MAX_REGIONS 512
#define MG_MAX_CMA_AREAS 32
#define MG_MAX_BOOT_LINES 32
#define MG_MAX_NOTES 64
#define MG_MAX_WMARK_STEPS 8

/* Inputs the model takes besides the board (for RAM variants and fix re-checks). */
struct mg_model_options {
	bool has_ram_override;       /* evaluate with this much RAM (first bank resized) */
	uint64_t ram_bytes;
	const char *extra_cmdline;   /* appended to the effective command line (fix checks) */
	bool ignore_calibration;
};

struct mg_model {
	struct mg_kernel k;
	char cmdline[4096];          /* effective, after extra_cmdline */

	struct mg_range banks[64];   /* memblock.memory after mem=/usable-memory/limits */
	size_t nbanks;
	uint64_t ram_bytes;          /* sum of banks as declared (before no-map removal) */

	size_t nregions;             /* regions[] below */
	size_t ncma;                 /* cma[] below */

	struct mg_zone zones[MG_NR_ZONES];

	uint64_t present_pages;      /* physpages */
	uint64_t totalram_boot_pages;/* released at mem_init ("available" basis) */
	uint64_t cma_total_pages;    /* totalcma_pages after activation (CmaTotal) */
	uint64_t cma_boot_pages;     /* totalcma_pages at the "Memory:" line: every reserved area,
	                                before 5.15+ gives back areas that fail to activate */
	uint64_t memtotal_pages;     /* final managed = MemTotal */
	uint64_t reserved_boot_pages;/* "Memory:" line reserved column */
	uint64_t reserved_final_pages; /* present - managed after boot ("pages reserved") */

	bool mobility_grouping;
	uint64_t grouping_total_pages;     /* vm_total_pages at build_all_zonelists */
	uint64_t grouping_threshold_pages; /* pageblock_nr_pages * MIGRATE_TYPES */

	uint64_t min_free_kbytes;
	uint64_t watermark_scale_factor;
	struct mg_wmark_step wmark_steps[MG_MAX_WMARK_STEPS];
	size_t nwmark_steps;

	/* Capacity (issue "The boot-time memory model" §9), on top of the profile baseline. */
	int64_t capacity_unmovable_kb;
	int64_t capacity_movable_kb;
	/* The same in the worst case the kernel reaches at run time: every boostable zone's
	 * watermarks boosted to the maximum (after external-fragmentation events, cleared only when
	 * kswapd balances) and the per-CPU free lists full (pages there are not in NR_FREE_PAGES). */
	int64_t capacity_unmovable_worst_kb;
	int64_t capacity_movable_worst_kb;
	size_t ncapacity_cma;        /* capacity_cma[] below */
	enum mg_zone_type oom_zone;  /* the zone whose min is the binding floor */

	/* page_ext (mm/page_ext.c): allocated only when a client's need() is true. */
	uint64_t page_ext_bytes;     /* total_usage: "allocated %ld bytes of page_ext" (0: none) */
	unsigned page_ext_entry_bytes; /* page_ext_size: flags word + the needed clients' data */
	bool page_ext_flatmem;       /* FLATMEM: a memblock region before mem_init (managed shrinks) */
	/* Pages the kernel takes from the buddy allocator after "Memory:" and before userspace
	 * (SPARSEMEM page_ext, page_ext_init): counted in MemTotal, never free; capacity subtracts
	 * them like the profile baseline. */
	uint64_t post_boot_alloc_pages;

	size_t nboot_lines;          /* boot_lines[] below */
	size_t nnotes;               /* notes[] below */

	/* The entry arrays (~460 KiB) come last: mg_model_run clears everything before them and
	 * writes each entry whole when it adds it, so only entries below their count are valid. */
	struct mg_region regions[MG_MAX_REGIONS];
	struct mg_cma_area cma[MG_MAX_CMA_AREAS];
	struct { char pool[128]; int64_t kb; } capacity_cma[MG_MAX_CMA_AREAS];
	char boot_lines[MG_MAX_BOOT_LINES][256];
	char notes[MG_MAX_NOTES][320]; /* assumptions and estimates the reader should know */
};

/* Run the model.  *m is fully overwritten.  Errors: input errors (a region outside 64 bits,
 * a .config without version header, an unsupported arch/version) and internal errors. */
int mg_model_run(struct mg_model *m, const struct mg_board *b, const struct mg_model_options *opt,
		 struct mg_error *err);

static inline uint64_t mg_pages_to_kb(const struct mg_model *m, uint64_t pages)
{
	return pages << (m->k.page_shift - 10);
}

#endif
