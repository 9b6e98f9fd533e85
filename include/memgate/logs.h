/* memgate: what a booted board prints, and OOM reports run backwards.
 *
 * Parsers for dmesg boot lines, /proc/meminfo, /proc/zoneinfo and `sysctl vm` dumps (what
 * `memgate verify` compares with a prediction), for OOM-killer and page-allocation-failure
 * reports (mm/oom_kill.c dump_header, mm/page_alloc.c warn_alloc / show_free_areas,
 * lib/show_mem.c or mm/show_mem.c, 4.19-6.12), and the analysis that re-runs the kernel's
 * watermark check on a report's numbers.  Every value keeps the 1-based line it came from.
 *
 * Input lines are read through mg_log_clean_line(): printk timestamps `[    0.000000]`,
 * caller ids `[    T1]`, syslog `<6>` prefixes, `host kernel: ` syslog/journal prefixes, CR
 * and trailing blanks do not matter; lines we do not know are skipped. */
#ifndef MEMGATE_LOGS_H
#define MEMGATE_LOGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "util.h"

#define MG_LOG_MAX_BYTES (64u << 20) /* a console log larger than this is refused */
#define MG_LOG_MAX_LINE 4096u        /* longer lines are cut (a printk record is <= 1024) */
#define MG_LOG_MAX_ITEMS 4096u       /* cap on CMA areas, ranges, meminfo keys, sysctls ... */

/* A number read from a log, with the line it was on (line 0 and set false when absent). */
struct mg_logval {
	bool set;
	uint64_t value;
	unsigned line;
};

/* Strip what printk, dmesg, syslog and serial consoles put around a kernel message:
 * CR/LF, leading `<N>` level, `[ sec.usec]` timestamp and `[  T123]`/`[ C1]` caller id,
 * `Mon DD HH:MM:SS host kernel: ` syslog/journal prefixes.  Returns the start of the
 * message inside line (not copied) and its length in *msg_len. */
const char *mg_log_clean_line(const char *line, size_t len, size_t *msg_len);

/* ---------------------------------------------------------------- dmesg boot lines */

enum mg_boot_cma_kind {
	MG_BOOT_CMA_RESERVED,     /* mm/cma.c: "cma: Reserved %lu MiB at %pa[ on node %d]" */
	MG_BOOT_CMA_DT_POOL,      /* kernel/dma/contiguous.c rmem_cma_setup: "Reserved memory:
	                             created CMA memory pool at %pa, size %ld MiB" */
	MG_BOOT_CMA_FAILED,       /* "cma: Failed to reserve %ld MiB[ on node %d]" */
};

struct mg_boot_cma {
	enum mg_boot_cma_kind kind;
	uint64_t size_bytes;
	uint64_t base;            /* 0 for FAILED */
	int node;                 /* -1 when not printed (or printed as -1) */
	char name[64];            /* DT pool: node name from the next "OF: reserved mem:
	                             initialized node X" line, else "" */
	unsigned line;
};

/* pr_debug "cma: cma_declare_contiguous[_nid](size %pa, base %pa, limit %pa alignment %pa)" */
struct mg_boot_cma_declare {
	uint64_t size_bytes, base, limit, alignment;
	unsigned line;
};

/* One row of the "Zone ranges:" block: "  DMA32    [mem 0x..-0x..]" or "  Normal   empty". */
struct mg_boot_zone_range {
	char name[16];
	bool empty;
	uint64_t start, end;      /* inclusive end, as printed */
	unsigned line;
};

/* "Freeing %s memory: %ldK" (mm/page_alloc.c free_reserved_area; initrd, unused kernel ...) */
struct mg_boot_freed {
	char what[64];            /* "initrd", "unused kernel", "unused kernel image (initmem)" */
	uint64_t kb;
	unsigned line;
};

/* "HugeTLB[:] registered 2.00 MiB page size, pre-allocated N pages" */
struct mg_boot_hugetlb {
	uint64_t size_kb;
	uint64_t preallocated;
	unsigned line;
};

/* "Dentry cache hash table entries: N (order: O, B bytes[, linear|vmalloc])" */
struct mg_boot_hash {
	bool set;
	uint64_t entries, order, bytes;
	unsigned line;
};

