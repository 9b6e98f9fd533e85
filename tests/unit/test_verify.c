/* Unit tests: `memgate verify` and `--calibrate` (src/gate/verify.c, src/report/verify_text.c)
 * on the E2000Q incident board: the model of boards/e2000q against synthetic records of the
 * incident boot (tests/data/verify/, README.md there), then against a perturbed copy. */
#include "unit.h"

#include <stdlib.h>

#include <memgate/verify.h>

#define VD "tests/data/verify/"

struct fx {
	struct mg_board board;
	struct mg_model model;    /* with the board.yaml calibration (residue 2240 kB) */
	struct mg_model uncal;    /* ignore_calibration */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	struct mg_error err = { 0 };
	struct mg_model_options opt = { 0 };

	if (!f)
		return -1;
	if (mg_board_load(&f->board, "boards/e2000q", NULL, &err) ||
	    mg_model_run(&f->model, &f->board, NULL, &err)) {
		print_error("boards/e2000q: %s\n", err.msg);
		free(f);
		return -1;
	}
	opt.ignore_calibration = true;
	if (mg_model_run(&f->uncal, &f->board, &opt, &err)) {
		print_error("boards/e2000q uncalibrated: %s\n", err.msg);
		mg_board_free(&f->board);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	mg_board_free(&f->board);
	free(f);
	return 0;
}

struct logs {
	struct mg_bootlog bl;
	struct mg_meminfo mi;
	struct mg_zoneinfo zi;
	struct mg_sysctl_dump sd;
};

static void load_logs(struct logs *l, const char *boot, const char *zoneinfo)
{
	struct mg_error err = { 0 };
	if (mg_bootlog_load(&l->bl, boot, &err) || mg_meminfo_load(&l->mi, VD "e2000q-meminfo.txt", &err) ||
	    mg_zoneinfo_load(&l->zi, zoneinfo, &err) || mg_sysctl_dump_load(&l->sd, VD "e2000q-sysctl.txt", &err))
		fail_msg("%s", err.msg);
}

static void free_logs(struct logs *l)
{
	mg_bootlog_free(&l->bl);
	mg_meminfo_free(&l->mi);
	mg_zoneinfo_free(&l->zi);
	mg_sysctl_dump_free(&l->sd);
}

static const struct mg_verify_row *row(const struct mg_verify *v, const char *q)
{
	for (size_t i = 0; i < v->nrows; i++)
		if (!strcmp(v->rows[i].quantity, q))
			return &v->rows[i];
	fail_msg("no row '%s'", q);
	return NULL;
}

static void expect(const struct mg_verify *v, const char *q, uint64_t pred, uint64_t obs, bool within)
{
	const struct mg_verify_row *r = row(v, q);
	assert_true(r->has_pred && r->has_obs);
	if (r->predicted != pred || r->observed != obs || r->within != within)
		fail_msg("%s: predicted %llu observed %llu within %d, expected %llu %llu %d", q,
			 (unsigned long long)r->predicted, (unsigned long long)r->observed, r->within,
			 (unsigned long long)pred, (unsigned long long)obs, within);
}

/* The incident boot: every quantity the model predicts agrees. */
static void test_incident_all_within(void **state)
{
	struct fx *f = *state;
	struct logs l;
	struct mg_verify v;
	struct mg_error err = { 0 };

	load_logs(&l, VD "e2000q-boot.log", VD "e2000q-zoneinfo.txt");
	if (mg_verify_run(&v, &f->model, &l.bl, &l.mi, &l.zi, &l.sd, &err))
		fail_msg("%s", err.msg);

	/* version 1 + command line 1 + cma size/base 2 + Memory: 4 + Total pages 1 + grouping 1 +
	 * MemTotal/CmaTotal 2 + DMA32 present/managed/min/low/high 5 + sysctl 2 = 19 (Normal and
	 * Movable are empty in the model and in zoneinfo: no rows) */
	assert_int_equal(v.ncompared, 19);
	assert_int_equal(v.noutside, 0);
	assert_true(v.all_within);

	const struct mg_verify_row *r = row(&v, "command line");
	/* the log's double blank after "115200" does not count */
	assert_true(r->within);
	assert_string_equal(r->observed_text, "console=ttyAMA1,115200 earlycon=pl011,0x2800d000 audit=0 cma=64M");
	assert_string_equal(r->source, VD "e2000q-boot.log:16");
	assert_true(row(&v, "kernel version")->within);

	expect(&v, "cma reserved size", 512, 512, true);
	expect(&v, "cma reserved base", 0xc0000000, 0xc0000000, true);
	/* Memory: line, kB: 31744 pages x 64 = 2031616; available 20571 pages x 64 = 1316544;
	 * reserved 31744 - 20571 - 8192 (CMA) = 2981 pages = 190784 kB; cma 8192 x 64 = 524288 */
	expect(&v, "physpages (Memory: total)", 2031616, 2031616, true);
	expect(&v, "available (Memory:)", 1316544, 1316544, true);
	expect(&v, "reserved (Memory:)", 190784, 190784, true);
	expect(&v, "cma-reserved (Memory:)", 524288, 524288, true);
	expect(&v, "Total pages (zonelists)", 31713, 31713, true);
	expect(&v, "mobility grouping", 0, 0, true);
	/* MemTotal: managed 31198 pages x 64 kB = 1996672 kB, the OOM report's managed */
	expect(&v, "MemTotal", 1996672, 1996672, true);
	expect(&v, "CmaTotal", 524288, 524288, true);
	/* DMA32, pages: min 91584 kB / 64 = 1431; low = min + min/4 = 1788; high = min + min/2 = 2145 */
	expect(&v, "DMA32 present", 31744, 31744, true);
	expect(&v, "DMA32 managed", 31198, 31198, true);
	expect(&v, "DMA32 min", 1431, 1431, true);
	expect(&v, "DMA32 low", 1788, 1788, true);
	expect(&v, "DMA32 high", 2145, 2145, true);
	expect(&v, "min_free_kbytes", 91584, 91584, true);
	expect(&v, "watermark_scale_factor", 10, 10, true);
	assert_string_equal(row(&v, "DMA32 min")->source, VD "e2000q-zoneinfo.txt:36");
	assert_string_equal(row(&v, "MemTotal")->source, VD "e2000q-meminfo.txt:1");

	struct mg_buf out;
	mg_buf_init(&out);
	assert_int_equal(mg_verify_render_text(&out, &v), 0);
	assert_non_null(strstr(out.data, "\nverify: 19 quantities, 0 outside tolerance\n"));
	assert_non_null(strstr(out.data, "  DMA32 min                  1431 pages           1431 pages           0"));
	assert_null(strstr(out.data, " NO "));
	mg_buf_free(&out);
	mg_buf_init(&out);
	assert_int_equal(mg_verify_render_json(&out, &v), 0);
	assert_non_null(strstr(out.data, "\"schema\": \"memgate-verify/1\""));
	assert_non_null(strstr(out.data, "\"all_within\": true"));
	assert_non_null(strstr(out.data, "\"predicted\": \"0x00000000c0000000\""));
	mg_buf_free(&out);

	mg_verify_free(&v);
	free_logs(&l);
}

/* The perturbed copies (tests/data/verify/README.md): five rows leave tolerance, two changed
 * numbers stay inside it. */
static void test_perturbed(void **state)
{
	struct fx *f = *state;
	struct logs l;
	struct mg_verify v;
	struct mg_error err = { 0 };
	const struct mg_verify_row *r;

	load_logs(&l, VD "e2000q-boot-perturbed.log", VD "e2000q-zoneinfo-perturbed.txt");
	if (mg_verify_run(&v, &f->model, &l.bl, &l.mi, &l.zi, &l.sd, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(v.ncompared, 19);
	assert_int_equal(v.noutside, 5);
	assert_false(v.all_within);

	r = row(&v, "command line");
	assert_false(r->within);
	assert_string_equal(r->note, "only predicted: cma=64M; only observed: cma=128M");
	/* base is exact: 0xa0000000 - 0xc0000000 = -512 MiB */
	expect(&v, "cma reserved base", 0xc0000000, 0xa0000000, false);
	assert_int_equal(row(&v, "cma reserved base")->delta, -(int64_t)(512u << 20));
	assert_int_equal(v.nrows, 19);
	expect(&v, "cma reserved size", 512, 512, true);
	/* reserved is held to MemTotal's tolerance, a share of physpages:
	 * 202000 - 190784 = +11216 kB > 0.5 % of 2031616 = 10158.08 kB */
	expect(&v, "reserved (Memory:)", 190784, 202000, false);
	assert_int_equal(row(&v, "reserved (Memory:)")->delta, 11216);
	/* available 1316000 - 1316544 = -544 kB, inside 0.5 % of 1316544 = 6582.72 kB */
	expect(&v, "available (Memory:)", 1316544, 1316000, true);
	assert_int_equal(row(&v, "available (Memory:)")->delta, -544);
	expect(&v, "mobility grouping", 0, 1, false);
	/* min 1500 - 1431 = +69 pages > 0.5 % of 1431 = 7.155; low +2 <= 0.5 % of 1788 = 8.94 */
	expect(&v, "DMA32 min", 1431, 1500, false);
	expect(&v, "DMA32 low", 1788, 1790, true);
	expect(&v, "physpages (Memory: total)", 2031616, 2031616, true);

	struct mg_buf out;
	mg_buf_init(&out);
	assert_int_equal(mg_verify_render_text(&out, &v), 0);
	assert_non_null(strstr(out.data, "\nverify: 19 quantities, 5 outside tolerance\n"));
	assert_non_null(strstr(out.data, "    observed:  console=ttyAMA1,115200 earlycon=pl011,0x2800d000 audit=0 cma=128M\n"));
	assert_non_null(strstr(out.data, "  DMA32 min: outside tolerance (0.5%)\n"));
	assert_non_null(strstr(out.data, "+11216 kB"));
	assert_non_null(strstr(out.data, "0x00000000a0000000   -512 MiB "));
	mg_buf_free(&out);
	mg_buf_init(&out);
	assert_int_equal(mg_verify_render_json(&out, &v), 0);
	assert_non_null(strstr(out.data, "\"outside\": 5"));
	assert_non_null(strstr(out.data, "\"all_within\": false"));
	mg_buf_free(&out);

	mg_verify_free(&v);
	free_logs(&l);
}

/* Only the boot log (no meminfo/zoneinfo/sysctl): the grep'd seed lines still compare. */
static void test_seed_grep_only(void **state)
{
	struct fx *f = *state;
	struct mg_bootlog bl;
	struct mg_verify v;
	struct mg_error err = { 0 };

	if (mg_bootlog_load(&bl, "tests/data/logs/e2000q-cma-dmesg.log", &err))
		fail_msg("%s", err.msg);
	assert_int_equal(mg_verify_run(&v, &f->model, &bl, NULL, NULL, NULL, &err), 0);
	/* cma size + base, and the four Memory: columns */
	assert_int_equal(v.ncompared, 6);
	assert_true(v.all_within);
	mg_verify_free(&v);
	mg_bootlog_free(&bl);
}

static void parse_boot(struct mg_bootlog *bl, const char *text)
{
	struct mg_error err = { 0 };
	if (mg_bootlog_parse_buf(bl, text, strlen(text), "t.log", &err))
		fail_msg("%s", err.msg);
}

/* CMA areas the model does not predict, or the log does not show, are listed but not counted. */
static void test_cma_one_sided(void **state)
{
	struct fx *f = *state;
	struct mg_bootlog bl;
	struct mg_verify v;
	struct mg_error err = { 0 };
	const struct mg_verify_row *r;

	parse_boot(&bl, "Reserved memory: created CMA memory pool at 0x00000000b0000000, size 64 MiB\n"
			"OF: reserved mem: initialized node linux,cma, compatible id shared-dma-pool\n"
			"Memory: 1316544K/2031616K available (1K kernel code, 190784K reserved, 524288K cma-reserved)\n");
	assert_int_equal(mg_verify_run(&v, &f->model, &bl, NULL, NULL, NULL, &err), 0);
	r = row(&v, "cma reserved size");
	assert_true(r->has_pred);
	assert_false(r->has_obs);
	assert_true(r->within);
	r = row(&v, "cma linux,cma size");
	assert_false(r->has_pred);
	assert_true(r->has_obs);
	assert_int_equal(r->observed, 64);
	r = row(&v, "cma linux,cma base");
	assert_int_equal(r->observed, 0xb0000000);
	assert_string_equal(r->source, "t.log:1");
	/* only the Memory: columns were compared */
	assert_int_equal(v.ncompared, 4);
	assert_true(v.all_within);
	mg_verify_free(&v);
	mg_bootlog_free(&bl);

	/* A failed reservation against a predicted one: the size row says 512 vs 0 MiB. */
	parse_boot(&bl, "cma: Failed to reserve 512 MiB\n");
	assert_int_equal(mg_verify_run(&v, &f->model, &bl, NULL, NULL, NULL, &err), 0);
	expect(&v, "cma reserved size", 512, 0, false);
	assert_string_equal(row(&v, "cma reserved size")->note, "the kernel failed to reserve it");
	assert_int_equal(v.ncompared, 1);
	mg_verify_free(&v);
	mg_bootlog_free(&bl);
}

/* Thousands of CMA lines: rows stop at MG_VERIFY_MAX_ROWS, the comparisons that matter first. */
static void test_many_cma_lines(void **state)
{
	struct fx *f = *state;
	struct mg_bootlog bl;
	struct mg_verify v;
	struct mg_error err = { 0 };
	struct mg_buf text;

	mg_buf_init(&text);
	for (unsigned i = 0; i < 3000; i++)
		mg_buf_printf(&text, "Reserved memory: created CMA memory pool at 0x%x, size 1 MiB\n", 0x100000u * i);
	mg_buf_puts(&text, "Memory: 1316544K/2031616K available (1K kernel code, 190784K reserved, 524288K cma-reserved)\n");
	assert_false(text.failed);
	parse_boot(&bl, text.data);
	mg_buf_free(&text);
	assert_int_equal(mg_verify_run(&v, &f->model, &bl, NULL, NULL, NULL, &err), 0);
	assert_true(v.rows_capped);
	assert_int_equal(v.nrows, MG_VERIFY_MAX_ROWS);
	/* the four Memory: columns were compared before the log's unmatched pools were listed */
	assert_int_equal(v.ncompared, 4);
	expect(&v, "reserved (Memory:)", 190784, 190784, true);
	mg_verify_free(&v);
	mg_bootlog_free(&bl);
}

static void test_nothing_to_compare(void **state)
{
	struct fx *f = *state;
	struct mg_bootlog bl;
	struct mg_verify v;
	struct mg_error err = { 0 };

	parse_boot(&bl, "random noise\nnot a kernel line\n");
	assert_int_equal(mg_verify_run(&v, &f->model, &bl, NULL, NULL, NULL, &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	assert_non_null(strstr(err.msg, "nothing to compare"));
	assert_null(v.rows);
	mg_bootlog_free(&bl);
}

/* --calibrate on the incident log against the uncalibrated e2000q model.  The Memory: line
 * reserves 190784 kB; the model's itemised consumers at that point are kernel image 31616
 * (System.map _end - _text) + initrd 150528 (board.yaml initrd_size, freed only later) + DTB 64
 * + /memreserve/ 64 + page tables 576 + unflattened DT 64 (one 64 KiB page) + memmap 2048 +
 * per-CPU 512 + dentry hash 2048 + inode hash 1024 = 188544 kB.  The 2240 kB (35 pages) left
 * are what the log does not itemise (firmware tables, memblock arrays, vendor reservations):
 * the residue board.yaml carries. */
static void test_calibrate_incident(void **state)
{
	struct fx *f = *state;
	struct mg_bootlog bl;
	struct mg_calibration cal;
	struct mg_verify_calib_info info;
	struct mg_error err = { 0 };

	/* 188544 kB / 64 = 2946 pages reserved in the uncalibrated model */
	assert_int_equal(f->uncal.reserved_boot_pages, 2946);
	assert_int_equal(f->model.reserved_boot_pages, 2946 + 35);

	if (mg_bootlog_load(&bl, VD "e2000q-boot.log", &err))
		fail_msg("%s", err.msg);
	if (mg_verify_calibrate_ex(&cal, &info, &f->uncal, &bl, &err))
		fail_msg("%s", err.msg);
	assert_true(cal.set);
	assert_string_equal(cal.kernel_version, "5.4.74");
	assert_int_equal(cal.residue_kb, 2240);
	assert_int_equal(cal.kernel_reserved_kb, 0);
	assert_int_equal(cal.late_reserved_kb, 0);
	assert_string_equal(cal.origin.file, VD "e2000q-boot.log");
	assert_int_equal(cal.origin.line, 20);
	assert_int_equal(info.observed_reserved_kb, 190784);
	assert_int_equal(info.predicted_reserved_kb, 188544);
	assert_int_equal(info.residue_kb, 2240);
	assert_false(info.overestimate);

	struct mg_buf out;
	mg_buf_init(&out);
	assert_int_equal(mg_verify_render_calibration_text(&out, &info), 0);
	assert_string_equal(out.data, "calibration: reserved at the Memory: line 190784 kB (" VD
				      "e2000q-boot.log:20) - modelled 188544 kB = residue 2240 kB\n");
	mg_buf_free(&out);

	/* The same through the short form. */
	memset(&cal, 0, sizeof(cal));
	assert_int_equal(mg_verify_calibrate(&cal, &f->uncal, &bl, &err), 0);
	assert_int_equal(cal.residue_kb, 2240);

	/* A model that already carries the calibration is a caller bug. */
	assert_int_equal(mg_verify_calibrate(&cal, &f->model, &bl, &err), -1);
	assert_int_equal(err.status, MG_ERR_INTERNAL);
	mg_bootlog_free(&bl);
}

static void test_calibrate_overestimate_and_errors(void **state)
{
	struct fx *f = *state;
	struct mg_bootlog bl;
	struct mg_calibration cal;
	struct mg_verify_calib_info info;
	struct mg_error err = { 0 };

	/* 186624 kB reserved = 188544 - 1920 (30 pages): the model over-estimates by 1920 kB. */
	parse_boot(&bl, "Memory: 1318464K/2031616K available (1K kernel code, 186624K reserved, 524288K cma-reserved)\n");
	assert_int_equal(mg_verify_calibrate_ex(&cal, &info, &f->uncal, &bl, &err), 1);
	assert_int_equal(err.status, MG_OK);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.msg, "over-estimates by 1920 kB"));
	assert_true(cal.set);
	assert_int_equal(cal.residue_kb, 0);
	assert_int_equal(info.residue_kb, -1920);
	assert_true(info.overestimate);
	mg_bootlog_free(&bl);

	/* no Memory: line */
	parse_boot(&bl, "Linux version 5.4.74 (x@y) #1\n");
	assert_int_equal(mg_verify_calibrate(&cal, &f->uncal, &bl, &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	assert_non_null(strstr(err.msg, "no 'Memory:"));
	mg_bootlog_free(&bl);

	/* another kernel */
	parse_boot(&bl, "Linux version 5.4.740 (x@y) #1\n"
			"Memory: 1316544K/2031616K available (1K kernel code, 190784K reserved, 524288K cma-reserved)\n");
	assert_int_equal(mg_verify_calibrate(&cal, &f->uncal, &bl, &err), -1);
	assert_int_equal(err.line, 1);
	assert_non_null(strstr(err.msg, "Linux 5.4.740"));
	mg_bootlog_free(&bl);

	/* a local version suffix is the same kernel */
	parse_boot(&bl, "Linux version 5.4.74-phytium (x@y) #1\n"
			"Memory: 1316544K/2031616K available (1K kernel code, 190784K reserved, 524288K cma-reserved)\n");
	assert_int_equal(mg_verify_calibrate(&cal, &f->uncal, &bl, &err), 0);
	assert_int_equal(cal.residue_kb, 2240);
	mg_bootlog_free(&bl);

	/* another RAM size */
	parse_boot(&bl, "Memory: 1316544K/4128768K available (1K kernel code, 190784K reserved, 524288K cma-reserved)\n");
	assert_int_equal(mg_verify_calibrate(&cal, &f->uncal, &bl, &err), -1);
	assert_non_null(strstr(err.msg, "4128768K of RAM"));
	mg_bootlog_free(&bl);

	/* not a whole number of 64 KiB pages */
	parse_boot(&bl, "Memory: 1316544K/2031616K available (1K kernel code, 190788K reserved, 524288K cma-reserved)\n");
	assert_int_equal(mg_verify_calibrate(&cal, &f->uncal, &bl, &err), -1);
	assert_non_null(strstr(err.msg, "not a whole number of 64 kB pages"));
	mg_bootlog_free(&bl);
}

/* Hostile text in a log reaches the terminal without control characters. */
static void test_render_hostile(void **state)
{
	struct fx *f = *state;
	struct mg_bootlog bl;
	struct mg_verify v;
	struct mg_error err = { 0 };
	struct mg_buf out;

	parse_boot(&bl, "Kernel command line: a\033[2Jb \x01 cma=64M\n");
	assert_int_equal(mg_verify_run(&v, &f->model, &bl, NULL, NULL, NULL, &err), 0);
	assert_false(row(&v, "command line")->within);
	mg_buf_init(&out);
	assert_int_equal(mg_verify_render_text(&out, &v), 0);
	assert_null(strchr(out.data, '\033'));
	assert_null(strchr(out.data, '\x01'));
	mg_buf_free(&out);
	mg_buf_init(&out);
	assert_int_equal(mg_verify_render_json(&out, &v), 0);
	assert_null(strchr(out.data, '\033'));
	mg_buf_free(&out);
	mg_verify_free(&v);
	mg_bootlog_free(&bl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_incident_all_within),
		cmocka_unit_test(test_perturbed),
		cmocka_unit_test(test_seed_grep_only),
		cmocka_unit_test(test_cma_one_sided),
		cmocka_unit_test(test_many_cma_lines),
		cmocka_unit_test(test_nothing_to_compare),
		cmocka_unit_test(test_calibrate_incident),
		cmocka_unit_test(test_calibrate_overestimate_and_errors),
		cmocka_unit_test(test_render_hostile),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
