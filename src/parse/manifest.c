/* board.yaml: the board folder's manifest (docs/board.md), and the calibration write-back. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <memgate/board.h>
#include <memgate/util.h>

#include "yamldoc.h"

static const char *const top_keys[] = { "name", "description", "initrd_size", "ram_variants",
					"files", "include_dirs", "calibration" };
enum { K_NAME, K_DESC, K_INITRD, K_RAM, K_FILES, K_INCLUDE, K_CAL, K_N };

static const char *const file_keys[] = { "dts", "dtb", "overlays", "cmdline", "config",
					 "system_map", "profile", "sysctl" };
enum { F_DTS, F_DTB, F_OVERLAYS, F_CMDLINE, F_CONFIG, F_SYSMAP, F_PROFILE, F_SYSCTL, F_N };

static const char *const cal_keys[] = { "kernel_version", "kernel_reserved_kb", "residue_kb",
					"late_reserved_kb" };
enum { C_VERSION, C_KERNEL, C_RESIDUE, C_LATE, C_N };

/* A path from the manifest, relative to the folder that holds the manifest. */
static int path_field(const struct mg_ydoc *d, size_t node, const char *field, const char *dir,
		      char *out, size_t outsize, struct mg_error *err)
{
	char rel[512];
	int w;

	if (mg_ydoc_string(d, node, field, rel, sizeof(rel), err))
		return -1;
	if (rel[0] == '/' || !dir[0])
		w = snprintf(out, outsize, "%s", rel);
	else
		w = snprintf(out, outsize, "%s/%s", dir, rel);
	if (w < 0 || (size_t)w >= outsize)
		return mg_ydoc_error(d, node, err, "%s: path too long", field);
	return 0;
}

/* A sequence of at most max nodes; a null counts as empty.  Returns the count or -1. */
static long seq_items(const struct mg_ydoc *d, size_t node, const char *field, size_t max,
		      struct mg_error *err)
{
	size_t i, n = 0;

	if (mg_ynode_is_null(d, node))
		return 0;
	if (d->n[node].kind != MG_Y_SEQ)
		return mg_ydoc_error(d, node, err, "%s: expected a sequence, found %s", field,
				     mg_ykind_name(d->n[node].kind));
	for (i = d->n[node].first; i != MG_YNONE; i = d->n[i].next)
		if (++n > max)
			return mg_ydoc_error(d, i, err, "%s: more than %zu entries", field, max);
	return (long)n;
}

static int parse_files(struct mg_board *b, const struct mg_ydoc *d, size_t node,
		       const char *dir, struct mg_error *err)
{
	struct mg_manifest_files *f = &b->files;
	char *dst[F_N] = { f->dts, f->dtb, NULL, f->cmdline, f->config, f->system_map,
			   f->profile, f->sysctl };
	size_t keys[F_N], vals[F_N], k, i;
	char field[64];
	long n;

	if (mg_ydoc_fields(d, node, "files", file_keys, F_N, keys, vals, err))
		return -1;
	if (vals[F_DTS] != MG_YNONE && vals[F_DTB] != MG_YNONE)
		return mg_ydoc_error(d, keys[F_DTB], err,
				     "files: give either dts or dtb, not both (dts at line %u)",
				     d->n[keys[F_DTS]].line);
	for (k = 0; k < F_N; k++) {
		if (!dst[k] || vals[k] == MG_YNONE)
			continue;
		snprintf(field, sizeof(field), "files.%s", file_keys[k]);
		if (path_field(d, vals[k], field, dir, dst[k], 512, err))
			return -1;
	}
	if (vals[F_OVERLAYS] == MG_YNONE)
		return 0;
	n = seq_items(d, vals[F_OVERLAYS], "files.overlays", MG_MAX_OVERLAYS, err);
	if (n < 0)
		return -1;
	f->has_overlays = true;
	k = 0;
	for (i = n ? d->n[vals[F_OVERLAYS]].first : MG_YNONE; i != MG_YNONE; i = d->n[i].next) {
		snprintf(field, sizeof(field), "files.overlays[%zu]", k);
		if (path_field(d, i, field, dir, f->overlays[k], sizeof(f->overlays[k]), err))
			return -1;
		f->noverlays = ++k;
	}
	return 0;
}

