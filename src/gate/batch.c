/* Many boards in one process: read a LIST of boards, load, model and gate each, and hand one
 * JSON line per board to the caller (docs/batch.md).  Inputs shared by many boards (a
 * distribution's .config, its System.map, a fleet's profile) are parsed once per batch. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/batch.h>
#include <memgate/board.h>
#include <memgate/gate.h>
#include <memgate/model.h>
#include <memgate/report.h>
#include <memgate/util.h>

#define PATH_SIZE 512

/* ------------------------------------------------------------------ the parse cache */

enum cache_kind { CACHE_KCONFIG, CACHE_PROFILE, CACHE_SYSMAP };

/* One parsed file (or the error it gave: a broken shared config fails every board the same
 * way without being read again). */
struct cache_entry {
	enum cache_kind kind;
	char path[PATH_SIZE];
	int status;
	struct mg_error err;
	union {
		struct mg_kconfig kc;
		struct mg_profile prof;
		struct mg_sysmap sm;
	} u;
};

struct batch_cache {
	struct cache_entry *e;
	size_t n, cap;
};

static void cache_entry_free(struct cache_entry *c)
{
	if (c->status)
		return;
	if (c->kind == CACHE_KCONFIG)
		mg_kconfig_free(&c->u.kc);
	else if (c->kind == CACHE_PROFILE)
		mg_profile_free(&c->u.prof);
}

static void cache_free(struct batch_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		cache_entry_free(&c->e[i]);
	free(c->e);
	memset(c, 0, sizeof(*c));
}

static int cache_parse(struct cache_entry *ce, struct mg_error *err)
{
	memset(&ce->err, 0, sizeof(ce->err));
	if (ce->kind == CACHE_KCONFIG)
		ce->status = mg_kconfig_load(&ce->u.kc, ce->path, &ce->err);
	else if (ce->kind == CACHE_PROFILE)
		ce->status = mg_profile_load(&ce->u.prof, ce->path, &ce->err);
	else
		ce->status = mg_sysmap_load(&ce->u.sm, ce->path, &ce->err);
	if (ce->status && err)
		*err = ce->err;
	return ce->status;
}

/* The parsed file at path: a cached entry, or (cache full) *spare parsed afresh, which the
 * caller frees after the board.  NULL with err when the file does not parse. */
static struct cache_entry *cache_get(struct batch_cache *c, enum cache_kind kind, const char *path,
				     struct cache_entry *spare, struct mg_batch_stats *st,
				     struct mg_error *err)
{
	struct cache_entry *ce;

	for (size_t i = 0; i < c->n; i++) {
		ce = &c->e[i];
		if (ce->kind == kind && !strcmp(ce->path, path)) {
			if (ce->status) {
				*err = ce->err;
				return NULL;
			}
			return ce;
		}
	}
	if (kind == CACHE_KCONFIG)
		st->configs_parsed++;
	else if (kind == CACHE_PROFILE)
		st->profiles_parsed++;
	else
		st->sysmaps_parsed++;
	if (c->n < MG_BATCH_MAX_CACHED && !MG_ARRAY_RESERVE(c->e, c->cap, c->n + 1)) {
		ce = &c->e[c->n++];
	} else {
		ce = spare;
	}
	memset(ce, 0, sizeof(*ce));
	ce->kind = kind;
	snprintf(ce->path, sizeof(ce->path), "%s", path);
	return cache_parse(ce, err) ? NULL : ce;
}

/* ------------------------------------------------------------------ LIST lines */

static const char *const field_names[] = { "board", "dtb", "dts", "config", "profile",
					   "system_map", "sysctl", "cmdline", "name", "ram",
					   "default_ram" };
#define NFIELDS (sizeof(field_names) / sizeof(field_names[0]))

static int field_index(const char *key, size_t len)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strlen(field_names[i]) == len && !memcmp(field_names[i], key, len))
			return (int)i;
	return -1;
}

static int set_path(char *out, const char *value, const char *base_dir, const char *file,
		    unsigned lineno, struct mg_error *err)
{
	int w;
	if (!value[0])
		return mg_input_error(err, file, lineno, "empty path");
	if (value[0] == '/' || !base_dir || !base_dir[0] || !strcmp(base_dir, "."))
		w = snprintf(out, PATH_SIZE, "%s", value);
	else
		w = snprintf(out, PATH_SIZE, "%s/%s", base_dir, value);
	if (w < 0 || w >= PATH_SIZE)
		return mg_input_error(err, file, lineno, "path too long (at most %d bytes): '%.60s...'",
				      PATH_SIZE - 1, value);
	return 0;
}

