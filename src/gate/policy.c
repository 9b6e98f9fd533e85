/* The rules/policy file (memgate.yaml or --policy): enable/disable rules, change severity,
 * require a margin above min, waive findings with an owner and an expiry date.
 *
 *   schema: memgate-policy/1
 *   min_margin_pct: 10
 *   rules:
 *     thp-raised-min-free: {enabled: false}
 *     kswapd-always-awake: {severity: reject}
 *   waivers:
 *     - {rule: cma-rounded-up, scope: "cma=", reason: "...", owner: "...", expires: 2027-01-31}
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/gate.h>
#include <memgate/util.h>

#include "../parse/yamldoc.h"

static int parse_severity(const char *s, enum mg_severity *out)
{
	if (!strcmp(s, "info"))
		*out = MG_SEV_INFO;
	else if (!strcmp(s, "warn"))
		*out = MG_SEV_WARN;
	else if (!strcmp(s, "reject"))
		*out = MG_SEV_REJECT;
	else
		return -1;
	return 0;
}

/* YYYY-MM-DD naming a real calendar day (expiry is compared as a string, so the form matters). */
static bool valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	if (s[10])
		return false;
	y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return false;
	return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

static int parse_rules(struct mg_policy *p, const struct mg_ydoc *d, size_t map, struct mg_error *err)
{
	size_t n;
	if (d->n[map].kind != MG_Y_MAP)
		return mg_ydoc_error(d, map, err, "rules: expected a mapping of rule id to settings");
	for (size_t k = d->n[map].first; k != MG_YNONE; k = d->n[d->n[k].next].next) {
		size_t v = d->n[k].next, keys[2], vals[2];
		static const char *const names[] = { "enabled", "severity" };
		struct mg_policy_rule *r;
		const struct mg_rule_info *ri = mg_rules(&n);
		bool known = false;
		char buf[16];
		/* A complex key ("? {a: b}") is a collection without text (found by fuzzing,
		 * tests/fuzz/fuzz_policy): rule ids must be scalars. */
		if (d->n[k].kind != MG_Y_SCALAR || !d->n[k].text)
			return mg_ydoc_error(d, k, err, "rules: expected a rule id, got %s",
					     mg_ykind_name(d->n[k].kind));
		for (size_t i = 0; i < n; i++)
			known |= !strcmp(ri[i].id, d->n[k].text);
		if (!known)
			return mg_ydoc_error(d, k, err, "rules: unknown rule '%s' (see memgate --help)", d->n[k].text);
		if (p->nrules >= sizeof(p->rules) / sizeof(p->rules[0]))
			return mg_ydoc_error(d, k, err, "rules: too many entries");
		if (mg_ydoc_fields(d, v, d->n[k].text, names, 2, keys, vals, err))
			return -1;
		r = &p->rules[p->nrules++];
		snprintf(r->id, sizeof(r->id), "%s", d->n[k].text);
		if (vals[0] != MG_YNONE) {
			if (mg_ydoc_string(d, vals[0], "enabled", buf, sizeof(buf), err))
				return -1;
			if (strcmp(buf, "true") && strcmp(buf, "false"))
				return mg_ydoc_error(d, vals[0], err, "enabled: expected true or false");
			r->disabled = !strcmp(buf, "false");
		}
		if (vals[1] != MG_YNONE) {
			if (mg_ydoc_string(d, vals[1], "severity", buf, sizeof(buf), err))
				return -1;
			if (parse_severity(buf, &r->severity))
				return mg_ydoc_error(d, vals[1], err, "severity: expected info, warn or reject");
			r->has_severity = true;
		}
	}
	return 0;
}