static int parse_calibration(struct mg_board *b, const struct mg_ydoc *d, size_t key,
			     size_t node, struct mg_error *err)
{
	struct mg_calibration *c = &b->calibration;
	uint64_t *dst[C_N] = { NULL, &c->kernel_reserved_kb, &c->residue_kb, &c->late_reserved_kb };
	size_t keys[C_N], vals[C_N], k;
	char field[64];

	if (mg_ynode_is_null(d, node))
		return 0; /* "calibration:" with nothing under it: not calibrated */
	if (mg_ydoc_fields(d, node, "calibration", cal_keys, C_N, keys, vals, err))
		return -1;
	/* Calibration figures are only valid for the kernel they were measured on. */
	if (vals[C_VERSION] == MG_YNONE)
		return mg_ydoc_error(d, node, err, "calibration: missing 'kernel_version' (a "
				     "calibration applies to one kernel version only)");
	if (mg_ydoc_string(d, vals[C_VERSION], "calibration.kernel_version", c->kernel_version,
			   sizeof(c->kernel_version), err))
		return -1;
	for (k = 1; k < C_N; k++) {
		if (vals[k] == MG_YNONE)
			continue;
		snprintf(field, sizeof(field), "calibration.%s", cal_keys[k]);
		if (mg_ydoc_uint(d, vals[k], field, dst[k], err))
			return -1;
	}
	c->set = true;
	mg_origin_set(&c->origin, d->file, d->n[key].line, "calibration for %s",
		      c->kernel_version);
	return 0;
}

static int parse_manifest(struct mg_board *b, const struct mg_ydoc *d, const char *dir,
			  struct mg_error *err)
{
	size_t keys[K_N], vals[K_N], i, k;
	char field[64];
	long n;

	if (d->count == 0)
		return 0; /* an empty (or all-comment) board.yaml says nothing */
	if (d->n[0].kind != MG_Y_MAP)
		return mg_ydoc_error(d, 0, err, "board.yaml must be a mapping, found %s",
				     mg_ykind_name(d->n[0].kind));
	if (mg_ydoc_fields(d, 0, "", top_keys, K_N, keys, vals, err))
		return -1;
	if (vals[K_NAME] != MG_YNONE &&
	    mg_ydoc_string(d, vals[K_NAME], "name", b->name, sizeof(b->name), err))
		return -1;
	if (vals[K_DESC] != MG_YNONE &&
	    mg_ydoc_string(d, vals[K_DESC], "description", b->description,
			   sizeof(b->description), err))
		return -1;
	if (vals[K_INITRD] != MG_YNONE) {
		if (mg_ydoc_size(d, vals[K_INITRD], "initrd_size", &b->initrd_size_bytes, err))
			return -1;
		b->has_initrd_size = true;
		mg_origin_set(&b->initrd_origin, d->file, d->n[vals[K_INITRD]].line,
			      "initrd_size: %.64s", d->n[vals[K_INITRD]].text);
	}
	if (vals[K_RAM] != MG_YNONE) {
		n = seq_items(d, vals[K_RAM], "ram_variants", MG_MAX_RAM_VARIANTS, err);
		if (n < 0)
			return -1;
		k = 0;
		for (i = n ? d->n[vals[K_RAM]].first : MG_YNONE; i != MG_YNONE; i = d->n[i].next) {
			snprintf(field, sizeof(field), "ram_variants[%zu]", k);
			if (mg_ydoc_size(d, i, field, &b->ram_variants[k], err))
				return -1;
			if (!b->ram_variants[k])
				return mg_ydoc_error(d, i, err, "%s: a RAM size must not be 0", field);
			b->nram_variants = ++k;
		}
	}
	if (vals[K_FILES] != MG_YNONE && parse_files(b, d, vals[K_FILES], dir, err))
		return -1;
	if (vals[K_INCLUDE] != MG_YNONE) {
		n = seq_items(d, vals[K_INCLUDE], "include_dirs", MG_MAX_INCLUDE_DIRS, err);
		if (n < 0)
			return -1;
		k = 0;
		for (i = n ? d->n[vals[K_INCLUDE]].first : MG_YNONE; i != MG_YNONE;
		     i = d->n[i].next) {
			snprintf(field, sizeof(field), "include_dirs[%zu]", k);
			if (path_field(d, i, field, dir, b->files.include_dirs[k],
				       sizeof(b->files.include_dirs[k]), err))
				return -1;
			b->files.ninclude_dirs = ++k;
		}
	}
	if (vals[K_CAL] != MG_YNONE && parse_calibration(b, d, keys[K_CAL], vals[K_CAL], err))
		return -1;
	return 0;
}

