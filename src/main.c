/* memgate — predict a board's boot-time RAM split and gate firmware images on it.
 * This file only parses arguments, calls the library and maps results to exit codes:
 *   0 pass, 1 reject (or verify mismatch), 2 bad input or usage, 3 internal error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/batch.h>
#include <memgate/board.h>
#include <memgate/gate.h>
#include <memgate/logs.h>
#include <memgate/model.h>
#include <memgate/report.h>
#include <memgate/util.h>
#include <memgate/verify.h>

#define MEMGATE_VERSION "0.1.0"
#define MAX_OUTPUTS 8

static const char usage[] =
	"usage: memgate <command> [options]\n"
	"\n"
	"commands:\n"
	"  inputs BOARD      print every input that was read, each value with its origin\n"
	"  layout BOARD      predict the boot-time RAM split: ledger, zones, watermarks, capacity\n"
	"  check BOARD       gate the image: exit 0 pass, 1 reject\n"
	"  check|layout --batch LIST   many boards in one process, one JSON line each (docs/batch.md);\n"
	"                    exit 0 all pass, 1 any rejected, 2 any board had an input error\n"
	"  oom REPORT        explain OOM-killer / page allocation failure reports in a log\n"
	"  verify BOARD --dmesg FILE [--meminfo FILE] [--zoneinfo FILE] [--sysctl-dump FILE] [--calibrate]\n"
	"                    compare the prediction with a booted board (exit 1 if outside tolerance);\n"
	"                    --calibrate stores the kernel's unmodelled reservations in board.yaml;\n"
	"                    --oom-log FILE, --unmovable-reach SIZE and --meminfo-before FILE (meminfo at\n"
	"                    the workload's start) compare how far a workload got with the capacity\n"
	"\n"
	"board inputs (override the files of the BOARD folder):\n"
	"  --dtb FILE --dts FILE --overlay FILE (repeatable) -I DIR (cpp/dtc include dir)\n"
	"  --cmdline STRING --cmdline-file FILE --config FILE --system-map FILE\n"
	"  --profile FILE --sysctl FILE --initrd-size SIZE\n"
	"  --e820 FILE (x86: the kernel's BIOS-e820: boot lines; default: the folder's e820)\n"
	"\n"
	"output:\n"
	"  --format text|json|markdown|sarif|junit   (repeatable, each followed by its -o)\n"
	"  -o FILE           write the preceding --format atomically to FILE\n"
	"\n"
	"check:\n"
	"  --ram SIZE[,SIZE...]   evaluate the image on each RAM size (e.g. 1G,2G,4G)\n"
	"  --policy FILE          rules/policy file (default: memgate.yaml in the board folder)\n"
	"  --fail-on reject|warn|never   what makes the exit status 1 (default reject)\n"
	"  --today YYYY-MM-DD     date for waiver expiry (default: today)\n"
	"\n"
	"oom:\n"
	"  --board BOARD     cross-check the report against the board's prediction\n"
	"\n"
	"exit status: 0 pass, 1 reject, 2 bad input or usage, 3 internal error\n";

struct output {
	int format;
	const char *path;
};

struct args {
	const char *command;
	const char *target;
	struct mg_board_overrides ov;
	struct output outputs[MAX_OUTPUTS];
	size_t noutputs;
	uint64_t ram[MG_MAX_RAM_VARIANTS];
	size_t nram;
	const char *policy;
	const char *fail_on;
	const char *today;
	const char *oom_board;
	const char *batch;
	const char *dmesg, *meminfo, *zoneinfo, *sysctl_dump;
	const char *meminfo_before, *oom_log;
	bool has_unmovable_reach;
	uint64_t unmovable_reach_bytes;
	bool calibrate;
};

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "memgate: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see memgate --help)\n");
	return MG_ERR_INPUT;
}

static int report_error(const struct mg_error *err)
{
	char line[1400];
	mg_error_format(err, line, sizeof(line));
	fprintf(stderr, "memgate: %s\n", line);
	return err->status ? (int)err->status : MG_ERR_INTERNAL;
}

static int parse_ram_list(struct args *a, const char *s)
{
	char buf[512], *save = NULL, *tok;
	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (a->nram >= MG_MAX_RAM_VARIANTS || !mg_parse_size(tok, &a->ram[a->nram]) || !a->ram[a->nram])
			return usage_error("--ram: expected sizes like 1G,2G,4G, got '%s'", s);
		a->nram++;
	}
	return 0;
}

/* YYYY-MM-DD naming a real day: waiver expiry compares dates as strings. */
static int valid_date(const char *s)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return 0;
	if (s[10])
		return 0;
	y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return 0;
	return !(m == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)));
}

