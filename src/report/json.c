/* JSON reports, schema "memgate-report/1" (docs/json.md): the layout keys, and for `check`
 * the verdict, findings, demand, margin, fixes and per-variant results.  Addresses are
 * "0x%016llx" strings (a JSON number is a double and loses 64-bit addresses), sizes are
 * integer numbers with the unit in the key. */
#include <string.h>

#include "report/fmt.h"

static void json_zone(struct mg_jw *w, const struct mg_model *m, const struct mg_zone *z)
{
	int t;
	mg_jw_obj(w, NULL);
	mg_jw_str(w, "name", mg_rpt_zone_name(z->type));
	mg_jw_u64(w, "present_pages", z->present_pages);
	mg_jw_u64(w, "managed_pages", z->managed_pages);
	mg_jw_u64(w, "cma_pages", z->cma_pages);
	mg_jw_u64(w, "min_pages", z->min_pages);
	mg_jw_u64(w, "low_pages", z->low_pages);
	mg_jw_u64(w, "high_pages", z->high_pages);
	/* One entry per zone the kernel is built with, like lowmem_reserve[] in an OOM report. */
	mg_jw_arr(w, "lowmem_reserve_pages");
	for (t = 0; t < MG_NR_ZONES; t++)
		if (m->zones[t].configured)
			mg_jw_u64(w, NULL, z->lowmem_reserve_pages[t]);
	mg_jw_end_arr(w);
	mg_jw_u64(w, "promo_pages", z->promo_pages);
	mg_jw_u64(w, "start_pfn", z->start_pfn);
	mg_jw_u64(w, "end_pfn", z->end_pfn);
	mg_jw_u64(w, "present_kb", mg_rpt_pages_kb(m, z->present_pages));
	mg_jw_u64(w, "managed_kb", mg_rpt_pages_kb(m, z->managed_pages));
	mg_jw_u64(w, "cma_kb", mg_rpt_pages_kb(m, z->cma_pages));
	mg_jw_u64(w, "min_kb", mg_rpt_pages_kb(m, z->min_pages));
	mg_jw_u64(w, "low_kb", mg_rpt_pages_kb(m, z->low_pages));
	mg_jw_u64(w, "high_kb", mg_rpt_pages_kb(m, z->high_pages));
	mg_jw_obj(w, "managed_phases_pages");
	mg_jw_u64(w, "build_zonelists", z->managed_build_pages);
	mg_jw_u64(w, "mem_init", z->managed_boot_pages);
	mg_jw_u64(w, "cma_activated", z->managed_post_pages);
	mg_jw_u64(w, "final", z->managed_pages);
	mg_jw_end_obj(w);
	mg_jw_end_obj(w);
}

