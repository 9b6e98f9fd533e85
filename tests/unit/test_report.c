/* Unit tests: the report writers (text, JSON, markdown, SARIF, JUnit, inputs) on a model and a
 * verdict built by hand with E2000Q-like numbers (64 KiB pages, one DMA32 zone, 512 MiB CMA).
 * The writers only read these structs; nothing here runs the model or the gate.
 *
 * Build alone before the model/gate exist (stubs for the name/rule tables): compile
 * src/util and src/report sources with this file and -DMG_TEST_STUBS -Iinclude -Isrc
 * -Itests/unit -lcmocka. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <memgate/report.h>

#ifdef MG_TEST_STUBS
/* Temporary stand-ins for src/model and src/gate tables (only in this direct build). */
const char *mg_zone_name(enum mg_zone_type z)
{
	static const char *const n[] = { "DMA", "DMA32", "Normal", "HighMem", "Movable" };
	return (unsigned)z < MG_NR_ZONES ? n[z] : "?";
}
const char *mg_region_kind_name(enum mg_region_kind k)
{
	switch (k) {
	case MG_REGION_KERNEL: return "kernel";
	case MG_REGION_DTB: return "dtb";
	case MG_REGION_CMA: return "cma";
	case MG_REGION_MEMMAP: return "memmap";
	default: return "other";
	}
}
const char *mg_severity_name(enum mg_severity s)
{
	return s == MG_SEV_REJECT ? "reject" : s == MG_SEV_WARN ? "warn" : "info";
}
const struct mg_rule_info *mg_rules(size_t *n)
{
	static const struct mg_rule_info r[] = {
		{ "noncma-below-min", MG_SEV_REJECT, "demand breaks the min watermark floor" },
		{ "kswapd-always-awake", MG_SEV_WARN, "demand leaves free memory below high" },
		{ "cma-unusable-for-movable", MG_SEV_WARN, "grouping off: CMA serves only cma_alloc" },
		{ "cma-rounded-up", MG_SEV_INFO, "CMA size rounded up to the alignment" },
		{ "thp-raised-min-free", MG_SEV_INFO, "THP raised min_free_kbytes" },
	};
	*n = sizeof(r) / sizeof(r[0]);
	return r;
}
const char *mg_sysmap_sym_name(enum mg_sysmap_sym s)
{
	static const char *const n[] = { "_text", "_stext", "_etext", "__start_rodata",
					 "__end_rodata", "__init_begin", "__init_end", "_sdata",
					 "_edata", "__bss_start", "__bss_stop", "_end" };
	return (unsigned)s < MG_SYM_COUNT ? n[s] : "?";
}
#endif

/* ---- A strict JSON syntax checker (RFC 8259), enough to prove the writers' output parses. ---- */

struct jp {
	const char *s;
	unsigned depth;
};

static void jp_ws(struct jp *p)
{
	while (*p->s == ' ' || *p->s == '\n' || *p->s == '\r' || *p->s == '\t')
		p->s++;
}

static bool jp_string(struct jp *p)
{
	if (*p->s != '"')
		return false;
	p->s++;
	for (;;) {
		unsigned char c = (unsigned char)*p->s;
		if (c == '"') {
			p->s++;
			return true;
		}
		if (c < 0x20)
			return false; /* raw control characters (and the terminator) are invalid */
		if (c == '\\') {
			p->s++;
			if (*p->s == 'u') {
				int i;
				for (i = 1; i <= 4; i++)
					if (!strchr("0123456789abcdefABCDEF", p->s[i]) || !p->s[i])
						return false;
				p->s += 5;
				continue;
			}
			if (!*p->s || !strchr("\"\\/bfnrt", *p->s))
				return false;
		}
		p->s++;
	}
}

