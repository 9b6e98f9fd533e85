/* profile.yaml (schema memgate-profile/1, docs/profile.md): the declared workload. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/profile.h>
#include <memgate/util.h>

#include "yamldoc.h"

#define MG_PROFILE_SCHEMA "memgate-profile/1"
#define MG_PROFILE_MAX_INSTANCES 1000000u

static const char *const top_keys[] = { "schema", "system", "applications" };
enum { TOP_SCHEMA, TOP_SYSTEM, TOP_APPS, TOP_N };
static const char *const system_keys[] = { "baseline" };
enum { SYS_BASELINE, SYS_N };
static const char *const app_keys[] = { "name", "instances", "movable", "unmovable", "cma",
					"cma_pool" };
enum { APP_NAME, APP_INSTANCES, APP_MOVABLE, APP_UNMOVABLE, APP_CMA, APP_POOL, APP_N };

/* The schema is checked before anything else so a future schema's new keys are reported as
 * "unsupported schema", not as unknown keys. */
static int check_schema(const struct mg_ydoc *d, struct mg_error *err)
{
	size_t i;
	char schema[64];

	for (i = d->n[0].first; i != MG_YNONE && d->n[i].next != MG_YNONE;
	     i = d->n[d->n[i].next].next) {
		if (d->n[i].kind != MG_Y_SCALAR || strcmp(d->n[i].text, "schema"))
			continue;
		if (mg_ydoc_string(d, d->n[i].next, "schema", schema, sizeof(schema), err))
			return -1;
		if (strcmp(schema, MG_PROFILE_SCHEMA))
			return mg_ydoc_error(d, d->n[i].next, err,
					     "schema: unsupported schema '%s' (expected %s)", schema,
					     MG_PROFILE_SCHEMA);
		return 0;
	}
	return mg_ydoc_error(d, 0, err, "missing 'schema: %s'", MG_PROFILE_SCHEMA);
}

static int parse_size_field(const struct mg_ydoc *d, size_t node, const char *field,
			    const char *what, uint64_t *out, struct mg_origin *o,
			    struct mg_error *err)
{
	if (mg_ydoc_size(d, node, field, out, err))
		return -1;
	mg_origin_set(o, d->file, d->n[node].line, "%s: %.64s", what, d->n[node].text);
	return 0;
}

static int parse_app(struct mg_profile *p, const struct mg_ydoc *d, size_t item, size_t idx,
		     struct mg_error *err)
{
	struct mg_app *a = &p->apps[idx];
	size_t keys[APP_N], vals[APP_N], k;
	char path[48], field[80], what[160];

	snprintf(path, sizeof(path), "applications[%zu]", idx);
	if (mg_ydoc_fields(d, item, path, app_keys, APP_N, keys, vals, err))
		return -1;
	if (vals[APP_NAME] == MG_YNONE)
		return mg_ydoc_error(d, item, err, "%s: missing 'name'", path);
	snprintf(field, sizeof(field), "%s.name", path);
	if (mg_ydoc_string(d, vals[APP_NAME], field, a->name, sizeof(a->name), err))
		return -1;
	for (k = 0; k < idx; k++)
		if (!strcmp(p->apps[k].name, a->name))
			return mg_ydoc_error(d, vals[APP_NAME], err,
					     "%s: duplicate application name '%s' (first at line %u)",
					     field, a->name, p->apps[k].origin.line);
	mg_origin_set(&a->origin, d->file, d->n[item].line, "%s %s", path, a->name);

	a->instances = 1;
	if (vals[APP_INSTANCES] != MG_YNONE) {
		snprintf(field, sizeof(field), "%s.instances", path);
		if (mg_ydoc_uint(d, vals[APP_INSTANCES], field, &a->instances, err))
			return -1;
		if (a->instances < 1 || a->instances > MG_PROFILE_MAX_INSTANCES)
			return mg_ydoc_error(d, vals[APP_INSTANCES], err,
					     "%s: must be between 1 and %u, got %llu", field,
					     MG_PROFILE_MAX_INSTANCES,
					     (unsigned long long)a->instances);
	}

	{
		static const int size_keys[] = { APP_MOVABLE, APP_UNMOVABLE, APP_CMA };
		uint64_t *dst[] = { &a->movable_bytes, &a->unmovable_bytes, &a->cma_bytes };
		struct mg_origin *org[] = { &a->movable_origin, &a->unmovable_origin,
					    &a->cma_origin };
		for (k = 0; k < 3; k++) {
			size_t v = vals[size_keys[k]];
			if (v == MG_YNONE)
				continue;
			snprintf(field, sizeof(field), "%s.%s", path, app_keys[size_keys[k]]);
			snprintf(what, sizeof(what), "%s %s", a->name, app_keys[size_keys[k]]);
			if (parse_size_field(d, v, field, what, dst[k], org[k], err))
				return -1;
		}
	}

	snprintf(a->cma_pool, sizeof(a->cma_pool), "default");
	if (vals[APP_POOL] != MG_YNONE) {
		snprintf(field, sizeof(field), "%s.cma_pool", path);
		if (mg_ydoc_string(d, vals[APP_POOL], field, a->cma_pool, sizeof(a->cma_pool), err))
			return -1;
	}
	return 0;
}