void mg_rpt_json_layout_members(struct mg_jw *w, const struct mg_board *b, const struct mg_model *m)
{
	size_t i, n;
	int t;

	mg_jw_obj(w, "board");
	mg_jw_str(w, "name", mg_rpt_board_name(b));
	mg_jw_str(w, "dir", b->dir);
	mg_jw_str(w, "description", b->description);
	mg_jw_end_obj(w);

	mg_jw_obj(w, "kernel");
	mg_jw_str(w, "version", m->k.version_text);
	mg_jw_str(w, "arch", m->k.arch_name ? m->k.arch_name : "");
	mg_jw_u64(w, "page_size_bytes", m->k.page_size_bytes);
	mg_jw_u64(w, "pageblock_order", m->k.pageblock_order);
	mg_jw_u64(w, "max_order", m->k.max_order);
	mg_jw_u64(w, "pageblock_pages", m->k.pageblock_pages);
	mg_jw_u64(w, "cma_align_bytes", m->k.cma_align_bytes);
	mg_jw_u64(w, "migrate_types", m->k.migrate_types);
	mg_jw_str(w, "thp", m->k.thp_mode);
	mg_jw_u64(w, "nr_cpus", m->k.nr_cpus);
	mg_jw_end_obj(w);

	mg_jw_obj(w, "cmdline");
	mg_jw_str(w, "effective", m->cmdline);
	mg_jw_end_obj(w);

	mg_jw_obj(w, "ram");
	mg_jw_u64(w, "present_kb", mg_rpt_pages_kb(m, m->present_pages));
	mg_jw_u64(w, "memtotal_kb", mg_rpt_pages_kb(m, m->memtotal_pages));
	mg_jw_u64(w, "cma_total_kb", mg_rpt_pages_kb(m, m->cma_total_pages));
	mg_jw_u64(w, "reserved_kb", mg_rpt_pages_kb(m, mg_rpt_sub0(m->present_pages, m->memtotal_pages)));
	mg_jw_u64(w, "declared_bytes", m->ram_bytes);
	mg_jw_u64(w, "available_kb", mg_rpt_pages_kb(m, m->totalram_boot_pages));
	mg_jw_u64(w, "reserved_boot_kb", mg_rpt_pages_kb(m, m->reserved_boot_pages));
	mg_jw_arr(w, "banks");
	n = mg_min_u64(m->nbanks, sizeof(m->banks) / sizeof(m->banks[0]));
	for (i = 0; i < n; i++) {
		mg_jw_obj(w, NULL);
		mg_jw_addr(w, "base", m->banks[i].base);
		mg_jw_u64(w, "size_bytes", m->banks[i].size);
		mg_jw_end_obj(w);
	}
	mg_jw_end_arr(w);
	mg_jw_end_obj(w);

	mg_jw_bool(w, "mobility_grouping", m->mobility_grouping);
	mg_jw_obj(w, "mobility_grouping_detail");
	mg_jw_u64(w, "total_pages", m->grouping_total_pages);
	mg_jw_u64(w, "threshold_pages", m->grouping_threshold_pages);
	mg_jw_end_obj(w);

	mg_jw_u64(w, "min_free_kbytes", m->min_free_kbytes);
	mg_jw_arr(w, "min_free_kbytes_steps");
	n = mg_min_u64(m->nwmark_steps, MG_MAX_WMARK_STEPS);
	for (i = 0; i < n; i++) {
		const struct mg_wmark_step *s = &m->wmark_steps[i];
		mg_jw_obj(w, NULL);
		mg_jw_str(w, "what", s->what);
		mg_jw_u64(w, "min_free_kbytes", s->min_free_kbytes);
		mg_jw_str(w, "rule", s->rule);
		mg_jw_origin(w, "source", &s->origin);
		mg_jw_end_obj(w);
	}
	mg_jw_end_arr(w);
	mg_jw_u64(w, "watermark_scale_factor", m->watermark_scale_factor);

	/* Only populated zones, as /proc/zoneinfo's watermarks are only meaningful there. */
	mg_jw_arr(w, "zones");
	for (t = 0; t < MG_NR_ZONES; t++)
		if (m->zones[t].present_pages > 0)
			json_zone(w, m, &m->zones[t]);
	mg_jw_end_arr(w);

	mg_jw_arr(w, "cma_areas");
	n = mg_min_u64(m->ncma, MG_MAX_CMA_AREAS);
	for (i = 0; i < n; i++) {
		const struct mg_cma_area *c = &m->cma[i];
		mg_jw_obj(w, NULL);
		mg_jw_str(w, "name", c->name);
		mg_jw_u64(w, "requested_bytes", c->requested_bytes);
		mg_jw_u64(w, "size_bytes", c->size_bytes);
		mg_jw_addr(w, "base", c->base);
		if (c->reserved)
			mg_jw_str(w, "zone", mg_rpt_zone_name(c->zone));
		else
			mg_jw_null(w, "zone");
		mg_jw_origin(w, "source", &c->origin);
		mg_jw_bool(w, "default", c->is_default);
		mg_jw_bool(w, "reserved", c->reserved);
		mg_jw_bool(w, "activated", c->activated);
		mg_jw_str(w, "rule", c->rule);
		if (c->failure[0])
			mg_jw_str(w, "failure", c->failure);
		else
			mg_jw_null(w, "failure");
		mg_jw_end_obj(w);
	}
	mg_jw_end_arr(w);

	mg_jw_arr(w, "reservations");
	n = mg_min_u64(m->nregions, MG_MAX_REGIONS);
	for (i = 0; i < n; i++) {
		const struct mg_region *r = &m->regions[i];
		mg_jw_obj(w, NULL);
		mg_jw_str(w, "name", r->name);
		mg_jw_addr(w, "base", r->base);
		mg_jw_u64(w, "size_bytes", r->size_bytes);
		mg_jw_str(w, "kind", mg_rpt_kind_name(r->kind));
		mg_jw_origin(w, "source", &r->origin);
		mg_jw_bool(w, "nomap", r->nomap);
		mg_jw_bool(w, "removed", r->removed);
		mg_jw_bool(w, "freed_after_boot", r->freed_after_boot);
		mg_jw_bool(w, "estimated", r->estimated);
		mg_jw_str(w, "rule", r->rule);
		mg_jw_end_obj(w);
	}
	mg_jw_end_arr(w);

	mg_jw_obj(w, "capacity");
	mg_jw_i64(w, "unmovable_kb", m->capacity_unmovable_kb);
	mg_jw_i64(w, "movable_kb", m->capacity_movable_kb);
	mg_jw_obj(w, "cma_kb");
	n = mg_min_u64(m->ncapacity_cma, MG_MAX_CMA_AREAS);
	for (i = 0; i < n; i++) {
		size_t j;
		bool dup = false;
		/* A JSON object must not repeat a key: keep the first of a repeated pool name. */
		for (j = 0; j < i; j++)
			if (!strcmp(m->capacity_cma[j].pool, m->capacity_cma[i].pool))
				dup = true;
		if (!dup)
			mg_jw_i64(w, m->capacity_cma[i].pool, m->capacity_cma[i].kb);
	}
	mg_jw_end_obj(w);
	mg_jw_str(w, "oom_zone", mg_rpt_zone_name(m->oom_zone));
	mg_jw_end_obj(w);

	mg_jw_arr(w, "boot_lines");
	n = mg_min_u64(m->nboot_lines, MG_MAX_BOOT_LINES);
	for (i = 0; i < n; i++)
		mg_jw_str(w, NULL, m->boot_lines[i]);
	mg_jw_end_arr(w);

	mg_jw_arr(w, "notes");
	n = mg_min_u64(m->nnotes, MG_MAX_NOTES);
	for (i = 0; i < n; i++)
		mg_jw_str(w, NULL, m->notes[i]);
	mg_jw_end_arr(w);
}

