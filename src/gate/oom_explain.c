/* Run an OOM report's arithmetic backwards: decode the gfp mask, decide whether the request
 * could use CMA, re-run the kernel's zone watermark check on the printed numbers, and name
 * the cause.  Independent of the board model: everything comes from the report (and boot
 * lines in the same log), or from opts (a board prediction of mobility grouping). */
#include <stdlib.h>
#include <string.h>

#include <memgate/logs.h>

/* include/linux/gfp.h bit values. */
#define G_DMA 0x01u
#define G_HIGHMEM 0x02u
#define G_DMA32 0x04u
#define G_MOVABLE 0x08u
#define G_RECLAIMABLE 0x10u
#define G_HIGH 0x20u

/* Copy with truncation (strings from logs are capped, never overrun). */
static void scopy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);
	if (!size)
		return;
	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

struct gfp_bit {
	uint64_t bit;
	const char *name;
};

/* <= 5.0 (4.18's layout; 4.19 prints GFP_HIGHUSER_MOVABLE as 0x6200ca). */
static const struct gfp_bit gfp_old[] = {
	{ 0x1, "__GFP_DMA" }, { 0x2, "__GFP_HIGHMEM" }, { 0x4, "__GFP_DMA32" },
	{ 0x8, "__GFP_MOVABLE" }, { 0x10, "__GFP_RECLAIMABLE" }, { 0x20, "__GFP_HIGH" },
	{ 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" }, { 0x100, "__GFP_WRITE" },
	{ 0x200, "__GFP_NOWARN" }, { 0x400, "__GFP_RETRY_MAYFAIL" }, { 0x800, "__GFP_NOFAIL" },
	{ 0x1000, "__GFP_NORETRY" }, { 0x2000, "__GFP_MEMALLOC" }, { 0x4000, "__GFP_COMP" },
	{ 0x8000, "__GFP_ZERO" }, { 0x10000, "__GFP_NOMEMALLOC" }, { 0x20000, "__GFP_HARDWALL" },
	{ 0x40000, "__GFP_THISNODE" }, { 0x80000, "__GFP_ATOMIC" }, { 0x100000, "__GFP_ACCOUNT" },
	{ 0x200000, "__GFP_DIRECT_RECLAIM" }, { 0x400000, "__GFP_KSWAPD_RECLAIM" },
};

/* >= 5.1 ("mm: shuffle GFP_* flags", A. Dobriyan, posted 2019-01-09): 5.4 prints
 * GFP_HIGHUSER_MOVABLE as 0x100cca.  0x200 is __GFP_ATOMIC up to 6.2, unused from 6.3.
 * Bits above ACCOUNT depend on KASAN_HW_TAGS / LOCKDEP / SLAB_OBJ_EXT in 6.x. */
static const struct gfp_bit gfp_new[] = {
	{ 0x1, "__GFP_DMA" }, { 0x2, "__GFP_HIGHMEM" }, { 0x4, "__GFP_DMA32" },
	{ 0x8, "__GFP_MOVABLE" }, { 0x10, "__GFP_RECLAIMABLE" }, { 0x20, "__GFP_HIGH" },
	{ 0x40, "__GFP_IO" }, { 0x80, "__GFP_FS" }, { 0x100, "__GFP_ZERO" },
	{ 0x200, "__GFP_ATOMIC" }, { 0x400, "__GFP_DIRECT_RECLAIM" },
	{ 0x800, "__GFP_KSWAPD_RECLAIM" }, { 0x1000, "__GFP_WRITE" }, { 0x2000, "__GFP_NOWARN" },
	{ 0x4000, "__GFP_RETRY_MAYFAIL" }, { 0x8000, "__GFP_NOFAIL" }, { 0x10000, "__GFP_NORETRY" },
	{ 0x20000, "__GFP_MEMALLOC" }, { 0x40000, "__GFP_COMP" }, { 0x80000, "__GFP_NOMEMALLOC" },
	{ 0x100000, "__GFP_HARDWALL" }, { 0x200000, "__GFP_THISNODE" },
	{ 0x400000, "__GFP_ACCOUNT" },
};

/* Version ordering helper: a < b as major.minor; 0.0 = unknown = newest. */
static bool ver_lt(unsigned maj, unsigned min, unsigned bmaj, unsigned bmin)
{
	if (!maj)
		return false;
	return maj < bmaj || (maj == bmaj && min < bmin);
}

static bool old_layout(unsigned maj, unsigned min)
{
	return maj && ver_lt(maj, min, 5, 1);
}

/* The bit of a named flag in the version's layout. */
static uint64_t gfp_bit(const char *name, bool old)
{
	const struct gfp_bit *t = old ? gfp_old : gfp_new;
	size_t i, n = old ? sizeof(gfp_old) / sizeof(gfp_old[0]) : sizeof(gfp_new) / sizeof(gfp_new[0]);
	for (i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0)
			return t[i].bit;
	return 0;
}

const char *mg_gfp_decode(uint64_t mask, unsigned major, unsigned minor, char *buf, size_t size)
{
	bool old = old_layout(major, minor);
	const struct gfp_bit *t = old ? gfp_old : gfp_new;
	size_t i, n = old ? sizeof(gfp_old) / sizeof(gfp_old[0]) : sizeof(gfp_new) / sizeof(gfp_new[0]);
	uint64_t rest = mask;
	struct mg_buf b;

	mg_buf_init(&b);
	for (i = 0; i < n; i++) {
		if (!(mask & t[i].bit))
			continue;
		if (!old && t[i].bit == 0x200 && major && !ver_lt(major, minor, 6, 3))
			continue; /* unused from 6.3: left in rest, printed as hex */
		mg_buf_printf(&b, "%s%s", b.len ? "|" : "", t[i].name);
		rest &= ~t[i].bit;
	}
	if (rest)
		mg_buf_printf(&b, "%s0x%llx", b.len ? "|" : "", (unsigned long long)rest);
	snprintf(buf, size, "%s", b.data && !b.failed ? b.data : (mask ? "?" : "0"));
	mg_buf_free(&b);
	return buf;
}

/* Known composite names (include/linux/gfp.h, gfp_types.h), for a report printed without the
 * %pGg list: the longest exact match, then the remaining bits.  Values per layout. */
static void gfp_compose(uint64_t mask, bool old, char *buf, size_t size)
{
	struct comp {
		const char *name;
		uint64_t oldv, newv;
	};
	static const struct comp comps[] = {
		{ "GFP_HIGHUSER_MOVABLE", 0x6200ca, 0x100cca },
		{ "GFP_HIGHUSER", 0x6200c2, 0x100cc2 },
		{ "GFP_USER", 0x6200c0, 0x100cc0 },
		{ "GFP_KERNEL_ACCOUNT", 0x7000c0, 0x400cc0 },
		{ "GFP_KERNEL", 0x6000c0, 0xcc0 },
		{ "GFP_NOFS", 0x600040, 0xc40 },
		{ "GFP_NOIO", 0x600000, 0xc00 },
		{ "GFP_ATOMIC", 0x480020, 0xa20 },
		{ "GFP_NOWAIT", 0x400000, 0x800 },
	};
	size_t i;
	char rest[384];

	for (i = 0; i < sizeof(comps) / sizeof(comps[0]); i++) {
		uint64_t v = old ? comps[i].oldv : comps[i].newv;
		if ((mask & v) == v) {
			uint64_t r = mask & ~v;
			if (!r) {
				snprintf(buf, size, "%s", comps[i].name);
				return;
			}
			mg_gfp_decode(r, old ? 4 : 0, old ? 19 : 0, rest, sizeof(rest));
			snprintf(buf, size, "%s|%s", comps[i].name, rest);
			return;
		}
	}
	mg_gfp_decode(mask, old ? 4 : 0, old ? 19 : 0, buf, size);
}

const char *mg_oom_cause_name(enum mg_oom_cause c)
{
	switch (c) {
	case MG_OOM_CAUSE_CMA_UNMOVABLE: return "cma-starvation-unmovable";
	case MG_OOM_CAUSE_CMA_GROUPING_OFF: return "cma-starvation-grouping-off";
	case MG_OOM_CAUSE_LOWMEM: return "lowmem-exhausted";
	case MG_OOM_CAUSE_FRAGMENTATION: return "fragmentation";
	case MG_OOM_CAUSE_MEMCG: return "memcg-limit";
	case MG_OOM_CAUSE_CONSTRAINED: return "cpuset-or-mempolicy";
	case MG_OOM_CAUSE_UNKNOWN: break;
	}
	return "unknown";
}

static void add_missing(struct mg_oom_analysis *a, const char *what)
{
	size_t i;
	for (i = 0; i < a->nmissing; i++)
		if (strcmp(a->missing[i], what) == 0)
			return;
	if (a->nmissing < MG_OOM_MAX_MISSING)
		scopy(a->missing[a->nmissing++], sizeof(a->missing[0]), what);
}

/* Zone types in include/linux/mmzone.h order. */
static const char *const zone_types[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable", "Device" };
#define NZT 6

static int zone_type(const char *name)
{
	int i;
	for (i = 0; i < NZT; i++)
		if (strcmp(zone_types[i], name) == 0)
			return i;
	return -1;
}

/* Which zone types the kernel was built with, in index order, from the zones the report
 * printed and the length of lowmem_reserve[] (= MAX_NR_ZONES).  NORMAL and MOVABLE always
 * exist; missing optional slots are filled with the likeliest (an empty DMA32 on arm64
 * 5.10+, ZONE_DEVICE on distro kernels, then DMA, HighMem). */
static void zone_layout(const struct mg_oom_report *r, bool have[NZT], size_t *nres_out)
{
	static const int fill[] = { 1, 5, 0, 3 };
	size_t i, nres = 0, count = 0;

	memset(have, 0, NZT * sizeof(bool));
	have[2] = have[4] = true;
	for (i = 0; i < r->nzones; i++) {
		int t = zone_type(r->zones[i].name);
		if (t >= 0)
			have[t] = true;
		if (r->zones[i].nlowmem_reserve > nres)
			nres = r->zones[i].nlowmem_reserve;
	}
	for (i = 0; i < NZT; i++)
		count += have[i];
	for (i = 0; i < sizeof(fill) / sizeof(fill[0]) && count < nres; i++)
		if (!have[fill[i]]) {
			have[fill[i]] = true;
			count++;
		}
	*nres_out = nres;
}

static int layout_index(const bool have[NZT], int type)
{
	int i, idx = 0;
	if (type < 0 || !have[type])
		return -1;
	for (i = 0; i < type; i++)
		idx += have[i];
	return idx;
}

/* gfp_zone() (include/linux/gfp.h GFP_ZONE_TABLE): the highest zone type the mask allows. */
static int gfp_zone_type(uint64_t mask, const bool have[NZT])
{
	if (mask & G_DMA)
		return have[0] ? 0 : 2;
	if (mask & G_DMA32)
		return have[1] ? 1 : 2;
	if ((mask & (G_HIGHMEM | G_MOVABLE)) == (G_HIGHMEM | G_MOVABLE))
		return 4;
	if (mask & G_HIGHMEM)
		return have[3] ? 3 : 2;
	return 2;
}

static bool has_key(const struct mg_oom_kv *kv, size_t n, const char *key)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0)
			return true;
	return false;
}

