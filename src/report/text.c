/* Text reports: `memgate layout` (ledger, predicted boot lines, address map) and `memgate
 * check` (verdict first, equation, ledger, findings with sources and fixes, fixes, variants). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/fmt.h"

static void put_origin_line(struct mg_buf *out, const char *indent, const char *label,
			    const struct mg_origin *o)
{
	char s[512];
	mg_rpt_origin(s, sizeof(s), o);
	mg_buf_printf(out, "%s%s: ", indent, label);
	mg_rpt_puts_clean(out, s);
	mg_buf_puts(out, "\n");
}

static void put_labeled(struct mg_buf *out, const char *indent, const char *label, const char *s)
{
	if (!s || !s[0])
		return;
	mg_buf_printf(out, "%s%s: ", indent, label);
	mg_rpt_puts_clean(out, s);
	mg_buf_puts(out, "\n");
}

/* "  physical RAM              2031616 kB" with the label padded to a fixed column. */
static void put_row_kb(struct mg_buf *out, const char *label, uint64_t kb)
{
	char k[32];
	mg_rpt_kb(k, sizeof(k), kb);
	mg_buf_printf(out, "  %-34s %14s", label, k);
}

static void text_kernel(struct mg_buf *out, const struct mg_model *m)
{
	char ps[32];
	mg_rpt_page_size(ps, sizeof(ps), m->k.page_size_bytes);
	mg_buf_puts(out, "Kernel:  Linux ");
	mg_rpt_puts_clean(out, m->k.version_text);
	mg_buf_printf(out, " %s, %s pages (pageblock order %u, max order %u), THP %s, %u CPU%s\n",
		      m->k.arch_name ? m->k.arch_name : "?", ps, m->k.pageblock_order,
		      m->k.max_order, m->k.thp_mode[0] ? m->k.thp_mode : "?", m->k.nr_cpus,
		      m->k.nr_cpus == 1 ? "" : "s");
	mg_buf_puts(out, "Cmdline: ");
	mg_rpt_puts_clean(out, m->cmdline);
	mg_buf_puts(out, "\n");
}

static void text_region(struct mg_buf *out, const struct mg_region *r)
{
	char a[24], sz[32];
	mg_rpt_addr(a, sizeof(a), r->base);
	mg_rpt_kb(sz, sizeof(sz), mg_rpt_bytes_kb(r->size_bytes));
	mg_buf_puts(out, "    - ");
	mg_rpt_puts_clean(out, r->name);
	mg_buf_printf(out, " [%s] at %s, %s", mg_rpt_kind_name(r->kind), a, sz);
	if (r->size_bytes && !(r->size_bytes & ((1ull << 20) - 1)))
		mg_buf_printf(out, " (%" PRIu64 " MiB)", r->size_bytes >> 20);
	if (r->nomap)
		mg_buf_puts(out, ", no-map");
	if (r->removed)
		mg_buf_puts(out, ", removed from memory");
	if (r->freed_after_boot)
		mg_buf_puts(out, ", freed after boot");
	if (r->estimated)
		mg_buf_puts(out, ", estimated");
	mg_buf_puts(out, "\n");
	put_origin_line(out, "        ", "source", &r->origin);
	/* The model often names the kernel rule as the origin of what it estimates: say it once. */
	if (strcmp(r->rule, r->origin.what) || r->origin.file[0])
		put_labeled(out, "        ", "rule", r->rule);
}

static void text_cma(struct mg_buf *out, const struct mg_cma_area *c)
{
	char rq[32], sz[32], a[24];
	mg_rpt_size(rq, sizeof(rq), c->requested_bytes);
	mg_rpt_size(sz, sizeof(sz), c->size_bytes);
	mg_rpt_addr(a, sizeof(a), c->base);
	mg_buf_puts(out, "    - ");
	mg_rpt_puts_clean(out, c->name);
	mg_buf_printf(out, "%s: requested %s -> ", c->is_default ? " (default)" : "", rq);
	if (c->reserved)
		mg_buf_printf(out, "%s at %s, zone %s, %s\n", sz, a, mg_rpt_zone_name(c->zone),
			      c->activated ? "activated" : "NOT activated");
	else
		mg_buf_puts(out, "reservation FAILED\n");
	put_origin_line(out, "        ", "source", &c->origin);
	put_labeled(out, "        ", "rule", c->rule);
	put_labeled(out, "        ", "kernel says", c->failure);
}

