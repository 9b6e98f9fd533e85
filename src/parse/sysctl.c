/* vm.* sysctls from sysctl.conf / sysctl.d files (procps `sysctl -p` syntax) and from the
 * command line's sysctl.vm.X=Y tokens (init/main.c: do_sysctl_args, >= 5.8). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/sysctl.h>
#include <memgate/util.h>

/* Version-independent ranges from the kernel's vm_table (kernel/sysctl.c, mm/page_alloc.c);
 * proc_dointvec_minmax refuses a write outside [min, max] with -EINVAL, so the setting would
 * silently not apply.  watermark_scale_factor's maximum was raised from 1000 to 3000 at some
 * release (UNCONFIRMED which); 3000 is checked here, the model may check the older bound. */
enum known { K_MIN_FREE, K_WSF, K_NR_HUGE, K_COMPACTION, K_PANIC_OOM, K_OVERCOMMIT, K_LOWMEM, K_N };
static const struct {
	const char *name; /* after "vm." */
	uint64_t min, max;
} known_keys[K_N] = {
	[K_MIN_FREE] = { "min_free_kbytes", 0, 2147483647u },
	[K_WSF] = { "watermark_scale_factor", 1, 3000 },
	[K_NR_HUGE] = { "nr_hugepages", 0, UINT64_MAX },
	[K_COMPACTION] = { "compaction_proactiveness", 0, 100 },
	[K_PANIC_OOM] = { "panic_on_oom", 0, 2 },
	[K_OVERCOMMIT] = { "overcommit_memory", 0, 2 },
	[K_LOWMEM] = { "lowmem_reserve_ratio", 0, 2147483647u },
};

static struct mg_sysctl_value *slot(struct mg_sysctl *s, enum known k)
{
	switch (k) {
	case K_MIN_FREE: return &s->min_free_kbytes;
	case K_WSF: return &s->watermark_scale_factor;
	case K_NR_HUGE: return &s->nr_hugepages;
	case K_COMPACTION: return &s->compaction_proactiveness;
	case K_PANIC_OOM: return &s->panic_on_oom;
	case K_OVERCOMMIT: return &s->overcommit_memory;
	default: return NULL;
	}
}

/* "vm.min_free_kbytes", "vm/min_free_kbytes" or bare "min_free_kbytes" -> index, or -1. */
static int lookup(const char *key, size_t klen)
{
	int i;

	if (klen > 3 && (memcmp(key, "vm.", 3) == 0 || memcmp(key, "vm/", 3) == 0)) {
		key += 3;
		klen -= 3;
	} else if (memchr(key, '.', klen) || memchr(key, '/', klen)) {
		return -1; /* another subtree (kernel., net., ...) */
	}
	for (i = 0; i < K_N; i++)
		if (strlen(known_keys[i].name) == klen && memcmp(known_keys[i].name, key, klen) == 0)
			return i;
	return -1;
}

/* proc_get_long: strtoul base 0 (so 0x.. and leading-0 octal are accepted). */
static int parse_one(const char *v, size_t n, uint64_t *out)
{
	char tmp[32];
	if (!n || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, v, n);
	tmp[n] = '\0';
	return mg_parse_u64(tmp, out) ? 0 : -1;
}

