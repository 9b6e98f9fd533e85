/* The kernel command line: effective-line rules, next_arg() tokenising, parameter grammars. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <memgate/cmdline.h>
#include <memgate/kconfig.h>
#include <memgate/util.h>

/* lib/ctype.c marks 0xA0 (Latin-1 no-break space) as _S|_SP, so the kernel's isspace()
 * splits tokens there too; the C library's isspace() in the C locale does not. */
static bool k_isspace(unsigned char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r') || c == 0xA0;
}

/* A stretch of the effective line and where it came from. */
struct segment {
	size_t start, len;
	enum mg_cmdline_source src;
	const char *file;
	unsigned line;
};

static const struct segment *segment_at(const struct segment *segs, size_t nsegs, size_t off)
{
	size_t i;
	for (i = nsegs; i-- > 0;)
		if (off >= segs[i].start)
			return &segs[i];
	return &segs[0];
}

static int add_token(struct mg_cmdline *cl, size_t *cap, const char *name, const char *value,
		     const char *raw, size_t rawlen, enum mg_cmdline_source src, const char *file,
		     unsigned line)
{
	struct mg_cmdline_token *t;

	if (MG_ARRAY_RESERVE(cl->tokens, *cap, cl->ntokens + 1))
		return -1;
	t = &cl->tokens[cl->ntokens];
	memset(t, 0, sizeof(*t));
	t->name = mg_strdup(name);
	t->value = value ? mg_strdup(value) : NULL;
	if (!t->name || (value && !t->value)) {
		free(t->name);
		free(t->value);
		return -1;
	}
	t->index = (unsigned)cl->ntokens + 1;
	t->source = src;
	if (rawlen > 150)
		mg_origin_set(&t->origin, file, line, "cmdline:%u '%.150s...'", t->index, raw);
	else
		mg_origin_set(&t->origin, file, line, "cmdline:%u '%.*s'", t->index, (int)rawlen, raw);
	cl->ntokens++;
	return 0;
}

/* parse_args() (kernel/params.c) over next_arg() (lib/cmdline.c), character for character:
 * a token starting with '"' has that quote dropped and a trailing '"' cut; '=' splits name
 * from value and a value starting with '"' loses it and a trailing '"'; whitespace outside
 * quotes ends the token; a bare "--" ends kernel parameters.  orig is the unmodified text,
 * used for token provenance; text is a writable copy of it. */
static int tokenise(struct mg_cmdline *cl, char *text, const char *orig, const struct segment *segs,
		    size_t nsegs, struct mg_error *err)
{
	size_t cap = cl->ntokens;
	char *args = text;

	while (*args && k_isspace((unsigned char)*args))
		args++;
	while (*args) {
		size_t start = (size_t)(args - text), rawlen, i;
		unsigned equals = 0;
		int in_quote = 0, quoted = 0;
		char *param, *val, *next;
		const struct segment *seg = segment_at(segs, nsegs, start);
		unsigned line = seg->line;
		const char *q;

		for (q = orig + seg->start; q < orig + start; q++)
			if (*q == '\n')
				line++;

		if (*args == '"') {
			args++;
			in_quote = 1;
			quoted = 1;
		}
		for (i = 0; args[i]; i++) {
			if (k_isspace((unsigned char)args[i]) && !in_quote)
				break;
			if (equals == 0 && args[i] == '=')
				equals = (unsigned)i;
			if (args[i] == '"')
				in_quote = !in_quote;
		}
		rawlen = (size_t)(args + i - text) - start;
		if (rawlen > MG_CMDLINE_MAX_TOKEN)
			return mg_input_error(err, seg->file, line,
					      "token %zu is longer than %u characters", cl->ntokens + 1,
					      MG_CMDLINE_MAX_TOKEN);

		param = args;
		if (!equals) {
			val = NULL;
		} else {
			args[equals] = '\0';
			val = args + equals + 1;
			if (*val == '"') {
				val++;
				if (args[i - 1] == '"')
					args[i - 1] = '\0';
			}
		}
		/* i >= 1 here, or the token is a lone '"' and args[-1] is that quote. */
		if (quoted && args[(ptrdiff_t)i - 1] == '"')
			args[(ptrdiff_t)i - 1] = '\0';
		if (args[i]) {
			args[i] = '\0';
			next = args + i + 1;
		} else {
			next = args + i;
		}
		while (*next && k_isspace((unsigned char)*next))
			next++;

		if (!val && strcmp(param, "--") == 0) {
			/* kernel/params.c parse_args: "Stop at --"; the rest goes to init. */
			free(cl->init_args);
			cl->init_args = mg_strdup(orig + (next - text));
			if (!cl->init_args)
				return mg_error_set(err, MG_ERR_INTERNAL, seg->file, line, 0,
						    "out of memory");
			break;
		}
		if (add_token(cl, &cap, param, val, orig + start, rawlen, seg->src, seg->file, line))
			return mg_error_set(err, MG_ERR_INTERNAL, seg->file, line, 0, "out of memory");
		args = next;
	}
	return 0;
}

