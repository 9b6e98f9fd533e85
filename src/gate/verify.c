/* `memgate verify`: the model's numbers next to what a booted board printed, and --calibrate.
 * Reads a model and parsed logs only; no printing.  Every row keeps the log line it came from. */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/verify.h>

static int oom(struct mg_error *err)
{
	return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory comparing with the boot log");
}

static int64_t sat_delta(uint64_t observed, uint64_t predicted)
{
	if (observed >= predicted) {
		uint64_t d = observed - predicted;
		return d > (uint64_t)INT64_MAX ? INT64_MAX : (int64_t)d;
	}
	uint64_t d = predicted - observed;
	return d > (uint64_t)INT64_MAX ? INT64_MIN : -(int64_t)d;
}

static void set_source(struct mg_verify_row *r, const char *file, unsigned line)
{
	if (!file || !file[0])
		file = "(log)";
	if (line)
		snprintf(r->source, sizeof(r->source), "%s:%u", file, line);
	else
		snprintf(r->source, sizeof(r->source), "%s", file);
}

/* A new zeroed row, or NULL (out of memory, or the row cap: then nothing more is added). */
static struct mg_verify_row *add_row(struct mg_verify *v, const char *quantity, enum mg_verify_kind kind,
				     const char *unit, bool exact, bool *nomem)
{
	struct mg_verify_row *r;

	if (v->nrows >= MG_VERIFY_MAX_ROWS) {
		v->rows_capped = true;
		return NULL;
	}
	if (MG_ARRAY_RESERVE(v->rows, v->cap, v->nrows + 1)) {
		*nomem = true;
		return NULL;
	}
	r = &v->rows[v->nrows++];
	memset(r, 0, sizeof(*r));
	snprintf(r->quantity, sizeof(r->quantity), "%s", quantity);
	r->kind = kind;
	snprintf(r->unit, sizeof(r->unit), "%s", unit);
	r->exact = exact;
	r->tol_pct = exact ? 0.0 : MG_VERIFY_TOL_PCT;
	r->within = true;
	return r;
}

/* Decide within for a numeric row with both sides: exact rows must be equal; the others may
 * differ by tol_pct of the prediction. */
static void judge(struct mg_verify_row *r)
{
	uint64_t p = r->predicted, o = r->observed, mag = o >= p ? o - p : p - o;

	r->delta = sat_delta(o, p);
	if (r->exact || r->kind != MG_VERIFY_NUMBER)
		r->within = mag == 0;
	else
		r->within = (double)mag <= (double)(r->tol_basis ? r->tol_basis : p) * r->tol_pct / 100.0;
}

/* A numeric/address/bool row; has_pred/has_obs say which sides exist. */
static int num_row(struct mg_verify *v, const char *quantity, enum mg_verify_kind kind, const char *unit,
		   bool exact, bool has_pred, uint64_t pred, bool has_obs, uint64_t obs, const char *file,
		   unsigned line, const char *note)
{
	bool nomem = false;
	struct mg_verify_row *r = add_row(v, quantity, kind, unit, exact, &nomem);

	if (!r)
		return nomem ? -1 : 0;
	r->has_pred = has_pred;
	r->has_obs = has_obs;
	r->predicted = has_pred ? pred : 0;
	r->observed = has_obs ? obs : 0;
	if (has_obs)
		set_source(r, file, line);
	if (note)
		snprintf(r->note, sizeof(r->note), "%s", note);
	if (has_pred && has_obs)
		judge(r);
	return 0;
}

/* ---- command line ---- */

/* Copy with blank runs collapsed to one space and no leading/trailing blanks. */
static char *normalize_ws(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *d = malloc(n + 1);
	bool blank = false;

	if (!d)
		return NULL;
	for (; *s; s++) {
		if (isspace((unsigned char)*s)) {
			blank = o > 0;
			continue;
		}
		if (blank)
			d[o++] = ' ';
		blank = false;
		d[o++] = *s;
	}
	d[o] = '\0';
	return d;
}

