/* Fuzz the whole pipeline: a DTB and a bootloader command line from the input, with a shipped
 * board's .config, System.map, profile, sysctl.conf and board.yaml → mg_model_run →
 * mg_gate_run (with fix solving) → every report (inputs, layout, check) in every format.
 *
 * Input: byte 0 picks the board, byte 1 the options (bit 0 solve fixes, bit 1 an extra RAM
 * variant from bytes 2..9, bit 2 ignore calibration, bit 3 a RAM override for the layout
 * model), bytes 2..9 a little-endian RAM size, then the command line up to the first NUL,
 * then the DTB.  The board struct is filled directly (as mg_board_load would) so nothing is
 * written to disk and dtc never runs. */
#include <memgate/board.h>
#include <memgate/gate.h>
#include <memgate/model.h>
#include <memgate/report.h>

#include "fuzz.h"

static const char *const board_dirs[] = {
	MG_FUZZ_ROOT "/boards/e2000q",
	MG_FUZZ_ROOT "/boards/cubietruck",
	MG_FUZZ_ROOT "/boards/imx8mp-tqma8mpql",
	MG_FUZZ_ROOT "/boards/qemu-virt-arm64-2g",
	MG_FUZZ_ROOT "/boards/rpi4b",
	/* real boots' boards: other kernel versions and page sizes (5.10, 6.12, 16 KiB) */
	MG_FUZZ_ROOT "/tests/boots/v5.10-2g/board",
	MG_FUZZ_ROOT "/tests/boots/v6.12-2g/board",
	MG_FUZZ_ROOT "/tests/boots/16k-6.12-2g/board",
};
#define NBOARDS (sizeof(board_dirs) / sizeof(board_dirs[0]))
static struct mg_board templates[NBOARDS];
static struct mg_board board;
static struct mg_model model;
static struct mg_verdict verdict;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct mg_error err = { 0 };
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < NBOARDS; i++)
		if (mg_board_load(&templates[i], board_dirs[i], NULL, &err))
			fuzz_die(board_dirs[i], &err);
	return 0;
}

static void reports(void)
{
	static const enum mg_report_format fmts[] = { MG_FMT_TEXT, MG_FMT_JSON, MG_FMT_MARKDOWN,
						      MG_FMT_SARIF, MG_FMT_JUNIT };
	for (size_t i = 0; i < sizeof(fmts) / sizeof(fmts[0]); i++) {
		struct mg_buf out;
		mg_buf_init(&out);
		mg_report_inputs(&out, &board, fmts[i]);
		mg_report_layout(&out, &board, &model, fmts[i]);
		mg_report_check(&out, &board, &verdict, fmts[i]);
		mg_buf_free(&out);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct mg_board *t;
	struct mg_model_options mo = { 0 };
	struct mg_gate_options go = { 0 };
	struct mg_error err = { 0 };
	uint64_t ram = 0;
	unsigned flags;
	const uint8_t *nul;
	char *dtb = NULL;
	size_t cl_len, dtb_len;

	if (size < 10)
		return 0;
	t = &templates[data[0] % NBOARDS];
	flags = data[1];
	for (int i = 0; i < 8; i++)
		ram |= (uint64_t)data[2 + i] << (8 * i);
	data += 10;
	size -= 10;
	nul = memchr(data, 0, size);
	cl_len = nul ? (size_t)(nul - data) : size;
	dtb_len = nul ? size - cl_len - 1 : 0;

	/* The template's parsed files are shared (read-only); the DT and command line are ours. */
	memcpy(&board, t, sizeof(board));
	memset(&board.dt, 0, sizeof(board.dt));
	memset(&board.cmdline, 0, sizeof(board.cmdline));
	board.bootloader_cmdline = fuzz_strndup(data, cl_len);
	snprintf(board.cmdline_path, sizeof(board.cmdline_path), "fuzz.cmdline");
	snprintf(board.dt_path, sizeof(board.dt_path), "fuzz.dtb");
	dtb = fuzz_copy(nul ? nul + 1 : data, dtb_len);
	if (mg_dt_parse_blob(&board.dt, dtb, dtb_len, board.dt_path, &err)) {
		fuzz_check_error(&err);
		goto out;
	}
	/* An empty line means "no bootloader line": use the DT's bootargs (board.c load_cmdline). */
	if (mg_cmdline_build(&board.cmdline, &board.kconfig,
			     cl_len ? board.bootloader_cmdline : NULL, board.cmdline_path,
			     board.dt.has_bootargs ? board.dt.bootargs : NULL, board.dt_path, &err)) {
		fuzz_check_error(&err);
		goto out;
	}
	/* board.c set_initrd: board.yaml initrd_size wins, else the DT's initrd range. */
	if (!board.has_initrd_size && board.dt.has_initrd &&
	    board.dt.initrd_end >= board.dt.initrd_start) {
		board.has_initrd_size = true;
		board.initrd_size_bytes = board.dt.initrd_end - board.dt.initrd_start;
	}

	mo.ignore_calibration = flags & 4;
	if ((flags & 8) && ram) {
		mo.has_ram_override = true;
		mo.ram_bytes = ram;
	}
	if (mg_model_run(&model, &board, &mo, &err)) {
		fuzz_check_error(&err);
		goto out;
	}
	go.today = "2026-01-01";
	go.solve_fixes = flags & 1;
	if ((flags & 2) && ram) {
		go.ram_variants = &ram;
		go.nram_variants = 1;
	}
	memset(&verdict, 0, sizeof(verdict));
	if (mg_gate_run(&verdict, &board, &go, &err)) {
		fuzz_check_error(&err);
	} else {
		reports();
	}
	mg_verdict_free(&verdict);
out:
	mg_dt_free(&board.dt);
	mg_cmdline_free(&board.cmdline);
	free(board.bootloader_cmdline);
	free(dtb);
	return 0;
}