static int set_effective(struct mg_cmdline *cl, const char *s, size_t n, struct mg_error *err)
{
	char *e = mg_strndup(s, n);
	if (!e)
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	free(cl->effective);
	cl->effective = e;
	return 0;
}

int mg_cmdline_parse(struct mg_cmdline *cl, const char *text, enum mg_cmdline_source src,
		     const char *file, unsigned line, struct mg_error *err)
{
	struct segment seg;
	size_t n;
	char *copy;
	int rc;

	if (!text)
		text = "";
	n = strlen(text);
	if (n > MG_CMDLINE_MAX_BYTES)
		return mg_input_error(err, file, line, "command line longer than %u bytes",
				      MG_CMDLINE_MAX_BYTES);
	/* The effective line grows by " " + text, as CONFIG_CMDLINE_EXTEND would join them. */
	{
		struct mg_buf b;
		mg_buf_init(&b);
		if (cl->effective && cl->effective[0]) {
			mg_buf_puts(&b, cl->effective);
			if (n)
				mg_buf_puts(&b, " ");
		}
		mg_buf_append(&b, text, n);
		if (b.failed) {
			mg_buf_free(&b);
			return mg_error_set(err, MG_ERR_INTERNAL, file, line, 0, "out of memory");
		}
		rc = set_effective(cl, b.data ? b.data : "", b.len, err);
		mg_buf_free(&b);
		if (rc)
			return -1;
	}
	copy = mg_strndup(text, n);
	if (!copy)
		return mg_error_set(err, MG_ERR_INTERNAL, file, line, 0, "out of memory");
	seg.start = 0;
	seg.len = n;
	seg.src = src;
	seg.file = file ? file : "";
	seg.line = line ? line : 1;
	rc = tokenise(cl, copy, text, &seg, 1, err);
	free(copy);
	return rc;
}

static bool arch_is(const struct mg_kconfig *kc, const char *a)
{
	return kc && strcmp(kc->arch, a) == 0;
}

static bool arch_is_x86(const struct mg_kconfig *kc)
{
	return arch_is(kc, "x86") || arch_is(kc, "x86_64") || arch_is(kc, "i386");
}

unsigned mg_cmdline_size_for(const struct mg_kconfig *kc)
{
	if (!kc || !kc->arch[0])
		return 0;
	if (arch_is(kc, "arm64"))
		return 2048; /* arch/arm64/include/uapi/asm/setup.h */
	if (arch_is(kc, "arm"))
		return 1024; /* arch/arm/include/uapi/asm/setup.h */
	if (arch_is_x86(kc))
		return 2048; /* arch/x86/include/asm/setup.h */
	if (arch_is(kc, "riscv"))
		/* arch/riscv/include/uapi/asm/setup.h ("riscv: Bump COMMAND_LINE_SIZE value to
		 * 1024", 2023; release UNCONFIRMED, taken as 6.4); before it asm-generic's 512. */
		return mg_kconfig_kv(kc) >= MG_KV(6, 4, 0) || !kc->has_version ? 1024 : 512;
	return 512; /* include/uapi/asm-generic/setup.h */
}