/* Is token tok (length n) one of the blank-separated words of s? */
static bool has_token(const char *s, const char *tok, size_t n)
{
	while (*s) {
		size_t m = strcspn(s, " ");
		if (m == n && !memcmp(s, tok, n))
			return true;
		s += m;
		while (*s == ' ')
			s++;
	}
	return false;
}

/* "only predicted: a b; only observed: c" into note (truncated to fit). */
static void token_diff(char *note, size_t size, const char *pred, const char *obs)
{
	size_t used = 0;
	const char *sides[2][2] = { { pred, obs }, { obs, pred } };
	const char *labels[2] = { "only predicted:", "only observed:" };

	note[0] = '\0';
	for (int k = 0; k < 2; k++) {
		const char *s = sides[k][0];
		bool any = false;
		while (*s) {
			size_t m = strcspn(s, " ");
			if (!has_token(sides[k][1], s, m)) {
				int w = snprintf(note + used, size - used, "%s%s %.*s",
						 !any && used ? "; " : "", !any ? labels[k] : "",
						 (int)(m > 200 ? 200 : m), s);
				if (w < 0 || (size_t)w >= size - used) {
					note[used] = '\0';
					return;
				}
				used += (size_t)w;
				any = true;
			}
			s += m;
			while (*s == ' ')
				s++;
		}
	}
	if (!used)
		snprintf(note, size, "same words in another order or count");
}

static int text_row(struct mg_verify *v, const char *quantity, const char *pred, const char *obs,
		    bool within, const char *file, unsigned line, const char *note)
{
	bool nomem = false;
	struct mg_verify_row *r = add_row(v, quantity, MG_VERIFY_TEXT, "", true, &nomem);

	if (!r)
		return nomem ? -1 : 0;
	r->has_pred = r->has_obs = true;
	r->predicted_text = mg_strdup(pred);
	r->observed_text = mg_strdup(obs);
	if (!r->predicted_text || !r->observed_text)
		return -1;
	r->within = within;
	set_source(r, file, line);
	if (note)
		snprintf(r->note, sizeof(r->note), "%s", note);
	return 0;
}

static int cmdline_rows(struct mg_verify *v, const struct mg_model *m, const struct mg_bootlog *bl)
{
	char *p, *o, note[256] = "";
	int rc;

	if (!bl->cmdline)
		return 0;
	p = normalize_ws(m->cmdline);
	o = normalize_ws(bl->cmdline);
	if (!p || !o) {
		free(p);
		free(o);
		return -1;
	}
	if (strcmp(p, o))
		token_diff(note, sizeof(note), p, o);
	rc = text_row(v, "command line", p, o, !strcmp(p, o), bl->file, bl->cmdline_line, note);
	free(p);
	free(o);
	return rc;
}

/* "5.4.74" predicts "5.4.74" and "5.4.74-rt41" (a local version the .config header leaves out),
 * not "5.4.7" or "5.4.740". */
static bool version_matches(const char *pred, const char *obs)
{
	size_t n = strlen(pred);
	unsigned pa, pb, oa, ob, oc;
	if (n && !strncmp(pred, obs, n) && !isdigit((unsigned char)obs[n]) && obs[n] != '.')
		return true;
	/* A distribution ABI name ("6.1.0-56-arm64" for 6.1.192): same major.minor, sublevel 0. */
	return sscanf(pred, "%u.%u", &pa, &pb) == 2 && sscanf(obs, "%u.%u.%u-", &oa, &ob, &oc) == 3 &&
	       pa == oa && pb == ob && oc == 0 && strchr(obs, '-');
}

static int version_row(struct mg_verify *v, const struct mg_model *m, const struct mg_bootlog *bl)
{
	bool ok;

	if (!bl->version[0])
		return 0;
	ok = version_matches(m->k.version_text, bl->version);
	return text_row(v, "kernel version", m->k.version_text, bl->version, ok, bl->file, bl->version_line,
			ok ? NULL : "the log is of another kernel: every other row compares different builds");
}

/* ---- CMA areas ---- */

/* The model's default area from cma= / Kconfig is announced by mm/cma.c ("cma: Reserved" /
 * "cma: Failed to reserve"); DT shared-dma-pools by rmem_cma_setup ("created CMA memory pool"). */
