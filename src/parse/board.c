/* A board folder (docs/board.md): resolve every input (flag > board.yaml files: > default
 * name in the folder), then load each with its parser and build the effective command line. */
#include <dirent.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <memgate/board.h>
#include <memgate/util.h>

#define PATH_SIZE 512

static bool is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int copy_path(char *out, const char *path, struct mg_error *err)
{
	int w = snprintf(out, PATH_SIZE, "%s", path);
	if (w < 0 || w >= PATH_SIZE)
		return mg_input_error(err, path, 0, "path too long");
	return 0;
}

static int join(char *out, const char *dir, const char *name, struct mg_error *err)
{
	int w = snprintf(out, PATH_SIZE, "%s/%s", dir, name);
	if (w < 0 || w >= PATH_SIZE)
		return mg_input_error(err, dir, 0, "path too long");
	return 0;
}

/* flag, else board.yaml entry, else the first default name that exists in dir.
 * 1 = found (path in out), 0 = none, -1 = error. */
static int resolve(const char *flag, const char *manifest, const char *dir,
		   const char *const *defaults, size_t ndefaults, char *out, struct mg_error *err)
{
	size_t i;

	out[0] = '\0';
	if (flag && flag[0])
		return copy_path(out, flag, err) ? -1 : 1;
	if (manifest && manifest[0])
		return copy_path(out, manifest, err) ? -1 : 1;
	for (i = 0; dir && i < ndefaults; i++) {
		if (join(out, dir, defaults[i], err))
			return -1;
		if (is_file(out))
			return 1;
	}
	out[0] = '\0';
	return 0;
}