static int parse_args(int argc, char **argv, struct args *a)
{
	int i;
	memset(a, 0, sizeof(*a));
	a->fail_on = "reject";
	for (i = 1; i < argc; i++) {
		const char *o = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED()                                                                         \
	do {                                                                           \
		if (!v)                                                                \
			return usage_error("option %s needs a value", o);             \
		i++;                                                                   \
	} while (0)
		if (!strcmp(o, "--dtb")) { NEED(); a->ov.dtb = v; }
		else if (!strcmp(o, "--dts")) { NEED(); a->ov.dts = v; }
		else if (!strcmp(o, "--overlay")) {
			NEED();
			if (a->ov.noverlays >= MG_MAX_OVERLAYS)
				return usage_error("too many --overlay (at most %s)", "32");
			a->ov.overlays[a->ov.noverlays++] = v;
		} else if (!strcmp(o, "-I")) {
			NEED();
			if (a->ov.ninclude_dirs >= MG_MAX_INCLUDE_DIRS)
				return usage_error("too many -I (at most %s)", "16");
			a->ov.include_dirs[a->ov.ninclude_dirs++] = v;
		} else if (!strcmp(o, "--cmdline")) { NEED(); a->ov.cmdline = v; }
		else if (!strcmp(o, "--cmdline-file")) { NEED(); a->ov.cmdline_file = v; }
		else if (!strcmp(o, "--config")) { NEED(); a->ov.config = v; }
		else if (!strcmp(o, "--system-map")) { NEED(); a->ov.system_map = v; }
		else if (!strcmp(o, "--e820")) { NEED(); a->ov.e820 = v; }
		else if (!strcmp(o, "--profile")) { NEED(); a->ov.profile = v; }
		else if (!strcmp(o, "--sysctl")) { NEED(); a->ov.sysctl = v; }
		else if (!strcmp(o, "--initrd-size")) {
			NEED();
			if (!mg_parse_size(v, &a->ov.initrd_size_bytes))
				return usage_error("--initrd-size: expected a size like 147M, got '%s'", v);
			a->ov.has_initrd_size = true;
		} else if (!strcmp(o, "--format")) {
			int f;
			NEED();
			f = mg_report_format_parse(v);
			if (f < 0)
				return usage_error("--format: expected text, json, markdown, sarif or junit, got '%s'", v);
			if (a->noutputs >= MAX_OUTPUTS)
				return usage_error("too many --format (at most %s)", "8");
			a->outputs[a->noutputs].format = f;
			a->outputs[a->noutputs++].path = NULL;
		} else if (!strcmp(o, "-o") || !strcmp(o, "--output")) {
			NEED();
			if (!a->noutputs) {
				a->outputs[0].format = MG_FMT_TEXT;
				a->noutputs = 1;
			}
			if (a->outputs[a->noutputs - 1].path)
				return usage_error("-o %s: give a --format before each -o", v);
			a->outputs[a->noutputs - 1].path = v;
		} else if (!strcmp(o, "--ram")) {
			NEED();
			if (parse_ram_list(a, v))
				return MG_ERR_INPUT;
		} else if (!strcmp(o, "--policy")) { NEED(); a->policy = v; }
		else if (!strcmp(o, "--fail-on")) {
			NEED();
			if (strcmp(v, "reject") && strcmp(v, "warn") && strcmp(v, "never"))
				return usage_error("--fail-on: expected reject, warn or never, got '%s'", v);
			a->fail_on = v;
		} else if (!strcmp(o, "--today")) {
			NEED();
			if (!valid_date(v))
				return usage_error("--today: expected a calendar date YYYY-MM-DD, got '%s'", v);
			a->today = v;
		}
		else if (!strcmp(o, "--board")) { NEED(); a->oom_board = v; }
		else if (!strcmp(o, "--batch")) { NEED(); a->batch = v; }
		else if (!strcmp(o, "--dmesg")) { NEED(); a->dmesg = v; }
		else if (!strcmp(o, "--meminfo")) { NEED(); a->meminfo = v; }
		else if (!strcmp(o, "--zoneinfo")) { NEED(); a->zoneinfo = v; }
		else if (!strcmp(o, "--sysctl-dump")) { NEED(); a->sysctl_dump = v; }
		else if (!strcmp(o, "--calibrate")) a->calibrate = true;
		else if (!strcmp(o, "--meminfo-before")) { NEED(); a->meminfo_before = v; }
		else if (!strcmp(o, "--oom-log")) { NEED(); a->oom_log = v; }
		else if (!strcmp(o, "--unmovable-reach")) {
			NEED();
			if (!mg_parse_size(v, &a->unmovable_reach_bytes))
				return usage_error("--unmovable-reach: expected a size like 843M, got '%s'", v);
			a->has_unmovable_reach = true;
		}
		else if (o[0] == '-' && o[1])
			return usage_error("unknown option '%s'", o);
		else if (!a->command)
			a->command = o;
		else if (!a->target)
			a->target = o;
		else
			return usage_error("unexpected argument '%s'", o);
#undef NEED
	}
	if (!a->noutputs) {
		a->outputs[0].format = MG_FMT_TEXT;
		a->noutputs = 1;
	}
	return 0;
}

