/* `memgate verify` output: the comparison table as text and as JSON (memgate-verify/1), and the
 * --calibrate summary.  Reads struct mg_verify only; deterministic (fixed order, no locale). */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <memgate/verify.h>

#include "report/fmt.h"

static const char *kind_word(enum mg_verify_kind k)
{
	switch (k) {
	case MG_VERIFY_ADDRESS:
		return "address";
	case MG_VERIFY_BOOL:
		return "bool";
	case MG_VERIFY_TEXT:
		return "text";
	default:
		return "number";
	}
}

/* One side of a row as a table cell. */
static void cell(char *buf, size_t size, const struct mg_verify_row *r, bool pred)
{
	bool has = pred ? r->has_pred : r->has_obs;
	uint64_t v = pred ? r->predicted : r->observed;
	const char *t = pred ? r->predicted_text : r->observed_text;

	if (!has) {
		snprintf(buf, size, "-");
		return;
	}
	switch (r->kind) {
	case MG_VERIFY_ADDRESS:
		mg_rpt_addr(buf, size, v);
		break;
	case MG_VERIFY_BOOL:
		snprintf(buf, size, "%s", v ? "on" : "off");
		break;
	case MG_VERIFY_TEXT:
		/* Long texts (the command line) are spelled out below the table when they differ. */
		if (t && strlen(t) <= 20)
			snprintf(buf, size, "%s", t);
		else
			snprintf(buf, size, "(%zu chars)", t ? strlen(t) : (size_t)0);
		break;
	default:
		snprintf(buf, size, "%" PRIu64 "%s%s", v, r->unit[0] ? " " : "", r->unit);
	}
}

static void delta_cell(char *buf, size_t size, const struct mg_verify_row *r)
{
	if (!r->has_pred || !r->has_obs)
		snprintf(buf, size, "-");
	else if (r->kind == MG_VERIFY_TEXT || r->kind == MG_VERIFY_BOOL)
		snprintf(buf, size, "%s", r->within ? "same" : "differs");
	else if (r->delta == 0)
		snprintf(buf, size, "0");
	else if (r->kind == MG_VERIFY_ADDRESS) {
		char mag[32];
		uint64_t m = r->delta < 0 ? 0 - (uint64_t)r->delta : (uint64_t)r->delta;
		mg_rpt_size(mag, sizeof(mag), m);
		snprintf(buf, size, "%c%s", r->delta < 0 ? '-' : '+', mag);
	}
	else
		snprintf(buf, size, "%+" PRId64 "%s%s", r->delta, r->unit[0] ? " " : "", r->unit);
}

static const char *within_word(const struct mg_verify_row *r)
{
	if (!r->has_pred || !r->has_obs)
		return "n/a";
	return r->within ? "yes" : "NO";
}

static void tol_text(char *buf, size_t size, const struct mg_verify_row *r)
{
	if (r->exact)
		snprintf(buf, size, "exact");
	else
		snprintf(buf, size, "%g%%", r->tol_pct);
}

/* Cells come from logs: keep control characters off the terminal. */
static void put_cell(struct mg_buf *out, const char *s, int width)
{
	size_t n = strlen(s);
	mg_rpt_puts_clean(out, s);
	for (; (int)n < width; n++)
		mg_buf_append(out, " ", 1);
	mg_buf_append(out, " ", 1);
}

int mg_verify_render_text(struct mg_buf *out, const struct mg_verify *v)
{
	char p[64], o[64], d[64];

	mg_buf_printf(out, "memgate verify: predicted (Linux ");
	mg_rpt_puts_clean(out, v->kernel);
	mg_buf_puts(out, ") vs observed (");
	mg_rpt_puts_clean(out, v->dmesg_file[0] ? v->dmesg_file : "dmesg");
	const char *more[3] = { v->meminfo_file, v->zoneinfo_file, v->sysctl_file };
	for (int i = 0; i < 3; i++)
		if (more[i][0]) {
			mg_buf_puts(out, ", ");
			mg_rpt_puts_clean(out, more[i]);
		}
	mg_buf_puts(out, ")\n\n");

	mg_buf_puts(out, "  ");
	put_cell(out, "quantity", 26);
	put_cell(out, "predicted", 20);
	put_cell(out, "observed", 20);
	put_cell(out, "delta", 16);
	put_cell(out, "within", 6);
	mg_buf_puts(out, "observed at\n");
	for (size_t i = 0; i < v->nrows; i++) {
		const struct mg_verify_row *r = &v->rows[i];
		cell(p, sizeof(p), r, true);
		cell(o, sizeof(o), r, false);
		delta_cell(d, sizeof(d), r);
		mg_buf_puts(out, "  ");
		put_cell(out, r->quantity, 26);
		put_cell(out, p, 20);
		put_cell(out, o, 20);
		put_cell(out, d, 16);
		put_cell(out, within_word(r), 6);
		mg_rpt_puts_clean(out, r->has_obs ? r->source : "-");
		mg_buf_puts(out, "\n");
	}

	/* What a row alone cannot say: the texts that differ, notes, the rows outside. */
	bool first = true;
	for (size_t i = 0; i < v->nrows; i++) {
		const struct mg_verify_row *r = &v->rows[i];
		bool show_text = r->kind == MG_VERIFY_TEXT && !r->within;
		if (!show_text && !r->note[0] && r->within)
			continue;
		if (first)
			mg_buf_puts(out, "\n");
		first = false;
		mg_buf_puts(out, "  ");
		mg_rpt_puts_clean(out, r->quantity);
		mg_buf_puts(out, ":");
		if (!r->within) {
			char t[32];
			tol_text(t, sizeof(t), r);
			mg_buf_printf(out, " outside tolerance (%s)", t);
		}
		if (r->note[0]) {
			mg_buf_puts(out, r->within ? " " : "; ");
			mg_rpt_puts_clean(out, r->note);
		}
		mg_buf_puts(out, "\n");
		if (show_text) {
			mg_buf_puts(out, "    predicted: ");
			mg_rpt_puts_clean(out, r->predicted_text ? r->predicted_text : "");
			mg_buf_puts(out, "\n    observed:  ");
			mg_rpt_puts_clean(out, r->observed_text ? r->observed_text : "");
			mg_buf_puts(out, "\n");
		}
	}
	if (v->rows_capped)
		mg_buf_printf(out, "\n  (more than %u rows: the rest of the log's CMA areas are not listed)\n",
			      MG_VERIFY_MAX_ROWS);
	mg_buf_printf(out, "\nverify: %zu quantities, %zu outside tolerance\n", v->ncompared, v->noutside);
	return out->failed ? -1 : 0;
}

