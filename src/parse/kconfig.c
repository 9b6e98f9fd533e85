/* Kernel .config reader (plain or gzip), following scripts/kconfig/confdata.c. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <memgate/kconfig.h>
#include <memgate/util.h>

#define KCONFIG_LINE_ERROR "expected CONFIG_NAME=value or '# CONFIG_NAME is not set'"

static bool is_sym_char(unsigned char c)
{
	return isalnum(c) || c == '_';
}

/* "6.1.0-rc3" -> 6,1,0; "6.1-rc3" -> 6,1,0 (no sublevel); "5.4.74-vendor" -> 5,4,74. */
static bool parse_version(const char *s, unsigned *a, unsigned *b, unsigned *c)
{
	unsigned v[3] = { 0, 0, 0 };
	int part;

	for (part = 0; part < 3; part++) {
		int digits = 0;
		while (isdigit((unsigned char)*s)) {
			if (v[part] > 99999)
				return false; /* no real kernel has such numbers */
			v[part] = v[part] * 10 + (unsigned)(*s - '0');
			s++;
			digits++;
		}
		if (!digits)
			return false;
		if (part == 2 || *s != '.')
			break;
		if (part == 1 && !isdigit((unsigned char)s[1]))
			break;
		s++;
	}
	if (part == 0)
		return false; /* need at least VERSION.PATCHLEVEL */
	*a = v[0];
	*b = v[1];
	*c = v[2];
	return true;
}

/* scripts/kconfig/confdata.c: conf_write_heading writes "# Linux/<ARCH> <VERSION> Kernel
 * Configuration" near the top of every .config. */
static void try_version_header(struct mg_kconfig *kc, const char *line, size_t n, unsigned lineno)
{
	static const char prefix[] = "# Linux/";
	static const char suffix[] = " Kernel Configuration";
	const size_t plen = sizeof(prefix) - 1, slen = sizeof(suffix) - 1;
	const char *arch, *sp, *ver;
	size_t alen, vlen;
	char vbuf[64];

	if (kc->has_version || n < plen + slen + 3 || memcmp(line, prefix, plen) != 0 ||
	    memcmp(line + n - slen, suffix, slen) != 0)
		return;
	arch = line + plen;
	sp = memchr(arch, ' ', n - plen - slen);
	if (!sp || sp == arch)
		return;
	alen = (size_t)(sp - arch);
	ver = sp + 1;
	vlen = (size_t)(line + n - slen - ver);
	if (!vlen || alen >= sizeof(kc->arch) || vlen >= sizeof(kc->version_text))
		return;
	memcpy(vbuf, ver, vlen);
	vbuf[vlen] = '\0';
	if (!parse_version(vbuf, &kc->version, &kc->patchlevel, &kc->sublevel))
		return;
	memcpy(kc->arch, arch, alen);
	kc->arch[alen] = '\0';
	memcpy(kc->version_text, vbuf, vlen + 1);
	kc->version_line = lineno;
	kc->has_version = true;
}

/* FNV-1a: symbol lookups go through a hash of the names (a distribution .config has ~9000
 * symbols; sorting them cost more than everything else in a one-board run). */
static uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Names and values go into kc->strings, sized up front (2 * input + 16: a name and a value are
 * never longer than their line, plus two NULs), so the pointers never move: two mallocs per
 * .config instead of two per symbol.  *used is the arena's fill. */
static char *arena_put(struct mg_kconfig *kc, size_t *used, const char *s, size_t n)
{
	char *p = kc->strings + *used;
	memcpy(p, s, n);
	p[n] = '\0';
	*used += n + 1;
	return p;
}

static int add_sym(struct mg_kconfig *kc, size_t *cap, size_t *used, const char *name, size_t nlen,
		   const char *value, size_t vlen, bool quoted, unsigned line)
{
	struct mg_kconfig_sym *s;

	if (MG_ARRAY_RESERVE(kc->syms, *cap, kc->nsyms + 1))
		return -1;
	s = &kc->syms[kc->nsyms];
	s->name = arena_put(kc, used, name, nlen);
	s->value = arena_put(kc, used, value, vlen);
	s->line = line;
	s->quoted = quoted;
	s->hash = name_hash(s->name);
	kc->nsyms++;
	return 0;
}

