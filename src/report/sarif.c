/* SARIF 2.1.0 (OASIS, errata01 schema in tests/data/sarif/): one run, tool.driver "memgate" with
 * the rule table, one result per finding of every RAM variant, located at the DTS / cmdline /
 * .config file:line so CI annotates the offending line.  Waived findings carry suppressions. */
#include <inttypes.h>
#include <string.h>

#include "report/fmt.h"

#define SARIF_MAX_EXTRA_RULES 64

struct sarif_rules {
	const struct mg_rule_info *table;
	size_t ntable;
	/* Rule ids that appear in findings but not in mg_rules() (e.g. policy findings). */
	const char *extra[SARIF_MAX_EXTRA_RULES];
	enum mg_severity extra_sev[SARIF_MAX_EXTRA_RULES];
	size_t nextra;
};

static const char *sarif_level(enum mg_severity s)
{
	switch (s) {
	case MG_SEV_REJECT: return "error";
	case MG_SEV_WARN: return "warning";
	case MG_SEV_INFO: return "note";
	}
	return "none";
}

/* ruleIndex into tool.driver.rules, or -1. */
static long rule_index(const struct sarif_rules *r, const char *id)
{
	size_t i;
	if (!id)
		return -1;
	for (i = 0; i < r->ntable; i++)
		if (r->table[i].id && !strcmp(r->table[i].id, id))
			return (long)i;
	for (i = 0; i < r->nextra; i++)
		if (!strcmp(r->extra[i], id))
			return (long)(r->ntable + i);
	return -1;
}

static void note_rules(struct sarif_rules *r, const struct mg_finding *f, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (f[i].rule && rule_index(r, f[i].rule) < 0 && r->nextra < SARIF_MAX_EXTRA_RULES) {
			r->extra_sev[r->nextra] = f[i].severity;
			r->extra[r->nextra++] = f[i].rule;
		}
}

/* A relative path as a URI reference (RFC 3986): keep unreserved characters and '/',
 * percent-encode the rest (spaces, ':', '#', non-ASCII bytes). */
static void uri_encode(char *dst, size_t size, const char *src)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;
	for (; *src && o + 4 < size; src++) {
		unsigned char c = (unsigned char)*src;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
			dst[o++] = (char)c;
		} else {
			dst[o++] = '%';
			dst[o++] = hex[c >> 4];
			dst[o++] = hex[c & 15];
		}
	}
	dst[o] = '\0';
}

static const char *logical_kind(const char *what)
{
	if (what[0] == '/')
		return "element";       /* a DT node path */
	if (!strncmp(what, "cmdline:", 8))
		return "parameter";     /* a kernel command-line token */
	if (!strncmp(what, "CONFIG_", 7))
		return "variable";      /* a Kconfig symbol */
	return "resource";
}

static void sarif_location(struct mg_jw *w, const char *file, unsigned line, const char *what)
{
	char uri[1024];
	mg_jw_obj(w, NULL);
	if (file && file[0]) {
		uri_encode(uri, sizeof(uri), file);
		mg_jw_obj(w, "physicalLocation");
		mg_jw_obj(w, "artifactLocation");
		mg_jw_str(w, "uri", uri);
		mg_jw_end_obj(w);
		if (line > 0) {
			mg_jw_obj(w, "region");
			mg_jw_u64(w, "startLine", line);
			mg_jw_end_obj(w);
		}
		mg_jw_end_obj(w);
	}
	if (what && what[0]) {
		mg_jw_arr(w, "logicalLocations");
		mg_jw_obj(w, NULL);
		mg_jw_str(w, "name", what);
		mg_jw_str(w, "kind", logical_kind(what));
		mg_jw_end_obj(w);
		mg_jw_end_arr(w);
	}
	mg_jw_end_obj(w);
}

static const char *board_file(const struct mg_board *b)
{
	if (!b)
		return "";
	if (b->dt.file[0])
		return b->dt.file;
	return b->dt_path;
}