static bool jp_number(struct jp *p)
{
	const char *s = p->s;
	if (*s == '-')
		s++;
	if (*s == '0')
		s++;
	else if (*s >= '1' && *s <= '9')
		while (*s >= '0' && *s <= '9')
			s++;
	else
		return false;
	if (*s == '.') {
		s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			s++;
		if (!(*s >= '0' && *s <= '9'))
			return false;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	p->s = s;
	return true;
}

static bool jp_value(struct jp *p);

static bool jp_container(struct jp *p, char close, bool object)
{
	p->s++;
	if (++p->depth > 64)
		return false;
	jp_ws(p);
	if (*p->s == close) {
		p->s++;
		p->depth--;
		return true;
	}
	for (;;) {
		jp_ws(p);
		if (object) {
			if (!jp_string(p))
				return false;
			jp_ws(p);
			if (*p->s++ != ':')
				return false;
		}
		if (!jp_value(p))
			return false;
		jp_ws(p);
		if (*p->s == ',') {
			p->s++;
			continue;
		}
		if (*p->s != close)
			return false;
		p->s++;
		p->depth--;
		return true;
	}
}

static bool jp_value(struct jp *p)
{
	jp_ws(p);
	switch (*p->s) {
	case '{': return jp_container(p, '}', true);
	case '[': return jp_container(p, ']', false);
	case '"': return jp_string(p);
	case 't': return !strncmp(p->s, "true", 4) ? (p->s += 4, true) : false;
	case 'f': return !strncmp(p->s, "false", 5) ? (p->s += 5, true) : false;
	case 'n': return !strncmp(p->s, "null", 4) ? (p->s += 4, true) : false;
	default: return jp_number(p);
	}
}

static bool json_valid(const char *s)
{
	struct jp p = { s, 0 };
	if (!jp_value(&p))
		return false;
	jp_ws(&p);
	return *p.s == '\0';
}

/* ---- Fixtures ---- */

static void fill_model(struct mg_model *m)
{
	struct mg_zone *z;
	struct mg_region *r;
	memset(m, 0, sizeof(*m));
	m->k.kv = MG_KV(5, 4, 74);
	snprintf(m->k.version_text, sizeof(m->k.version_text), "5.4.74");
	m->k.arch = MG_ARCH_ARM64;
	m->k.arch_name = "arm64";
	m->k.page_shift = 16;
	m->k.page_size_bytes = 65536;
	/* 64 KiB pages: pageblock_order = HUGETLB_PAGE_ORDER = PMD_SHIFT 29 - 16 = 13, so a
	 * pageblock is 8192 pages = 512 MiB, which is the CMA alignment. */
	m->k.pageblock_order = 13;
	m->k.pageblock_pages = 8192;
	m->k.max_order = 13;
	m->k.cma_align_bytes = 512ull << 20;
	m->k.migrate_types = 6;
	snprintf(m->k.thp_mode, sizeof(m->k.thp_mode), "always");
	m->k.nr_cpus = 4;
	snprintf(m->cmdline, sizeof(m->cmdline), "console=ttyAMA0,115200 cma=64M");

	m->banks[0].base = 0x80000000;
	m->banks[0].size = 0x7c000000; /* 1984 MiB */
	m->nbanks = 1;
	m->ram_bytes = 0x7c000000;

	r = &m->regions[m->nregions++];
	snprintf(r->name, sizeof(r->name), "kernel image");
	r->kind = MG_REGION_KERNEL;
	r->base = 0x80080000;
	r->size_bytes = 24ull << 20;
	r->estimated = true;
	mg_origin_set(&r->origin, "boards/e2000q/kernel.config", 1, "Linux/arm64 5.4.74");
	r = &m->regions[m->nregions++];
	snprintf(r->name, sizeof(r->name), "reserved");
	r->kind = MG_REGION_CMA;
	r->base = 0xc0000000;
	r->size_bytes = 512ull << 20;
	mg_origin_set(&r->origin, "boards/e2000q/cmdline", 1, "cmdline:3 'cma=64M'");
	r = &m->regions[m->nregions++];
	snprintf(r->name, sizeof(r->name), "dtb");
	r->kind = MG_REGION_DTB;
	r->base = 0xfbe00000;
	r->size_bytes = 0x10000;
	mg_origin_set(&r->origin, "boards/e2000q/board.dts", 0, "%s", "");
	r = &m->regions[m->nregions++];
	snprintf(r->name, sizeof(r->name), "struct page array");
	r->kind = MG_REGION_MEMMAP;
	r->base = 0; /* sized only, not placed */
	r->size_bytes = 31744ull * 64;
	r->estimated = true;

	m->ncma = 1;
	snprintf(m->cma[0].name, sizeof(m->cma[0].name), "reserved");
	m->cma[0].requested_bytes = 64ull << 20;
	m->cma[0].size_bytes = 512ull << 20;
	m->cma[0].base = 0xc0000000;
	m->cma[0].is_default = true;
	m->cma[0].reserved = true;
	m->cma[0].activated = true;
	m->cma[0].zone = MG_ZONE_DMA32;
	mg_origin_set(&m->cma[0].origin, "boards/e2000q/cmdline", 1, "cmdline:3 'cma=64M'");
	snprintf(m->cma[0].rule, sizeof(m->cma[0].rule), "size aligned up to 512 MiB");

	/* The incident's zone: present 2031616 kB / 64 = 31744 pages, managed 1996672 / 64 = 31198,
	 * min/low/high 91584/114432/137280 kB / 64 = 1431/1788/2145 pages. */
	m->zones[MG_ZONE_DMA].type = MG_ZONE_DMA;
	m->zones[MG_ZONE_NORMAL].type = MG_ZONE_NORMAL;
	m->zones[MG_ZONE_NORMAL].configured = true;
	m->zones[MG_ZONE_HIGHMEM].type = MG_ZONE_HIGHMEM;
	m->zones[MG_ZONE_MOVABLE].type = MG_ZONE_MOVABLE;
	m->zones[MG_ZONE_MOVABLE].configured = true;
	z = &m->zones[MG_ZONE_DMA32];
	z->type = MG_ZONE_DMA32;
	z->configured = true;
	z->start_pfn = 0x80000000 >> 16;
	z->end_pfn = 0xfc000000 >> 16;
	z->present_pages = 31744;
	z->managed_pages = 31198;
	z->cma_pages = 8192;
	z->min_pages = 1431;
	z->low_pages = 1788;
	z->high_pages = 2145;

	m->present_pages = 31744;
	/* "Memory: 1316544K/2031616K available (... 190784K reserved, 524288K cma-reserved)" */
	m->totalram_boot_pages = 1316544 / 64;
	m->reserved_boot_pages = 190784 / 64;
	m->cma_total_pages = 8192;
	m->memtotal_pages = 31198;
	m->reserved_final_pages = 546;
	m->mobility_grouping = false;
	m->grouping_total_pages = 28763;
	m->grouping_threshold_pages = 8192 * 6;
	m->min_free_kbytes = 91584;
	m->nwmark_steps = 2;
	snprintf(m->wmark_steps[0].what, sizeof(m->wmark_steps[0].what), "init_per_zone_wmark_min (postcore)");
	m->wmark_steps[0].min_free_kbytes = 5427;
	snprintf(m->wmark_steps[1].what, sizeof(m->wmark_steps[1].what), "set_recommended_min_free_kbytes (THP)");
	m->wmark_steps[1].min_free_kbytes = 91584;
	mg_origin_set(&m->wmark_steps[1].origin, "boards/e2000q/kernel.config", 900,
		      "CONFIG_TRANSPARENT_HUGEPAGE_ALWAYS=y");
	m->watermark_scale_factor = 10;
	/* Hand-built capacities (inputs to the writer, not model results). */
	m->capacity_unmovable_kb = 1264192;
	m->capacity_movable_kb = -41728;
	m->ncapacity_cma = 1;
	snprintf(m->capacity_cma[0].pool, sizeof(m->capacity_cma[0].pool), "reserved");
	m->capacity_cma[0].kb = 524288;
	m->oom_zone = MG_ZONE_DMA32;
	m->nboot_lines = 2;
	snprintf(m->boot_lines[0], sizeof(m->boot_lines[0]), "cma: Reserved 512 MiB at 0x00000000c0000000");
	snprintf(m->boot_lines[1], sizeof(m->boot_lines[1]),
		 "Built 1 zonelists, mobility grouping off.  Total pages: 28763");
	m->nnotes = 1;
	snprintf(m->notes[0], sizeof(m->notes[0]), "note with \"quotes\"\tand a tab");
}

static void fill_board(struct mg_board *b)
{
	memset(b, 0, sizeof(*b));
	snprintf(b->dir, sizeof(b->dir), "boards/e2000q");
	snprintf(b->name, sizeof(b->name), "e2000q");
	snprintf(b->dt.file, sizeof(b->dt.file), "boards/e2000q/board.dts");
}

static struct mg_finding *add_finding(struct mg_verdict_variant *vv, const char *rule,
				      enum mg_severity sev, const char *msg)
{
	struct mg_finding *f = &vv->findings[vv->nfindings++];
	memset(f, 0, sizeof(*f));
	f->rule = rule;
	f->severity = sev;
	snprintf(f->message, sizeof(f->message), "%s", msg);
	return f;
}

/* One variant with the incident's findings; a second one (4 GiB, pass) when two is true. */
static struct mg_verdict *make_verdict(bool two)
{
	struct mg_verdict *v = calloc(1, sizeof(*v));
	struct mg_verdict_variant *vv;
	struct mg_finding *f;
	assert_non_null(v);
	v->nvariants = two ? 2 : 1;
	v->variants = calloc(v->nvariants, sizeof(*v->variants));
	assert_non_null(v->variants);
	v->demand.baseline_bytes = 48ull << 20;
	v->demand.movable_bytes = 10 * (128ull << 20);
	v->rejected = true;
	v->worst = MG_SEV_REJECT;

	vv = &v->variants[0];
	fill_model(&vv->model);
	vv->rejected = true;
	vv->worst = MG_SEV_REJECT;
	vv->margin_kb = -41728;
	snprintf(vv->equation, sizeof(vv->equation),
		 "non-CMA free 89344 kB - demand 131072 kB < min 91584 kB (zone DMA32)");
	f = add_finding(vv, "noncma-below-min", MG_SEV_REJECT,
			"non-CMA free 89344 kB - demand 131072 kB < min 91584 kB (zone DMA32)");
	mg_origin_set(&f->sources[f->nsources++], "boards/e2000q/board.dts", 14, "/memory@80000000");
	mg_origin_set(&f->sources[f->nsources++], "boards/e2000q/cmdline", 1, "cmdline:3 'cma=64M'");
	snprintf(f->fix, sizeof(f->fix), "cma=0");
	f = add_finding(vv, "cma-unusable-for-movable", MG_SEV_WARN,
			"mobility grouping off: 524288 kB of CMA serve only cma_alloc");
	mg_origin_set(&f->sources[f->nsources++], "boards/e2000q/kernel.config", 1021,
		      "CONFIG_ARM64_64K_PAGES=y");
	f = add_finding(vv, "cma-rounded-up", MG_SEV_INFO,
			"asked 64 MiB, got 512 MiB because CMA alignment on 64 KiB pages is 512 MiB");
	mg_origin_set(&f->sources[f->nsources++], "boards/e2000q/cmdline", 1, "cmdline:3 'cma=64M'");
	f = add_finding(vv, "thp-raised-min-free", MG_SEV_WARN, "THP raised min_free_kbytes by 86157 kB");
	f->waived = true;
	snprintf(f->waiver_reason, sizeof(f->waiver_reason), "accepted \"risk\" <ops> & co\tfor now");
	vv->nfixes = 1;
	snprintf(vv->fixes[0].kind, sizeof(vv->fixes[0].kind), "cma");
	snprintf(vv->fixes[0].text, sizeof(vv->fixes[0].text),
		 "cma=0 (on 64 KiB pages the CMA granule is 512 MiB: the only choices are 0 or 512 MiB)");
	vv->fixes[0].verified = true;

	if (two) {
		vv = &v->variants[1];
		fill_model(&vv->model);
		vv->ram_bytes = 4ull << 30;
		vv->model.mobility_grouping = true;
		vv->worst = MG_SEV_INFO;
		vv->margin_kb = 2048000;
		snprintf(vv->equation, sizeof(vv->equation), "free 3000000 kB - demand 1310720 kB >= min");
	}
	return v;
}

static void free_verdict(struct mg_verdict *v)
{
	free(v->variants);
	free(v);
}

static char *render_check(const struct mg_board *b, const struct mg_verdict *v, enum mg_report_format f)
{
	struct mg_buf out;
	mg_buf_init(&out);
	mg_report_check(&out, b, v, f);
	assert_false(out.failed);
	assert_non_null(out.data);
	return out.data;
}

static char *render_layout(const struct mg_board *b, const struct mg_model *m, enum mg_report_format f)
{
	struct mg_buf out;
	mg_buf_init(&out);
	mg_report_layout(&out, b, m, f);
	assert_false(out.failed);
	assert_non_null(out.data);
	return out.data;
}

#define assert_contains(hay, needle)                                                          \
	do {                                                                                  \
		if (!strstr((hay), (needle))) {                                               \
			fprintf(stderr, "--- output ---\n%s--- end ---\n", (hay));             \
			fail_msg("missing: %s", (needle));                                    \
		}                                                                             \
	} while (0)
#define assert_not_contains(hay, needle)                                                      \
	do {                                                                                  \
		if (strstr((hay), (needle)))                                                  \
			fail_msg("unexpected: %s", (needle));                                 \
	} while (0)

/* ---- Tests ---- */

static void test_format_names(void **state)
{
	(void)state;
	assert_int_equal(mg_report_format_parse("text"), MG_FMT_TEXT);
	assert_int_equal(mg_report_format_parse("json"), MG_FMT_JSON);
	assert_int_equal(mg_report_format_parse("markdown"), MG_FMT_MARKDOWN);
	assert_int_equal(mg_report_format_parse("sarif"), MG_FMT_SARIF);
	assert_int_equal(mg_report_format_parse("junit"), MG_FMT_JUNIT);
	assert_int_equal(mg_report_format_parse("xml"), -1);
	assert_int_equal(mg_report_format_parse(NULL), -1);
	assert_string_equal(mg_report_format_name(MG_FMT_SARIF), "sarif");
}

static void test_json_string_escaping(void **state)
{
	struct mg_buf b;
	(void)state;
	mg_buf_init(&b);
	mg_json_string(&b, "a\"b\\c\n\t\x01\x1f/\x7f");
	assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\t\\u0001\\u001f/\\u007f\"");
	mg_buf_free(&b);
	/* Valid UTF-8 passes through; a lone continuation byte and a truncated sequence become
	 * U+FFFD; an overlong "/" (C0 AF) too. */
	mg_json_string(&b, "\xe2\x80\x94|\x80|\xe2\x80|\xc0\xaf");
	assert_string_equal(b.data, "\"\xe2\x80\x94|\\ufffd|\\ufffd\\ufffd|\\ufffd\\ufffd\"");
	assert_true(json_valid(b.data));
	mg_buf_free(&b);
	mg_json_string(&b, NULL);
	assert_string_equal(b.data, "null");
	mg_buf_free(&b);
	/* The checker itself rejects what it must. */
	assert_false(json_valid("{\"a\": 1,}"));
	assert_false(json_valid("\"raw\ttab\""));
	assert_false(json_valid("[01]"));
	assert_true(json_valid("{\"a\": [1, -2.5e3, true, null, {}]}"));
}

