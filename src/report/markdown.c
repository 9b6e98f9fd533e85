/* Markdown: a per-product memory budget report for audits and release notes (GitHub-flavoured
 * tables).  Same numbers as the text report, arranged as a document. */
#include <inttypes.h>
#include <string.h>

#include "report/fmt.h"

static void cell(struct mg_buf *out, const char *s)
{
	mg_buf_puts(out, " ");
	mg_rpt_md_cell(out, s);
	mg_buf_puts(out, " |");
}

static void cell_code(struct mg_buf *out, const char *s)
{
	/* Backticks inside code spans would end them early: leave such text plain. */
	if (s && s[0] && !strchr(s, '`')) {
		mg_buf_puts(out, " `");
		mg_rpt_md_cell(out, s);
		mg_buf_puts(out, "` |");
	} else {
		cell(out, s);
	}
}

static void cell_kb(struct mg_buf *out, uint64_t kb)
{
	char k[32];
	mg_rpt_kb(k, sizeof(k), kb);
	cell(out, k);
}

static void cell_origin(struct mg_buf *out, const struct mg_origin *o)
{
	char s[512];
	mg_rpt_origin(s, sizeof(s), o);
	cell_code(out, s);
}

static void md_para(struct mg_buf *out, const char *s)
{
	/* A line from the inputs must not start a heading or list: flatten controls only, the
	 * text sits inside a sentence of ours. */
	mg_rpt_md_cell(out, s);
}