static int assign(struct mg_sysctl *s, int k, const char *value, size_t vlen,
		  const struct mg_origin *origin, struct mg_error *err)
{
	const char *file = origin ? origin->file : "";
	unsigned line = origin ? origin->line : 0;
	const char *name = known_keys[k].name;

	if (k == K_LOWMEM) {
		/* A vector sysctl: whitespace-separated integers, one per zone. */
		uint64_t vals[MG_MAX_ZONE_TYPES];
		size_t nv = 0, i = 0;
		while (i < vlen) {
			size_t j;
			while (i < vlen && isspace((unsigned char)value[i]))
				i++;
			if (i >= vlen)
				break;
			j = i;
			while (j < vlen && !isspace((unsigned char)value[j]))
				j++;
			if (nv >= MG_MAX_ZONE_TYPES)
				return mg_input_error(err, file, line,
						      "vm.%s: more than %d values (one per zone type)",
						      name, MG_MAX_ZONE_TYPES);
			if (parse_one(value + i, j - i, &vals[nv]) || vals[nv] > known_keys[k].max)
				return mg_input_error(err, file, line,
						      "vm.%s: expected non-negative integers, got '%.*s'",
						      name, (int)(j - i), value + i);
			nv++;
			i = j;
		}
		if (!nv)
			return mg_input_error(err, file, line, "vm.%s: expected a list of integers",
					      name);
		s->lowmem_reserve_ratio_set = true;
		s->nlowmem_reserve_ratio = nv;
		memcpy(s->lowmem_reserve_ratio, vals, nv * sizeof(vals[0]));
		if (origin)
			s->lowmem_reserve_ratio_origin = *origin;
		return 0;
	}
	{
		struct mg_sysctl_value *sv = slot(s, (enum known)k);
		uint64_t v;
		if (parse_one(value, vlen, &v))
			return mg_input_error(err, file, line, "vm.%s: expected an integer, got '%.*s'",
					      name, (int)(vlen > 64 ? 64 : vlen), value);
		if (v < known_keys[k].min || v > known_keys[k].max)
			return mg_input_error(err, file, line,
					      "vm.%s = %llu is outside the kernel's range [%llu, %llu]; "
					      "the kernel would refuse the write",
					      name, (unsigned long long)v,
					      (unsigned long long)known_keys[k].min,
					      (unsigned long long)known_keys[k].max);
		sv->set = true;
		sv->value = v;
		if (origin)
			sv->origin = *origin;
		else
			mg_origin_set(&sv->origin, "", 0, "vm.%s = %llu", name, (unsigned long long)v);
	}
	return 0;
}

int mg_sysctl_set(struct mg_sysctl *s, const char *key, const char *value,
		  const struct mg_origin *origin, struct mg_error *err)
{
	int k;

	if (!key || !value)
		return mg_input_error(err, origin ? origin->file : "", origin ? origin->line : 0,
				      "sysctl assignment without a key or value");
	k = lookup(key, strlen(key));
	if (k < 0)
		return 0; /* not a setting the model uses */
	return assign(s, k, value, strlen(value), origin, err);
}

static int parse_line(struct mg_sysctl *s, const char *p, size_t n, unsigned lineno,
		      const char *file, struct mg_error *err)
{
	const char *end = p + n, *eq, *kend, *v;
	struct mg_origin o;
	char key[128];
	size_t klen, i;
	int k;

	while (p < end && isspace((unsigned char)*p))
		p++;
	while (end > p && isspace((unsigned char)end[-1]))
		end--;
	if (p == end || *p == '#' || *p == ';')
		return 0;
	if (memchr(p, '\0', (size_t)(end - p)))
		return mg_input_error(err, file, lineno, "NUL byte in line; expected key = value");
	if (*p == '-') /* procps: ignore a failure to write this key */
		p++;
	eq = memchr(p, '=', (size_t)(end - p));
	if (!eq)
		return mg_input_error(err, file, lineno, "expected key = value");
	kend = eq;
	while (kend > p && isspace((unsigned char)kend[-1]))
		kend--;
	while (p < kend && isspace((unsigned char)*p))
		p++;
	klen = (size_t)(kend - p);
	if (!klen)
		return mg_input_error(err, file, lineno, "expected key = value (empty key)");
	if (klen >= sizeof(key))
		return 0; /* longer than any vm.* key we know */
	memcpy(key, p, klen);
	key[klen] = '\0';
	for (i = 0; i < klen; i++)
		if (key[i] == '/')
			key[i] = '.';
	k = lookup(key, klen);
	if (k < 0)
		return 0;
	v = eq + 1;
	while (v < end && isspace((unsigned char)*v))
		v++;
	mg_origin_set(&o, file, lineno, "vm.%s = %.*s", known_keys[k].name,
		      (int)((size_t)(end - v) > 96 ? 96 : (size_t)(end - v)), v);
	return assign(s, k, v, (size_t)(end - v), &o, err);
}

int mg_sysctl_parse_buf(struct mg_sysctl *s, const char *buf, size_t len, const char *file,
			struct mg_error *err)
{
	size_t pos = 0;
	unsigned lineno = 0;

	if (len > MG_SYSCTL_MAX_BYTES)
		return mg_input_error(err, file, 0, "larger than the %u-byte sysctl file limit",
				      MG_SYSCTL_MAX_BYTES);
	const char *line;
	size_t n;

	while (mg_next_line(buf, len, &pos, &line, &n, &lineno)) {
		if (parse_line(s, line, n, lineno, file, err))
			return -1;
	}
	return 0;
}

int mg_sysctl_load(struct mg_sysctl *s, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	if (mg_read_file(path, MG_SYSCTL_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_sysctl_parse_buf(s, buf, len, path, err);
	free(buf);
	return rc;
}
