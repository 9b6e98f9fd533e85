/* memgate: a prediction against the running board (`memgate verify`, `--calibrate`).
 *
 * mg_verify_run puts the model's numbers next to what a booted board printed (dmesg boot lines,
 * and optionally /proc/meminfo, /proc/zoneinfo, a `sysctl vm` dump) for every quantity both
 * sides have, each with its tolerance.  mg_verify_calibrate turns the one number a build host
 * cannot know (what the kernel reserves at the "Memory:" line beyond the modelled consumers)
 * into a board.yaml calibration block (written by mg_manifest_write_calibration). */
#ifndef MEMGATE_VERIFY_H
#define MEMGATE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "error.h"
#include "logs.h"
#include "model.h"
#include "util.h"

/* Quantities the kernel derives from the same inputs by a rule we model byte for byte are exact;
 * those that also depend on estimated consumers (memmap, hashes, per-CPU ...) get this slack. */
#define MG_VERIFY_TOL_PCT 0.5
#define MG_VERIFY_MAX_ROWS 1024u  /* a log with more CMA areas than this is cut (rows_capped) */

enum mg_verify_kind {
	MG_VERIFY_NUMBER,   /* predicted/observed in unit */
	MG_VERIFY_ADDRESS,  /* physical address; delta is observed - predicted in bytes */
	MG_VERIFY_BOOL,     /* 0/1 (mobility grouping off/on) */
	MG_VERIFY_TEXT,     /* predicted_text/observed_text (command line, kernel version) */
};

struct mg_verify_row {
	char quantity[64];        /* "MemTotal", "DMA32 managed", "cma reserved size" */
	enum mg_verify_kind kind;
	bool has_pred, has_obs;   /* compared only when both */
	uint64_t predicted, observed;
	int64_t delta;            /* observed - predicted (saturated to the int64_t range) */
	char unit[8];             /* "kB", "pages", "MiB", "" */
	double tol_pct;           /* 0 when exact */
	uint64_t tol_basis;       /* what tol_pct is a share of (0: the predicted value itself) */
	bool exact;
	bool within;              /* true when not compared (one side missing) */
	char source[256];         /* where the observed value was read: "boot.log:25" */
	char *predicted_text;     /* MG_VERIFY_TEXT only (malloc'd, owned by the row) */
	char *observed_text;
	char note[256];           /* why it differs, e.g. "only observed: cma=256M" ("" = none) */
};

struct mg_verify {
	struct mg_verify_row *rows;
	size_t nrows, cap;
	size_t ncompared;         /* rows with both sides */
	size_t noutside;          /* compared rows outside tolerance */
	bool all_within;          /* noutside == 0 */
	bool rows_capped;         /* more than MG_VERIFY_MAX_ROWS rows: the rest were dropped */
	char kernel[96];          /* the model's "5.4.74 arm64, 64 KiB pages" */
	char dmesg_file[256], meminfo_file[256], zoneinfo_file[256], sysctl_file[256];
};

/* Compare every quantity both sides have: effective command line (equal after collapsing blank
 * runs), kernel version, each CMA area's size and base, the "Memory:" line (physpages exact,
 * available and reserved 0.5 %, cma-reserved exact), zonelist Total pages (0.5 %), mobility
 * grouping, MemTotal (0.5 %) and CmaTotal (exact) from meminfo, per-zone present/managed/min/
 * low/high (0.5 %) and cma (exact) from zoneinfo (zones matched by name, nodes summed; zones
 * empty on both sides skipped), min_free_kbytes (0.5 %) and watermark_scale_factor (exact) from
 * the sysctl dump.  CMA areas only one side has are listed (has_pred/has_obs) but not counted:
 * CmaTotal and cma-reserved catch them.  mi, zi and sd may be NULL.  *v is overwritten; free it
 * with mg_verify_free.  Errors: an input error when nothing at all could be compared (a gate
 * must not pass on an empty comparison; *v is then empty), out of memory. */
int mg_verify_run(struct mg_verify *v, const struct mg_model *m, const struct mg_bootlog *bl,
		  const struct mg_meminfo *mi, const struct mg_zoneinfo *zi,
		  const struct mg_sysctl_dump *sd, struct mg_error *err);
void mg_verify_free(struct mg_verify *v);

/* How far a workload got before the OOM killer, against the predicted capacity (issue "The
 * boot-time memory model" section 9; 3 % tolerance).  baseline_kb is what the system held when
 * the workload started (MemTotal - MemFree of a /proc/meminfo taken then). */
#define MG_VERIFY_REACH_TOL_PCT 3.0
struct mg_verify_workload {
	bool has_baseline;
	uint64_t baseline_kb;
	char baseline_source[256];
	bool has_movable;            /* anonymous memory at the OOM kill (anon-rss of the victim) */
	uint64_t movable_kb;
	char movable_source[256];
	unsigned movable_line;
	bool has_unmovable;          /* unmovable kernel memory reached (e.g. pipe buffers) */
	uint64_t unmovable_kb;
	char unmovable_source[256];
};
/* Append "movable reach" / "unmovable reach" rows and recount.  0, or -1 out of memory. */
int mg_verify_add_workload(struct mg_verify *v, const struct mg_model *m,
			   const struct mg_verify_workload *w, struct mg_error *err);

/* What --calibrate measured, for the CLI to print. */
struct mg_verify_calib_info {
	uint64_t observed_reserved_kb;   /* the "Memory:" line's reserved column */
	uint64_t predicted_reserved_kb;  /* the uncalibrated model's reserved_boot_pages in kB */
	int64_t residue_kb;              /* observed - predicted (negative: model over-estimates) */
	bool overestimate;               /* residue_kb < 0: stored as 0 */
	char file[256];                  /* the log and line the number came from */
	unsigned line;
};

/* From the dmesg "Memory:" line of a boot of the same kernel, fill *cal (set, kernel_version =
 * the model's version text, residue_kb = observed - predicted reserved; kernel_reserved_kb and
 * late_reserved_kb 0).  m must be a model run with ignore_calibration (it is an internal error
 * otherwise).  Input errors: no "Memory:" line with a reserved column, a log of another kernel
 * version, a RAM total (physpages) other than the model's, a reserved column that is not a
 * whole number of pages.  Returns 0; 1 when the model over-estimates (residue stored as 0;
 * err->status MG_OK and err->msg/file/line carry the notice to show); -1 on error.
 * info may be NULL. */
int mg_verify_calibrate_ex(struct mg_calibration *cal, struct mg_verify_calib_info *info,
			   const struct mg_model *m_uncalibrated, const struct mg_bootlog *bl,
			   struct mg_error *err);
int mg_verify_calibrate(struct mg_calibration *cal, const struct mg_model *m_uncalibrated,
			const struct mg_bootlog *bl, struct mg_error *err);

/* Table "quantity  predicted  observed  delta  within  observed at", then a line per differing
 * text row, then "verify: N quantities, M outside tolerance".  0, or -1 when out failed. */
int mg_verify_render_text(struct mg_buf *out, const struct mg_verify *v);
/* {"schema":"memgate-verify/1","kernel":...,"inputs":{...},"rows":[...],"compared":N,
 * "outside":M,"all_within":bool}.  0, or -1 when out failed. */
int mg_verify_render_json(struct mg_buf *out, const struct mg_verify *v);
/* "calibration: reserved at the Memory: line 190784 kB (boot.log:25) - modelled 188544 kB =
 * residue 2240 kB" (+ the over-estimate notice).  0, or -1 when out failed. */
int mg_verify_render_calibration_text(struct mg_buf *out, const struct mg_verify_calib_info *info);

#endif
