/* Load a DTB or DTS (+ overlays) into struct mg_dt.
 *
 * A DTS is compiled the way the kernel's dtbs build does (scripts/Makefile.lib cmd_dtc):
 * `cpp -nostdinc -undef -D__DTS__ -x assembler-with-cpp` when it uses the preprocessor, then
 * `dtc -I dts -O dtb -@`.  Node source positions come from a second dtc run that writes
 * annotated DTS (`-T -T`: every node carries a "file:line:col-line:col" comment, and dtc
 * honours cpp's line markers, so positions name the original .dts/.dtsi).  Tools run with
 * posix_spawnp and argv arrays; all temporary files live under $TMPDIR and are removed. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <libfdt.h>

#include <memgate/dt.h>
#include <memgate/util.h>

#include "dt_internal.h"

extern char **environ;

#define FDT_MAGIC_BE 0xd00dfeedu
#define MAX_ARGS 160
#define MAX_STDERR_BYTES (1u << 20)

/* ------------------------------------------------------------------ temp files */

struct tmpfile {
	char path[PATH_MAX];
	bool used;
};

static int tmp_create(struct tmpfile *t, const char *suffix, struct mg_error *err)
{
	const char *dir = getenv("TMPDIR");
	int fd;
	if (!dir || !*dir)
		dir = "/tmp";
	if (snprintf(t->path, sizeof(t->path), "%s/memgate-dt-XXXXXX%s", dir, suffix) >=
	    (int)sizeof(t->path))
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "TMPDIR path too long");
	fd = mkstemps(t->path, (int)strlen(suffix));
	if (fd < 0)
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "cannot create a temporary file "
				    "in %s: %s", dir, strerror(errno));
	close(fd);
	t->used = true;
	return 0;
}

static void tmp_remove(struct tmpfile *t)
{
	if (t->used)
		unlink(t->path);
	t->used = false;
}

/* ------------------------------------------------------------------ running tools */

/* Run argv[0] (found on PATH) with stdin from /dev/null, stdout and stderr to files (either may
 * be NULL: /dev/null).  *status is the exit status, or -1 when it died by a signal. */
static int run_tool(char *const argv[], const char *stdout_path, const char *stderr_path,
		    int *status, struct mg_error *err)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc, ws;

	if (posix_spawn_file_actions_init(&fa))
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, stdout_path ? stdout_path : "/dev/null",
					 O_WRONLY | O_TRUNC | O_CREAT, 0600);
	posix_spawn_file_actions_addopen(&fa, 2, stderr_path ? stderr_path : "/dev/null",
					 O_WRONLY | O_TRUNC | O_CREAT, 0600);
	rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc == ENOENT) {
		if (!strcmp(argv[0], "dtc"))
			return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0,
					    "dtc not found (apt-get install device-tree-compiler)");
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0,
				    "%s not found (apt-get install cpp)", argv[0]);
	}
	if (rc)
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "cannot run %s: %s", argv[0],
				    strerror(rc));
	while (waitpid(pid, &ws, 0) < 0) {
		if (errno != EINTR)
			return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "waiting for %s: %s",
					    argv[0], strerror(errno));
	}
	*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : -1;
	return 0;
}

/* memmem without relying on _GNU_SOURCE. */
static const char *find_mem(const char *hay, size_t n, const char *needle, size_t m)
{
	for (size_t i = 0; m <= n && i <= n - m; i++)
		if (!memcmp(hay + i, needle, m))
			return hay + i;
	return NULL;
}