/* Areas mm/cma.c announces itself ("cma: Reserved"): the default area and hugetlb_cma, i.e.
 * everything but DT pools (whose origin is their node path). */
static bool model_area_is_cmdline(const struct mg_cma_area *a)
{
	return a->origin.what[0] != '/';
}

static bool boot_area_is_cmdline(const struct mg_boot_cma *c)
{
	return c->kind != MG_BOOT_CMA_DT_POOL;
}

static int cma_pair_rows(struct mg_verify *v, const struct mg_cma_area *a, const struct mg_boot_cma *c,
			 const char *file)
{
	char q[64];
	const char *name = a ? a->name : c->name[0] ? c->name : c->kind == MG_BOOT_CMA_DT_POOL ? "pool" : "reserved";
	bool pred_ok = a && a->reserved, obs_ok = c && c->kind != MG_BOOT_CMA_FAILED;
	const char *note = !a ? "not predicted: an area the model does not know (hugetlb_cma, per-node cma?)" :
			   !c ? "not in the log (cut log, or the kernel did not announce it)" :
			   pred_ok && !obs_ok ? "the kernel failed to reserve it" :
			   !pred_ok && obs_ok ? "predicted to fail" : NULL;

	/* The kernel prints the size in whole MiB (size / SZ_1M): compare at that resolution. */
	snprintf(q, sizeof(q), "cma %.40s size", name);
	if (num_row(v, q, MG_VERIFY_NUMBER, "MiB", true, a != NULL, pred_ok ? a->size_bytes >> 20 : 0, c != NULL,
		    obs_ok ? c->size_bytes >> 20 : 0, file, c ? c->line : 0, note))
		return -1;
	if ((a && !pred_ok) || (c && !obs_ok))
		return 0; /* no base to compare for a failed reservation */
	snprintf(q, sizeof(q), "cma %.40s base", name);
	return num_row(v, q, MG_VERIFY_ADDRESS, "", true, a != NULL, a ? a->base : 0, c != NULL,
		       c ? c->base : 0, file, c ? c->line : 0, NULL);
}

/* extras false: a row pair per model area; true: the log's areas no model area matched (listed
 * last, so a log with thousands of them cannot push the other rows past MG_VERIFY_MAX_ROWS). */
static int cma_rows(struct mg_verify *v, const struct mg_model *m, const struct mg_bootlog *bl, bool extras)
{
	size_t nb = bl->ncma, na = m->ncma < MG_MAX_CMA_AREAS ? m->ncma : MG_MAX_CMA_AREAS;
	bool *used = nb ? calloc(nb, sizeof(*used)) : NULL;
	long match[MG_MAX_CMA_AREAS];
	int rc = 0;

	if (nb && !used)
		return -1;
	for (size_t i = 0; i < na; i++)
		match[i] = -1;
	/* DT pools: by node name, then by base; then everything left in order of appearance. */
	for (int pass = 0; pass < 3; pass++) {
		for (size_t i = 0; i < na; i++) {
			const struct mg_cma_area *a = &m->cma[i];
			if (match[i] >= 0)
				continue;
			for (size_t j = 0; j < nb; j++) {
				const struct mg_boot_cma *c = &bl->cma[j];
				if (used[j] || model_area_is_cmdline(a) != boot_area_is_cmdline(c))
					continue;
				if ((pass == 0 && (!c->name[0] || strcmp(c->name, a->name))) ||
				    (pass == 1 && (c->kind == MG_BOOT_CMA_FAILED || c->base != a->base)))
					continue;
				match[i] = (long)j;
				used[j] = true;
				break;
			}
		}
	}
	for (size_t i = 0; i < na && !rc && !extras; i++)
		rc = cma_pair_rows(v, &m->cma[i], match[i] >= 0 ? &bl->cma[match[i]] : NULL, bl->file);
	for (size_t j = 0; j < nb && !rc && extras; j++)
		if (!used[j])
			rc = cma_pair_rows(v, NULL, &bl->cma[j], bl->file);
	free(used);
	return rc;
}

/* ---- the Memory: line, zonelists ---- */

