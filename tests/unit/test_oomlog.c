/* Unit tests: OOM / page allocation failure reports (src/parse/oomlog.c), their analysis
 * (src/gate/oom_explain.c) and rendering (src/report/oom_text.c). */
#include "unit.h"

#include <stdlib.h>

#include <memgate/logs.h>

#define LOGS "tests/data/logs/"

static void load(struct mg_oom_log *log, const char *path)
{
	struct mg_error err = { 0 };
	int rc = mg_oom_load(log, path, &err);
	if (rc)
		fail_msg("%s: %s", path, err.msg);
}

static void explain(const struct mg_oom_log *log, const struct mg_oom_explain_opts *o,
		    struct mg_oom_analysis **a, size_t *n)
{
	struct mg_error err = { 0 };
	assert_int_equal(mg_oom_explain(log, o, a, n, &err), 0);
	assert_int_equal(*n, log->nreports);
}

/* The seed console log: two oom-killer invocations and one page allocation failure (whose
 * vendor-printed second header "oncealloc2: page allocation failure: mode:0x50cc0" belongs
 * to the same report); the "SLUB: Unable to allocate" lines are not reports. */
static void test_seed_parse(void **state)
{
	struct mg_oom_log log;
	const struct mg_oom_report *r;
	const struct mg_oom_zone *z;
	(void)state;

	load(&log, LOGS "e2000q-oom.log");
	assert_int_equal(log.nreports, 3);
	assert_int_equal(log.reports[0].kind, MG_OOM_KILLER);
	assert_int_equal(log.reports[1].kind, MG_OOM_ALLOC_FAILURE);
	assert_int_equal(log.reports[2].kind, MG_OOM_KILLER);
	/* line 1 is the shell prompt "estuary:/$  oncealloc2 134217728 &" */
	assert_int_equal(log.reports[0].line, 2);
	assert_int_equal(log.reports[1].line, 60);
	assert_int_equal(log.reports[2].line, 127);

	r = &log.reports[0];
	assert_string_equal(r->comm, "oncealloc2");
	assert_true(r->has_gfp);
	assert_int_equal(r->gfp_mask, 0x100cca);
	assert_string_equal(r->gfp_names, "GFP_HIGHUSER_MOVABLE");
	assert_true(r->has_order);
	assert_int_equal(r->order, 0);
	assert_string_equal(r->kernel_version, "5.4.74");
	assert_false(r->header_has_nodemask);
	assert_int_equal(r->nzones, 1);
	z = &r->zones[0];
	assert_int_equal(z->node, 0);
	assert_string_equal(z->name, "DMA32");
	assert_int_equal(z->free_kb.value, 613120);
	assert_int_equal(z->min_kb.value, 91584);
	assert_int_equal(z->low_kb.value, 114432);
	assert_int_equal(z->high_kb.value, 137280);
	assert_int_equal(z->present_kb.value, 2031616);
	assert_int_equal(z->managed_kb.value, 1996672);
	assert_int_equal(z->free_cma_kb.value, 523776);
	assert_false(z->boost_kb.set); /* boost: is printed from 6.1 */
	assert_int_equal(z->nlowmem_reserve, 3);
	assert_int_equal(z->lowmem_reserve_pages[0], 0);
	/* 14 buddy items, orders 0..13 (64 kB .. 524288 kB = 2^13 * 64 kB) */
	assert_int_equal(z->norders, 14);
	assert_int_equal(z->buddy[0].count, 12);
	assert_int_equal(z->buddy[0].size_kb, 64);
	assert_string_equal(z->buddy[0].types, "UM");
	assert_string_equal(z->buddy[7].types, "C");
	assert_int_equal(z->buddy[13].size_kb, 524288);
	assert_int_equal(z->buddy[13].count, 0);
	assert_string_equal(z->buddy[13].types, "");
	assert_int_equal(z->buddy_total_kb, 613120);
	/* global block, pages: free 9580 * 64 kB = 613120 kB; free_cma 8184 * 64 = 523776 */
	assert_int_equal(r->nglobal, 19);
	assert_string_equal(r->global[17].key, "free_pcp");
	assert_int_equal(r->nnodes, 1);
	assert_int_equal(r->nodes[0].all_unreclaimable, MG_TRI_YES);
	assert_int_equal(r->nhuge, 3);
	assert_int_equal(r->huge[0].size_kb, 16777216);
	assert_int_equal(r->pages_ram.value, 31744);
	assert_int_equal(r->pages_reserved.value, 546);
	assert_int_equal(r->pages_cma_reserved.value, 8192);
	assert_int_equal(r->pages_highmem.value, 0);
	assert_int_equal(r->ntasks, 11);
	assert_int_equal(r->tasks[0].pid, 1415);
	assert_string_equal(r->tasks[0].name, "ash");
	assert_int_equal(r->tasks[10].pid, 1440);
	assert_int_equal(r->tasks[10].rss, 998);
	assert_int_equal(r->tasks[10].pgtables_bytes, 393216);
	assert_string_equal(r->constraint, "CONSTRAINT_NONE");
	assert_true(r->global_oom);
	assert_string_equal(r->task_memcg, "/");
	assert_int_equal(r->kill_line, 0); /* this vendor kernel printed no kill line */

	r = &log.reports[1];
	assert_int_equal(r->gfp_mask, 0x50cc0);
	assert_string_equal(r->gfp_names, "GFP_KERNEL|__GFP_NORETRY|__GFP_COMP");
	assert_int_equal(r->order, 0);
	assert_int_equal(r->nzones, 1);
	assert_int_equal(r->ntasks, 0); /* warn_alloc prints no tasks table */

	r = &log.reports[2];
	assert_int_equal(r->ntasks, 11);
	assert_int_not_equal(r->panic_line, 0);
	/* the third zone line carries the author's "// 613120 - 523776 = ..." annotation */
	assert_int_equal(r->zones[0].free_cma_kb.value, 523776);
	mg_oom_log_free(&log);
}

