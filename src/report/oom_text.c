/* `memgate oom` output: the analysis of each report as text and as JSON (memgate-oom/1).
 * Reads the analysis structs only; deterministic (integers only, fixed order, no locale). */
#include <string.h>

#include <memgate/logs.h>
#include <memgate/model.h>

typedef unsigned long long ull;

static const char *kind_word(enum mg_oom_kind k)
{
	return k == MG_OOM_KILLER ? "oom-killer" : "page allocation failure";
}

static const char *mt_word(enum mg_migratetype m)
{
	return m == MG_MT_MOVABLE ? "MOVABLE" : m == MG_MT_RECLAIMABLE ? "RECLAIMABLE" : "UNMOVABLE";
}

static const char *tri_word(enum mg_tristate t)
{
	return t == MG_TRI_YES ? "on" : t == MG_TRI_NO ? "off" : "unknown";
}

/* Text goes to terminals: no control characters from the log. */
static void put_clean(struct mg_buf *out, const char *s)
{
	for (; *s; s++) {
		char c = (unsigned char)*s < 0x20 || *s == 0x7f ? '?' : *s;
		mg_buf_append(out, &c, 1);
	}
}

static void zone_label(struct mg_buf *out, const struct mg_oom_zone_check *c)
{
	if (c->node >= 0)
		mg_buf_printf(out, "Node %d ", c->node);
	put_clean(out, c->zone);
}

/* "free 613120 - free_cma 523776 = 89344 kB <= min 91584 kB + lowmem_reserve 0 kB = 91584 kB" */
static void check_expr(struct mg_buf *out, const struct mg_oom_zone_check *c, unsigned order)
{
	bool sub = c->cma_subtracted || c->highatomic_subtracted || c->order_adjust_kb;

	mg_buf_printf(out, "free %llu", (ull)c->free_kb);
	if (c->cma_subtracted)
		mg_buf_printf(out, " - free_cma %llu", (ull)c->free_cma_kb);
	if (c->highatomic_subtracted)
		mg_buf_printf(out, " - reserved_highatomic %llu", (ull)c->highatomic_kb);
	if (c->order_adjust_kb)
		mg_buf_printf(out, " - order-%u rounding %llu", order, (ull)c->order_adjust_kb);
	if (sub)
		mg_buf_printf(out, " = %llu kB", (ull)c->usable_kb);
	else
		mg_buf_puts(out, " kB");
	mg_buf_printf(out, " %s min %llu kB", c->fails ? "<=" : ">", (ull)c->min_kb);
	if (c->mark_kb != c->min_kb)
		mg_buf_printf(out, " (reduced to %llu kB)", (ull)c->mark_kb);
	if (c->reserve_known)
		mg_buf_printf(out, " + lowmem_reserve %llu kB = %llu kB", (ull)c->lowmem_reserve_kb,
			      (ull)c->threshold_kb);
	else
		mg_buf_puts(out, " + lowmem_reserve ? (not printed)");
}