static bool is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

static void derive_page_kb(const struct mg_oom_report *r, const struct mg_oom_explain_opts *o,
			   struct mg_oom_analysis *a)
{
	size_t i;
	uint64_t sum_present = 0, sum_free = 0, gfree = 0;
	bool have_present = true, have_free = r->nzones > 0;

	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].norders && is_pow2(r->zones[i].buddy[0].size_kb)) {
			/* the first buddy item is order 0: one page */
			a->page_kb = r->zones[i].buddy[0].size_kb;
			a->page_kb_derived = true;
			return;
		}
	if (o && o->page_kb) {
		a->page_kb = o->page_kb;
		return;
	}
	for (i = 0; i < r->nzones; i++) {
		have_present &= r->zones[i].present_kb.set;
		have_free &= r->zones[i].free_kb.set;
		sum_present += r->zones[i].present_kb.value;
		sum_free += r->zones[i].free_kb.value;
	}
	/* show_mem "pages RAM" is the sum of the zones' present pages */
	if (r->nzones && have_present && r->pages_ram.set && r->pages_ram.value &&
	    sum_present % r->pages_ram.value == 0 && is_pow2(sum_present / r->pages_ram.value)) {
		a->page_kb = sum_present / r->pages_ram.value;
		a->page_kb_derived = true;
		return;
	}
	/* global free (pages) is the sum of the zones' free (kB) */
	for (i = 0; i < r->nglobal; i++)
		if (strcmp(r->global[i].key, "free") == 0)
			gfree = r->global[i].value;
	if (have_free && gfree && sum_free % gfree == 0 && is_pow2(sum_free / gfree)) {
		a->page_kb = sum_free / gfree;
		a->page_kb_derived = true;
		return;
	}
	a->page_kb = 4;
	if (r->nzones)
		add_missing(a, "page size (buddy lines; assumed 4 KiB)");
}

