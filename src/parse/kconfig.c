/* Kernel .config reader (plain or gzip), following scripts/kconfig/confdata.c. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include <memgate/kconfig.h>
#include <memgate/util.h>

#include "util/prefault.h"

#define KCONFIG_LINE_ERROR "expected CONFIG_NAME=value or '# CONFIG_NAME is not set'"

/* isalnum(c) || c == '_' in the C locale (memgate never calls setlocale), spelled out so
 * the name scan inlines: it runs over every byte of every symbol name. */
static inline bool is_sym_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
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
#define NAME_HASH_SEED 2166136261u
static inline uint32_t name_hash_step(uint32_t h, unsigned char c)
{
	return (h ^ c) * 16777619u;
}

static uint32_t name_hash(const char *s)
{
	uint32_t h = NAME_HASH_SEED;
	for (; *s; s++)
		h = name_hash_step(h, (unsigned char)*s);
	return h;
}

/* Length of the symbol name at name (up to end), and its hash, in one pass. */
static size_t scan_name(const char *name, const char *end, uint32_t *hash)
{
	const char *p = name;
	uint32_t h = NAME_HASH_SEED;

	while (p < end && is_sym_char((unsigned char)*p)) {
		h = name_hash_step(h, (unsigned char)*p);
		p++;
	}
	*hash = h;
	return (size_t)(p - name);
}

/* confdata.c: conf_set_sym_val, S_STRING: a backslash drops itself and keeps the next
 * character literally; the first unescaped '"' ends the string.  Unescapes in place (the
 * output is never longer than the input) and NUL-terminates. */
