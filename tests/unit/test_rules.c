/* Unit tests: every rule of the gate fires on one small synthetic board and stays silent on a
 * near twin (tests/data/rules/<case>/), every waiver state, and the atomic writer behind -o.
 *
 * The base board (tests/data/rules/base): arm64 6.1.50, 4 KiB pages, THP off, 1 CPU, 2 GiB at
 * 0x80000000 (all ZONE_DMA: the DMA limit is 4 GiB), no CMA.  The model gives
 *   managed (non-CMA free)  2034540 kB
 *   min_free_kbytes         int_sqrt(16 * 2029420 kB) = 5698 -> zone min 5698 / 4 = 1424 pages = 5696 kB
 *   low 1931 pages, high 2438 pages = 9752 kB
 * and its profile (baseline 64M, movable 256M, unmovable 16M) demands
 *   65536 + 16384 + 262144 + page tables 262144 kB / 4 kB * 8 B = 512 kB = 344576 kB,
 * so 279040 kB of every floor board's demand is the application and the rest the baseline. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memgate/board.h>
#include <memgate/gate.h>
#include <memgate/util.h>

#define TODAY "2026-11-25"
#define RULES "tests/data/rules/"

static struct mg_board *load(const char *dir)
{
	struct mg_board *b = calloc(1, sizeof(*b));
	struct mg_error err;
	assert_non_null(b);
	if (mg_board_load(b, dir, NULL, &err))
		fail_msg("%s: %s", dir, err.msg);
	return b;
}

static void run(struct mg_verdict *v, const char *dir, const struct mg_policy *p, const char *today)
{
	struct mg_board *b = load(dir);
	struct mg_gate_options o = { .today = today, .policy = p };
	struct mg_error err;
	if (mg_gate_run(v, b, &o, &err))
		fail_msg("%s: %s", dir, err.msg);
	assert_int_equal(v->nvariants, 1);
	mg_board_free(b);
	free(b);
}

static size_t count(const struct mg_verdict_variant *v, const char *rule)
{
	size_t n = 0;
	for (size_t i = 0; i < v->nfindings; i++)
		n += !strcmp(v->findings[i].rule, rule);
	return n;
}

static const struct mg_finding *find_msg(const struct mg_verdict_variant *v, const char *rule, const char *part)
{
	for (size_t i = 0; i < v->nfindings; i++)
		if (!strcmp(v->findings[i].rule, rule) && (!part || strstr(v->findings[i].message, part)))
			return &v->findings[i];
	return NULL;
}

static bool has_source(const struct mg_finding *f, const char *part)
{
	for (size_t i = 0; i < f->nsources; i++)
		if (strstr(f->sources[i].what, part) || strstr(f->sources[i].file, part))
			return true;
	return false;
}

/* The board's one finding of rule has this severity and every part in its message. */
static const struct mg_finding *fires(const struct mg_verdict *v, const char *rule, enum mg_severity sev,
				      const char *const *parts)
{
	const struct mg_finding *f = find_msg(&v->variants[0], rule, NULL);
	if (!f)
		fail_msg("rule %s did not fire", rule);
	assert_int_equal(count(&v->variants[0], rule), 1);
	assert_int_equal(f->severity, sev);
	assert_false(f->waived);
	for (size_t i = 0; parts && parts[i]; i++)
		if (!strstr(f->message, parts[i]))
			fail_msg("%s: '%s' not in '%s'", rule, parts[i], f->message);
	return f;
}

static void silent(const char *dir, const char *rule)
{
	struct mg_verdict v;
	run(&v, dir, NULL, TODAY);
	if (count(&v.variants[0], rule))
		fail_msg("%s fired on %s: %s", rule, dir, find_msg(&v.variants[0], rule, NULL)->message);
	mg_verdict_free(&v);
}

#define PARTS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_base_is_clean(void **state)
{
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "base", NULL, TODAY);
	assert_int_equal(v.variants[0].nfindings, 0);
	assert_int_equal(v.npolicy_findings, 0);
	assert_false(v.rejected);
	assert_int_equal(v.worst, MG_SEV_INFO);
	/* 2034540 - 344576 - 5696 */
	assert_int_equal(v.variants[0].margin_kb, 1684268);
	mg_verdict_free(&v);
}