static void md_ledger(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m)
{
	size_t i, n;
	int t;
	char ps[32], tmp[64];

	mg_rpt_page_size(ps, sizeof(ps), m->k.page_size_bytes);
	mg_buf_puts(out, "| Kernel | Arch | Page size | pageblock order | max order | THP | CPUs |\n");
	mg_buf_puts(out, "|---|---|---|---|---|---|---|\n|");
	cell(out, m->k.version_text);
	cell(out, m->k.arch_name ? m->k.arch_name : "?");
	cell(out, ps);
	snprintf(tmp, sizeof(tmp), "%u", m->k.pageblock_order);
	cell(out, tmp);
	snprintf(tmp, sizeof(tmp), "%u", m->k.max_order);
	cell(out, tmp);
	cell(out, m->k.thp_mode);
	snprintf(tmp, sizeof(tmp), "%u", m->k.nr_cpus);
	cell(out, tmp);
	mg_buf_puts(out, "\n\nEffective command line:");
	if (m->cmdline[0] && !strchr(m->cmdline, '`')) {
		mg_buf_puts(out, " `");
		md_para(out, m->cmdline);
		mg_buf_puts(out, "`\n");
	} else {
		mg_buf_puts(out, " ");
		md_para(out, m->cmdline[0] ? m->cmdline : "(empty)");
		mg_buf_puts(out, "\n");
	}

	mg_buf_puts(out, "\n## RAM ledger\n\n");
	mg_buf_puts(out, "| Item | Kind | Base | Size | Notes | Source |\n");
	mg_buf_puts(out, "|---|---|---|---:|---|---|\n");
	n = mg_min_u64(m->nbanks, sizeof(m->banks) / sizeof(m->banks[0]));
	for (i = 0; i < n; i++) {
		char a[24];
		mg_rpt_addr(a, sizeof(a), m->banks[i].base);
		mg_rpt_size(ps, sizeof(ps), m->banks[i].size);
		mg_buf_puts(out, "| RAM bank | memory |");
		cell_code(out, a);
		cell(out, ps);
		cell(out, "");
		if (b && b->dt.memory && i < b->dt.nmemory)
			cell_origin(out, &b->dt.memory[i].origin);
		else
			cell(out, "");
		mg_buf_puts(out, "\n");
	}
	n = mg_min_u64(m->nregions, MG_MAX_REGIONS);
	for (i = 0; i < n; i++) {
		const struct mg_region *r = &m->regions[i];
		char a[24], notes[128];
		mg_rpt_addr(a, sizeof(a), r->base);
		mg_rpt_kb(ps, sizeof(ps), mg_rpt_bytes_kb(r->size_bytes));
		snprintf(notes, sizeof(notes), "%s%s%s%s", r->nomap ? "no-map " : "",
			 r->removed ? "removed " : "", r->freed_after_boot ? "freed after boot " : "",
			 r->estimated ? "estimated" : "");
		mg_buf_puts(out, "|");
		cell(out, r->name);
		cell(out, mg_rpt_kind_name(r->kind));
		cell_code(out, a);
		cell(out, ps);
		cell(out, notes);
		cell_origin(out, &r->origin);
		mg_buf_puts(out, "\n");
	}
	mg_buf_puts(out, "\n| Total | Value |\n|---|---:|\n");
	mg_buf_puts(out, "| Physical RAM (present) |");
	cell_kb(out, mg_rpt_pages_kb(m, m->present_pages));
	mg_buf_puts(out, "\n| Available at mem_init (`Memory:`) |");
	cell_kb(out, mg_rpt_pages_kb(m, m->totalram_boot_pages));
	mg_buf_puts(out, "\n| Reserved at mem_init |");
	cell_kb(out, mg_rpt_pages_kb(m, m->reserved_boot_pages));
	mg_buf_puts(out, "\n| CmaTotal |");
	cell_kb(out, mg_rpt_pages_kb(m, m->cma_total_pages));
	mg_buf_puts(out, "\n| MemTotal (managed after boot) |");
	cell_kb(out, mg_rpt_pages_kb(m, m->memtotal_pages));
	mg_buf_puts(out, "\n| Never managed (present - MemTotal) |");
	cell_kb(out, mg_rpt_pages_kb(m, mg_rpt_sub0(m->present_pages, m->memtotal_pages)));
	mg_buf_printf(out, "\n| Mobility grouping | %s (%" PRIu64 " pages %s %" PRIu64 ") |\n",
		      m->mobility_grouping ? "on" : "off", m->grouping_total_pages,
		      m->mobility_grouping ? ">=" : "<", m->grouping_threshold_pages);
	mg_buf_puts(out, "| min_free_kbytes |");
	cell_kb(out, m->min_free_kbytes);
	mg_buf_puts(out, "\n");

	n = mg_min_u64(m->nwmark_steps, MG_MAX_WMARK_STEPS);
	if (n) {
		mg_buf_puts(out, "\nHow min_free_kbytes came to be:\n\n| Step | min_free_kbytes | Rule | Source |\n|---|---:|---|---|\n");
		for (i = 0; i < n; i++) {
			mg_buf_puts(out, "|");
			cell(out, m->wmark_steps[i].what);
			cell_kb(out, m->wmark_steps[i].min_free_kbytes);
			cell(out, m->wmark_steps[i].rule);
			cell_origin(out, &m->wmark_steps[i].origin);
			mg_buf_puts(out, "\n");
		}
	}

	mg_buf_puts(out, "\n## CMA areas\n\n");
	n = mg_min_u64(m->ncma, MG_MAX_CMA_AREAS);
	if (!n) {
		mg_buf_puts(out, "No CMA area.\n");
	} else {
		mg_buf_puts(out, "| Area | Requested | Actual | Base | Zone | Status | Source | Rule |\n");
		mg_buf_puts(out, "|---|---:|---:|---|---|---|---|---|\n");
		for (i = 0; i < n; i++) {
			const struct mg_cma_area *c = &m->cma[i];
			char rq[32], sz[32], a[24];
			mg_rpt_size(rq, sizeof(rq), c->requested_bytes);
			mg_rpt_size(sz, sizeof(sz), c->size_bytes);
			mg_rpt_addr(a, sizeof(a), c->base);
			mg_buf_puts(out, "|");
			cell(out, c->name);
			cell(out, rq);
			cell(out, sz);
			cell_code(out, c->reserved ? a : "");
			cell(out, c->reserved ? mg_rpt_zone_name(c->zone) : "");
			cell(out, !c->reserved ? (c->failure[0] ? c->failure : "failed")
					       : c->activated ? "activated" : "not activated");
			cell_origin(out, &c->origin);
			cell(out, c->rule);
			mg_buf_puts(out, "\n");
		}
	}

	mg_buf_puts(out, "\n## Zones and watermarks\n\n");
	mg_buf_puts(out, "| Zone | Present | Managed | CMA | min | low | high | lowmem_reserve (pages) |\n");
	mg_buf_puts(out, "|---|---:|---:|---:|---:|---:|---:|---|\n");
	for (t = 0; t < MG_NR_ZONES; t++) {
		const struct mg_zone *z = &m->zones[t];
		int u;
		if (!z->present_pages)
			continue;
		mg_buf_puts(out, "|");
		cell(out, mg_rpt_zone_name(z->type));
		cell_kb(out, mg_rpt_pages_kb(m, z->present_pages));
		cell_kb(out, mg_rpt_pages_kb(m, z->managed_pages));
		cell_kb(out, mg_rpt_pages_kb(m, z->cma_pages));
		cell_kb(out, mg_rpt_pages_kb(m, z->min_pages));
		cell_kb(out, mg_rpt_pages_kb(m, z->low_pages));
		cell_kb(out, mg_rpt_pages_kb(m, z->high_pages));
		mg_buf_puts(out, " ");
		for (u = 0; u < MG_NR_ZONES; u++)
			if (m->zones[u].configured)
				mg_buf_printf(out, "%" PRIu64 " ", z->lowmem_reserve_pages[u]);
		mg_buf_puts(out, "|\n");
	}
}