/* Effective-line builder: appends pieces with strlcat-like truncation at size-1 bytes. */
struct builder {
	char *buf;
	size_t len, limit; /* limit: maximum characters (COMMAND_LINE_SIZE - 1) */
	struct segment segs[3];
	size_t nsegs;
	bool truncated;
};

static void b_cat(struct builder *b, const char *s, enum mg_cmdline_source src, const char *file,
		  unsigned line, bool record)
{
	size_t n = strlen(s), room = b->limit - b->len;
	if (n > room) {
		n = room;
		b->truncated = true;
	}
	if (record && b->nsegs < 3) {
		struct segment *g = &b->segs[b->nsegs++];
		g->start = b->len;
		g->len = n;
		g->src = src;
		g->file = file ? file : "";
		g->line = line;
	}
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
}

static void b_reset(struct builder *b)
{
	b->len = 0;
	b->nsegs = 0;
	b->buf[0] = '\0';
	b->truncated = false;
}

int mg_cmdline_build(struct mg_cmdline *cl, const struct mg_kconfig *kc,
		     const char *bootloader, const char *bootloader_file,
		     const char *dt_bootargs, const char *dt_file,
		     struct mg_error *err)
{
	struct mg_kconfig_sym cfg_sym;
	const struct mg_kconfig_sym *cfg = mg_kconfig_find(kc, "CMDLINE", &cfg_sym) ? &cfg_sym : NULL;
	const char *boot_text, *boot_file, *cfg_file = kc ? kc->file : "";
	enum mg_cmdline_source boot_src;
	unsigned size = mg_cmdline_size_for(kc), cfg_line = cfg ? cfg->line : 0;
	char *boottrim = NULL, *copy;
	struct builder b;
	struct mg_buf rule;
	int rc;

	memset(&b, 0, sizeof(b));
	mg_buf_init(&rule);
	/* What the kernel receives from outside: the bootloader's line (it is what U-Boot or the
	 * EFI stub writes into /chosen/bootargs) or else the DT's own bootargs. */
	if (bootloader) {
		size_t n = strlen(bootloader);
		while (n && (bootloader[n - 1] == '\n' || bootloader[n - 1] == '\r'))
			n--; /* the file's final newline is not part of bootargs */
		boottrim = mg_strndup(bootloader, n);
		boot_text = boottrim;
		boot_file = bootloader_file;
		boot_src = MG_CMDLINE_SRC_BOOTLOADER;
	} else {
		boot_text = dt_bootargs ? dt_bootargs : "";
		boot_file = dt_file;
		boot_src = MG_CMDLINE_SRC_DT;
	}
	if (!boot_text)
		return mg_error_set(err, MG_ERR_INTERNAL, bootloader_file, 0, 0, "out of memory");
	if (strlen(boot_text) > MG_CMDLINE_MAX_BYTES || (cfg && strlen(cfg->value) > MG_CMDLINE_MAX_BYTES)) {
		free(boottrim);
		return mg_input_error(err, strlen(boot_text) > MG_CMDLINE_MAX_BYTES ? boot_file : cfg_file,
				      strlen(boot_text) > MG_CMDLINE_MAX_BYTES ? 0 : cfg_line,
				      "command line longer than %u bytes", MG_CMDLINE_MAX_BYTES);
	}
	b.limit = size ? size - 1 : 2 * MG_CMDLINE_MAX_BYTES + 1;
	b.buf = malloc(b.limit + 1);
	if (!b.buf) {
		free(boottrim);
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	}
	b.buf[0] = '\0';