int mg_oom_render_text(struct mg_buf *out, const struct mg_oom_analysis *a, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct mg_oom_analysis *x = &a[i];
		if (i)
			mg_buf_puts(out, "\n");
		mg_buf_printf(out, "report %zu of %zu (line %u): %s by ", i + 1, n, x->line,
			      kind_word(x->kind));
		put_clean(out, x->comm[0] ? x->comm : "?");
		if (x->kernel_version[0]) {
			mg_buf_puts(out, ", kernel ");
			put_clean(out, x->kernel_version);
		}
		mg_buf_puts(out, "\n");
		mg_buf_puts(out, "  request:    ");
		if (x->gfp_known) {
			mg_buf_printf(out, "gfp_mask=0x%llx (", (ull)x->gfp_mask);
			put_clean(out, x->gfp_names);
			mg_buf_printf(out, "%s)", x->gfp_names_decoded ? ", decoded" : "");
		} else {
			mg_buf_puts(out, "gfp_mask unknown");
		}
		if (x->order_known)
			mg_buf_printf(out, ", order %u (%llu kB)\n", x->order,
				      (ull)((1ull << x->order) * x->page_kb));
		else
			mg_buf_puts(out, ", order unknown\n");
		if (x->gfp_known) {
			mg_buf_puts(out, "  flags:      ");
			put_clean(out, x->gfp_flags);
			mg_buf_puts(out, "\n");
		}
		mg_buf_printf(out, "  page size:  %llu KiB (%s)\n", (ull)x->page_kb,
			      x->page_kb_derived ? "from the report" : "given or assumed");
		mg_buf_printf(out, "  grouping:   mobility grouping %s", tri_word(x->grouping));
		if (x->grouping_source[0]) {
			mg_buf_puts(out, " (");
			put_clean(out, x->grouping_source);
			mg_buf_puts(out, ")");
		}
		mg_buf_puts(out, "\n");
		mg_buf_printf(out, "  migratetype: %s requested, %s effective\n", mt_word(x->requested_mt),
			      mt_word(x->effective_mt));
		mg_buf_puts(out, "  may use CMA: ");
		put_clean(out, x->alloc_cma_reason);
		mg_buf_puts(out, "\n");
		if (x->cause != MG_OOM_CAUSE_MEMCG || x->nzones) {
			mg_buf_printf(out, "  zones:      up to %s (gfp_zone); lowmem_reserve index: %s\n",
				      x->highest_zone,
				      x->reserve_index_is_gfp_zone ? "gfp_zone (>= 5.8)" :
								     "preferred zone (<= 5.7)");
			mg_buf_puts(out, "  watermark check (slow path, min):\n");
			if (!x->nzones)
				mg_buf_puts(out, "    (no zone on the allocation's path was printed)\n");
		}
		for (j = 0; j < x->nzones; j++) {
			const struct mg_oom_zone_check *c = &x->zones[j];
			mg_buf_puts(out, "    ");
			zone_label(out, c);
			mg_buf_printf(out, " (line %u): ", c->line);
			if (!c->complete) {
				mg_buf_puts(out, "free/min not printed\n");
				continue;
			}
			check_expr(out, c, x->order);
			if (c->fails)
				mg_buf_printf(out, ": FAILS, %llu kB short", (ull)c->shortfall_kb);
			else
				mg_buf_puts(out, ": passes");
			if (c->block_checked)
				mg_buf_printf(out, "; free block of order >= %u: %s", x->order,
					      c->block_available ? "yes" : "no");
			mg_buf_puts(out, "\n");
		}
		if (x->memcg_usage_kb.set || x->cause == MG_OOM_CAUSE_MEMCG) {
			mg_buf_puts(out, "  memcg:      ");
			put_clean(out, x->memcg[0] ? x->memcg : "?");
			if (x->memcg_usage_kb.set)
				mg_buf_printf(out, " usage %llu kB", (ull)x->memcg_usage_kb.value);
			if (x->memcg_limit_kb.set)
				mg_buf_printf(out, ", limit %llu kB", (ull)x->memcg_limit_kb.value);
			mg_buf_puts(out, "\n");
		}
		if (x->ntasks)
			mg_buf_printf(out, "  tasks:      %zu, rss %llu pages = %llu kB\n", x->ntasks,
				      (ull)x->tasks_rss_pages, (ull)(x->tasks_rss_pages * x->page_kb));
		if (x->victim_comm[0]) {
			mg_buf_printf(out, "  killed:     pid %llu (", (ull)x->victim_pid);
			put_clean(out, x->victim_comm);
			mg_buf_printf(out, "), anon-rss %llu kB\n", (ull)x->victim_anon_rss_kb);
		}
		if (x->panicked)
			mg_buf_puts(out, "  panic:      the kernel panicked on this OOM (panic_on_oom)\n");
		mg_buf_printf(out, "  cause:      %s: ", mg_oom_cause_name(x->cause));
		put_clean(out, x->cause_text);
		mg_buf_puts(out, "\n  fix:        ");
		put_clean(out, x->fix_text);
		mg_buf_puts(out, "\n");
		if (x->nmissing) {
			mg_buf_puts(out, "  missing:    ");
			for (j = 0; j < x->nmissing; j++) {
				if (j)
					mg_buf_puts(out, "; ");
				put_clean(out, x->missing[j]);
			}
			mg_buf_puts(out, "\n");
		}
	}
	return out->failed ? -1 : 0;
}

/* ------------------------------------------------------------------ JSON */