static void test_json_layout(void **state)
{
	struct mg_board b;
	struct mg_model *m = malloc(sizeof(*m));
	char *s, want[128];
	(void)state;
	assert_non_null(m);
	fill_board(&b);
	fill_model(m);
	s = render_layout(&b, m, MG_FMT_JSON);
	assert_true(json_valid(s));
	assert_contains(s, "\"schema\": \"memgate-report/1\"");
	assert_contains(s, "\"version\": \"5.4.74\"");
	assert_contains(s, "\"arch\": \"arm64\"");
	assert_contains(s, "\"page_size_bytes\": 65536");
	assert_contains(s, "\"pageblock_order\": 13");
	assert_contains(s, "\"max_order\": 13");
	assert_contains(s, "\"effective\": \"console=ttyAMA0,115200 cma=64M\"");
	/* 31744 pages * 64 kB = 2031616 kB; 31198 * 64 = 1996672; 8192 * 64 = 524288;
	 * reserved = (31744 - 31198) * 64 = 546 * 64 = 34944 kB. */
	assert_contains(s, "\"present_kb\": 2031616");
	assert_contains(s, "\"memtotal_kb\": 1996672");
	assert_contains(s, "\"cma_total_kb\": 524288");
	assert_contains(s, "\"reserved_kb\": 34944");
	assert_contains(s, "\"mobility_grouping\": false");
	assert_contains(s, "\"min_free_kbytes\": 91584");
	assert_contains(s, "\"name\": \"DMA32\"");
	assert_contains(s, "\"present_pages\": 31744");
	assert_contains(s, "\"managed_pages\": 31198");
	assert_contains(s, "\"cma_pages\": 8192");
	assert_contains(s, "\"min_pages\": 1431");
	assert_contains(s, "\"low_pages\": 1788");
	assert_contains(s, "\"high_pages\": 2145");
	/* 1431 * 64 = 91584, 1788 * 64 = 114432, 2145 * 64 = 137280: the incident's kB. */
	assert_contains(s, "\"min_kb\": 91584");
	assert_contains(s, "\"low_kb\": 114432");
	assert_contains(s, "\"high_kb\": 137280");
	/* Three configured zones (DMA32, Normal, Movable) -> three entries, like "lowmem_reserve[]: 0 0 0". */
	assert_contains(s, "\"lowmem_reserve_pages\": [\n        0,\n        0,\n        0\n      ]");
	/* Only populated zones are listed. */
	assert_not_contains(s, "\"name\": \"Normal\"");
	assert_contains(s, "\"requested_bytes\": 67108864");
	assert_contains(s, "\"size_bytes\": 536870912");
	assert_contains(s, "\"base\": \"0x00000000c0000000\"");
	assert_contains(s, "\"zone\": \"DMA32\"");
	assert_contains(s, "\"source\": \"boards/e2000q/cmdline:1 cmdline:3 'cma=64M'\"");
	snprintf(want, sizeof(want), "\"kind\": \"%s\"", mg_region_kind_name(MG_REGION_KERNEL));
	assert_contains(s, want);
	assert_contains(s, "\"base\": \"0x0000000080080000\"");
	assert_contains(s, "\"unmovable_kb\": 1264192");
	assert_contains(s, "\"movable_kb\": -41728");
	assert_contains(s, "\"cma_kb\": {\n      \"reserved\": 524288\n    }");
	assert_contains(s, "\"cma: Reserved 512 MiB at 0x00000000c0000000\"");
	assert_contains(s, "\"note with \\\"quotes\\\"\\tand a tab\"");
	/* No origin at all renders as the kernel default. */
	assert_contains(s, "\"source\": \"built-in default\"");
	free(s);
	free(m);
}