/* page_group_by_mobility_disabled (mm/page_alloc.c build_all_zonelists, all versions):
 * vm_total_pages < pageblock_nr_pages * MIGRATE_TYPES, with vm_total ~ present - memmap. */
static void infer_grouping(const struct mg_oom_log *log, const struct mg_oom_report *r,
			   const struct mg_oom_explain_opts *o, struct mg_oom_analysis *a)
{
	uint64_t present_pages = 0, pb_pages, mtypes, threshold, memmap, vm_total, thr_bytes;
	unsigned pb_order, max_order = 0;
	char thr[32];
	size_t i;
	bool cma;

	if (o && o->grouping != MG_TRI_UNKNOWN) {
		a->grouping = o->grouping;
		snprintf(a->grouping_source, sizeof(a->grouping_source), "%s",
			 o->grouping_source ? o->grouping_source : "caller");
		return;
	}
	if (log->boot.mobility_grouping != MG_TRI_UNKNOWN) {
		a->grouping = log->boot.mobility_grouping;
		snprintf(a->grouping_source, sizeof(a->grouping_source),
			 "%.120s:%u 'mobility grouping %s'", log->file, log->boot.mobility_grouping_line,
			 a->grouping == MG_TRI_YES ? "on" : "off");
		return;
	}
	if (r->pages_ram.set) {
		present_pages = r->pages_ram.value;
	} else {
		for (i = 0; i < r->nzones; i++)
			present_pages += r->zones[i].present_kb.value / a->page_kb;
	}
	if (!present_pages || !a->page_kb)
		return;
	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].norders && r->zones[i].norders - 1 > max_order)
			max_order = (unsigned)(r->zones[i].norders - 1);
	/* pageblock_order = HUGETLB_PAGE_ORDER (PMD: 9/11/13 for 4/16/64 KiB) when hugetlb is built
	 * (the report then prints hugepage lines), else MAX_ORDER-1: the largest buddy order. */
	pb_order = a->page_kb >= 64 ? 13 : a->page_kb >= 16 ? 11 : 9;
	if (!r->nhuge && max_order)
		pb_order = max_order;
	pb_pages = 1ull << pb_order;
	/* MIGRATE_TYPES: 3 PCP types + HIGHATOMIC, + CMA, + ISOLATE (CMA selects MEMORY_ISOLATION) */
	cma = (r->pages_cma_reserved.set && r->pages_cma_reserved.value) ||
	      log->boot.cma_reserved_kb.set;
	mtypes = cma ? 6 : 4;
	threshold = pb_pages * mtypes;
	/* free_area_init_core's estimate: present minus the memmap (64-byte struct page) */
	memmap = (present_pages * 64 + a->page_kb * 1024 - 1) / (a->page_kb * 1024);
	vm_total = present_pages > memmap ? present_pages - memmap : 0;
	a->grouping = vm_total < threshold ? MG_TRI_NO : MG_TRI_YES;
	a->grouping_inferred = true;
	thr_bytes = threshold * a->page_kb * 1024;
	mg_format_bytes(thr_bytes, thr, sizeof(thr));
	snprintf(a->grouping_source, sizeof(a->grouping_source),
		 "inferred: %llu KiB pages, %llu MiB present %s %s (pageblock %llu pages x %llu "
		 "migrate types = %llu pages)",
		 (unsigned long long)a->page_kb,
		 (unsigned long long)(present_pages * a->page_kb / 1024),
		 a->grouping == MG_TRI_NO ? "<" : ">=", thr, (unsigned long long)pb_pages,
		 (unsigned long long)mtypes, (unsigned long long)threshold);
}