static int boot_rows(struct mg_verify *v, const struct mg_model *m, const struct mg_bootlog *bl)
{
	const char *f = bl->file;
	uint64_t kb = 1u << (m->k.page_shift - 10);

	/* mm/page_alloc.c mem_init_print_info (v5.4): available = nr_free_pages(), total = physpages,
	 * reserved = physpages - totalram_pages() - totalcma_pages, cma-reserved = totalcma_pages. */
	if (bl->mem_total_kb.set &&
	    num_row(v, "physpages (Memory: total)", MG_VERIFY_NUMBER, "kB", true, true, m->present_pages * kb,
		    true, bl->mem_total_kb.value, f, bl->mem_total_kb.line, NULL))
		return -1;
	/* With DEFERRED_STRUCT_PAGE_INIT most pages reach the free lists after the line is printed,
	 * so "available" is not comparable there. */
	if (bl->mem_available_kb.set &&
	    num_row(v, "available (Memory:)", MG_VERIFY_NUMBER, "kB", false, !m->k.deferred_struct_page_init,
		    m->totalram_boot_pages * kb, true, bl->mem_available_kb.value, f, bl->mem_available_kb.line,
		    m->k.deferred_struct_page_init ? "not compared: CONFIG_DEFERRED_STRUCT_PAGE_INIT" : NULL))
		return -1;
	if (bl->reserved_kb.set) {
		if (num_row(v, "reserved (Memory:)", MG_VERIFY_NUMBER, "kB", false, true, m->reserved_boot_pages * kb,
			    true, bl->reserved_kb.value, f, bl->reserved_kb.line, NULL))
			return -1;
		/* reserved = physpages - available - cma: an error in it is the same error in MemTotal,
		 * so it is held to MemTotal's tolerance, a share of physpages (a 64 KiB-page kernel's
		 * few MiB of reservations would otherwise fail on one page) */
		if (v->nrows && !strcmp(v->rows[v->nrows - 1].quantity, "reserved (Memory:)")) {
			v->rows[v->nrows - 1].tol_basis = m->present_pages * kb;
			judge(&v->rows[v->nrows - 1]);
		}
	}
	if (bl->cma_reserved_kb.set &&
	    num_row(v, "cma-reserved (Memory:)", MG_VERIFY_NUMBER, "kB", true, true, m->cma_boot_pages * kb,
		    true, bl->cma_reserved_kb.value, f, bl->cma_reserved_kb.line, NULL))
		return -1;
	/* mm/page_alloc.c build_all_zonelists: "Total pages: %ld" is vm_total_pages (<= 6.5). */
	if (bl->total_pages.set &&
	    num_row(v, "Total pages (zonelists)", MG_VERIFY_NUMBER, "pages", false, true, m->grouping_total_pages,
		    true, bl->total_pages.value, f, bl->total_pages.line, NULL))
		return -1;
	if (bl->mobility_grouping != MG_TRI_UNKNOWN &&
	    num_row(v, "mobility grouping", MG_VERIFY_BOOL, "", true, true, m->mobility_grouping, true,
		    bl->mobility_grouping == MG_TRI_YES, f, bl->mobility_grouping_line, NULL))
		return -1;
	return 0;
}

static int meminfo_rows(struct mg_verify *v, const struct mg_model *m, const struct mg_meminfo *mi)
{
	uint64_t kb = 1u << (m->k.page_shift - 10);

	if (!mi)
		return 0;
	if (mi->mem_total_kb.set &&
	    num_row(v, "MemTotal", MG_VERIFY_NUMBER, "kB", false, true, m->memtotal_pages * kb, true,
		    mi->mem_total_kb.value, mi->file, mi->mem_total_kb.line, NULL))
		return -1;
	if (mi->cma_total_kb.set &&
	    num_row(v, "CmaTotal", MG_VERIFY_NUMBER, "kB", true, true, m->cma_total_pages * kb, true,
		    mi->cma_total_kb.value, mi->file, mi->cma_total_kb.line, NULL))
		return -1;
	return 0;
}

/* ---- /proc/zoneinfo ---- */

struct zsum {
	bool set;
	uint64_t value;
	unsigned line;
};