static void test_json_check(void **state)
{
	struct mg_board b;
	struct mg_verdict *v = make_verdict(true);
	char *s;
	(void)state;
	fill_board(&b);
	s = render_check(&b, v, MG_FMT_JSON);
	assert_true(json_valid(s));
	assert_contains(s, "\"schema\": \"memgate-report/1\",\n  \"verdict\": \"reject\"");
	assert_contains(s, "\"rule\": \"noncma-below-min\"");
	assert_contains(s, "\"severity\": \"reject\"");
	assert_contains(s, "\"message\": \"non-CMA free 89344 kB - demand 131072 kB < min 91584 kB (zone DMA32)\"");
	assert_contains(s, "\"boards/e2000q/board.dts:14 /memory@80000000\"");
	assert_contains(s, "\"fix\": \"cma=0\"");
	assert_contains(s, "\"fix\": null");
	assert_contains(s, "\"waived\": true");
	assert_contains(s, "\"waiver_reason\": \"accepted \\\"risk\\\" <ops> & co\\tfor now\"");
	/* 48 MiB = 49152 kB, 10 x 128 MiB = 1310720 kB. */
	assert_contains(s, "\"baseline_kb\": 49152");
	assert_contains(s, "\"movable_kb\": 1310720");
	assert_contains(s, "\"margin_kb\": -41728");
	assert_contains(s, "\"kind\": \"cma\"");
	assert_contains(s, "\"verified\": true");
	/* Variant 1: the board's own RAM (0x7c000000 = 2080374784 bytes); variant 2: 4 GiB. */
	assert_contains(s, "\"ram_bytes\": 2080374784");
	assert_contains(s, "\"ram_bytes\": 4294967296");
	assert_contains(s, "\"verdict\": \"pass\"");
	free(s);
	free_verdict(v);
}