void mg_rpt_json_layout(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m)
{
	struct mg_jw w;
	mg_jw_init(&w, out);
	mg_jw_obj(&w, NULL);
	mg_jw_str(&w, "schema", MG_REPORT_JSON_SCHEMA);
	mg_rpt_json_layout_members(&w, b, m);
	mg_jw_end_obj(&w);
	mg_jw_finish(&w);
}

static void json_finding(struct mg_jw *w, const struct mg_finding *f)
{
	size_t i, n = mg_min_u64(f->nsources, MG_FINDING_MAX_SOURCES);
	mg_jw_obj(w, NULL);
	mg_jw_str(w, "rule", f->rule ? f->rule : "");
	mg_jw_str(w, "severity", mg_rpt_sev_name(f->severity));
	mg_jw_str(w, "message", f->message);
	mg_jw_arr(w, "sources");
	for (i = 0; i < n; i++)
		mg_jw_origin(w, NULL, &f->sources[i]);
	mg_jw_end_arr(w);
	mg_jw_arr(w, "source_locations");
	for (i = 0; i < n; i++) {
		mg_jw_obj(w, NULL);
		mg_jw_str(w, "file", f->sources[i].file);
		mg_jw_u64(w, "line", f->sources[i].line);
		mg_jw_str(w, "what", f->sources[i].what);
		mg_jw_end_obj(w);
	}
	mg_jw_end_arr(w);
	if (f->fix[0])
		mg_jw_str(w, "fix", f->fix);
	else
		mg_jw_null(w, "fix");
	mg_jw_bool(w, "waived", f->waived);
	if (f->waived)
		mg_jw_str(w, "waiver_reason", f->waiver_reason);
	mg_jw_end_obj(w);
}

static void json_findings(struct mg_jw *w, const char *key, const struct mg_finding *f, size_t n,
			  const struct mg_finding *extra, size_t nextra)
{
	size_t i;
	mg_jw_arr(w, key);
	for (i = 0; i < n; i++)
		json_finding(w, &f[i]);
	for (i = 0; i < nextra; i++)
		json_finding(w, &extra[i]);
	mg_jw_end_arr(w);
}