static void text_zone(struct mg_buf *out, const struct mg_model *m, const struct mg_zone *z)
{
	int t;
	mg_buf_printf(out, "    %s (pfn 0x%" PRIx64 "-0x%" PRIx64 ")\n", mg_rpt_zone_name(z->type),
		      z->start_pfn, z->end_pfn);
	mg_buf_printf(out,
		      "      present %" PRIu64 " kB (%" PRIu64 " pages), managed %" PRIu64
		      " kB (%" PRIu64 " pages), cma %" PRIu64 " kB (%" PRIu64 " pages)\n",
		      mg_rpt_pages_kb(m, z->present_pages), z->present_pages,
		      mg_rpt_pages_kb(m, z->managed_pages), z->managed_pages,
		      mg_rpt_pages_kb(m, z->cma_pages), z->cma_pages);
	mg_buf_printf(out,
		      "      min %" PRIu64 " kB (%" PRIu64 " pages), low %" PRIu64 " kB (%" PRIu64
		      " pages), high %" PRIu64 " kB (%" PRIu64 " pages)",
		      mg_rpt_pages_kb(m, z->min_pages), z->min_pages, mg_rpt_pages_kb(m, z->low_pages),
		      z->low_pages, mg_rpt_pages_kb(m, z->high_pages), z->high_pages);
	if (z->promo_pages)
		mg_buf_printf(out, ", promo %" PRIu64 " kB (%" PRIu64 " pages)",
			      mg_rpt_pages_kb(m, z->promo_pages), z->promo_pages);
	mg_buf_puts(out, "\n      lowmem_reserve[]:");
	for (t = 0; t < MG_NR_ZONES; t++)
		if (m->zones[t].configured)
			mg_buf_printf(out, " %" PRIu64, z->lowmem_reserve_pages[t]);
	mg_buf_puts(out, "\n");
}

