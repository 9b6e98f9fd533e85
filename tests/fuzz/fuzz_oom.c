/* Fuzz OOM-killer / page-allocation-failure reports: mg_oom_parse_buf, mg_oom_explain (with
 * and without a board prediction's mobility grouping and page size), and every renderer
 * (text, JSON, `oom --board` cross-check against the e2000q model).  Byte 0 picks the options. */
#include <memgate/board.h>
#include <memgate/logs.h>
#include <memgate/model.h>

#include "fuzz.h"

static struct mg_board board;
static struct mg_model model;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct mg_error err = { 0 };
	(void)argc;
	(void)argv;
	if (mg_board_load(&board, MG_FUZZ_ROOT "/boards/e2000q", NULL, &err) ||
	    mg_model_run(&model, &board, NULL, &err))
		fuzz_die("boards/e2000q", &err);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t page_kb[] = { 0, 4, 16, 64 };
	struct mg_oom_log log;
	struct mg_oom_explain_opts opts;
	struct mg_oom_analysis *an = NULL;
	struct mg_error err = { 0 };
	struct mg_buf out;
	size_t n = 0;
	char *buf, gfp[512];
	unsigned sel;

	if (size < 1)
		return 0;
	sel = data[0];
	buf = fuzz_copy(data + 1, size - 1);
	memset(&log, 0, sizeof(log));
	memset(&opts, 0, sizeof(opts));
	opts.grouping = (enum mg_tristate)(sel % 3);
	opts.grouping_source = "fuzz";
	opts.page_kb = page_kb[(sel >> 2) & 3];
	if (mg_oom_parse_buf(&log, buf, size - 1, "fuzz.log", &err)) {
		fuzz_check_error(&err);
	} else if (mg_oom_explain(&log, &opts, &an, &n, &err)) {
		fuzz_check_error(&err);
	} else {
		mg_buf_init(&out);
		mg_oom_render_text(&out, an, n);
		mg_oom_render_json(&out, an, n);
		mg_oom_render_board_check(&out, an, n, &model, "boards/e2000q");
		mg_buf_free(&out);
		for (size_t i = 0; i < n; i++) {
			(void)mg_oom_cause_name(an[i].cause);
			if (an[i].gfp_known)
				mg_gfp_decode(an[i].gfp_mask, sel >> 4, sel & 15, gfp, sizeof(gfp));
		}
	}
	free(an);
	mg_oom_log_free(&log);
	free(buf);
	return 0;
}