static void json_fixes(struct mg_jw *w, const struct mg_verdict_variant *vv)
{
	size_t i, n = mg_min_u64(vv->nfixes, MG_MAX_FIXES);
	mg_jw_arr(w, "fixes");
	for (i = 0; i < n; i++) {
		mg_jw_obj(w, NULL);
		mg_jw_str(w, "kind", vv->fixes[i].kind);
		mg_jw_str(w, "text", vv->fixes[i].text);
		mg_jw_bool(w, "verified", vv->fixes[i].verified);
		mg_jw_end_obj(w);
	}
	mg_jw_end_arr(w);
}

void mg_rpt_json_check(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v)
{
	struct mg_jw w;
	const struct mg_verdict_variant *first = v->nvariants ? &v->variants[0] : NULL;
	size_t npol = mg_min_u64(v->npolicy_findings, 16), i;

	mg_jw_init(&w, out);
	mg_jw_obj(&w, NULL);
	mg_jw_str(&w, "schema", MG_REPORT_JSON_SCHEMA);
	mg_jw_str(&w, "verdict", mg_rpt_verdict_word(v));
	if (first)
		mg_rpt_json_layout_members(&w, b, &first->model);

	mg_jw_obj(&w, "demand");
	mg_jw_u64(&w, "baseline_kb", mg_rpt_bytes_kb(v->demand.baseline_bytes));
	mg_jw_u64(&w, "movable_kb", mg_rpt_bytes_kb(v->demand.movable_bytes));
	mg_jw_u64(&w, "unmovable_kb", mg_rpt_bytes_kb(v->demand.unmovable_bytes));
	mg_jw_u64(&w, "cma_kb", mg_rpt_bytes_kb(v->demand.cma_bytes));
	mg_jw_end_obj(&w);

	if (first) {
		mg_jw_i64(&w, "margin_kb", first->margin_kb);
		mg_jw_str(&w, "equation", first->equation);
		json_findings(&w, "findings", first->findings,
			      mg_min_u64(first->nfindings, MG_MAX_FINDINGS), v->policy_findings, npol);
		json_fixes(&w, first);
	} else {
		mg_jw_null(&w, "margin_kb");
		json_findings(&w, "findings", NULL, 0, v->policy_findings, npol);
		mg_jw_arr(&w, "fixes");
		mg_jw_end_arr(&w);
	}

	mg_jw_arr(&w, "variants");
	for (i = 0; i < v->nvariants; i++) {
		const struct mg_verdict_variant *vv = &v->variants[i];
		const struct mg_model *m = &vv->model;
		mg_jw_obj(&w, NULL);
		mg_jw_u64(&w, "ram_bytes", mg_rpt_variant_ram(vv));
		mg_jw_bool(&w, "ram_override", vv->ram_bytes != 0);
		mg_jw_str(&w, "verdict", mg_rpt_variant_word(vv));
		mg_jw_i64(&w, "margin_kb", vv->margin_kb);
		mg_jw_str(&w, "equation", vv->equation);
		mg_jw_u64(&w, "present_kb", mg_rpt_pages_kb(m, m->present_pages));
		mg_jw_u64(&w, "memtotal_kb", mg_rpt_pages_kb(m, m->memtotal_pages));
		mg_jw_u64(&w, "cma_total_kb", mg_rpt_pages_kb(m, m->cma_total_pages));
		mg_jw_u64(&w, "min_free_kbytes", m->min_free_kbytes);
		mg_jw_bool(&w, "mobility_grouping", m->mobility_grouping);
		mg_jw_obj(&w, "capacity");
		mg_jw_i64(&w, "unmovable_kb", m->capacity_unmovable_kb);
		mg_jw_i64(&w, "movable_kb", m->capacity_movable_kb);
		mg_jw_end_obj(&w);
		json_findings(&w, "findings", vv->findings, mg_min_u64(vv->nfindings, MG_MAX_FINDINGS),
			      NULL, 0);
		json_fixes(&w, vv);
		mg_jw_end_obj(&w);
	}
	mg_jw_end_arr(&w);
	mg_jw_end_obj(&w);
	mg_jw_finish(&w);
}