static void md_notes_bootlines(struct mg_buf *out, const struct mg_model *m)
{
	size_t i, n = mg_min_u64(m->nboot_lines, MG_MAX_BOOT_LINES);
	if (n) {
		mg_buf_puts(out, "\n## Predicted boot lines\n\n```\n");
		for (i = 0; i < n; i++) {
			/* A line starting with ``` would close the fence. */
			mg_rpt_puts_clean(out, strncmp(m->boot_lines[i], "```", 3) ? m->boot_lines[i] : "(```)");
			mg_buf_puts(out, "\n");
		}
		mg_buf_puts(out, "```\n");
	}
	n = mg_min_u64(m->nnotes, MG_MAX_NOTES);
	if (n) {
		mg_buf_puts(out, "\n## Notes\n\n");
		for (i = 0; i < n; i++) {
			mg_buf_puts(out, "- ");
			md_para(out, m->notes[i]);
			mg_buf_puts(out, "\n");
		}
	}
}

static void md_capacity_table_head(struct mg_buf *out)
{
	mg_buf_puts(out, "| Class | Demand | Capacity |\n|---|---:|---:|\n");
}

static void md_title(struct mg_buf *out, const struct mg_board *b)
{
	mg_buf_puts(out, "# Memory budget: ");
	md_para(out, mg_rpt_board_name(b));
	mg_buf_puts(out, "\n\n");
	mg_buf_puts(out, "Board: `");
	md_para(out, mg_rpt_board_label(b));
	mg_buf_puts(out, "`");
	if (b && b->description[0]) {
		mg_buf_puts(out, " \xe2\x80\x94 ");
		md_para(out, b->description);
	}
	mg_buf_puts(out, "\n\n");
}

void mg_rpt_md_layout(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m)
{
	size_t i, n;
	char k[32];
	md_title(out, b);
	md_ledger(out, b, m);
	mg_buf_puts(out, "\n## Capacity\n\nOn top of the profile's `system.baseline`; binding zone ");
	mg_buf_puts(out, mg_rpt_zone_name(m->oom_zone));
	mg_buf_puts(out, ".\n\n| Class | Capacity |\n|---|---:|\n| unmovable |");
	mg_rpt_skb(k, sizeof(k), m->capacity_unmovable_kb);
	cell(out, k);
	mg_buf_puts(out, "\n| movable |");
	mg_rpt_skb(k, sizeof(k), m->capacity_movable_kb);
	cell(out, k);
	mg_buf_puts(out, "\n");
	n = mg_min_u64(m->ncapacity_cma, MG_MAX_CMA_AREAS);
	for (i = 0; i < n; i++) {
		mg_buf_puts(out, "| cma pool ");
		mg_rpt_md_cell(out, m->capacity_cma[i].pool);
		mg_buf_puts(out, " |");
		mg_rpt_skb(k, sizeof(k), m->capacity_cma[i].kb);
		cell(out, k);
		mg_buf_puts(out, "\n");
	}
	md_notes_bootlines(out, m);
}