static bool all_digits(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* "file:L.C-..." (dtc) or "file:L:C" (cpp) → file, line, col. */
static bool parse_location(const char *tok, size_t n, char *file, size_t fsize, unsigned *line,
			   unsigned *col)
{
	const char *c1 = NULL, *c2 = NULL;
	for (size_t i = n; i-- > 0;)
		if (tok[i] == ':') {
			if (!c1)
				c1 = tok + i;
			else {
				c2 = tok + i;
				break;
			}
		}
	if (!c1)
		return false;
	const char *after = c1 + 1, *end = tok + n;
	if (c2 && all_digits(c2 + 1, (size_t)(c1 - c2 - 1)) && all_digits(after, (size_t)(end - after))) {
		/* cpp: file:LINE:COL */
		*line = (unsigned)strtoul(c2 + 1, NULL, 10);
		*col = (unsigned)strtoul(after, NULL, 10);
		snprintf(file, fsize, "%.*s", (int)(c2 - tok), tok);
		return true;
	}
	size_t dl = 0;
	while (after + dl < end && after[dl] >= '0' && after[dl] <= '9')
		dl++;
	if (dl && (after + dl == end || after[dl] == '.' || after[dl] == '-')) {
		/* dtc: file:LINE[.COL[-...]] */
		*line = (unsigned)strtoul(after, NULL, 10);
		*col = after + dl < end && after[dl] == '.' ? (unsigned)strtoul(after + dl + 1, NULL, 10) : 0;
		snprintf(file, fsize, "%.*s", (int)(c1 - tok), tok);
		return true;
	}
	return false;
}

/* Turn the first error line a tool printed into *err (input error at the reported place). */
static int tool_failed(const char *tool, const char *src, const char *text, int status,
		       struct mg_error *err)
{
	const char *best = NULL, *p;
	size_t bestlen = 0;
	int rank = 0;
	char file[512];
	unsigned line = 0, col = 0;

	for (p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		int r = 0;
		if (!strncmp(p, "Error: ", 7) || find_mem(p, len, ": ERROR", 7) ||
		    find_mem(p, len, ": fatal error: ", 15) || find_mem(p, len, ": error: ", 9))
			r = 3;
		else if (!strncmp(p, "FATAL ERROR: ", 13))
			r = 2;
		else if (len)
			r = 1;
		if (r > rank) {
			rank = r;
			best = p;
			bestlen = len;
		}
		if (r == 3)
			break;
		p = nl ? nl + 1 : NULL;
	}
	if (!best)
		return mg_input_error(err, src, 0, "%s failed (exit status %d) without a message",
				      tool, status);
	if (!strncmp(best, "Error: ", 7)) {
		/* dtc: "Error: file:L.C-L.C message" */
		const char *tok = best + 7, *sp = memchr(tok, ' ', bestlen - 7);
		size_t tl = sp ? (size_t)(sp - tok) : bestlen - 7;
		if (parse_location(tok, tl, file, sizeof(file), &line, &col))
			return mg_error_set(err, MG_ERR_INPUT, file, line, col, "%s: %.*s", tool,
					    (int)(bestlen - 7 - tl - (sp ? 1 : 0)), sp ? sp + 1 : "");
	} else if (rank == 3) {
		/* "file:L.C-L.C: ERROR (check): msg" or cpp "file:L:C: fatal error: msg" */
		const char *sep = find_mem(best, bestlen, ": ", 2);
		if (sep && parse_location(best, (size_t)(sep - best), file, sizeof(file), &line, &col))
			return mg_error_set(err, MG_ERR_INPUT, file, line, col, "%s: %.*s", tool,
					    (int)(bestlen - (size_t)(sep + 2 - best)), sep + 2);
	}
	return mg_input_error(err, src, 0, "%s: %.*s", tool, (int)bestlen, best);
}

/* ------------------------------------------------------------------ annotated DTS */

/* "file:L:C-L:C" (first of a ", "-separated list) → file and line. */
static bool annot_location(const char *s, size_t n, char *file, size_t fsize, unsigned *line)
{
	const char *comma = find_mem(s, n, ", ", 2), *dash, *c1 = NULL, *c2 = NULL;
	if (comma)
		n = (size_t)(comma - s);
	dash = NULL;
	for (size_t i = n; i-- > 0;)
		if (s[i] == '-') {
			dash = s + i;
			break;
		}
	if (dash)
		n = (size_t)(dash - s);
	for (size_t i = n; i-- > 0;)
		if (s[i] == ':') {
			if (!c1)
				c1 = s + i;
			else {
				c2 = s + i;
				break;
			}
		}
	if (!c2 || c2 == s || !all_digits(c2 + 1, (size_t)(c1 - c2 - 1)) || memchr(s, '<', (size_t)(c2 - s)))
		return false;
	*line = (unsigned)strtoul(c2 + 1, NULL, 10);
	snprintf(file, fsize, "%.*s", (int)(c2 - s), s);
	return true;
}

/* Node path → first source position, from `dtc -O dts -T -T` output. */
static int parse_annotated(const char *text, struct mg_dt_linemap *map)
{
	size_t plen[MG_DT_MAX_DEPTH + 2];
	char path[1024];
	unsigned depth = 0; /* number of open nodes */
	const char *p = text;

	path[0] = '\0';
	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *b = p, *e = p + len, *cm = NULL;
		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		/* The annotation is the last comment on the line (dtc -T appends it). */
		if (e - b >= 2 && e[-1] == '/' && e[-2] == '*') {
			for (const char *q = e - 2; q - 3 >= b; q--)
				if (!memcmp(q - 3, " /* ", 4)) {
					cm = q - 3;
					break;
				}
		}
		const char *body_end = cm ? cm : e;
		while (body_end > b && body_end[-1] == ' ')
			body_end--;
		if (body_end > b && body_end[-1] == '{') {
			const char *ne = body_end - 1, *ns;
			while (ne > b && ne[-1] == ' ')
				ne--;
			ns = ne;
			while (ns > b && ns[-1] != ' ')
				ns--;
			size_t nlen = (size_t)(ne - ns), cur = depth ? plen[depth - 1] : 0;
			if (depth > MG_DT_MAX_DEPTH)
				return 0; /* deeper than the parser accepts: stop mapping */
			if (depth == 0) {
				snprintf(path, sizeof(path), "/");
				plen[0] = 1;
			} else if (cur + 1 + nlen < sizeof(path)) {
				size_t at = cur == 1 ? 1 : cur; /* the root is "/" */
				if (at > 1)
					path[at++] = '/';
				memcpy(path + at, ns, nlen);
				path[at + nlen] = '\0';
				plen[depth] = at + nlen;
			} else {
				return 0;
			}
			depth++;
			if (cm) {
				char file[512];
				unsigned line;
				const char *cs = cm + 4, *ce = e - 3;
				if (ce > cs && annot_location(cs, (size_t)(ce - cs), file, sizeof(file), &line) &&
				    mg_dt_linemap_add(map, path, file, line))
					return -1;
			}
		} else if (body_end - b == 2 && !memcmp(b, "};", 2) && depth) {
			depth--;
			if (depth)
				path[plen[depth - 1]] = '\0';
		}
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

/* ------------------------------------------------------------------ compiling DTS */

static bool uses_cpp(const char *src)
{
	static const char *const kw[] = { "include", "define", "if", "ifdef", "ifndef", "undef" };
	for (const char *p = src; p && *p;) {
		const char *q = p;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '#') {
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			for (size_t i = 0; i < sizeof(kw) / sizeof(kw[0]); i++) {
				size_t l = strlen(kw[i]);
				if (!strncmp(q, kw[i], l) && (q[l] == ' ' || q[l] == '\t' || q[l] == '"' || q[l] == '<'))
					return true;
			}
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

struct argv_buf {
	char *v[MAX_ARGS + 1];
	size_t n;
	bool overflow;
};

static void arg(struct argv_buf *a, const char *s)
{
	if (a->n >= MAX_ARGS) {
		a->overflow = true;
		return;
	}
	a->v[a->n++] = (char *)s;
	a->v[a->n] = NULL;
}

static int read_text(const char *path, char **text, struct mg_error *err)
{
	size_t len;
	return mg_read_file(path, MAX_STDERR_BYTES, text, &len, err);
}

/* The search path of one tool (flag "-I" for cpp, "-i" for dtc): the source's own folder, then
 * the include dirs, as scripts/Makefile.lib passes them. */
static void include_args(struct argv_buf *a, const char *flag, const char *dir,
			 const struct mg_dt_options *opt)
{
	size_t ninc = opt ? opt->ninclude_dirs : 0;
	arg(a, flag);
	arg(a, dir);
	for (size_t i = 0; i < ninc; i++) {
		arg(a, flag);
		arg(a, opt->include_dirs[i]);
	}
}

/* Run a tool whose stderr goes to log; a non-zero status becomes the tool's first error as
 * file:line.  0 on success, -1 with err set. */
static int run_checked(const char *tool, struct argv_buf *a, const char *path, const char *log,
		       char **text, struct mg_error *err)
{
	int status;
	if (a->overflow)
		return mg_input_error(err, path, 0, "too many include directories");
	if (run_tool(a->v, NULL, log, &status, err))
		return -1;
	if (status) {
		if (!read_text(log, text, err))
			tool_failed(tool, path, *text, status, err);
		return -1;
	}
	return 0;
}

/* Compile one DTS (base or overlay) to a DTB blob and a node-path → source map. */
static int compile_dts(const char *path, const char *src, const struct mg_dt_options *opt,
		       char **blob, size_t *blen, struct mg_dt_linemap *map, struct mg_error *err)
{
	struct tmpfile pre = { 0 }, out = { 0 }, ann = { 0 }, log = { 0 };
	struct argv_buf a = { 0 };
	char dir[PATH_MAX], *text = NULL;
	const char *input = path;
	int rc = -1, status;

	snprintf(dir, sizeof(dir), "%s", path);
	{
		char *slash = strrchr(dir, '/');
		if (slash == dir)
			dir[1] = '\0';
		else if (slash)
			*slash = '\0';
		else
			snprintf(dir, sizeof(dir), ".");
	}
	if (tmp_create(&log, ".log", err) || tmp_create(&out, ".dtb", err))
		goto done;

	if (uses_cpp(src)) {
		if (tmp_create(&pre, ".dts", err))
			goto done;
		arg(&a, "cpp"); arg(&a, "-nostdinc"); arg(&a, "-undef"); arg(&a, "-D__DTS__");
		arg(&a, "-x"); arg(&a, "assembler-with-cpp");
		include_args(&a, "-I", dir, opt);
		arg(&a, "-o"); arg(&a, pre.path); arg(&a, path);
		if (run_checked("cpp", &a, path, log.path, &text, err))
			goto done;
		input = pre.path;
	}

	/* dtc, as scripts/Makefile.lib: include dirs for /include/, symbols for overlays. */
	a.n = 0;
	arg(&a, "dtc"); arg(&a, "-I"); arg(&a, "dts"); arg(&a, "-O"); arg(&a, "dtb");
	arg(&a, "-q"); arg(&a, "-@");
	include_args(&a, "-i", dir, opt);
	arg(&a, "-o"); arg(&a, out.path); arg(&a, input);
	if (run_checked("dtc", &a, path, log.path, &text, err))
		goto done;
	if (mg_read_file(out.path, MG_DT_MAX_BYTES, blob, blen, err))
		goto done;

	/* Second run for source positions; without them origins just name the file. */
	if (!tmp_create(&ann, ".ann", err)) {
		a.v[4] = (char *)"dts";          /* -O dts */
		a.v[a.n - 2] = ann.path;         /* -o */
		a.v[a.n - 1] = (char *)"-T";
		arg(&a, "-T");
		arg(&a, input);
		if (!a.overflow && !run_tool(a.v, NULL, NULL, &status, err) && status == 0) {
			char *atext;
			size_t alen;
			if (!mg_read_file(ann.path, MG_DT_MAX_BYTES * 4, &atext, &alen, err)) {
				if (parse_annotated(atext, map)) {
					free(atext);
					free(*blob);
					*blob = NULL;
					mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
					goto done;
				}
				free(atext);
			}
		}
	}
	mg_dt_linemap_sort(map);
	rc = 0;
done:
	free(text);
	tmp_remove(&pre);
	tmp_remove(&out);
	tmp_remove(&ann);
	tmp_remove(&log);
	return rc;
}

static bool is_dtb(const char *buf, size_t len)
{
	const unsigned char *u = (const unsigned char *)buf;
	return len >= 4 && ((uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3]) ==
				   FDT_MAGIC_BE;
}

static bool has_blob_suffix(const char *path)
{
	size_t n = strlen(path);
	return (n >= 4 && !strcmp(path + n - 4, ".dtb")) || (n >= 5 && !strcmp(path + n - 5, ".dtbo"));
}

/* Read path as a DTB (a view: mg_file_view_open), or compile it as DTS. */
static int load_blob(const char *path, const struct mg_dt_options *opt, struct mg_file_view *blob,
		     struct mg_dt_linemap *map, bool *from_dts, struct mg_error *err)
{
	const char *buf;
	char *text, *out;
	size_t n, outlen;
	int rc;

	if (mg_file_view_open(blob, path, MG_DT_MAX_BYTES, err))
		return -1;
	buf = blob->data;
	n = blob->len;
	if (is_dtb(buf, n)) {
		*from_dts = false;
		return 0;
	}
	/* Not the FDT magic: DTS source is text, so an empty file, a NUL byte or a .dtb/.dtbo
	 * name means a broken blob; dtc would only say "syntax error" about it. */
	if (n == 0 || memchr(buf, '\0', n) || has_blob_suffix(path)) {
		const unsigned char *u = (const unsigned char *)buf;
		if (n < 4)
			mg_input_error(err, path, 0, "not a device tree: %zu bytes (expected a DTB "
				       "starting with magic 0xd00dfeed, or DTS source)", n);
		else
			mg_input_error(err, path, 0, "not a device tree blob: magic 0x%02x%02x%02x%02x "
				       "(expected 0xd00dfeed)", u[0], u[1], u[2], u[3]);
		mg_file_view_close(blob);
		return -1;
	}
	*from_dts = true;
	text = malloc(n + 1); /* the source as a string */
	if (!text) {
		mg_file_view_close(blob);
		return mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
	}
	memcpy(text, buf, n);
	text[n] = '\0';
	mg_file_view_close(blob);
	rc = compile_dts(path, text, opt, &out, &outlen, map, err);
	free(text);
	if (!rc)
		mg_file_view_adopt(blob, out, outlen);
	return rc;
}

/* ------------------------------------------------------------------ overlays */

struct pathset {
	char **p;
	size_t n, cap;
};

static void pathset_free(struct pathset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->p[i]);
	free(s->p);
	memset(s, 0, sizeof(*s));
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect_paths(const void *fdt, struct pathset *s)
{
	int depth = -1, off;
	char path[1024];
	for (off = fdt_next_node(fdt, -1, &depth); off >= 0 && depth >= 0;
	     off = fdt_next_node(fdt, off, &depth)) {
		if (s->n > MG_DT_MAX_NODES)
			break; /* the parser refuses this tree with a clear message */
		if (fdt_get_path(fdt, off, path, sizeof(path)) < 0)
			continue;
		if (MG_ARRAY_RESERVE(s->p, s->cap, s->n + 1) || !(s->p[s->n] = mg_strdup(path)))
			return -1;
		s->n++;
	}
	if (s->n > 1)
		qsort(s->p, s->n, sizeof(*s->p), str_cmp);
	return 0;
}

static bool pathset_has(const struct pathset *s, const char *path)
{
	return s->n && bsearch(&path, s->p, s->n, sizeof(*s->p), str_cmp);
}

/* The overlay source line of a node it added: its overlay path ends in
 * "/__overlay__/<tail>" where <tail> is the end of the final path. */
static const struct mg_dt_srcpos *overlay_pos(const struct mg_dt_linemap *om, const char *path)
{
	const struct mg_dt_srcpos *best = NULL;
	size_t bestlen = 0, pl = strlen(path);
	for (size_t i = 0; i < om->n; i++) {
		const char *o = strstr(om->pos[i].path, "/__overlay__/");
		if (!o)
			continue;
		o += strlen("/__overlay__");          /* "/<tail>" */
		size_t tl = strlen(o);
		if (tl <= pl && !strcmp(path + pl - tl, o) && tl > bestlen) {
			best = &om->pos[i];
			bestlen = tl;
		}
	}
	return best;
}

static const char *ovl_strerror(int rc)
{
	switch (-rc) {
	case FDT_ERR_NOTFOUND:
		return "a target node, label (the base needs __symbols__: compile it with -@) or "
		       "phandle fixup was not found";
	case FDT_ERR_BADOVERLAY:
		return "malformed overlay (fragments, __overlay__ or __fixups__)";
	case FDT_ERR_NOPHANDLES:
		return "phandles exhausted";
	default:
		return fdt_strerror(rc);
	}
}

/* fdt_check_full, except that a header version below 16 is refused first: libfdt 1.6.1
 * (Debian 12) dereferences NULL walking those (found by fuzzing, tests/fuzz/fuzz_overlay). */
static int check_full(const void *blob, size_t len)
{
	if (len >= 24 && fdt_magic(blob) == FDT_MAGIC && fdt_version(blob) < 16)
		return -FDT_ERR_BADVERSION;
	return fdt_check_full(blob, len);
}

/* Apply the overlay blob oblob to *base, which becomes the overlaid tree (a buffer of ours). */
static int apply_overlay(struct mg_file_view *base, const char *opath, const char *oblob,
			 size_t olen, const struct mg_dt_linemap *omap, struct mg_dt_linemap *map,
			 const char *base_name, struct mg_error *err)
{
	struct pathset before = { 0 }, after = { 0 };
	char *ocopy = NULL, *out = NULL;
	size_t size;
	int rc = check_full(oblob, olen);

	if (rc == 0 && fdt_totalsize(oblob) > olen)
		rc = -FDT_ERR_TRUNCATED;
	if (rc)
		return mg_input_error(err, opath, 0, "not a valid device tree overlay blob: "
				      "fdt_check_full: %s", fdt_strerror(rc));
	if (collect_paths(base->data, &before))
		goto nomem;
	/* Room for everything the overlay can add (its own size is an upper bound for the
	 * nodes and properties; symbols and fixups can double it). */
	size = (size_t)fdt_totalsize(base->data) + 2 * (size_t)fdt_totalsize(oblob) + 4096;
	for (;;) {
		if (size > MG_DT_MAX_BYTES) {
			/* Found by fuzzing (tests/fuzz/fuzz_overlay): the previous attempt's
			 * buffers leaked when -FDT_ERR_NOSPACE repeated up to the cap. */
			free(out);
			free(ocopy);
			pathset_free(&before);
			return mg_input_error(err, opath, 0, "overlay applied to %s exceeds the "
					      "%u-byte limit", base_name, MG_DT_MAX_BYTES);
		}
		free(out);
		free(ocopy);
		out = malloc(size);
		ocopy = malloc(olen);
		if (!out || !ocopy)
			goto nomem;
		memcpy(ocopy, oblob, olen);
		rc = fdt_open_into(base->data, out, (int)size);
		if (rc == 0)
			rc = fdt_overlay_apply(out, ocopy);
		if (rc != -FDT_ERR_NOSPACE)
			break;
		size *= 2;
	}
	free(ocopy);
	ocopy = NULL;
	if (rc) {
		free(out);
		pathset_free(&before);
		return mg_input_error(err, opath, 0, "cannot apply overlay to %s: %s", base_name,
				      ovl_strerror(rc));
	}
	/* Packed, so dtb_size_bytes is the overlaid tree itself, not our working headroom. */
	fdt_pack(out);
	if (collect_paths(out, &after))
		goto nomem;
	for (size_t i = 0; i < after.n; i++) {
		const struct mg_dt_srcpos *p;
		if (pathset_has(&before, after.p[i]))
			continue;
		p = overlay_pos(omap, after.p[i]);
		if (mg_dt_linemap_add(map, after.p[i], opath, p ? p->line : 0))
			goto nomem;
	}
	mg_dt_linemap_sort(map);
	pathset_free(&before);
	pathset_free(&after);
	mg_file_view_close(base);
	mg_file_view_adopt(base, out, fdt_totalsize(out));
	return 0;
nomem:
	free(out);
	free(ocopy);
	pathset_free(&before);
	pathset_free(&after);
	return mg_error_set(err, MG_ERR_INTERNAL, opath, 0, 0, "out of memory");
}

/* ------------------------------------------------------------------ entry point */

int mg_dt_load(struct mg_dt *dt, const char *path, const struct mg_dt_options *opt,
	       struct mg_error *err)
{
	struct mg_dt_linemap map = { 0 };
	struct mg_file_view blob = { 0 };
	bool from_dts = false;
	int rc;

	memset(dt, 0, sizeof(*dt));
	snprintf(dt->file, sizeof(dt->file), "%s", path ? path : "");
	if (!path)
		return mg_input_error(err, "", 0, "no device tree given");
	if (load_blob(path, opt, &blob, &map, &from_dts, err))
		goto fail;

	if (opt && opt->noverlays) {
		rc = check_full(blob.data, blob.len);
		if (rc == 0 && fdt_totalsize(blob.data) > blob.len)
			rc = -FDT_ERR_TRUNCATED;
		if (rc) {
			mg_input_error(err, path, 0, "not a valid device tree blob (%zu bytes): "
				       "fdt_check_full: %s", blob.len, fdt_strerror(rc));
			goto fail;
		}
	}
	for (size_t i = 0; opt && i < opt->noverlays; i++) {
		struct mg_dt_linemap omap = { 0 };
		struct mg_file_view oblob = { 0 };
		bool odts;
		if (load_blob(opt->overlays[i], opt, &oblob, &omap, &odts, err)) {
			mg_dt_linemap_free(&omap);
			goto fail;
		}
		rc = apply_overlay(&blob, opt->overlays[i], oblob.data, oblob.len, &omap, &map, path, err);
		mg_file_view_close(&oblob);
		mg_dt_linemap_free(&omap);
		if (rc)
			goto fail;
	}
	rc = mg_dt_parse_blob_mapped(dt, blob.data, blob.len, path, &map, err);
	mg_file_view_close(&blob);
	mg_dt_linemap_free(&map);
	if (rc)
		return -1;
	dt->from_dts = from_dts;
	return 0;
fail:
	mg_file_view_close(&blob);
	mg_dt_linemap_free(&map);
	return -1;
}
