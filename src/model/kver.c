/* The per-version table: every kernel behaviour that changed between 4.19 and 6.12, as data.
 *
 * Sources (read in kernel source at these snapshots, see the appendices of the reference notes):
 * 4.19.72, 5.4.188, 5.6.4, 5.8.18, 5.10.7, 5.10.89, 5.15.135, 6.1.20, 6.6.9, 6.12.0.
 * Where a change was seen only between two snapshots, the row boundary is the mainline
 * release named in the change's commit/stable mail; the comment says when that is unconfirmed. */
#include "model_internal.h"

/* Watermark boost (mm/page_alloc.c: boost_watermark) arrived in 5.0 (1c30844d2dfe); absent in 4.19.72.
 * Switches common to every row are spelled out in each row on purpose: a reader checking
 * one version sees all of its behaviour in one place. */
#define CAP_64K 65536u   /* mm/page_alloc.c: init_per_zone_wmark_min clamp, <= 5.6 */
#define CAP_256K 262144u /* "mm/page_alloc: increase default min_free_kbytes bound", 5.7 */

static const struct mg_kver table[] = {
	/* 4.19.0-4.19.141: init_per_zone_wmark_min is a core_initcall that links before
	 * mm/cma.o, so CMA is not yet managed (commit e08d3fdfe2da message). */
	{ MG_KV(4, 19, 0), MG_KV(4, 19, 142), "4.19 (< 4.19.142)",
	  .wmark_postcore = false, .min_free_kbytes_cap = CAP_64K,
	  .page_owner_bytes = 12, .page_ext_guard = true,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA32_ONLY, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 4.19.142+: e08d3fdfe2da backported ("[PATCH 4.19 12/71]"): postcore, CMA counted. */
	{ MG_KV(4, 19, 142), MG_KV(4, 20, 0), "4.19 (>= 4.19.142)",
	  .wmark_postcore = true, .min_free_kbytes_cap = CAP_64K,
	  .page_owner_bytes = 12, .page_ext_guard = true,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA32_ONLY, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 4.20-5.4.60: core_initcall.  5.0-5.3: guard pages still a page_ext client (removed by
	 * 3972f6bb1cd6 for 5.4; 5.0-5.3 unconfirmed). */
	{ MG_KV(4, 20, 0), MG_KV(5, 4, 0), "5.0-5.3",
	  .watermark_boost = true, .wmark_postcore = false, .min_free_kbytes_cap = CAP_64K,
	  .page_owner_bytes = 12, .page_ext_guard = true,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA32_ONLY, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.4.0-5.4.60: as 5.0-5.3; struct page_owner gains free_handle (seen in 5.4.188, absent
	 * in 4.19.72); debug_pagealloc guard pages leave page_ext (absent in 5.4.188). */
	{ MG_KV(5, 4, 0), MG_KV(5, 4, 61), "5.4 (< 5.4.61)",
	  .watermark_boost = true, .wmark_postcore = false, .min_free_kbytes_cap = CAP_64K,
	  .page_owner_bytes = 16,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA32_ONLY, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.4.61+: postcore (named in the 5.4.61 release announcement).  The 5.4.188 snapshot
	 * still removes no-map regions and keeps DT CMA defaults over cma=. */
	{ MG_KV(5, 4, 61), MG_KV(5, 5, 0), "5.4 (>= 5.4.61)",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_64K,
	  .page_owner_bytes = 16,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA32_ONLY, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.5: 1a8e1cef7603 "arm64: use both ZONE_DMA and ZONE_DMA32" (first seen in 5.6.4;
	 * 5.5 unconfirmed). */
	{ MG_KV(5, 5, 0), MG_KV(5, 6, 0), "5.5",
	  .watermark_boost = true, .wmark_postcore = false, .min_free_kbytes_cap = CAP_64K,
	  .page_owner_bytes = 16,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA_30BIT, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.6: rmem_cma_setup bypasses a linux,cma-default node when cma= is given (5.6.4). */
	{ MG_KV(5, 6, 0), MG_KV(5, 7, 0), "5.6",
	  .watermark_boost = true, .wmark_postcore = false, .min_free_kbytes_cap = CAP_64K, .cmdline_cma_bypasses_dt = true,
	  .page_owner_bytes = 16,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA_30BIT, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.7: cap 262144 (between 5.6.4 and 5.8.18; 5.7 unconfirmed); postcore via the
	 * "[PATCH 5.7 014/124]" backport (early 5.7.y sublevels differ: unconfirmed which). */
	{ MG_KV(5, 7, 0), MG_KV(5, 8, 0), "5.7",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .page_owner_bytes = 16,
	  .hugetlb_cma = true,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA_30BIT, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.8: sysctl.*= on the command line (3db978d480e2), lowmem_reserve index = gfp_zone
	 * (3334a45eb9e2), kernel/dma/pool.c atomic pools. */
	{ MG_KV(5, 8, 0), MG_KV(5, 9, 0), "5.8",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .page_owner_bytes = 16,
	  .hugetlb_cma = true,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA_30BIT, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.9: proactive compaction (kcompactd, vm.compaction_proactiveness). */
	{ MG_KV(5, 9, 0), MG_KV(5, 10, 0), "5.9",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .page_owner_bytes = 16,
	  .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA_30BIT, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.10.0-5.10.88: lowmem_reserve is 0 for an empty lower zone (5.10.7).
	 * 5.10: sparse_buffer_init aligns the memmap buffer to section_map_size() (PAGE_SIZE in
	 * 5.4.188, section_map_size in 5.10.89; the release between is unconfirmed). */
	{ MG_KV(5, 10, 0), MG_KV(5, 10, 89), "5.10 (< 5.10.89)",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true,
	  .page_owner_bytes = 16,
	  .sparse_buffer_section_aligned = true, .printk_ringbuffer = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA_30BIT, .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN,
	  .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.10.89+: the 5.10.89 snapshot carries the no-map NOMAP change and 8424ecdde7df
	 * (ZONE_DMA from DT dma-ranges, CMA reserved after sparse_init).  Which sublevel between
	 * 5.10.7 and 5.10.89 took each is unconfirmed. */
	{ MG_KV(5, 10, 89), MG_KV(5, 11, 0), "5.10 (>= 5.10.89)",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true,
	  .page_owner_bytes = 16,
	  .sparse_buffer_section_aligned = true, .printk_ringbuffer = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.11: 8424ecdde7df in mainline; no-map still removes (NOMAP from 5.12, unconfirmed).
	 * struct page_owner gains ts_nsec and pid: 32 bytes (5.11.0, 5.12.9). */
	{ MG_KV(5, 11, 0), MG_KV(5, 12, 0), "5.11",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true,
	  .page_owner_bytes = 32,
	  .sparse_buffer_section_aligned = true, .printk_ringbuffer = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 30, .arm64_section_bits_4k16k = 30,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.12: mm_init's stack_depot_init takes the stack depot hash table (8 << STACK_HASH_ORDER
	 * bytes, 8 MiB by default) from memblock whenever STACKDEPOT is built (lib/stackdepot.c,
	 * 5.12.9 read; a static array in .bss in 5.11).
	 * 5.12: no-map -> NOMAP, KFENCE, arm64 SECTION_SIZE_BITS 29 (64K) / 27 (4K, 16K)
	 * (arch/arm64/include/asm/sparsemem.h; 5.12 unconfirmed, seen in 5.15.135). */
	{ MG_KV(5, 12, 0), MG_KV(5, 13, 0), "5.12",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .kfence = true,
	  .page_owner_bytes = 32,
	  .stackdepot = MG_STACKDEPOT_ALWAYS,
	  .sparse_buffer_section_aligned = true, .printk_ringbuffer = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.13: a dynamic (size) no-map region is marked NOMAP instead of removed
	 * (drivers/of/of_reserved_mem.c: early_init_dt_alloc_reserved_memory_arch; removed in
	 * 5.12.9 and in 5.10.223 — booted — marked in 5.14; 5.13 unconfirmed).
	 * 5.13: struct page_owner gains free_ts_nsec (40 bytes) and page_owner= takes kstrtobool
	 * (both absent in 5.12.9, present in 5.14-rc5; 5.13 unconfirmed).
	 * 5.13: x86 reserve_real_mode reserves all of [0, 1 MiB) (f1d4d47c5851 "x86/setup: always
	 * reserve the first 1M of RAM", mainline 5.13; stable backports unconfirmed). */
	{ MG_KV(5, 13, 0), MG_KV(5, 14, 0), "5.13",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .page_owner_bytes = 40, .page_owner_kstrtobool = true,
	  .stackdepot = MG_STACKDEPOT_ALWAYS,
	  .sparse_buffer_section_aligned = true, .printk_ringbuffer = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.14: zone_batchsize caps at 1 MiB of pages (512 KiB before) and pcp->high follows the
	 * low watermark (zone_highsize). */
	{ MG_KV(5, 14, 0), MG_KV(5, 15, 0), "5.14",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .page_owner_bytes = 40, .page_owner_kstrtobool = true,
	  .stackdepot = MG_STACKDEPOT_ALWAYS,
	  .sparse_buffer_section_aligned = true, .printk_ringbuffer = true, .pcp_high_from_low = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_TOPDOWN, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.15: CMA tries bottom-up above 4 GiB after the highmem step; an area that cannot be
	 * activated is released; arm64 reserves [_stext, _end). */
	{ MG_KV(5, 15, 0), MG_KV(5, 16, 0), "5.15",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .page_owner_bytes = 40, .page_owner_kstrtobool = true,
	  .stackdepot = MG_STACKDEPOT_ALWAYS,
	  .sparse_buffer_section_aligned = true, .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.16: a01f43901cfb "hugetlb: be sure to free demoted CMA pages to CMA" aligns hugetlb_cma
	 * to PAGE_SIZE << HUGETLB_PAGE_ORDER, not to the gigantic page (5.14 and 5.17 read). */
	{ MG_KV(5, 16, 0), MG_KV(5, 17, 0), "5.16",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .page_owner_bytes = 40, .page_owner_kstrtobool = true,
	  .stackdepot = MG_STACKDEPOT_ALWAYS,
	  .sparse_buffer_section_aligned = true, .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.17: the stack depot hash table is allocated only on request (stack_depot_early_init;
	 * 5.17 read). */
	{ MG_KV(5, 17, 0), MG_KV(5, 18, 0), "5.17",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .page_owner_bytes = 40, .page_owner_kstrtobool = true,
	  .sparse_buffer_section_aligned = true, .stackdepot = MG_STACKDEPOT_EARLY_FIXED,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 5.18: struct page_owner gains comm[16] and tgid, 56 bytes (absent in 5.17-rc5, present in
	 * 5.19.0; 5.18 unconfirmed).
	 * 5.18: CMA_MIN_ALIGNMENT_BYTES = pageblock; pageblock_order <= MAX_ORDER-1 (both seen
	 * first in 6.1.20; 5.18 unconfirmed). */
	{ MG_KV(5, 18, 0), MG_KV(6, 0, 0), "5.18-5.19",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .page_owner_bytes = 56, .page_owner_kstrtobool = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_FIXED,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 6.0: the early stack depot table comes from alloc_large_system_hash("stackdepot") (5.19
	 * memblock_alloc, 6.0-rc1 alloc_large_system_hash). */
	{ MG_KV(6, 0, 0), MG_KV(6, 1, 0), "6.0",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .page_owner_bytes = 56, .page_owner_kstrtobool = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH8,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 6.1: WMARK_PROMO; THP off recomputes min_free_kbytes; only okay root-level memory
	 * nodes are scanned. */
	{ MG_KV(6, 1, 0), MG_KV(6, 2, 0), "6.1",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .page_owner_bytes = 56, .page_owner_kstrtobool = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH8,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 6.2: page_ext keeps its flags word only for a client with need_shared_flags (absent in
	 * 6.1.20, present in 6.6.9; 6.2 unconfirmed). */
	{ MG_KV(6, 2, 0), MG_KV(6, 4, 0), "6.2-6.3",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .page_owner_bytes = 56, .page_owner_kstrtobool = true, .page_ext_shared_flags_only = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH8,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 6.4: 23baf831a32c "mm, treewide: redefine MAX_ORDER sanely" (inclusive). */
	{ MG_KV(6, 4, 0), MG_KV(6, 6, 0), "6.4-6.5",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .max_order_inclusive = true,
	  .page_owner_bytes = 56, .page_owner_kstrtobool = true, .page_ext_shared_flags_only = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH8,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G, .arm64_swiotlb = MG_SWIOTLB_ABOVE_DMA_LIMIT },
	/* 6.6: ZONE_MOVABLE left out of lowmem; /reserved-memory scanned before /memreserve/;
	 * CMA bottom-up >= 4 GiB first; arm64 swiotlb always (DMA_BOUNCE_UNALIGNED_KMALLOC). */
	{ MG_KV(6, 6, 0), MG_KV(6, 7, 0), "6.6",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .max_order_inclusive = true, .movable_not_lowmem = true, .rmem_before_memreserve = true, .rmem_alloc_adjacent = true,
	  .memory_line_on_node = true,
	  .page_owner_bytes = 56, .page_owner_kstrtobool = true, .page_ext_shared_flags_only = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH8,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .cma_numa_in_contiguous = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_BOTTOMUP4G_FIRST, .arm64_swiotlb = MG_SWIOTLB_ALWAYS },
	/* 6.7: struct page_owner gains free_pid and free_tgid (absent in 6.6.9, present in
	 * 6.8.0; 6.7 unconfirmed). */
	{ MG_KV(6, 7, 0), MG_KV(6, 8, 0), "6.7",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .max_order_inclusive = true, .movable_not_lowmem = true, .rmem_before_memreserve = true, .rmem_alloc_adjacent = true,
	  .memory_line_on_node = true,
	  .page_owner_bytes = 64, .page_owner_kstrtobool = true, .page_ext_shared_flags_only = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH8,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .cma_numa_in_contiguous = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_BOTTOMUP4G_FIRST, .arm64_swiotlb = MG_SWIOTLB_ALWAYS },
	/* 6.8: stack depot buckets become struct list_head (6.6.9 a pointer, 6.8.0 a list_head). */
	{ MG_KV(6, 8, 0), MG_KV(6, 9, 0), "6.8",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .max_order_inclusive = true, .movable_not_lowmem = true, .rmem_before_memreserve = true, .rmem_alloc_adjacent = true,
	  .memory_line_on_node = true,
	  .page_owner_bytes = 64, .page_owner_kstrtobool = true, .page_ext_shared_flags_only = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH16,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .cma_numa_in_contiguous = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_BOTTOMUP4G_FIRST, .arm64_swiotlb = MG_SWIOTLB_ALWAYS },
	/* 6.9: 96a5c186efff: lowmem_reserve 0 when the upper zone is empty (6.9 unconfirmed). */
	{ MG_KV(6, 9, 0), MG_KV(6, 10, 0), "6.9",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .max_order_inclusive = true, .movable_not_lowmem = true, .rmem_before_memreserve = true, .rmem_alloc_adjacent = true,
	  .memory_line_on_node = true, .lowmem_reserve_skip_empty_upper = true,
	  .page_owner_bytes = 64, .page_owner_kstrtobool = true, .page_ext_shared_flags_only = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH16,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .cma_numa_in_contiguous = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .hugetlb_cma_pmd_align = true,
	  .cma_search = MG_CMA_SEARCH_BOTTOMUP4G_FIRST, .arm64_swiotlb = MG_SWIOTLB_ALWAYS },
	/* 6.10: hugetlb_cma aligned to the gigantic page again ("mm/hugetlb: align cma on
	 * allocation order, not demotion order"; PMD in 6.8.0, gigantic in 6.12.0 and in a booted
	 * 6.12.117; 6.10 unconfirmed). */
	{ MG_KV(6, 10, 0), MG_KV(6, 12, 0), "6.10-6.11",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .max_order_inclusive = true, .movable_not_lowmem = true, .rmem_before_memreserve = true, .rmem_alloc_adjacent = true,
	  .memory_line_on_node = true, .lowmem_reserve_skip_empty_upper = true,
	  .page_owner_bytes = 64, .page_owner_kstrtobool = true, .page_ext_shared_flags_only = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH16,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .cma_numa_in_contiguous = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .cma_search = MG_CMA_SEARCH_BOTTOMUP4G_FIRST, .arm64_swiotlb = MG_SWIOTLB_ALWAYS },
	/* 6.12.0-6.12.18: pageblock = PMD order with THP and no HUGETLB; no memmap estimate at
	 * build_all_zonelists; small arm64 swiotlb when not needed for addressing.  The Memory:
	 * line is printed from page_alloc_init_late (mm/mm_init.c; in mm_core_init in 6.8, 6.9-6.11
	 * unconfirmed). */
	{ MG_KV(6, 12, 0), MG_KV(6, 12, 19), "6.12 (< 6.12.19)",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true, .image_from_stext = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .max_order_inclusive = true, .movable_not_lowmem = true, .rmem_before_memreserve = true, .rmem_alloc_adjacent = true,
	  .memory_line_on_node = true, .lowmem_reserve_skip_empty_upper = true,
	  .thp_anon_cmdline = true, .memory_line_late = true, .pageblock_thp_order = true, .build_managed_is_present = true,
	  .page_owner_bytes = 64, .page_owner_kstrtobool = true, .page_ext_shared_flags_only = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH16,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .cma_numa_in_contiguous = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .cma_search = MG_CMA_SEARCH_BOTTOMUP4G_FIRST, .arm64_swiotlb = MG_SWIOTLB_ALWAYS_SMALL },
	/* 6.12.19+: eae116d1f044 reverts the empty-upper-zone rule ("[PATCH 6.12 102/269]",
	 * sublevel unconfirmed).  arm64 reserves [_text, _end) again: 6.12.0 reserves from _stext,
	 * 6.12.117 (Debian trixie, booted) from _text; the sublevel between is unconfirmed and taken
	 * at this row.  Later mainline kernels are treated as 6.12 (noted in reports). */
	{ MG_KV(6, 12, 19), MG_KV(7, 0, 0), "6.12 (>= 6.12.19)",
	  .watermark_boost = true, .wmark_postcore = true, .min_free_kbytes_cap = CAP_256K, .cmdline_cma_bypasses_dt = true,
	  .cmdline_sysctl = true, .lowmem_reserve_gfp_zone = true, .dma_atomic_pools = true,
	  .lowmem_reserve_skip_empty_lower = true, .dt_nomap_marks = true, .dt_dynamic_nomap_marks = true, .kfence = true, .x86_reserve_low_1m = true,
	  .cma_activate_fail_releases = true,
	  .cma_align_pageblock = true, .pageblock_clamped = true,
	  .has_promo = true, .thp_off_recalc = true, .memory_nodes_root_only = true,
	  .max_order_inclusive = true, .movable_not_lowmem = true, .rmem_before_memreserve = true, .rmem_alloc_adjacent = true,
	  .memory_line_on_node = true,
	  .thp_anon_cmdline = true, .memory_line_late = true, .pageblock_thp_order = true, .build_managed_is_present = true,
	  .page_owner_bytes = 64, .page_owner_kstrtobool = true, .page_ext_shared_flags_only = true,
	  .sparse_buffer_section_aligned = true, .page_owner_early_stackdepot = true, .stackdepot = MG_STACKDEPOT_EARLY_HASH16,
	  .printk_ringbuffer = true, .swiotlb_slot_24 = true, .pcp_high_from_low = true, .proactive_compaction = true, .cma_numa_in_contiguous = true, .hugetlb_cma = true,
	  .arm64_section_bits_64k = 29, .arm64_section_bits_4k16k = 27,
	  .arm64_dma = MG_ARM64_DMA_FROM_DT, .arm64_cma_after_memmap = true,
	  .cma_search = MG_CMA_SEARCH_BOTTOMUP4G_FIRST, .arm64_swiotlb = MG_SWIOTLB_ALWAYS_SMALL },
};

const struct mg_kver *mg_kver_lookup(uint32_t kv)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (kv >= table[i].from && kv < table[i].to)
			return &table[i];
	return NULL;
}

const struct mg_kver *mg_kver_table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}