static void test_text_check(void **state)
{
	struct mg_board b;
	struct mg_verdict *v = make_verdict(false);
	char *s;
	(void)state;
	fill_board(&b);
	s = render_check(&b, v, MG_FMT_TEXT);
	/* Verdict first: rejects before warnings; the info and the waived finding do not count. */
	assert_true(!strncmp(s, "memgate: REJECT boards/e2000q \xe2\x80\x94 2 findings "
			       "(noncma-below-min, cma-unusable-for-movable)\n"
			       "  non-CMA free 89344 kB - demand 131072 kB < min 91584 kB (zone DMA32)\n",
			 strlen("memgate: REJECT boards/e2000q \xe2\x80\x94 2 findings "
				"(noncma-below-min, cma-unusable-for-movable)\n"
				"  non-CMA free 89344 kB - demand 131072 kB < min 91584 kB (zone DMA32)\n")));
	assert_contains(s, "Kernel:  Linux 5.4.74 arm64, 64 KiB pages (pageblock order 13, max order 13)");
	assert_contains(s, "physical RAM (present)");
	assert_contains(s, "2031616 kB  31744 pages");
	assert_contains(s, "bank 0x0000000080000000-0x00000000fbffffff  1984 MiB");
	assert_contains(s, "- reserved (default): requested 64 MiB -> 512 MiB at 0x00000000c0000000, zone DMA32, activated");
	assert_contains(s, "source: boards/e2000q/cmdline:1 cmdline:3 'cma=64M'");
	assert_contains(s, "1316544 kB  (reserved 190784 kB, cma-reserved 524288 kB)");
	assert_contains(s, "1996672 kB  (present - 34944 kB never managed)");
	assert_contains(s, "off  (28763 pages at zonelist build < 49152 = pageblock_nr_pages * MIGRATE_TYPES)");
	assert_contains(s, "2. set_recommended_min_free_kbytes (THP): 91584 kB");
	assert_contains(s, "min 91584 kB (1431 pages), low 114432 kB (1788 pages), high 137280 kB (2145 pages)");
	assert_contains(s, "lowmem_reserve[]: 0 0 0\n");
	assert_contains(s, "-41728 kB");
	assert_contains(s, "Findings (4)\n  REJECT noncma-below-min: non-CMA free");
	assert_contains(s, "         source: boards/e2000q/board.dts:14 /memory@80000000\n");
	assert_contains(s, "         fix: cma=0\n");
	assert_contains(s, "  WARN   cma-unusable-for-movable: ");
	assert_contains(s, "  INFO   cma-rounded-up: asked 64 MiB, got 512 MiB");
	/* Control characters from inputs never reach the terminal. */
	assert_contains(s, "waived: accepted \"risk\" <ops> & co?for now");
	assert_contains(s, "[cma] cma=0 (on 64 KiB pages the CMA granule is 512 MiB: the only choices are 0 or 512 MiB)  (verified: passes)");
	assert_not_contains(s, "RAM variants");
	free(s);
	free_verdict(v);
}