/* confdata.c: conf_set_sym_val, S_STRING: a backslash drops itself and keeps the next
 * character literally; the first unescaped '"' ends the string. */
static int unescape_string(const char *p, const char *end, char *out, size_t *outlen,
			   const char **after)
{
	size_t o = 0;

	for (; p < end; p++) {
		if (*p == '"') {
			*outlen = o;
			*after = p + 1;
			return 0;
		}
		if (*p == '\\') {
			if (p + 1 >= end)
				return -1;
			p++;
		}
		out[o++] = *p;
	}
	return -1;
}

/* The slot for name (hash h): either empty (0) or holding that name. */
static size_t slot_of(const struct mg_kconfig *kc, const char *name, uint32_t h)
{
	size_t mask = kc->index_size - 1, i = h & mask;
	while (kc->index[i]) {
		const struct mg_kconfig_sym *s = &kc->syms[kc->index[i] - 1];
		if (s->hash == h && !strcmp(s->name, name))
			break;
		i = (i + 1) & mask;
	}
	return i;
}

/* Index the symbols; a repeated symbol keeps only its last assignment, as conf_read does. */
static int build_index(struct mg_kconfig *kc)
{
	size_t i, out = 0;

	kc->index_size = 16;
	while (kc->index_size < 2 * kc->nsyms)
		kc->index_size *= 2;
	kc->index = calloc(kc->index_size, sizeof(*kc->index));
	if (!kc->index)
		return -1;
	for (i = 0; i < kc->nsyms; i++) /* last occurrence wins the slot */
		kc->index[slot_of(kc, kc->syms[i].name, kc->syms[i].hash)] = (uint32_t)(i + 1);
	for (i = 0; i < kc->nsyms; i++)
		if (kc->index[slot_of(kc, kc->syms[i].name, kc->syms[i].hash)] == i + 1)
			kc->syms[out++] = kc->syms[i];
	kc->nsyms = out;
	memset(kc->index, 0, kc->index_size * sizeof(*kc->index));
	for (i = 0; i < kc->nsyms; i++)
		kc->index[slot_of(kc, kc->syms[i].name, kc->syms[i].hash)] = (uint32_t)(i + 1);
	return 0;
}

static void free_syms(struct mg_kconfig *kc)
{
	free(kc->index);
	kc->index = NULL;
	kc->index_size = 0;
	free(kc->syms);
	free(kc->strings);
	kc->syms = NULL;
	kc->strings = NULL;
	kc->nsyms = 0;
}

static int parse_line(struct mg_kconfig *kc, size_t *cap, size_t *used, const char *line, size_t n,
		      unsigned lineno, char *scratch, const char *file, struct mg_error *err)
{
	static const char notset[] = " is not set";
	const size_t nslen = sizeof(notset) - 1;
	size_t i = 0;

	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i == n)
		return 0;
	if (memchr(line, '\0', n))
		return mg_input_error(err, file, lineno, "NUL byte in line; " KCONFIG_LINE_ERROR);
	line += i;
	n -= i;

	if (line[0] == '#') {
		/* confdata.c conf_read_simple: "# CONFIG_X is not set" means n; any other '#' line
		 * is a comment. */
		if (n > 9 + nslen && memcmp(line, "# CONFIG_", 9) == 0 &&
		    memcmp(line + n - nslen, notset, nslen) == 0) {
			const char *name = line + 9;
			size_t nlen = n - 9 - nslen, k;
			for (k = 0; k < nlen && is_sym_char((unsigned char)name[k]); k++)
				;
			if (k == nlen && nlen)
				return add_sym(kc, cap, used, name, nlen, "n", 1, false, lineno)
					       ? mg_error_set(err, MG_ERR_INTERNAL, file, lineno, 0,
							      "out of memory")
					       : 0;
		}
		try_version_header(kc, line, n, lineno);
		return 0;
	}

	if (n > 7 && memcmp(line, "CONFIG_", 7) == 0) {
		const char *name = line + 7, *eq, *v, *end = line + n;
		size_t nlen = 0;
		while (name + nlen < end && is_sym_char((unsigned char)name[nlen]))
			nlen++;
		eq = name + nlen;
		if (!nlen || eq >= end || *eq != '=')
			return mg_input_error(err, file, lineno, KCONFIG_LINE_ERROR);
		v = eq + 1;
		if (v < end && *v == '"') {
			size_t olen;
			const char *after;
			if (unescape_string(v + 1, end, scratch, &olen, &after))
				return mg_input_error(err, file, lineno,
						      "unterminated string value for CONFIG_%.*s",
						      (int)nlen, name);
			if (after != end)
				return mg_input_error(err, file, lineno,
						      "text after the closing '\"' of CONFIG_%.*s",
						      (int)nlen, name);
			if (add_sym(kc, cap, used, name, nlen, scratch, olen, true, lineno))
				return mg_error_set(err, MG_ERR_INTERNAL, file, lineno, 0,
						    "out of memory");
			return 0;
		}
		if (add_sym(kc, cap, used, name, nlen, v, (size_t)(end - v), false, lineno))
			return mg_error_set(err, MG_ERR_INTERNAL, file, lineno, 0, "out of memory");
		return 0;
	}
	return mg_input_error(err, file, lineno, KCONFIG_LINE_ERROR);
}

