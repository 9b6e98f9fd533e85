/* The x86 e820 RAM map from the kernel's "BIOS-e820:" boot lines
 * (arch/x86/kernel/e820.c: e820__print_table, e820_print_type, v4.19-v6.12). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/e820.h>
#include <memgate/logs.h>
#include <memgate/util.h>

static const struct {
	const char *name;
	uint32_t type;
} type_names[] = {
	/* e820_print_type: E820_TYPE_RAM and E820_TYPE_RESERVED_KERN both print "usable". */
	{ "usable", MG_E820_RAM },
	{ "reserved", MG_E820_RESERVED },
	{ "soft reserved", MG_E820_SOFT_RESERVED },
	{ "ACPI data", MG_E820_ACPI },
	{ "ACPI NVS", MG_E820_NVS },
	{ "unusable", MG_E820_UNUSABLE },
};

const char *mg_e820_type_name(uint32_t type, char *buf, size_t size)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if (type_names[i].type == type)
			return type_names[i].name;
	if (type == MG_E820_RESERVED_KERN)
		return "usable";
	if (type == MG_E820_PMEM || type == MG_E820_PRAM)
		snprintf(buf, size, "persistent (type %u)", type);
	else
		snprintf(buf, size, "type %u", type);
	return buf;
}

static bool starts(const char *s, const char *e, const char *lit)
{
	size_t n = strlen(lit);
	return (size_t)(e - s) >= n && !memcmp(s, lit, n);
}