/* demand = baseline 1800 MiB (1843200 kB) + 279040 = 2122240 kB; 2034540 - 2122240 = -87700;
 * margin -87700 - 5696 = -93396, short by 93397 (the floor needs margin > 0). */
static void test_noncma_below_min(void **state)
{
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "floor-reject", NULL, TODAY);
	f = fires(&v, "noncma-below-min", MG_SEV_REJECT,
		  PARTS("non-CMA free 2034540 kB - demand 2122240 kB = -87700 kB <= min 5696 kB (zone DMA)",
			"short by 93397 kB"));
	assert_true(has_source(f, "system.baseline: 1800M"));
	assert_true(v.rejected);
	assert_int_equal(v.variants[0].margin_kb, -93396);
	mg_verdict_free(&v);
	/* The edge: baseline 1749804 kB makes demand 2028844 kB, leaving exactly min (5696 kB):
	 * margin 0 still OOMs (<=), short by 1 kB; one kB less demand passes the floor. */
	run(&v, RULES "floor-edge-0", NULL, TODAY);
	fires(&v, "noncma-below-min", MG_SEV_REJECT,
	      PARTS("demand 2028844 kB = 5696 kB <= min 5696 kB", "short by 1 kB"));
	assert_int_equal(v.variants[0].margin_kb, 0);
	mg_verdict_free(&v);
	silent(RULES "floor-edge-1", "noncma-below-min");
	silent(RULES "base", "noncma-below-min");
}

/* 6.1 (boost 5.0+, pcp high 5.14+): boost max(pageblock 512, high 2438 * 15000 / 10000 = 3657)
 * = 3657 pages; pcp 1 CPU * max(low 1931, 4 * batch 63) = 1931 pages; 5588 pages = 22352 kB.
 * floor-runtime: baseline 1739804 kB -> demand 2018844 kB -> margin 10000 kB <= 22352 kB. */
static void test_runtime_floor_risk(void **state)
{
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "floor-runtime", NULL, TODAY);
	fires(&v, "runtime-floor-risk", MG_SEV_WARN,
	      PARTS("margin above min 10000 kB <= worst-case watermark boost + per-CPU free lists 22352 kB (DMA)"));
	assert_false(v.rejected);
	assert_int_equal(v.worst, MG_SEV_WARN);
	assert_int_equal(count(&v.variants[0], "kswapd-always-awake"), 0);
	mg_verdict_free(&v);
	/* margin 1 kB: the smallest margin that passes the floor is inside the runtime margin */
	run(&v, RULES "floor-edge-1", NULL, TODAY);
	fires(&v, "runtime-floor-risk", MG_SEV_WARN, PARTS("margin above min 1 kB <= "));
	mg_verdict_free(&v);
	silent(RULES "base", "runtime-floor-risk");
	/* 4.19: no boost; pcp 6 * batch 31 = 186 pages = 744 kB < margin 2000 kB */
	silent(RULES "kswapd-4.19-awake", "runtime-floor-risk");
}

/* 4.19 (no watermark boost, so the runtime margin is the pcp lists' 744 kB): baseline
 * 1747804 kB -> demand 2026844 kB; 2034540 - 2026844 = 7696 kB <= high 9752 kB, margin above
 * min 7696 - 5696 = 2000 kB > 744 kB.  On 5.0+ the boost (>= 1.5 x high > high - min) makes any
 * board below high a runtime-floor-risk too; the two rules are independent, so 6.1 says both. */
static void test_kswapd_always_awake(void **state)
{
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "kswapd-4.19-awake", NULL, TODAY);
	fires(&v, "kswapd-always-awake", MG_SEV_WARN,
	      PARTS("non-CMA free 2034540 kB - demand 2026844 kB = 7696 kB <= high 9752 kB: kswapd never rests "
		    "(margin above min 2000 kB)"));
	assert_false(v.rejected);
	mg_verdict_free(&v);
	silent(RULES "kswapd-4.19", "kswapd-always-awake");
	run(&v, RULES "floor-kswapd-6.1", NULL, TODAY);
	assert_int_equal(count(&v.variants[0], "kswapd-always-awake"), 1);
	fires(&v, "runtime-floor-risk", MG_SEV_WARN, PARTS("margin above min 2000 kB"));
	mg_verdict_free(&v);
}