	/* Both paths start from the outside line, cut to COMMAND_LINE_SIZE - 1 characters. */
	b_cat(&b, boot_text, boot_src, boot_file, 1, true);

	if (arch_is_x86(kc)) {
		/* arch/x86/kernel/setup.c: setup_arch (4.19-6.12). */
		if (!mg_kconfig_is_y(kc, "CMDLINE_BOOL") || !cfg) {
			mg_buf_puts(&rule, "bootloader command line (no CONFIG_CMDLINE_BOOL)");
		} else if (mg_kconfig_is_y(kc, "CMDLINE_OVERRIDE")) {
			b_reset(&b);
			b_cat(&b, cfg->value, MG_CMDLINE_SRC_CONFIG, cfg_file, cfg_line, true);
			mg_buf_puts(&rule, "CONFIG_CMDLINE_OVERRIDE=y: built-in CONFIG_CMDLINE only, "
					   "bootloader line ignored (arch/x86/kernel/setup.c)");
		} else if (cfg->value[0]) {
			b_reset(&b);
			b_cat(&b, cfg->value, MG_CMDLINE_SRC_CONFIG, cfg_file, cfg_line, true);
			b_cat(&b, " ", MG_CMDLINE_SRC_CONFIG, NULL, 0, false);
			b_cat(&b, boot_text, boot_src, boot_file, 1, true);
			mg_buf_puts(&rule, "CONFIG_CMDLINE_BOOL=y: built-in CONFIG_CMDLINE + ' ' + "
					   "bootloader line (arch/x86/kernel/setup.c)");
		} else {
			mg_buf_puts(&rule, "bootloader command line (CONFIG_CMDLINE_BOOL=y but "
					   "CONFIG_CMDLINE is empty)");
		}
	} else if (!cfg) {
		mg_buf_puts(&rule, boot_src == MG_CMDLINE_SRC_BOOTLOADER
					   ? "bootloader command line (no CONFIG_CMDLINE in the .config)"
					   : "DT /chosen/bootargs (no CONFIG_CMDLINE in the .config)");
	} else if (mg_kconfig_is_y(kc, "CMDLINE_EXTEND")) {
		/* drivers/of/fdt.c: early_init_dt_scan_chosen (EXTEND is tested first). */
		b_cat(&b, " ", MG_CMDLINE_SRC_CONFIG, NULL, 0, false);
		b_cat(&b, cfg->value, MG_CMDLINE_SRC_CONFIG, cfg_file, cfg_line, true);
		mg_buf_puts(&rule, "CONFIG_CMDLINE_EXTEND=y: bootloader line + ' ' + CONFIG_CMDLINE "
				   "(drivers/of/fdt.c: early_init_dt_scan_chosen)");
	} else if (mg_kconfig_is_y(kc, "CMDLINE_FORCE")) {
		/* Replaces the line even when CONFIG_CMDLINE is "" (arm64 4.19/5.4 allow that). */
		b_reset(&b);
		b_cat(&b, cfg->value, MG_CMDLINE_SRC_CONFIG, cfg_file, cfg_line, true);
		mg_buf_puts(&rule, "CONFIG_CMDLINE_FORCE=y: CONFIG_CMDLINE replaces the bootloader "
				   "line (drivers/of/fdt.c: early_init_dt_scan_chosen)");
	} else {
		const char *which = mg_kconfig_is_y(kc, "CMDLINE_FROM_BOOTLOADER")
					    ? "CONFIG_CMDLINE_FROM_BOOTLOADER=y"
				    : mg_kconfig_is_y(kc, "CMDLINE_FALLBACK")
					    ? "CONFIG_CMDLINE_FALLBACK=y"
					    : "CONFIG_CMDLINE without FORCE/EXTEND";
		if (b.len == 0) {
			b_reset(&b);
			b_cat(&b, cfg->value, MG_CMDLINE_SRC_CONFIG, cfg_file, cfg_line, true);
			mg_buf_printf(&rule, "%s: bootloader line empty, CONFIG_CMDLINE used "
					     "(drivers/of/fdt.c: early_init_dt_scan_chosen)", which);
		} else {
			mg_buf_printf(&rule, "%s: bootloader line used, CONFIG_CMDLINE ignored "
					     "(drivers/of/fdt.c: early_init_dt_scan_chosen)", which);
		}
	}
	/* Truncation can happen at the first copy even when a later rule replaced the text;
	 * only report it when the final line was cut. */
	cl->truncated = b.truncated;
	if (b.truncated) {
		mg_buf_printf(&rule, "; truncated to %zu characters (COMMAND_LINE_SIZE %u on %s)",
			      b.limit, size, kc->arch);
	}
	free(boottrim);
	if (rule.failed) {
		free(b.buf);
		mg_buf_free(&rule);
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	}
	free(cl->rule_owned);
	cl->rule_owned = rule.data;
	cl->rule = cl->rule_owned;
	cl->command_line_size = size;
	if (!b.nsegs) { /* empty line: a placeholder segment for error provenance */
		b.segs[0].file = boot_file ? boot_file : "";
		b.segs[0].line = 1;
		b.segs[0].src = boot_src;
		b.nsegs = 1;
	}
	if (set_effective(cl, b.buf, b.len, err)) {
		free(b.buf);
		return -1;
	}
	copy = mg_strndup(b.buf, b.len);
	if (!copy) {
		free(b.buf);
		return mg_error_set(err, MG_ERR_INTERNAL, "", 0, 0, "out of memory");
	}
	rc = tokenise(cl, copy, b.buf, b.segs, b.nsegs, err);
	free(copy);
	free(b.buf);
	return rc;
}

