/* Shared report helpers: number and address formatting, provenance, verdict words, escaping,
 * a small deterministic JSON writer, and the format dispatch. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "report/fmt.h"

/* ---- Format names and dispatch ---- */

static const char *const format_names[] = { "text", "json", "markdown", "sarif", "junit" };

int mg_report_format_parse(const char *name)
{
	size_t i;
	if (!name)
		return -1;
	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (!strcmp(name, format_names[i]))
			return (int)i;
	if (!strcmp(name, "md"))
		return MG_FMT_MARKDOWN;
	return -1;
}

const char *mg_report_format_name(enum mg_report_format fmt)
{
	if ((unsigned)fmt < sizeof(format_names) / sizeof(format_names[0]))
		return format_names[fmt];
	return "?";
}

void mg_report_layout(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m,
		      enum mg_report_format fmt)
{
	switch (fmt) {
	case MG_FMT_JSON:
		mg_rpt_json_layout(out, b, m);
		break;
	case MG_FMT_MARKDOWN:
		mg_rpt_md_layout(out, b, m);
		break;
	case MG_FMT_SARIF:
		/* A layout has no findings: a valid log with an empty result list. */
		mg_rpt_sarif(out, b, NULL);
		break;
	case MG_FMT_JUNIT:
		mg_rpt_junit(out, b, NULL);
		break;
	case MG_FMT_TEXT:
	default:
		mg_rpt_text_layout(out, b, m);
		break;
	}
}

void mg_report_check(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v,
		     enum mg_report_format fmt)
{
	switch (fmt) {
	case MG_FMT_JSON:
		mg_rpt_json_check(out, b, v);
		break;
	case MG_FMT_MARKDOWN:
		mg_rpt_md_check(out, b, v);
		break;
	case MG_FMT_SARIF:
		mg_rpt_sarif(out, b, v);
		break;
	case MG_FMT_JUNIT:
		mg_rpt_junit(out, b, v);
		break;
	case MG_FMT_TEXT:
	default:
		mg_rpt_text_check(out, b, v);
		break;
	}
}

void mg_report_inputs(struct mg_buf *out, const struct mg_board *b, enum mg_report_format fmt)
{
	/* `memgate inputs` speaks text and JSON; the CI formats have nothing to say about it. */
	if (fmt == MG_FMT_JSON)
		mg_rpt_inputs_json(out, b);
	else
		mg_rpt_inputs_text(out, b);
}

/* ---- Numbers ---- */

void mg_rpt_kb(char *buf, size_t size, uint64_t kb)
{
	snprintf(buf, size, "%" PRIu64 " kB", kb);
}

void mg_rpt_skb(char *buf, size_t size, int64_t kb)
{
	snprintf(buf, size, "%" PRId64 " kB", kb);
}

void mg_rpt_size(char *buf, size_t size, uint64_t bytes)
{
	if (bytes && (bytes & ((1ull << 20) - 1)) == 0)
		snprintf(buf, size, "%" PRIu64 " MiB", bytes >> 20);
	else if ((bytes & 1023) == 0)
		snprintf(buf, size, "%" PRIu64 " kB", bytes >> 10);
	else
		snprintf(buf, size, "%" PRIu64 " B", bytes);
}

void mg_rpt_addr(char *buf, size_t size, uint64_t addr)
{
	snprintf(buf, size, "0x%016" PRIx64, addr);
}

void mg_rpt_page_size(char *buf, size_t size, uint64_t page_size_bytes)
{
	if (page_size_bytes && !(page_size_bytes & 1023))
		snprintf(buf, size, "%" PRIu64 " KiB", page_size_bytes >> 10);
	else
		snprintf(buf, size, "%" PRIu64 " B", page_size_bytes);
}

uint64_t mg_rpt_bytes_kb(uint64_t bytes)
{
	return (bytes >> 10) + ((bytes & 1023) ? 1 : 0);
}