/* The folder part of path ("" for a bare file name). */
static void dir_of(const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t n;

	if (!slash) {
		out[0] = '\0';
		return;
	}
	n = (size_t)(slash - path);
	if (n == 0)
		n = 1; /* "/board.yaml" lives in "/" */
	if (n >= size)
		n = size - 1;
	memcpy(out, path, n);
	out[n] = '\0';
}

int mg_manifest_parse_buf(struct mg_board *b, const char *buf, size_t len, const char *file,
			  struct mg_error *err)
{
	struct mg_ydoc d;
	char dir[512];
	int rc;

	if (!file)
		file = "";
	if (len > MG_MANIFEST_MAX_BYTES)
		return mg_input_error(err, file, 0, "board.yaml larger than the %u-byte limit",
				      MG_MANIFEST_MAX_BYTES);
	if (strlen(file) >= sizeof(b->manifest_path))
		return mg_input_error(err, file, 0, "path too long");
	dir_of(file, dir, sizeof(dir));
	if (mg_ydoc_parse(&d, buf, len, file, "board.yaml", err))
		return -1;
	rc = parse_manifest(b, &d, dir, err);
	mg_ydoc_free(&d);
	if (rc == 0)
		snprintf(b->manifest_path, sizeof(b->manifest_path), "%s", file);
	return rc;
}