static void test_text_variants(void **state)
{
	struct mg_board b;
	struct mg_verdict *v = make_verdict(true);
	char *s;
	(void)state;
	fill_board(&b);
	s = render_check(&b, v, MG_FMT_TEXT);
	assert_contains(s, "  [RAM 1984 MiB] reject: non-CMA free");
	assert_contains(s, "  [RAM 4096 MiB] pass: free 3000000 kB");
	assert_contains(s, "RAM variants\n");
	assert_contains(s, "  1984 MiB   reject      1996672 kB      524288 kB       91584 kB      -41728 kB  noncma-below-min, cma-unusable-for-movable\n");
	assert_contains(s, "  4096 MiB   pass        1996672 kB      524288 kB       91584 kB     2048000 kB  -\n");
	free(s);
	free_verdict(v);
}

static void test_text_layout_map(void **state)
{
	struct mg_board b;
	struct mg_model *m = malloc(sizeof(*m));
	char *s, want[2048];
	(void)state;
	assert_non_null(m);
	fill_board(&b);
	fill_model(m);
	s = render_layout(&b, m, MG_FMT_TEXT);
	assert_contains(s, "memgate layout boards/e2000q\n");
	assert_contains(s, "Predicted boot lines\n  cma: Reserved 512 MiB at 0x00000000c0000000\n");
	/* Sorted by base; the hole below RAM, free stretches labelled with their zone:
	 * 0x80000000..0x8007ffff = 512 KiB; kernel 24 MiB ends at 0x8187ffff;
	 * 0xc0000000 - 0x81880000 = 0x3e780000 = 1023488 kB; 0xfbe00000 - 0xe0000000 = 446 MiB;
	 * 0xfc000000 - 0xfbe10000 = 0x1f0000 = 1984 kB; the memmap (31744 * 64 B = 1984 kB) has
	 * no address. */
	snprintf(want, sizeof(want),
		 "Physical address map\n"
		 "  0x0000000000000000-0x000000007fffffff    2048 MiB  -- hole (no RAM) --\n"
		 "  0x0000000080000000-0x000000008007ffff      512 kB  free (DMA32)\n"
		 "  0x0000000080080000-0x000000008187ffff      24 MiB  kernel image [%s]\n"
		 "  0x0000000081880000-0x00000000bfffffff  1023488 kB  free (DMA32)\n"
		 "  0x00000000c0000000-0x00000000dfffffff     512 MiB  reserved [%s]\n"
		 "  0x00000000e0000000-0x00000000fbdfffff     446 MiB  free (DMA32)\n"
		 "  0x00000000fbe00000-0x00000000fbe0ffff       64 kB  dtb [%s]\n"
		 "  0x00000000fbe10000-0x00000000fbffffff     1984 kB  free (DMA32)\n"
		 "  not at a fixed address (sized only):\n"
		 "       1984 kB  struct page array [%s]\n",
		 mg_region_kind_name(MG_REGION_KERNEL), mg_region_kind_name(MG_REGION_CMA),
		 mg_region_kind_name(MG_REGION_DTB), mg_region_kind_name(MG_REGION_MEMMAP));
	assert_contains(s, want);
	free(s);
	free(m);
}

static void test_markdown(void **state)
{
	struct mg_board b;
	struct mg_verdict *v = make_verdict(true);
	char *s;
	(void)state;
	fill_board(&b);
	snprintf(b.description, sizeof(b.description), "E2000Q demo | DDR4");
	s = render_check(&b, v, MG_FMT_MARKDOWN);
	assert_true(!strncmp(s, "# Memory budget: e2000q\n\nBoard: `boards/e2000q` \xe2\x80\x94 E2000Q demo | DDR4\n", 60));
	assert_contains(s, "**Verdict: REJECT boards/e2000q \xe2\x80\x94 2 findings (noncma-below-min, cma-unusable-for-movable)**");
	assert_contains(s, "## RAM ledger\n");
	assert_contains(s, "| RAM bank | memory | `0x0000000080000000` | 1984 MiB |");
	assert_contains(s, "| MemTotal (managed after boot) | 1996672 kB |");
	assert_contains(s, "## CMA areas\n");
	assert_contains(s, "| reserved | 64 MiB | 512 MiB | `0x00000000c0000000` | DMA32 | activated |");
	assert_contains(s, "## Zones and watermarks\n");
	assert_contains(s, "| DMA32 | 2031616 kB | 1996672 kB | 524288 kB | 91584 kB | 114432 kB | 137280 kB | 0 0 0 |");
	assert_contains(s, "## Capacity vs demand\n");
	assert_contains(s, "| movable | 1310720 kB | -41728 kB |");
	assert_contains(s, "## Findings\n");
	assert_contains(s, "| reject | `noncma-below-min` |");
	assert_contains(s, "`boards/e2000q/board.dts:14 /memory@80000000`<br>`boards/e2000q/cmdline:1 cmdline:3 'cma=64M'`");
	/* A '|' from an input is escaped inside a table cell; a tab is flattened. */
	assert_contains(s, "| waived: accepted \"risk\" <ops> & co for now |");
	assert_contains(s, "## Fixes\n");
	assert_contains(s, "## RAM variants\n");
	assert_contains(s, "| 4096 MiB | pass | 1996672 kB | 524288 kB | 91584 kB | 2048000 kB | - |");
	free(s);
	free_verdict(v);
}

static void test_markdown_cell_escape(void **state)
{
	struct mg_board b;
	struct mg_model *m = malloc(sizeof(*m));
	char *s;
	(void)state;
	assert_non_null(m);
	fill_board(&b);
	fill_model(m);
	snprintf(m->regions[0].name, sizeof(m->regions[0].name), "a|b");
	s = render_layout(&b, m, MG_FMT_MARKDOWN);
	assert_contains(s, "| a\\|b | kernel |");
	free(s);
	free(m);
}