static int parse_waivers(struct mg_policy *p, const struct mg_ydoc *d, size_t seq, const char *file,
			 struct mg_error *err)
{
	static const char *const names[] = { "rule", "scope", "reason", "owner", "expires" };
	if (d->n[seq].kind != MG_Y_SEQ)
		return mg_ydoc_error(d, seq, err, "waivers: expected a list");
	for (size_t i = d->n[seq].first; i != MG_YNONE; i = d->n[i].next) {
		size_t keys[5], vals[5];
		struct mg_waiver *w;
		if (p->nwaivers >= sizeof(p->waivers) / sizeof(p->waivers[0]))
			return mg_ydoc_error(d, i, err, "waivers: too many entries");
		w = &p->waivers[p->nwaivers++];
		memset(w, 0, sizeof(*w));
		if (mg_ydoc_fields(d, i, "waivers[]", names, 5, keys, vals, err))
			return -1;
		for (size_t f = 0; f < 5; f++)
			if (f != 1 && vals[f] == MG_YNONE)
				return mg_ydoc_error(d, i, err, "waiver: '%s' is required (rule, reason, owner, expires)",
						     names[f]);
		if (mg_ydoc_string(d, vals[0], "rule", w->rule, sizeof(w->rule), err) ||
		    (vals[1] != MG_YNONE && mg_ydoc_string(d, vals[1], "scope", w->scope, sizeof(w->scope), err)) ||
		    mg_ydoc_string(d, vals[2], "reason", w->reason, sizeof(w->reason), err) ||
		    mg_ydoc_string(d, vals[3], "owner", w->owner, sizeof(w->owner), err) ||
		    mg_ydoc_string(d, vals[4], "expires", w->expires, sizeof(w->expires), err))
			return -1;
		if (!valid_date(w->expires))
			return mg_ydoc_error(d, vals[4], err, "expires: expected a calendar date YYYY-MM-DD, got '%s'", w->expires);
		mg_origin_set(&w->origin, file, d->n[i].line, "waiver %s", w->rule);
	}
	return 0;
}

int mg_policy_load(struct mg_policy *p, const char *path, struct mg_error *err)
{
	static const char *const names[] = { "schema", "min_margin_pct", "rules", "waivers" };
	struct mg_ydoc d;
	size_t keys[4], vals[4], len;
	char *buf = NULL, schema[64];
	uint64_t pct;
	int rc = -1;

	memset(p, 0, sizeof(*p));
	memset(&d, 0, sizeof(d));
	snprintf(p->file, sizeof(p->file), "%s", path);
	if (mg_read_file(path, 1u << 20, &buf, &len, err))
		return -1;
	if (mg_ydoc_parse(&d, buf, len, p->file, "policy", err))
		goto out;
	if (!d.count) {
		rc = 0;
		goto out;
	}
	if (mg_ydoc_fields(&d, 0, "", names, 4, keys, vals, err))
		goto out;
	if (vals[0] == MG_YNONE || mg_ydoc_string(&d, vals[0], "schema", schema, sizeof(schema), err) ||
	    strcmp(schema, "memgate-policy/1")) {
		if (!err->msg[0] || vals[0] == MG_YNONE || !strcmp(err->msg, ""))
			mg_input_error(err, path, 1, "expected 'schema: memgate-policy/1'");
		else if (vals[0] != MG_YNONE && strcmp(schema, "memgate-policy/1"))
			mg_ydoc_error(&d, vals[0], err, "expected 'schema: memgate-policy/1'");
		goto out;
	}
	if (vals[1] != MG_YNONE) {
		if (mg_ydoc_uint(&d, vals[1], "min_margin_pct", &pct, err))
			goto out;
		if (pct > 1000) {
			mg_ydoc_error(&d, vals[1], err, "min_margin_pct: expected 0..1000");
			goto out;
		}
		p->min_margin_pct = (unsigned)pct;
	}
	if (vals[2] != MG_YNONE && !mg_ynode_is_null(&d, vals[2]) && parse_rules(p, &d, vals[2], err))
		goto out;
	if (vals[3] != MG_YNONE && !mg_ynode_is_null(&d, vals[3]) && parse_waivers(p, &d, vals[3], p->file, err))
		goto out;
	rc = 0;
out:
	mg_ydoc_free(&d);
	free(buf);
	return rc;
}