static void text_ledger(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m)
{
	size_t i, n;
	int t;
	char k1[32], k2[32];

	text_kernel(out, m);
	mg_buf_puts(out, "\nRAM ledger\n");
	put_row_kb(out, "physical RAM (present)", mg_rpt_pages_kb(m, m->present_pages));
	mg_buf_printf(out, "  %" PRIu64 " pages\n", m->present_pages);
	n = mg_min_u64(m->nbanks, sizeof(m->banks) / sizeof(m->banks[0]));
	for (i = 0; i < n; i++) {
		char a[24], e[24], sz[32];
		uint64_t end = m->banks[i].size ? m->banks[i].base + (m->banks[i].size - 1) : m->banks[i].base;
		if (end < m->banks[i].base)
			end = UINT64_MAX;
		mg_rpt_addr(a, sizeof(a), m->banks[i].base);
		mg_rpt_addr(e, sizeof(e), end);
		mg_rpt_size(sz, sizeof(sz), m->banks[i].size);
		mg_buf_printf(out, "    bank %s-%s  %s\n", a, e, sz);
	}
	if (b) {
		n = b->dt.memory ? b->dt.nmemory : 0;
		for (i = 0; i < n && i < 64; i++)
			put_origin_line(out, "      ", "source", &b->dt.memory[i].origin);
	}

	n = mg_min_u64(m->nregions, MG_MAX_REGIONS);
	mg_buf_printf(out, "  reservations, in the kernel's order (%zu)\n", n);
	for (i = 0; i < n; i++)
		text_region(out, &m->regions[i]);

	n = mg_min_u64(m->ncma, MG_MAX_CMA_AREAS);
	mg_buf_printf(out, "  CMA areas (%zu)\n", n);
	for (i = 0; i < n; i++)
		text_cma(out, &m->cma[i]);

	put_row_kb(out, "available at mem_init (\"Memory:\")", mg_rpt_pages_kb(m, m->totalram_boot_pages));
	mg_rpt_kb(k1, sizeof(k1), mg_rpt_pages_kb(m, m->reserved_boot_pages));
	mg_rpt_kb(k2, sizeof(k2), mg_rpt_pages_kb(m, m->cma_total_pages));
	mg_buf_printf(out, "  (reserved %s, cma-reserved %s)\n", k1, k2);
	put_row_kb(out, "managed after boot (MemTotal)", mg_rpt_pages_kb(m, m->memtotal_pages));
	mg_rpt_kb(k1, sizeof(k1), mg_rpt_pages_kb(m, mg_rpt_sub0(m->present_pages, m->memtotal_pages)));
	mg_buf_printf(out, "  (present - %s never managed)\n", k1);
	put_row_kb(out, "CmaTotal", mg_rpt_pages_kb(m, m->cma_total_pages));
	mg_buf_puts(out, "\n");
	mg_buf_printf(out, "  %-34s %14s  (%" PRIu64 " pages at zonelist build %s %" PRIu64
		      " = pageblock_nr_pages * MIGRATE_TYPES)\n",
		      "mobility grouping", m->mobility_grouping ? "on" : "off", m->grouping_total_pages,
		      m->mobility_grouping ? ">=" : "<", m->grouping_threshold_pages);

	put_row_kb(out, "min_free_kbytes", m->min_free_kbytes);
	mg_buf_puts(out, "\n");
	n = mg_min_u64(m->nwmark_steps, MG_MAX_WMARK_STEPS);
	for (i = 0; i < n; i++) {
		const struct mg_wmark_step *s = &m->wmark_steps[i];
		mg_rpt_kb(k1, sizeof(k1), s->min_free_kbytes);
		mg_buf_printf(out, "    %zu. ", i + 1);
		mg_rpt_puts_clean(out, s->what);
		mg_buf_printf(out, ": %s\n", k1);
		put_labeled(out, "        ", "rule", s->rule);
		if (!mg_rpt_origin_empty(&s->origin))
			put_origin_line(out, "        ", "source", &s->origin);
	}
	if (m->watermark_scale_factor)
		mg_buf_printf(out, "    watermark_scale_factor %" PRIu64 "\n", m->watermark_scale_factor);

	mg_buf_puts(out, "  zones (populated)\n");
	for (t = 0; t < MG_NR_ZONES; t++)
		if (m->zones[t].present_pages)
			text_zone(out, m, &m->zones[t]);

	mg_buf_printf(out, "  capacity, on top of the profile baseline (binding zone %s)\n",
		      mg_rpt_zone_name(m->oom_zone));
	mg_rpt_skb(k1, sizeof(k1), m->capacity_unmovable_kb);
	mg_buf_printf(out, "    %-32s %14s\n", "unmovable", k1);
	mg_rpt_skb(k1, sizeof(k1), m->capacity_movable_kb);
	mg_buf_printf(out, "    %-32s %14s\n", "movable", k1);
	n = mg_min_u64(m->ncapacity_cma, MG_MAX_CMA_AREAS);
	for (i = 0; i < n; i++) {
		mg_rpt_skb(k1, sizeof(k1), m->capacity_cma[i].kb);
		mg_buf_puts(out, "    cma pool ");
		mg_rpt_puts_clean(out, m->capacity_cma[i].pool);
		mg_buf_printf(out, ": %s\n", k1);
	}
	n = mg_min_u64(m->nnotes, MG_MAX_NOTES);
	if (n) {
		mg_buf_puts(out, "\nNotes\n");
		for (i = 0; i < n; i++) {
			mg_buf_puts(out, "  - ");
			mg_rpt_puts_clean(out, m->notes[i]);
			mg_buf_puts(out, "\n");
		}
	}
}

/* ---- The physical address map ---- */

enum map_kind { MAP_HOLE, MAP_FREE, MAP_REGION, MAP_CMA };

struct map_item {
	uint64_t base, size;
	enum map_kind kind;
	size_t index;            /* region / cma index */
	enum mg_zone_type zone;  /* MAP_FREE */
	bool has_zone;
};

struct map {
	struct map_item *items;
	size_t n, cap;
	bool failed;
};

