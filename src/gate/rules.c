/* The rule table and the verdict: each finding has a stable id, a severity, the comparison
 * with numbers, its sources and a fix.  Fixes are solved by re-running the model on the
 * changed inputs, never guessed. */
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <memgate/kconfig.h>

#include "gate_internal.h"
#include "../model/model_internal.h"

static const struct mg_rule_info rules[] = {
	{ "noncma-below-min", MG_SEV_REJECT,
	  "unmovable + movable-outside-CMA demand breaks the min watermark floor: the kernel OOMs" },
	{ "kswapd-always-awake", MG_SEV_WARN, "free non-CMA memory under demand stays below the high watermark" },
	{ "runtime-floor-risk", MG_SEV_WARN,
	  "the margin above min is smaller than a maximal watermark boost plus full per-CPU free lists" },
	{ "cma-unusable-for-movable", MG_SEV_WARN,
	  "mobility grouping is off: CMA serves only cma_alloc(), movable memory cannot use it" },
	{ "cma-rounded-up", MG_SEV_WARN, "a CMA area is larger than requested after alignment" },
	{ "cma-reservation-fails", MG_SEV_REJECT, "a CMA area cannot be reserved or activated" },
	{ "cma-demand-exceeds-pool", MG_SEV_REJECT, "declared CMA demand does not fit its pool" },
	{ "cma-source-ignored", MG_SEV_WARN, "cmdline cma= and a DT default pool: one of them is ignored" },
	{ "reserved-overlap", MG_SEV_WARN, "reserved-memory regions overlap" },
	{ "region-outside-ram", MG_SEV_WARN, "a reserved region lies outside every memory bank" },
	{ "dynamic-region-unplaceable", MG_SEV_REJECT, "a dynamic reserved-memory region finds no room" },
	{ "cma-crosses-zone", MG_SEV_REJECT, "a CMA area spans two zones and cannot be activated" },
	{ "swiotlb-in-dma-zone", MG_SEV_INFO, "the swiotlb bounce buffer takes memory from the DMA zone" },
	{ "thp-raised-min-free", MG_SEV_INFO, "transparent hugepages raise min_free_kbytes" },
	{ "sysctl-overrides-default", MG_SEV_INFO, "a sysctl replaces the kernel's computed value" },
	{ "waiver-expired", MG_SEV_WARN, "a waiver in the policy has expired" },
	{ "waiver-unmatched", MG_SEV_WARN, "a waiver in the policy matches no finding" },
};