enum mg_tristate { MG_TRI_UNKNOWN = 0, MG_TRI_NO, MG_TRI_YES };

struct mg_bootlog {
	char file[256];
	char version[96];         /* "5.4.74" from "Linux version 5.4.74 (...)" */
	unsigned version_line;
	unsigned ver_major, ver_minor, ver_patch;

	char *cmdline;            /* "Kernel command line: ..." (malloc'd), NULL if absent */
	unsigned cmdline_line;

	struct mg_boot_cma *cma;
	size_t ncma, cma_cap;
	bool hugetlb_cma_pending;   /* "hugetlb_cma: reserve" seen: the next "cma: Reserved" is hugetlb<nid> */
	struct mg_boot_cma_declare *cma_declare;
	size_t ncma_declare, cma_declare_cap;

	/* mm/page_alloc.c (mm/mm_init.c 6.x) mem_init_print_info */
	struct mg_logval mem_available_kb, mem_total_kb, kernel_code_kb, rwdata_kb, rodata_kb,
		init_kb, bss_kb, reserved_kb, cma_reserved_kb, highmem_kb;

	/* build_all_zonelists: "Built %u zonelists, mobility grouping %s.  Total pages: %ld"
	 * (the Total pages part is gone in newer kernels) */
	struct mg_logval zonelists;
	enum mg_tristate mobility_grouping; /* YES = "on", NO = "off" */
	unsigned mobility_grouping_line;
	struct mg_logval total_pages;

	struct mg_boot_zone_range *zone_ranges;
	size_t nzone_ranges, zone_ranges_cap;
	/* "Early memory node ranges" rows "  node   0: [mem 0x..-0x..]" (name = "node0") */
	struct mg_boot_zone_range *node_ranges;
	size_t nnode_ranges, node_ranges_cap;

	/* "software IO TLB: mapped [mem 0x..-0x..] (64MB)" */
	struct mg_logval swiotlb_start, swiotlb_end, swiotlb_mb;

	struct mg_boot_freed *freed;
	size_t nfreed, freed_cap;
	struct mg_logval initrd_freed_kb;        /* sum of "Freeing initrd memory" */
	struct mg_logval unused_kernel_freed_kb; /* sum of "Freeing unused kernel ... memory" */

	/* "percpu: Embedded %zu pages/cpu s%zu r%zu d%zu u%zu" */
	struct mg_logval percpu_pages_per_cpu, percpu_static_bytes, percpu_reserved_bytes,
		percpu_dynamic_bytes, percpu_unit_bytes;

	struct mg_boot_hash dentry_hash, inode_hash;

	struct mg_boot_hugetlb *hugetlb;
	size_t nhugetlb, hugetlb_cap;
};

/* Parse a dmesg text.  Unknown lines are skipped; a recognised line with a malformed number is
 * skipped too (logs are interleaved and cut).  Errors only for out of memory. */
int mg_bootlog_parse_buf(struct mg_bootlog *b, const char *buf, size_t len, const char *file,
			 struct mg_error *err);
int mg_bootlog_load(struct mg_bootlog *b, const char *path, struct mg_error *err);
void mg_bootlog_free(struct mg_bootlog *b);

/* ---------------------------------------------------------------- /proc/meminfo */

struct mg_meminfo_entry {
	char key[40];             /* "MemTotal", "HugePages_Total", "Hugepagesize" */
	uint64_t value;           /* as printed (kB when has_kb, else a count) */
	bool has_kb;
	unsigned line;
};

struct mg_meminfo {
	char file[256];
	struct mg_meminfo_entry *entries;
	size_t nentries, cap;
	/* the ones verify compares (copies of entries, kB unless noted) */
	struct mg_logval mem_total_kb, mem_free_kb, mem_available_kb, cma_total_kb, cma_free_kb,
		hugepages_total, hugepages_free, hugepages_rsvd, hugepages_surp, hugepagesize_kb,
		hugetlb_kb, swap_total_kb, slab_kb, kernel_stack_kb, page_tables_kb;
};

/* "Key:   N kB" / "Key: N" lines (fs/proc/meminfo.c); other lines are an input error only if
 * the file has no such line at all. */