static void test_seed_explain(void **state)
{
	struct mg_oom_log log;
	struct mg_oom_analysis *a;
	const struct mg_oom_zone_check *c;
	struct mg_buf b;
	size_t n;
	(void)state;

	load(&log, LOGS "e2000q-oom.log");
	explain(&log, NULL, &a, &n);

	assert_int_equal(a[0].page_kb, 64);
	assert_true(a[0].page_kb_derived);
	assert_int_equal(a[0].requested_mt, MG_MT_MOVABLE);
	assert_int_equal(a[0].effective_mt, MG_MT_UNMOVABLE);
	/* 31744 pages RAM - memmap 31 = 31713 < pageblock 8192 * 6 migrate types = 49152 */
	assert_int_equal(a[0].grouping, MG_TRI_NO);
	assert_true(a[0].grouping_inferred);
	assert_false(a[0].alloc_cma);
	assert_string_equal(a[0].highest_zone, "Movable");
	assert_false(a[0].reserve_index_is_gfp_zone); /* 5.4: the preferred zone */
	assert_int_equal(a[0].nzones, 1);
	c = &a[0].zones[0];
	assert_true(c->cma_subtracted);
	/* 613120 - 523776 = 89344 <= 91584 + 0 */
	assert_int_equal(c->usable_kb, 89344);
	assert_int_equal(c->threshold_kb, 91584);
	assert_true(c->fails);
	assert_true(c->would_pass_with_cma);
	/* a pass needs usable > threshold: 91584 - 89344 + one 64 kB page = 2304 */
	assert_int_equal(c->shortfall_kb, 2304);
	assert_int_equal(a[0].cause, MG_OOM_CAUSE_CMA_GROUPING_OFF);
	assert_non_null(strstr(a[0].cause_text, "GFP_HIGHUSER_MOVABLE could not use CMA because "
						"mobility grouping is off (64 KiB pages, < 3 GiB)"));
	assert_int_equal(a[0].nmissing, 1);
	assert_string_equal(a[0].missing[0], "kill line");

	/* the slab page for GFP_KERNEL: unmovable whatever the grouping */
	assert_int_equal(a[1].cause, MG_OOM_CAUSE_CMA_UNMOVABLE);
	assert_string_equal(a[1].highest_zone, "Normal");
	assert_int_equal(a[1].zones[0].usable_kb, 89344);
	assert_int_equal(a[2].cause, MG_OOM_CAUSE_CMA_GROUPING_OFF);
	assert_true(a[2].panicked);
	assert_int_equal(a[2].nmissing, 0);

	mg_buf_init(&b);
	assert_int_equal(mg_oom_render_text(&b, a, n), 0);
	assert_non_null(strstr(b.data, "DMA32 (line 29): free 613120 - free_cma 523776 = 89344 kB "
				       "<= min 91584 kB"));
	assert_non_null(strstr(b.data, "report 3 of 3 (line 127)"));
	mg_buf_free(&b);
	assert_int_equal(mg_oom_render_json(&b, a, n), 0);
	assert_non_null(strstr(b.data, "\"schema\": \"memgate-oom/1\""));
	assert_non_null(strstr(b.data, "\"usable_kb\": 89344"));
	assert_non_null(strstr(b.data, "\"cause\": \"cma-starvation-grouping-off\""));
	mg_buf_free(&b);
	free(a);

	/* a board prediction overrides the inference */
	{
		struct mg_oom_explain_opts o = { MG_TRI_YES, "board prediction", 0 };
		explain(&log, &o, &a, &n);
		assert_true(a[0].alloc_cma);
		assert_false(a[0].zones[0].cma_subtracted);
		assert_false(a[0].zones[0].fails); /* 613120 > 91584 */
		assert_string_equal(a[0].grouping_source, "board prediction");
		free(a);
	}
	mg_oom_log_free(&log);
}

