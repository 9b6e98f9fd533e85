/* memgate: many boards in one process (`memgate check --batch LIST`, `layout --batch LIST`).
 *
 * LIST holds one board per line (docs/batch.md):
 *   boards/e2000q                                   a board folder (as `memgate check DIR`)
 *   dtb=a.dtb config=k.config profile=p.yaml ...    key=value fields (values may be "quoted")
 * Blank lines and lines starting with '#' are skipped.  Relative paths are resolved against
 * the directory holding LIST.  Each board gives one JSON line (a verdict, a layout summary or
 * {"board":..., "error":"file:line: msg"}); a bad board never stops the batch.  A .config,
 * System.map or profile shared by many boards is parsed once per batch (cached by path). */
#ifndef MEMGATE_BATCH_H
#define MEMGATE_BATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "gate.h"

#define MG_BATCH_MAX_LIST_BYTES (64u << 20)
#define MG_BATCH_MAX_LINE 8192u
#define MG_BATCH_MAX_BOARDS 1000000u
#define MG_BATCH_MAX_CACHED 256u   /* distinct configs/profiles/System.maps kept parsed */

enum mg_batch_mode { MG_BATCH_CHECK, MG_BATCH_LAYOUT };

struct mg_batch_options {
	enum mg_batch_mode mode;
	const struct mg_policy *policy; /* NULL = defaults */
	const char *today;              /* waiver expiry date; NULL = today */
	bool solve_fixes;               /* re-run the model to solve fixes (slow; off by default) */
};

/* One parsed LIST line.  Paths point into the caller's line buffer or are resolved copies. */
struct mg_batch_entry {
	unsigned line;                  /* 1-based line in LIST */
	char board[512];                /* folder ("" = none) */
	char dtb[512], config[512], profile[512], system_map[512], sysctl[512];
	char name[128];
	bool has_cmdline;
	char cmdline[4096];
	bool has_ram;                   /* ram=SIZE: the model's RAM override (like --ram SIZE) */
	uint64_t ram_bytes;
	bool has_default_ram;           /* default_ram=SIZE: only for a DT that declares no RAM size */
	uint64_t default_ram_bytes;
};

/* Parse one LIST line (without its newline).  base_dir ("" or NULL = none) is prefixed to
 * relative paths.  Returns 1 = entry filled, 0 = blank/comment, -1 = error (file:line). */
int mg_batch_parse_line(struct mg_batch_entry *e, const char *line, const char *base_dir,
			const char *list_file, unsigned lineno, struct mg_error *err);

struct mg_batch_stats {
	size_t boards;                  /* lines that named a board */
	size_t passed, warned, rejected;/* check: verdicts (warned = passed with a warning) */
	size_t modelled;                /* layout: boards modelled */
	size_t errors;                  /* boards refused with an input error */
	size_t configs_parsed;          /* distinct .config files parsed (the cache's misses) */
	size_t profiles_parsed;
	size_t sysmaps_parsed;
};

/* Called once per board with one JSON object and its length (no newline).  Return non-zero
 * to stop the batch (e.g. the output is gone); mg_batch_run then returns -1. */
typedef int (*mg_batch_emit_fn)(void *ctx, const char *json, size_t len);

/* Run every board of LIST.  Returns 0 when the list was read through: a board that cannot be
 * loaded or modelled, and a malformed line, is a JSON error line counted in stats->errors.
 * -1 with err when LIST itself cannot be read, holds more than MG_BATCH_MAX_BOARDS boards,
 * the output buffer runs out of memory or emit asks to stop. */
int mg_batch_run(const char *list_path, const struct mg_batch_options *opt, mg_batch_emit_fn emit,
		 void *emit_ctx, struct mg_batch_stats *stats, struct mg_error *err);

/* Process exit status for a finished batch: 2 if any board had an input error, else 1 if any
 * was rejected, else 0. */
int mg_batch_exit_status(const struct mg_batch_stats *stats);

#endif