static bool overlay_name(const char *n)
{
	static const char *const ext[] = { ".dtbo", ".dts", ".dtso" };
	size_t i, len = strlen(n), el;

	if (n[0] == '.')
		return false;
	for (i = 0; i < 3; i++) {
		el = strlen(ext[i]);
		if (len > el && !strcmp(n + len - el, ext[i]))
			return true;
	}
	return false;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* overlays/ *.dtbo|*.dts|*.dtso, applied in name order (strcmp: byte order, locale-free). */
static int scan_overlays(struct mg_board *b, struct mg_error *err)
{
	char odir[PATH_SIZE], names[MG_MAX_OVERLAYS][256];
	size_t n = 0, i;
	struct dirent *de;
	DIR *dp;

	if (join(odir, b->dir, "overlays", err))
		return -1;
	if (!is_dir(odir))
		return 0;
	dp = opendir(odir);
	if (!dp)
		return mg_input_error(err, odir, 0, "cannot open: %s", strerror(errno));
	while ((de = readdir(dp)) != NULL) {
		char full[PATH_SIZE];
		if (!overlay_name(de->d_name) || strlen(de->d_name) >= sizeof(names[0]))
			continue;
		if (join(full, odir, de->d_name, err)) {
			closedir(dp);
			return -1;
		}
		if (!is_file(full))
			continue;
		if (n == MG_MAX_OVERLAYS) {
			closedir(dp);
			return mg_input_error(err, odir, 0, "more than %u overlays", MG_MAX_OVERLAYS);
		}
		snprintf(names[n++], sizeof(names[0]), "%s", de->d_name);
	}
	closedir(dp);
	qsort(names, n, sizeof(names[0]), cmp_name);
	for (i = 0; i < n; i++)
		if (join(b->overlay_paths[i], odir, names[i], err))
			return -1;
	b->noverlays = n;
	return 0;
}

static int resolve_overlays(struct mg_board *b, const struct mg_board_overrides *ov,
			    struct mg_error *err)
{
	size_t i;

	if (ov->noverlays) {
		if (ov->noverlays > MG_MAX_OVERLAYS)
			return mg_input_error(err, "", 0, "more than %u overlays", MG_MAX_OVERLAYS);
		for (i = 0; i < ov->noverlays; i++)
			if (copy_path(b->overlay_paths[i], ov->overlays[i], err))
				return -1;
		b->noverlays = ov->noverlays;
		return 0;
	}
	if (b->files.has_overlays) {
		for (i = 0; i < b->files.noverlays; i++)
			memcpy(b->overlay_paths[i], b->files.overlays[i], PATH_SIZE);
		b->noverlays = b->files.noverlays;
		return 0;
	}
	return b->dir[0] ? scan_overlays(b, err) : 0;
}

static int load_dt(struct mg_board *b, const struct mg_board_overrides *ov, struct mg_error *err)
{
	const char *incl[2 * MG_MAX_INCLUDE_DIRS];
	const char *ovl[MG_MAX_OVERLAYS];
	struct mg_dt_options opt;
	size_t i, n = 0;

	/* Flag include dirs first (they are searched first), then board.yaml's. */
	for (i = 0; i < ov->ninclude_dirs && i < MG_MAX_INCLUDE_DIRS; i++)
		incl[n++] = ov->include_dirs[i];
	for (i = 0; i < b->files.ninclude_dirs; i++)
		incl[n++] = b->files.include_dirs[i];
	for (i = 0; i < b->noverlays; i++)
		ovl[i] = b->overlay_paths[i];
	memset(&opt, 0, sizeof(opt));
	opt.include_dirs = n ? incl : NULL;
	opt.ninclude_dirs = n;
	opt.overlays = b->noverlays ? ovl : NULL;
	opt.noverlays = b->noverlays;
	return mg_dt_load(&b->dt, b->dt_path, &opt, err);
}

/* Per kept line of the cmdline file: its number and how many kernel parameters it holds. */
struct cmdline_line {
	unsigned line;
	size_t ntokens;
};

/* Read the cmdline file: '#' comment lines and blank lines dropped, the rest joined with
 * spaces.  Each line is tokenised alone first, so a bad token is reported at its own line and
 * the joined line's tokens can be given their file:line back. */
static int read_cmdline_file(struct mg_board *b, const char *path, struct cmdline_line **lines,
			     size_t *nlines, struct mg_error *err)
{
	struct mg_buf joined;
	char *buf, *p;
	size_t len, cap = 0;
	unsigned lineno = 0;
	bool after_dashes = false;
	int rc = 0;

	*lines = NULL;
	*nlines = 0;
	if (mg_read_file(path, MG_CMDLINE_FILE_MAX_BYTES, &buf, &len, err))
		return -1;
	if (memchr(buf, '\0', len)) {
		free(buf);
		return mg_input_error(err, path, 0, "contains a NUL byte (expected text)");
	}
	mg_buf_init(&joined);
	for (p = buf; rc == 0 && *p;) {
		char *nl = strchr(p, '\n'), *s = p, *e;
		struct mg_cmdline scratch;

		lineno++;
		e = nl ? nl : p + strlen(p);
		p = nl ? nl + 1 : e;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (s == e || *s == '#')
			continue;
		*e = '\0';
		memset(&scratch, 0, sizeof(scratch));
		rc = mg_cmdline_parse(&scratch, s, MG_CMDLINE_SRC_BOOTLOADER, path, lineno, err);
		if (rc == 0 && MG_ARRAY_RESERVE(*lines, cap, *nlines + 1))
			rc = mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
		if (rc == 0) {
			/* After a bare "--" everything, on any later line too, is for init. */
			(*lines)[*nlines].line = lineno;
			(*lines)[*nlines].ntokens = after_dashes ? 0 : scratch.ntokens;
			(*nlines)++;
			if (scratch.init_args)
				after_dashes = true;
			if (joined.len)
				mg_buf_puts(&joined, " ");
			mg_buf_puts(&joined, s);
		}
		mg_cmdline_free(&scratch);
	}
	free(buf);
	if (rc == 0 && joined.failed)
		rc = mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
	if (rc == 0 && joined.len > MG_CMDLINE_MAX_BYTES)
		rc = mg_input_error(err, path, 0, "command line longer than %u bytes",
				    MG_CMDLINE_MAX_BYTES);
	/* Nothing but comments: like a bootloader with no bootargs, the DT's line stands. */
	if (rc == 0 && joined.len) {
		b->bootloader_cmdline = joined.data;
		joined.data = NULL;
	}
	mg_buf_free(&joined);
	if (rc) {
		free(*lines);
		*lines = NULL;
		*nlines = 0;
	}
	return rc;
}

/* mg_cmdline_build numbers every outside token line 1; give each its real line back. */
static void fix_token_lines(struct mg_board *b, const struct cmdline_line *lines, size_t nlines)
{
	size_t t, l = 0, used = 0;

	for (t = 0; t < b->cmdline.ntokens; t++) {
		struct mg_cmdline_token *tok = &b->cmdline.tokens[t];
		if (tok->source == MG_CMDLINE_SRC_DT && b->dt.bootargs_origin.line) {
			snprintf(tok->origin.file, sizeof(tok->origin.file), "%s",
				 b->dt.bootargs_origin.file);
			tok->origin.line = b->dt.bootargs_origin.line;
			continue;
		}
		if (tok->source != MG_CMDLINE_SRC_BOOTLOADER || !nlines)
			continue;
		while (l < nlines && used >= lines[l].ntokens) {
			l++;
			used = 0;
		}
		if (l == nlines)
			return; /* counts disagree (a quote across lines): keep what build said */
		tok->origin.line = lines[l].line;
		used++;
	}
}

static int load_cmdline(struct mg_board *b, const struct mg_board_overrides *ov,
			struct mg_error *err)
{
	struct cmdline_line *lines = NULL;
	size_t nlines = 0;
	char path[PATH_SIZE];
	int found, rc;

	if (ov->cmdline && ov->cmdline_file)
		return mg_input_error(err, "", 0, "give --cmdline or --cmdline-file, not both");
	if (ov->cmdline) {
		b->bootloader_cmdline = mg_strdup(ov->cmdline);
		if (!b->bootloader_cmdline)
			return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
		snprintf(b->cmdline_path, sizeof(b->cmdline_path), "--cmdline");
	} else {
		static const char *const def[] = { "cmdline" };
		found = resolve(ov->cmdline_file, b->files.cmdline, b->dir[0] ? b->dir : NULL, def,
				1, path, err);
		if (found < 0)
			return -1;
		if (found) {
			memcpy(b->cmdline_path, path, PATH_SIZE);
			if (read_cmdline_file(b, path, &lines, &nlines, err))
				return -1;
		}
	}
	rc = mg_cmdline_build(&b->cmdline, &b->kconfig, b->bootloader_cmdline,
			      b->cmdline_path[0] ? b->cmdline_path : NULL,
			      b->dt.has_bootargs ? b->dt.bootargs : NULL, b->dt_path, err);
	if (rc == 0)
		fix_token_lines(b, lines, nlines);
	free(lines);
	return rc;
}

static int set_initrd(struct mg_board *b, const struct mg_board_overrides *ov)
{
	if (ov->has_initrd_size) {
		b->has_initrd_size = true;
		b->initrd_size_bytes = ov->initrd_size_bytes;
		mg_origin_set(&b->initrd_origin, "", 0, "--initrd-size");
		return 0;
	}
	mg_board_initrd_from_dt(b);
	return 0;
}

void mg_board_initrd_from_dt(struct mg_board *b)
{
	if (b->has_initrd_size)
		return; /* board.yaml initrd_size or --initrd-size */
	/* drivers/of/fdt.c: early_init_dt_check_for_initrd ignores start > end (4.19-6.12). */
	if (b->dt.has_initrd && b->dt.initrd_end >= b->dt.initrd_start) {
		b->has_initrd_size = true;
		b->initrd_size_bytes = b->dt.initrd_end - b->dt.initrd_start;
		mg_origin_set(&b->initrd_origin, b->dt_path, 0,
			      "/chosen linux,initrd-end - linux,initrd-start");
	}
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static int load_all(struct mg_board *b, const char *dir, const struct mg_board_overrides *ov,
		    struct mg_error *err)
{
	static const char *const dt_def[] = { "board.dts", "board.dtb" };
	static const char *const cfg_def[] = { "kernel.config", "kernel.config.gz" };
	static const char *const map_def[] = { "System.map" };
	static const char *const prof_def[] = { "profile.yaml" };
	static const char *const sysctl_def[] = { "sysctl.conf" };
	static const char *const e820_def[] = { "e820" };
	const char *d;
	char manifest[PATH_SIZE];
	int found;

	if (dir && dir[0]) {
		size_t n = strlen(dir);
		while (n > 1 && dir[n - 1] == '/')
			n--; /* "boards/x/" names itself "boards/x" in messages */
		if (n >= sizeof(b->dir))
			return mg_input_error(err, dir, 0, "path too long");
		memcpy(b->dir, dir, n);
		b->dir[n] = '\0';
		if (!is_dir(b->dir))
			return mg_input_error(err, b->dir, 0, "not a board folder (no such directory)");
		snprintf(b->name, sizeof(b->name), "%.127s", base_name(b->dir));
		if (join(manifest, b->dir, "board.yaml", err))
			return -1;
		if (is_file(manifest) && mg_manifest_load(b, manifest, err))
			return -1;
	}
	d = b->dir[0] ? b->dir : NULL;

	/* Resolve everything first so a missing required file is reported before any parsing. */
	if (ov->dtb && ov->dts)
		return mg_input_error(err, "", 0, "give --dtb or --dts, not both");
	/* x86 has no DT: its RAM map is the e820 file (--e820 or the folder's "e820"). */
	if (resolve(ov->e820, NULL, d, e820_def, 1, b->e820_path, err) < 0)
		return -1;
	found = resolve(ov->dtb ? ov->dtb : ov->dts, b->files.dtb[0] ? b->files.dtb : b->files.dts,
			d, dt_def, 2, b->dt_path, err);
	if (found < 0)
		return -1;
	if (!found && !b->e820_path[0])
		return d ? mg_input_error(err, d, 0, "no board.dts or board.dtb (expected a device tree)")
			 : mg_input_error(err, "", 0, "no device tree given (--dtb or --dts, or a "
					  "board folder)");
	found = resolve(ov->config, b->files.config, d, cfg_def, 2, b->config_path, err);
	if (found < 0)
		return -1;
	if (!found)
		return d ? mg_input_error(err, d, 0, "no kernel.config or kernel.config.gz (expected "
					  "the kernel .config)")
			 : mg_input_error(err, "", 0, "no kernel .config given (--config, or a board "
					  "folder)");
	if (resolve(ov->system_map, b->files.system_map, d, map_def, 1, b->system_map_path, err) < 0 ||
	    resolve(ov->profile, b->files.profile, d, prof_def, 1, b->profile_path, err) < 0 ||
	    resolve(ov->sysctl, b->files.sysctl, d, sysctl_def, 1, b->sysctl_path, err) < 0 ||
	    resolve_overlays(b, ov, err))
		return -1;

	if ((b->dt_path[0] && load_dt(b, ov, err)) || mg_kconfig_load(&b->kconfig, b->config_path, err))
		return -1;
	if (b->e820_path[0]) {
		if (mg_e820_load(&b->e820, b->e820_path, err))
			return -1;
		b->has_e820 = true;
	}
	if (b->system_map_path[0]) {
		if (mg_sysmap_load(&b->sysmap, b->system_map_path, err))
			return -1;
		b->has_sysmap = true;
	}
	if (b->profile_path[0]) {
		if (mg_profile_load(&b->profile, b->profile_path, err))
			return -1;
		b->has_profile = true;
	}
	if (b->sysctl_path[0]) {
		if (mg_sysctl_load(&b->sysctl, b->sysctl_path, err))
			return -1;
		b->has_sysctl = true;
	}
	if (load_cmdline(b, ov, err))
		return -1;
	return set_initrd(b, ov);
}

int mg_board_load(struct mg_board *b, const char *dir, const struct mg_board_overrides *ov,
		  struct mg_error *err)
{
	static const struct mg_board_overrides none;

	mg_board_reset(b);
	if (load_all(b, dir, ov ? ov : &none, err)) {
		mg_board_free(b);
		return -1;
	}
	return 0;
}

void mg_board_free(struct mg_board *b)
{
	if (!b)
		return;
	mg_dt_free(&b->dt);
	mg_e820_free(&b->e820);
	mg_kconfig_free(&b->kconfig);
	mg_profile_free(&b->profile);
	mg_cmdline_free(&b->cmdline);
	free(b->bootloader_cmdline);
	mg_board_reset(b);
}

void mg_board_reset(struct mg_board *b)
{
	memset(b, 0, offsetof(struct mg_board, files.overlays));
}