/* Boot lines in the same log decide grouping instead of the inference. */
static void test_grouping_from_dmesg(void **state)
{
	struct mg_oom_log log;
	struct mg_oom_analysis *a;
	struct mg_error err = { 0 };
	size_t n;
	char *buf, *both;
	size_t len;
	const char *boot = "[    0.000000] Built 1 zonelists, mobility grouping off.  Total pages: 31713\n";
	(void)state;

	assert_int_equal(mg_read_file(LOGS "e2000q-oom.log", 1 << 20, &buf, &len, &err), 0);
	both = malloc(strlen(boot) + len + 1);
	assert_non_null(both);
	strcpy(both, boot);
	memcpy(both + strlen(boot), buf, len + 1);
	assert_int_equal(mg_oom_parse_buf(&log, both, strlen(both), "mixed.log", &err), 0);
	assert_int_equal(log.nreports, 3);
	explain(&log, NULL, &a, &n);
	assert_int_equal(a[0].grouping, MG_TRI_NO);
	assert_false(a[0].grouping_inferred);
	assert_string_equal(a[0].grouping_source, "mixed.log:1 'mobility grouping off'");
	assert_non_null(strstr(a[0].cause_text, "mixed.log:1 'mobility grouping off'"));
	free(a);
	mg_oom_log_free(&log);
	free(both);
	free(buf);
}

/* CRLF line ends (a Windows serial terminal) give the same numbers. */
static void test_crlf(void **state)
{
	struct mg_oom_log log;
	struct mg_oom_analysis *a;
	struct mg_error err = { 0 };
	char *buf, *crlf;
	size_t len, i, o = 0, n;
	(void)state;

	assert_int_equal(mg_read_file(LOGS "e2000q-oom.log", 1 << 20, &buf, &len, &err), 0);
	crlf = malloc(len * 2 + 1);
	assert_non_null(crlf);
	for (i = 0; i < len; i++) {
		if (buf[i] == '\n')
			crlf[o++] = '\r';
		crlf[o++] = buf[i];
	}
	assert_int_equal(mg_oom_parse_buf(&log, crlf, o, "crlf.log", &err), 0);
	assert_int_equal(log.nreports, 3);
	assert_string_equal(log.reports[0].gfp_names, "GFP_HIGHUSER_MOVABLE");
	assert_string_equal(log.reports[0].tasks[0].name, "ash");
	explain(&log, NULL, &a, &n);
	assert_int_equal(a[0].zones[0].usable_kb, 89344);
	assert_int_equal(a[0].cause, MG_OOM_CAUSE_CMA_GROUPING_OFF);
	free(a);
	mg_oom_log_free(&log);
	free(crlf);
	free(buf);
}