/* Declared CMA demand of one pool, from the profile (apps x instances); saturating. */
static uint64_t pool_demand_bytes(const struct mg_board *b, const char *pool)
{
	uint64_t sum = 0, x;
	size_t i;
	if (!b || !b->has_profile || !b->profile.apps)
		return 0;
	for (i = 0; i < b->profile.napps; i++) {
		const struct mg_app *a = &b->profile.apps[i];
		if (strcmp(a->cma_pool[0] ? a->cma_pool : "default", pool))
			continue;
		if (!mg_mul_u64(a->cma_bytes, a->instances, &x) || !mg_add_u64(sum, x, &sum))
			return UINT64_MAX;
	}
	return sum;
}

static void md_findings(struct mg_buf *out, const struct mg_finding *f, size_t n, const char *prefix)
{
	size_t i, j;
	int sev;
	/* Most severe first, the gate's order within a severity (as in the text report). */
	for (sev = MG_SEV_REJECT; sev >= MG_SEV_INFO; sev--)
	for (i = 0; i < n; i++) {
		size_t ns = mg_min_u64(f[i].nsources, MG_FINDING_MAX_SOURCES);
		if ((int)f[i].severity != sev &&
		    !(sev == MG_SEV_INFO && (unsigned)f[i].severity > MG_SEV_REJECT))
			continue;
		mg_buf_puts(out, "|");
		if (prefix)
			cell(out, prefix);
		cell(out, mg_rpt_sev_name(f[i].severity));
		cell_code(out, f[i].rule ? f[i].rule : "?");
		cell(out, f[i].message);
		mg_buf_puts(out, " ");
		for (j = 0; j < ns; j++) {
			char s[512];
			mg_rpt_origin(s, sizeof(s), &f[i].sources[j]);
			if (j)
				mg_buf_puts(out, "<br>");
			if (!strchr(s, '`')) {
				mg_buf_puts(out, "`");
				mg_rpt_md_cell(out, s);
				mg_buf_puts(out, "`");
			} else {
				mg_rpt_md_cell(out, s);
			}
		}
		mg_buf_puts(out, " |");
		cell(out, f[i].fix);
		if (f[i].waived) {
			char w[300];
			snprintf(w, sizeof(w), "waived: %s", f[i].waiver_reason);
			cell(out, w);
		} else {
			cell(out, "");
		}
		mg_buf_puts(out, "\n");
	}
}