static void sarif_result(struct mg_jw *w, const struct sarif_rules *rules, const struct mg_board *b,
			 const struct mg_finding *f, const struct mg_verdict_variant *vv, bool tag_ram)
{
	size_t i, n = mg_min_u64(f->nsources, MG_FINDING_MAX_SOURCES), nloc = 0;
	long idx = rule_index(rules, f->rule);
	struct mg_buf msg;

	mg_jw_obj(w, NULL);
	mg_jw_str(w, "ruleId", f->rule ? f->rule : "unknown");
	if (idx >= 0)
		mg_jw_u64(w, "ruleIndex", (uint64_t)idx);
	mg_jw_str(w, "level", sarif_level(f->severity));

	mg_buf_init(&msg);
	if (tag_ram && vv) {
		char sz[32];
		mg_rpt_size(sz, sizeof(sz), mg_rpt_variant_ram(vv));
		mg_buf_printf(&msg, "[RAM %s] ", sz);
	}
	mg_buf_puts(&msg, f->message);
	if (f->fix[0]) {
		mg_buf_puts(&msg, " Fix: ");
		mg_buf_puts(&msg, f->fix);
	}
	mg_jw_obj(w, "message");
	mg_jw_str(w, "text", msg.failed || !msg.data ? f->message : msg.data);
	mg_jw_end_obj(w);
	mg_buf_free(&msg);

	mg_jw_arr(w, "locations");
	for (i = 0; i < n; i++) {
		const struct mg_origin *o = &f->sources[i];
		if (!o->file[0] && !o->what[0])
			continue;
		sarif_location(w, o->file, o->line, o->what);
		nloc++;
	}
	/* Code-scanning services want at least one location: fall back to the board's DT. */
	if (!nloc && board_file(b)[0])
		sarif_location(w, board_file(b), 0, NULL);
	mg_jw_end_arr(w);

	if (f->waived) {
		mg_jw_arr(w, "suppressions");
		mg_jw_obj(w, NULL);
		mg_jw_str(w, "kind", "external");
		mg_jw_str(w, "status", "accepted");
		mg_jw_str(w, "justification", f->waiver_reason);
		mg_jw_end_obj(w);
		mg_jw_end_arr(w);
	}
	mg_jw_obj(w, "properties");
	mg_jw_str(w, "severity", mg_rpt_sev_name(f->severity));
	if (vv)
		mg_jw_u64(w, "ramBytes", mg_rpt_variant_ram(vv));
	if (f->fix[0])
		mg_jw_str(w, "fix", f->fix);
	mg_jw_end_obj(w);
	mg_jw_end_obj(w);
}

void mg_rpt_sarif(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v)
{
	struct mg_jw w;
	struct sarif_rules rules;
	size_t i, j, npol = v ? mg_min_u64(v->npolicy_findings, 16) : 0;

	memset(&rules, 0, sizeof(rules));
	rules.table = mg_rules(&rules.ntable);
	if (!rules.table)
		rules.ntable = 0;
	if (v) {
		for (i = 0; i < v->nvariants; i++)
			note_rules(&rules, v->variants[i].findings,
				   mg_min_u64(v->variants[i].nfindings, MG_MAX_FINDINGS));
		note_rules(&rules, v->policy_findings, npol);
	}

	mg_jw_init(&w, out);
	mg_jw_obj(&w, NULL);
	mg_jw_str(&w, "$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
	mg_jw_str(&w, "version", "2.1.0");
	mg_jw_arr(&w, "runs");
	mg_jw_obj(&w, NULL);

	mg_jw_obj(&w, "tool");
	mg_jw_obj(&w, "driver");
	mg_jw_str(&w, "name", "memgate");
	mg_jw_str(&w, "informationUri", MG_REPORT_INFORMATION_URI);
	mg_jw_arr(&w, "rules");
	for (i = 0; i < rules.ntable + rules.nextra; i++) {
		const char *id = i < rules.ntable ? rules.table[i].id : rules.extra[i - rules.ntable];
		const char *summary = i < rules.ntable ? rules.table[i].summary : NULL;
		enum mg_severity sev = i < rules.ntable ? rules.table[i].default_severity
							 : rules.extra_sev[i - rules.ntable];
		mg_jw_obj(&w, NULL);
		mg_jw_str(&w, "id", id ? id : "");
		mg_jw_obj(&w, "shortDescription");
		mg_jw_str(&w, "text", summary && summary[0] ? summary : (id ? id : "rule"));
		mg_jw_end_obj(&w);
		mg_jw_obj(&w, "defaultConfiguration");
		mg_jw_str(&w, "level", sarif_level(sev));
		mg_jw_end_obj(&w);
		mg_jw_end_obj(&w);
	}
	mg_jw_end_arr(&w);
	mg_jw_end_obj(&w);
	mg_jw_end_obj(&w);

	mg_jw_obj(&w, "automationDetails");
	{
		char id[300];
		/* Stable per board, so code scanning keeps one alert history per product. */
		snprintf(id, sizeof(id), "memgate/%s/", mg_rpt_board_name(b));
		mg_jw_str(&w, "id", id);
	}
	mg_jw_end_obj(&w);

	mg_jw_arr(&w, "results");
	if (v) {
		for (i = 0; i < v->nvariants; i++) {
			const struct mg_verdict_variant *vv = &v->variants[i];
			size_t n = mg_min_u64(vv->nfindings, MG_MAX_FINDINGS);
			for (j = 0; j < n; j++)
				sarif_result(&w, &rules, b, &vv->findings[j], vv, v->nvariants > 1);
		}
		for (j = 0; j < npol; j++)
			sarif_result(&w, &rules, b, &v->policy_findings[j], NULL, false);
	}
	mg_jw_end_arr(&w);

	mg_jw_obj(&w, "properties");
	mg_jw_str(&w, "board", mg_rpt_board_label(b));
	if (v)
		mg_jw_str(&w, "verdict", mg_rpt_verdict_word(v));
	mg_jw_end_obj(&w);

	mg_jw_end_obj(&w);
	mg_jw_end_arr(&w);
	mg_jw_end_obj(&w);
	mg_jw_finish(&w);
}