static int unescape_string(char *p, const char *end, char **after)
{
	char *o = p;

	for (; p < end; p++) {
		if (*p == '"') {
			*o = '\0';
			*after = p + 1;
			return 0;
		}
		if (*p == '\\') {
			if (p + 1 >= end)
				return -1;
			p++;
		}
		*o++ = *p;
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

/* Symbols are filled into kc->syms, sized up front from the text's length (a distribution
 * .config has one symbol per 29.6-30.4 bytes (Debian arm64, armhf, amd64): len / 29 covers them
 * without growing, and a denser file grows the array by doubling). */
struct sym_fill {
	size_t cap;
	bool has_nul; /* the text holds a NUL somewhere: lines are checked one by one */
};

static int add_sym(struct mg_kconfig *kc, struct sym_fill *f, char *name, char *value, bool quoted,
		   unsigned line, uint32_t hash)
{
	struct mg_kconfig_sym *s;

	if (kc->nsyms == f->cap && MG_ARRAY_RESERVE(kc->syms, f->cap, kc->nsyms + 1))
		return -1;
	s = &kc->syms[kc->nsyms++];
	s->name = name;
	s->value = value;
	s->line = line;
	s->quoted = quoted;
	s->hash = hash;
	return 0;
}

/* Index the symbols; a repeated symbol keeps only its last assignment, as conf_read does.
 * One pass for a .config without repeats (every real one); a repeat's earlier symbol is
 * dropped from the file-order list afterwards. */
static void build_index(struct mg_kconfig *kc)
{
	size_t i, out = 0;
	bool repeats = false;

	for (i = 0; i < kc->nsyms; i++) {
		size_t slot = slot_of(kc, kc->syms[i].name, kc->syms[i].hash);
		if (kc->index[slot]) {
			kc->syms[kc->index[slot] - 1].name = NULL; /* out of the index: never compared */
			repeats = true;
		}
		kc->index[slot] = (uint32_t)(i + 1);
	}
	if (!repeats)
		return;
	for (i = 0; i < kc->nsyms; i++)
		if (kc->syms[i].name)
			kc->syms[out++] = kc->syms[i];
	kc->nsyms = out;
	memset(kc->index, 0, kc->index_size * sizeof(*kc->index));
	for (i = 0; i < kc->nsyms; i++)
		kc->index[slot_of(kc, kc->syms[i].name, kc->syms[i].hash)] = (uint32_t)(i + 1);
}

static void free_syms(struct mg_kconfig *kc)
{
	free(kc->index);
	free(kc->syms);
	free(kc->strings);
	kc->syms = NULL;
	kc->index = NULL;
	kc->index_size = 0;
	kc->strings = NULL;
	kc->nsyms = 0;
}

/* One line of the .config text, which parse_text owns: names and values are NUL-terminated
 * where they stand (the '=' after a name, the end of the value, the ' ' of " is not set"
 * become NULs), so the symbols point into the text and nothing is copied.  Only bytes of
 * this line, up to its own '\r' or '\n' (or the text's final NUL), are written. */
static int parse_line(struct mg_kconfig *kc, struct sym_fill *f, char *line, size_t n, unsigned lineno,
		      const char *file, struct mg_error *err)
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
	if (f->has_nul && memchr(line, '\0', n))
		return mg_input_error(err, file, lineno, "NUL byte in line; " KCONFIG_LINE_ERROR);
	line += i;
	n -= i;

	if (line[0] == '#') {
		/* confdata.c conf_read_simple: "# CONFIG_X is not set" means n; any other '#' line
		 * is a comment. */
		if (n > 9 + nslen && memcmp(line, "# CONFIG_", 9) == 0 &&
		    memcmp(line + n - nslen, notset, nslen) == 0) {
			char *name = line + 9;
			size_t nlen = n - 9 - nslen;
			uint32_t h;
			if (scan_name(name, name + nlen, &h) == nlen && nlen) {
				/* " is not set" -> "\0n\0s not set": the name, then the value "n". */
				name[nlen] = '\0';
				name[nlen + 1] = 'n';
				name[nlen + 2] = '\0';
				return add_sym(kc, f, name, name + nlen + 1, false, lineno, h)
					       ? mg_error_set(err, MG_ERR_INTERNAL, file, lineno, 0,
							      "out of memory")
					       : 0;
			}
		}
		try_version_header(kc, line, n, lineno);
		return 0;
	}

	if (n > 7 && memcmp(line, "CONFIG_", 7) == 0) {
		char *name = line + 7, *eq, *v, *end = line + n;
		bool quoted;
		uint32_t h;
		size_t nlen = scan_name(name, end, &h);
		eq = name + nlen;
		if (!nlen || eq >= end || *eq != '=')
			return mg_input_error(err, file, lineno, KCONFIG_LINE_ERROR);
		v = eq + 1;
		quoted = v < end && *v == '"';
		if (quoted) {
			char *after;
			if (unescape_string(v + 1, end, &after))
				return mg_input_error(err, file, lineno,
						      "unterminated string value for CONFIG_%.*s",
						      (int)nlen, name);
			if (after != end)
				return mg_input_error(err, file, lineno,
						      "text after the closing '\"' of CONFIG_%.*s",
						      (int)nlen, name);
			v++; /* unescape_string NUL-terminated it */
		} else {
			*end = '\0'; /* the trimmed blank, '\r', '\n' or the text's final NUL */
		}
		*eq = '\0';
		if (add_sym(kc, f, name, v, quoted, lineno, h))
			return mg_error_set(err, MG_ERR_INTERNAL, file, lineno, 0, "out of memory");
		return 0;
	}
	return mg_input_error(err, file, lineno, KCONFIG_LINE_ERROR);
}

/* Parse text[0..len) (text[len] == '\0'), taking ownership of text: it becomes kc->strings.
 * The symbol array is sized from the length and the index from the symbol count, both
 * prefaulted (a distribution .config: ~9600 symbols, 300 kB of symbols, 128 kB of index). */
static int parse_text(struct mg_kconfig *kc, char *text, size_t len, const char *file,
		      struct mg_error *err)
{
	struct sym_fill f = { .cap = len / 29 + 16, .has_nul = memchr(text, '\0', len) != NULL };
	char *p = text, *end = text + len;
	unsigned lineno = 0;
	size_t index_bytes;

	kc->strings = text;
	kc->syms = malloc(f.cap * sizeof(*kc->syms)); /* len <= 16 MiB: no overflow */
	if (!kc->syms) {
		free_syms(kc);
		return mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
	}
	mg_prefault(kc->syms, f.cap * sizeof(*kc->syms));
	/* The lines of mg_next_line (a trailing '\r' dropped), inline: this loop runs once per
	 * line of a 300 kB file. */
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *next = nl ? nl + 1 : end;
		if (n && p[n - 1] == '\r')
			n--;
		lineno++;
		if (parse_line(kc, &f, p, n, lineno, file, err)) {
			free_syms(kc);
			return -1;
		}
		p = next;
	}
	kc->index_size = 16;
	while (kc->index_size < 2 * kc->nsyms)
		kc->index_size *= 2;
	index_bytes = kc->index_size * sizeof(*kc->index);
	kc->index = malloc(index_bytes);
	if (!kc->index) {
		free_syms(kc);
		return mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
	}
	mg_prefault(kc->index, index_bytes);
	memset(kc->index, 0, index_bytes);
	build_index(kc);
	return 0;
}

int mg_kconfig_parse_buf(struct mg_kconfig *kc, const char *buf, size_t len, const char *file,
			 struct mg_error *err)
{
	char *text;

	memset(kc, 0, sizeof(*kc));
	snprintf(kc->file, sizeof(kc->file), "%s", file ? file : "");
	if (len > MG_KCONFIG_MAX_BYTES)
		return mg_input_error(err, file, 0, "larger than the %u-byte .config limit",
				      MG_KCONFIG_MAX_BYTES);
	text = malloc(len + 1);
	if (!text)
		return mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
	mg_prefault(text, len + 1);
	memcpy(text, buf, len);
	text[len] = '\0';
	return parse_text(kc, text, len, file, err);
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

	memset(kc, 0, sizeof(*kc));
	if (mg_read_file(path, MG_KCONFIG_MAX_BYTES, &raw, &rawlen, err))
		return -1;
	if (rawlen >= 2 && (unsigned char)raw[0] == 0x1f && (unsigned char)raw[1] == 0x8b) {
		int rc = inflate_gz(raw, rawlen, &text, &textlen, path, err);
		free(raw);
		if (rc)
			return -1;
	} else {
		text = raw;
		textlen = rawlen;
	}
	/* Both buffers are NUL-terminated (mg_read_file, mg_buf): parse_text owns text from
	 * here, and so frees it on error too. */
	snprintf(kc->file, sizeof(kc->file), "%s", path);
	return parse_text(kc, text, textlen, path, err);
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