int mg_meminfo_parse_buf(struct mg_meminfo *m, const char *buf, size_t len, const char *file,
			 struct mg_error *err);
int mg_meminfo_load(struct mg_meminfo *m, const char *path, struct mg_error *err);
/* Value of key (exact, case-sensitive), false when absent. */
bool mg_meminfo_get(const struct mg_meminfo *m, const char *key, uint64_t *out);
void mg_meminfo_free(struct mg_meminfo *m);

/* ---------------------------------------------------------------- /proc/zoneinfo */

#define MG_ZONEINFO_MAX_PROTECTION 8
#define MG_ZONEINFO_MAX_STATS 160

struct mg_zoneinfo_stat {
	char key[40];             /* "nr_free_pages", "nr_zone_inactive_anon", "nr_free_cma" */
	uint64_t value;           /* pages (or events) */
	unsigned line;
};

/* One "Node N, zone NAME" block, mm/vmstat.c zoneinfo_show_print.  Values in pages.
 * boost (6.0+), promo (6.1+) and cma (5.12+) are absent in older kernels. */
struct mg_zoneinfo_zone {
	int node;                 /* -1 when the block header had no "Node N," */
	char name[16];
	unsigned line;            /* of the "Node N, zone NAME" header */
	struct mg_logval free, boost, min, low, high, promo, spanned, present, managed, cma;
	size_t nprotection;
	uint64_t protection[MG_ZONEINFO_MAX_PROTECTION]; /* lowmem_reserve[], pages */
	unsigned protection_line;
	struct mg_logval nr_free_cma, start_pfn, node_unreclaimable;
	struct mg_zoneinfo_stat *stats; /* every other "name value" row of the zone */
	size_t nstats, stats_cap;
};

struct mg_zoneinfo {
	char file[256];
	struct mg_zoneinfo_zone *zones;
	size_t nzones, cap;
};

int mg_zoneinfo_parse_buf(struct mg_zoneinfo *z, const char *buf, size_t len, const char *file,
			  struct mg_error *err);
int mg_zoneinfo_load(struct mg_zoneinfo *z, const char *path, struct mg_error *err);
/* The zone block for node/name (node -1 matches any node), or NULL. */
const struct mg_zoneinfo_zone *mg_zoneinfo_find(const struct mg_zoneinfo *z, int node,
						const char *name);
void mg_zoneinfo_free(struct mg_zoneinfo *z);

/* ---------------------------------------------------------------- sysctl dumps */

struct mg_sysctl_dump_entry {
	char key[96];             /* "vm.min_free_kbytes" (a "/proc/sys/vm/x:v" row becomes "vm.x") */
	char value[160];          /* as printed; tabs/multiple blanks collapsed to one space */
	unsigned line;
};

struct mg_sysctl_dump {
	char file[256];
	struct mg_sysctl_dump_entry *entries;
	size_t nentries, cap;
	struct mg_logval min_free_kbytes, watermark_scale_factor, watermark_boost_factor,
		nr_hugepages, overcommit_memory, panic_on_oom;
	size_t nlowmem_reserve_ratio;
	uint64_t lowmem_reserve_ratio[8];
	unsigned lowmem_reserve_ratio_line;
};

/* Output of `sysctl -a` / `sysctl vm` ("key = value"), or `grep . /proc/sys/vm/x` ("path:value"). */
int mg_sysctl_dump_parse_buf(struct mg_sysctl_dump *s, const char *buf, size_t len,
			     const char *file, struct mg_error *err);
int mg_sysctl_dump_load(struct mg_sysctl_dump *s, const char *path, struct mg_error *err);
/* The value of key as an unsigned integer; false when absent or not a number. */
bool mg_sysctl_dump_get_u64(const struct mg_sysctl_dump *s, const char *key, uint64_t *out);
void mg_sysctl_dump_free(struct mg_sysctl_dump *s);

/* ---------------------------------------------------------------- OOM reports */