static int parse_doc(struct mg_profile *p, const struct mg_ydoc *d, struct mg_error *err)
{
	size_t keys[TOP_N], vals[TOP_N], skeys[SYS_N], svals[SYS_N], apps, i, n = 0;

	if (d->count == 0)
		return mg_input_error(err, d->file, 0,
				      "empty profile (expected 'schema: %s', system and applications)",
				      MG_PROFILE_SCHEMA);
	if (d->n[0].kind != MG_Y_MAP)
		return mg_ydoc_error(d, 0, err,
				     "a profile must be a mapping starting with 'schema: %s', found %s",
				     MG_PROFILE_SCHEMA, mg_ykind_name(d->n[0].kind));
	if (check_schema(d, err) || mg_ydoc_fields(d, 0, "", top_keys, TOP_N, keys, vals, err))
		return -1;

	/* A forgotten baseline would under-state demand and pass a board that fails: required. */
	if (vals[TOP_SYSTEM] == MG_YNONE)
		return mg_ydoc_error(d, 0, err, "missing 'system:' with 'baseline:' (memory the "
				     "system holds at idle)");
	if (mg_ydoc_fields(d, vals[TOP_SYSTEM], "system", system_keys, SYS_N, skeys, svals, err))
		return -1;
	if (svals[SYS_BASELINE] == MG_YNONE)
		return mg_ydoc_error(d, vals[TOP_SYSTEM], err, "system: missing 'baseline'");
	if (parse_size_field(d, svals[SYS_BASELINE], "system.baseline", "system.baseline",
			     &p->baseline_bytes, &p->baseline_origin, err))
		return -1;

	apps = vals[TOP_APPS];
	if (apps == MG_YNONE || mg_ynode_is_null(d, apps))
		return 0;
	if (d->n[apps].kind != MG_Y_SEQ)
		return mg_ydoc_error(d, apps, err, "applications: expected a sequence, found %s",
				     mg_ykind_name(d->n[apps].kind));
	for (i = d->n[apps].first; i != MG_YNONE; i = d->n[i].next, n++)
		if (n == MG_PROFILE_MAX_APPS)
			return mg_ydoc_error(d, i, err, "applications: more than %u applications",
					     MG_PROFILE_MAX_APPS);
	if (n == 0)
		return 0;
	p->apps = calloc(n, sizeof(*p->apps));
	if (!p->apps)
		return mg_error_set(err, MG_ERR_INTERNAL, d->file, 0, 0, "out of memory");
	for (i = d->n[apps].first; i != MG_YNONE; i = d->n[i].next) {
		if (parse_app(p, d, i, p->napps, err))
			return -1;
		p->napps++;
	}
	return 0;
}

int mg_profile_parse_buf(struct mg_profile *p, const char *buf, size_t len, const char *file,
			 struct mg_error *err)
{
	struct mg_ydoc d;
	int rc;

	memset(p, 0, sizeof(*p));
	snprintf(p->file, sizeof(p->file), "%s", file ? file : "");
	if (len > MG_PROFILE_MAX_BYTES)
		return mg_input_error(err, p->file, 0, "profile larger than the %u-byte limit",
				      MG_PROFILE_MAX_BYTES);
	if (mg_ydoc_parse(&d, buf, len, p->file, "profile", err))
		return -1;
	rc = parse_doc(p, &d, err);
	mg_ydoc_free(&d);
	if (rc)
		mg_profile_free(p);
	return rc;
}

int mg_profile_load(struct mg_profile *p, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(p, 0, sizeof(*p));
	if (mg_read_file(path, MG_PROFILE_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_profile_parse_buf(p, buf, len, path, err);
	free(buf);
	return rc;
}

void mg_profile_free(struct mg_profile *p)
{
	free(p->apps);
	p->apps = NULL;
	p->napps = 0;
}

static int demand_add(uint64_t *total, uint64_t per_instance, const struct mg_app *a,
		      const char *cls, const char *file, struct mg_error *err)
{
	uint64_t v;
	if (!mg_mul_u64(per_instance, a->instances, &v) || !mg_add_u64(*total, v, total))
		return mg_input_error(err, file, a->origin.line,
				      "total %s demand overflows 64 bits at application '%s'", cls,
				      a->name);
	return 0;
}

int mg_profile_demand(const struct mg_profile *p, struct mg_demand *out, struct mg_error *err)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	out->baseline_bytes = p->baseline_bytes;
	for (i = 0; i < p->napps; i++) {
		const struct mg_app *a = &p->apps[i];
		if (demand_add(&out->movable_bytes, a->movable_bytes, a, "movable", p->file, err) ||
		    demand_add(&out->unmovable_bytes, a->unmovable_bytes, a, "unmovable", p->file,
			       err) ||
		    demand_add(&out->cma_bytes, a->cma_bytes, a, "cma", p->file, err))
			return -1;
	}
	return 0;
}