/* Write every requested format: stdout, or atomically to its -o file. */
static int emit(const struct args *a, void (*render)(struct mg_buf *, int, const void *), const void *ctx)
{
	for (size_t i = 0; i < a->noutputs; i++) {
		struct mg_buf out;
		struct mg_error err = { 0 };
		mg_buf_init(&out);
		render(&out, a->outputs[i].format, ctx);
		if (out.failed) {
			mg_buf_free(&out);
			fprintf(stderr, "memgate: out of memory while writing the report\n");
			return MG_ERR_INTERNAL;
		}
		if (a->outputs[i].path) {
			if (mg_write_atomic(a->outputs[i].path, out.data ? out.data : "", out.len, &err)) {
				mg_buf_free(&out);
				return report_error(&err);
			}
		} else if (out.len) {
			fwrite(out.data, 1, out.len, stdout);
		}
		mg_buf_free(&out);
	}
	return 0;
}

struct board_ctx {
	const struct mg_board *b;
	const struct mg_model *m;
	const struct mg_verdict *v;
};

static void render_inputs(struct mg_buf *out, int fmt, const void *p)
{
	const struct board_ctx *c = p;
	mg_report_inputs(out, c->b, (enum mg_report_format)fmt);
}

static void render_layout(struct mg_buf *out, int fmt, const void *p)
{
	const struct board_ctx *c = p;
	mg_report_layout(out, c->b, c->m, (enum mg_report_format)fmt);
}

static void render_check(struct mg_buf *out, int fmt, const void *p)
{
	const struct board_ctx *c = p;
	mg_report_check(out, c->b, c->v, (enum mg_report_format)fmt);
}

static int cmd_board(const struct args *a)
{
	struct mg_board *b = malloc(sizeof(*b)); /* mg_board_load initialises it */
	struct mg_error err = { 0 };
	struct board_ctx ctx = { .b = b };
	int rc;

	if (!b)
		return MG_ERR_INTERNAL;
	if (mg_board_load(b, a->target, &a->ov, &err)) {
		rc = report_error(&err);
		goto out;
	}
	if (!strcmp(a->command, "inputs")) {
		rc = emit(a, render_inputs, &ctx);
	} else if (!strcmp(a->command, "layout")) {
		struct mg_model *m = calloc(1, sizeof(*m));
		struct mg_model_options mo = { 0 };
		if (!m) {
			rc = MG_ERR_INTERNAL;
			goto out;
		}
		if (a->nram) {
			mo.has_ram_override = true;
			mo.ram_bytes = a->ram[0];
		}
		if (mg_model_run(m, b, &mo, &err)) {
			rc = report_error(&err);
		} else {
			ctx.m = m;
			rc = emit(a, render_layout, &ctx);
		}
		free(m);
	} else {
		struct mg_verdict v;
		struct mg_policy *pol = NULL;
		struct mg_gate_options go = { 0 };
		char policy_path[600];
		mg_verdict_init(&v);
		/* Without a profile the demand would be zero and every board would pass. */
		if (!b->has_profile) {
			rc = usage_error("%s: no profile.yaml: check needs the workload profile "
					 "(docs/profile.md; or give --profile FILE)", a->target ? a->target : "check");
			goto out;
		}
		if (!a->policy && a->target) {
			snprintf(policy_path, sizeof(policy_path), "%s/memgate.yaml", a->target);
			FILE *f = fopen(policy_path, "r");
			if (f)
				fclose(f);
			else
				policy_path[0] = '\0';
		} else {
			snprintf(policy_path, sizeof(policy_path), "%s", a->policy ? a->policy : "");
		}
		if (policy_path[0]) {
			pol = calloc(1, sizeof(*pol));
			if (!pol || mg_policy_load(pol, policy_path, &err)) {
				rc = pol ? report_error(&err) : MG_ERR_INTERNAL;
				free(pol);
				goto out;
			}
		}
		go.policy = pol;
		go.ram_variants = a->nram ? a->ram : NULL;
		go.nram_variants = a->nram;
		go.today = a->today;
		go.solve_fixes = true;
		if (mg_gate_run(&v, b, &go, &err)) {
			rc = report_error(&err);
		} else {
			ctx.v = &v;
			rc = emit(a, render_check, &ctx);
			if (!rc) {
				if (!strcmp(a->fail_on, "never"))
					rc = 0;
				else if (!strcmp(a->fail_on, "warn"))
					rc = v.worst >= MG_SEV_WARN ? 1 : 0;
				else
					rc = v.rejected ? 1 : 0;
			}
		}
		mg_verdict_free(&v);
		free(pol);
	}
out:
	mg_board_free(b);
	free(b);
	return rc;
}