uint64_t mg_rpt_pages_kb(const struct mg_model *m, uint64_t pages)
{
	unsigned shift = m->k.page_shift;
	uint64_t kb;
	/* A zeroed or hostile model must not make us shift by a negative or huge amount. */
	if (shift < 10 || shift > 30)
		shift = 12;
	shift -= 10;
	kb = pages << shift;
	if ((kb >> shift) != pages)
		return UINT64_MAX;
	return kb;
}

uint64_t mg_rpt_sub0(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

/* ---- Provenance and names ---- */

bool mg_rpt_origin_empty(const struct mg_origin *o)
{
	return !o->file[0] && !o->what[0];
}

void mg_rpt_origin(char *buf, size_t size, const struct mg_origin *o)
{
	if (mg_rpt_origin_empty(o))
		snprintf(buf, size, "built-in default");
	else
		mg_origin_format(o, buf, size);
}

const char *mg_rpt_board_label(const struct mg_board *b)
{
	if (b && b->dir[0])
		return b->dir;
	if (b && b->name[0])
		return b->name;
	return "(board)";
}

const char *mg_rpt_board_name(const struct mg_board *b)
{
	const char *s;
	if (b && b->name[0])
		return b->name;
	if (b && b->dir[0]) {
		size_t n = strlen(b->dir);
		/* basename of "boards/e2000q/" too */
		while (n > 1 && b->dir[n - 1] == '/')
			n--;
		s = b->dir + n;
		while (s > b->dir && s[-1] != '/')
			s--;
		if (*s && *s != '/')
			return s;
	}
	return "board";
}

const char *mg_rpt_zone_name(enum mg_zone_type z)
{
	if ((unsigned)z >= MG_NR_ZONES)
		return "?";
	return mg_zone_name(z);
}

const char *mg_rpt_kind_name(enum mg_region_kind k)
{
	if ((unsigned)k > MG_REGION_OTHER)
		return "?";
	return mg_region_kind_name(k);
}

/* The report's own words, pinned by docs/json.md (the same words as the verdict). */
const char *mg_rpt_sev_name(enum mg_severity s)
{
	switch (s) {
	case MG_SEV_INFO: return "info";
	case MG_SEV_WARN: return "warn";
	case MG_SEV_REJECT: return "reject";
	}
	return "?";
}

int mg_rpt_rule_index(const char *rule)
{
	size_t n = 0, i;
	const struct mg_rule_info *r = mg_rules(&n);
	if (!rule || !r)
		return -1;
	for (i = 0; i < n && i < 100000; i++)
		if (r[i].id && !strcmp(r[i].id, rule))
			return (int)i;
	return -1;
}

/* ---- Verdicts ---- */

const char *mg_rpt_verdict_word(const struct mg_verdict *v)
{
	if (v->rejected || v->worst == MG_SEV_REJECT)
		return "reject";
	if (v->worst == MG_SEV_WARN)
		return "warn";
	return "pass";
}

const char *mg_rpt_variant_word(const struct mg_verdict_variant *vv)
{
	if (vv->rejected || vv->worst == MG_SEV_REJECT)
		return "reject";
	if (vv->worst == MG_SEV_WARN)
		return "warn";
	return "pass";
}

uint64_t mg_rpt_variant_ram(const struct mg_verdict_variant *vv)
{
	return vv->ram_bytes ? vv->ram_bytes : vv->model.ram_bytes;
}

bool mg_rpt_finding_counts(const struct mg_finding *f)
{
	return !f->waived && f->severity >= MG_SEV_WARN;
}

#define HEADLINE_MAX_RULES 64

static void headline_collect(const char **ids, size_t *n, const struct mg_finding *f, size_t nf,
			     enum mg_severity sev)
{
	size_t i, j;
	for (i = 0; i < nf; i++) {
		if (!mg_rpt_finding_counts(&f[i]) || f[i].severity != sev || !f[i].rule)
			continue;
		for (j = 0; j < *n; j++)
			if (!strcmp(ids[j], f[i].rule))
				break;
		if (j == *n && *n < HEADLINE_MAX_RULES)
			ids[(*n)++] = f[i].rule;
	}
}

void mg_rpt_headline(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v)
{
	const char *ids[HEADLINE_MAX_RULES];
	const char *word = mg_rpt_verdict_word(v);
	size_t n = 0, i;
	int s;

	for (s = MG_SEV_REJECT; s >= MG_SEV_WARN; s--) {
		for (i = 0; i < v->nvariants; i++)
			headline_collect(ids, &n, v->variants[i].findings,
					 mg_min_u64(v->variants[i].nfindings, MG_MAX_FINDINGS),
					 (enum mg_severity)s);
		headline_collect(ids, &n, v->policy_findings, mg_min_u64(v->npolicy_findings, 16),
				 (enum mg_severity)s);
	}
	mg_buf_puts(out, !strcmp(word, "reject") ? "REJECT" : !strcmp(word, "warn") ? "WARN" : "PASS");
	mg_buf_puts(out, " ");
	mg_rpt_puts_clean(out, mg_rpt_board_label(b));
	if (!n) {
		mg_buf_puts(out, " \xe2\x80\x94 no findings");
		return;
	}
	mg_buf_printf(out, " \xe2\x80\x94 %zu finding%s (", n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		if (i)
			mg_buf_puts(out, ", ");
		mg_rpt_puts_clean(out, ids[i]);
	}
	mg_buf_puts(out, ")");
}

/* ---- Escaping ---- */

size_t mg_rpt_utf8_len(const unsigned char *s)
{
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		/* No overlongs (E0 80..9F) and no surrogates (ED A0..BF). */
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xe0 && s[1] < 0xa0) || (s[0] == 0xed && s[1] >= 0xa0))
			return 0;
		return 3;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if ((s[1] & 0xc0) != 0x80 || (s[2] & 0xc0) != 0x80 || (s[3] & 0xc0) != 0x80)
			return 0;
		if ((s[0] == 0xf0 && s[1] < 0x90) || (s[0] == 0xf4 && s[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

void mg_rpt_puts_clean(struct mg_buf *out, const char *s)
{
	const char *run = s;
	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f) {
			mg_buf_append(out, run, (size_t)(s - run));
			mg_buf_puts(out, "?");
			run = s + 1;
		}
	}
	mg_buf_append(out, run, (size_t)(s - run));
}

void mg_rpt_xml(struct mg_buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	if (!s)
		return;
	while (*s) {
		size_t n;
		switch (*s) {
		case '&': mg_buf_puts(out, "&amp;"); s++; continue;
		case '<': mg_buf_puts(out, "&lt;"); s++; continue;
		case '>': mg_buf_puts(out, "&gt;"); s++; continue;
		case '"': mg_buf_puts(out, "&quot;"); s++; continue;
		case '\'': mg_buf_puts(out, "&apos;"); s++; continue;
		case '\n': mg_buf_puts(out, "&#10;"); s++; continue;
		case '\r': mg_buf_puts(out, "&#13;"); s++; continue;
		case '\t': mg_buf_puts(out, "&#9;"); s++; continue;
		default: break;
		}
		if (*s < 0x20 || *s == 0x7f) {
			mg_buf_puts(out, "\xef\xbf\xbd");
			s++;
			continue;
		}
		n = mg_rpt_utf8_len(s);
		if (!n) {
			mg_buf_puts(out, "\xef\xbf\xbd");
			s++;
			continue;
		}
		mg_buf_append(out, (const char *)s, n);
		s += n;
	}
}

void mg_rpt_md_cell(struct mg_buf *out, const char *s)
{
	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '|')
			mg_buf_puts(out, "\\|");
		else if (c < 0x20 || c == 0x7f)
			mg_buf_puts(out, " ");
		else
			mg_buf_append(out, s, 1);
	}
}