/* kernel/params.c: parameq — '-' and '_' are interchangeable in parameter names. */
static bool param_eq(const char *a, const char *b)
{
	for (;; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;
		if (x != y)
			return false;
		if (!x)
			return true;
	}
}

const struct mg_cmdline_token *mg_cmdline_last(const struct mg_cmdline *cl, const char *name)
{
	size_t i;
	for (i = cl->ntokens; i-- > 0;)
		if (param_eq(cl->tokens[i].name, name))
			return &cl->tokens[i];
	return NULL;
}

const struct mg_cmdline_token *mg_cmdline_next(const struct mg_cmdline *cl, const char *name,
					       size_t *pos)
{
	size_t i;
	for (i = *pos; i < cl->ntokens; i++) {
		if (param_eq(cl->tokens[i].name, name)) {
			*pos = i + 1;
			return &cl->tokens[i];
		}
	}
	*pos = cl->ntokens;
	return NULL;
}

void mg_cmdline_free(struct mg_cmdline *cl)
{
	size_t i;
	if (!cl)
		return;
	for (i = 0; i < cl->ntokens; i++) {
		free(cl->tokens[i].name);
		free(cl->tokens[i].value);
	}
	free(cl->tokens);
	free(cl->effective);
	free(cl->init_args);
	free(cl->rule_owned);
	memset(cl, 0, sizeof(*cl));
}

/* ---- parameter grammars ---- */

static int token_error(const struct mg_cmdline_token *t, const char *expected, struct mg_error *err)
{
	return mg_input_error(err, t->origin.file, t->origin.line, "%s%s%s: %s", t->name,
			      t->value ? "=" : "", t->value ? t->value : "", expected);
}

/* memparse with the reason for a failure: no digits, or more than 64 bits. */
static int size_at(const char *s, uint64_t *v, const char **end, bool *overflow)
{
	*overflow = false;
	if (mg_memparse(s, v, end) == 0)
		return 0;
	*overflow = isdigit((unsigned char)*s) != 0;
	return -1;
}

#define CMA_EXPECT "expected nn[KMGTPE][@start[-end]]"