/* 64 KiB pages on 6.1: pageblock order 13 = 8192 pages (512 MiB), MIGRATE_TYPES 6 with CMA and
 * isolation: grouping needs 49152 pages (3 GiB).  2 GiB = 32768 pages minus the memmap
 * (32768 * 64 B = 2 MiB = 32 pages) = 32736 < 49152: off.  4 GiB: 65536 - 64 = 65472: on. */
static void test_cma_unusable_for_movable(void **state)
{
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "cma-64k-2g-512m", NULL, TODAY);
	f = fires(&v, "cma-unusable-for-movable", MG_SEV_WARN,
		  PARTS("32736 pages at build_all_zonelists < pageblock 8192 x MIGRATE_TYPES 6 = 49152 pages",
			"the 524288 kB of CMA serve only cma_alloc()"));
	assert_true(has_source(f, "CONFIG_ARM64_64K_PAGES=y"));
	assert_non_null(strstr(f->fix, "vm_total_pages >= 49152"));
	mg_verdict_free(&v);
	silent(RULES "cma-64k-4g-512m", "cma-unusable-for-movable");
	/* no CMA at all: nothing to be unusable */
	silent(RULES "base", "cma-unusable-for-movable");
}

/* CMA alignment on 64 KiB pages = pageblock 8192 pages = 512 MiB: cma=64M becomes 512 MiB. */
static void test_cma_rounded_up(void **state)
{
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "cma-64k-2g-64m", NULL, TODAY);
	f = fires(&v, "cma-rounded-up", MG_SEV_WARN,
		  PARTS("asked 64 MiB, got 512 MiB because CMA alignment on 64 KiB pages is 512 MiB"));
	assert_true(has_source(f, "'cma=64M'"));
	mg_verdict_free(&v);
	/* cma=512M is already a multiple of the granule */
	silent(RULES "cma-64k-2g-512m", "cma-rounded-up");
}

/* 6.1, 4 KiB pages: a fixed CMA base must be aligned to PAGE_SIZE << pageblock_order = 2 MiB;
 * 0x80100000 is 1 MiB off, 0xa0000000 is aligned. */
static void test_cma_reservation_fails(void **state)
{
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "cma-fixed-misaligned", NULL, TODAY);
	fires(&v, "cma-reservation-fails", MG_SEV_REJECT,
	      PARTS("Region at 0x0000000080100000 must be aligned to 0x0000000000200000 bytes", "(requested 64 MiB)"));
	assert_true(v.rejected);
	mg_verdict_free(&v);
	silent(RULES "cma-fixed-aligned", "cma-reservation-fails");
}

/* 4 GiB at 0x80000000: DMA [2 GiB, 4 GiB), Normal [4 GiB, 6 GiB).  A static reusable pool
 * [0xf0000000, 0x110000000) has pages in both; [0xe0000000, 0x100000000) ends at the boundary. */
static void test_cma_crosses_zone(void **state)
{
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "cma-crosses-zone", NULL, TODAY);
	f = fires(&v, "cma-crosses-zone", MG_SEV_REJECT,
		  PARTS("CMA area pool@f0000000 could not be activated (spans zones DMA and Normal)",
			"(requested 512 MiB)"));
	assert_true(has_source(f, "/reserved-memory/pool@f0000000"));
	assert_int_equal(count(&v.variants[0], "cma-reservation-fails"), 0);
	mg_verdict_free(&v);
	silent(RULES "cma-within-zone", "cma-crosses-zone");
}

/* Demand on the default pool: 2 x 48 MiB + 16 MiB = 112 MiB = 114688 kB.  cma=64M hands out
 * 65536 kB minus 3 DMA atomic pools (DMA, DMA32, kernel; 5.8+: 128 KiB per GiB of MemTotal,
 * ~508600 pages / 8192 = 62 pages = 248 kB each) = 64792 kB; cma=128M: 130328 kB. */