void mg_json_string(struct mg_buf *out, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	if (!s) {
		mg_buf_puts(out, "null");
		return;
	}
	mg_buf_puts(out, "\"");
	while (*s) {
		size_t n;
		switch (*s) {
		case '"': mg_buf_puts(out, "\\\""); s++; continue;
		case '\\': mg_buf_puts(out, "\\\\"); s++; continue;
		case '\n': mg_buf_puts(out, "\\n"); s++; continue;
		case '\r': mg_buf_puts(out, "\\r"); s++; continue;
		case '\t': mg_buf_puts(out, "\\t"); s++; continue;
		case '\b': mg_buf_puts(out, "\\b"); s++; continue;
		case '\f': mg_buf_puts(out, "\\f"); s++; continue;
		default: break;
		}
		if (*s < 0x20 || *s == 0x7f) {
			mg_buf_printf(out, "\\u%04x", (unsigned)*s);
			s++;
			continue;
		}
		n = mg_rpt_utf8_len(s);
		if (!n) {
			/* JSON text must be UTF-8 (RFC 8259 §8.1): replace what is not. */
			mg_buf_puts(out, "\\ufffd");
			s++;
			continue;
		}
		mg_buf_append(out, (const char *)s, n);
		s += n;
	}
	mg_buf_puts(out, "\"");
}