int mg_parse_cma(const struct mg_cmdline_token *t, struct mg_cma_param *out, struct mg_error *err)
{
	const char *p;
	bool ovf;

	memset(out, 0, sizeof(*out));
	if (!t->value || !t->value[0])
		return token_error(t, "no value; " CMA_EXPECT, err); /* early_cma: "Config string not provided" */
	/* kernel/dma/contiguous.c: early_cma. The kernel ignores anything memparse leaves
	 * (cma=12Q is 12 bytes there); memgate refuses it, since it is never what was meant. */
	if (size_at(t->value, &out->size_bytes, &p, &ovf))
		return token_error(t, ovf ? "size does not fit in 64 bits" : CMA_EXPECT, err);
	if (*p == '@') {
		out->has_base = true;
		if (size_at(p + 1, &out->base, &p, &ovf))
			return token_error(t, ovf ? "start does not fit in 64 bits" : CMA_EXPECT, err);
		if (*p == '-') {
			if (size_at(p + 1, &out->limit, &p, &ovf))
				return token_error(t, ovf ? "end does not fit in 64 bits" : CMA_EXPECT,
						   err);
		} else if (!mg_add_u64(out->base, out->size_bytes, &out->limit)) {
			return token_error(t, "start + size does not fit in 64 bits", err);
		}
		/* dma_contiguous_reserve: fixed when base_cmdline + size_cmdline == limit_cmdline. */
		{
			uint64_t e;
			out->fixed = mg_add_u64(out->base, out->size_bytes, &e) && e == out->limit;
		}
	}
	if (*p != '\0')
		return token_error(t, CMA_EXPECT, err);
	return 0;
}

#define CK_EXPECT "expected size[@offset], start-[end]:size[,...][@offset], size,high or size,low"

static int ck_suffix(const struct mg_cmdline_token *t, const char *p, const char *suffix,
		     struct mg_crashkernel_param *out, struct mg_error *err)
{
	bool ovf;
	/* parse_crashkernel_suffix: size then exactly the suffix. */
	if (size_at(p, &out->size_bytes, &p, &ovf))
		return token_error(t, ovf ? "size does not fit in 64 bits" : CK_EXPECT, err);
	if (strcmp(p, suffix) != 0)
		return token_error(t, CK_EXPECT, err);
	return 0;
}

int mg_parse_crashkernel(const struct mg_cmdline_token *t, uint64_t system_ram_bytes,
			 struct mg_crashkernel_param *out, struct mg_error *err)
{
	const char *v = t->value, *p;
	size_t n;
	bool ovf;

	memset(out, 0, sizeof(*out));
	if (!v || !v[0])
		return token_error(t, "no value; " CK_EXPECT, err);
	n = strlen(v);
	/* kernel/crash_core.c: __parse_crashkernel / get_last_crashkernel pick the form by the
	 * ",high" / ",low" suffix, then ':' means the range list. */
	if (n >= 5 && strcmp(v + n - 5, ",high") == 0) {
		out->high = true;
		return ck_suffix(t, v, ",high", out, err);
	}
	if (n >= 4 && strcmp(v + n - 4, ",low") == 0) {
		out->low = true;
		return ck_suffix(t, v, ",low", out, err);
	}
	if (!strchr(v, ':')) {
		/* parse_crashkernel_simple: size[@offset]. */
		if (size_at(v, &out->size_bytes, &p, &ovf))
			return token_error(t, ovf ? "size does not fit in 64 bits" : CK_EXPECT, err);
		if (*p == '@') {
			if (size_at(p + 1, &out->base, &p, &ovf))
				return token_error(t, ovf ? "offset does not fit in 64 bits"
							  : "expected an offset after '@'", err);
		}
		if (*p != '\0')
			return token_error(t, CK_EXPECT, err);
		return 0;
	}