static void zadd(struct zsum *s, const struct mg_logval *lv)
{
	if (!lv->set)
		return;
	if (!s->set)
		s->line = lv->line;
	s->set = true;
	if (!mg_add_u64(s->value, lv->value, &s->value))
		s->value = UINT64_MAX;
}

static int zone_rows(struct mg_verify *v, const struct mg_model *m, const struct mg_zoneinfo *zi)
{
	if (!zi)
		return 0;
	for (int t = 0; t < MG_NR_ZONES; t++) {
		const struct mg_zone *z = &m->zones[t];
		const char *name = mg_zone_name((enum mg_zone_type)t);
		struct zsum present = { 0 }, managed = { 0 }, min = { 0 }, low = { 0 }, high = { 0 }, cma = { 0 };
		size_t nblocks = 0;
		char q[64], note[96] = "";

		/* The model has one node; a NUMA board's per-node blocks add up to it. */
		for (size_t i = 0; i < zi->nzones; i++) {
			const struct mg_zoneinfo_zone *b = &zi->zones[i];
			if (strcmp(b->name, name))
				continue;
			nblocks++;
			zadd(&present, &b->present);
			zadd(&managed, &b->managed);
			zadd(&min, &b->min);
			zadd(&low, &b->low);
			zadd(&high, &b->high);
			zadd(&cma, &b->cma);
		}
		/* A zone empty on both sides (5.4 prints every zone of a node) says nothing. */
		if (!nblocks || (!present.value && !managed.value && !z->present_pages && !z->managed_pages))
			continue;
		if (nblocks > 1)
			snprintf(note, sizeof(note), "sum of %zu nodes", nblocks);
		const struct { const char *what; const struct zsum *s; uint64_t pred; bool exact; } f[] = {
			{ "present", &present, z->present_pages, false },
			{ "managed", &managed, z->managed_pages, false },
			{ "min", &min, z->min_pages, false },
			{ "low", &low, z->low_pages, false },
			{ "high", &high, z->high_pages, false },
			/* zoneinfo "cma" (5.12+) is zone->cma_pages: whole areas, nothing estimated. */
			{ "cma", &cma, z->cma_pages, true },
		};
		for (size_t k = 0; k < sizeof(f) / sizeof(f[0]); k++) {
			if (!f[k].s->set)
				continue;
			snprintf(q, sizeof(q), "%s %s", name, f[k].what);
			if (num_row(v, q, MG_VERIFY_NUMBER, "pages", f[k].exact, true, f[k].pred, true, f[k].s->value,
				    zi->file, f[k].s->line, note[0] ? note : NULL))
				return -1;
		}
	}
	return 0;
}

static int sysctl_rows(struct mg_verify *v, const struct mg_model *m, const struct mg_sysctl_dump *sd)
{
	if (!sd)
		return 0;
	if (sd->min_free_kbytes.set &&
	    num_row(v, "min_free_kbytes", MG_VERIFY_NUMBER, "kB", false, true, m->min_free_kbytes, true,
		    sd->min_free_kbytes.value, sd->file, sd->min_free_kbytes.line, NULL))
		return -1;
	if (sd->watermark_scale_factor.set &&
	    num_row(v, "watermark_scale_factor", MG_VERIFY_NUMBER, "", true, true, m->watermark_scale_factor, true,
		    sd->watermark_scale_factor.value, sd->file, sd->watermark_scale_factor.line, NULL))
		return -1;
	return 0;
}

void mg_verify_free(struct mg_verify *v)
{
	if (!v)
		return;
	for (size_t i = 0; i < v->nrows; i++) {
		free(v->rows[i].predicted_text);
		free(v->rows[i].observed_text);
	}
	free(v->rows);
	memset(v, 0, sizeof(*v));
}