static int set_field(struct mg_batch_entry *e, int idx, const char *value, const char *base_dir,
		     const char *file, unsigned lineno, unsigned col, struct mg_error *err)
{
	const char *key = field_names[idx];
	int w;

	switch (idx) {
	case 0:
		return set_path(e->board, value, base_dir, file, lineno, err);
	case 1:
	case 2:
		return set_path(e->dtb, value, base_dir, file, lineno, err);
	case 3:
		return set_path(e->config, value, base_dir, file, lineno, err);
	case 4:
		return set_path(e->profile, value, base_dir, file, lineno, err);
	case 5:
		return set_path(e->system_map, value, base_dir, file, lineno, err);
	case 6:
		return set_path(e->sysctl, value, base_dir, file, lineno, err);
	case 7:
		w = snprintf(e->cmdline, sizeof(e->cmdline), "%s", value);
		if (w < 0 || (size_t)w >= sizeof(e->cmdline))
			return mg_error_set(err, MG_ERR_INPUT, file, lineno, col,
					    "cmdline longer than %zu bytes", sizeof(e->cmdline) - 1);
		e->has_cmdline = true;
		return 0;
	case 8:
		w = snprintf(e->name, sizeof(e->name), "%s", value);
		if (w < 0 || (size_t)w >= sizeof(e->name))
			return mg_error_set(err, MG_ERR_INPUT, file, lineno, col,
					    "name longer than %zu bytes", sizeof(e->name) - 1);
		return 0;
	default: {
		uint64_t v;
		if (!mg_parse_size(value, &v) || !v)
			return mg_error_set(err, MG_ERR_INPUT, file, lineno, col,
					    "%s: expected a RAM size like 2G, got '%.40s'", key, value);
		if (idx == 9) {
			e->has_ram = true;
			e->ram_bytes = v;
		} else {
			e->has_default_ram = true;
			e->default_ram_bytes = v;
		}
		return 0;
	}
	}
}

int mg_batch_parse_line(struct mg_batch_entry *e, const char *line, const char *base_dir,
			const char *list_file, unsigned lineno, struct mg_error *err)
{
	const char *p = line, *end;
	const char *file = list_file ? list_file : "";
	bool seen[NFIELDS] = { false };
	char value[sizeof(e->cmdline)];
	size_t len;

	memset(e, 0, sizeof(*e));
	e->line = lineno;
	while (*p == ' ' || *p == '\t')
		p++;
	len = strlen(p);
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' || p[len - 1] == '\r'))
		len--;
	if (!len || *p == '#')
		return 0;
	end = p + len;

	/* A line is fields when its first word is a known key followed by '='; anything else is
	 * a board folder path (which may itself contain spaces). */
	{
		const char *eq = memchr(p, '=', len);
		const char *sp = p;
		while (sp < end && *sp != ' ' && *sp != '\t')
			sp++;
		if (!eq || eq > sp || field_index(p, (size_t)(eq - p)) < 0) {
			char dir[PATH_SIZE];
			if (len >= sizeof(dir))
				return mg_input_error(err, file, lineno, "board folder path too long");
			memcpy(dir, p, len);
			dir[len] = '\0';
			return set_path(e->board, dir, base_dir, file, lineno, err) ? -1 : 1;
		}
	}

	while (p < end) {
		const char *key = p, *eq;
		unsigned col = (unsigned)(p - line) + 1;
		size_t vlen = 0;
		int idx;

		while (p < end && *p != '=' && *p != ' ' && *p != '\t')
			p++;
		eq = p;
		if (eq == end || *eq != '=')
			return mg_error_set(err, MG_ERR_INPUT, file, lineno, col,
					    "expected key=value, got '%.*s'", (int)(eq - key > 60 ? 60 : eq - key), key);
		idx = field_index(key, (size_t)(eq - key));
		if (idx < 0)
			return mg_error_set(err, MG_ERR_INPUT, file, lineno, col,
					    "unknown field '%.*s' (expected board, dtb, dts, config, profile, "
					    "system_map, sysctl, cmdline, name, ram or default_ram)",
					    (int)(eq - key > 60 ? 60 : eq - key), key);
		/* dtb= and dts= name the same input. */
		if (seen[idx] || (idx == 1 && seen[2]) || (idx == 2 && seen[1]))
			return mg_error_set(err, MG_ERR_INPUT, file, lineno, col, "field '%s' given twice",
					    field_names[idx]);
		seen[idx] = true;
		p = eq + 1;
		if (p < end && *p == '"') {
			/* "quoted value": \" and \\ are the only escapes. */
			p++;
			while (p < end && *p != '"') {
				if (*p == '\\' && p + 1 < end && (p[1] == '"' || p[1] == '\\'))
					p++;
				if (vlen + 1 >= sizeof(value))
					return mg_error_set(err, MG_ERR_INPUT, file, lineno, col,
							    "value of '%s' too long", field_names[idx]);
				value[vlen++] = *p++;
			}
			if (p == end)
				return mg_error_set(err, MG_ERR_INPUT, file, lineno, col,
						    "unterminated quote in '%s'", field_names[idx]);
			p++;
			if (p < end && *p != ' ' && *p != '\t')
				return mg_error_set(err, MG_ERR_INPUT, file, lineno, (unsigned)(p - line) + 1,
						    "expected a space after the closing quote");
		} else {
			while (p < end && *p != ' ' && *p != '\t') {
				if (vlen + 1 >= sizeof(value))
					return mg_error_set(err, MG_ERR_INPUT, file, lineno, col,
							    "value of '%s' too long", field_names[idx]);
				value[vlen++] = *p++;
			}
		}
		value[vlen] = '\0';
		if (set_field(e, idx, value, base_dir, file, lineno, col, err))
			return -1;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
	}
	if (!e->board[0] && !e->dtb[0])
		return mg_input_error(err, file, lineno, "no board: give board=DIR or dtb=FILE");
	if (!e->board[0] && !e->config[0])
		return mg_input_error(err, file, lineno, "dtb= needs config= (the kernel .config)");
	return 1;
}

