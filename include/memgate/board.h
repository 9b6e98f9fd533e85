/* memgate: a board = every input of one firmware image.
 *
 * boards/<name>/ holds board.dts or board.dtb, optional overlays/ (*.dtbo, *.dts, applied in
 * name order), optional cmdline (what the bootloader passes as bootargs), kernel.config,
 * optional System.map, profile.yaml, optional sysctl.conf, optional board.yaml manifest
 * (name, description, initrd_size, ram_variants, files: {dts|dtb|cmdline|config|system_map|
 * profile|sysctl: path}, calibration).  Every file can also be given by flag; a flag overrides
 * the folder. */
#ifndef MEMGATE_BOARD_H
#define MEMGATE_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cmdline.h"
#include "dt.h"
#include "e820.h"
#include "error.h"
#include "kconfig.h"
#include "profile.h"
#include "sysctl.h"
#include "sysmap.h"

#define MG_MAX_OVERLAYS 32
#define MG_MAX_RAM_VARIANTS 16
#define MG_MAX_INCLUDE_DIRS 16
#define MG_MANIFEST_MAX_BYTES (1u << 20)  /* board.yaml */
#define MG_CMDLINE_FILE_MAX_BYTES (64u << 10) /* the cmdline file, comments included */

/* Paths/values given on the command line; NULL/unset means "take it from the folder". */
struct mg_board_overrides {
	const char *dtb, *dts;
	const char *overlays[MG_MAX_OVERLAYS];
	size_t noverlays;
	const char *cmdline;        /* --cmdline STRING */
	const char *cmdline_file;   /* --cmdline-file FILE */
	const char *config;
	const char *system_map;
	const char *profile;
	const char *sysctl;
	bool has_initrd_size;
	uint64_t initrd_size_bytes;
	const char *include_dirs[MG_MAX_INCLUDE_DIRS];
	size_t ninclude_dirs;
	const char *e820;           /* --e820 FILE: x86 RAM map (BIOS-e820: boot lines) */
};

/* Fixed kernel costs measured on a real boot (memgate verify --calibrate), board.yaml
 * "calibration:"; each 0/unset = estimate from .config/System.map. */
struct mg_calibration {
	bool set;
	char kernel_version[64];        /* calibration applies only to this exact version text */
	uint64_t kernel_reserved_kb;    /* image + everything non-initrd reserved at "Memory:" beyond our estimate */
	uint64_t residue_kb;            /* reserved at "Memory:" that no modelled consumer explains */
	uint64_t late_reserved_kb;      /* final non-managed beyond the model (present - managed - model) */
	struct mg_origin origin;
};

struct mg_board {
	char dir[256];              /* the board folder ("" when everything came from flags) */
	char name[128];             /* board.yaml name, else the folder's basename */
	char description[1024];

	struct mg_dt dt;            /* all zero when the board has no DT (x86 with an e820 map) */
	char dt_path[512];          /* "" = no device tree */
	bool has_e820;              /* x86: --e820 FILE or the folder's e820 file */
	struct mg_e820 e820;
	char e820_path[512];
	struct mg_kconfig kconfig;
	bool has_sysmap;
	struct mg_sysmap sysmap;
	struct mg_profile profile;
	bool has_profile;
	struct mg_sysctl sysctl;    /* from sysctl.conf (runtime, applied after boot) */
	bool has_sysctl;

	/* The bootloader's command line (cmdline file / flag) as text; NULL = use DT bootargs. */
	char *bootloader_cmdline;
	char cmdline_path[512];     /* file it came from, or "--cmdline" */
	struct mg_cmdline cmdline;  /* the effective line (mg_cmdline_build) */

	bool has_initrd_size;
	uint64_t initrd_size_bytes; /* board.yaml initrd_size / --initrd-size; else DT linux,initrd-* */
	struct mg_origin initrd_origin;

	size_t nram_variants;       /* board.yaml ram_variants (bytes) */
	uint64_t ram_variants[MG_MAX_RAM_VARIANTS];

	struct mg_calibration calibration;
	char manifest_path[512];    /* board.yaml when present */

	/* The inputs actually used (resolved paths, "" = none), for reports and provenance. */
	char config_path[512];
	char system_map_path[512];
	char profile_path[512];
	char sysctl_path[512];
	size_t noverlays;

	/* board.yaml `files:` and `include_dirs:` resolved against the folder ("" = not given). */
	struct mg_manifest_files {
		char dts[512], dtb[512], cmdline[512], config[512];
		char system_map[512], profile[512], sysctl[512];
		bool has_overlays;          /* files.overlays given (even []): replaces overlays/ */
		size_t noverlays;
		size_t ninclude_dirs;
		/* Entry arrays, written as they are filled (mg_board_reset). */
		char overlays[MG_MAX_OVERLAYS][512];
		char include_dirs[MG_MAX_INCLUDE_DIRS][512];
	} files;
	char overlay_paths[MG_MAX_OVERLAYS][512];
};

/* Zero a board up to its entry arrays (files.overlays onwards: 40 of its 58 KiB), which are
 * written as they are filled and read only up to their counts: pages a board does not use
 * are never touched. */
void mg_board_reset(struct mg_board *b);

/* Load everything; dir may be NULL when all required files come from ov (*b need not be
 * initialised).  On error *b is left freed (mg_board_free on it is harmless).  struct
 * mg_board is large (~58 KiB): prefer heap storage to a small thread stack. */
int mg_board_load(struct mg_board *b, const char *dir, const struct mg_board_overrides *ov,
		  struct mg_error *err);
void mg_board_free(struct mg_board *b);
/* The initrd size from the DT's /chosen linux,initrd-start/-end, when nothing else set it. */
void mg_board_initrd_from_dt(struct mg_board *b);

/* board.yaml (docs/board.md): fill name, description, initrd size, ram_variants, files,
 * include_dirs, calibration and manifest_path of b; other fields are untouched.  Relative
 * paths are resolved against the directory holding file.  Unknown keys, duplicates, wrong
 * types are errors at file:line:col. */
int mg_manifest_parse_buf(struct mg_board *b, const char *buf, size_t len, const char *file,
			  struct mg_error *err);
int mg_manifest_load(struct mg_board *b, const char *path, struct mg_error *err);
/* Replace (or add) the top-level `calibration:` block of the board.yaml at path, keeping every
 * other byte verbatim; creates the file when absent.  The result is re-parsed before it is
 * written (atomically, mg_write_atomic).  cal->kernel_version must be set. */
int mg_manifest_write_calibration(const char *path, const struct mg_calibration *cal,
				  struct mg_error *err);

#endif