#define MG_OOM_MAX_REPORTS 256u
#define MG_OOM_MAX_KV 48u        /* key:value pairs kept per node/zone/global line */
#define MG_OOM_MAX_ZONES 16u     /* zone lines per report (nodes x zones) */
#define MG_OOM_MAX_NODES 8u
#define MG_OOM_MAX_ORDERS 16u    /* buddy items: MAX_ORDER <= 15 on every arch we know */
#define MG_OOM_MAX_HUGE 16u
#define MG_OOM_MAX_TASKS 65536u
#define MG_OOM_MAX_RESERVE 8u    /* lowmem_reserve[] entries (MAX_NR_ZONES <= 6) */

enum mg_oom_kind {
	MG_OOM_KILLER,            /* "<comm> invoked oom-killer: gfp_mask=..." */
	MG_OOM_ALLOC_FAILURE,     /* "<comm>: page allocation failure: order:N, mode:..." */
};

struct mg_oom_kv {
	char key[32];             /* as printed: "free", "min", "isolated(anon)", "free_cma" */
	uint64_t value;           /* number as printed; units are the line's (kB or pages) */
};

struct mg_oom_buddy_item {
	uint64_t count;
	uint64_t size_kb;
	char types[8];            /* "UMC": non-empty free lists at that order, "" if none printed */
};

struct mg_oom_zone {
	int node;                 /* -1 when printed without "Node N " (no CONFIG_NUMA) */
	char name[16];
	unsigned line;
	struct mg_oom_kv kv[MG_OOM_MAX_KV]; /* every key:value of the zone line, in kB (as printed) */
	size_t nkv;
	/* the fields the check needs, kB (copies of kv; reserved_highatomic is printed "KB") */
	struct mg_logval free_kb, boost_kb, min_kb, low_kb, high_kb, reserved_highatomic_kb,
		present_kb, managed_kb, free_pcp_kb, free_cma_kb;
	size_t nlowmem_reserve;
	uint64_t lowmem_reserve_pages[MG_OOM_MAX_RESERVE];
	unsigned lowmem_reserve_line; /* 0 when the "lowmem_reserve[]:" line was not seen */
	size_t norders;           /* buddy items (0 when no buddy line was seen) */
	struct mg_oom_buddy_item buddy[MG_OOM_MAX_ORDERS];
	uint64_t buddy_total_kb;
	unsigned buddy_line;
};

struct mg_oom_node {
	int node;
	unsigned line;
	struct mg_oom_kv kv[MG_OOM_MAX_KV]; /* kB */
	size_t nkv;
	enum mg_tristate all_unreclaimable;
};

struct mg_oom_hugepages {
	int node;
	uint64_t total, free, surp, size_kb;
	unsigned line;
};

/* A tasks-table row (values in pages, pgtables in bytes); columns found from the header. */
struct mg_oom_task {
	uint64_t pid, uid, tgid, total_vm, rss, rss_anon, rss_file, rss_shmem, pgtables_bytes,
		swapents;
	int64_t oom_score_adj;
	char name[32];
	unsigned line;
};

struct mg_oom_report {
	enum mg_oom_kind kind;
	unsigned line;            /* of the header */
	char comm[32];
	bool has_gfp;
	uint64_t gfp_mask;
	char gfp_names[256];      /* "GFP_HIGHUSER_MOVABLE" from the %pGg list, "" when absent */
	bool has_order;
	unsigned order;
	bool has_oom_score_adj;
	int64_t oom_score_adj;
	bool header_has_nodemask; /* 4.19 oom-killer header form */
	char kernel_version[64];  /* from the "CPU: n PID: n Comm: x [Not t|T]ainted ... 5.4.74 #14" line */

	unsigned meminfo_line;    /* "Mem-Info:" (0 = block not seen) */
	struct mg_oom_kv global[MG_OOM_MAX_KV]; /* pages */
	size_t nglobal;
	struct mg_oom_node nodes[MG_OOM_MAX_NODES];
	size_t nnodes;
	struct mg_oom_zone zones[MG_OOM_MAX_ZONES];
	size_t nzones;
	struct mg_oom_hugepages huge[MG_OOM_MAX_HUGE];
	size_t nhuge;
	struct mg_logval pagecache_pages, swapcache_pages, free_swap_kb, total_swap_kb;
	struct mg_logval pages_ram, pages_highmem, pages_reserved, pages_cma_reserved,
		pages_hwpoisoned;

