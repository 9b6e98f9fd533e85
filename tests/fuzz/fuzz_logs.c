/* Fuzz what a booted board prints: dmesg boot lines (mg_bootlog_parse_buf), /proc/meminfo,
 * /proc/zoneinfo and `sysctl vm` dumps, each fed the same input, then `memgate verify` and
 * `--calibrate` against the e2000q prediction with whatever parsed, and their renderers. */
#include <memgate/board.h>
#include <memgate/logs.h>
#include <memgate/model.h>
#include <memgate/verify.h>

#include "fuzz.h"

static struct mg_board board;
static struct mg_model model, model_uncal;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct mg_error err = { 0 };
	struct mg_model_options mo = { 0 };
	(void)argc;
	(void)argv;
	if (mg_board_load(&board, MG_FUZZ_ROOT "/boards/e2000q", NULL, &err) ||
	    mg_model_run(&model, &board, NULL, &err))
		fuzz_die("boards/e2000q", &err);
	mo.ignore_calibration = true;
	if (mg_model_run(&model_uncal, &board, &mo, &err))
		fuzz_die("boards/e2000q (uncalibrated)", &err);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_bootlog bl;
	struct mg_meminfo mi;
	struct mg_zoneinfo zi;
	struct mg_sysctl_dump sd;
	struct mg_verify v;
	struct mg_calibration cal;
	struct mg_verify_calib_info info;
	struct mg_error err = { 0 };
	struct mg_buf out;
	bool bl_ok, mi_ok, zi_ok, sd_ok;
	char *buf = fuzz_copy(data, size);
	size_t len;

	/* Line cleaning on the raw input as one "line". */
	(void)mg_log_clean_line(buf, size, &len);

	memset(&bl, 0, sizeof(bl));
	memset(&mi, 0, sizeof(mi));
	memset(&zi, 0, sizeof(zi));
	memset(&sd, 0, sizeof(sd));
	if (!(bl_ok = !mg_bootlog_parse_buf(&bl, buf, size, "fuzz.log", &err)))
		fuzz_check_error(&err);
	memset(&err, 0, sizeof(err));
	if (!(mi_ok = !mg_meminfo_parse_buf(&mi, buf, size, "fuzz.meminfo", &err)))
		fuzz_check_error(&err);
	memset(&err, 0, sizeof(err));
	if (!(zi_ok = !mg_zoneinfo_parse_buf(&zi, buf, size, "fuzz.zoneinfo", &err)))
		fuzz_check_error(&err);
	memset(&err, 0, sizeof(err));
	if (!(sd_ok = !mg_sysctl_dump_parse_buf(&sd, buf, size, "fuzz.sysctl", &err)))
		fuzz_check_error(&err);
	if (mi_ok) {
		uint64_t x;
		(void)mg_meminfo_get(&mi, "MemTotal", &x);
	}
	if (zi_ok)
		(void)mg_zoneinfo_find(&zi, 0, "Normal");
	if (sd_ok) {
		uint64_t x;
		(void)mg_sysctl_dump_get_u64(&sd, "vm.min_free_kbytes", &x);
	}

	if (bl_ok) {
		memset(&v, 0, sizeof(v));
		memset(&err, 0, sizeof(err));
		if (mg_verify_run(&v, &model, &bl, mi_ok ? &mi : NULL, zi_ok ? &zi : NULL,
				  sd_ok ? &sd : NULL, &err)) {
			fuzz_check_error(&err);
		} else {
			mg_buf_init(&out);
			mg_verify_render_text(&out, &v);
			mg_verify_render_json(&out, &v);
			mg_buf_free(&out);
		}
		mg_verify_free(&v);

		memset(&err, 0, sizeof(err));
		memset(&cal, 0, sizeof(cal));
		memset(&info, 0, sizeof(info));
		if (mg_verify_calibrate_ex(&cal, &info, &model_uncal, &bl, &err) < 0) {
			fuzz_check_error(&err);
		} else {
			mg_buf_init(&out);
			mg_verify_render_calibration_text(&out, &info);
			mg_buf_free(&out);
		}
	}
	mg_bootlog_free(&bl);
	mg_meminfo_free(&mi);
	mg_zoneinfo_free(&zi);
	mg_sysctl_dump_free(&sd);
	free(buf);
	return 0;
}