static int cmd_oom(const struct args *a)
{
	struct mg_oom_log log;
	struct mg_error err = { 0 };
	struct mg_oom_analysis *an = NULL;
	struct mg_oom_explain_opts opts;
	size_t n = 0;
	int rc = 0;

	struct mg_board *b = NULL;
	struct mg_model *m = NULL;
	struct mg_verdict verdict;
	bool have_verdict = false;
	char source[600];

	memset(&log, 0, sizeof(log));
	memset(&opts, 0, sizeof(opts));
	if (a->oom_board) {
		/* --board: the prediction says whether mobility grouping is on, and its watermarks
		 * are printed next to the report's. */
		b = calloc(1, sizeof(*b));
		m = calloc(1, sizeof(*m));
		if (!b || !m) {
			rc = MG_ERR_INTERNAL;
			goto out;
		}
		if (mg_board_load(b, a->oom_board, &a->ov, &err) || mg_model_run(m, b, NULL, &err)) {
			rc = report_error(&err);
			goto out;
		}
		/* Would the gate have stopped this image?  Only with a declared workload. */
		if (b->has_profile) {
			struct mg_gate_options go = { .today = a->today };
			if (mg_gate_run(&verdict, b, &go, &err)) {
				rc = report_error(&err);
				goto out;
			}
			have_verdict = true;
		}
		opts.grouping = m->mobility_grouping ? MG_TRI_YES : MG_TRI_NO;
		snprintf(source, sizeof(source), "board prediction %s", a->oom_board);
		opts.grouping_source = source;
		opts.page_kb = m->k.page_size_bytes >> 10;
	}
	if (mg_oom_load(&log, a->target, &err)) {
		rc = report_error(&err);
		goto out;
	}
	if (mg_oom_explain(&log, &opts, &an, &n, &err)) {
		rc = report_error(&err);
	} else {
		for (size_t i = 0; i < a->noutputs && !rc; i++) {
			struct mg_buf out;
			mg_buf_init(&out);
			if (a->outputs[i].format == MG_FMT_JSON)
				mg_oom_render_json(&out, an, n);
			else
				mg_oom_render_text(&out, an, n);
			if (m && a->outputs[i].format != MG_FMT_JSON) {
				mg_oom_render_board_check(&out, an, n, m, a->oom_board);
				if (have_verdict)
					mg_buf_printf(&out, "  with its profile, memgate check would have %s this image: %s\n",
						      verdict.rejected ? "REJECTED" : "passed",
						      verdict.nvariants ? verdict.variants[0].equation : "");
			}
			if (a->outputs[i].path)
				rc = mg_write_atomic(a->outputs[i].path, out.data ? out.data : "", out.len, &err)
					     ? report_error(&err) : 0;
			else if (out.len)
				fwrite(out.data, 1, out.len, stdout);
			mg_buf_free(&out);
		}
	}
out:
	if (have_verdict)
		mg_verdict_free(&verdict);
	free(an);
	mg_oom_log_free(&log);
	if (b)
		mg_board_free(b);
	free(b);
	free(m);
	return rc;
}