static void test_cma_demand_exceeds_pool(void **state)
{
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "cma-demand-over", NULL, TODAY);
	fires(&v, "cma-demand-exceeds-pool", MG_SEV_REJECT,
	      PARTS("CMA demand for pool 'default' 114688 kB > available 64792 kB"));
	assert_true(v.rejected);
	mg_verdict_free(&v);
	silent(RULES "cma-demand-fits", "cma-demand-exceeds-pool");
	run(&v, RULES "cma-demand-nopool", NULL, TODAY);
	fires(&v, "cma-demand-exceeds-pool", MG_SEV_REJECT,
	      PARTS("CMA demand for pool 'vpu-pool' 32768 kB > available 0 kB (no such pool is activated)"));
	mg_verdict_free(&v);
	/* Two pools: 16 MiB from default fits; 32 + 8 MiB = 40960 kB from a missing pool does not.
	 * (Only the first pool with demand used to be checked.) */
	run(&v, RULES "cma-demand-two-pools", NULL, TODAY);
	fires(&v, "cma-demand-exceeds-pool", MG_SEV_REJECT,
	      PARTS("CMA demand for pool 'vpu-pool' 40960 kB > available 0 kB (no such pool is activated)"));
	mg_verdict_free(&v);
}

/* A DT linux,cma-default pool and cmdline cma=128M: >= 5.6 the cmdline wins (rmem_cma_setup
 * bypasses the node), <= 5.5 the DT area exists first and dma_contiguous_reserve skips cma=. */
static void test_cma_source_ignored(void **state)
{
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "cma-source-6.1", NULL, TODAY);
	f = fires(&v, "cma-source-ignored", MG_SEV_WARN,
		  PARTS("'cma=128M' bypasses the DT default pool /reserved-memory/linux,cma (kernel >= 5.6)"));
	assert_true(has_source(f, "'cma=128M'"));
	assert_true(has_source(f, "/reserved-memory/linux,cma"));
	mg_verdict_free(&v);
	run(&v, RULES "cma-source-5.4", NULL, TODAY);
	fires(&v, "cma-source-ignored", MG_SEV_WARN,
	      PARTS("DT default pool /reserved-memory/linux,cma wins", "'cma=128M' is ignored (kernel <= 5.5)"));
	mg_verdict_free(&v);
	silent(RULES "cma-source-dt-only", "cma-source-ignored");
	/* cma= without a DT pool is the ordinary case */
	silent(RULES "cma-64k-2g-64m", "cma-source-ignored");
}

static void test_reserved_overlap(void **state)
{
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "overlap", NULL, TODAY);
	assert_int_equal(count(&v.variants[0], "reserved-overlap"), 3);
	/* fw-a [0x90000000, +16 MiB) and fw-b [0x90800000, +16 MiB) share 8 MiB: conflicting */
	f = find_msg(&v.variants[0], "reserved-overlap", "(conflicting)");
	assert_non_null(f);
	assert_int_equal(f->severity, MG_SEV_WARN);
	assert_non_null(strstr(f->message, "/reserved-memory/fw-a@90000000 [0x90000000-0x91000000) and "
					   "/reserved-memory/fw-b@90800000 [0x90800000-0x91800000)"));
	assert_int_equal(f->nsources, 2);
	/* the same 1 MiB twice: duplicate description (info) */
	f = find_msg(&v.variants[0], "reserved-overlap", "(duplicate description)");
	assert_non_null(f);
	assert_int_equal(f->severity, MG_SEV_INFO);
	assert_non_null(strstr(f->message, "ipc@a0000000 [0xa0000000-0xa0100000) and /reserved-memory/ipc-dup@a0000000"));
	/* dsp-log [0xb0400000, +4 MiB) inside dsp [0xb0000000, +16 MiB): nested (info) */
	f = find_msg(&v.variants[0], "reserved-overlap", "(nested)");
	assert_non_null(f);
	assert_int_equal(f->severity, MG_SEV_INFO);
	assert_non_null(strstr(f->message, "[0xb0400000-0xb0800000)"));
	assert_int_equal(v.worst, MG_SEV_WARN);
	mg_verdict_free(&v);
	/* [0x90000000, 0x91000000) and [0x91000000, 0x92000000) touch: end is exclusive */
	silent(RULES "overlap-adjacent", "reserved-overlap");
}