	/* memcg OOM: mm/memcontrol.c mem_cgroup_print_oom_meminfo "memory: usage %llukB, limit
	 * %llukB, failcnt %lu" */
	struct mg_logval memcg_usage_kb, memcg_limit_kb, memcg_failcnt;

	unsigned tasks_line;      /* "Tasks state" header (0 = no table) */
	struct mg_oom_task *tasks;
	size_t ntasks, tasks_cap;

	unsigned summary_line;    /* "oom-kill:constraint=..." (>= 5.0) */
	char constraint[32];      /* "CONSTRAINT_NONE", "CONSTRAINT_MEMCG", ... */
	char oom_memcg[128], task_memcg[128], cpuset[128];
	bool global_oom;

	unsigned kill_line;       /* "...: Killed process N (comm) total-vm:..." */
	char kill_reason[64];     /* "Out of memory", "Memory cgroup out of memory" ... */
	uint64_t victim_pid;
	char victim_comm[32];
	struct mg_logval victim_total_vm_kb, victim_anon_rss_kb, victim_file_rss_kb,
		victim_shmem_rss_kb;
	unsigned panic_line;      /* "Kernel panic - not syncing: Out of memory..." */
};

struct mg_oom_log {
	char file[256];
	struct mg_oom_report *reports;
	size_t nreports, cap;
	bool reports_capped;      /* more than MG_OOM_MAX_REPORTS headers: the rest were dropped */
	struct mg_bootlog boot;   /* boot lines found in the same log (mobility grouping, version) */
};

/* Split a console log into reports.  A log with no report header is an input error
 * "no OOM or page allocation failure report found".  A report cut short is kept as it is;
 * mg_oom_explain says what is missing. */
int mg_oom_parse_buf(struct mg_oom_log *log, const char *buf, size_t len, const char *file,
		     struct mg_error *err);
int mg_oom_load(struct mg_oom_log *log, const char *path, struct mg_error *err);
void mg_oom_log_free(struct mg_oom_log *log);

/* ---------------------------------------------------------------- analysis */

/* Migrate types, include/linux/mmzone.h enum order. */
enum mg_migratetype { MG_MT_UNMOVABLE = 0, MG_MT_MOVABLE, MG_MT_RECLAIMABLE };

enum mg_oom_cause {
	MG_OOM_CAUSE_UNKNOWN = 0,          /* numbers missing, or every zone passes */
	MG_OOM_CAUSE_CMA_UNMOVABLE,        /* non-CMA part below min; request could not use CMA */
	MG_OOM_CAUSE_CMA_GROUPING_OFF,     /* movable request, but grouping off => no ALLOC_CMA */
	MG_OOM_CAUSE_LOWMEM,               /* free (CMA counted or not) at or below min */
	MG_OOM_CAUSE_FRAGMENTATION,        /* order > 0: above min but no free block that large */
	MG_OOM_CAUSE_MEMCG,                /* a memory cgroup hit its limit */
	MG_OOM_CAUSE_CONSTRAINED,          /* cpuset / mempolicy constrained and zones pass */
};

/* The kernel's zone check (mm/page_alloc.c __zone_watermark_ok) on one zone, in kB:
 *   usable = free - ((1 << order) - 1) pages - highatomic (unless reserves)
 *            - free_cma (unless ALLOC_CMA)
 *   fails when usable <= mark + lowmem_reserve[classzone] */
struct mg_oom_zone_check {
	int node;
	char zone[16];
	unsigned line;
	int zone_idx;             /* index in the report's zone layout, -1 unknown */
	bool complete;            /* free and min were printed */
	uint64_t free_kb, free_cma_kb, order_adjust_kb, highatomic_kb;
	bool cma_subtracted, highatomic_subtracted;
	uint64_t usable_kb;       /* free minus everything subtracted (saturates at 0) */
	uint64_t min_kb;          /* the printed min */
	uint64_t mark_kb;         /* min after __GFP_HIGH / atomic reductions */
	uint64_t lowmem_reserve_pages, lowmem_reserve_kb;
	bool reserve_known;
	uint64_t threshold_kb;    /* mark + lowmem_reserve */
	bool fails;
	uint64_t shortfall_kb;    /* threshold - usable + page when failing (what a pass needed) */
	bool would_pass_with_cma; /* fails only because free_cma was subtracted */
	/* order > 0: a free block of >= order in a list the request may use */
	bool block_checked, block_available;
	uint64_t present_kb, managed_kb; /* copies for --board cross-checking */
	uint64_t low_kb, high_kb, boost_kb;
};