/* The observed side of a workload comparison: baseline from a meminfo taken at the start,
 * movable reach from the first OOM kill's anon-rss, unmovable reach as given. */
static int load_workload(const struct args *a, struct mg_verify_workload *w, struct mg_error *err)
{
	memset(w, 0, sizeof(*w));
	if (a->meminfo_before) {
		struct mg_meminfo mi;
		uint64_t total, free_kb;
		memset(&mi, 0, sizeof(mi));
		if (mg_meminfo_load(&mi, a->meminfo_before, err))
			return -1;
		if (!mg_meminfo_get(&mi, "MemTotal", &total) || !mg_meminfo_get(&mi, "MemFree", &free_kb) ||
		    free_kb > total) {
			mg_meminfo_free(&mi);
			return mg_input_error(err, a->meminfo_before, 0, "expected MemTotal and MemFree lines");
		}
		w->has_baseline = true;
		w->baseline_kb = total - free_kb;
		snprintf(w->baseline_source, sizeof(w->baseline_source), "%s", a->meminfo_before);
		mg_meminfo_free(&mi);
	}
	if (a->oom_log) {
		struct mg_oom_log log;
		memset(&log, 0, sizeof(log));
		if (mg_oom_load(&log, a->oom_log, err))
			return -1;
		for (size_t i = 0; i < log.nreports && !w->has_movable; i++)
			if (log.reports[i].victim_anon_rss_kb.set) {
				w->has_movable = true;
				w->movable_kb = log.reports[i].victim_anon_rss_kb.value;
				w->movable_line = log.reports[i].victim_anon_rss_kb.line;
			}
		snprintf(w->movable_source, sizeof(w->movable_source), "%s", a->oom_log);
		mg_oom_log_free(&log);
		if (!w->has_movable)
			return mg_input_error(err, a->oom_log, 0, "no 'Killed process ... anon-rss:' line in any OOM report");
	}
	if (a->has_unmovable_reach) {
		w->has_unmovable = true;
		w->unmovable_kb = a->unmovable_reach_bytes >> 10;
		snprintf(w->unmovable_source, sizeof(w->unmovable_source), "--unmovable-reach");
	}
	return 0;
}

/* `memgate verify`: the prediction next to a booted board's own numbers. */
static int cmd_verify(const struct args *a)
{
	struct mg_board *b = calloc(1, sizeof(*b));
	struct mg_model *m = calloc(1, sizeof(*m));
	struct mg_bootlog bl;
	struct mg_meminfo mi;
	struct mg_zoneinfo zi;
	struct mg_sysctl_dump sd;
	struct mg_verify v;
	struct mg_error err = { 0 };
	struct mg_model_options mo = { .ignore_calibration = a->calibrate };
	struct mg_buf out;
	int rc = MG_ERR_INTERNAL;

	memset(&bl, 0, sizeof(bl));
	memset(&mi, 0, sizeof(mi));
	memset(&zi, 0, sizeof(zi));
	memset(&sd, 0, sizeof(sd));
	memset(&v, 0, sizeof(v));
	mg_buf_init(&out);
	if (!b || !m)
		goto out;
	if (mg_board_load(b, a->target, &a->ov, &err) || mg_model_run(m, b, &mo, &err) ||
	    mg_bootlog_load(&bl, a->dmesg, &err) || (a->meminfo && mg_meminfo_load(&mi, a->meminfo, &err)) ||
	    (a->zoneinfo && mg_zoneinfo_load(&zi, a->zoneinfo, &err)) ||
	    (a->sysctl_dump && mg_sysctl_dump_load(&sd, a->sysctl_dump, &err))) {
		rc = report_error(&err);
		goto out;
	}
	if (a->calibrate) {
		struct mg_calibration cal;
		struct mg_verify_calib_info info;
		char path[600];
		int c = mg_verify_calibrate_ex(&cal, &info, m, &bl, &err);
		if (c < 0) {
			rc = report_error(&err);
			goto out;
		}
		/* The calibration summary goes to stderr so --format json stays valid JSON. */
		mg_verify_render_calibration_text(&out, &info);
		fwrite(out.data ? out.data : "", 1, out.len, stderr);
		out.len = 0;
		snprintf(path, sizeof(path), "%s", b->manifest_path[0] ? b->manifest_path : "");
		if (!path[0])
			snprintf(path, sizeof(path), "%s/board.yaml", a->target);
		if (mg_manifest_write_calibration(path, &cal, &err)) {
			rc = report_error(&err);
			goto out;
		}
		fprintf(stderr, "calibration written to %s\n", path);
		b->calibration = cal;
		mo.ignore_calibration = false;
		if (mg_model_run(m, b, &mo, &err)) {
			rc = report_error(&err);
			goto out;
		}
	}
	if (mg_verify_run(&v, m, &bl, a->meminfo ? &mi : NULL, a->zoneinfo ? &zi : NULL,
			  a->sysctl_dump ? &sd : NULL, &err)) {
		rc = report_error(&err);
		goto out;
	}
	if (a->oom_log || a->has_unmovable_reach) {
		struct mg_verify_workload w;
		if (load_workload(a, &w, &err) || mg_verify_add_workload(&v, m, &w, &err)) {
			rc = report_error(&err);
			goto out;
		}
	}
	if (a->outputs[0].format == MG_FMT_JSON)
		mg_verify_render_json(&out, &v);
	else
		mg_verify_render_text(&out, &v);
	if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	rc = v.all_within ? 0 : 1;
out:
	mg_buf_free(&out);
	mg_verify_free(&v);
	mg_bootlog_free(&bl);
	mg_meminfo_free(&mi);
	mg_zoneinfo_free(&zi);
	mg_sysctl_dump_free(&sd);
	if (b)
		mg_board_free(b);
	free(b);
	free(m);
	return rc;
}

