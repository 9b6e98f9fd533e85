/* System.map reader: "<hex address> <type> <name>" lines as written by scripts/mksysmap (nm -n). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/sysmap.h>
#include <memgate/util.h>

static const char *const sym_names[MG_SYM_COUNT] = {
	[MG_SYM_TEXT] = "_text",
	[MG_SYM_STEXT] = "_stext",
	[MG_SYM_ETEXT] = "_etext",
	[MG_SYM_START_RODATA] = "__start_rodata",
	[MG_SYM_END_RODATA] = "__end_rodata",
	[MG_SYM_INIT_BEGIN] = "__init_begin",
	[MG_SYM_INIT_END] = "__init_end",
	[MG_SYM_SDATA] = "_sdata",
	[MG_SYM_EDATA] = "_edata",
	[MG_SYM_BSS_START] = "__bss_start",
	[MG_SYM_BSS_STOP] = "__bss_stop",
	[MG_SYM_END] = "_end",
	[MG_SYM_PER_CPU_START] = "__per_cpu_start",
	[MG_SYM_PER_CPU_END] = "__per_cpu_end",
};

const char *mg_sysmap_sym_name(enum mg_sysmap_sym s)
{
	return (unsigned)s < MG_SYM_COUNT ? sym_names[s] : "?";
}

#define SYSMAP_LINE_ERROR "expected '<hex address> <type letter> <symbol>'"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int parse_line(struct mg_sysmap *sm, const char *p, size_t n, unsigned lineno,
		      const char *file, struct mg_error *err)
{
	const char *end = p + n, *name;
	uint64_t addr = 0;
	int digits = 0;
	size_t nlen;
	int i;

	while (end > p && is_blank(end[-1]))
		end--;
	if (end == p)
		return 0; /* blank line */
	if (memchr(p, '\0', (size_t)(end - p)))
		return mg_input_error(err, file, lineno, "NUL byte in line; " SYSMAP_LINE_ERROR);
	for (; p < end && isxdigit((unsigned char)*p); p++, digits++) {
		unsigned d = isdigit((unsigned char)*p) ? (unsigned)(*p - '0')
							: (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		if (digits >= 16)
			return mg_input_error(err, file, lineno,
					      "address longer than 16 hex digits; " SYSMAP_LINE_ERROR);
		addr = (addr << 4) | d;
	}
	if (!digits || p >= end || !is_blank(*p))
		return mg_input_error(err, file, lineno, SYSMAP_LINE_ERROR);
	while (p < end && is_blank(*p))
		p++;
	/* nm's type is one character (T t D d B b R r A a W w V v U ...); '?' and '-' too. */
	if (p >= end || !isgraph((unsigned char)*p) || p + 1 >= end || !is_blank(p[1]))
		return mg_input_error(err, file, lineno, SYSMAP_LINE_ERROR);
	p += 2;
	while (p < end && is_blank(*p))
		p++;
	name = p;
	while (p < end && !is_blank(*p))
		p++;
	nlen = (size_t)(p - name);
	if (!nlen || p != end)
		return mg_input_error(err, file, lineno, SYSMAP_LINE_ERROR);

	for (i = 0; i < MG_SYM_COUNT; i++) {
		if (strlen(sym_names[i]) == nlen && memcmp(sym_names[i], name, nlen) == 0) {
			/* Duplicates do not occur in a real map; keep the first. */
			if (!sm->has[i]) {
				sm->has[i] = true;
				sm->addr[i] = addr;
				sm->line[i] = lineno;
			}
			break;
		}
	}
	return 0;
}

int mg_sysmap_parse_buf(struct mg_sysmap *sm, const char *buf, size_t len, const char *file,
			struct mg_error *err)
{
	size_t pos = 0;
	unsigned lineno = 0;

	memset(sm, 0, sizeof(*sm));
	snprintf(sm->file, sizeof(sm->file), "%s", file ? file : "");
	/* Debian's linux-image packages ship a one-line stand-in; say so instead of a syntax error. */
	if (len < 256) {
		char head[256];
		memcpy(head, buf, len);
		head[len] = '\0';
		if (strstr(head, "The real System.map is in"))
			return mg_input_error(err, file, 1, "a placeholder, not a symbol map: take System.map from the "
				      "kernel's -dbg package or build tree (or leave it out: the image size is then estimated)");
	}
	if (len > MG_SYSMAP_MAX_BYTES)
		return mg_input_error(err, file, 0, "larger than the %u-byte System.map limit",
				      MG_SYSMAP_MAX_BYTES);
	const char *line;
	size_t n;

	while (mg_next_line(buf, len, &pos, &line, &n, &lineno)) {
		if (parse_line(sm, line, n, lineno, file, err))
			return -1;
	}
	return 0;
}

int mg_sysmap_load(struct mg_sysmap *sm, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(sm, 0, sizeof(*sm));
	if (mg_read_file(path, MG_SYSMAP_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_sysmap_parse_buf(sm, buf, len, path, err);
	free(buf);
	return rc;
}