static void jstr(struct mg_buf *out, const char *s)
{
	mg_buf_puts(out, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			mg_buf_printf(out, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			mg_buf_printf(out, "\\u%04x", c);
		else if (c >= 0x80) /* log bytes are not known to be UTF-8: keep the JSON valid */
			mg_buf_puts(out, "\\ufffd");
		else
			mg_buf_append(out, (const char *)&c, 1);
	}
	mg_buf_puts(out, "\"");
}

static void jkey(struct mg_buf *out, const char *ind, const char *key, bool *first)
{
	mg_buf_printf(out, "%s\n%s\"%s\": ", *first ? "" : ",", ind, key);
	*first = false;
}

static void jkstr(struct mg_buf *out, const char *ind, const char *key, const char *v, bool *first)
{
	jkey(out, ind, key, first);
	jstr(out, v);
}

static void jkull(struct mg_buf *out, const char *ind, const char *key, ull v, bool *first)
{
	jkey(out, ind, key, first);
	mg_buf_printf(out, "%llu", v);
}

static void jkbool(struct mg_buf *out, const char *ind, const char *key, bool v, bool *first)
{
	jkey(out, ind, key, first);
	mg_buf_puts(out, v ? "true" : "false");
}

static void json_zone(struct mg_buf *out, const struct mg_oom_zone_check *c)
{
	const char *ind = "          ";
	bool f = true;

	mg_buf_puts(out, "        {");
	if (c->node >= 0)
		jkull(out, ind, "node", (ull)c->node, &f);
	jkstr(out, ind, "zone", c->zone, &f);
	jkull(out, ind, "line", c->line, &f);
	jkbool(out, ind, "complete", c->complete, &f);
	jkull(out, ind, "free_kb", c->free_kb, &f);
	jkull(out, ind, "free_cma_kb", c->free_cma_kb, &f);
	jkbool(out, ind, "cma_subtracted", c->cma_subtracted, &f);
	jkull(out, ind, "reserved_highatomic_kb", c->highatomic_kb, &f);
	jkbool(out, ind, "highatomic_subtracted", c->highatomic_subtracted, &f);
	jkull(out, ind, "order_adjust_kb", c->order_adjust_kb, &f);
	jkull(out, ind, "usable_kb", c->usable_kb, &f);
	jkull(out, ind, "min_kb", c->min_kb, &f);
	jkull(out, ind, "mark_kb", c->mark_kb, &f);
	jkull(out, ind, "low_kb", c->low_kb, &f);
	jkull(out, ind, "high_kb", c->high_kb, &f);
	jkull(out, ind, "boost_kb", c->boost_kb, &f);
	jkbool(out, ind, "lowmem_reserve_known", c->reserve_known, &f);
	jkull(out, ind, "lowmem_reserve_pages", c->lowmem_reserve_pages, &f);
	jkull(out, ind, "lowmem_reserve_kb", c->lowmem_reserve_kb, &f);
	jkull(out, ind, "threshold_kb", c->threshold_kb, &f);
	jkbool(out, ind, "fails", c->fails, &f);
	jkull(out, ind, "shortfall_kb", c->shortfall_kb, &f);
	jkbool(out, ind, "would_pass_with_cma", c->would_pass_with_cma, &f);
	if (c->block_checked)
		jkbool(out, ind, "block_available", c->block_available, &f);
	jkull(out, ind, "present_kb", c->present_kb, &f);
	jkull(out, ind, "managed_kb", c->managed_kb, &f);
	mg_buf_puts(out, "\n        }");
}

int mg_oom_render_json(struct mg_buf *out, const struct mg_oom_analysis *a, size_t n)
{
	size_t i, j;

	mg_buf_puts(out, "{\n  \"schema\": \"memgate-oom/1\",\n  \"reports\": [");
	for (i = 0; i < n; i++) {
		const struct mg_oom_analysis *x = &a[i];
		const char *ind = "      ";
		bool f = true;

		mg_buf_printf(out, "%s\n    {", i ? "," : "");
		jkull(out, ind, "index", i + 1, &f);
		jkull(out, ind, "line", x->line, &f);
		jkstr(out, ind, "kind", x->kind == MG_OOM_KILLER ? "oom-killer" : "page-allocation-failure",
		      &f);
		jkstr(out, ind, "comm", x->comm, &f);
		jkstr(out, ind, "kernel_version", x->kernel_version, &f);
		if (x->gfp_known) {
			char hex[32];
			snprintf(hex, sizeof(hex), "0x%llx", (ull)x->gfp_mask);
			jkstr(out, ind, "gfp_mask", hex, &f);
			jkstr(out, ind, "gfp_names", x->gfp_names, &f);
			jkbool(out, ind, "gfp_names_decoded", x->gfp_names_decoded, &f);
			jkstr(out, ind, "gfp_flags", x->gfp_flags, &f);
		}
		if (x->order_known)
			jkull(out, ind, "order", x->order, &f);
		jkull(out, ind, "page_kb", x->page_kb, &f);
		jkbool(out, ind, "page_kb_derived", x->page_kb_derived, &f);
		jkstr(out, ind, "mobility_grouping", tri_word(x->grouping), &f);
		jkbool(out, ind, "mobility_grouping_inferred", x->grouping_inferred, &f);
		jkstr(out, ind, "mobility_grouping_source", x->grouping_source, &f);
		jkstr(out, ind, "requested_migratetype", mt_word(x->requested_mt), &f);
		jkstr(out, ind, "effective_migratetype", mt_word(x->effective_mt), &f);
		jkbool(out, ind, "alloc_cma", x->alloc_cma, &f);
		jkstr(out, ind, "alloc_cma_reason", x->alloc_cma_reason, &f);
		jkstr(out, ind, "highest_zone", x->highest_zone, &f);
		jkstr(out, ind, "lowmem_reserve_index",
		      x->reserve_index_is_gfp_zone ? "gfp_zone" : "preferred_zone", &f);
		jkey(out, ind, "zones", &f);
		mg_buf_puts(out, "[");
		for (j = 0; j < x->nzones; j++) {
			mg_buf_puts(out, j ? ",\n" : "\n");
			json_zone(out, &x->zones[j]);
		}
		mg_buf_puts(out, x->nzones ? "\n      ]" : "]");
		jkstr(out, ind, "cause", mg_oom_cause_name(x->cause), &f);
		jkstr(out, ind, "cause_text", x->cause_text, &f);
		jkstr(out, ind, "fix", x->fix_text, &f);
		if (x->constraint[0])
			jkstr(out, ind, "constraint", x->constraint, &f);
		if (x->memcg[0])
			jkstr(out, ind, "memcg", x->memcg, &f);
		if (x->memcg_usage_kb.set)
			jkull(out, ind, "memcg_usage_kb", x->memcg_usage_kb.value, &f);
		if (x->memcg_limit_kb.set)
			jkull(out, ind, "memcg_limit_kb", x->memcg_limit_kb.value, &f);
		jkull(out, ind, "tasks", x->ntasks, &f);
		jkull(out, ind, "tasks_rss_pages", x->tasks_rss_pages, &f);
		if (x->victim_comm[0]) {
			jkull(out, ind, "victim_pid", x->victim_pid, &f);
			jkstr(out, ind, "victim_comm", x->victim_comm, &f);
			jkull(out, ind, "victim_anon_rss_kb", x->victim_anon_rss_kb, &f);
		}
		jkbool(out, ind, "panicked", x->panicked, &f);
		jkey(out, ind, "missing", &f);
		mg_buf_puts(out, "[");
		for (j = 0; j < x->nmissing; j++) {
			if (j)
				mg_buf_puts(out, ", ");
			jstr(out, x->missing[j]);
		}
		mg_buf_puts(out, "]\n    }");
	}
	mg_buf_puts(out, n ? "\n  ]\n}\n" : "]\n}\n");
	return out->failed ? -1 : 0;
}

/* `memgate oom --board`: the prediction's watermarks next to what each report printed. */
int mg_oom_render_board_check(struct mg_buf *out, const struct mg_oom_analysis *a, size_t n,
			      const struct mg_model *m, const char *board)
{
	mg_buf_printf(out, "\nCross-check with the prediction for %s:\n", board);
	for (size_t i = 0; i < n; i++)
		for (size_t z = 0; z < a[i].nzones; z++) {
			const struct mg_oom_zone_check *zc = &a[i].zones[z];
			for (int k = 0; k < MG_NR_ZONES; k++) {
				const struct mg_zone *mz = &m->zones[k];
				uint64_t pmin = mg_pages_to_kb(m, mz->min_pages), plow = mg_pages_to_kb(m, mz->low_pages);
				uint64_t phigh = mg_pages_to_kb(m, mz->high_pages), pman = mg_pages_to_kb(m, mz->managed_pages);
				if (!mz->present_pages || strcmp(mg_zone_name(mz->type), zc->zone))
					continue;
				mg_buf_printf(out,
					      "  report %zu zone %s: min/low/high %llu/%llu/%llu kB, predicted %llu/%llu/%llu kB (%s); "
					      "managed %llu kB, predicted %llu kB (%s)\n",
					      i + 1, zc->zone, (unsigned long long)zc->min_kb, (unsigned long long)zc->low_kb,
					      (unsigned long long)zc->high_kb, (unsigned long long)pmin,
					      (unsigned long long)plow, (unsigned long long)phigh,
					      zc->min_kb == pmin && zc->low_kb == plow && zc->high_kb == phigh ? "equal" : "differ",
					      (unsigned long long)zc->managed_kb, (unsigned long long)pman,
					      zc->managed_kb == pman ? "equal" : "differ");
			}
		}
	mg_buf_printf(out, "  mobility grouping predicted %s for %s\n",
		      m->mobility_grouping ? "on" : "off", board);
	return 0;
}