	/* parse_crashkernel_mem: "start-[end]:size" entries; the first whose [start, end)
	 * holds system RAM wins; every entry up to it must have size < system RAM (else the
	 * kernel returns -EINVAL and reserves nothing).  No match: size 0, nothing reserved.
	 * Entries after the match are not looked at by the kernel; memgate still checks their
	 * syntax. */
	{
		bool matched = false;
		unsigned entry = 0;
		uint64_t chosen = 0;

		p = v;
		do {
			uint64_t start, end = UINT64_MAX, size;
			entry++;
			if (size_at(p, &start, &p, &ovf))
				return token_error(t, ovf ? "range start does not fit in 64 bits"
							  : "range entry: memory value expected", err);
			if (*p != '-')
				return token_error(t, "range entry: '-' expected", err);
			p++;
			if (*p != ':') {
				if (size_at(p, &end, &p, &ovf))
					return token_error(t, ovf ? "range end does not fit in 64 bits"
								  : "range entry: memory value expected",
							   err);
				if (end <= start)
					return token_error(t, "range entry: end <= start", err);
			}
			if (*p != ':')
				return token_error(t, "range entry: ':' expected", err);
			p++;
			if (size_at(p, &size, &p, &ovf))
				return token_error(t, ovf ? "size does not fit in 64 bits"
							  : "range entry: memory value expected", err);
			if (!matched && size >= system_ram_bytes) {
				char msg[160];
				snprintf(msg, sizeof(msg),
					 "entry %u: size %llu bytes is not below system RAM (%llu bytes); "
					 "the kernel rejects the parameter (\"crashkernel: invalid size\")",
					 entry, (unsigned long long)size,
					 (unsigned long long)system_ram_bytes);
				return token_error(t, msg, err);
			}
			if (!matched && system_ram_bytes >= start && system_ram_bytes < end) {
				matched = true;
				chosen = size;
			}
			if (entry > 64)
				return token_error(t, "more than 64 range entries", err);
		} while (*p == ',' && p++);
		out->size_bytes = chosen;
		if (*p == '@') {
			uint64_t base;
			if (size_at(p + 1, &base, &p, &ovf))
				return token_error(t, ovf ? "offset does not fit in 64 bits"
							  : "expected an offset after '@'", err);
			if (matched && chosen)
				out->base = base;
		}
		if (*p != '\0')
			return token_error(t, CK_EXPECT, err);
	}
	return 0;
}

#define MEMMAP_EXPECT "expected nn[KMG]@ss, nn[KMG]#ss, nn[KMG]$ss, nn[KMG]!ss, nn[KMG]%ss-old+new, nn[KMG] or exactmap"

/* arch/x86/kernel/e820.c: parse_memmap_one on one ','-separated entry [s, e). */
static int memmap_one(const struct mg_cmdline_token *t, const char *s, size_t n,
		      struct mg_memmap_param *out, struct mg_error *err)
{
	char buf[MG_CMDLINE_MAX_TOKEN + 1];
	const char *p;
	bool ovf;

	memset(out, 0, sizeof(*out));
	if (n >= sizeof(buf))
		return token_error(t, MEMMAP_EXPECT, err);
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (strcmp(buf, "exactmap") == 0) {
		out->kind = 'x';
		return 0;
	}
	if (size_at(buf, &out->size_bytes, &p, &ovf))
		return token_error(t, ovf ? "size does not fit in 64 bits" : MEMMAP_EXPECT, err);
	switch (*p) {
	case '@': case '#': case '$': case '!': case '%':
		out->kind = *p;
		if (size_at(p + 1, &out->base, &p, &ovf))
			return token_error(t, ovf ? "start does not fit in 64 bits" : MEMMAP_EXPECT, err);
		if (!mg_add_u64(out->base, out->size_bytes, &(uint64_t){ 0 }))
			return token_error(t, "start + size does not fit in 64 bits", err);
		if (out->kind == '%') {
			/* nn%ss-old+new: old and new are e820 type numbers (simple_strtoull base 0). */
			char *e;
			if (*p != '-' || !isdigit((unsigned char)p[1]))
				return token_error(t, MEMMAP_EXPECT, err);
			out->old_type = strtoull(p + 1, &e, 0);
			p = e;
			if (*p != '+' || !isdigit((unsigned char)p[1]))
				return token_error(t, MEMMAP_EXPECT, err);
			out->new_type = strtoull(p + 1, &e, 0);
			p = e;
		}
		break;
	case '\0':
		out->kind = 'l'; /* e820__range_remove(mem_size, ULLONG_MAX - mem_size, RAM) */
		break;
	default:
		return token_error(t, MEMMAP_EXPECT, err);
	}
	if (*p != '\0') /* parse_memmap_one: "return *p == '\0' ? 0 : -EINVAL" */
		return token_error(t, MEMMAP_EXPECT, err);
	return 0;
}