/* ------------------------------------------------------------------ one board */

struct batch_state {
	const struct mg_batch_options *opt;
	struct mg_batch_stats *st;
	struct batch_cache cache;
	struct cache_entry spare[3];    /* parses that did not fit the cache */
	bool spare_used[3];
	struct mg_board *b;
	struct mg_verdict *v;           /* check mode */
	struct mg_model *m;             /* layout mode */
	struct mg_buf out;
	const char *list_file;
};

/* A DT whose /memory nodes all have size 0 is a placeholder the bootloader fills: give the
 * first one ram bytes.  Returns true when it did. */
static bool fill_placeholder_memory(struct mg_dt *dt, uint64_t ram)
{
	struct mg_dt_memory *first = NULL;

	for (size_t i = 0; i < dt->nmemory; i++) {
		struct mg_dt_memory *mem = &dt->memory[i];
		const struct mg_range *r = mem->has_usable ? mem->usable : mem->reg;
		size_t n = mem->has_usable ? mem->nusable : mem->nreg;
		if (!mem->okay)
			continue;
		for (size_t j = 0; j < n; j++)
			if (r[j].size)
				return false;
		if (!first && mem->nreg && !mem->has_usable)
			first = mem;
	}
	if (!first)
		return false;
	first->reg[0].size = ram;
	return true;
}

static void release_spares(struct batch_state *s)
{
	for (size_t i = 0; i < 3; i++)
		if (s->spare_used[i]) {
			cache_entry_free(&s->spare[i]);
			s->spare_used[i] = false;
		}
}

/* Assemble a board from fields, as board.c does for flags, but with the shared inputs taken
 * from the cache (shallow copies: detached again before mg_board_free). */