void mg_rpt_md_check(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v)
{
	const struct mg_verdict_variant *first = v->nvariants ? &v->variants[0] : NULL;
	size_t npol = mg_min_u64(v->npolicy_findings, 16), i, n;
	size_t nf = first ? mg_min_u64(first->nfindings, MG_MAX_FINDINGS) : 0;
	char k[32];

	md_title(out, b);
	mg_buf_puts(out, "**Verdict: ");
	mg_rpt_headline(out, b, v);
	mg_buf_puts(out, "**\n\n");
	if (first && first->equation[0]) {
		mg_buf_puts(out, "> ");
		md_para(out, first->equation);
		mg_buf_puts(out, "\n\n");
	}
	if (!first)
		return;
	if (v->nvariants > 1) {
		mg_rpt_size(k, sizeof(k), mg_rpt_variant_ram(first));
		mg_buf_printf(out, "Ledger, capacity and findings below are for the first RAM variant (%s); "
				   "every variant is in the last table.\n\n", k);
	}
	md_ledger(out, b, &first->model);

	mg_buf_puts(out, "\n## Capacity vs demand\n\n");
	mg_buf_puts(out, "Capacity is what the running system can still allocate on top of the baseline "
			 "before a zone's free non-CMA memory reaches its min watermark; movable and "
			 "unmovable demand share it.\n\n");
	md_capacity_table_head(out);
	mg_buf_puts(out, "| baseline |");
	cell_kb(out, mg_rpt_bytes_kb(v->demand.baseline_bytes));
	cell(out, "(included)");
	mg_buf_puts(out, "\n| unmovable |");
	cell_kb(out, mg_rpt_bytes_kb(v->demand.unmovable_bytes));
	mg_rpt_skb(k, sizeof(k), first->model.capacity_unmovable_kb);
	cell(out, k);
	mg_buf_puts(out, "\n| movable |");
	cell_kb(out, mg_rpt_bytes_kb(v->demand.movable_bytes));
	mg_rpt_skb(k, sizeof(k), first->model.capacity_movable_kb);
	cell(out, k);
	mg_buf_puts(out, "\n");
	n = mg_min_u64(first->model.ncapacity_cma, MG_MAX_CMA_AREAS);
	for (i = 0; i < n; i++) {
		mg_buf_puts(out, "| cma pool ");
		mg_rpt_md_cell(out, first->model.capacity_cma[i].pool);
		mg_buf_puts(out, " |");
		cell_kb(out, mg_rpt_bytes_kb(pool_demand_bytes(b, first->model.capacity_cma[i].pool)));
		mg_rpt_skb(k, sizeof(k), first->model.capacity_cma[i].kb);
		cell(out, k);
		mg_buf_puts(out, "\n");
	}
	mg_rpt_skb(k, sizeof(k), first->margin_kb);
	mg_buf_printf(out, "\nMargin above the floor: **%s**%s\n", k,
		      first->margin_kb < 0 ? " (short)" : "");

	mg_buf_puts(out, "\n## Findings\n\n");
	if (!nf && !npol) {
		mg_buf_puts(out, "None.\n");
	} else {
		mg_buf_puts(out, "| Severity | Rule | Finding | Sources | Fix | Waiver |\n");
		mg_buf_puts(out, "|---|---|---|---|---|---|\n");
		md_findings(out, first->findings, nf, NULL);
		md_findings(out, v->policy_findings, npol, NULL);
	}

	n = mg_min_u64(first->nfixes, MG_MAX_FIXES);
	mg_buf_puts(out, "\n## Fixes\n\n");
	if (!n) {
		mg_buf_puts(out, "None needed or none found.\n");
	} else {
		mg_buf_puts(out, "Each fix was re-checked by running the model on the changed inputs.\n\n");
		mg_buf_puts(out, "| Kind | Change | Verified |\n|---|---|---|\n");
		for (i = 0; i < n; i++) {
			mg_buf_puts(out, "|");
			cell(out, first->fixes[i].kind);
			cell(out, first->fixes[i].text);
			cell(out, first->fixes[i].verified ? "yes, passes" : "no");
			mg_buf_puts(out, "\n");
		}
	}

	mg_buf_puts(out, "\n## RAM variants\n\n");
	mg_buf_puts(out, "| RAM | Verdict | MemTotal | CmaTotal | min_free_kbytes | Margin | Findings |\n");
	mg_buf_puts(out, "|---|---|---:|---:|---:|---:|---|\n");
	for (i = 0; i < v->nvariants; i++) {
		const struct mg_verdict_variant *vv = &v->variants[i];
		size_t j, nvf = mg_min_u64(vv->nfindings, MG_MAX_FINDINGS), shown = 0;
		mg_rpt_size(k, sizeof(k), mg_rpt_variant_ram(vv));
		mg_buf_puts(out, "|");
		cell(out, k);
		cell(out, mg_rpt_variant_word(vv));
		cell_kb(out, mg_rpt_pages_kb(&vv->model, vv->model.memtotal_pages));
		cell_kb(out, mg_rpt_pages_kb(&vv->model, vv->model.cma_total_pages));
		cell_kb(out, vv->model.min_free_kbytes);
		mg_rpt_skb(k, sizeof(k), vv->margin_kb);
		cell(out, k);
		mg_buf_puts(out, " ");
		for (j = 0; j < nvf; j++) {
			if (!mg_rpt_finding_counts(&vv->findings[j]))
				continue;
			mg_buf_puts(out, shown++ ? ", " : "");
			mg_rpt_md_cell(out, vv->findings[j].rule ? vv->findings[j].rule : "?");
		}
		mg_buf_puts(out, shown ? " |\n" : "- |\n");
	}
	md_notes_bootlines(out, &first->model);
}