static bool names_have(const char *names, const char *flag)
{
	size_t n = strlen(flag);
	const char *p = names;
	while ((p = strstr(p, flag)) != NULL) {
		if ((p == names || p[-1] == '|') && (p[n] == '\0' || p[n] == '|'))
			return true;
		p += n;
	}
	return false;
}

static void check_zone(const struct mg_oom_report *r, const struct mg_oom_zone *z,
		       const struct mg_oom_analysis *a, int class_idx, bool reserves,
		       struct mg_oom_zone_check *c)
{
	uint64_t pk = a->page_kb, u, mark_pages;
	size_t o;

	(void)r;
	memset(c, 0, sizeof(*c));
	c->node = z->node;
	scopy(c->zone, sizeof(c->zone), z->name);
	c->line = z->line;
	c->present_kb = z->present_kb.value;
	c->managed_kb = z->managed_kb.value;
	c->low_kb = z->low_kb.value;
	c->high_kb = z->high_kb.value;
	c->boost_kb = z->boost_kb.value;
	c->complete = z->free_kb.set && z->min_kb.set;
	if (!c->complete)
		return;
	c->free_kb = z->free_kb.value;
	c->min_kb = z->min_kb.value;
	c->free_cma_kb = z->free_cma_kb.value;
	u = c->free_kb;
	/* __zone_watermark_ok: free_pages -= (1 << order) - 1 */
	c->order_adjust_kb = (((uint64_t)1 << a->order) - 1) * pk;
	u = u > c->order_adjust_kb ? u - c->order_adjust_kb : 0;
	/* 5.10+ __zone_watermark_unusable_free: highatomic unless ALLOC_RESERVES */
	if (z->reserved_highatomic_kb.set && z->reserved_highatomic_kb.value && !reserves) {
		c->highatomic_kb = z->reserved_highatomic_kb.value;
		c->highatomic_subtracted = true;
		u = u > c->highatomic_kb ? u - c->highatomic_kb : 0;
	}
	/* without ALLOC_CMA the free CMA pages do not count */
	if (!a->alloc_cma && c->free_cma_kb) {
		c->cma_subtracted = true;
		u = u > c->free_cma_kb ? u - c->free_cma_kb : 0;
	}
	c->usable_kb = u;
	/* min reductions, in pages as the kernel does them */
	mark_pages = pk ? c->min_kb / pk : c->min_kb;
	if (a->high)
		mark_pages -= mark_pages / 2;
	if (a->atomic_harder)
		mark_pages -= mark_pages / 4;
	c->mark_kb = (a->high || a->atomic_harder) ? mark_pages * pk : c->min_kb;
	c->zone_idx = -1;
	if (class_idx >= 0 && (size_t)class_idx < z->nlowmem_reserve) {
		c->reserve_known = true;
		c->lowmem_reserve_pages = z->lowmem_reserve_pages[class_idx];
		c->lowmem_reserve_kb = c->lowmem_reserve_pages * pk;
	}
	c->threshold_kb = c->mark_kb + c->lowmem_reserve_kb;
	c->fails = c->usable_kb <= c->threshold_kb;
	if (c->fails) {
		c->shortfall_kb = c->threshold_kb - c->usable_kb + pk;
		c->would_pass_with_cma = c->cma_subtracted &&
					 c->usable_kb + c->free_cma_kb > c->threshold_kb;
	}
	if (a->order > 0) {
		/* a free block of >= order on a list the request may take from */
		char allowed[8] = "UME";
		if (a->alloc_cma)
			strcat(allowed, "C");
		if (reserves)
			strcat(allowed, "H");
		c->block_checked = z->norders > 0;
		for (o = a->order; o < z->norders; o++) {
			const struct mg_oom_buddy_item *b = &z->buddy[o];
			if (!b->count)
				continue;
			if (!b->types[0] || strpbrk(b->types, allowed)) {
				c->block_available = true;
				break;
			}
		}
	}
}