int mg_kconfig_parse_buf(struct mg_kconfig *kc, const char *buf, size_t len, const char *file,
			 struct mg_error *err)
{
	size_t cap = 0, pos = 0, used = 0;
	unsigned lineno = 0;
	char *scratch;

	memset(kc, 0, sizeof(*kc));
	snprintf(kc->file, sizeof(kc->file), "%s", file ? file : "");
	if (len > MG_KCONFIG_MAX_BYTES)
		return mg_input_error(err, file, 0, "larger than the %u-byte .config limit",
				      MG_KCONFIG_MAX_BYTES);
	/* A string value is never longer than its line; one scratch buffer of the whole
	 * input is enough for any unescaped string. */
	scratch = malloc(len + 1);
	kc->strings = malloc(2 * len + 16);
	if (!scratch || !kc->strings) {
		free(scratch);
		free_syms(kc);
		return mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
	}

	const char *line;
	size_t n;

	while (mg_next_line(buf, len, &pos, &line, &n, &lineno)) {
		if (parse_line(kc, &cap, &used, line, n, lineno, scratch, file, err)) {
			free(scratch);
			free_syms(kc);
			return -1;
		}
	}
	free(scratch);

	if (build_index(kc)) {
		free_syms(kc);
		return mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
	}
	return 0;
}

/* .config.gz (e.g. /proc/config.gz copied off a device): gzip magic 1f 8b. */
static int inflate_gz(const char *in, size_t inlen, char **out, size_t *outlen, const char *path,
		      struct mg_error *err)
{
	z_stream zs;
	struct mg_buf b;
	char chunk[65536];
	int rc;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "zlib inflateInit2 failed");
	mg_buf_init(&b);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)inlen; /* inlen <= MG_KCONFIG_MAX_BYTES fits uInt */
	do {
		zs.next_out = (Bytef *)chunk;
		zs.avail_out = sizeof(chunk);
		rc = inflate(&zs, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END) {
			inflateEnd(&zs);
			mg_buf_free(&b);
			if (rc == Z_BUF_ERROR)
				return mg_input_error(err, path, 0, "truncated gzip data");
			return mg_input_error(err, path, 0, "corrupt gzip data (%s)",
					      zs.msg ? zs.msg : "zlib error");
		}
		mg_buf_append(&b, chunk, sizeof(chunk) - zs.avail_out);
		if (b.len > MG_KCONFIG_MAX_BYTES) {
			inflateEnd(&zs);
			mg_buf_free(&b);
			return mg_input_error(err, path, 0,
					      "decompressed .config larger than the %u-byte limit",
					      MG_KCONFIG_MAX_BYTES);
		}
		if (rc == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
			inflateEnd(&zs);
			mg_buf_free(&b);
			return mg_input_error(err, path, 0, "truncated gzip data");
		}
	} while (rc != Z_STREAM_END);
	inflateEnd(&zs);
	if (b.failed) {
		mg_buf_free(&b);
		return mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
	}
	*out = b.data ? b.data : mg_strdup("");
	*outlen = b.len;
	return *out ? 0 : mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
}