static int load_fields(struct batch_state *s, const struct mg_batch_entry *e, struct mg_error *err)
{
	struct mg_board *b = s->b;
	struct cache_entry *ce;

	mg_board_reset(b);
	snprintf(b->name, sizeof(b->name), "%s", e->name[0] ? e->name : e->dtb);
	snprintf(b->dt_path, sizeof(b->dt_path), "%s", e->dtb);
	snprintf(b->config_path, sizeof(b->config_path), "%s", e->config);
	if (mg_dt_load(&b->dt, b->dt_path, NULL, err))
		return -1;
	ce = cache_get(&s->cache, CACHE_KCONFIG, e->config, &s->spare[0], s->st, err);
	if (!ce)
		return -1;
	s->spare_used[0] = ce == &s->spare[0];
	b->kconfig = ce->u.kc;
	if (e->profile[0]) {
		ce = cache_get(&s->cache, CACHE_PROFILE, e->profile, &s->spare[1], s->st, err);
		if (!ce)
			return -1;
		s->spare_used[1] = ce == &s->spare[1];
		b->profile = ce->u.prof;
		b->has_profile = true;
		snprintf(b->profile_path, sizeof(b->profile_path), "%s", e->profile);
	}
	if (e->system_map[0]) {
		ce = cache_get(&s->cache, CACHE_SYSMAP, e->system_map, &s->spare[2], s->st, err);
		if (!ce)
			return -1;
		s->spare_used[2] = ce == &s->spare[2];
		b->sysmap = ce->u.sm;
		b->has_sysmap = true;
		snprintf(b->system_map_path, sizeof(b->system_map_path), "%s", e->system_map);
	}
	if (e->sysctl[0]) {
		if (mg_sysctl_load(&b->sysctl, e->sysctl, err))
			return -1;
		b->has_sysctl = true;
		snprintf(b->sysctl_path, sizeof(b->sysctl_path), "%s", e->sysctl);
	}
	if (e->has_cmdline) {
		b->bootloader_cmdline = mg_strdup(e->cmdline);
		if (!b->bootloader_cmdline)
			return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
		snprintf(b->cmdline_path, sizeof(b->cmdline_path), "%s:%u", s->list_file, e->line);
	}
	if (mg_cmdline_build(&b->cmdline, &b->kconfig, b->bootloader_cmdline,
			     b->cmdline_path[0] ? b->cmdline_path : NULL,
			     b->dt.has_bootargs ? b->dt.bootargs : NULL, b->dt_path, err))
		return -1;
	mg_board_initrd_from_dt(b);
	return 0;
}

static void unload(struct batch_state *s, bool from_fields)
{
	if (from_fields) {
		/* The cache owns these. */
		memset(&s->b->kconfig, 0, sizeof(s->b->kconfig));
		memset(&s->b->profile, 0, sizeof(s->b->profile));
	}
	mg_board_free(s->b);
	release_spares(s);
}

static int load_entry(struct batch_state *s, const struct mg_batch_entry *e, struct mg_error *err)
{
	if (!e->board[0])
		return load_fields(s, e, err);
	struct mg_board_overrides ov;
	memset(&ov, 0, sizeof(ov));
	ov.dtb = e->dtb[0] ? e->dtb : NULL;
	ov.config = e->config[0] ? e->config : NULL;
	ov.profile = e->profile[0] ? e->profile : NULL;
	ov.system_map = e->system_map[0] ? e->system_map : NULL;
	ov.sysctl = e->sysctl[0] ? e->sysctl : NULL;
	ov.cmdline = e->has_cmdline ? e->cmdline : NULL;
	if (mg_board_load(s->b, e->board, &ov, err))
		return -1;
	if (e->name[0])
		snprintf(s->b->name, sizeof(s->b->name), "%s", e->name);
	return 0;
}

/* ------------------------------------------------------------------ JSON lines */

static void json_key_str(struct mg_buf *o, const char *key, const char *val)
{
	mg_buf_printf(o, ",\"%s\":", key);
	mg_json_string(o, val);
}

static void json_board_head(struct batch_state *s, const char *name, unsigned line)
{
	mg_buf_puts(&s->out, "{\"board\":");
	mg_json_string(&s->out, name);
	mg_buf_printf(&s->out, ",\"line\":%u", line);
}

static void json_inputs(struct batch_state *s, const char *ram_source)
{
	const struct mg_board *b = s->b;
	const struct mg_dt *dt = &b->dt;
	size_t st = 0, dyn = 0, nomap = 0, reusable = 0, pools = 0;

	for (size_t i = 0; i < dt->nrmem; i++) {
		const struct mg_dt_rmem *r = &dt->rmem[i];
		if (!r->okay)
			continue;
		if (r->has_reg)
			st++;
		else if (r->has_size)
			dyn++;
		nomap += r->no_map;
		reusable += r->reusable;
		pools += r->reusable && strstr(r->compatible, "shared-dma-pool") != NULL;
	}
	mg_buf_printf(&s->out, ",\"ram_source\":\"%s\",\"dt_nodes\":%u,\"memreserve\":%zu,"
		      "\"rmem\":{\"static\":%zu,\"dynamic\":%zu,\"no_map\":%zu,\"reusable\":%zu,"
		      "\"cma_pools\":%zu}",
		      ram_source, dt->node_count, dt->nmemreserve, st, dyn, nomap, reusable, pools);
}

