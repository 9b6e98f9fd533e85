/* min_free_kbytes, per-zone min/low/high(/promo) and lowmem_reserve, in the order the kernel
 * computes them: init_per_zone_wmark_min (core/postcore), the THP raise at subsys_initcall
 * (mm/khugepaged.c: set_recommended_min_free_kbytes), command-line sysctls (>= 5.8) and
 * sysctl.conf at run time.  Formulas: mm/page_alloc.c __setup_per_zone_wmarks and
 * setup_per_zone_lowmem_reserve, v4.19-v6.12 (kernel-watermarks.md sections 1-4). */
#include <stdarg.h>
#include <string.h>

#include "model_internal.h"

enum mset { M_BOOT, M_POST, M_FINAL };

static uint64_t managed(const struct mg_zone *z, enum mset s)
{
	return s == M_BOOT ? z->managed_boot_pages : s == M_POST ? z->managed_post_pages : z->managed_pages;
}

static bool is_highmem_like(const struct mg_model *m, int zi)
{
	return zi == MG_ZONE_HIGHMEM || (zi == MG_ZONE_MOVABLE && m->k.rules->movable_not_lowmem);
}

/* mult_frac(x, n, d) = (x / d) * n + ((x % d) * n) / d */
static uint64_t mult_frac(uint64_t x, uint64_t n, uint64_t d)
{
	return (x / d) * n + ((x % d) * n) / d;
}

static void setup_wmarks(struct mg_model *m, enum mset s)
{
	uint64_t pages_min = m->min_free_kbytes >> (m->k.page_shift - 10), lowmem = 0;

	for (int zi = 0; zi < MG_NR_ZONES; zi++)
		if (zi != MG_ZONE_HIGHMEM && !(zi == MG_ZONE_MOVABLE && m->k.rules->movable_not_lowmem))
			lowmem += managed(&m->zones[zi], s);
	for (int zi = 0; zi < MG_NR_ZONES; zi++) {
		struct mg_zone *z = &m->zones[zi];
		uint64_t mz = managed(z, s), t = lowmem ? pages_min * mz / lowmem : 0, d;
		if (is_highmem_like(m, zi)) {
			uint64_t v = mz / 1024;
			z->min_pages = v < 32 ? 32 : v > 128 ? 128 : v; /* clamp(.., SWAP_CLUSTER_MAX, 128) */
		} else {
			z->min_pages = t;
		}
		d = mg_max_u64(t >> 2, mult_frac(mz, m->watermark_scale_factor, 10000));
		z->low_pages = z->min_pages + d;
		z->high_pages = z->min_pages + 2 * d;
		z->promo_pages = m->k.rules->has_promo ? z->min_pages + 3 * d : 0;
	}
}

static void setup_lowmem_reserve(struct mg_model *m, enum mset s, const uint64_t ratio[MG_NR_ZONES])
{
	const struct mg_kver *r = m->k.rules;
	for (int i = 0; i < MG_NR_ZONES; i++) {
		struct mg_zone *lower = &m->zones[i];
		uint64_t sum = 0;
		memset(lower->lowmem_reserve_pages, 0, sizeof(lower->lowmem_reserve_pages));
		for (int j = i + 1; j < MG_NR_ZONES; j++) {
			uint64_t upper = managed(&m->zones[j], s);
			bool clear = !ratio[i] || (r->lowmem_reserve_skip_empty_lower && !managed(lower, s)) ||
				     (r->lowmem_reserve_skip_empty_upper && !upper);
			sum += upper;
			lower->lowmem_reserve_pages[j] = clear ? 0 : sum / ratio[i];
		}
	}
}

/* nr_free_buffer_pages(): sum over zones <= NORMAL of max(0, managed - high). */
static uint64_t nr_free_buffer_pages(const struct mg_model *m, enum mset s)
{
	uint64_t n = 0;
	for (int zi = 0; zi <= MG_ZONE_NORMAL; zi++) {
		uint64_t mz = managed(&m->zones[zi], s), h = m->zones[zi].high_pages;
		n += mz > h ? mz - h : 0;
	}
	return n;
}

static void step(struct mg_model *m, const char *what, const struct mg_origin *o, const char *fmt, ...)
	MG_PRINTF(4, 5);
