/* What a booted board prints: dmesg boot lines, /proc/meminfo, /proc/zoneinfo, sysctl dumps.
 * Logs are interleaved, cut and decorated, so unknown or malformed lines are skipped rather
 * than refused; the only errors are out of memory and "nothing of this kind in the file". */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "logs_internal.h"

/* ------------------------------------------------------------------ line helpers */

const char *mg_skip_ws_(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

bool mg_scan_dec_(const char **pp, uint64_t *v)
{
	const char *p = *pp;
	uint64_t x = 0;

	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p)) {
		if (!mg_mul_u64(x, 10, &x) || !mg_add_u64(x, (uint64_t)(*p - '0'), &x))
			return false;
		p++;
	}
	*v = x;
	*pp = p;
	return true;
}

bool mg_scan_hex_(const char **pp, uint64_t *v)
{
	const char *p = *pp;
	uint64_t x = 0;
	int digits = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	while (isxdigit((unsigned char)*p)) {
		unsigned d = isdigit((unsigned char)*p) ? (unsigned)(*p - '0')
							 : (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		if (x >> 60)
			return false;
		x = (x << 4) | d;
		p++;
		digits++;
	}
	if (!digits)
		return false;
	*v = x;
	*pp = p;
	return true;
}

bool mg_starts_(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

void mg_copy_n_(char *dst, size_t size, const char *s, size_t n)
{
	if (!size)
		return;
	if (n > size - 1)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

bool mg_scan_size_kb_(const char **pp, uint64_t *kb)
{
	/* lib/string_helpers.c string_get_size(): "2.00 MiB", "16.0 GiB", "512 MiB" */
	const char *p = *pp;
	uint64_t ip, frac = 0, div = 1, mult, v;

	if (!mg_scan_dec_(&p, &ip))
		return false;
	if (*p == '.') {
		p++;
		while (isdigit((unsigned char)*p) && div < 1000000) {
			frac = frac * 10 + (uint64_t)(*p - '0');
			div *= 10;
			p++;
		}
	}
	p = mg_skip_ws_(p);
	if (mg_starts_(p, "KiB") || mg_starts_(p, "kB"))
		mult = 1;
	else if (mg_starts_(p, "MiB") || mg_starts_(p, "MB"))
		mult = 1024;
	else if (mg_starts_(p, "GiB") || mg_starts_(p, "GB"))
		mult = 1024 * 1024;
	else if (mg_starts_(p, "TiB"))
		mult = 1024ull * 1024 * 1024;
	else
		return false;
	p += (p[1] == 'i') ? 3 : 2;
	if (!mg_mul_u64(ip, mult, &v))
		return false;
	*kb = v + frac * mult / div;
	*pp = p;
	return true;
}

static bool is_time_stamp_(const char *p, const char *end)
{
	/* "HH:MM:SS" somewhere before end: a syslog / journal prefix */
	for (; p + 8 <= end; p++)
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) && p[2] == ':' &&
		    isdigit((unsigned char)p[3]) && isdigit((unsigned char)p[4]) && p[5] == ':' &&
		    isdigit((unsigned char)p[6]) && isdigit((unsigned char)p[7]))
			return true;
	return false;
}

const char *mg_log_clean_line(const char *line, size_t len, size_t *msg_len)
{
	const char *p = line, *end = line + len;
	int round;

	while (end > p && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
		end--;
	for (round = 0; round < 6; round++) {
		const char *q;
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		if (p < end && *p == '<') { /* "<6>" console level / syslog priority */
			q = p + 1;
			while (q < end && isdigit((unsigned char)*q))
				q++;
			if (q > p + 1 && q < end && *q == '>') {
				p = q + 1;
				continue;
			}
		}
		if (p < end && *p == '[') { /* "[   88.955839]" or caller id "[  T1440]" */
			/* a timestamp has a '.', a caller id a T/C: "[   1415]" is a tasks-table pid */
			bool caller = false, dot = false;
			q = p + 1;
			while (q < end && *q == ' ')
				q++;
			if (q < end && (*q == 'T' || *q == 'C')) {
				caller = true;
				q++;
			}
			if (q < end && isdigit((unsigned char)*q)) {
				while (q < end && (isdigit((unsigned char)*q) || *q == '.'))
					dot |= *q++ == '.';
				if (q < end && *q == ']' && (dot != caller)) {
					p = q + 1;
					continue;
				}
			}
		}
		if (end - p > 12) { /* "Feb 24 10:00:01 host kernel: " / ISO-8601 journal */
			const char *lim = p + (end - p < 120 ? end - p : 120);
			for (q = p; q + 9 <= lim; q++)
				if (memcmp(q, " kernel: ", 9) == 0)
					break;
			if (q + 9 <= lim && is_time_stamp_(p, q)) {
				p = q + 9;
				continue;
			}
		}
		if (end - p > 6 && memcmp(p, "kern  :", 7) == 0) { /* dmesg -x "kern  :info  : " */
			q = memchr(p + 7, ':', (size_t)(end - p - 7));
			if (q) {
				p = q + 1;
				continue;
			}
		}
		break;
	}
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	*msg_len = (size_t)(end - p);
	return p;
}

void mg_line_iter_init_(struct mg_line_iter_ *it, const char *buf, size_t len)
{
	it->p = buf;
	it->end = buf + len;
	it->lineno = 0;
	it->buf[0] = '\0';
}

bool mg_line_iter_next_(struct mg_line_iter_ *it, const char **msg, unsigned *lineno)
{
	const char *nl, *m;
	size_t raw, n, i;

	if (it->p >= it->end)
		return false;
	nl = memchr(it->p, '\n', (size_t)(it->end - it->p));
	raw = nl ? (size_t)(nl - it->p) : (size_t)(it->end - it->p);
	it->lineno++;
	m = mg_log_clean_line(it->p, raw > MG_LOG_MAX_LINE ? MG_LOG_MAX_LINE : raw, &n);
	for (i = 0; i < n; i++) /* an embedded NUL or control must not cut or confuse the line */
		it->buf[i] = (m[i] == '\0' || m[i] == '\t' || m[i] == '\r') ? ' ' : m[i];
	it->buf[n] = '\0';
	it->p = nl ? nl + 1 : it->end;
	*msg = it->buf;
	*lineno = it->lineno;
	return true;
}

static void setval(struct mg_logval *v, uint64_t x, unsigned line)
{
	v->set = true;
	v->value = x;
	v->line = line;
}

static void addval(struct mg_logval *v, uint64_t x, unsigned line)
{
	if (!v->set) {
		setval(v, x, line);
		return;
	}
	if (!mg_add_u64(v->value, x, &v->value))
		v->value = UINT64_MAX;
}

static int oom_err(struct mg_error *err, const char *file)
{
	return mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
}

/* ------------------------------------------------------------------ dmesg */

static void boot_reset(struct mg_bootlog *b)
{
	char file[sizeof(b->file)];
	memcpy(file, b->file, sizeof(file));
	mg_bootlog_free(b);
	memcpy(b->file, file, sizeof(file));
}

static int parse_cma_reserved(struct mg_bootlog *b, const char *p, unsigned line, bool failed)
{
	/* mm/cma.c: "Reserved %lu MiB at %pa[ on node %d]" / "Failed to reserve %ld MiB[ on node %d]" */
	struct mg_boot_cma c;
	uint64_t mib, node;
	const char *q;

	memset(&c, 0, sizeof(c));
	c.node = -1;
	if (!mg_scan_dec_(&p, &mib) || !mg_starts_(p, " MiB"))
		return 0;
	p += 4;
	if (!failed) {
		if (!mg_starts_(p, " at "))
			return 0;
		p += 4;
		if (!mg_scan_hex_(&p, &c.base))
			return 0;
	}
	q = strstr(p, "on node ");
	if (q) {
		q += 8;
		if (mg_scan_dec_(&q, &node) && node < 1024)
			c.node = (int)node;
	}
	if (mib > (UINT64_MAX >> 20))
		return 0;
	c.size_bytes = mib << 20;
	c.kind = failed ? MG_BOOT_CMA_FAILED : MG_BOOT_CMA_RESERVED;
	c.line = line;
	/* mm/hugetlb.c: hugetlb_cma_reserve announces itself, then mm/cma.c prints this line. */
	if (b->hugetlb_cma_pending) {
		snprintf(c.name, sizeof(c.name), "hugetlb%d", c.node > 0 ? c.node : 0);
		b->hugetlb_cma_pending = false;
	}
	if (b->ncma >= MG_LOG_MAX_ITEMS || MG_ARRAY_RESERVE(b->cma, b->cma_cap, b->ncma + 1))
		return b->ncma >= MG_LOG_MAX_ITEMS ? 0 : -1;
	b->cma[b->ncma++] = c;
	return 0;
}

static int parse_cma_pool(struct mg_bootlog *b, const char *p, unsigned line)
{
	/* kernel/dma/contiguous.c rmem_cma_setup:
	 * "Reserved memory: created CMA memory pool at %pa, size %ld MiB" */
	struct mg_boot_cma c;
	uint64_t mib;

	memset(&c, 0, sizeof(c));
	c.node = -1;
	if (!mg_scan_hex_(&p, &c.base) || !mg_starts_(p, ", size "))
		return 0;
	p += 7;
	if (!mg_scan_dec_(&p, &mib) || mib > (UINT64_MAX >> 20))
		return 0;
	c.size_bytes = mib << 20;
	c.kind = MG_BOOT_CMA_DT_POOL;
	c.line = line;
	if (b->ncma >= MG_LOG_MAX_ITEMS)
		return 0;
	if (MG_ARRAY_RESERVE(b->cma, b->cma_cap, b->ncma + 1))
		return -1;
	b->cma[b->ncma++] = c;
	return 0;
}

static void parse_cma_declare(struct mg_bootlog *b, const char *p, unsigned line)
{
	/* "cma_declare_contiguous[_nid](size %pa, base %pa, limit %pa alignment %pa)" */
	struct mg_boot_cma_declare d;
	static const char *const keys[] = { "size ", "base ", "limit ", "alignment " };
	uint64_t *vals[4];
	size_t i;

	memset(&d, 0, sizeof(d));
	vals[0] = &d.size_bytes;
	vals[1] = &d.base;
	vals[2] = &d.limit;
	vals[3] = &d.alignment;
	for (i = 0; i < 4; i++) {
		const char *q = strstr(p, keys[i]);
		if (!q)
			return;
		q += strlen(keys[i]);
		if (!mg_scan_hex_(&q, vals[i]))
			return;
	}
	d.line = line;
	if (b->ncma_declare >= MG_LOG_MAX_ITEMS ||
	    MG_ARRAY_RESERVE(b->cma_declare, b->cma_declare_cap, b->ncma_declare + 1))
		return;
	b->cma_declare[b->ncma_declare++] = d;
}

static void parse_memory_line(struct mg_bootlog *b, const char *p, unsigned line)
{
	/* mem_init_print_info: "Memory: %luK/%luK available (%luK kernel code, %luK rwdata,
	 * %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved[, %luK highmem])" */
	static const struct { const char *label; size_t off; } items[] = {
		{ "kernel code", offsetof(struct mg_bootlog, kernel_code_kb) },
		{ "rwdata", offsetof(struct mg_bootlog, rwdata_kb) },
		{ "rodata", offsetof(struct mg_bootlog, rodata_kb) },
		{ "init", offsetof(struct mg_bootlog, init_kb) },
		{ "bss", offsetof(struct mg_bootlog, bss_kb) },
		{ "reserved", offsetof(struct mg_bootlog, reserved_kb) },
		{ "cma-reserved", offsetof(struct mg_bootlog, cma_reserved_kb) },
		{ "highmem", offsetof(struct mg_bootlog, highmem_kb) },
	};
	uint64_t avail, total, v;
	size_t i;

	if (!mg_scan_dec_(&p, &avail) || *p++ != 'K' || *p++ != '/' || !mg_scan_dec_(&p, &total) ||
	    *p++ != 'K' || !mg_starts_(p, " available"))
		return;
	setval(&b->mem_available_kb, avail, line);
	setval(&b->mem_total_kb, total, line);
	p = strchr(p, '(');
	if (!p)
		return;
	p++;
	for (;;) {
		const char *lab;
		size_t n;
		p = mg_skip_ws_(p);
		if (!mg_scan_dec_(&p, &v) || *p != 'K')
			return;
		lab = p + 2;
		n = strcspn(lab, ",)");
		for (i = 0; i < sizeof(items) / sizeof(items[0]); i++)
			if (strlen(items[i].label) == n && strncmp(lab, items[i].label, n) == 0)
				setval((struct mg_logval *)((char *)b + items[i].off), v, line);
		p = lab + n;
		if (*p != ',')
			return;
		p++;
	}
}

static int add_range(struct mg_boot_zone_range **arr, size_t *n, size_t *cap, const char *name,
		     size_t name_len, const char *p, unsigned line)
{
	struct mg_boot_zone_range r;

	memset(&r, 0, sizeof(r));
	mg_copy_n_(r.name, sizeof(r.name), name, name_len);
	r.line = line;
	p = mg_skip_ws_(p);
	if (mg_starts_(p, "empty")) {
		r.empty = true;
	} else {
		if (!mg_starts_(p, "[mem "))
			return 1;
		p += 5;
		if (!mg_scan_hex_(&p, &r.start) || *p++ != '-' || !mg_scan_hex_(&p, &r.end))
			return 1;
	}
	if (*n >= MG_LOG_MAX_ITEMS)
		return 0;
	if (MG_ARRAY_RESERVE(*arr, *cap, *n + 1))
		return -1;
	(*arr)[(*n)++] = r;
	return 0;
}

static int parse_freeing(struct mg_bootlog *b, const char *p, unsigned line)
{
	/* free_reserved_area: "Freeing %s memory: %ldK" */
	const char *what = p, *m = strstr(p, " memory: ");
	struct mg_boot_freed f;
	uint64_t kb;

	if (!m)
		return 0;
	p = m + 9;
	if (!mg_scan_dec_(&p, &kb) || *p != 'K')
		return 0;
	memset(&f, 0, sizeof(f));
	mg_copy_n_(f.what, sizeof(f.what), what, (size_t)(m - what));
	f.kb = kb;
	f.line = line;
	if (strcmp(f.what, "initrd") == 0)
		addval(&b->initrd_freed_kb, kb, line);
	else if (mg_starts_(f.what, "unused kernel"))
		addval(&b->unused_kernel_freed_kb, kb, line);
	if (b->nfreed >= MG_LOG_MAX_ITEMS)
		return 0;
	if (MG_ARRAY_RESERVE(b->freed, b->freed_cap, b->nfreed + 1))
		return -1;
	b->freed[b->nfreed++] = f;
	return 0;
}

static void parse_percpu(struct mg_bootlog *b, const char *p, unsigned line)
{
	/* mm/percpu.c: "Embedded %zu pages/cpu [@%p ]s%zu r%zu d%zu u%zu" */
	uint64_t v;
	if (!mg_scan_dec_(&p, &v) || !mg_starts_(p, " pages/cpu"))
		return;
	setval(&b->percpu_pages_per_cpu, v, line);
	p += 10;
	while (*p) {
		char c;
		p = mg_skip_ws_(p);
		c = *p;
		if (!c)
			break;
		if (strchr("srdu", c) && isdigit((unsigned char)p[1])) {
			p++;
			if (!mg_scan_dec_(&p, &v))
				return;
			setval(c == 's' ? &b->percpu_static_bytes :
			       c == 'r' ? &b->percpu_reserved_bytes :
			       c == 'd' ? &b->percpu_dynamic_bytes : &b->percpu_unit_bytes, v, line);
		} else {
			while (*p && *p != ' ')
				p++;
		}
	}
}

static void parse_hash(struct mg_boot_hash *h, const char *p, unsigned line)
{
	/* mm/page_alloc.c alloc_large_system_hash:
	 * "%s hash table entries: %ld (order: %d, %lu bytes, %s)" */
	struct mg_boot_hash t;
	memset(&t, 0, sizeof(t));
	if (!mg_scan_dec_(&p, &t.entries) || !mg_starts_(p, " (order: "))
		return;
	p += 9;
	if (!mg_scan_dec_(&p, &t.order) || !mg_starts_(p, ", "))
		return;
	p += 2;
	if (!mg_scan_dec_(&p, &t.bytes))
		return;
	t.set = true;
	t.line = line;
	*h = t;
}

static int parse_hugetlb(struct mg_bootlog *b, const char *p, unsigned line)
{
	/* mm/hugetlb.c report_hugepages: "HugeTLB[:] registered %s page size, pre-allocated %ld pages" */
	struct mg_boot_hugetlb h;
	const char *q;

	memset(&h, 0, sizeof(h));
	if (!mg_scan_size_kb_(&p, &h.size_kb))
		return 0;
	q = strstr(p, "pre-allocated ");
	if (q) {
		q += 14;
		mg_scan_dec_(&q, &h.preallocated);
	}
	h.line = line;
	if (b->nhugetlb >= MG_LOG_MAX_ITEMS)
		return 0;
	if (MG_ARRAY_RESERVE(b->hugetlb, b->hugetlb_cap, b->nhugetlb + 1))
		return -1;
	b->hugetlb[b->nhugetlb++] = h;
	return 0;
}

static void parse_version(struct mg_bootlog *b, const char *p, unsigned line)
{
	size_t n = strcspn(p, " ");
	const char *q = p;
	uint64_t v;

	mg_copy_n_(b->version, sizeof(b->version), p, n);
	b->version_line = line;
	if (mg_scan_dec_(&q, &v) && v < 100) {
		b->ver_major = (unsigned)v;
		if (*q == '.' && (q++, mg_scan_dec_(&q, &v)) && v < 1000) {
			b->ver_minor = (unsigned)v;
			if (*q == '.' && (q++, mg_scan_dec_(&q, &v)) && v < 100000)
				b->ver_patch = (unsigned)v;
		}
	}
}

int mg_bootlog_parse_buf(struct mg_bootlog *b, const char *buf, size_t len, const char *file,
			 struct mg_error *err)
{
	struct mg_line_iter_ *it = malloc(sizeof(*it));
	const char *m, *p;
	unsigned line;
	enum { ST_NONE, ST_ZONES, ST_NODES } st = ST_NONE;
	int rc = 0;

	memset(b, 0, sizeof(*b));
	snprintf(b->file, sizeof(b->file), "%s", file ? file : "");
	if (!it)
		return oom_err(err, file);
	mg_line_iter_init_(it, buf, len);
	while (rc == 0 && mg_line_iter_next_(it, &m, &line)) {
		if (st == ST_ZONES || st == ST_NODES) {
			size_t n = strcspn(m, " :");
			int r = 1;
			if (n && st == ST_ZONES && m[n] == ' ')
				r = add_range(&b->zone_ranges, &b->nzone_ranges, &b->zone_ranges_cap, m,
					      n, m + n, line);
			else if (st == ST_NODES && mg_starts_(m, "node ")) {
				const char *q = mg_skip_ws_(m + 5);
				uint64_t node;
				char nm[16];
				if (mg_scan_dec_(&q, &node) && *q == ':' && node < 100000) {
					snprintf(nm, sizeof(nm), "node%u", (unsigned)node);
					r = add_range(&b->node_ranges, &b->nnode_ranges,
						      &b->node_ranges_cap, nm, strlen(nm), q + 1, line);
				}
			}
			if (r < 0) {
				rc = -1;
				break;
			}
			if (r == 0)
				continue;
			st = ST_NONE;
		}
		if (mg_starts_(m, "Linux version ")) {
			if (b->version[0])
				boot_reset(b); /* a second boot in the same log: keep the last */
			parse_version(b, m + 14, line);
		} else if (mg_starts_(m, "Kernel command line: ")) {
			free(b->cmdline);
			b->cmdline = mg_strdup(m + 21);
			if (!b->cmdline)
				rc = -1;
			b->cmdline_line = line;
		} else if (mg_starts_(m, "hugetlb_cma: reserve ")) {
			b->hugetlb_cma_pending = true;
		} else if (mg_starts_(m, "cma: Reserved ")) {
			rc = parse_cma_reserved(b, m + 14, line, false);
		} else if (mg_starts_(m, "cma: Failed to reserve ")) {
			rc = parse_cma_reserved(b, m + 23, line, true);
		} else if ((p = strstr(m, "created CMA memory pool at ")) != NULL) {
			rc = parse_cma_pool(b, p + 27, line);
		} else if ((p = strstr(m, "reserved mem: initialized node ")) != NULL) {
			size_t i;
			p += 31;
			for (i = b->ncma; i-- > 0;)
				if (b->cma[i].kind == MG_BOOT_CMA_DT_POOL) {
					/* "initialized node linux,cma, compatible id ..." */
					size_t n = strcspn(p, " ");
					if (n && p[n - 1] == ',')
						n--;
					if (!b->cma[i].name[0])
						mg_copy_n_(b->cma[i].name, sizeof(b->cma[i].name), p, n);
					break;
				}
		} else if ((p = strstr(m, "cma_declare_contiguous")) != NULL) {
			parse_cma_declare(b, p, line);
		} else if (mg_starts_(m, "Memory: ")) {
			parse_memory_line(b, m + 8, line);
		} else if (mg_starts_(m, "Built ") && (p = strstr(m, " zonelists")) != NULL) {
			const char *q = m + 6;
			uint64_t v;
			if (mg_scan_dec_(&q, &v))
				setval(&b->zonelists, v, line);
			if ((q = strstr(p, "mobility grouping ")) != NULL) {
				q += 18;
				b->mobility_grouping = mg_starts_(q, "on") ? MG_TRI_YES :
						       mg_starts_(q, "off") ? MG_TRI_NO : MG_TRI_UNKNOWN;
				b->mobility_grouping_line = line;
			}
			if ((q = strstr(p, "Total pages: ")) != NULL) {
				q += 13;
				if (mg_scan_dec_(&q, &v))
					setval(&b->total_pages, v, line);
			}
		} else if (strcmp(m, "Zone ranges:") == 0) {
			st = ST_ZONES;
		} else if (strcmp(m, "Early memory node ranges") == 0) {
			st = ST_NODES;
		} else if ((p = strstr(m, "software IO TLB: mapped [mem ")) != NULL) {
			uint64_t s, e, mb;
			p += 29;
			if (mg_scan_hex_(&p, &s) && *p++ == '-' && mg_scan_hex_(&p, &e) &&
			    mg_starts_(p, "] (")) {
				p += 3;
				setval(&b->swiotlb_start, s, line);
				setval(&b->swiotlb_end, e, line);
				if (mg_scan_dec_(&p, &mb))
					setval(&b->swiotlb_mb, mb, line);
			}
		} else if (mg_starts_(m, "Freeing ")) {
			rc = parse_freeing(b, m + 8, line);
		} else if (mg_starts_(m, "percpu: Embedded ")) {
			parse_percpu(b, m + 17, line);
		} else if (mg_starts_(m, "Dentry cache hash table entries: ")) {
			parse_hash(&b->dentry_hash, m + 33, line);
		} else if (mg_starts_(m, "Inode-cache hash table entries: ")) {
			parse_hash(&b->inode_hash, m + 32, line);
		} else if (mg_starts_(m, "HugeTLB registered ")) {
			rc = parse_hugetlb(b, m + 19, line);
		} else if (mg_starts_(m, "HugeTLB: registered ")) {
			rc = parse_hugetlb(b, m + 20, line);
		}
	}
	free(it);
	if (rc) {
		mg_bootlog_free(b);
		return oom_err(err, file);
	}
	return 0;
}

int mg_bootlog_load(struct mg_bootlog *b, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(b, 0, sizeof(*b));
	if (mg_read_file(path, MG_LOG_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_bootlog_parse_buf(b, buf, len, path, err);
	free(buf);
	return rc;
}

void mg_bootlog_free(struct mg_bootlog *b)
{
	free(b->cmdline);
	free(b->cma);
	free(b->cma_declare);
	free(b->zone_ranges);
	free(b->node_ranges);
	free(b->freed);
	free(b->hugetlb);
	memset(b, 0, sizeof(*b));
}

/* ------------------------------------------------------------------ /proc/meminfo */

static const struct {
	const char *key;
	size_t off;
} meminfo_named[] = {
	{ "MemTotal", offsetof(struct mg_meminfo, mem_total_kb) },
	{ "MemFree", offsetof(struct mg_meminfo, mem_free_kb) },
	{ "MemAvailable", offsetof(struct mg_meminfo, mem_available_kb) },
	{ "CmaTotal", offsetof(struct mg_meminfo, cma_total_kb) },
	{ "CmaFree", offsetof(struct mg_meminfo, cma_free_kb) },
	{ "HugePages_Total", offsetof(struct mg_meminfo, hugepages_total) },
	{ "HugePages_Free", offsetof(struct mg_meminfo, hugepages_free) },
	{ "HugePages_Rsvd", offsetof(struct mg_meminfo, hugepages_rsvd) },
	{ "HugePages_Surp", offsetof(struct mg_meminfo, hugepages_surp) },
	{ "Hugepagesize", offsetof(struct mg_meminfo, hugepagesize_kb) },
	{ "Hugetlb", offsetof(struct mg_meminfo, hugetlb_kb) },
	{ "SwapTotal", offsetof(struct mg_meminfo, swap_total_kb) },
	{ "Slab", offsetof(struct mg_meminfo, slab_kb) },
	{ "KernelStack", offsetof(struct mg_meminfo, kernel_stack_kb) },
	{ "PageTables", offsetof(struct mg_meminfo, page_tables_kb) },
};

int mg_meminfo_parse_buf(struct mg_meminfo *mi, const char *buf, size_t len, const char *file,
			 struct mg_error *err)
{
	struct mg_line_iter_ *it = malloc(sizeof(*it));
	const char *m;
	unsigned line;
	size_t i;

	memset(mi, 0, sizeof(*mi));
	snprintf(mi->file, sizeof(mi->file), "%s", file ? file : "");
	if (!it)
		return oom_err(err, file);
	mg_line_iter_init_(it, buf, len);
	while (mg_line_iter_next_(it, &m, &line)) {
		/* fs/proc/meminfo.c show_val_kb: "%s%*lu kB"; HugePages_* are plain counts */
		struct mg_meminfo_entry e;
		size_t n = strcspn(m, ": ");
		const char *p;

		if (!n || m[n] != ':' || n >= sizeof(e.key))
			continue;
		p = mg_skip_ws_(m + n + 1);
		memset(&e, 0, sizeof(e));
		if (!mg_scan_dec_(&p, &e.value))
			continue;
		p = mg_skip_ws_(p);
		if (strcmp(p, "kB") == 0)
			e.has_kb = true;
		else if (*p)
			continue;
		mg_copy_n_(e.key, sizeof(e.key), m, n);
		e.line = line;
		if (mi->nentries >= MG_LOG_MAX_ITEMS)
			break;
		if (MG_ARRAY_RESERVE(mi->entries, mi->cap, mi->nentries + 1)) {
			free(it);
			mg_meminfo_free(mi);
			return oom_err(err, file);
		}
		mi->entries[mi->nentries++] = e;
		for (i = 0; i < sizeof(meminfo_named) / sizeof(meminfo_named[0]); i++)
			if (strcmp(e.key, meminfo_named[i].key) == 0)
				setval((struct mg_logval *)((char *)mi + meminfo_named[i].off), e.value,
				       line);
	}
	free(it);
	if (!mi->nentries)
		return mg_input_error(err, file, 0,
				      "no /proc/meminfo line ('MemTotal:  2031616 kB') found");
	return 0;
}

int mg_meminfo_load(struct mg_meminfo *mi, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(mi, 0, sizeof(*mi));
	if (mg_read_file(path, MG_LOG_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_meminfo_parse_buf(mi, buf, len, path, err);
	free(buf);
	return rc;
}

bool mg_meminfo_get(const struct mg_meminfo *mi, const char *key, uint64_t *out)
{
	size_t i;
	for (i = 0; i < mi->nentries; i++)
		if (strcmp(mi->entries[i].key, key) == 0) {
			*out = mi->entries[i].value;
			return true;
		}
	return false;
}

void mg_meminfo_free(struct mg_meminfo *mi)
{
	free(mi->entries);
	memset(mi, 0, sizeof(*mi));
}

/* ------------------------------------------------------------------ /proc/zoneinfo */

static void zoneinfo_zone_free(struct mg_zoneinfo_zone *z)
{
	free(z->stats);
	z->stats = NULL;
	z->nstats = z->stats_cap = 0;
}

int mg_zoneinfo_parse_buf(struct mg_zoneinfo *zi, const char *buf, size_t len, const char *file,
			  struct mg_error *err)
{
	/* mm/vmstat.c zoneinfo_show_print: "Node %d, zone %8s", optional "per-node stats" rows,
	 * "pages free", boost (6.0+), min, low, high, promo (6.1+), spanned, present, managed,
	 * cma (5.12+), "protection: (%ld, ...)", zone stats rows, "pagesets" block,
	 * "node_unreclaimable:", "start_pfn:". */
	static const struct {
		const char *key;
		size_t off;
	} named[] = {
		{ "boost", offsetof(struct mg_zoneinfo_zone, boost) },
		{ "min", offsetof(struct mg_zoneinfo_zone, min) },
		{ "low", offsetof(struct mg_zoneinfo_zone, low) },
		{ "high", offsetof(struct mg_zoneinfo_zone, high) },
		{ "promo", offsetof(struct mg_zoneinfo_zone, promo) },
		{ "spanned", offsetof(struct mg_zoneinfo_zone, spanned) },
		{ "present", offsetof(struct mg_zoneinfo_zone, present) },
		{ "managed", offsetof(struct mg_zoneinfo_zone, managed) },
		{ "cma", offsetof(struct mg_zoneinfo_zone, cma) },
	};
	struct mg_line_iter_ *it = malloc(sizeof(*it));
	struct mg_zoneinfo_zone *z = NULL;
	enum { S_NODE_STATS, S_ZONE, S_PAGESETS } st = S_ZONE;
	const char *m;
	unsigned line;
	int rc = 0;

	memset(zi, 0, sizeof(*zi));
	snprintf(zi->file, sizeof(zi->file), "%s", file ? file : "");
	if (!it)
		return oom_err(err, file);
	mg_line_iter_init_(it, buf, len);
	while (mg_line_iter_next_(it, &m, &line)) {
		const char *p = m;
		uint64_t v;
		size_t i, n;
		int node = -1;

		if (mg_starts_(m, "Node ") || mg_starts_(m, "zone ")) {
			if (mg_starts_(m, "Node ")) {
				p = m + 5;
				if (!mg_scan_dec_(&p, &v) || v > 100000 || !mg_starts_(p, ", zone "))
					continue;
				node = (int)v;
				p += 7;
			} else {
				p = m + 5;
			}
			p = mg_skip_ws_(p);
			n = strcspn(p, " ");
			if (!n || p[n])
				continue;
			if (zi->nzones >= MG_LOG_MAX_ITEMS)
				break;
			if (MG_ARRAY_RESERVE(zi->zones, zi->cap, zi->nzones + 1)) {
				rc = -1;
				break;
			}
			z = &zi->zones[zi->nzones++];
			memset(z, 0, sizeof(*z));
			z->node = node;
			mg_copy_n_(z->name, sizeof(z->name), p, n);
			z->line = line;
			st = S_ZONE;
			continue;
		}
		if (!z)
			continue;
		if (strcmp(m, "per-node stats") == 0) {
			st = S_NODE_STATS;
			continue;
		}
		if (strcmp(m, "pagesets") == 0) {
			st = S_PAGESETS;
			continue;
		}
		if (mg_starts_(m, "pages free ")) {
			p = mg_skip_ws_(m + 11);
			if (mg_scan_dec_(&p, &v))
				setval(&z->free, v, line);
			st = S_ZONE;
			continue;
		}
		if (mg_starts_(m, "protection: (")) {
			p = m + 13;
			z->nprotection = 0;
			z->protection_line = line;
			while (z->nprotection < MG_ZONEINFO_MAX_PROTECTION) {
				p = mg_skip_ws_(p);
				if (!mg_scan_dec_(&p, &v))
					break;
				z->protection[z->nprotection++] = v;
				p = mg_skip_ws_(p);
				if (*p != ',')
					break;
				p++;
			}
			continue;
		}
		if (mg_starts_(m, "node_unreclaimable:") || mg_starts_(m, "start_pfn:")) {
			bool unrecl = m[0] == 'n';
			p = mg_skip_ws_(strchr(m, ':') + 1);
			if (mg_scan_dec_(&p, &v))
				setval(unrecl ? &z->node_unreclaimable : &z->start_pfn, v, line);
			st = S_ZONE;
			continue;
		}
		if (st != S_ZONE)
			continue; /* per-node stats belong to the node, pagesets to CPUs */
		/* "name value" rows */
		n = strcspn(m, " ");
		if (!n || n >= sizeof(z->stats[0].key))
			continue;
		p = mg_skip_ws_(m + n);
		if (!mg_scan_dec_(&p, &v) || *p)
			continue;
		for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
			if (strlen(named[i].key) == n && strncmp(m, named[i].key, n) == 0)
				break;
		if (i < sizeof(named) / sizeof(named[0])) {
			setval((struct mg_logval *)((char *)z + named[i].off), v, line);
			continue;
		}
		if (n == 11 && strncmp(m, "nr_free_cma", 11) == 0)
			setval(&z->nr_free_cma, v, line);
		if (z->nstats >= MG_ZONEINFO_MAX_STATS)
			continue;
		if (MG_ARRAY_RESERVE(z->stats, z->stats_cap, z->nstats + 1)) {
			rc = -1;
			break;
		}
		mg_copy_n_(z->stats[z->nstats].key, sizeof(z->stats[0].key), m, n);
		z->stats[z->nstats].value = v;
		z->stats[z->nstats].line = line;
		z->nstats++;
	}
	free(it);
	if (rc) {
		mg_zoneinfo_free(zi);
		return oom_err(err, file);
	}
	if (!zi->nzones)
		return mg_input_error(err, file, 0,
				      "no /proc/zoneinfo block ('Node 0, zone   Normal') found");
	return 0;
}

int mg_zoneinfo_load(struct mg_zoneinfo *zi, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(zi, 0, sizeof(*zi));
	if (mg_read_file(path, MG_LOG_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_zoneinfo_parse_buf(zi, buf, len, path, err);
	free(buf);
	return rc;
}

const struct mg_zoneinfo_zone *mg_zoneinfo_find(const struct mg_zoneinfo *zi, int node,
						const char *name)
{
	size_t i;
	for (i = 0; i < zi->nzones; i++)
		if ((node < 0 || zi->zones[i].node == node) && strcmp(zi->zones[i].name, name) == 0)
			return &zi->zones[i];
	return NULL;
}

void mg_zoneinfo_free(struct mg_zoneinfo *zi)
{
	size_t i;
	for (i = 0; i < zi->nzones; i++)
		zoneinfo_zone_free(&zi->zones[i]);
	free(zi->zones);
	memset(zi, 0, sizeof(*zi));
}

/* ------------------------------------------------------------------ sysctl dumps */

int mg_sysctl_dump_parse_buf(struct mg_sysctl_dump *s, const char *buf, size_t len,
			     const char *file, struct mg_error *err)
{
	static const struct {
		const char *key;
		size_t off;
	} named[] = {
		{ "vm.min_free_kbytes", offsetof(struct mg_sysctl_dump, min_free_kbytes) },
		{ "vm.watermark_scale_factor", offsetof(struct mg_sysctl_dump, watermark_scale_factor) },
		{ "vm.watermark_boost_factor", offsetof(struct mg_sysctl_dump, watermark_boost_factor) },
		{ "vm.nr_hugepages", offsetof(struct mg_sysctl_dump, nr_hugepages) },
		{ "vm.overcommit_memory", offsetof(struct mg_sysctl_dump, overcommit_memory) },
		{ "vm.panic_on_oom", offsetof(struct mg_sysctl_dump, panic_on_oom) },
	};
	struct mg_line_iter_ *it = malloc(sizeof(*it));
	const char *m;
	unsigned line;

	memset(s, 0, sizeof(*s));
	snprintf(s->file, sizeof(s->file), "%s", file ? file : "");
	if (!it)
		return oom_err(err, file);
	mg_line_iter_init_(it, buf, len);
	while (mg_line_iter_next_(it, &m, &line)) {
		struct mg_sysctl_dump_entry e;
		const char *val, *p;
		size_t klen, i, o = 0;

		memset(&e, 0, sizeof(e));
		if (mg_starts_(m, "/proc/sys/")) { /* grep . /proc/sys/vm/... */
			const char *colon = strchr(m, ':');
			if (!colon || (size_t)(colon - m - 10) >= sizeof(e.key))
				continue;
			for (p = m + 10; p < colon; p++)
				e.key[o++] = *p == '/' ? '.' : *p;
			e.key[o] = '\0';
			val = colon + 1;
		} else {
			klen = strcspn(m, " =");
			p = mg_skip_ws_(m + klen);
			if (!klen || *p != '=' || klen >= sizeof(e.key))
				continue;
			for (i = 0; i < klen; i++)
				e.key[i] = m[i] == '/' ? '.' : m[i];
			e.key[klen] = '\0';
			val = p + 1;
		}
		if (strchr(e.key, ' ') || e.key[0] == '#' || e.key[0] == ';')
			continue;
		val = mg_skip_ws_(val);
		for (o = 0, p = val; *p && o + 1 < sizeof(e.value); p++) {
			if (*p == ' ') {
				if (o && e.value[o - 1] == ' ')
					continue;
			}
			e.value[o++] = *p;
		}
		while (o && e.value[o - 1] == ' ')
			o--;
		e.value[o] = '\0';
		e.line = line;
		if (s->nentries >= MG_LOG_MAX_ITEMS * 4)
			break;
		if (MG_ARRAY_RESERVE(s->entries, s->cap, s->nentries + 1)) {
			free(it);
			mg_sysctl_dump_free(s);
			return oom_err(err, file);
		}
		s->entries[s->nentries++] = e;
		for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
			uint64_t v;
			if (strcmp(e.key, named[i].key) == 0 && mg_parse_u64(e.value, &v))
				setval((struct mg_logval *)((char *)s + named[i].off), v, line);
		}
		if (strcmp(e.key, "vm.lowmem_reserve_ratio") == 0) {
			uint64_t v;
			p = e.value;
			s->nlowmem_reserve_ratio = 0;
			s->lowmem_reserve_ratio_line = line;
			while (s->nlowmem_reserve_ratio < 8 && mg_scan_dec_(&p, &v)) {
				s->lowmem_reserve_ratio[s->nlowmem_reserve_ratio++] = v;
				p = mg_skip_ws_(p);
			}
		}
	}
	free(it);
	if (!s->nentries)
		return mg_input_error(err, file, 0,
				      "no sysctl line ('vm.min_free_kbytes = 8192') found");
	return 0;
}

int mg_sysctl_dump_load(struct mg_sysctl_dump *s, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(s, 0, sizeof(*s));
	if (mg_read_file(path, MG_LOG_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_sysctl_dump_parse_buf(s, buf, len, path, err);
	free(buf);
	return rc;
}

bool mg_sysctl_dump_get_u64(const struct mg_sysctl_dump *s, const char *key, uint64_t *out)
{
	size_t i;
	for (i = s->nentries; i-- > 0;) /* the last assignment wins */
		if (strcmp(s->entries[i].key, key) == 0)
			return mg_parse_u64(s->entries[i].value, out);
	return false;
}

void mg_sysctl_dump_free(struct mg_sysctl_dump *s)
{
	free(s->entries);
	memset(s, 0, sizeof(*s));
}
