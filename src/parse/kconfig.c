/* Kernel .config reader (plain or gzip), following scripts/kconfig/confdata.c.
 *
 * The text is kept as read (a regular file is mapped, not copied) and every line is checked,
 * but only an index of the names is built: a symbol is decoded from its line when it is asked
 * for.  Fresh memory is what a one-board run pays for most (docs/bench.md): a distribution
 * .config indexes into 64 KiB, where records of every symbol took 300 KiB. */
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

/* isalnum(c) || c == '_', as a table: the name scan runs over every byte of every name. */
static const bool sym_char[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['_'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
	['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1,
	['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1,
	['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* A name's hash: 8 bytes at a time, mixed by multiplication, then murmur3's fmix64 so the low
 * bits (the index position) and the top ones (the slot's tag) depend on every byte. */
static uint32_t name_hash(const char *s, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15u;
	uint64_t h = n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * k;
	}
	/* The tail byte by byte: a short memcpy into w would stall on store forwarding. */
	for (w = 0; n; n--)
		w = w << 8 | (unsigned char)s[n - 1];
	h = (h ^ w) * k;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	return (uint32_t)h;
}

/* Length of the symbol name at name (up to end), and its hash. */
static size_t scan_name(const char *name, const char *end, uint32_t *hash)
{
	const char *p = name;

	while (p < end && sym_char[(unsigned char)*p])
		p++;
	*hash = name_hash(name, (size_t)(p - name));
	return (size_t)(p - name);
}

/* An index slot (0 = empty) says where a symbol's name is and carries 7 bits of its hash, so
 * a probe compares names only when those match:
 *   bits 0-23   the name's offset in the text (never 0: it follows "CONFIG_"), or with
 *   bit 31      set, an offset in kc->values, whose record holds the name offset (4 bytes),
 *               the quoted flag (1 byte) and the NUL-terminated value (any value but y, m,
 *               n; those are read back from the line);
 *   bits 24-30  the top bits of the name's hash.
 * Offsets fit in 24 bits: the text is at most MG_KCONFIG_MAX_BYTES (16 MiB), and the values
 * are shorter than the lines they come from. */
#define VALUE_SLOT 0x80000000u
#define SLOT_REF(slot) ((slot) & 0x00ffffffu)
#define SLOT_TAG(hash) (((hash) >> 25) << 24)
#define SLOT_TAG_MASK 0x7f000000u
#define VALUE_HEAD 5
#define CHUNK_SHIFT 12 /* newlines_before[]: one count per 4 KiB of text */

static size_t slot_name_off(const struct mg_kconfig *kc, uint32_t slot)
{
	uint32_t off;

	if (!(slot & VALUE_SLOT))
		return SLOT_REF(slot);
	memcpy(&off, kc->values.data + SLOT_REF(slot), sizeof(off));
	return off;
}

/* The text's name at off equals name[0..n): the same bytes, and no longer. */
static bool name_at(const struct mg_kconfig *kc, size_t off, const char *name, size_t n)
{
	const char *t = kc->text.data;
	return off + n < kc->text.len && memcmp(t + off, name, n) == 0 &&
	       !sym_char[(unsigned char)t[off + n]];
}

/* The index position of name (hash h): its slot, or the empty one where it would go. */
static size_t index_pos(const struct mg_kconfig *kc, const char *name, size_t n, uint32_t h)
{
	size_t mask = kc->index_size - 1, i = h & mask;
	uint32_t tag = SLOT_TAG(h);

	while (kc->index[i] && ((kc->index[i] & SLOT_TAG_MASK) != tag ||
				!name_at(kc, slot_name_off(kc, kc->index[i]), name, n)))
		i = (i + 1) & mask;
	return i;
}

static int index_alloc(struct mg_kconfig *kc, size_t size)
{
	kc->index = malloc(size * sizeof(*kc->index)); /* size <= 2^23: no overflow */
	if (!kc->index)
		return -1;
	kc->index_size = size;
	mg_prefault(kc->index, size * sizeof(*kc->index));
	memset(kc->index, 0, size * sizeof(*kc->index));
	return 0;
}

/* Double the index when it would pass 3/4 full (a .config denser than the estimate). */
static int index_grow(struct mg_kconfig *kc)
{
	uint32_t *old = kc->index;
	size_t old_size = kc->index_size;

	if (index_alloc(kc, old_size * 2)) {
		kc->index = old;
		kc->index_size = old_size;
		return -1;
	}
	for (size_t i = 0; i < old_size; i++) {
		if (old[i]) {
			const char *name = kc->text.data + slot_name_off(kc, old[i]);
			uint32_t h;
			size_t n = scan_name(name, kc->text.data + kc->text.len, &h);
			kc->index[index_pos(kc, name, n, h)] = old[i];
		}
	}
	free(old);
	return 0;
}

/* Index a symbol; a repeated one keeps only its last assignment, as conf_read does. */
static int index_put(struct mg_kconfig *kc, const char *name, size_t n, uint32_t h, uint32_t slot)
{
	size_t i;

	if ((kc->nsyms + 1) * 4 > kc->index_size * 3 && index_grow(kc))
		return -1;
	i = index_pos(kc, name, n, h);
	if (!kc->index[i])
		kc->nsyms++;
	kc->index[i] = slot | SLOT_TAG(h);
	return 0;
}

/* Start the record of a value other than y/m/n in kc->values (the name offset and the quoted
 * flag; the value and its NUL follow) and return the slot that refers to it. */
static uint32_t value_record(struct mg_kconfig *kc, size_t name_off, bool quoted)
{
	uint32_t slot = VALUE_SLOT | (uint32_t)kc->values.len, off32 = (uint32_t)name_off;
	char flag = quoted;

	mg_buf_append(&kc->values, (const char *)&off32, sizeof(off32));
	mg_buf_append(&kc->values, &flag, 1);
	return slot;
}

/* confdata.c: conf_set_sym_val, S_STRING: a backslash drops itself and keeps the next
 * character literally; the first unescaped '"' ends the string.  The value after the
 * opening quote at p (up to end) is appended unescaped; *after is past the closing quote.
 * -1 when the string does not end on the line. */
static int append_unquoted(struct mg_buf *b, const char *p, const char *end, const char **after)
{
	const char *run = p;

	for (; p < end; p++) {
		if (*p == '"') {
			mg_buf_append(b, run, (size_t)(p - run));
			mg_buf_append(b, "", 1);
			*after = p + 1;
			return 0;
		}
		if (*p == '\\') {
			if (p + 1 >= end)
				return -1;
			mg_buf_append(b, run, (size_t)(p - run));
			run = ++p; /* the escaped character starts the next run */
		}
	}
	return -1;
}

/* A line with its blanks trimmed, classified as scripts/kconfig/confdata.c conf_read_simple
 * does. */
enum line_kind { LINE_BLANK, LINE_COMMENT, LINE_NOT_SET, LINE_ASSIGN, LINE_BAD };
struct line_sym {
	const char *name, *value; /* value: after '=' (LINE_ASSIGN) */
	size_t name_len;
	uint32_t hash;
};

static enum line_kind classify(const char **linep, size_t *np, struct line_sym *ls)
{
	static const char notset[] = " is not set";
	const size_t nslen = sizeof(notset) - 1;
	const char *line = *linep;
	size_t n = *np, i = 0;

	ls->value = NULL;
	while (n && (line[n - 1] == ' ' || line[n - 1] == '\t'))
		n--;
	while (i < n && (line[i] == ' ' || line[i] == '\t'))
		i++;
	line += i;
	n -= i;
	*linep = line;
	*np = n;
	if (!n)
		return LINE_BLANK;
	if (line[0] == '#') {
		/* "# CONFIG_X is not set" means n; any other '#' line is a comment. */
		if (n > 9 + nslen && memcmp(line, "# CONFIG_", 9) == 0 &&
		    memcmp(line + n - nslen, notset, nslen) == 0) {
			ls->name = line + 9;
			ls->name_len = scan_name(ls->name, line + n - nslen, &ls->hash);
			if (ls->name_len == n - 9 - nslen)
				return LINE_NOT_SET;
		}
		return LINE_COMMENT;
	}
	if (n > 7 && memcmp(line, "CONFIG_", 7) == 0) {
		ls->name = line + 7;
		ls->name_len = scan_name(ls->name, line + n, &ls->hash);
		if (ls->name_len && ls->name + ls->name_len < line + n && ls->name[ls->name_len] == '=') {
			ls->value = ls->name + ls->name_len + 1;
			return LINE_ASSIGN;
		}
	}
	return LINE_BAD;
}

static bool is_ymn(const char *v, size_t n)
{
	return n == 1 && (*v == 'y' || *v == 'm' || *v == 'n');
}

/* One line (without its '\r\n'), at text offset off. */
static int parse_line(struct mg_kconfig *kc, const char *line, size_t n, unsigned lineno,
		      struct mg_error *err)
{
	const char *file = kc->file, *end;
	struct line_sym ls;
	size_t name_off;
	uint32_t slot;

	if (memchr(line, '\0', n))
		return mg_input_error(err, file, lineno, "NUL byte in line; " KCONFIG_LINE_ERROR);
	switch (classify(&line, &n, &ls)) {
	case LINE_BLANK:
		return 0;
	case LINE_COMMENT:
		try_version_header(kc, line, n, lineno);
		return 0;
	case LINE_BAD:
		return mg_input_error(err, file, lineno, KCONFIG_LINE_ERROR);
	case LINE_NOT_SET:
	case LINE_ASSIGN:
		break;
	}
	if (ls.name_len > MG_KCONFIG_NAME_MAX)
		return mg_input_error(err, file, lineno, "symbol name longer than %u characters",
				      MG_KCONFIG_NAME_MAX);
	name_off = (size_t)(ls.name - kc->text.data);
	slot = (uint32_t)name_off;
	end = line + n;
	if (ls.value && *ls.value == '"') {
		const char *after;
		slot = value_record(kc, name_off, true);
		if (append_unquoted(&kc->values, ls.value + 1, end, &after))
			return mg_input_error(err, file, lineno, "unterminated string value for CONFIG_%.*s",
					      (int)ls.name_len, ls.name);
		if (after != end)
			return mg_input_error(err, file, lineno, "text after the closing '\"' of CONFIG_%.*s",
					      (int)ls.name_len, ls.name);
	} else if (ls.value && !is_ymn(ls.value, (size_t)(end - ls.value))) {
		slot = value_record(kc, name_off, false);
		mg_buf_append(&kc->values, ls.value, (size_t)(end - ls.value));
		mg_buf_append(&kc->values, "", 1);
	}
	if (kc->values.failed || index_put(kc, ls.name, ls.name_len, ls.hash, slot))
		return mg_error_set(err, MG_ERR_INTERNAL, file, lineno, 0, "out of memory");
	return 0;
}

/* The two shapes of nearly every line of a real .config, "CONFIG_NAME=y" (or m, n) and
 * "# CONFIG_NAME is not set", ending at '\n' or the end of the text: recognised without
 * finding the line's end first (every byte is checked on the way, so such a line holds no
 * NUL).  *next is the following line.  Anything else (blanks, '\r', other values, comments, a
 * name too long) goes to parse_line, which reads these the same. */
static bool plain_symbol_line(const char *p, const char *end, struct line_sym *ls, const char **next)
{
	static const char notset[] = " is not set";
	const size_t nslen = sizeof(notset) - 1;
	const char *q;

	if (end - p > 9 && p[0] == '#' && memcmp(p, "# CONFIG_", 9) == 0)
		ls->name = p + 9;
	else if (end - p > 7 && p[0] == 'C' && memcmp(p, "CONFIG_", 7) == 0)
		ls->name = p + 7;
	else
		return false;
	ls->name_len = scan_name(ls->name, end, &ls->hash);
	if (!ls->name_len || ls->name_len > MG_KCONFIG_NAME_MAX)
		return false;
	q = ls->name + ls->name_len;
	if (p[0] == '#') {
		if ((size_t)(end - q) < nslen || memcmp(q, notset, nslen) != 0)
			return false;
		q += nslen;
	} else if (end - q < 2 || q[0] != '=' || (q[1] != 'y' && q[1] != 'm' && q[1] != 'n')) {
		return false;
	} else {
		q += 2;
	}
	if (q < end && *q != '\n')
		return false;
	*next = q < end ? q + 1 : end;
	return true;
}

/* Index kc->text.  The index is sized from the length (a distribution .config has one symbol
 * per 29.6-30.4 bytes: Debian arm64, armhf, amd64), so it is rarely grown. */
static int parse_text(struct mg_kconfig *kc, struct mg_error *err)
{
	const char *text = kc->text.data, *p = text, *end = text + kc->text.len;
	size_t size = 16, want = (kc->text.len / 29 + 16) * 4 / 3, chunk = 0;
	size_t nchunks = (kc->text.len >> CHUNK_SHIFT) + 1;
	unsigned lineno = 0;

	while (size < want)
		size *= 2;
	kc->newlines_before = malloc(nchunks * sizeof(*kc->newlines_before));
	if (!kc->newlines_before || index_alloc(kc, size))
		return mg_error_set(err, MG_ERR_INTERNAL, kc->file, 0, 0, "out of memory");
	/* The lines of mg_next_line (a trailing '\r' dropped), inline: this loop runs once per
	 * line of a 300 kB file. */
	while (p < end) {
		struct line_sym ls;
		const char *next, *nl = NULL;
		bool plain = plain_symbol_line(p, end, &ls, &next);
		if (!plain) {
			nl = memchr(p, '\n', (size_t)(end - p));
			next = nl ? nl + 1 : end;
		}
		/* Every 4 KiB boundary inside this line has lineno '\n's before it. */
		while (chunk < nchunks && ((size_t)chunk << CHUNK_SHIFT) < (size_t)(next - text))
			kc->newlines_before[chunk++] = lineno;
		lineno++;
		if (plain) {
			if (index_put(kc, ls.name, ls.name_len, ls.hash, (uint32_t)(ls.name - text)))
				return mg_error_set(err, MG_ERR_INTERNAL, kc->file, lineno, 0, "out of memory");
		} else {
			size_t n = (size_t)((nl ? nl : end) - p);
			if (n && p[n - 1] == '\r')
				n--;
			if (parse_line(kc, p, n, lineno, err))
				return -1;
		}
		p = next;
	}
	while (chunk < nchunks)
		kc->newlines_before[chunk++] = lineno;
	return 0;
}

/* The line number of text offset off. */
static unsigned line_of(const struct mg_kconfig *kc, size_t off)
{
	size_t chunk = off >> CHUNK_SHIFT;
	const char *p = kc->text.data + (chunk << CHUNK_SHIFT), *end = kc->text.data + off;
	unsigned line = kc->newlines_before[chunk] + 1;

	while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		line++;
		p++;
	}
	return line;
}

static void decode(const struct mg_kconfig *kc, uint32_t slot, struct mg_kconfig_sym *sym)
{
	size_t off = slot_name_off(kc, slot);
	const char *name = kc->text.data + off;
	uint32_t h;
	size_t n = scan_name(name, kc->text.data + kc->text.len, &h);

	memcpy(sym->name, name, n); /* n <= MG_KCONFIG_NAME_MAX: parse_line refused longer */
	sym->name[n] = '\0';
	sym->line = line_of(kc, off);
	if (slot & VALUE_SLOT) {
		const char *rec = kc->values.data + SLOT_REF(slot);
		sym->quoted = rec[4] != 0;
		sym->value = rec + VALUE_HEAD;
	} else {
		/* "NAME=y" or "NAME is not set" */
		sym->quoted = false;
		sym->value = name[n] == ' ' || name[n + 1] == 'n' ? "n" : name[n + 1] == 'y' ? "y" : "m";
	}
}

static void free_syms(struct mg_kconfig *kc)
{
	mg_file_view_close(&kc->text);
	free(kc->index);
	free(kc->newlines_before);
	mg_buf_free(&kc->values);
	kc->index = NULL;
	kc->newlines_before = NULL;
	kc->index_size = 0;
	kc->nsyms = 0;
}

/* Parse kc->text, which kc owns from here (freed on error too). */
static int parse_owned(struct mg_kconfig *kc, struct mg_error *err)
{
	mg_buf_init(&kc->values);
	if (parse_text(kc, err)) {
		free_syms(kc);
		return -1;
	}
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
	memcpy(text, buf, len);
	mg_file_view_adopt(&kc->text, text, len);
	return parse_owned(kc, err);
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
	memset(kc, 0, sizeof(*kc));
	snprintf(kc->file, sizeof(kc->file), "%s", path);
	if (mg_file_view_open(&kc->text, path, MG_KCONFIG_MAX_BYTES, err))
		return -1;
	if (kc->text.len >= 2 && (unsigned char)kc->text.data[0] == 0x1f &&
	    (unsigned char)kc->text.data[1] == 0x8b) {
		char *text;
		size_t len;
		int rc = inflate_gz(kc->text.data, kc->text.len, &text, &len, path, err);
		mg_file_view_close(&kc->text);
		if (rc)
			return -1;
		mg_file_view_adopt(&kc->text, text, len);
	}
	return parse_owned(kc, err);
}

void mg_kconfig_free(struct mg_kconfig *kc)
{
	if (!kc)
		return;
	free_syms(kc);
}

bool mg_kconfig_find(const struct mg_kconfig *kc, const char *name, struct mg_kconfig_sym *sym)
{
	size_t i, n;
	uint32_t h;

	if (!kc || !name || !kc->nsyms)
		return false;
	if (strncmp(name, "CONFIG_", 7) == 0)
		name += 7;
	n = strlen(name);
	if (scan_name(name, name + n, &h) != n)
		return false; /* not a symbol name: never in the index */
	i = index_pos(kc, name, n, h);
	if (!kc->index[i])
		return false;
	if (sym)
		decode(kc, kc->index[i], sym);
	return true;
}

bool mg_kconfig_next(const struct mg_kconfig *kc, size_t *pos, struct mg_kconfig_sym *sym)
{
	const char *text = kc->text.data;
	size_t len = kc->text.len;

	while (*pos < len) {
		const char *line;
		size_t n, i;
		struct line_sym ls = { 0 };
		enum line_kind kind;

		mg_next_line(text, len, pos, &line, &n, NULL);
		kind = classify(&line, &n, &ls);
		if (kind != LINE_NOT_SET && kind != LINE_ASSIGN)
			continue;
		/* A repeated symbol is listed where its last assignment is. */
		i = index_pos(kc, ls.name, ls.name_len, ls.hash);
		if (kc->index[i] && slot_name_off(kc, kc->index[i]) == (size_t)(ls.name - text)) {
			decode(kc, kc->index[i], sym);
			return true;
		}
	}
	return false;
}

bool mg_kconfig_is_y(const struct mg_kconfig *kc, const char *name)
{
	struct mg_kconfig_sym s;
	return mg_kconfig_find(kc, name, &s) && !s.quoted && strcmp(s.value, "y") == 0;
}

int64_t mg_kconfig_int(const struct mg_kconfig *kc, const char *name, int64_t def)
{
	struct mg_kconfig_sym s;
	const char *p;
	bool neg = false;
	uint64_t v = 0;
	unsigned base = 10;

	if (!mg_kconfig_find(kc, name, &s) || s.quoted)
		return def;
	p = s.value;
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
	struct mg_kconfig_sym s;
	return mg_kconfig_find(kc, name, &s) ? s.value : "";
}

void mg_kconfig_origin(const struct mg_kconfig *kc, const char *name, struct mg_origin *o)
{
	struct mg_kconfig_sym sym;
	const struct mg_kconfig_sym *s = &sym;

	if (strncmp(name, "CONFIG_", 7) == 0)
		name += 7;
	if (!mg_kconfig_find(kc, name, &sym)) {
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