static void map_add(struct map *mp, uint64_t base, uint64_t size, enum map_kind kind, size_t index)
{
	struct map_item *it;
	if (!size || mp->failed)
		return;
	if (MG_ARRAY_RESERVE(mp->items, mp->cap, mp->n + 1)) {
		mp->failed = true;
		return;
	}
	it = &mp->items[mp->n++];
	memset(it, 0, sizeof(*it));
	it->base = base;
	it->size = size;
	it->kind = kind;
	it->index = index;
}

static uint64_t range_end(uint64_t base, uint64_t size) /* exclusive, saturating */
{
	uint64_t e;
	return mg_add_u64(base, size, &e) ? e : UINT64_MAX;
}

static int cmp_range(const void *a, const void *b)
{
	const struct mg_range *x = a, *y = b;
	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	return x->size < y->size ? -1 : x->size > y->size;
}

static int cmp_item(const void *a, const void *b)
{
	const struct map_item *x = a, *y = b;
	if (x->base != y->base)
		return x->base < y->base ? -1 : 1;
	/* Larger first, so a container precedes what it contains. */
	if (x->size != y->size)
		return x->size > y->size ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* Split a free stretch at zone boundaries and label each piece with its zone. */
static void map_add_free(struct map *mp, const struct mg_model *m, uint64_t base, uint64_t end)
{
	unsigned shift = (m->k.page_shift >= 10 && m->k.page_shift <= 30) ? m->k.page_shift : 12;
	while (base < end && !mp->failed) {
		uint64_t piece_end = end;
		int t, zone = -1;
		for (t = 0; t < MG_NR_ZONES; t++) {
			const struct mg_zone *z = &m->zones[t];
			uint64_t zs, ze;
			if (!z->present_pages || z->end_pfn <= z->start_pfn)
				continue;
			zs = z->start_pfn > (UINT64_MAX >> shift) ? UINT64_MAX : z->start_pfn << shift;
			ze = z->end_pfn > (UINT64_MAX >> shift) ? UINT64_MAX : z->end_pfn << shift;
			if (base >= zs && base < ze) {
				zone = t;
				piece_end = mg_min_u64(piece_end, ze);
			} else if (zs > base && zs < piece_end) {
				piece_end = zs;
			}
		}
		map_add(mp, base, piece_end - base, MAP_FREE, 0);
		if (!mp->failed && zone >= 0) {
			mp->items[mp->n - 1].zone = (enum mg_zone_type)zone;
			mp->items[mp->n - 1].has_zone = true;
		}
		base = piece_end;
	}
}

static bool cma_has_region(const struct mg_model *m, const struct mg_cma_area *c)
{
	size_t i, n = mg_min_u64(m->nregions, MG_MAX_REGIONS);
	for (i = 0; i < n; i++)
		if (m->regions[i].kind == MG_REGION_CMA && m->regions[i].base == c->base &&
		    m->regions[i].size_bytes == c->size_bytes)
			return true;
	return false;
}

static void map_print_item(struct mg_buf *out, const struct mg_model *m, const struct map_item *it)
{
	char a[24], e[24], sz[32];
	mg_rpt_addr(a, sizeof(a), it->base);
	mg_rpt_addr(e, sizeof(e), range_end(it->base, it->size) - 1);
	mg_rpt_size(sz, sizeof(sz), it->size);
	mg_buf_printf(out, "  %s-%s  %10s  ", a, e, sz);
	switch (it->kind) {
	case MAP_HOLE:
		mg_buf_puts(out, "-- hole (no RAM) --\n");
		return;
	case MAP_FREE:
		mg_buf_printf(out, "free (%s)\n", it->has_zone ? mg_rpt_zone_name(it->zone) : "no zone");
		return;
	case MAP_CMA:
		mg_buf_puts(out, "CMA ");
		mg_rpt_puts_clean(out, m->cma[it->index].name);
		mg_buf_puts(out, "\n");
		return;
	case MAP_REGION: {
		const struct mg_region *r = &m->regions[it->index];
		mg_rpt_puts_clean(out, r->name);
		mg_buf_printf(out, " [%s]%s%s%s\n", mg_rpt_kind_name(r->kind), r->nomap ? " no-map" : "",
			      r->removed ? " removed" : "", r->freed_after_boot ? " freed-after-boot" : "");
		return;
	}
	}
}

static void text_map(struct mg_buf *out, const struct mg_model *m)
{
	struct mg_range banks[64];
	struct map mp = { 0 };
	size_t nb = mg_min_u64(m->nbanks, 64), nr = mg_min_u64(m->nregions, MG_MAX_REGIONS);
	size_t nc = mg_min_u64(m->ncma, MG_MAX_CMA_AREAS), i, j;
	struct mg_range *placed = NULL;
	size_t nplaced = 0, cap_placed = 0;
	uint64_t prev_end = 0;
	bool any_floating = false;

	memcpy(banks, m->banks, nb * sizeof(banks[0]));
	qsort(banks, nb, sizeof(banks[0]), cmp_range);

	/* Regions with an address: those inside RAM, or anywhere but 0 (0 means "not placed"
	 * for the consumers the model only sizes, unless RAM starts at 0). */
	for (i = 0; i < nr; i++) {
		const struct mg_region *r = &m->regions[i];
		bool in_ram = false;
		for (j = 0; j < nb; j++)
			if (r->base >= banks[j].base && r->base < range_end(banks[j].base, banks[j].size))
				in_ram = true;
		if (!r->size_bytes)
			continue;
		if (!in_ram && r->base == 0) {
			any_floating = true;
			continue;
		}
		map_add(&mp, r->base, r->size_bytes, MAP_REGION, i);
		if (!MG_ARRAY_RESERVE(placed, cap_placed, nplaced + 1))
			placed[nplaced++] = (struct mg_range){ r->base, r->size_bytes };
		else
			mp.failed = true;
	}
	for (i = 0; i < nc; i++) {
		const struct mg_cma_area *c = &m->cma[i];
		if (!c->reserved || !c->size_bytes || cma_has_region(m, c))
			continue;
		map_add(&mp, c->base, c->size_bytes, MAP_CMA, i);
		if (!MG_ARRAY_RESERVE(placed, cap_placed, nplaced + 1))
			placed[nplaced++] = (struct mg_range){ c->base, c->size_bytes };
		else
			mp.failed = true;
	}
	if (placed)
		qsort(placed, nplaced, sizeof(placed[0]), cmp_range);

	/* Holes between banks (and below the first), free stretches inside each bank. */
	for (i = 0; i < nb; i++) {
		uint64_t bs = banks[i].base, be = range_end(banks[i].base, banks[i].size), cur = bs;
		if (bs > prev_end)
			map_add(&mp, prev_end, bs - prev_end, MAP_HOLE, 0);
		for (j = 0; j < nplaced; j++) {
			uint64_t rs = placed[j].base, re = range_end(placed[j].base, placed[j].size);
			if (re <= cur || rs >= be)
				continue;
			if (rs > cur)
				map_add_free(&mp, m, cur, rs);
			if (re > cur)
				cur = re;
		}
		if (cur < be)
			map_add_free(&mp, m, cur, be);
		prev_end = mg_max_u64(prev_end, be);
	}
	free(placed);

	mg_buf_puts(out, "\nPhysical address map\n");
	if (mp.failed) {
		out->failed = true;
		free(mp.items);
		return;
	}
	if (mp.items)
		qsort(mp.items, mp.n, sizeof(mp.items[0]), cmp_item);
	for (i = 0; i < mp.n; i++)
		map_print_item(out, m, &mp.items[i]);
	free(mp.items);
	if (any_floating) {
		mg_buf_puts(out, "  not at a fixed address (sized only):\n");
		for (i = 0; i < nr; i++) {
			const struct mg_region *r = &m->regions[i];
			char sz[32];
			bool in_ram = false;
			for (j = 0; j < nb; j++)
				if (r->base >= banks[j].base &&
				    r->base < range_end(banks[j].base, banks[j].size))
					in_ram = true;
			if (!r->size_bytes || in_ram || r->base != 0)
				continue;
			mg_rpt_size(sz, sizeof(sz), r->size_bytes);
			mg_buf_printf(out, "    %10s  ", sz);
			mg_rpt_puts_clean(out, r->name);
			mg_buf_printf(out, " [%s]\n", mg_rpt_kind_name(r->kind));
		}
	}
}

void mg_rpt_text_layout(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m)
{
	size_t i, n = mg_min_u64(m->nboot_lines, MG_MAX_BOOT_LINES);
	mg_buf_puts(out, "memgate layout ");
	mg_rpt_puts_clean(out, mg_rpt_board_label(b));
	mg_buf_puts(out, "\n");
	text_ledger(out, b, m);
	mg_buf_puts(out, "\nPredicted boot lines\n");
	for (i = 0; i < n; i++) {
		mg_buf_puts(out, "  ");
		mg_rpt_puts_clean(out, m->boot_lines[i]);
		mg_buf_puts(out, "\n");
	}
	text_map(out, m);
}

/* ---- check ---- */

static const char *sev_upper(enum mg_severity s)
{
	switch (s) {
	case MG_SEV_REJECT: return "REJECT";
	case MG_SEV_WARN: return "WARN";
	case MG_SEV_INFO: return "INFO";
	}
	return "?";
}

static void text_finding(struct mg_buf *out, const struct mg_finding *f)
{
	size_t i, n = mg_min_u64(f->nsources, MG_FINDING_MAX_SOURCES);
	mg_buf_printf(out, "  %-6s ", sev_upper(f->severity));
	mg_rpt_puts_clean(out, f->rule ? f->rule : "?");
	mg_buf_puts(out, ": ");
	mg_rpt_puts_clean(out, f->message);
	mg_buf_puts(out, "\n");
	for (i = 0; i < n; i++)
		put_origin_line(out, "         ", "source", &f->sources[i]);
	put_labeled(out, "         ", "fix", f->fix);
	if (f->waived) {
		mg_buf_puts(out, "         waived: ");
		mg_rpt_puts_clean(out, f->waiver_reason[0] ? f->waiver_reason : "(no reason)");
		mg_buf_puts(out, "\n");
	}
}

static void text_findings(struct mg_buf *out, const struct mg_finding *f, size_t n)
{
	size_t i;
	int s;
	/* Most severe first; the gate's order within a severity. */
	for (s = MG_SEV_REJECT; s >= MG_SEV_INFO; s--)
		for (i = 0; i < n; i++)
			if ((int)f[i].severity == s)
				text_finding(out, &f[i]);
	for (i = 0; i < n; i++)
		if ((unsigned)f[i].severity > MG_SEV_REJECT)
			text_finding(out, &f[i]);
}

static void text_fixes(struct mg_buf *out, const struct mg_verdict_variant *vv)
{
	size_t i, n = mg_min_u64(vv->nfixes, MG_MAX_FIXES);
	if (!n)
		return;
	mg_buf_puts(out, "\nFixes (each re-checked by running the model on the changed inputs)\n");
	for (i = 0; i < n; i++) {
		mg_buf_puts(out, "  [");
		mg_rpt_puts_clean(out, vv->fixes[i].kind);
		mg_buf_puts(out, "] ");
		mg_rpt_puts_clean(out, vv->fixes[i].text);
		mg_buf_puts(out, vv->fixes[i].verified ? "  (verified: passes)\n" : "  (NOT verified)\n");
	}
}

static void text_demand(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v,
			const struct mg_verdict_variant *first)
{
	char k[32];
	mg_buf_puts(out, "\nDemand");
	if (b && b->has_profile && b->profile.file[0]) {
		mg_buf_puts(out, " (");
		mg_rpt_puts_clean(out, b->profile.file);
		mg_buf_puts(out, ")");
	}
	mg_buf_puts(out, "\n");
	mg_rpt_kb(k, sizeof(k), mg_rpt_bytes_kb(v->demand.baseline_bytes));
	mg_buf_printf(out, "  %-34s %14s\n", "baseline", k);
	mg_rpt_kb(k, sizeof(k), mg_rpt_bytes_kb(v->demand.movable_bytes));
	mg_buf_printf(out, "  %-34s %14s\n", "movable", k);
	mg_rpt_kb(k, sizeof(k), mg_rpt_bytes_kb(v->demand.unmovable_bytes));
	mg_buf_printf(out, "  %-34s %14s\n", "unmovable", k);
	mg_rpt_kb(k, sizeof(k), mg_rpt_bytes_kb(v->demand.cma_bytes));
	mg_buf_printf(out, "  %-34s %14s\n", "cma", k);
	if (first) {
		mg_rpt_skb(k, sizeof(k), first->margin_kb);
		mg_buf_printf(out, "  %-34s %14s%s\n", "margin above the floor", k,
			      first->margin_kb < 0 ? "  (short)" : "");
	}
}

void mg_rpt_text_check(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v)
{
	const struct mg_verdict_variant *first = v->nvariants ? &v->variants[0] : NULL;
	size_t npol = mg_min_u64(v->npolicy_findings, 16), i;
	size_t nf = first ? mg_min_u64(first->nfindings, MG_MAX_FINDINGS) : 0;

	mg_buf_puts(out, "memgate: ");
	mg_rpt_headline(out, b, v);
	mg_buf_puts(out, "\n");
	if (v->nvariants == 1) {
		if (first->equation[0]) {
			mg_buf_puts(out, "  ");
			mg_rpt_puts_clean(out, first->equation);
			mg_buf_puts(out, "\n");
		}
	} else {
		for (i = 0; i < v->nvariants; i++) {
			char sz[32];
			mg_rpt_size(sz, sizeof(sz), mg_rpt_variant_ram(&v->variants[i]));
			mg_buf_printf(out, "  [RAM %s] %s: ", sz, mg_rpt_variant_word(&v->variants[i]));
			mg_rpt_puts_clean(out, v->variants[i].equation);
			mg_buf_puts(out, "\n");
		}
	}
	mg_buf_puts(out, "\n");
	if (first) {
		if (v->nvariants > 1) {
			char sz[32];
			mg_rpt_size(sz, sizeof(sz), mg_rpt_variant_ram(first));
			mg_buf_printf(out, "Ledger for the first RAM variant (%s)\n", sz);
		}
		text_ledger(out, b, &first->model);
	}
	text_demand(out, b, v, first);

	mg_buf_printf(out, "\nFindings (%zu)\n", nf + npol);
	if (!nf && !npol)
		mg_buf_puts(out, "  none\n");
	if (first)
		text_findings(out, first->findings, nf);
	text_findings(out, v->policy_findings, npol);
	if (first)
		text_fixes(out, first);

	if (v->nvariants > 1) {
		mg_buf_puts(out, "\nRAM variants\n");
		mg_buf_printf(out, "  %-10s %-7s %14s %14s %14s %14s  %s\n", "RAM", "verdict", "MemTotal",
			      "CmaTotal", "min_free", "margin", "findings");
		for (i = 0; i < v->nvariants; i++) {
			const struct mg_verdict_variant *vv = &v->variants[i];
			const struct mg_model *m = &vv->model;
			char sz[32], mt[32], ct[32], mf[32], mg[32];
			size_t j, n = mg_min_u64(vv->nfindings, MG_MAX_FINDINGS), shown = 0;
			mg_rpt_size(sz, sizeof(sz), mg_rpt_variant_ram(vv));
			mg_rpt_kb(mt, sizeof(mt), mg_rpt_pages_kb(m, m->memtotal_pages));
			mg_rpt_kb(ct, sizeof(ct), mg_rpt_pages_kb(m, m->cma_total_pages));
			mg_rpt_kb(mf, sizeof(mf), m->min_free_kbytes);
			mg_rpt_skb(mg, sizeof(mg), vv->margin_kb);
			mg_buf_printf(out, "  %-10s %-7s %14s %14s %14s %14s  ", sz, mg_rpt_variant_word(vv),
				      mt, ct, mf, mg);
			for (j = 0; j < n; j++) {
				if (!mg_rpt_finding_counts(&vv->findings[j]))
					continue;
				mg_buf_puts(out, shown++ ? ", " : "");
				mg_rpt_puts_clean(out, vv->findings[j].rule ? vv->findings[j].rule : "?");
			}
			mg_buf_puts(out, shown ? "\n" : "-\n");
		}
	}
}