static void json_model(struct batch_state *s, const struct mg_model *m)
{
	struct mg_buf *o = &s->out;
	uint64_t present_kb = mg_pages_to_kb(m, m->present_pages);
	uint64_t memtotal_kb = mg_pages_to_kb(m, m->memtotal_pages);

	json_key_str(o, "arch", m->k.arch_name ? m->k.arch_name : "");
	json_key_str(o, "kernel", m->k.version_text);
	mg_buf_printf(o, ",\"page_kb\":%" PRIu64 ",\"ram_kb\":%" PRIu64 ",\"present_kb\":%" PRIu64
		      ",\"memtotal_kb\":%" PRIu64 ",\"reserved_kb\":%" PRIu64 ",\"cma_total_kb\":%" PRIu64
		      ",\"min_free_kbytes\":%" PRIu64,
		      m->k.page_size_bytes >> 10, m->ram_bytes >> 10, present_kb, memtotal_kb,
		      present_kb > memtotal_kb ? present_kb - memtotal_kb : 0,
		      mg_pages_to_kb(m, m->cma_total_pages), m->min_free_kbytes);
	mg_buf_puts(o, ",\"cma_areas\":[");
	for (size_t i = 0; i < m->ncma; i++) {
		const struct mg_cma_area *a = &m->cma[i];
		char where[512];
		mg_origin_format(&a->origin, where, sizeof(where));
		mg_buf_puts(o, i ? ",{\"name\":" : "{\"name\":");
		mg_json_string(o, a->name);
		mg_buf_printf(o, ",\"requested_kb\":%" PRIu64 ",\"size_kb\":%" PRIu64
			      ",\"default\":%s,\"reserved\":%s",
			      a->requested_bytes >> 10, a->size_bytes >> 10, a->is_default ? "true" : "false",
			      a->reserved ? "true" : "false");
		json_key_str(o, "zone", mg_zone_name(a->zone));
		json_key_str(o, "where", where);
		if (a->failure[0])
			json_key_str(o, "failure", a->failure);
		mg_buf_puts(o, "}");
	}
	mg_buf_puts(o, "]");
}

static void json_findings(struct mg_buf *o, const struct mg_finding *f, size_t n, bool *first)
{
	for (size_t i = 0; i < n; i++) {
		char where[512] = "";
		if (f[i].nsources)
			mg_origin_format(&f[i].sources[0], where, sizeof(where));
		mg_buf_puts(o, *first ? "{\"id\":" : ",{\"id\":");
		*first = false;
		mg_json_string(o, f[i].rule);
		json_key_str(o, "severity", mg_severity_name(f[i].severity));
		if (f[i].waived)
			mg_buf_puts(o, ",\"waived\":true");
		json_key_str(o, "message", f[i].message);
		json_key_str(o, "where", where);
		mg_buf_puts(o, "}");
	}
}

static int check_board(struct batch_state *s, const struct mg_batch_entry *e, const char *ram_source,
		       struct mg_error *err)
{
	struct mg_verdict *v = s->v;
	struct mg_gate_options go = { 0 };
	const struct mg_verdict_variant *worst = NULL;
	const char *verdict;
	bool first = true;