static void explain_one(const struct mg_oom_log *log, size_t idx,
			const struct mg_oom_explain_opts *o, struct mg_oom_analysis *a)
{
	const struct mg_oom_report *r = &log->reports[idx];
	unsigned maj = 0, min = 0;
	const char *ver;
	bool have[NZT], old, reserves = false, memcg, any_pass = false, any_wm_pass = false;
	bool any_cma = false;
	size_t nres, i;
	int highest, class_type = -1;
	char thr[32], tmp[64];
	const struct mg_oom_zone_check *worst = NULL;

	memset(a, 0, sizeof(*a));
	a->report_index = idx;
	a->kind = r->kind;
	a->line = r->line;
	scopy(a->comm, sizeof(a->comm), r->comm);
	ver = r->kernel_version[0] ? r->kernel_version : log->boot.version;
	scopy(a->kernel_version, sizeof(a->kernel_version), ver);
	if (ver[0]) {
		const char *p = ver;
		maj = (unsigned)strtoul(p, (char **)&p, 10);
		if (*p == '.')
			min = (unsigned)strtoul(p + 1, NULL, 10);
		if (maj > 99)
			maj = min = 0;
	}
	/* 4.19's oom-killer header still carries nodemask= (moved to the summary in 5.0) */
	old = old_layout(maj, min) || (!maj && r->header_has_nodemask);

	/* gfp */
	a->gfp_known = r->has_gfp;
	a->gfp_mask = r->gfp_mask;
	if (!r->has_gfp)
		add_missing(a, "gfp_mask (header line)");
	if (r->has_gfp) {
		mg_gfp_decode(r->gfp_mask, old ? 4 : maj, old ? 19 : min, a->gfp_flags,
			      sizeof(a->gfp_flags));
		if (r->gfp_names[0]) {
			scopy(a->gfp_names, sizeof(a->gfp_names), r->gfp_names);
		} else {
			gfp_compose(r->gfp_mask, old, a->gfp_names, sizeof(a->gfp_names));
			a->gfp_names_decoded = true;
		}
	}
	a->order_known = r->has_order;
	a->order = r->has_order ? r->order : 0;
	if (!r->has_order)
		add_missing(a, "order (header line)");

	/* migratetype: (gfp & (RECLAIMABLE|MOVABLE)) >> GFP_MOVABLE_SHIFT */
	switch (a->gfp_mask & (G_MOVABLE | G_RECLAIMABLE)) {
	case G_MOVABLE: a->requested_mt = MG_MT_MOVABLE; break;
	case G_RECLAIMABLE: a->requested_mt = MG_MT_RECLAIMABLE; break;
	default: a->requested_mt = MG_MT_UNMOVABLE; break;
	}
	a->high = (a->gfp_mask & G_HIGH) != 0;
	if (ver_lt(maj, min, 6, 3) || (!maj && old)) {
		/* <= 6.2 gfp_to_alloc_flags: ALLOC_HARDER for __GFP_ATOMIC && !__GFP_NOMEMALLOC */
		uint64_t at = gfp_bit("__GFP_ATOMIC", old), nm = gfp_bit("__GFP_NOMEMALLOC", old);
		a->atomic_harder = (a->gfp_mask & at) && !(a->gfp_mask & nm);
		reserves = a->atomic_harder;
	} else if (!maj && names_have(a->gfp_names, "__GFP_ATOMIC")) {
		a->atomic_harder = !(a->gfp_mask & gfp_bit("__GFP_NOMEMALLOC", false));
		reserves = a->atomic_harder;
	} else {
		/* 6.3+: ALLOC_MIN_RESERVE for __GFP_HIGH, plus ALLOC_NON_BLOCK without direct
		 * reclaim (the further min/4); both are ALLOC_RESERVES */
		bool nonblock = !(a->gfp_mask & gfp_bit("__GFP_DIRECT_RECLAIM", false));
		a->atomic_harder = a->high && nonblock && r->has_gfp;
		reserves = r->has_gfp && (a->high || nonblock);
	}

	derive_page_kb(r, o, a);

	memcg = strcmp(r->constraint, "CONSTRAINT_MEMCG") == 0 || r->oom_memcg[0] ||
		strncmp(r->kill_reason, "Memory cgroup", 13) == 0 ||
		(r->memcg_usage_kb.set && !r->meminfo_line);
	scopy(a->constraint, sizeof(a->constraint), r->constraint);
	scopy(a->memcg, sizeof(a->memcg), r->oom_memcg[0] ? r->oom_memcg : r->task_memcg);
	a->memcg_usage_kb = r->memcg_usage_kb;
	a->memcg_limit_kb = r->memcg_limit_kb;
	a->victim_pid = r->victim_pid;
	scopy(a->victim_comm, sizeof(a->victim_comm), r->victim_comm);
	a->victim_anon_rss_kb = r->victim_anon_rss_kb.value;
	a->ntasks = r->ntasks;
	for (i = 0; i < r->ntasks; i++)
		if (!mg_add_u64(a->tasks_rss_pages, r->tasks[i].rss, &a->tasks_rss_pages))
			a->tasks_rss_pages = UINT64_MAX;
	a->panicked = r->panic_line != 0;

	if (!r->meminfo_line && !memcg)
		add_missing(a, "Mem-Info block");
	else if (r->meminfo_line && !r->nzones)
		add_missing(a, "zone lines");
	if (r->kind == MG_OOM_KILLER && !r->tasks_line && !memcg)
		add_missing(a, "tasks table");
	if (r->kind == MG_OOM_KILLER && !r->kill_line && !r->panic_line)
		add_missing(a, "kill line");

	infer_grouping(log, r, o, a);
	a->effective_mt = a->grouping == MG_TRI_NO ? MG_MT_UNMOVABLE : a->requested_mt;
	/* ALLOC_CMA only for MIGRATE_MOVABLE (prepare_alloc_pages / gfp_to_alloc_flags_cma) */
	a->alloc_cma = a->effective_mt == MG_MT_MOVABLE;
	if (a->requested_mt != MG_MT_MOVABLE)
		snprintf(a->alloc_cma_reason, sizeof(a->alloc_cma_reason),
			 "no: the mask has no __GFP_MOVABLE (migratetype %s), so ALLOC_CMA is not set",
			 a->requested_mt == MG_MT_RECLAIMABLE ? "RECLAIMABLE" : "UNMOVABLE");
	else if (a->grouping == MG_TRI_NO)
		snprintf(a->alloc_cma_reason, sizeof(a->alloc_cma_reason),
			 "no: mobility grouping is off, gfp_migratetype() returns MIGRATE_UNMOVABLE "
			 "for every mask, so ALLOC_CMA is never set");
	else if (a->grouping == MG_TRI_YES)
		snprintf(a->alloc_cma_reason, sizeof(a->alloc_cma_reason),
			 "yes: movable request with mobility grouping on (ALLOC_CMA)");
	else {
		snprintf(a->alloc_cma_reason, sizeof(a->alloc_cma_reason),
			 "yes, assuming mobility grouping is on (not found in the log)");
		add_missing(a, "mobility grouping");
	}

	zone_layout(r, have, &nres);
	highest = gfp_zone_type(a->gfp_mask, have);
	scopy(a->highest_zone, sizeof(a->highest_zone), zone_types[highest]);
	/* classzone for lowmem_reserve: gfp_zone in >= 5.8, the preferred (highest populated
	 * zone <= gfp_zone) in <= 5.7.  4.19/5.4 print "unstable:", gone in 5.8. */
	a->reserve_index_is_gfp_zone = maj ? !ver_lt(maj, min, 5, 8) :
					     !has_key(r->global, r->nglobal, "unstable");
	if (a->reserve_index_is_gfp_zone) {
		class_type = highest;
	} else {
		for (i = 0; i < r->nzones; i++) {
			int t = zone_type(r->zones[i].name);
			if (t >= 0 && t <= highest && t > class_type)
				class_type = t;
		}
	}
	for (i = 0; i < r->nzones && a->nzones < MG_OOM_MAX_ZONES; i++) {
		const struct mg_oom_zone *z = &r->zones[i];
		struct mg_oom_zone_check *c = &a->zones[a->nzones];
		int t = zone_type(z->name);
		if (t < 0 || t > highest)
			continue; /* not on this allocation's zonelist */
		check_zone(r, z, a, layout_index(have, class_type), reserves, c);
		c->zone_idx = layout_index(have, t);
		a->nzones++;
		if (!c->complete) {
			snprintf(tmp, sizeof(tmp), "free/min of zone %s", z->name);
			add_missing(a, tmp);
			continue;
		}
		if (!z->free_cma_kb.set)
			add_missing(a, "free_cma (zone line)");
		if (!c->reserve_known) {
			snprintf(tmp, sizeof(tmp), "lowmem_reserve[] of zone %s", z->name);
			add_missing(a, tmp);
		}
		if (a->order > 0 && !c->block_checked) {
			snprintf(tmp, sizeof(tmp), "buddy line of zone %s", z->name);
			add_missing(a, tmp);
		}
		if (!c->fails)
			any_wm_pass = true;
		if (!c->fails && (a->order == 0 || c->block_available || !c->block_checked))
			any_pass = true;
		if (c->fails && c->would_pass_with_cma)
			any_cma = true;
		if (c->fails && (!worst || c->shortfall_kb > worst->shortfall_kb))
			worst = c;
	}
	if (r->nzones && !a->nzones)
		add_missing(a, "zone lines on the allocation's path");

	/* cause */
	if (memcg) {
		char u[32] = "?", l[32] = "?";
		a->cause = MG_OOM_CAUSE_MEMCG;
		if (r->memcg_usage_kb.set)
			snprintf(u, sizeof(u), "%llu kB", (unsigned long long)r->memcg_usage_kb.value);
		if (r->memcg_limit_kb.set)
			snprintf(l, sizeof(l), "%llu kB", (unsigned long long)r->memcg_limit_kb.value);
		snprintf(a->cause_text, sizeof(a->cause_text),
			 "memory cgroup %s hit its limit (usage %s, limit %s): the OOM was confined "
			 "to the group (constraint %s); the zones were not the limit",
			 a->memcg[0] ? a->memcg : "?", u, l, r->constraint[0] ? r->constraint : "?");
		snprintf(a->fix_text, sizeof(a->fix_text),
			 "raise the group's limit (memory.max, or memory.limit_in_bytes on cgroup v1, "
			 "of %s) to cover its demand, or reduce what the group allocates",
			 a->memcg[0] ? a->memcg : "the group");
		return;
	}
	if (!worst && !any_wm_pass) {
		a->cause = MG_OOM_CAUSE_UNKNOWN;
		snprintf(a->cause_text, sizeof(a->cause_text),
			 "the report lacks the zone numbers needed to re-run the watermark check");
		snprintf(a->fix_text, sizeof(a->fix_text),
			 "capture the whole report (Mem-Info block with zone and lowmem_reserve lines)");
		return;
	}
	if (any_pass) {
		bool constrained = r->constraint[0] && strcmp(r->constraint, "CONSTRAINT_NONE") != 0;
		a->cause = constrained ? MG_OOM_CAUSE_CONSTRAINED : MG_OOM_CAUSE_UNKNOWN;
		snprintf(a->cause_text, sizeof(a->cause_text),
			 constrained ?
			 "a zone on the path passes the watermark check with the printed numbers; the "
			 "request was restricted by %s (cpuset %s)" :
			 "a zone on the path passes the watermark check with the printed numbers%s%s: "
			 "memory was freed between the failure and the report, or the request was "
			 "restricted (nodemask, __GFP_THISNODE, PF_MEMALLOC_PIN)",
			 r->constraint, r->cpuset[0] ? r->cpuset : "?");
		snprintf(a->fix_text, sizeof(a->fix_text),
			 constrained ? "widen the cpuset's mems / the memory policy, or reduce demand "
				       "on the allowed nodes" :
				       "look at the allocation's caller and constraints; the zone "
				       "numbers alone do not explain this report");
		return;
	}
	if (a->order > 0 && any_wm_pass) {
		a->cause = MG_OOM_CAUSE_FRAGMENTATION;
		snprintf(a->cause_text, sizeof(a->cause_text),
			 "free memory is above the watermark, but no zone on the path "
			 "has a free block of order %u (%llu kB) on a free list this request may use "
			 "(%s)",
			 a->order, (unsigned long long)(((uint64_t)1 << a->order) * a->page_kb),
			 a->alloc_cma ? "U/M/E/C" : "U/M/E, not CMA");
		snprintf(a->fix_text, sizeof(a->fix_text),
			 "avoid order-%u allocations in this path (kvmalloc/vmalloc, smaller "
			 "buffers), let compaction run (CONFIG_COMPACTION, "
			 "vm.compaction_proactiveness), or reserve the large buffers at boot (CMA, "
			 "hugepages=)", a->order);
		return;
	}
	/* every zone fails the watermark check */
	if (any_cma && a->requested_mt == MG_MT_MOVABLE && a->grouping == MG_TRI_NO) {
		char why[200];
		a->cause = MG_OOM_CAUSE_CMA_GROUPING_OFF;
		if (a->grouping_inferred) {
			/* "... present < 3 GiB (...": the number and unit after "< " */
			const char *lt = strstr(a->grouping_source, "< ");
			size_t k = 0;
			if (lt) {
				const char *e = lt + 2;
				k = strcspn(e, " ");
				if (e[k] == ' ')
					k += 1 + strcspn(e + k + 1, " ");
			}
			snprintf(thr, sizeof(thr), "%.*s", (int)k, lt ? lt + 2 : "");
			snprintf(why, sizeof(why), "%llu KiB pages, < %s",
				 (unsigned long long)a->page_kb, thr);
		} else {
			scopy(why, sizeof(why), a->grouping_source);
		}
		snprintf(a->cause_text, sizeof(a->cause_text),
			 "CMA starvation: %s could not use CMA because mobility grouping is off "
			 "(%s); the watermark check subtracts the free CMA pages, and the non-CMA "
			 "part of %s (%llu kB) is at or below min + lowmem_reserve (%llu kB), "
			 "%llu kB short, while %llu kB of CMA sat free",
			 a->gfp_names[0] ? a->gfp_names : "the request", why, worst->zone,
			 (unsigned long long)worst->usable_kb, (unsigned long long)worst->threshold_kb,
			 (unsigned long long)worst->shortfall_kb, (unsigned long long)worst->free_cma_kb);
		snprintf(a->fix_text, sizeof(a->fix_text),
			 "shrink the CMA area (cma= or the reserved-memory pool) so the non-CMA part of "
			 "%s holds min + the workload, or give the board enough RAM (or a smaller page "
			 "size) for mobility grouping to turn on, so movable requests may use CMA; "
			 "%llu kB more non-CMA free memory was needed here",
			 worst->zone, (unsigned long long)worst->shortfall_kb);
		return;
	}
	if (any_cma) {
		a->cause = MG_OOM_CAUSE_CMA_UNMOVABLE;
		snprintf(a->cause_text, sizeof(a->cause_text),
			 "CMA starvation of an unmovable request: %s is %s, so it may not use CMA; "
			 "the non-CMA part of %s (%llu kB) is at or below min + lowmem_reserve "
			 "(%llu kB), %llu kB short, while %llu kB of CMA sat free",
			 a->gfp_names[0] ? a->gfp_names : "the request",
			 a->requested_mt == MG_MT_RECLAIMABLE ? "reclaimable" :
			 a->requested_mt == MG_MT_MOVABLE ? "movable but treated as unmovable" :
			 "unmovable", worst->zone, (unsigned long long)worst->usable_kb,
			 (unsigned long long)worst->threshold_kb, (unsigned long long)worst->shortfall_kb,
			 (unsigned long long)worst->free_cma_kb);
		snprintf(a->fix_text, sizeof(a->fix_text),
			 "kernel (unmovable) memory can never come from CMA: shrink the CMA area so "
			 "%s keeps %llu kB more non-CMA memory, or cut the unmovable demand (slab, "
			 "page tables, kernel buffers)",
			 worst->zone, (unsigned long long)worst->shortfall_kb);
		return;
	}
	a->cause = MG_OOM_CAUSE_LOWMEM;
	snprintf(a->cause_text, sizeof(a->cause_text),
		 "the zones on the path are out of memory: %s has %llu kB usable, at or below min + "
		 "lowmem_reserve (%llu kB)%s",
		 worst->zone, (unsigned long long)worst->usable_kb,
		 (unsigned long long)worst->threshold_kb,
		 worst->cma_subtracted ? ", even counting CMA as usable would not pass" : "");
	if (a->victim_comm[0])
		snprintf(a->fix_text, sizeof(a->fix_text),
			 "reduce demand or add memory: the victim %s (pid %llu) held %llu kB "
			 "anonymous%s; check for a leak, add swap/zram or RAM",
			 a->victim_comm, (unsigned long long)a->victim_pid,
			 (unsigned long long)a->victim_anon_rss_kb,
			 a->ntasks ? " (the tasks table lists every task's rss)" : "");
	else
		snprintf(a->fix_text, sizeof(a->fix_text),
			 "reduce demand or add memory (swap/zram or RAM); %llu kB more free memory was "
			 "needed in %s", (unsigned long long)worst->shortfall_kb, worst->zone);
}

int mg_oom_explain(const struct mg_oom_log *log, const struct mg_oom_explain_opts *opts,
		   struct mg_oom_analysis **out, size_t *n, struct mg_error *err)
{
	struct mg_oom_analysis *a;
	size_t i;

	*out = NULL;
	*n = 0;
	if (!log->nreports)
		return mg_input_error(err, log->file, 0,
				      "no OOM or page allocation failure report found");
	a = calloc(log->nreports, sizeof(*a));
	if (!a)
		return mg_error_set(err, MG_ERR_INTERNAL, log->file, 0, 0, "out of memory");
	for (i = 0; i < log->nreports; i++)
		explain_one(log, i, opts, &a[i]);
	*out = a;
	*n = log->nreports;
	return 0;
}