int mg_parse_memmap_list(const struct mg_cmdline_token *t, struct mg_memmap_param *out,
			 size_t max, size_t *n, struct mg_error *err)
{
	const char *s = t->value, *c;

	*n = 0;
	if (!s || !s[0])
		return token_error(t, "no value; " MEMMAP_EXPECT, err);
	for (;;) {
		c = strchr(s, ',');
		if (*n >= max)
			return token_error(t, "too many entries", err);
		if (memmap_one(t, s, c ? (size_t)(c - s) : strlen(s), &out[*n], err))
			return -1;
		(*n)++;
		if (!c)
			return 0;
		s = c + 1;
	}
}

int mg_parse_memmap(const struct mg_cmdline_token *t, struct mg_memmap_param *out, struct mg_error *err)
{
	memset(out, 0, sizeof(*out));
	if (t->value && strchr(t->value, ','))
		return token_error(t, "several entries; expected one", err);
	if (!t->value || !t->value[0])
		return token_error(t, "no value; " MEMMAP_EXPECT, err);
	return memmap_one(t, t->value, strlen(t->value), out, err);
}

int mg_parse_token_size(const struct mg_cmdline_token *t, uint64_t *out, struct mg_error *err)
{
	const char *p;
	bool ovf;

	if (!t->value || !t->value[0])
		return token_error(t, "no value; expected a size nn[KMGTPE]", err);
	if (size_at(t->value, out, &p, &ovf))
		return token_error(t, ovf ? "size does not fit in 64 bits"
					  : "expected a size nn[KMGTPE]", err);
	if (*p != '\0')
		return token_error(t, "expected a size nn[KMGTPE]", err);
	return 0;
}

int mg_parse_token_u64(const struct mg_cmdline_token *t, uint64_t *out, struct mg_error *err)
{
	if (!t->value || !t->value[0])
		return token_error(t, "no value; expected an integer", err);
	if (!mg_parse_u64(t->value, out))
		return token_error(t, isdigit((unsigned char)t->value[0])
					      ? "expected an integer that fits in 64 bits"
					      : "expected an integer", err);
	return 0;
}

/* lib/kstrtox.c: kstrtobool (first character y/Y/t/T/1, n/N/f/F/0, or "on"/"off");
 * false when the kernel would reject the value and leave the setting unchanged. */
bool mg_kstrtobool(const char *s, bool *out)
{
	if (!s)
		return false;
	switch (s[0]) {
	case 'y': case 'Y': case 't': case 'T': case '1':
		*out = true;
		return true;
	case 'n': case 'N': case 'f': case 'F': case '0':
		*out = false;
		return true;
	case 'o': case 'O':
		if (s[1] == 'n' || s[1] == 'N') {
			*out = true;
			return true;
		}
		if (s[1] == 'f' || s[1] == 'F') {
			*out = false;
			return true;
		}
		return false;
	default:
		return false;
	}
}

/* Every occurrence of an early_param is handled in order: the last valid one wins. */
bool mg_cmdline_bool(const struct mg_cmdline *cl, const char *name, bool def)
{
	size_t pos = 0;
	const struct mg_cmdline_token *t;
	while ((t = mg_cmdline_next(cl, name, &pos)) != NULL)
		mg_kstrtobool(t->value, &def);
	return def;
}