int mg_verify_run(struct mg_verify *v, const struct mg_model *m, const struct mg_bootlog *bl,
		  const struct mg_meminfo *mi, const struct mg_zoneinfo *zi,
		  const struct mg_sysctl_dump *sd, struct mg_error *err)
{
	char ps[32];

	memset(v, 0, sizeof(*v));
	if (m->k.page_shift < 10 || m->k.page_shift > 30)
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "model has page shift %u", m->k.page_shift);
	if (m->k.page_size_bytes >= (1u << 20))
		snprintf(ps, sizeof(ps), "%" PRIu64 " MiB", m->k.page_size_bytes >> 20);
	else
		snprintf(ps, sizeof(ps), "%" PRIu64 " KiB", m->k.page_size_bytes >> 10);
	snprintf(v->kernel, sizeof(v->kernel), "%s %s, %s pages", m->k.version_text,
		 m->k.arch_name ? m->k.arch_name : "?", ps);
	snprintf(v->dmesg_file, sizeof(v->dmesg_file), "%s", bl->file);
	if (mi)
		snprintf(v->meminfo_file, sizeof(v->meminfo_file), "%s", mi->file);
	if (zi)
		snprintf(v->zoneinfo_file, sizeof(v->zoneinfo_file), "%s", zi->file);
	if (sd)
		snprintf(v->sysctl_file, sizeof(v->sysctl_file), "%s", sd->file);

	if (version_row(v, m, bl) || cmdline_rows(v, m, bl) || cma_rows(v, m, bl, false) || boot_rows(v, m, bl) ||
	    meminfo_rows(v, m, mi) || zone_rows(v, m, zi) || sysctl_rows(v, m, sd) || cma_rows(v, m, bl, true)) {
		mg_verify_free(v);
		return oom(err);
	}
	for (size_t i = 0; i < v->nrows; i++) {
		const struct mg_verify_row *r = &v->rows[i];
		if (!r->has_pred || !r->has_obs)
			continue;
		v->ncompared++;
		if (!r->within)
			v->noutside++;
	}
	v->all_within = v->noutside == 0;
	if (!v->ncompared) {
		/* A gate that compared nothing must not say "all within". */
		mg_verify_free(v);
		return mg_input_error(err, bl->file, 0,
				      "nothing to compare: no 'Memory:', 'cma:', 'Built N zonelists' or 'Kernel "
				      "command line:' line, and no meminfo/zoneinfo/sysctl value the model predicts");
	}
	return 0;
}

/* ---- --calibrate ---- */

int mg_verify_calibrate_ex(struct mg_calibration *cal, struct mg_verify_calib_info *info,
			   const struct mg_model *m, const struct mg_bootlog *bl, struct mg_error *err)
{
	struct mg_verify_calib_info local;
	uint64_t page_kb, pred_kb, obs_kb;

	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	memset(cal, 0, sizeof(*cal));
	if (m->k.page_shift < 10 || m->k.page_shift > 30)
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "model has page shift %u", m->k.page_shift);
	for (size_t i = 0; i < m->nregions && i < MG_MAX_REGIONS; i++)
		if (m->regions[i].kind == MG_REGION_CALIBRATED)
			return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0,
					    "calibrating against a model that already applies a calibration "
					    "(run it with ignore_calibration)");
	if (!bl->reserved_kb.set)
		return mg_input_error(err, bl->file, 0,
				      "no 'Memory: ...K/...K available (... K reserved, ...)' line: --calibrate "
				      "needs the mem_init line of a boot of this board");
	if (bl->version[0] && !version_matches(m->k.version_text, bl->version))
		return mg_input_error(err, bl->file, bl->version_line,
				      "the log is of Linux %s, the board's kernel.config is %s: calibrate from a boot "
				      "of the same kernel", bl->version, m->k.version_text);
	page_kb = 1u << (m->k.page_shift - 10);
	pred_kb = m->reserved_boot_pages * page_kb;
	obs_kb = bl->reserved_kb.value;
	if (bl->mem_total_kb.set && bl->mem_total_kb.value != m->present_pages * page_kb)
		return mg_input_error(err, bl->file, bl->mem_total_kb.line,
				      "the log booted with %" PRIu64 "K of RAM, the board declares %" PRIu64
				      "K: calibrate from a boot of this board (or fix its memory node)",
				      bl->mem_total_kb.value, m->present_pages * page_kb);
	if (obs_kb % page_kb)
		return mg_input_error(err, bl->file, bl->reserved_kb.line,
				      "reserved %" PRIu64 "K is not a whole number of %" PRIu64
				      " kB pages: a log of a kernel with another page size?",
				      obs_kb, page_kb);

	info->observed_reserved_kb = obs_kb;
	info->predicted_reserved_kb = pred_kb;
	info->residue_kb = sat_delta(obs_kb, pred_kb);
	info->overestimate = obs_kb < pred_kb;
	snprintf(info->file, sizeof(info->file), "%s", bl->file);
	info->line = bl->reserved_kb.line;

	cal->set = true;
	snprintf(cal->kernel_version, sizeof(cal->kernel_version), "%s", m->k.version_text);
	cal->residue_kb = info->overestimate ? 0 : obs_kb - pred_kb;
	mg_origin_set(&cal->origin, bl->file, bl->reserved_kb.line, "Memory: %" PRIu64 "K reserved", obs_kb);
	if (info->overestimate) {
		mg_error_set(err, MG_ERR_INPUT, bl->file, bl->reserved_kb.line, 0,
			     "the model predicts %" PRIu64 " kB reserved at the Memory: line, the kernel reserved %"
			     PRIu64 " kB: the model over-estimates by %" PRIu64 " kB, residue stored as 0 "
			     "(check initrd_size, System.map and the estimated consumers)",
			     pred_kb, obs_kb, pred_kb - obs_kb);
		if (err)
			err->status = MG_OK; /* a notice, not a failure */
		return 1;
	}
	return 0;
}