	if (!s->b->has_profile)
		return mg_input_error(err, s->b->dir[0] ? s->b->dir : s->b->dt_path, 0,
				      "no profile: check needs a workload profile (give profile=FILE; "
				      "tests/data/sweep/default-profile.yaml is the sweep's default)");
	go.policy = s->opt->policy;
	go.today = s->opt->today;
	go.solve_fixes = s->opt->solve_fixes;
	if (e->has_ram) {
		go.ram_variants = &e->ram_bytes;
		go.nram_variants = 1;
	}
	if (mg_gate_run(v, s->b, &go, err)) {
		mg_verdict_free(v);
		return -1;
	}
	/* The summary numbers are the tightest variant's (one variant unless board.yaml lists
	 * RAM variants). */
	for (size_t i = 0; i < v->nvariants; i++)
		if (!worst || v->variants[i].margin_kb < worst->margin_kb)
			worst = &v->variants[i];
	verdict = v->rejected ? "reject" : v->worst >= MG_SEV_WARN ? "warn" : "pass";
	if (v->rejected)
		s->st->rejected++;
	else if (v->worst >= MG_SEV_WARN)
		s->st->warned++;
	else
		s->st->passed++;
	json_board_head(s, s->b->name, e->line);
	mg_buf_printf(&s->out, ",\"verdict\":\"%s\",\"margin_kb\":%" PRId64, verdict, worst->margin_kb);
	if (v->nvariants > 1)
		mg_buf_printf(&s->out, ",\"variants\":%zu", v->nvariants);
	json_model(s, &worst->model);
	json_inputs(s, ram_source);
	mg_buf_puts(&s->out, ",\"rules\":[");
	for (size_t i = 0; i < v->nvariants; i++)
		if (&v->variants[i] == worst)
			json_findings(&s->out, worst->findings, worst->nfindings, &first);
	json_findings(&s->out, v->policy_findings, v->npolicy_findings, &first);
	mg_buf_puts(&s->out, "]}");
	mg_verdict_free(v);
	return 0;
}

static int layout_board(struct batch_state *s, const struct mg_batch_entry *e, const char *ram_source,
			struct mg_error *err)
{
	struct mg_model_options mo = { 0 };
	const struct mg_model *m = s->m;

	if (e->has_ram) {
		mo.has_ram_override = true;
		mo.ram_bytes = e->ram_bytes;
	}
	if (mg_model_run(s->m, s->b, &mo, err))
		return -1;
	s->st->modelled++;
	json_board_head(s, s->b->name, e->line);
	json_model(s, m);
	mg_buf_printf(&s->out, ",\"capacity_unmovable_kb\":%" PRId64 ",\"capacity_movable_kb\":%" PRId64,
		      m->capacity_unmovable_kb, m->capacity_movable_kb);
	mg_buf_puts(&s->out, ",\"zones\":[");
	for (size_t z = 0, n = 0; z < MG_NR_ZONES; z++) {
		const struct mg_zone *zo = &m->zones[z];
		if (!zo->present_pages)
			continue;
		mg_buf_puts(&s->out, n++ ? ",{\"zone\":" : "{\"zone\":");
		mg_json_string(&s->out, mg_zone_name((enum mg_zone_type)z));
		mg_buf_printf(&s->out, ",\"present_kb\":%" PRIu64 ",\"managed_kb\":%" PRIu64
			      ",\"min_kb\":%" PRIu64 "}",
			      mg_pages_to_kb(m, zo->present_pages), mg_pages_to_kb(m, zo->managed_pages),
			      mg_pages_to_kb(m, zo->min_pages));
	}
	mg_buf_puts(&s->out, "]");
	json_inputs(s, ram_source);
	mg_buf_puts(&s->out, "}");
	return 0;
}

static void json_error(struct batch_state *s, const char *name, unsigned line, const struct mg_error *err)
{
	char msg[1400];
	mg_error_format(err, msg, sizeof(msg));
	s->out.len = 0;
	json_board_head(s, name, line);
	json_key_str(&s->out, "error", msg);
	mg_buf_puts(&s->out, "}");
}

/* One LIST line → one JSON object in s->out.  Returns -1 only for internal errors. */
static int run_line(struct batch_state *s, const char *text, unsigned lineno, const char *base_dir,
		    struct mg_error *fatal)
{
	struct mg_batch_entry *e = malloc(sizeof(*e));
	struct mg_error err;
	const char *ram_source = "dt";
	int rc;