/* RAM is [0x80000000, 0x100000000). */
static void test_region_outside_ram(void **state)
{
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "outside-ram", NULL, TODAY);
	assert_int_equal(count(&v.variants[0], "region-outside-ram"), 2);
	assert_non_null(find_msg(&v.variants[0], "region-outside-ram",
				 "/reserved-memory/past-end@110000000 [0x110000000-0x110100000) is not inside any /memory bank"));
	/* [0xfff00000, 0x100100000) straddles the end of RAM */
	assert_non_null(find_msg(&v.variants[0], "region-outside-ram", "straddle@fff00000 [0xfff00000-0x100100000)"));
	assert_int_equal(find_msg(&v.variants[0], "region-outside-ram", NULL)->severity, MG_SEV_WARN);
	mg_verdict_free(&v);
	/* [0xffe00000, 0x100000000) ends exactly at the end of RAM */
	silent(RULES "inside-ram", "region-outside-ram");
}

/* alloc-ranges [0xc0000000, 0xd0000000) is 256 MiB: a 512 MiB pool cannot fit, 32 MiB can. */
static void test_dynamic_region_unplaceable(void **state)
{
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "dynamic-unplaceable", NULL, TODAY);
	f = fires(&v, "dynamic-region-unplaceable", MG_SEV_REJECT,
		  PARTS("/reserved-memory/vpu-pool: no free 512 MiB inside its alloc-ranges"));
	assert_true(has_source(f, "/reserved-memory/vpu-pool"));
	assert_int_equal(f->sources[0].line, 18); /* the node's line in board.dts */
	assert_true(v.rejected);
	mg_verdict_free(&v);
	silent(RULES "dynamic-placeable", "dynamic-region-unplaceable");
}

/* With CONFIG_SWIOTLB, 6.1 arm64 sets up 64 MiB of bounce buffer when RAM reaches above the DMA
 * limit (4 GiB), allocated top-down below it: 0x100000000 - 64 MiB = 0xfc000000. */
static void test_swiotlb_in_dma_zone(void **state)
{
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "swiotlb", NULL, TODAY);
	fires(&v, "swiotlb-in-dma-zone", MG_SEV_INFO, PARTS("swiotlb takes 64 MiB at 0xfc000000 from zone DMA"));
	assert_false(v.rejected);
	assert_int_equal(v.worst, MG_SEV_INFO);
	mg_verdict_free(&v);
	silent(RULES "swiotlb-below-limit", "swiotlb-in-dma-zone");
}

/* set_recommended_min_free_kbytes: pageblock 512 pages * 1 zone * (2 + MIGRATE_PCPTYPES^2 = 11)
 * = 5632 pages = 22528 kB > 5698 kB. */
static void test_thp_raised_min_free(void **state)
{
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "thp", NULL, TODAY);
	f = fires(&v, "thp-raised-min-free", MG_SEV_INFO, PARTS("THP raises min_free_kbytes from 5698 to 22528 kB"));
	assert_true(has_source(f, "CONFIG_TRANSPARENT_HUGEPAGE=y"));
	assert_non_null(strstr(f->fix, "transparent_hugepage=never on the command line keeps min_free_kbytes at 5698 kB"));
	mg_verdict_free(&v);
	silent(RULES "base", "thp-raised-min-free");
}

static void test_sysctl_overrides_default(void **state)
{
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "sysctl", NULL, TODAY);
	f = fires(&v, "sysctl-overrides-default", MG_SEV_INFO, PARTS("min_free_kbytes 16384 kB replaces 5698 kB"));
	assert_true(has_source(f, "sysctl.vm.min_free_kbytes=16384"));
	mg_verdict_free(&v);
	silent(RULES "base", "sysctl-overrides-default");
}

/* Every rule of the table has a test above (waiver-* below): a new rule needs one too. */
static void test_every_rule_covered(void **state)
{
	static const char *const tested[] = {
		"noncma-below-min", "runtime-floor-risk", "kswapd-always-awake", "cma-unusable-for-movable",
		"cma-rounded-up", "cma-reservation-fails", "cma-demand-exceeds-pool", "cma-source-ignored",
		"reserved-overlap", "region-outside-ram", "dynamic-region-unplaceable", "cma-crosses-zone",
		"swiotlb-in-dma-zone", "thp-raised-min-free", "sysctl-overrides-default", "waiver-expired",
		"waiver-unmatched",
	};
	size_t n;
	const struct mg_rule_info *r = mg_rules(&n);
	(void)state;
	assert_int_equal(n, sizeof(tested) / sizeof(tested[0]));
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (size_t j = 0; j < n && !found; j++)
			found = !strcmp(r[i].id, tested[j]);
		if (!found)
			fail_msg("rule %s has no test in test_rules.c", r[i].id);
	}
}