static void side_json(struct mg_jw *w, const char *key, const struct mg_verify_row *r, bool pred)
{
	bool has = pred ? r->has_pred : r->has_obs;
	uint64_t val = pred ? r->predicted : r->observed;

	if (!has) {
		mg_jw_null(w, key);
		return;
	}
	switch (r->kind) {
	case MG_VERIFY_ADDRESS:
		mg_jw_addr(w, key, val);
		break;
	case MG_VERIFY_BOOL:
		mg_jw_bool(w, key, val != 0);
		break;
	case MG_VERIFY_TEXT:
		mg_jw_str(w, key, pred ? r->predicted_text : r->observed_text);
		break;
	default:
		mg_jw_u64(w, key, val);
	}
}

int mg_verify_render_json(struct mg_buf *out, const struct mg_verify *v)
{
	struct mg_jw w;
	char t[32];

	mg_jw_init(&w, out);
	mg_jw_obj(&w, NULL);
	mg_jw_str(&w, "schema", "memgate-verify/1");
	mg_jw_str(&w, "kernel", v->kernel);
	mg_jw_obj(&w, "inputs");
	mg_jw_str(&w, "dmesg", v->dmesg_file);
	const char *keys[3] = { "meminfo", "zoneinfo", "sysctl_dump" };
	const char *files[3] = { v->meminfo_file, v->zoneinfo_file, v->sysctl_file };
	for (int i = 0; i < 3; i++) {
		if (files[i][0])
			mg_jw_str(&w, keys[i], files[i]);
		else
			mg_jw_null(&w, keys[i]);
	}
	mg_jw_end_obj(&w);
	mg_jw_arr(&w, "rows");
	for (size_t i = 0; i < v->nrows; i++) {
		const struct mg_verify_row *r = &v->rows[i];
		bool compared = r->has_pred && r->has_obs;
		mg_jw_obj(&w, NULL);
		mg_jw_str(&w, "quantity", r->quantity);
		mg_jw_str(&w, "kind", kind_word(r->kind));
		mg_jw_str(&w, "unit", r->unit);
		side_json(&w, "predicted", r, true);
		side_json(&w, "observed", r, false);
		if (compared && (r->kind == MG_VERIFY_NUMBER || r->kind == MG_VERIFY_ADDRESS))
			mg_jw_i64(&w, "delta", r->delta);
		else
			mg_jw_null(&w, "delta");
		tol_text(t, sizeof(t), r);
		mg_jw_str(&w, "tolerance", t);
		mg_jw_bool(&w, "compared", compared);
		mg_jw_bool(&w, "within", r->within);
		if (r->has_obs)
			mg_jw_str(&w, "source", r->source);
		else
			mg_jw_null(&w, "source");
		if (r->note[0])
			mg_jw_str(&w, "note", r->note);
		else
			mg_jw_null(&w, "note");
		mg_jw_end_obj(&w);
	}
	mg_jw_end_arr(&w);
	mg_jw_u64(&w, "compared", v->ncompared);
	mg_jw_u64(&w, "outside", v->noutside);
	mg_jw_bool(&w, "all_within", v->all_within);
	mg_jw_bool(&w, "rows_capped", v->rows_capped);
	mg_jw_end_obj(&w);
	mg_jw_finish(&w);
	return out->failed ? -1 : 0;
}

int mg_verify_render_calibration_text(struct mg_buf *out, const struct mg_verify_calib_info *info)
{
	mg_buf_printf(out, "calibration: reserved at the Memory: line %" PRIu64 " kB (", info->observed_reserved_kb);
	mg_rpt_puts_clean(out, info->file);
	mg_buf_printf(out, ":%u) - modelled %" PRIu64 " kB = residue %" PRId64 " kB\n", info->line,
		      info->predicted_reserved_kb, info->residue_kb);
	if (info->overestimate)
		mg_buf_puts(out, "calibration: the model over-estimates what this kernel reserves; residue stored "
				 "as 0 (check initrd_size, System.map and the estimated consumers)\n");
	return out->failed ? -1 : 0;
}