	if (!e)
		return mg_error_set(fatal, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	memset(&err, 0, sizeof(err));
	s->out.len = 0;
	rc = mg_batch_parse_line(e, text, base_dir, s->list_file, lineno, &err);
	if (rc == 0) {
		free(e);
		return 0;
	}
	s->st->boards++;
	if (rc < 0) {
		char name[64];
		snprintf(name, sizeof(name), "line %u", lineno);
		json_error(s, name, lineno, &err);
		s->st->errors++;
		free(e);
		return 1;
	}
	rc = load_entry(s, e, &err);
	if (rc == 0) {
		uint64_t ram = e->has_ram ? e->ram_bytes : e->has_default_ram ? e->default_ram_bytes : 0;
		if (ram && fill_placeholder_memory(&s->b->dt, ram))
			ram_source = e->has_ram ? "ram" : "default_ram";
		else if (e->has_ram)
			ram_source = "ram";
		rc = s->opt->mode == MG_BATCH_LAYOUT ? layout_board(s, e, ram_source, &err)
						     : check_board(s, e, ram_source, &err);
	}
	if (rc) {
		const char *name = e->name[0] ? e->name : e->board[0] ? e->board : e->dtb;
		json_error(s, name, lineno, &err);
		s->st->errors++;
	}
	unload(s, !e->board[0]);
	free(e);
	return 1;
}

int mg_batch_run(const char *list_path, const struct mg_batch_options *opt, mg_batch_emit_fn emit,
		 void *emit_ctx, struct mg_batch_stats *stats, struct mg_error *err)
{
	static const struct mg_batch_options defaults;
	struct batch_state s;
	char *buf = NULL, *p, base_dir[PATH_SIZE] = "";
	size_t len = 0;
	unsigned lineno = 0;
	int rc = 0;

	memset(stats, 0, sizeof(*stats));
	memset(&s, 0, sizeof(s));
	s.opt = opt ? opt : &defaults;
	s.st = stats;
	s.list_file = list_path;
	if (mg_read_file(list_path, MG_BATCH_MAX_LIST_BYTES, &buf, &len, err))
		return -1;
	if (memchr(buf, '\0', len)) {
		free(buf);
		return mg_input_error(err, list_path, 0, "contains a NUL byte (expected a text list of boards)");
	}
	{
		const char *slash = strrchr(list_path, '/');
		if (slash && (size_t)(slash - list_path) < sizeof(base_dir))
			snprintf(base_dir, sizeof(base_dir), "%.*s", (int)(slash - list_path), list_path);
		if (slash == list_path)
			snprintf(base_dir, sizeof(base_dir), "/");
	}
	/* struct mg_board, mg_verdict and mg_model are large (58, 77 and 460 KiB) and mostly
	 * entry arrays written as used: one of each, reused for every board, and each cleared
	 * by its user (mg_board_reset, mg_gate_run, mg_model_run) only as far as it is used. */
	s.b = malloc(sizeof(*s.b));
	if (s.b)
		mg_board_reset(s.b);
	s.v = s.opt->mode == MG_BATCH_LAYOUT ? NULL : malloc(sizeof(*s.v));
	s.m = s.opt->mode == MG_BATCH_LAYOUT ? malloc(sizeof(*s.m)) : NULL;
	if (!s.b || !(s.v || s.m)) {
		rc = mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
		goto out;
	}
	mg_buf_init(&s.out);
	for (p = buf; *p && rc == 0;) {
		char *nl = strchr(p, '\n');
		int r;
		if (nl)
			*nl = '\0';
		lineno++;
		if (stats->boards >= MG_BATCH_MAX_BOARDS) {
			rc = mg_input_error(err, list_path, lineno, "more than %u boards", MG_BATCH_MAX_BOARDS);
			break;
		}
		if (strlen(p) > MG_BATCH_MAX_LINE) {
			struct mg_error le;
			char name[64];
			mg_input_error(&le, list_path, lineno, "line longer than %u bytes", MG_BATCH_MAX_LINE);
			snprintf(name, sizeof(name), "line %u", lineno);
			json_error(&s, name, lineno, &le);
			stats->boards++;
			stats->errors++;
			r = 1;
		} else {
			r = run_line(&s, p, lineno, base_dir, err);
		}
		if (r < 0) {
			rc = -1;
		} else if (r > 0) {
			if (s.out.failed) {
				rc = mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
			} else if (emit && emit(emit_ctx, s.out.data, s.out.len)) {
				rc = mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "cannot write the output");
			}
		}
		p = nl ? nl + 1 : p + strlen(p);
	}
out:
	mg_buf_free(&s.out);
	cache_free(&s.cache);
	free(s.b);
	free(s.v);
	free(s.m);
	free(buf);
	return rc;
}

int mg_batch_exit_status(const struct mg_batch_stats *stats)
{
	if (stats->errors)
		return MG_ERR_INPUT;
	return stats->rejected ? 1 : 0;
}