static void step(struct mg_model *m, const char *what, const struct mg_origin *o, const char *fmt, ...)
{
	struct mg_wmark_step *st;
	va_list ap;
	if (m->nwmark_steps >= MG_MAX_WMARK_STEPS)
		return;
	st = &m->wmark_steps[m->nwmark_steps++];
	memset(st, 0, sizeof(*st));
	snprintf(st->what, sizeof(st->what), "%s", what);
	st->min_free_kbytes = m->min_free_kbytes;
	if (o)
		st->origin = *o;
	va_start(ap, fmt);
	vsnprintf(st->rule, sizeof(st->rule), fmt, ap);
	va_end(ap);
}

/* calculate_min_free_kbytes: clamp(int_sqrt(16 * lowmem_kB), 128, cap). */
static uint64_t default_min_free(const struct mg_model *m, uint64_t lowmem_pages, uint64_t *raw)
{
	uint64_t kb = lowmem_pages << (m->k.page_shift - 10);
	uint64_t v = mg_int_sqrt(kb * 16);
	*raw = v;
	if (v < 128)
		v = 128;
	if (v > m->k.rules->min_free_kbytes_cap)
		v = m->k.rules->min_free_kbytes_cap;
	return v;
}

int mg_watermarks_compute(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;
	uint64_t ratio[MG_NR_ZONES] = { 256, 256, 32, 0, 0 }, raw, lowmem;
	enum mset s0 = k->rules->wmark_postcore ? M_POST : M_BOOT;
	const struct mg_sysctl *sc = &c->b->sysctl;
	struct mg_origin o;
	bool user_set = false;

	m->watermark_scale_factor = 10;
	/* 1. init_per_zone_wmark_min: watermarks are still 0, so lowmem = sum of managed. */
	lowmem = nr_free_buffer_pages(m, s0);
	m->min_free_kbytes = default_min_free(m, lowmem, &raw);
	mg_origin_builtin(&o, "mm/page_alloc.c: init_per_zone_wmark_min");
	step(m, k->rules->wmark_postcore ? "init_per_zone_wmark_min (postcore_initcall, CMA counted)"
					 : "init_per_zone_wmark_min (core_initcall, before CMA activation)",
	     &o, "int_sqrt(16 * %llu kB) = %llu, clamped to [128, %llu]",
	     (unsigned long long)(lowmem << (k->page_shift - 10)), (unsigned long long)raw,
	     (unsigned long long)k->rules->min_free_kbytes_cap);
	setup_wmarks(m, s0);
	setup_lowmem_reserve(m, s0, ratio);

	/* 2. hugepage_init (subsys_initcall): THP off below 512 MiB of totalram. */
	if (k->thp_built) {
		uint64_t total = 0, nr_zones = 0, nfb, rec;
		for (int zi = 0; zi < MG_NR_ZONES; zi++)
			total += m->zones[zi].managed_post_pages;
		/* for_each_populated_zone counts every node's zones (zones are summed over nodes here) */
		for (int zi = 0; zi <= MG_ZONE_NORMAL; zi++) {
			const struct mg_zone *z = &m->zones[zi];
			if (!z->present_pages)
				continue;
			if (c->nnodes < 2) {
				nr_zones++;
				continue;
			}
			for (size_t n = 0; n < c->nnodes; n++) {
				uint64_t lo = mg_max_u64(c->node_span[n].base, z->start_pfn << k->page_shift);
				uint64_t hi = mg_min_u64(c->node_span[n].base + c->node_span[n].size, z->end_pfn << k->page_shift);
				nr_zones += lo < hi && mg_mb_present_pages(&c->mb, lo, hi, k->page_shift) > 0;
			}
		}
		nfb = nr_free_buffer_pages(m, M_POST);
		if (total < (512ull << (20 - k->page_shift))) {
			mg_model_note(m, "THP disabled at boot: totalram %llu pages < 512 MiB (hugepage_init)",
				      (unsigned long long)total);
		} else if (k->thp_enabled) {
			rec = k->pageblock_pages * nr_zones * (2 + 3 * 3);
			if (rec > nfb / 20)
				rec = nfb / 20;
			if ((rec << (k->page_shift - 10)) > m->min_free_kbytes)
				m->min_free_kbytes = rec << (k->page_shift - 10);
			mg_origin_builtin(&o, "mm/khugepaged.c: set_recommended_min_free_kbytes");
			step(m, "THP raise (khugepaged start, subsys_initcall)", &o,
			     "min(pageblock %llu * %llu zones * 11, nr_free_buffer_pages %llu / 20) = %llu pages",
			     (unsigned long long)k->pageblock_pages, (unsigned long long)nr_zones,
			     (unsigned long long)nfb, (unsigned long long)rec);
			setup_wmarks(m, M_POST);
		} else if (k->rules->thp_off_recalc) {
			m->min_free_kbytes = default_min_free(m, nfb, &raw);
			mg_origin_builtin(&o, "mm/khugepaged.c: set_recommended_min_free_kbytes (THP off)");
			step(m, "THP off: recalculated (6.1+)", &o, "int_sqrt(16 * %llu kB) = %llu",
			     (unsigned long long)(nfb << (k->page_shift - 10)), (unsigned long long)raw);
			setup_wmarks(m, M_POST);
		}
	}

	/* 3. sysctl.vm.* on the command line (>= 5.8, after free_initmem: final managed). */
	if (k->rules->cmdline_sysctl) {
		bool wm = false, lr = false;
		for (size_t i = 0; i < c->cl.ntokens; i++) {
			const struct mg_cmdline_token *t = &c->cl.tokens[i];
			uint64_t v;
			if (!t->value || strncmp(t->name, "sysctl.vm.", 10) || !mg_parse_u64(t->value, &v))
				continue;
			if (!strcmp(t->name + 10, "min_free_kbytes")) {
				m->min_free_kbytes = v;
				user_set = wm = true;
				step(m, "sysctl.vm.min_free_kbytes on the command line", &t->origin,
				     "user value %llu", (unsigned long long)v);
			} else if (!strcmp(t->name + 10, "watermark_scale_factor")) {
				m->watermark_scale_factor = v;
				wm = true;
			}
		}
		if (wm)
			setup_wmarks(m, M_FINAL);
		(void)lr;
	} else {
		for (size_t i = 0; i < c->cl.ntokens; i++)
			if (!strncmp(c->cl.tokens[i].name, "sysctl.", 7)) {
				mg_model_note(m, "%s: kernels before 5.8 ignore sysctl.* on the command line",
					      c->cl.tokens[i].origin.what);
				break;
			}
	}
	/* 4. sysctl.conf, applied by userspace after boot: recomputed with final managed. */
	if (c->b->has_sysctl) {
		bool wm = false;
		if (sc->min_free_kbytes.set) {
			m->min_free_kbytes = sc->min_free_kbytes.value;
			user_set = wm = true;
			step(m, "vm.min_free_kbytes from sysctl.conf (run time)", &sc->min_free_kbytes.origin,
			     "user value %llu", (unsigned long long)sc->min_free_kbytes.value);
		}
		if (sc->watermark_scale_factor.set) {
			m->watermark_scale_factor = sc->watermark_scale_factor.value;
			wm = true;
		}
		if (wm)
			setup_wmarks(m, M_FINAL);
		if (sc->lowmem_reserve_ratio_set) {
			for (size_t i = 0; i < sc->nlowmem_reserve_ratio && i < MG_NR_ZONES; i++)
				ratio[i] = sc->lowmem_reserve_ratio[i];
			setup_lowmem_reserve(m, M_FINAL, ratio);
		}
	}
	(void)user_set;
	/* boost_watermark (mm/page_alloc.c, 5.0+): a fallback steal raises the zone's marks by a
	 * pageblock at a time, up to max(pageblock, high * watermark_boost_factor / 10000), with the
	 * default factor 15000; zones with fewer than 4 pageblocks managed never boost. */
	for (int zi = 0; zi < MG_NR_ZONES; zi++) {
		struct mg_zone *z = &m->zones[zi];
		uint64_t batch, cpu = k->nr_cpus ? k->nr_cpus : 1, b;
		z->boost_max_pages = 0;
		z->pcp_high_pages = 0;
		if (!z->managed_pages)
			continue;
		/* zone_batchsize: min(managed / 1024, 1 MiB of pages) / 4, then
		 * rounddown_pow_of_two(b + b/2) - 1 (512 KiB before 5.14). */
		b = mg_min_u64(z->managed_pages >> 10, (k->rules->pcp_high_from_low ? 1ull << 20 : 512ull << 10) >> k->page_shift) / 4;
		if (b < 1)
			b = 1;
		b += b / 2;
		for (batch = 1; batch * 2 <= b; batch *= 2)
			;
		batch = batch > 1 ? batch - 1 : 1;
		z->pcp_high_pages = k->rules->pcp_high_from_low ? cpu * mg_max_u64(z->low_pages / cpu, batch * 4)
							     : cpu * 6 * batch;
		if (!k->rules->watermark_boost || !z->high_pages || k->pageblock_pages * 4 > z->managed_pages)
			continue;
		z->boost_max_pages = mg_max_u64(k->pageblock_pages, mult_frac(z->high_pages, 15000, 10000));
	}
	return 0;
}