/* "0x" then 1-16 hex digits. */
static bool hex_u64(const char **p, const char *e, uint64_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int n = 0;

	if (e - s < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	for (s += 2; s < e; s++, n++) {
		int d;
		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			break;
		if (n == 16)
			return false;
		v = v << 4 | (uint64_t)d;
	}
	if (!n)
		return false;
	*p = s;
	*out = v;
	return true;
}

/* A decimal number of at most 10 digits that fits 32 bits. */
static bool dec_u32(const char **p, const char *e, uint32_t *out)
{
	const char *s = *p;
	uint64_t v = 0;
	int n = 0;

	while (s < e && *s >= '0' && *s <= '9' && n < 11) {
		v = v * 10 + (uint64_t)(*s++ - '0');
		n++;
	}
	if (!n || n > 10 || v > UINT32_MAX)
		return false;
	*p = s;
	*out = (uint32_t)v;
	return true;
}

/* The type text after "] ": a kernel name, "persistent (type N)" or "type N". */
static bool parse_type(const char *s, const char *e, uint32_t *type)
{
	for (size_t i = 0; i < sizeof(type_names) / sizeof(type_names[0]); i++)
		if ((size_t)(e - s) == strlen(type_names[i].name) && starts(s, e, type_names[i].name)) {
			*type = type_names[i].type;
			return true;
		}
	if (starts(s, e, "persistent (type ")) {
		s += strlen("persistent (type ");
		return dec_u32(&s, e, type) && s + 1 == e && *s == ')';
	}
	if (starts(s, e, "type ")) {
		s += 5;
		return dec_u32(&s, e, type) && s == e;
	}
	return false;
}

static int add_entry(struct mg_e820 *e, uint64_t start, uint64_t last, uint32_t type, unsigned line,
		     struct mg_error *err)
{
	struct mg_e820_entry *x;

	if (e->nentries >= MG_E820_MAX_ENTRIES)
		return mg_input_error(err, e->file, line, "more than %u BIOS-e820: lines", MG_E820_MAX_ENTRIES);
	if (MG_ARRAY_RESERVE(e->entries, e->cap, e->nentries + 1))
		return mg_error_set(err, MG_ERR_INTERNAL, e->file, line, 0, "out of memory");
	x = &e->entries[e->nentries++];
	memset(x, 0, sizeof(*x));
	x->start = start;
	/* the line prints the last byte; the last byte of the 64-bit space has no end */
	x->end = last == UINT64_MAX ? UINT64_MAX : last + 1;
	x->type = type;
	mg_origin_set(&x->origin, e->file, line, "BIOS-e820 entry %zu", e->nentries - 1);
	return 0;
}

/* Column (1-based) of p in the raw line. */
#define COL(p) ((unsigned)((p) - raw) + 1)

/* One cleaned message (s inside raw).  1 = not ours, 0 = taken, -1 = error. */
static int parse_line(struct mg_e820 *e, const char *raw, const char *s, size_t len, unsigned line,
		      struct mg_error *err)
{
	const char *end = s + len, *p;
	uint64_t start, last;
	uint32_t type;

	if (starts(s, end, "smpboot: Allowing ")) {
		uint32_t n;
		p = s + strlen("smpboot: Allowing ");
		if (dec_u32(&p, end, &n) && starts(p, end, " CPUs") && n && n <= 65536) {
			e->possible_cpus = n;
			mg_origin_set(&e->possible_cpus_origin, e->file, line, "smpboot: Allowing %u CPUs", n);
		}
		return 0;
	}
	if (starts(s, end, "Linux version ")) {
		if (e->nentries)
			return mg_input_error(err, e->file, line,
					      "a second boot starts here (\"Linux version\" after BIOS-e820: lines): "
					      "give the lines of one boot");
		return 1;
	}
	if (!starts(s, end, "BIOS-e820: "))
		return 1;
	p = s + strlen("BIOS-e820: ");
	if (!starts(p, end, "[mem "))
		return mg_error_set(err, MG_ERR_INPUT, e->file, line, COL(p),
				    "expected \"[mem 0xSTART-0xEND] TYPE\" after \"BIOS-e820:\"");
	p += 5;
	if (!hex_u64(&p, end, &start) || p >= end || *p != '-')
		return mg_error_set(err, MG_ERR_INPUT, e->file, line, COL(p),
				    "expected a 0x start address and '-'");
	p++;
	if (!hex_u64(&p, end, &last) || !starts(p, end, "] "))
		return mg_error_set(err, MG_ERR_INPUT, e->file, line, COL(p),
				    "expected a 0x end address and \"] \"");
	if (last < start)
		return mg_input_error(err, e->file, line, "end 0x%llx is below start 0x%llx",
				      (unsigned long long)last, (unsigned long long)start);
	p += 2;
	if (!parse_type(p, end, &type))
		return mg_error_set(err, MG_ERR_INPUT, e->file, line, COL(p),
				    "unknown e820 type '%.*s' (expected usable, reserved, ACPI data, ACPI NVS, "
				    "unusable, soft reserved, persistent (type N) or type N)",
				    (int)mg_min_u64((uint64_t)(end - p), 64), p);
	return add_entry(e, start, last, type, line, err);
}

int mg_e820_parse_buf(struct mg_e820 *e, const char *buf, size_t len, const char *file,
		      struct mg_error *err)
{
	size_t pos = 0;
	unsigned line = 0;

	memset(e, 0, sizeof(*e));
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	if (len > MG_E820_MAX_BYTES)
		return mg_input_error(err, e->file, 0, "larger than %u bytes", MG_E820_MAX_BYTES);
	while (pos < len) {
		const char *ls = buf + pos, *nl = memchr(ls, '\n', len - pos), *msg;
		size_t ll = nl ? (size_t)(nl - ls) : len - pos, ml;
		pos += ll + (nl ? 1 : 0);
		line++;
		if (ll > MG_LOG_MAX_LINE)
			ll = MG_LOG_MAX_LINE;
		if (memchr(ls, '\0', ll)) {
			mg_e820_free(e);
			return mg_input_error(err, e->file, line, "contains a NUL byte (expected text)");
		}
		msg = mg_log_clean_line(ls, ll, &ml);
		if (parse_line(e, ls, msg, ml, line, err) < 0) {
			mg_e820_free(e);
			return -1;
		}
	}
	if (!e->nentries) {
		int rc = mg_input_error(err, e->file, 0, "no \"BIOS-e820: [mem ...] TYPE\" line "
					"(expected the kernel's e820 boot lines)");
		mg_e820_free(e);
		return rc;
	}
	return 0;
}

int mg_e820_load(struct mg_e820 *e, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(e, 0, sizeof(*e));
	if (mg_read_file(path, MG_E820_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_e820_parse_buf(e, buf, len, path, err);
	free(buf);
	return rc;
}

void mg_e820_free(struct mg_e820 *e)
{
	if (!e)
		return;
	free(e->entries);
	e->entries = NULL;
	e->nentries = e->cap = 0;
}