/* Cut inside the first report's Mem-Info block (after the global counters, before the zone
 * line): a partial analysis that names what is missing. */
static void test_truncated(void **state)
{
	struct mg_oom_log log;
	struct mg_oom_analysis *a;
	struct mg_error err = { 0 };
	char *buf, *p;
	size_t len, n, line;
	(void)state;

	assert_int_equal(mg_read_file(LOGS "e2000q-oom.log", 1 << 20, &buf, &len, &err), 0);
	/* keep lines 1..27 (the Node line is 28, the zone line 29) and cut line 28 in half */
	for (p = buf, line = 1; line < 28; line++)
		p = strchr(p, '\n') + 1;
	p += 40;
	assert_int_equal(mg_oom_parse_buf(&log, buf, (size_t)(p - buf), "cut.log", &err), 0);
	assert_int_equal(log.nreports, 1);
	assert_int_equal(log.reports[0].nzones, 0);
	explain(&log, NULL, &a, &n);
	assert_int_equal(a[0].cause, MG_OOM_CAUSE_UNKNOWN);
	assert_int_equal(a[0].nzones, 0);
	assert_string_equal(a[0].missing[0], "zone lines");
	assert_string_equal(a[0].missing[1], "tasks table");
	assert_string_equal(a[0].missing[2], "kill line");
	/* no present pages to infer grouping from; no zones, so no page size is needed */
	assert_string_equal(a[0].missing[3], "mobility grouping");
	assert_int_equal(a[0].nmissing, 4);
	free(a);
	mg_oom_log_free(&log);

	/* only the header survives */
	p = strchr(strchr(buf, '\n') + 1, '\n') + 1;
	assert_int_equal(mg_oom_parse_buf(&log, buf, (size_t)(p - buf), "cut.log", &err), 0);
	explain(&log, NULL, &a, &n);
	assert_string_equal(a[0].missing[0], "Mem-Info block");
	assert_string_equal(a[0].missing[1], "tasks table");
	assert_string_equal(a[0].missing[2], "kill line");
	free(a);
	mg_oom_log_free(&log);

	/* the header itself cut after "gfp_mask=": a report with no mask */
	p = strstr(buf, "gfp_mask=") + 9;
	assert_int_equal(mg_oom_parse_buf(&log, buf, (size_t)(p - buf), "cut.log", &err), 0);
	assert_false(log.reports[0].has_gfp);
	explain(&log, NULL, &a, &n);
	assert_string_equal(a[0].missing[0], "gfp_mask (header line)");
	free(a);
	mg_oom_log_free(&log);
	free(buf);
}