/* ---- waivers ---- */

static struct mg_policy *policy(const char *name)
{
	struct mg_policy *p = calloc(1, sizeof(*p));
	char path[256];
	struct mg_error err;
	assert_non_null(p);
	snprintf(path, sizeof(path), RULES "policies/%s", name);
	if (mg_policy_load(p, path, &err))
		fail_msg("%s: %s", path, err.msg);
	return p;
}

/* Active (expires 2027-01-31, today 2026-11-25): reported waived, the verdict passes. */
static void test_waiver_active(void **state)
{
	struct mg_policy *p = policy("floor-active.yaml");
	struct mg_verdict v;
	const struct mg_finding *f;
	(void)state;
	run(&v, RULES "floor-reject", p, TODAY);
	f = find_msg(&v.variants[0], "noncma-below-min", "short by 93397 kB");
	assert_non_null(f);
	assert_true(f->waived);
	assert_string_equal(f->waiver_reason, "rules test (platform-team, until 2027-01-31)");
	assert_false(v.variants[0].rejected);
	assert_false(v.rejected);
	assert_int_equal(v.worst, MG_SEV_INFO);
	assert_int_equal(v.npolicy_findings, 0);
	mg_verdict_free(&v);
	/* on its expiry day the waiver still holds */
	free(p);
	p = policy("floor-active.yaml"); /* a fresh copy: the gate marks waivers used */
	run(&v, RULES "floor-reject", p, "2027-01-31");
	assert_true(find_msg(&v.variants[0], "noncma-below-min", NULL)->waived);
	assert_false(v.rejected);
	assert_int_equal(v.npolicy_findings, 0);
	mg_verdict_free(&v);
	free(p);
}

/* Expired (2026-01-31 < 2026-11-25): the finding counts again and the waiver is a finding. */
static void test_waiver_expired(void **state)
{
	struct mg_policy *p = policy("floor-expired.yaml");
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "floor-reject", p, TODAY);
	assert_false(find_msg(&v.variants[0], "noncma-below-min", NULL)->waived);
	assert_true(v.rejected);
	assert_int_equal(v.worst, MG_SEV_REJECT);
	assert_int_equal(v.npolicy_findings, 1);
	assert_string_equal(v.policy_findings[0].rule, "waiver-expired");
	assert_int_equal(v.policy_findings[0].severity, MG_SEV_WARN);
	assert_string_equal(v.policy_findings[0].message, "waiver for noncma-below-min (platform-team) expired on 2026-01-31");
	assert_non_null(strstr(v.policy_findings[0].sources[0].file, "floor-expired.yaml"));
	mg_verdict_free(&v);
	free(p);
}

/* Unmatched: nothing fires on the base board, so a waiver for cma-rounded-up is stale. */
static void test_waiver_unmatched(void **state)
{
	struct mg_policy *p = policy("unmatched.yaml");
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "base", p, TODAY);
	assert_int_equal(v.variants[0].nfindings, 0);
	assert_int_equal(v.npolicy_findings, 1);
	assert_string_equal(v.policy_findings[0].rule, "waiver-unmatched");
	assert_int_equal(v.policy_findings[0].severity, MG_SEV_WARN);
	assert_string_equal(v.policy_findings[0].message, "waiver for cma-rounded-up (platform-team) matches no finding");
	assert_false(v.rejected);
	assert_int_equal(v.worst, MG_SEV_WARN);
	mg_verdict_free(&v);
	free(p);
}

/* Scope by node path: only the conflicting overlap names fw-a@90000000; the duplicate and nested
 * ones (other nodes) stay unwaived. */
static void test_waiver_scope_node(void **state)
{
	struct mg_policy *p = policy("overlap-node.yaml");
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "overlap", p, TODAY);
	assert_true(find_msg(&v.variants[0], "reserved-overlap", "(conflicting)")->waived);
	assert_false(find_msg(&v.variants[0], "reserved-overlap", "(duplicate description)")->waived);
	assert_false(find_msg(&v.variants[0], "reserved-overlap", "(nested)")->waived);
	/* the only warn is waived: the two info findings are the worst left */
	assert_int_equal(v.worst, MG_SEV_INFO);
	assert_int_equal(v.npolicy_findings, 0);
	mg_verdict_free(&v);
	free(p);
}