/* ---- JSON writer ---- */

void mg_jw_init(struct mg_jw *w, struct mg_buf *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
}

static void jw_indent(struct mg_jw *w)
{
	unsigned i;
	for (i = 0; i < w->depth; i++)
		mg_buf_puts(w->out, "  ");
}

/* Comma, newline, indentation and "key": before a value. */
static void jw_pre(struct mg_jw *w, const char *key)
{
	if (w->depth > 0) {
		unsigned d = w->depth < MG_JW_MAX_DEPTH ? w->depth : MG_JW_MAX_DEPTH - 1;
		mg_buf_puts(w->out, w->need_comma[d] ? ",\n" : "\n");
		w->need_comma[d] = true;
		jw_indent(w);
	}
	if (key) {
		mg_json_string(w->out, key);
		mg_buf_puts(w->out, ": ");
	}
}

static void jw_open(struct mg_jw *w, const char *key, const char *bracket)
{
	jw_pre(w, key);
	mg_buf_puts(w->out, bracket);
	/* Depth is bounded by our own writers; the clamp only keeps a bug from writing past the array. */
	if (w->depth + 1 < MG_JW_MAX_DEPTH)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void jw_close(struct mg_jw *w, const char *bracket)
{
	bool had = w->need_comma[w->depth];
	if (w->depth > 0)
		w->depth--;
	if (had) {
		mg_buf_puts(w->out, "\n");
		jw_indent(w);
	}
	mg_buf_puts(w->out, bracket);
}

void mg_jw_obj(struct mg_jw *w, const char *key) { jw_open(w, key, "{"); }
void mg_jw_arr(struct mg_jw *w, const char *key) { jw_open(w, key, "["); }
void mg_jw_end_obj(struct mg_jw *w) { jw_close(w, "}"); }
void mg_jw_end_arr(struct mg_jw *w) { jw_close(w, "]"); }

void mg_jw_str(struct mg_jw *w, const char *key, const char *s)
{
	jw_pre(w, key);
	mg_json_string(w->out, s);
}

void mg_jw_u64(struct mg_jw *w, const char *key, uint64_t v)
{
	jw_pre(w, key);
	mg_buf_printf(w->out, "%" PRIu64, v);
}

void mg_jw_i64(struct mg_jw *w, const char *key, int64_t v)
{
	jw_pre(w, key);
	mg_buf_printf(w->out, "%" PRId64, v);
}

void mg_jw_bool(struct mg_jw *w, const char *key, bool v)
{
	jw_pre(w, key);
	mg_buf_puts(w->out, v ? "true" : "false");
}

void mg_jw_null(struct mg_jw *w, const char *key)
{
	jw_pre(w, key);
	mg_buf_puts(w->out, "null");
}

void mg_jw_addr(struct mg_jw *w, const char *key, uint64_t addr)
{
	char a[24];
	mg_rpt_addr(a, sizeof(a), addr);
	mg_jw_str(w, key, a);
}

void mg_jw_origin(struct mg_jw *w, const char *key, const struct mg_origin *o)
{
	char s[512];
	mg_rpt_origin(s, sizeof(s), o);
	mg_jw_str(w, key, s);
}

void mg_jw_finish(struct mg_jw *w)
{
	mg_buf_puts(w->out, "\n");
}