int mg_verify_calibrate(struct mg_calibration *cal, const struct mg_model *m_uncalibrated,
			const struct mg_bootlog *bl, struct mg_error *err)
{
	return mg_verify_calibrate_ex(cal, NULL, m_uncalibrated, bl, err);
}

/* Capacity as mg_capacity_compute gives it is on top of the profile baseline; here the
 * baseline is the observed one.  Movable memory carries its page tables (8 B per page).  The
 * reach is within when it lies in [worst-case capacity - 3 %, capacity + 3 %]: a watermark boost
 * (5.0+) after fragmentation events and pages parked on other CPUs' free lists lower it. */
static int64_t less_baseline(int64_t cap, int64_t base, int64_t P, bool movable)
{
	int64_t raw = cap > 0 ? (movable ? cap * (P + 8) / P : cap) : 0;
	int64_t v = raw > base ? raw - base : 0;
	return movable ? v * P / (P + 8) : v;
}

static void judge_range(struct mg_verify_row *r, uint64_t low)
{
	judge(r);
	r->within = (double)r->observed <= (double)r->predicted * (1.0 + r->tol_pct / 100.0) &&
		    (double)r->observed >= (double)low * (1.0 - r->tol_pct / 100.0);
	if (low < r->predicted) {
		size_t n = strlen(r->note);
		snprintf(r->note + n, sizeof(r->note) - n, "%swatermark boost and full per-CPU lists can lower it to %llu kB",
			 n ? "; " : "", (unsigned long long)low);
	}
}

/* Pages a class with gfp_zone top may take from the zones up to top, as mg_capacity_compute
 * counts them (CMA excluded; worst: + boost and full per-CPU lists).  lowmem_reserve is
 * indexed by gfp_zone (5.8+) or the highest populated zone up to top (before). */
static uint64_t class_pages(const struct mg_model *m, int top, bool worst)
{
	uint64_t sum = 0;
	int idx = top;
	if (!m->k.lowmem_reserve_gfp_zone)
		while (idx > 0 && !m->zones[idx].present_pages)
			idx--;
	for (int zi = 0; zi <= top; zi++) {
		const struct mg_zone *z = &m->zones[zi];
		uint64_t avail = z->managed_pages > z->cma_pages ? z->managed_pages - z->cma_pages : 0;
		uint64_t floor = z->min_pages + z->lowmem_reserve_pages[idx] +
				 (worst ? z->boost_max_pages + z->pcp_high_pages : 0);
		if (z->present_pages && avail > floor)
			sum += avail - floor;
	}
	return sum;
}