static int emit_line(void *ctx, const char *json, size_t len)
{
	(void)ctx;
	fwrite(json, 1, len, stdout);
	return putchar('\n') == EOF;
}

/* `check|layout --batch LIST`: the library runs every board; this prints the lines. */
static int cmd_batch(const struct args *a)
{
	struct mg_batch_options bo = { 0 };
	struct mg_batch_stats st;
	struct mg_policy *pol = NULL;
	struct mg_error err = { 0 };
	int rc;

	if (a->target)
		return usage_error("--batch LIST takes no BOARD argument (got '%s')", a->target);
	bo.mode = !strcmp(a->command, "layout") ? MG_BATCH_LAYOUT : MG_BATCH_CHECK;
	bo.today = a->today;
	if (a->policy) {
		pol = calloc(1, sizeof(*pol));
		if (!pol || mg_policy_load(pol, a->policy, &err)) {
			rc = pol ? report_error(&err) : MG_ERR_INTERNAL;
			free(pol);
			return rc;
		}
		bo.policy = pol;
	}
	rc = mg_batch_run(a->batch, &bo, emit_line, NULL, &st, &err);
	free(pol);
	if (rc)
		return report_error(&err);
	if (fflush(stdout))
		return MG_ERR_INTERNAL;
	if (bo.mode == MG_BATCH_LAYOUT)
		fprintf(stderr, "memgate: batch: %zu boards: %zu modelled, %zu errors (%zu configs parsed)\n",
			st.boards, st.modelled, st.errors, st.configs_parsed);
	else
		fprintf(stderr, "memgate: batch: %zu boards: %zu pass, %zu warn, %zu reject, %zu errors "
			"(%zu configs parsed)\n", st.boards, st.passed, st.warned, st.rejected, st.errors,
			st.configs_parsed);
	return mg_batch_exit_status(&st);
}

int main(int argc, char **argv)
{
	struct args a;
	int rc;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))) {
		fputs(usage, stdout);
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		puts("memgate " MEMGATE_VERSION);
		return 0;
	}
	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc;
	if (!a.command)
		return usage_error("%s", "no command given");
	if (a.batch) {
		if (strcmp(a.command, "check") && strcmp(a.command, "layout"))
			return usage_error("--batch works with check and layout, not '%s'", a.command);
		return cmd_batch(&a);
	}
	if (!strcmp(a.command, "inputs") || !strcmp(a.command, "layout") || !strcmp(a.command, "check")) {
		if (!a.target && !a.ov.dtb && !a.ov.dts)
			return usage_error("%s needs a BOARD folder (or --dtb/--dts and --config)", a.command);
		return cmd_board(&a);
	}
	if (!strcmp(a.command, "verify")) {
		if (!a.target || !a.dmesg)
			return usage_error("%s", "verify needs a BOARD and --dmesg FILE");
		return cmd_verify(&a);
	}
	if (!strcmp(a.command, "oom")) {
		if (!a.target)
			return usage_error("%s", "oom needs a REPORT file");
		return cmd_oom(&a);
	}
	return usage_error("unknown command '%s'", a.command);
}