const struct mg_rule_info *mg_rules(size_t *n)
{
	*n = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const char *mg_severity_name(enum mg_severity s)
{
	return s == MG_SEV_REJECT ? "reject" : s == MG_SEV_WARN ? "warn" : "info";
}

static const struct mg_rule_info *rule_info(const char *id)
{
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (!strcmp(rules[i].id, id))
			return &rules[i];
	return NULL;
}

struct ctx {
	const struct mg_board *b;
	const struct mg_gate_options *opt;
	struct mg_verdict_variant *v;
	bool *waiver_used;  /* per policy waiver, owned by the run; NULL in fix trials */
};

/* A finding about to be filled in: cleared up to its sources, written as they are added. */
static void finding_init(struct mg_finding *f)
{
	memset(f, 0, offsetof(struct mg_finding, sources));
}

static struct mg_finding *add(struct ctx *c, const char *rule, const char *fmt, ...) MG_PRINTF(3, 4);
static struct mg_finding *add(struct ctx *c, const char *rule, const char *fmt, ...)
{
	const struct mg_rule_info *ri = rule_info(rule);
	const struct mg_policy *p = c->opt->policy;
	struct mg_finding *f;
	va_list ap;

	if (p)
		for (size_t i = 0; i < p->nrules; i++)
			if (!strcmp(p->rules[i].id, rule) && p->rules[i].disabled)
				return NULL;
	if (c->v->nfindings >= MG_MAX_FINDINGS)
		return NULL;
	f = &c->v->findings[c->v->nfindings++];
	finding_init(f);
	f->rule = ri ? ri->id : rule;
	f->severity = ri ? ri->default_severity : MG_SEV_WARN;
	if (p)
		for (size_t i = 0; i < p->nrules; i++)
			if (!strcmp(p->rules[i].id, rule) && p->rules[i].has_severity)
				f->severity = p->rules[i].severity;
	va_start(ap, fmt);
	vsnprintf(f->message, sizeof(f->message), fmt, ap);
	va_end(ap);
	return f;
}

static void src(struct mg_finding *f, const struct mg_origin *o)
{
	if (f && o && (o->file[0] || o->what[0]) && f->nsources < MG_FINDING_MAX_SOURCES)
		f->sources[f->nsources++] = *o;
}

static void src_config(struct mg_finding *f, const struct mg_board *b, const char *sym)
{
	struct mg_origin o;
	if (!f || !mg_kconfig_find(&b->kconfig, sym, NULL))
		return;
	mg_kconfig_origin(&b->kconfig, sym, &o);
	src(f, &o);
}

static void src_profile(struct mg_finding *f, const struct mg_board *b)
{
	if (!b->has_profile)
		return;
	src(f, &b->profile.baseline_origin);
	for (size_t i = 0; i < b->profile.napps && f && f->nsources < MG_FINDING_MAX_SOURCES; i++)
		src(f, &b->profile.apps[i].origin);
}

static const struct mg_cma_area *default_area(const struct mg_model *m)
{
	for (size_t i = 0; i < m->ncma; i++)
		if (m->cma[i].is_default)
			return &m->cma[i];
	return NULL;
}

static void rules_cma(struct ctx *c, const struct mg_demand *d)
{
	const struct mg_model *m = &c->v->model;
	const struct mg_board *b = c->b;
	struct mg_finding *f;

	for (size_t i = 0; i < m->ncma; i++) {
		const struct mg_cma_area *a = &m->cma[i];
		if (a->reserved && a->size_bytes > a->requested_bytes) {
			f = add(c, "cma-rounded-up",
				"CMA area '%s': asked %" PRIu64 " MiB, got %" PRIu64 " MiB because CMA alignment on %u KiB "
				"pages is %" PRIu64 " MiB",
				a->name, a->requested_bytes >> 20, a->size_bytes >> 20,
				(unsigned)(m->k.page_size_bytes >> 10), m->k.cma_align_bytes >> 20);
			src(f, &a->origin);
			src_config(f, b, m->k.page_shift == 16 ? "ARM64_64K_PAGES" : "ARM64_PAGE_SHIFT");
		}
		if (a->failure[0]) {
			bool crosses = strstr(a->failure, "could not be activated") != NULL;
			f = add(c, crosses ? "cma-crosses-zone" : "cma-reservation-fails", "%s (requested %" PRIu64 " MiB)",
				a->failure, a->requested_bytes >> 20);
			src(f, &a->origin);
		}
	}
	if (m->cma_total_pages && !m->mobility_grouping) {
		f = add(c, "cma-unusable-for-movable",
			"mobility grouping is off: %" PRIu64 " pages at build_all_zonelists < pageblock %" PRIu64
			" x MIGRATE_TYPES %u = %" PRIu64 " pages; the %" PRIu64 " kB of CMA serve only cma_alloc() and "
			"every allocation sees free minus free CMA",
			m->grouping_total_pages, m->k.pageblock_pages, m->k.migrate_types, m->grouping_threshold_pages,
			mg_pages_to_kb(m, m->cma_total_pages));
		if (f) {
			src_config(f, b, m->k.page_shift == 16 ? "ARM64_64K_PAGES" : "ARM64_PAGE_SHIFT");
			src_config(f, b, "HUGETLB_PAGE");
			if (default_area(m))
				src(f, &default_area(m)->origin);
			/* vm_total_pages = present - memmap estimate (free_area_init_core), so the
			 * threshold needs present >= threshold * P / (P - sizeof(struct page)). */
			uint64_t P = m->k.page_size_bytes, sp = m->k.struct_page_bytes;
			uint64_t need = (m->grouping_threshold_pages * P + (P - sp) - 1) / (P - sp);
			uint64_t ram_mib = mg_align_up((need << m->k.page_shift) + (m->ram_bytes -
							(m->present_pages << m->k.page_shift)), 64ull << 20) >> 20;
			snprintf(f->fix, sizeof(f->fix),
				 "give movable memory non-CMA room, shrink CMA, or reach about %" PRIu64
				 " MiB of RAM (vm_total_pages >= %" PRIu64 ": grouping turns on)",
				 ram_mib, m->grouping_threshold_pages);
		}
	}
	/* CMA demand per pool. */
	if (b->has_profile) {
		for (size_t i = 0; i < b->profile.napps; i++) {
			const struct mg_app *app = &b->profile.apps[i];
			uint64_t need = 0, have = 0;
			bool found = false, seen = false;
			if (!app->cma_bytes)
				continue;
			/* one finding per pool: the first application that draws on it reports it */
			for (size_t j = 0; j < i && !seen; j++)
				seen = b->profile.apps[j].cma_bytes && !strcmp(b->profile.apps[j].cma_pool, app->cma_pool);
			if (seen)
				continue;
			for (size_t j = 0; j < b->profile.napps; j++)
				if (!strcmp(b->profile.apps[j].cma_pool, app->cma_pool))
					need += b->profile.apps[j].cma_bytes * b->profile.apps[j].instances;
			for (size_t j = 0; j < m->ncapacity_cma; j++)
				if (!strcmp(m->capacity_cma[j].pool, app->cma_pool)) {
					found = true;
					have = m->capacity_cma[j].kb > 0 ? (uint64_t)m->capacity_cma[j].kb << 10 : 0;
				}
			if (!found || need > have) {
				f = add(c, "cma-demand-exceeds-pool",
					"CMA demand for pool '%s' %" PRIu64 " kB > available %" PRIu64 " kB%s", app->cma_pool,
					need >> 10, have >> 10, found ? "" : " (no such pool is activated)");
				src(f, &app->cma_origin);
			}
		}
	}
	(void)d;
	/* cmdline cma= together with a DT linux,cma-default pool. */
	{
		const struct mg_cmdline_token *t = mg_cmdline_last(&b->cmdline, "cma");
		for (size_t i = 0; t && i < b->dt.nrmem; i++) {
			const struct mg_dt_rmem *r = &b->dt.rmem[i];
			if (!r->cma_default || !r->okay)
				continue;
			f = add(c, "cma-source-ignored",
				m->k.rules->cmdline_cma_bypasses_dt
					? "%s bypasses the DT default pool %s (kernel >= 5.6)"
					: "DT default pool %s wins: %s is ignored (kernel <= 5.5)",
				m->k.rules->cmdline_cma_bypasses_dt ? t->origin.what : r->path,
				m->k.rules->cmdline_cma_bypasses_dt ? r->path : t->origin.what);
			src(f, &t->origin);
			src(f, &r->origin);
		}
	}
}

static void rules_regions(struct ctx *c)
{
	const struct mg_board *b = c->b;
	const struct mg_dt *dt = &b->dt;
	const struct mg_model *m = &c->v->model;
	struct mg_finding *f;

	for (size_t i = 0; i < dt->nrmem; i++) {
		const struct mg_dt_rmem *a = &dt->rmem[i];
		if (!a->okay)
			continue;
		for (size_t x = 0; x < a->nreg; x++) {
			uint64_t s = a->reg[x].base, e = s + a->reg[x].size;
			bool inside = false, touches = false;
			for (size_t k = 0; k < dt->nmemory && !inside; k++)
				for (size_t r = 0; r < dt->memory[k].nreg; r++) {
					uint64_t bs = dt->memory[k].reg[r].base, be = bs + dt->memory[k].reg[r].size;
					if (s >= bs && e <= be)
						inside = true;
					else if (s < be && bs < e)
						touches = true;
				}
			if (!inside && dt->nmemory) {
				f = add(c, "region-outside-ram",
					touches ? "%s [0x%" PRIx64 "-0x%" PRIx64 ") straddles the end of a /memory bank: only "
						  "its part inside RAM is reserved, the rest protects nothing"
						: "%s [0x%" PRIx64 "-0x%" PRIx64 ") is not inside any /memory bank: it costs "
						  "nothing and protects nothing",
					a->path, s, e);
				src(f, &a->origin);
			}
			for (size_t j = i + 1; j < dt->nrmem; j++) {
				const struct mg_dt_rmem *o = &dt->rmem[j];
				if (!o->okay)
					continue;
				for (size_t y = 0; y < o->nreg; y++) {
					uint64_t os = o->reg[y].base, oe = os + o->reg[y].size;
					const char *kind;
					if (os >= e || s >= oe)
						continue;
					kind = s == os && e == oe       ? "duplicate description"
					       : (s <= os && oe <= e) || (os <= s && e <= oe) ? "nested"
											  : "conflicting";
					f = add(c, "reserved-overlap",
						"%s [0x%" PRIx64 "-0x%" PRIx64 ") and %s [0x%" PRIx64 "-0x%" PRIx64 ") overlap (%s)",
						a->path, s, e, o->path, os, oe, kind);
					if (f && strcmp(kind, "conflicting"))
						f->severity = MG_SEV_INFO;
					src(f, &a->origin);
					src(f, &o->origin);
				}
			}
		}
		if (a->has_size && !a->nreg) {
			bool placed = false;
			for (size_t r = 0; r < m->nregions; r++)
				if (!strcmp(m->regions[r].name, a->name))
					placed = true;
			if (!placed) {
				f = add(c, "dynamic-region-unplaceable",
					"%s: no free %" PRIu64 " MiB inside its alloc-ranges: OF: reserved mem: failed to allocate memory",
					a->path, a->size >> 20);
				src(f, &a->origin);
			}
		}
	}
	for (size_t r = 0; r < m->nregions; r++) {
		const struct mg_region *reg = &m->regions[r];
		if (reg->kind == MG_REGION_SWIOTLB && !strcmp(reg->name, "swiotlb bounce buffer") &&
		    mg_zone_of(m, reg->base) == MG_ZONE_DMA && m->zones[MG_ZONE_DMA].present_pages) {
			f = add(c, "swiotlb-in-dma-zone", "swiotlb takes %" PRIu64 " MiB at 0x%" PRIx64 " from zone DMA (%s)",
				reg->size_bytes >> 20, reg->base, reg->rule);
			src(f, &reg->origin);
		}
	}
}

static void rules_wmarks(struct ctx *c)
{
	const struct mg_model *m = &c->v->model;
	struct mg_finding *f;
	for (size_t i = 1; i < m->nwmark_steps; i++) {
		const struct mg_wmark_step *s = &m->wmark_steps[i];
		if (strstr(s->what, "THP raise")) {
			f = add(c, "thp-raised-min-free",
				"THP raises min_free_kbytes from %" PRIu64 " to %" PRIu64 " kB (%s)",
				m->wmark_steps[i - 1].min_free_kbytes, s->min_free_kbytes, s->rule);
			src_config(f, c->b, "TRANSPARENT_HUGEPAGE");
			if (f)
				snprintf(f->fix, sizeof(f->fix),
					 "transparent_hugepage=never on the command line keeps min_free_kbytes at %" PRIu64 " kB",
					 m->wmark_steps[0].min_free_kbytes);
		} else if (strstr(s->what, "sysctl")) {
			f = add(c, "sysctl-overrides-default", "%s: min_free_kbytes %" PRIu64 " kB replaces %" PRIu64 " kB",
				s->what, s->min_free_kbytes, m->wmark_steps[i - 1].min_free_kbytes);
			src(f, &s->origin);
		}
	}
}

static void rule_floor(struct ctx *c, const struct mg_demand *d)
{
	struct mg_verdict_variant *v = c->v;
	const struct mg_model *m = &v->model;
	struct mg_budget bu;
	struct mg_finding *f;
	unsigned pct = c->opt->policy ? c->opt->policy->min_margin_pct : 0;
	int64_t required;

	mg_budget_eval(m, d, &bu);
	/* A policy margin: demand must leave pct % of min free above the floor. */
	required = (int64_t)(pct ? bu.min_kb * pct / 100 : 0);
	v->margin_kb = bu.margin_kb;
	snprintf(v->equation, sizeof(v->equation),
		 "non-CMA free %" PRIu64 " kB - demand %" PRIu64 " kB = %" PRId64 " kB %s %s %" PRIu64 " kB (%s %s%s)",
		 bu.noncma_kb, bu.demand_kb, (int64_t)bu.noncma_kb - (int64_t)bu.demand_kb,
		 bu.margin_kb > required ? ">" : "<=", bu.nzones > 1 ? "min + lowmem_reserve" : "min", bu.min_kb,
		 bu.nzones > 1 ? "zones" : "zone", bu.zones,
		 pct ? ", policy margin applied" : "");
	if (bu.margin_kb <= required) {
		f = add(c, "noncma-below-min", "%s; short by %" PRId64 " kB", v->equation, required - bu.margin_kb + 1);
		if (f) {
			src_profile(f, c->b);
			for (size_t i = 0; i < m->ncma; i++)
				src(f, &m->cma[i].origin);
			src_config(f, c->b, "TRANSPARENT_HUGEPAGE");
		}
	} else if (bu.margin_kb <= (int64_t)bu.runtime_kb) {
		/* mm/page_alloc.c: boost_watermark (5.0+) can raise min by up to boost_max after
		 * fragmentation events, and pages parked on other CPUs' pcp lists (zone_highsize,
		 * 5.14+) are not in NR_FREE_PAGES: the kernel can OOM inside this margin. */
		f = add(c, "runtime-floor-risk",
			"margin above min %" PRId64 " kB <= worst-case watermark boost + per-CPU free lists %" PRIu64
			" kB (%s)", bu.margin_kb, bu.runtime_kb, bu.zones);
		src_profile(f, c->b);
	}
	/* Independent of the runtime risk: below high, kswapd runs and never rests. */
	if (bu.margin_kb > required && bu.high_margin_kb <= 0) {
		f = add(c, "kswapd-always-awake",
			"non-CMA free %" PRIu64 " kB - demand %" PRIu64 " kB = %" PRId64 " kB <= high %" PRIu64
			" kB: kswapd never rests (margin above min %" PRId64 " kB)",
			bu.noncma_kb, bu.demand_kb, (int64_t)bu.noncma_kb - (int64_t)bu.demand_kb, bu.high_kb,
			bu.margin_kb);
		src_profile(f, c->b);
	}
}

static void finish_variant(struct ctx *c)
{
	struct mg_verdict_variant *v = c->v;
	v->worst = MG_SEV_INFO;
	for (size_t i = 0; i < v->nfindings; i++) {
		struct mg_finding *f = &v->findings[i];
		if (c->opt->policy)
			for (size_t w = 0; w < c->opt->policy->nwaivers; w++) {
				const struct mg_waiver *wv = &c->opt->policy->waivers[w];
				bool scope_ok = !wv->scope[0] || strstr(f->message, wv->scope);
				for (size_t s = 0; !scope_ok && s < f->nsources; s++)
					scope_ok = strstr(f->sources[s].what, wv->scope) != NULL;
				if (strcmp(wv->rule, f->rule) || !scope_ok)
					continue;
				if (c->opt->today && strcmp(wv->expires, c->opt->today) < 0)
					continue;
				if (c->waiver_used)
					c->waiver_used[w] = true;
				f->waived = true;
				snprintf(f->waiver_reason, sizeof(f->waiver_reason), "%s (%s, until %s)", wv->reason,
					 wv->owner, wv->expires);
			}
		if (!f->waived && f->severity > v->worst)
			v->worst = f->severity;
	}
	v->rejected = v->worst == MG_SEV_REJECT;
}

/* A variant ready for evaluate: its counts and verdict cleared, not its ~1.1 MiB of model and
 * entries (zeroing those cost more than a board's whole check in a batch). */
static void variant_init(struct mg_verdict_variant *v, uint64_t ram_bytes)
{
	memset(v, 0, offsetof(struct mg_verdict_variant, model));
	v->ram_bytes = ram_bytes;
}

static int evaluate(struct ctx *c, const struct mg_demand *d, const struct mg_model_options *mo, struct mg_error *err)
{
	if (mg_model_run(&c->v->model, c->b, mo, err))
		return -1;
	rule_floor(c, d);
	rules_cma(c, d);
	rules_regions(c);
	rules_wmarks(c);
	finish_variant(c);
	return 0;
}

/* Does the board pass every rule with these model options and this demand?  Used to solve and
 * verify fixes: the whole rule set runs again, not only the floor. */
static int passes(struct ctx *c, const struct mg_demand *d, const struct mg_model_options *mo,
		  int64_t *margin)
{
	struct mg_verdict_variant *v = malloc(sizeof(*v));
	struct ctx sub = { c->b, c->opt, v, NULL };
	struct mg_error err;
	int ok = 0;

	if (!v)
		return 0;
	variant_init(v, 0);
	if (!evaluate(&sub, d, mo, &err)) {
		ok = !v->rejected;
		if (margin)
			*margin = v->margin_kb;
	}
	free(v);
	return ok;
}

static void add_fix(struct mg_verdict_variant *v, const char *kind, bool verified, const char *fmt, ...)
	MG_PRINTF(4, 5);
static void add_fix(struct mg_verdict_variant *v, const char *kind, bool verified, const char *fmt, ...)
{
	va_list ap;
	struct mg_fix *f;
	if (v->nfixes >= MG_MAX_FIXES)
		return;
	f = &v->fixes[v->nfixes++];
	snprintf(f->kind, sizeof(f->kind), "%s", kind);
	f->verified = verified;
	va_start(ap, fmt);
	vsnprintf(f->text, sizeof(f->text), fmt, ap);
	va_end(ap);
}

static void solve_fixes(struct ctx *c, const struct mg_demand *d, const struct mg_model_options *base)
{
	struct mg_verdict_variant *v = c->v;
	const struct mg_model *m = &v->model;
	const struct mg_cma_area *a = default_area(m);
	struct mg_model_options mo = *base;
	char extra[64];
	uint64_t align = m->k.cma_align_bytes;

	/* 1. The largest cma= that passes, in steps of the CMA granule. */
	if (a && a->reserved && align) {
		/* Walk down from the current size in granule steps (coarser for huge areas, at most
		 * 64 model runs): CMA demand can make small sizes fail, so this is no bisection. */
		uint64_t best = UINT64_MAX, lowest = a->size_bytes;
		uint64_t step = mg_max_u64(align, mg_align_up(a->size_bytes / 64, align));
		for (uint64_t s = a->size_bytes;; s = s > step ? s - step : 0) {
			snprintf(extra, sizeof(extra), "cma=%" PRIu64 "M", s >> 20);
			mo.extra_cmdline = extra;
			lowest = s;
			if (passes(c, d, &mo, NULL)) {
				best = s;
				break;
			}
			if (!s)
				break;
		}
		if (best != UINT64_MAX)
			add_fix(v, "cma", true,
				"set cma=%" PRIu64 "M (largest passing size; CMA granule %" PRIu64 " MiB on this kernel%s)",
				best >> 20, align >> 20,
				align >= (512ull << 20) ? ": the only choices below it are multiples of 512 MiB" : "");
		else
			add_fix(v, "cma", false, "no cma= size from %" PRIu64 " MiB down to %" PRIu64 " MiB passes",
				a->size_bytes >> 20, lowest >> 20);
		mo.extra_cmdline = NULL;
	}
	/* 2. The smallest RAM that passes (64 MiB steps, binary search up to 64 GiB). */
	{
		uint64_t lo = m->ram_bytes, hi = 64ull << 30, step = 64ull << 20;
		mo.has_ram_override = true;
		mo.ram_bytes = hi;
		if (passes(c, d, &mo, NULL)) {
			while (hi - lo > step) {
				uint64_t mid = lo + ((hi - lo) / 2 / step) * step;
				if (mid <= lo)
					mid = lo + step;
				mo.ram_bytes = mid;
				if (passes(c, d, &mo, NULL))
					hi = mid;
				else
					lo = mid;
			}
			add_fix(v, "ram", true, "fit at least %" PRIu64 " MiB of RAM (first bank grown from %" PRIu64 " MiB)",
				hi >> 20, m->ram_bytes >> 20);
		}
		mo.has_ram_override = base->has_ram_override;
		mo.ram_bytes = base->ram_bytes;
	}
	/* 3. How much demand must go: re-checked with that much less baseline demand. */
	if (v->margin_kb <= 0) {
		struct mg_demand less = *d;
		uint64_t cut = ((uint64_t)-v->margin_kb + 1) << 10;
		bool ok;
		less.baseline_bytes = less.baseline_bytes > cut ? less.baseline_bytes - cut : 0;
		less.unmovable_bytes -= cut - (d->baseline_bytes - less.baseline_bytes) < less.unmovable_bytes
						? cut - (d->baseline_bytes - less.baseline_bytes) : less.unmovable_bytes;
		ok = passes(c, &less, base, NULL);
		add_fix(v, "demand", ok, "remove at least %" PRId64 " kB of unmovable or non-CMA movable demand",
			-v->margin_kb + 1);
	}
	/* 4. A config change: THP off lowers min_free_kbytes. */
	if (m->k.thp_enabled) {
		mo.extra_cmdline = "transparent_hugepage=never";
		int64_t mg = 0;
		if (passes(c, d, &mo, &mg))
			add_fix(v, "config", true, "boot with transparent_hugepage=never (margin becomes %" PRId64 " kB)", mg);
		mo.extra_cmdline = NULL;
	}
}

int mg_gate_run(struct mg_verdict *v, const struct mg_board *b, const struct mg_gate_options *opt,
		struct mg_error *err)
{
	struct mg_gate_options none = { 0 };
	size_t n;
	char today[16];
	/* Which waivers matched a finding; the caller's policy stays untouched. */
	bool used[sizeof(((struct mg_policy *)0)->waivers) / sizeof(((struct mg_policy *)0)->waivers[0])] = { false };

	mg_verdict_init(v);
	if (!opt)
		opt = &none;
	if (!opt->today) {
		time_t t = time(NULL);
		struct tm tm;
		/* Not strftime: glibc's reads /etc/localtime (tzset) for a UTC date. */
		gmtime_r(&t, &tm);
		snprintf(today, sizeof(today), "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
			 tm.tm_mday);
		none = *opt;
		none.today = today;
		opt = &none;
	}
	if (b->has_profile && mg_profile_demand(&b->profile, &v->demand, err))
		return -1;
	/* RAM variants: the flag's list, else board.yaml's ram_variants, else the board as is. */
	if (!opt->nram_variants && b->nram_variants) {
		if (opt != &none)
			none = *opt;
		none.ram_variants = b->ram_variants;
		none.nram_variants = b->nram_variants;
		opt = &none;
	}
	n = opt->nram_variants ? opt->nram_variants : 1;
	v->variants = n <= SIZE_MAX / sizeof(*v->variants) ? malloc(n * sizeof(*v->variants)) : NULL;
	if (!v->variants)
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	v->nvariants = n;
	for (size_t i = 0; i < n; i++) {
		struct mg_model_options mo = { 0 };
		struct ctx c = { b, opt, &v->variants[i], used };
		variant_init(&v->variants[i], opt->nram_variants ? opt->ram_variants[i] : 0);
		if (opt->nram_variants) {
			mo.has_ram_override = true;
			mo.ram_bytes = opt->ram_variants[i];
		}
		if (evaluate(&c, &v->demand, &mo, err))
			return -1;
		if (opt->solve_fixes && v->variants[i].rejected)
			solve_fixes(&c, &v->demand, &mo);
		if (v->variants[i].worst > v->worst)
			v->worst = v->variants[i].worst;
		v->rejected |= v->variants[i].rejected;
	}
	/* Waivers that expired or matched nothing are findings themselves. */
	if (opt->policy)
		for (size_t w = 0; w < opt->policy->nwaivers && v->npolicy_findings < 16; w++) {
			const struct mg_waiver *wv = &opt->policy->waivers[w];
			struct mg_finding *f = &v->policy_findings[v->npolicy_findings];
			bool expired = strcmp(wv->expires, opt->today) < 0;
			if (used[w] && !expired)
				continue;
			finding_init(f);
			f->rule = expired ? "waiver-expired" : "waiver-unmatched";
			f->severity = MG_SEV_WARN;
			snprintf(f->message, sizeof(f->message), expired ? "waiver for %s (%s) expired on %s"
									 : "waiver for %s (%s) matches no finding%s",
				 wv->rule, wv->owner, expired ? wv->expires : "");
			f->sources[0] = wv->origin;
			f->nsources = 1;
			v->npolicy_findings++;
			if (v->worst < MG_SEV_WARN)
				v->worst = MG_SEV_WARN;
		}
	return 0;
}

void mg_verdict_init(struct mg_verdict *v)
{
	memset(v, 0, offsetof(struct mg_verdict, policy_findings));
}

void mg_verdict_free(struct mg_verdict *v)
{
	free(v->variants);
	v->variants = NULL;
	v->nvariants = 0;
}