int mg_kconfig_load(struct mg_kconfig *kc, const char *path, struct mg_error *err)
{
	char *raw, *text;
	size_t rawlen, textlen;
	int rc;

	memset(kc, 0, sizeof(*kc));
	if (mg_read_file(path, MG_KCONFIG_MAX_BYTES, &raw, &rawlen, err))
		return -1;
	if (rawlen >= 2 && (unsigned char)raw[0] == 0x1f && (unsigned char)raw[1] == 0x8b) {
		rc = inflate_gz(raw, rawlen, &text, &textlen, path, err);
		free(raw);
		if (rc)
			return -1;
	} else {
		text = raw;
		textlen = rawlen;
	}
	rc = mg_kconfig_parse_buf(kc, text, textlen, path, err);
	free(text);
	return rc;
}

void mg_kconfig_free(struct mg_kconfig *kc)
{
	if (!kc)
		return;
	free_syms(kc);
}

const struct mg_kconfig_sym *mg_kconfig_find(const struct mg_kconfig *kc, const char *name)
{
	if (!kc || !name || !kc->nsyms)
		return NULL;
	if (strncmp(name, "CONFIG_", 7) == 0)
		name += 7;
	if (!kc->index)
		return NULL;
	{
		size_t i = slot_of(kc, name, name_hash(name));
		return kc->index[i] ? &kc->syms[kc->index[i] - 1] : NULL;
	}
}

bool mg_kconfig_is_y(const struct mg_kconfig *kc, const char *name)
{
	const struct mg_kconfig_sym *s = mg_kconfig_find(kc, name);
	return s && !s->quoted && strcmp(s->value, "y") == 0;
}

int64_t mg_kconfig_int(const struct mg_kconfig *kc, const char *name, int64_t def)
{
	const struct mg_kconfig_sym *s = mg_kconfig_find(kc, name);
	const char *p;
	bool neg = false;
	uint64_t v = 0;
	unsigned base = 10;

	if (!s || s->quoted)
		return def;
	p = s->value;
	if (*p == '-') {
		neg = true;
		p++;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (!*p)
		return def;
	for (; *p; p++) {
		unsigned d;
		if (isdigit((unsigned char)*p))
			d = (unsigned)(*p - '0');
		else if (base == 16 && isxdigit((unsigned char)*p))
			d = (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		else
			return def;
		if (!mg_mul_u64(v, base, &v) || !mg_add_u64(v, d, &v))
			return def;
	}
	if (neg)
		return v <= (uint64_t)INT64_MAX + 1 ? (int64_t)(0 - v) : def;
	return v <= (uint64_t)INT64_MAX ? (int64_t)v : def;
}

const char *mg_kconfig_str(const struct mg_kconfig *kc, const char *name)
{
	const struct mg_kconfig_sym *s = mg_kconfig_find(kc, name);
	return s ? s->value : "";
}

void mg_kconfig_origin(const struct mg_kconfig *kc, const char *name, struct mg_origin *o)
{
	const struct mg_kconfig_sym *s = mg_kconfig_find(kc, name);

	if (strncmp(name, "CONFIG_", 7) == 0)
		name += 7;
	if (!s) {
		mg_origin_set(o, "", 0, "CONFIG_%s not set in %s, kernel default", name,
			      kc && kc->file[0] ? kc->file : "the .config");
		return;
	}
	if (s->quoted)
		mg_origin_set(o, kc->file, s->line, "CONFIG_%s=\"%s\"", s->name, s->value);
	else if (strcmp(s->value, "n") == 0)
		mg_origin_set(o, kc->file, s->line, "CONFIG_%s is not set", s->name);
	else
		mg_origin_set(o, kc->file, s->line, "CONFIG_%s=%s", s->name, s->value);
}

uint32_t mg_kconfig_kv(const struct mg_kconfig *kc)
{
	if (!kc || !kc->has_version)
		return 0;
	return MG_KV(kc->version, kc->patchlevel, kc->sublevel);
}