/* Scope by cmdline token: 'cma=64M' is the rounded area's source; 'cma=128M' matches nothing. */
static void test_waiver_scope_token(void **state)
{
	struct mg_policy *p = policy("rounded-token.yaml");
	struct mg_verdict v;
	(void)state;
	run(&v, RULES "cma-64k-2g-64m", p, TODAY);
	assert_true(find_msg(&v.variants[0], "cma-rounded-up", NULL)->waived);
	assert_false(find_msg(&v.variants[0], "cma-unusable-for-movable", NULL)->waived);
	assert_int_equal(v.npolicy_findings, 0);
	mg_verdict_free(&v);
	free(p);
	p = policy("rounded-other-token.yaml");
	run(&v, RULES "cma-64k-2g-64m", p, TODAY);
	assert_false(find_msg(&v.variants[0], "cma-rounded-up", NULL)->waived);
	assert_int_equal(v.npolicy_findings, 1);
	assert_string_equal(v.policy_findings[0].rule, "waiver-unmatched");
	mg_verdict_free(&v);
	free(p);
}

/* ---- the writer behind -o FILE ---- */

static void read_all(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "rb");
	size_t n;
	assert_non_null(f);
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* mg_write_atomic renames a finished temporary over the target: a hard link to the old file
 * keeps the old bytes (no truncate in place), no temporary is left, and a missing directory is
 * an error naming the path with nothing written. */
static void test_write_atomic(void **state)
{
	char dir[] = "/tmp/memgate-rules-XXXXXX", path[128], link_path[128], bad[160], buf[64];
	struct mg_error err;
	struct stat st;
	size_t entries = 0;
	FILE *ls;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/report.json", dir);
	snprintf(link_path, sizeof(link_path), "%s/old.json", dir);
	assert_int_equal(mg_write_atomic(path, "old\n", 4, &err), 0);
	assert_int_equal(link(path, link_path), 0);
	assert_int_equal(mg_write_atomic(path, "new report\n", 11, &err), 0);
	read_all(path, buf, sizeof(buf));
	assert_string_equal(buf, "new report\n");
	read_all(link_path, buf, sizeof(buf));
	assert_string_equal(buf, "old\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_nlink, 1);
	/* only the two names remain: no *.tmp.* */
	snprintf(bad, sizeof(bad), "ls -A '%s'", dir);
	ls = popen(bad, "r");
	assert_non_null(ls);
	while (fgets(buf, sizeof(buf), ls)) {
		assert_null(strstr(buf, ".tmp."));
		entries++;
	}
	pclose(ls);
	assert_int_equal(entries, 2);
	snprintf(bad, sizeof(bad), "%s/missing/report.json", dir);
	assert_int_equal(mg_write_atomic(bad, "x", 1, &err), -1);
	assert_non_null(strstr(err.msg, "cannot create output"));
	assert_int_equal(unlink(link_path), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base_is_clean),
		cmocka_unit_test(test_noncma_below_min),
		cmocka_unit_test(test_runtime_floor_risk),
		cmocka_unit_test(test_kswapd_always_awake),
		cmocka_unit_test(test_cma_unusable_for_movable),
		cmocka_unit_test(test_cma_rounded_up),
		cmocka_unit_test(test_cma_reservation_fails),
		cmocka_unit_test(test_cma_crosses_zone),
		cmocka_unit_test(test_cma_demand_exceeds_pool),
		cmocka_unit_test(test_cma_source_ignored),
		cmocka_unit_test(test_reserved_overlap),
		cmocka_unit_test(test_region_outside_ram),
		cmocka_unit_test(test_dynamic_region_unplaceable),
		cmocka_unit_test(test_swiotlb_in_dma_zone),
		cmocka_unit_test(test_thp_raised_min_free),
		cmocka_unit_test(test_sysctl_overrides_default),
		cmocka_unit_test(test_every_rule_covered),
		cmocka_unit_test(test_waiver_active),
		cmocka_unit_test(test_waiver_expired),
		cmocka_unit_test(test_waiver_unmatched),
		cmocka_unit_test(test_waiver_scope_node),
		cmocka_unit_test(test_waiver_scope_token),
		cmocka_unit_test(test_write_atomic),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