static bool have_python_module(const char *mod)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "python3 -c 'import %s' >/dev/null 2>&1", mod);
	return system(cmd) == 0;
}

static void write_tmp(char *path, size_t size, const char *tmpl, const char *data)
{
	int fd;
	FILE *f;
	snprintf(path, size, "%s", tmpl);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	assert_int_equal(fputs(data, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void test_sarif(void **state)
{
	struct mg_board b;
	struct mg_verdict *v = make_verdict(true);
	char *s, path[64], cmd[256];
	size_t nrules = 0;
	(void)state;
	fill_board(&b);
	mg_rules(&nrules);
	s = render_check(&b, v, MG_FMT_SARIF);
	assert_true(json_valid(s));
	assert_contains(s, "\"version\": \"2.1.0\"");
	assert_contains(s, "\"name\": \"memgate\"");
	assert_contains(s, "\"informationUri\": \"" MG_REPORT_INFORMATION_URI "\"");
	assert_contains(s, "\"id\": \"noncma-below-min\"");
	assert_contains(s, "\"ruleId\": \"noncma-below-min\"");
	assert_contains(s, "\"level\": \"error\"");
	assert_contains(s, "\"level\": \"warning\"");
	assert_contains(s, "\"level\": \"note\"");
	/* Two variants: messages say which RAM size. */
	assert_contains(s, "\"text\": \"[RAM 1984 MiB] non-CMA free 89344 kB - demand 131072 kB < min 91584 kB (zone DMA32) Fix: cma=0\"");
	assert_contains(s, "\"uri\": \"boards/e2000q/board.dts\"");
	assert_contains(s, "\"startLine\": 14");
	assert_contains(s, "\"name\": \"/memory@80000000\",\n");
	assert_contains(s, "\"kind\": \"element\"");
	assert_contains(s, "\"name\": \"cmdline:3 'cma=64M'\",\n");
	assert_contains(s, "\"kind\": \"parameter\"");
	assert_contains(s, "\"kind\": \"variable\"");
	assert_contains(s, "\"suppressions\": [");
	assert_contains(s, "\"justification\": \"accepted \\\"risk\\\" <ops> & co\\tfor now\"");
	assert_not_contains(s, "\"region\": {\n                  \"startLine\": 0");

	if (system("command -v python3 >/dev/null 2>&1") != 0 || !have_python_module("jsonschema") ||
	    access("tests/sarif-validate.sh", R_OK) != 0) {
		free(s);
		free_verdict(v);
		skip(); /* schema validation also runs in `make sarif-check` */
	}
	write_tmp(path, sizeof(path), "/tmp/mg-sarif-XXXXXX", s);
	snprintf(cmd, sizeof(cmd), "sh tests/sarif-validate.sh %s >/dev/null", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
	free(s);
	free_verdict(v);
}

static void test_sarif_layout_empty(void **state)
{
	struct mg_board b;
	struct mg_model *m = malloc(sizeof(*m));
	char *s;
	(void)state;
	assert_non_null(m);
	fill_board(&b);
	fill_model(m);
	s = render_layout(&b, m, MG_FMT_SARIF);
	assert_true(json_valid(s));
	assert_contains(s, "\"results\": []");
	free(s);
	free(m);
}

static void test_junit(void **state)
{
	struct mg_board b;
	struct mg_verdict *v = make_verdict(true);
	char *s, want[160], path[64], cmd[320];
	size_t nrules = 0;
	(void)state;
	fill_board(&b);
	mg_rules(&nrules);
	s = render_check(&b, v, MG_FMT_JUNIT);
	assert_true(!strncmp(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites ", 49));
	/* One testcase per rule per variant; one failure (noncma-below-min, variant 1). */
	snprintf(want, sizeof(want), "<testsuites name=\"memgate e2000q\" tests=\"%zu\" failures=\"1\"",
		 2 * nrules);
	assert_contains(s, want);
	snprintf(want, sizeof(want),
		 "<testsuite name=\"memgate.e2000q RAM 1984 MiB\" tests=\"%zu\" failures=\"1\"", nrules);
	assert_contains(s, want);
	snprintf(want, sizeof(want),
		 "<testsuite name=\"memgate.e2000q RAM 4096 MiB\" tests=\"%zu\" failures=\"0\"", nrules);
	assert_contains(s, want);
	assert_contains(s, "<testcase classname=\"memgate.e2000q\" name=\"noncma-below-min\">\n"
			   "      <failure type=\"reject\" message=\"non-CMA free 89344 kB - demand 131072 kB &lt; min 91584 kB (zone DMA32)\">");
	assert_contains(s, "source: boards/e2000q/cmdline:1 cmdline:3 &apos;cma=64M&apos;\n");
	/* A warning is a passing testcase with the finding in system-out. */
	assert_contains(s, "<testcase classname=\"memgate.e2000q\" name=\"cma-unusable-for-movable\">\n"
			   "      <system-out>warn: mobility grouping off");
	assert_contains(s, "waived: accepted &quot;risk&quot; &lt;ops&gt; &amp; co&#9;for now\n");
	assert_contains(s, "<testcase classname=\"memgate.e2000q\" name=\"kswapd-always-awake\"/>");
	assert_contains(s, "</testsuites>\n");

	if (system("command -v python3 >/dev/null 2>&1") != 0) {
		free(s);
		free_verdict(v);
		skip();
	}
	write_tmp(path, sizeof(path), "/tmp/mg-junit-XXXXXX", s);
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' %s", path);
	assert_int_equal(system(cmd), 0);
	unlink(path);
	free(s);
	free_verdict(v);
}

static void test_junit_hostile_name(void **state)
{
	struct mg_board b;
	struct mg_verdict *v = make_verdict(false);
	char *s;
	(void)state;
	fill_board(&b);
	snprintf(b.name, sizeof(b.name), "x\"<&>\x01y");
	s = render_check(&b, v, MG_FMT_JUNIT);
	/* Quotes and markup escaped; a C0 control (not allowed in XML 1.0) becomes U+FFFD. */
	assert_contains(s, "classname=\"memgate.x&quot;&lt;&amp;&gt;\xef\xbf\xbdy\"");
	free(s);
	free_verdict(v);
}

static void test_pass_headline(void **state)
{
	struct mg_board b;
	struct mg_verdict *v = make_verdict(false);
	char *s;
	(void)state;
	fill_board(&b);
	v->variants[0].nfindings = 0;
	v->variants[0].rejected = false;
	v->variants[0].worst = MG_SEV_INFO;
	v->rejected = false;
	v->worst = MG_SEV_INFO;
	s = render_check(&b, v, MG_FMT_TEXT);
	assert_true(!strncmp(s, "memgate: PASS boards/e2000q \xe2\x80\x94 no findings\n", 42));
	assert_contains(s, "Findings (0)\n  none\n");
	free(s);
	s = render_check(&b, v, MG_FMT_JSON);
	assert_contains(s, "\"verdict\": \"pass\"");
	assert_contains(s, "\"findings\": []");
	free(s);
	free_verdict(v);
}

static void test_inputs(void **state)
{
	struct mg_board *b = calloc(1, sizeof(*b));
	struct mg_dt_memory mem;
	struct mg_range reg = { 0x80000000, 0x7c000000 };
	struct mg_cmdline_token tok;
	char name[] = "cma", value[] = "64M", eff[] = "cma=64M";
	struct mg_buf out, cfg;
	struct mg_error err;
	(void)state;
	assert_non_null(b);
	fill_board(b);
	memset(&mem, 0, sizeof(mem));
	snprintf(mem.path, sizeof(mem.path), "/memory@80000000");
	mem.reg = &reg;
	mem.nreg = 1;
	mem.okay = true;
	mem.root_level = true;
	mg_origin_set(&mem.origin, "boards/e2000q/board.dts", 14, "/memory@80000000");
	b->dt.memory = &mem;
	b->dt.nmemory = 1;
	memset(&tok, 0, sizeof(tok));
	tok.name = name;
	tok.value = value;
	tok.index = 1;
	tok.source = MG_CMDLINE_SRC_BOOTLOADER;
	mg_origin_set(&tok.origin, "boards/e2000q/cmdline", 1, "cmdline:1 'cma=64M'");
	b->cmdline.effective = eff;
	b->cmdline.tokens = &tok;
	b->cmdline.ntokens = 1;
	/* Three symbols at lines 277, 1021 and 2000 of a .config of comment lines. */
	mg_buf_init(&cfg);
	for (int line = 1; line <= 2000; line++)
		mg_buf_puts(&cfg, line == 277 ? "# CONFIG_CMA_DEBUG is not set\n" :
			    line == 1021 ? "CONFIG_ARM64_64K_PAGES=y\n" :
			    line == 2000 ? "CONFIG_USB=y\n" : "#\n");
	assert_false(cfg.failed);
	assert_int_equal(mg_kconfig_parse_buf(&b->kconfig, cfg.data, cfg.len, "boards/e2000q/kernel.config", &err), 0);
	mg_buf_free(&cfg);

	mg_buf_init(&out);
	mg_report_inputs(&out, b, MG_FMT_TEXT);
	assert_false(out.failed);
	assert_contains(out.data, "memory /memory@80000000 (okay)\n    reg 0x0000000080000000 size 0x000000007c000000 (1984 MiB)\n    source: boards/e2000q/board.dts:14 /memory@80000000\n");
	assert_contains(out.data, "  1. cma=64M  [bootloader] boards/e2000q/cmdline:1 cmdline:1 'cma=64M'\n");
	/* In file order; "# CONFIG_X is not set" (value "n") shown as the file spells it. */
	assert_contains(out.data, "  3 symbols read; the memory-relevant ones:\n"
				  "    # CONFIG_CMA_DEBUG is not set  (boards/e2000q/kernel.config:277)\n"
				  "    CONFIG_ARM64_64K_PAGES=y  (boards/e2000q/kernel.config:1021)\n");
	assert_not_contains(out.data, "CONFIG_USB");
	mg_buf_free(&out);

	mg_report_inputs(&out, b, MG_FMT_JSON);
	assert_false(out.failed);
	assert_true(json_valid(out.data));
	assert_contains(out.data, "\"schema\": \"memgate-inputs/1\"");
	assert_contains(out.data, "\"size_bytes\": 2080374784");
	assert_contains(out.data, "\"from\": \"bootloader\"");
	assert_contains(out.data, "\"name\": \"ARM64_64K_PAGES\"");
	mg_buf_free(&out);
	mg_kconfig_free(&b->kconfig);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_names),
		cmocka_unit_test(test_json_string_escaping),
		cmocka_unit_test(test_json_layout),
		cmocka_unit_test(test_json_check),
		cmocka_unit_test(test_text_check),
		cmocka_unit_test(test_text_variants),
		cmocka_unit_test(test_text_layout_map),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_cell_escape),
		cmocka_unit_test(test_sarif),
		cmocka_unit_test(test_sarif_layout_empty),
		cmocka_unit_test(test_junit),
		cmocka_unit_test(test_junit_hostile_name),
		cmocka_unit_test(test_pass_headline),
		cmocka_unit_test(test_inputs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