#define MG_OOM_MAX_MISSING 16u

struct mg_oom_explain_opts {
	/* Mobility grouping from a board prediction: MG_TRI_UNKNOWN = find it in the log or infer */
	enum mg_tristate grouping;
	const char *grouping_source;  /* e.g. "board prediction boards/e2000q" */
	uint64_t page_kb;             /* 0 = derive from the buddy lines */
};

struct mg_oom_analysis {
	size_t report_index;
	enum mg_oom_kind kind;
	unsigned line;
	char comm[32];
	char kernel_version[64];      /* "" when not found */
	bool gfp_known;
	uint64_t gfp_mask;
	char gfp_names[256];          /* symbolic list: as printed, else decoded by us */
	bool gfp_names_decoded;       /* true when we decoded the hex (no list was printed) */
	char gfp_flags[512];          /* every __GFP_ bit of the mask, "|"-joined */
	unsigned order;
	bool order_known;
	enum mg_migratetype requested_mt;  /* from __GFP_MOVABLE / __GFP_RECLAIMABLE */
	enum mg_migratetype effective_mt;  /* after page_group_by_mobility_disabled */
	char highest_zone[16];        /* gfp_zone(mask) name */
	enum mg_tristate grouping;
	bool grouping_inferred;
	char grouping_source[192];
	bool alloc_cma;
	char alloc_cma_reason[256];
	bool high, atomic_harder;     /* min reductions applied */
	uint64_t page_kb;
	bool page_kb_derived;
	bool reserve_index_is_gfp_zone; /* >= 5.8: gfp_zone; <= 5.7: preferred zone */
	struct mg_oom_zone_check zones[MG_OOM_MAX_ZONES]; /* zones on the allocation's path */
	size_t nzones;
	enum mg_oom_cause cause;
	char cause_text[768];
	char fix_text[512];
	/* memcg / kill summary */
	char constraint[32];
	char memcg[128];
	struct mg_logval memcg_usage_kb, memcg_limit_kb;
	uint64_t victim_pid;
	char victim_comm[32];
	uint64_t victim_anon_rss_kb;
	size_t ntasks;
	uint64_t tasks_rss_pages;     /* sum of the table's rss column */
	bool panicked;
	char missing[MG_OOM_MAX_MISSING][64]; /* what the report lacked, e.g. "zone lines" */
	size_t nmissing;
};

/* Analyse every report of log.  *out (malloc'd, caller frees) gets one entry per report.
 * opts may be NULL.  Errors: no reports (input), out of memory (internal). */
int mg_oom_explain(const struct mg_oom_log *log, const struct mg_oom_explain_opts *opts,
		   struct mg_oom_analysis **out, size_t *n, struct mg_error *err);

/* Decode a gfp mask into "|"-joined __GFP_ names for kernel major.minor (0.0 = newest
 * layout); unknown bits are printed as hex.  Returns buf. */
const char *mg_gfp_decode(uint64_t mask, unsigned major, unsigned minor, char *buf, size_t size);

const char *mg_oom_cause_name(enum mg_oom_cause c);

/* ---------------------------------------------------------------- rendering */

/* Human text, one block per report; deterministic and locale-free.  0, or -1 when out fails. */
int mg_oom_render_text(struct mg_buf *out, const struct mg_oom_analysis *a, size_t n);
/* JSON {"schema":"memgate-oom/1","reports":[...]} with the same numbers. */
int mg_oom_render_json(struct mg_buf *out, const struct mg_oom_analysis *a, size_t n);
/* `memgate oom --board`: predicted vs reported watermarks and managed pages per zone. */
struct mg_model;
int mg_oom_render_board_check(struct mg_buf *out, const struct mg_oom_analysis *a, size_t n,
			      const struct mg_model *m, const char *board);

#endif