static void test_no_report(void **state)
{
	struct mg_oom_log log;
	struct mg_error err = { 0 };
	const char *junk = "hello\n\0\x01\xff[   1.0] SLUB: Unable to allocate memory on node -1\n";
	(void)state;

	assert_int_equal(mg_oom_load(&log, LOGS "dmesg-6.6-arm64-64k.log", &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	assert_string_equal(err.msg, "no OOM or page allocation failure report found");
	assert_int_equal(mg_oom_parse_buf(&log, junk, 60, "junk", &err), -1);
	assert_int_equal(mg_oom_parse_buf(&log, "", 0, "empty", &err), -1);
	assert_string_equal(err.file, "empty");
}

/* 6.1 zone lines carry boost: and reserved_highatomic: (capital KB); lowmem_reserve has
 * MAX_NR_ZONES = 5 entries (DMA DMA32 Normal Movable Device). */
static void test_61_boost_highatomic(void **state)
{
	struct mg_oom_log log;
	struct mg_oom_analysis *a;
	const struct mg_oom_zone *z;
	size_t n;
	(void)state;

	load(&log, LOGS "oom-6.1-x86_64-lowmem.log");
	assert_int_equal(log.nreports, 1);
	assert_int_equal(log.reports[0].nzones, 3);
	z = &log.reports[0].zones[2];
	assert_string_equal(z->name, "Normal");
	assert_int_equal(z->boost_kb.value, 4096);
	assert_int_equal(z->reserved_highatomic_kb.value, 2048);
	assert_int_equal(z->nlowmem_reserve, 5);
	assert_string_equal(log.reports[0].kernel_version, "6.1.0-18-amd64");
	assert_int_equal(log.reports[0].ntasks, 5);
	assert_int_equal(log.reports[0].tasks[1].oom_score_adj, -1000);
	assert_int_equal(log.reports[0].victim_pid, 2345);
	assert_string_equal(log.reports[0].kill_reason, "Out of memory");
	assert_int_equal(log.reports[0].victim_anon_rss_kb.value, 3670016);

	explain(&log, NULL, &a, &n);
	assert_true(a[0].reserve_index_is_gfp_zone);
	assert_string_equal(a[0].highest_zone, "Movable");
	assert_int_equal(a[0].nzones, 3);
	/* DMA: reserve[Movable = index 3] = 3857 pages = 15428 kB; 15360 <= 128 + 15428 */
	assert_int_equal(a[0].zones[0].lowmem_reserve_kb, 15428);
	assert_true(a[0].zones[0].fails);
	/* DMA32: 12312 <= 10456 + 940 * 4 = 14216 */
	assert_int_equal(a[0].zones[1].threshold_kb, 14216);
	assert_true(a[0].zones[1].fails);
	/* Normal: no reserves for this mask, so highatomic counts: 5304 - 2048 = 3256 <= 7664
	 * (min already includes the 4096 kB boost) */
	assert_true(a[0].zones[2].highatomic_subtracted);
	assert_int_equal(a[0].zones[2].usable_kb, 3256);
	assert_int_equal(a[0].zones[2].boost_kb, 4096);
	assert_true(a[0].zones[2].fails);
	assert_int_equal(a[0].cause, MG_OOM_CAUSE_LOWMEM);
	assert_non_null(strstr(a[0].cause_text, "Normal has 3256 kB usable"));
	free(a);
	mg_oom_log_free(&log);
}

static void test_memcg(void **state)
{
	struct mg_oom_log log;
	struct mg_oom_analysis *a;
	size_t n;
	(void)state;

	load(&log, LOGS "oom-6.6-memcg.log");
	assert_int_equal(log.nreports, 1);
	assert_int_equal(log.reports[0].memcg_usage_kb.value, 262144);
	assert_int_equal(log.reports[0].memcg_limit_kb.value, 262144);
	assert_int_equal(log.reports[0].memcg_failcnt.value, 1543);
	assert_string_equal(log.reports[0].oom_memcg, "/test");
	assert_string_equal(log.reports[0].kill_reason, "Memory cgroup out of memory");
	assert_int_equal(log.reports[0].meminfo_line, 0);
	explain(&log, NULL, &a, &n);
	assert_int_equal(a[0].cause, MG_OOM_CAUSE_MEMCG);
	assert_string_equal(a[0].memcg, "/test");
	assert_int_equal(a[0].nmissing, 0); /* a memcg OOM prints no Mem-Info: nothing missing */
	assert_non_null(strstr(a[0].fix_text, "memory.max"));
	free(a);
	mg_oom_log_free(&log);
}

/* 5.10 GFP_ATOMIC order-3 failure: above the (reduced) min, but every free block of order
 * >= 3 is on the CMA list, which an unmovable request may not use. */
static void test_order3_fragmentation(void **state)
{
	struct mg_oom_log log;
	struct mg_oom_analysis *a;
	const struct mg_oom_zone_check *c;
	size_t n;
	(void)state;

	load(&log, LOGS "oom-5.10-order3-frag.log");
	assert_int_equal(log.reports[0].kind, MG_OOM_ALLOC_FAILURE);
	assert_string_equal(log.reports[0].comm, "kworker/u8:2");
	assert_int_equal(log.reports[0].order, 3);
	explain(&log, NULL, &a, &n);
	assert_true(a[0].high);
	assert_true(a[0].atomic_harder);
	c = &a[0].zones[0];
	/* min 5672 kB = 1418 pages; __GFP_HIGH: 1418 - 709 = 709; ALLOC_HARDER: 709 - 177 = 532
	 * pages = 2128 kB */
	assert_int_equal(c->mark_kb, 2128);
	/* atomic may use the highatomic reserve: not subtracted */
	assert_false(c->highatomic_subtracted);
	/* 35724 - free_cma 20608 - (2^3 - 1) * 4 = 15088 */
	assert_int_equal(c->usable_kb, 15088);
	assert_false(c->fails);
	assert_true(c->block_checked);
	assert_false(c->block_available);
	assert_int_equal(a[0].cause, MG_OOM_CAUSE_FRAGMENTATION);
	free(a);
	mg_oom_log_free(&log);
}

/* 4.19: nodemask in the header, the pre-5.1 gfp layout (0x6200ca = GFP_HIGHUSER_MOVABLE),
 * "Kill process"/"Killed process" without a reason prefix. */
static void test_419(void **state)
{
	struct mg_oom_log log;
	struct mg_oom_analysis *a;
	char buf[256];
	size_t n;
	(void)state;

	load(&log, LOGS "oom-4.19-arm64.log");
	assert_true(log.reports[0].header_has_nodemask);
	assert_int_equal(log.reports[0].victim_pid, 811);
	assert_string_equal(log.reports[0].kill_reason, "");
	explain(&log, NULL, &a, &n);
	assert_string_equal(a[0].gfp_flags, "__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_IO|__GFP_FS|"
					   "__GFP_HARDWALL|__GFP_DIRECT_RECLAIM|__GFP_KSWAPD_RECLAIM");
	assert_int_equal(a[0].cause, MG_OOM_CAUSE_LOWMEM);
	free(a);
	mg_oom_log_free(&log);

	assert_string_equal(mg_gfp_decode(0x100cca, 5, 4, buf, sizeof(buf)),
			    "__GFP_HIGHMEM|__GFP_MOVABLE|__GFP_IO|__GFP_FS|__GFP_DIRECT_RECLAIM|"
			    "__GFP_KSWAPD_RECLAIM|__GFP_HARDWALL");
	/* 0x200 is unused from 6.3 */
	assert_string_equal(mg_gfp_decode(0xa20, 6, 6, buf, sizeof(buf)),
			    "__GFP_HIGH|__GFP_KSWAPD_RECLAIM|0x200");
	assert_string_equal(mg_gfp_decode(0, 6, 6, buf, sizeof(buf)), "0");
}

/* A mask printed without its %pGg list is composed from known names. */
static void test_gfp_without_names(void **state)
{
	struct mg_oom_log log;
	struct mg_oom_analysis *a;
	struct mg_error err = { 0 };
	size_t n;
	const char *t = "x: page allocation failure: mode:0x50cc0\n";
	(void)state;

	assert_int_equal(mg_oom_parse_buf(&log, t, strlen(t), "t", &err), 0);
	explain(&log, NULL, &a, &n);
	assert_true(a[0].gfp_names_decoded);
	assert_string_equal(a[0].gfp_names, "GFP_KERNEL|__GFP_NORETRY|__GFP_COMP");
	assert_string_equal(a[0].missing[0], "order (header line)");
	free(a);
	mg_oom_log_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_parse),
		cmocka_unit_test(test_seed_explain),
		cmocka_unit_test(test_grouping_from_dmesg),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_no_report),
		cmocka_unit_test(test_61_boost_highatomic),
		cmocka_unit_test(test_memcg),
		cmocka_unit_test(test_order3_fragmentation),
		cmocka_unit_test(test_419),
		cmocka_unit_test(test_gfp_without_names),
	};
	return cmocka_run_group_tests_name("oomlog", tests, NULL, NULL);
}