int mg_verify_add_workload(struct mg_verify *v, const struct mg_model *m,
			   const struct mg_verify_workload *w, struct mg_error *err)
{
	int64_t base = w->has_baseline ? (int64_t)w->baseline_kb : 0;
	int64_t P = (int64_t)m->k.page_size_bytes;
	/* what the kernel took after boot (page_ext) is in the observed baseline already */
	int64_t post = (int64_t)mg_pages_to_kb(m, m->post_boot_alloc_pages);
	int64_t mov = less_baseline(m->capacity_movable_kb + post, base, P, true);
	int64_t mov_b = less_baseline(m->capacity_movable_worst_kb + post, base, P, true);
	int64_t unmov = less_baseline(m->capacity_unmovable_kb + post, base, P, false);
	int64_t unmov_b = less_baseline(m->capacity_unmovable_worst_kb + post, base, P, false);
	size_t first = v->nrows;
	bool proactive = !m->mobility_grouping && m->cma_total_pages && m->k.proactive_compaction &&
			 !strstr(m->cmdline, "compaction_proactiveness=0");

	if (w->has_movable &&
	    num_row(v, "movable reach (anon at OOM)", MG_VERIFY_NUMBER, "kB", false, true, (uint64_t)mov, true,
		    w->movable_kb, w->movable_source, w->movable_line,
		    m->mobility_grouping ? "capacity.movable_kb less the observed baseline"
					 : "capacity.movable_kb less the observed baseline (CMA not usable: grouping off)"))
		return oom(err);
	if (w->has_movable) {
		struct mg_verify_row *r = &v->rows[v->nrows - 1];
		r->tol_pct = MG_VERIFY_REACH_TOL_PCT;
		judge_range(r, (uint64_t)mov_b);
		/* 5.9+ proactive compaction can migrate movable pages into CMA pageblocks even with
		 * grouping off: the reach may exceed the conservative capacity by up to CmaTotal. */
		if (proactive && r->observed > r->predicted &&
		    r->observed <= r->predicted + mg_pages_to_kb(m, m->cma_total_pages)) {
			r->within = true;
			snprintf(r->note, sizeof(r->note), "above capacity: kcompactd proactive compaction (5.9+) moved "
				 "movable pages into CMA; compare with sysctl.vm.compaction_proactiveness=0");
		}
	}
	/* The pipe ramp's pages are GFP_HIGHUSER (fs/pipe.c: alloc_page(GFP_HIGHUSER |
	 * __GFP_ACCOUNT)): unmovable, but HighMem is open to them, which GFP_KERNEL's
	 * capacity.unmovable_kb leaves out.  With a populated HighMem (32-bit arm) the reach is
	 * compared with the unmovable capacity plus what HighMem adds for that class. */
	bool highuser = m->zones[MG_ZONE_HIGHMEM].present_pages > 0;
	if (highuser) {
		int64_t kbs = (int64_t)m->k.page_shift - 10;
		int64_t add = ((int64_t)class_pages(m, MG_ZONE_HIGHMEM, false) -
			       (int64_t)class_pages(m, MG_ZONE_NORMAL, false)) << kbs;
		int64_t add_b = ((int64_t)class_pages(m, MG_ZONE_HIGHMEM, true) -
				 (int64_t)class_pages(m, MG_ZONE_NORMAL, true)) << kbs;
		unmov = less_baseline(m->capacity_unmovable_kb + post + add, base, P, false);
		unmov_b = less_baseline(m->capacity_unmovable_worst_kb + post + add_b, base, P, false);
	}
	if (w->has_unmovable &&
	    num_row(v, "unmovable reach", MG_VERIFY_NUMBER, "kB", false, true, (uint64_t)unmov, true, w->unmovable_kb,
		    w->unmovable_source, 0,
		    highuser ? "capacity.unmovable_kb + HighMem for GFP_HIGHUSER (pipe pages), less the observed baseline"
			     : "capacity.unmovable_kb less the observed baseline"))
		return oom(err);
	if (w->has_unmovable) {
		struct mg_verify_row *r = &v->rows[v->nrows - 1];
		r->tol_pct = MG_VERIFY_REACH_TOL_PCT;
		judge_range(r, (uint64_t)unmov_b);
	}
	for (size_t i = first; i < v->nrows; i++) {
		v->ncompared++;
		if (!v->rows[i].within)
			v->noutside++;
	}
	v->all_within = v->noutside == 0;
	return 0;
}