int mg_manifest_load(struct mg_board *b, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	if (mg_read_file(path, MG_MANIFEST_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_manifest_parse_buf(b, buf, len, path, err);
	free(buf);
	return rc;
}

/* --- calibration write-back --- */

static size_t line_start(const char *text, size_t off)
{
	while (off > 0 && text[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end(const char *text, size_t len, size_t off)
{
	while (off < len && text[off] != '\n')
		off++;
	return off < len ? off + 1 : len;
}

static int append_calibration(struct mg_buf *out, const struct mg_calibration *cal,
			      unsigned indent, const char *path, struct mg_error *err)
{
	const char *s;

	if (!cal->kernel_version[0])
		return mg_input_error(err, path, 0, "cannot write a calibration without a kernel "
				      "version");
	mg_buf_printf(out, "%*scalibration:\n%*skernel_version: \"", (int)indent, "",
		      (int)indent + 2, "");
	for (s = cal->kernel_version; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return mg_input_error(err, path, 0, "kernel version text contains control "
					      "characters");
		if (*s == '"' || *s == '\\')
			mg_buf_append(out, "\\", 1);
		mg_buf_append(out, s, 1);
	}
	mg_buf_puts(out, "\"\n");
	mg_buf_printf(out, "%*skernel_reserved_kb: %llu\n", (int)indent + 2, "",
		      (unsigned long long)cal->kernel_reserved_kb);
	mg_buf_printf(out, "%*sresidue_kb: %llu\n", (int)indent + 2, "",
		      (unsigned long long)cal->residue_kb);
	mg_buf_printf(out, "%*slate_reserved_kb: %llu\n", (int)indent + 2, "",
		      (unsigned long long)cal->late_reserved_kb);
	return 0;
}

/* Build the new text into out: old text with the calibration block replaced or added. */
static int rewrite(const char *text, size_t len, const struct mg_calibration *cal,
		   const char *path, struct mg_buf *out, struct mg_error *err)
{
	struct mg_ydoc d;
	size_t i, from, to;
	unsigned indent = 0;

	if (mg_ydoc_parse(&d, text, len, path, "board.yaml", err))
		return -1;
	if (d.count == 0) {
		/* Nothing but comments (or nothing): add the block after them. */
		mg_buf_append(out, text, len);
		if (len && text[len - 1] != '\n')
			mg_buf_puts(out, "\n");
		return append_calibration(out, cal, 0, path, err);
	}
	if (d.n[0].kind != MG_Y_MAP || d.n[0].flow) {
		mg_ydoc_error(&d, 0, err, "cannot update calibration: the top level is not a "
			      "block mapping");
		mg_ydoc_free(&d);
		return -1;
	}
	if (d.n[0].first != MG_YNONE)
		indent = d.n[d.n[0].first].col - 1;
	from = to = line_end(text, len, d.n[0].end);
	for (i = d.n[0].first; i != MG_YNONE && d.n[i].next != MG_YNONE;
	     i = d.n[d.n[i].next].next) {
		if (d.n[i].kind == MG_Y_SCALAR && !strcmp(d.n[i].text, "calibration")) {
			/* From the key's line to the end of the value's last line: comments after
			 * the block stay, a comment on its last line goes with it. */
			size_t v = d.n[i].next;
			from = line_start(text, d.n[i].start);
			to = line_end(text, len, mg_max_u64(d.n[v].end, d.n[i].end));
			break;
		}
	}
	mg_ydoc_free(&d);
	mg_buf_append(out, text, from);
	if (from && text[from - 1] != '\n')
		mg_buf_puts(out, "\n");
	if (append_calibration(out, cal, indent, path, err))
		return -1;
	mg_buf_append(out, text + to, len - to);
	return 0;
}

int mg_manifest_write_calibration(const char *path, const struct mg_calibration *cal,
				  struct mg_error *err)
{
	struct mg_buf out;
	struct mg_board *check;
	struct stat st;
	char *text = NULL;
	size_t len = 0;
	int rc = 0;

	check = calloc(1, sizeof(*check));
	if (!check)
		return mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
	if (stat(path, &st) == 0) {
		/* Refuse to touch a board.yaml that is already invalid: errors name its lines. */
		if (mg_manifest_load(check, path, err) ||
		    mg_read_file(path, MG_MANIFEST_MAX_BYTES, &text, &len, err))
			rc = -1;
	} else if (errno != ENOENT) {
		rc = mg_input_error(err, path, 0, "cannot stat: %s", strerror(errno));
	}
	mg_buf_init(&out);
	if (rc == 0)
		rc = rewrite(text ? text : "", len, cal, path, &out, err);
	free(text);
	if (rc == 0 && out.failed)
		rc = mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
	/* Never write a board.yaml we could not read back to the same calibration. */
	if (rc == 0) {
		memset(check, 0, sizeof(*check));
		if (mg_manifest_parse_buf(check, out.data ? out.data : "", out.len, path, err))
			rc = -1;
	}
	if (rc == 0 && (!check->calibration.set ||
			strcmp(check->calibration.kernel_version, cal->kernel_version) ||
			check->calibration.kernel_reserved_kb != cal->kernel_reserved_kb ||
			check->calibration.residue_kb != cal->residue_kb ||
			check->calibration.late_reserved_kb != cal->late_reserved_kb))
		rc = mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0,
				  "calibration rewrite did not read back identically");
	free(check);
	if (rc == 0)
		rc = mg_write_atomic(path, out.data, out.len, err);
	mg_buf_free(&out);
	return rc;
}
