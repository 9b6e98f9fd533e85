/* A strict, bounded YAML tree from libyaml events (shared by profile.c and manifest.c). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include <memgate/util.h>

#include "yamldoc.h"

const char *mg_ykind_name(enum mg_ykind k)
{
	switch (k) {
	case MG_Y_SCALAR: return "a scalar";
	case MG_Y_SEQ: return "a sequence";
	case MG_Y_MAP: return "a mapping";
	}
	return "a node";
}

int mg_ydoc_error(const struct mg_ydoc *d, size_t i, struct mg_error *err, const char *fmt, ...)
{
	char msg[640];
	va_list ap;
	unsigned line = 0, col = 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (i != MG_YNONE && i < d->count) {
		line = d->n[i].line;
		col = d->n[i].col;
	}
	return mg_error_set(err, MG_ERR_INPUT, d->file, line, col, "%s", msg);
}

void mg_ydoc_free(struct mg_ydoc *d)
{
	size_t i;
	for (i = 0; i < d->count; i++)
		free(d->n[i].text);
	free(d->n);
	d->n = NULL;
	d->count = d->cap = 0;
}

/* libyaml marks are 0-based; ours are 1-based.  Saturate rather than wrap on absurd input. */
static unsigned mark_1(size_t v)
{
	return v >= 0xfffffffeu ? 0xffffffffu : (unsigned)v + 1;
}

static int add_node(struct mg_ydoc *d, enum mg_ykind kind, const yaml_mark_t *start,
		    const yaml_mark_t *end, size_t parent, struct mg_error *err)
{
	struct mg_ynode *n;
	size_t i = d->count;

	if (d->count >= MG_YAML_MAX_NODES)
		return mg_error_set(err, MG_ERR_INPUT, d->file, mark_1(start->line),
				    mark_1(start->column), "more than %u YAML nodes in a %s",
				    MG_YAML_MAX_NODES, d->what);
	if (MG_ARRAY_RESERVE(d->n, d->cap, d->count + 1))
		return mg_error_set(err, MG_ERR_INTERNAL, d->file, 0, 0, "out of memory");
	n = &d->n[i];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->line = mark_1(start->line);
	n->col = mark_1(start->column);
	n->start = start->index;
	n->end = end->index;
	n->parent = parent;
	n->first = n->next = n->last = MG_YNONE;
	if (parent != MG_YNONE) {
		struct mg_ynode *p = &d->n[parent];
		if (p->last == MG_YNONE)
			p->first = i;
		else
			d->n[p->last].next = i;
		p->last = i;
		p->nchildren++;
	}
	d->count++;
	return 0;
}

/* Content end of every open collection moves to the end of this scalar / flow bracket. */
static void extend_end(struct mg_ydoc *d, const size_t *stack, size_t depth, size_t end)
{
	size_t k;
	for (k = 0; k < depth; k++)
		if (d->n[stack[k]].end < end)
			d->n[stack[k]].end = end;
}

static int syntax_error(struct mg_ydoc *d, const yaml_parser_t *p, struct mg_error *err)
{
	if (p->error == YAML_MEMORY_ERROR)
		return mg_error_set(err, MG_ERR_INTERNAL, d->file, 0, 0, "out of memory");
	if (p->error == YAML_READER_ERROR)
		return mg_error_set(err, MG_ERR_INPUT, d->file, 0, 0,
				    "invalid YAML: %s at byte %zu", p->problem ? p->problem : "read error",
				    p->problem_offset);
	if (p->context)
		return mg_error_set(err, MG_ERR_INPUT, d->file, mark_1(p->problem_mark.line),
				    mark_1(p->problem_mark.column),
				    "invalid YAML: %s (%s at line %u)", p->problem ? p->problem : "error",
				    p->context, mark_1(p->context_mark.line));
	return mg_error_set(err, MG_ERR_INPUT, d->file, mark_1(p->problem_mark.line),
			    mark_1(p->problem_mark.column), "invalid YAML: %s",
			    p->problem ? p->problem : "error");
}

/* Anchors, aliases and explicit tags are refused: a profile is plain data, and refusing
 * aliases makes "billion laughs" documents harmless (nothing is ever expanded). */
static int refuse_extras(struct mg_ydoc *d, const yaml_event_t *ev, const yaml_char_t *anchor,
			 const yaml_char_t *tag, bool implicit, struct mg_error *err)
{
	unsigned line = mark_1(ev->start_mark.line), col = mark_1(ev->start_mark.column);
	if (anchor)
		return mg_error_set(err, MG_ERR_INPUT, d->file, line, col,
				    "anchors are not allowed in a %s", d->what);
	if (tag && !implicit)
		return mg_error_set(err, MG_ERR_INPUT, d->file, line, col,
				    "tags are not allowed in a %s", d->what);
	return 0;
}

int mg_ydoc_parse(struct mg_ydoc *d, const char *buf, size_t len, const char *file,
		  const char *what, struct mg_error *err)
{
	yaml_parser_t p;
	yaml_event_t ev;
	size_t stack[MG_YAML_MAX_DEPTH];
	size_t depth = 0;
	bool seen_doc = false, done = false;
	int rc = 0;

	memset(d, 0, sizeof(*d));
	d->file = file;
	d->what = what;
	if (!yaml_parser_initialize(&p))
		return mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
	yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);

	while (!done && rc == 0) {
		size_t parent = depth ? stack[depth - 1] : MG_YNONE;
		unsigned line, col;

		if (!yaml_parser_parse(&p, &ev)) {
			rc = syntax_error(d, &p, err);
			break;
		}
		line = mark_1(ev.start_mark.line);
		col = mark_1(ev.start_mark.column);
		switch (ev.type) {
		case YAML_NO_EVENT:
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			break;
		case YAML_STREAM_END_EVENT:
			done = true;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (seen_doc)
				rc = mg_error_set(err, MG_ERR_INPUT, file, line, col,
						  "only one YAML document is allowed in a %s", what);
			seen_doc = true;
			break;
		case YAML_ALIAS_EVENT:
			rc = mg_error_set(err, MG_ERR_INPUT, file, line, col,
					  "aliases are not allowed in a %s", what);
			break;
		case YAML_SCALAR_EVENT:
			rc = refuse_extras(d, &ev, ev.data.scalar.anchor, ev.data.scalar.tag,
					   ev.data.scalar.plain_implicit || ev.data.scalar.quoted_implicit,
					   err);
			if (rc == 0)
				rc = add_node(d, MG_Y_SCALAR, &ev.start_mark, &ev.end_mark, parent, err);
			if (rc == 0) {
				struct mg_ynode *n = &d->n[d->count - 1];
				n->text = mg_strndup((const char *)ev.data.scalar.value,
						     ev.data.scalar.length);
				n->len = ev.data.scalar.length;
				n->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
				if (!n->text)
					rc = mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
				extend_end(d, stack, depth, ev.end_mark.index);
			}
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT: {
			bool seq = ev.type == YAML_SEQUENCE_START_EVENT;
			rc = seq ? refuse_extras(d, &ev, ev.data.sequence_start.anchor,
						 ev.data.sequence_start.tag,
						 ev.data.sequence_start.implicit, err)
				 : refuse_extras(d, &ev, ev.data.mapping_start.anchor,
						 ev.data.mapping_start.tag,
						 ev.data.mapping_start.implicit, err);
			if (rc == 0 && depth >= MG_YAML_MAX_DEPTH)
				rc = mg_error_set(err, MG_ERR_INPUT, file, line, col,
						  "YAML nesting deeper than %u levels in a %s",
						  MG_YAML_MAX_DEPTH, what);
			if (rc == 0)
				rc = add_node(d, seq ? MG_Y_SEQ : MG_Y_MAP, &ev.start_mark,
					      &ev.start_mark, parent, err);
			if (rc == 0) {
				struct mg_ynode *n = &d->n[d->count - 1];
				n->flow = seq ? ev.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
					      : ev.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE;
				stack[depth++] = d->count - 1;
			}
			break;
		}
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			/* A block collection's end mark is the next token; only flow brackets count. */
			if (depth && d->n[stack[depth - 1]].flow)
				extend_end(d, stack, depth, ev.end_mark.index);
			if (depth)
				depth--;
			break;
		}
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&p);
	if (rc)
		mg_ydoc_free(d);
	return rc;
}

bool mg_ynode_is_null(const struct mg_ydoc *d, size_t i)
{
	const struct mg_ynode *n = &d->n[i];
	if (n->kind != MG_Y_SCALAR || !n->plain)
		return false;
	return n->len == 0 || !strcmp(n->text, "~") || !strcmp(n->text, "null") ||
	       !strcmp(n->text, "Null") || !strcmp(n->text, "NULL");
}

static const char *sep(const char *path)
{
	return path[0] ? ": " : "";
}

int mg_ydoc_fields(const struct mg_ydoc *d, size_t map, const char *path,
		   const char *const *names, size_t nnames, size_t *keys, size_t *values,
		   struct mg_error *err)
{
	size_t k, i;

	for (k = 0; k < nnames; k++)
		keys[k] = values[k] = MG_YNONE;
	if (mg_ynode_is_null(d, map))
		return 0;
	if (d->n[map].kind != MG_Y_MAP)
		return mg_ydoc_error(d, map, err, "%s%sexpected a mapping, found %s", path, sep(path),
				     mg_ykind_name(d->n[map].kind));
	for (i = d->n[map].first; i != MG_YNONE && d->n[i].next != MG_YNONE;
	     i = d->n[d->n[i].next].next) {
		const struct mg_ynode *key = &d->n[i];
		char expected[512] = "";
		size_t off = 0;

		if (key->kind != MG_Y_SCALAR)
			return mg_ydoc_error(d, i, err, "%s%smapping keys must be scalars, found %s",
					     path, sep(path), mg_ykind_name(key->kind));
		for (k = 0; k < nnames; k++)
			if (strlen(names[k]) == key->len && !strcmp(names[k], key->text))
				break;
		if (k == nnames) {
			for (k = 0; k < nnames && off < sizeof(expected); k++) {
				int w = snprintf(expected + off, sizeof(expected) - off, "%s%s",
						 k ? ", " : "", names[k]);
				if (w < 0)
					break;
				off += (size_t)w;
			}
			return mg_ydoc_error(d, i, err, "%s%sunknown key '%.64s' (expected %s)", path,
					     sep(path), key->text, expected);
		}
		if (keys[k] != MG_YNONE)
			return mg_ydoc_error(d, i, err, "%s%sduplicate key '%s' (first at line %u)",
					     path, sep(path), names[k], d->n[keys[k]].line);
		keys[k] = i;
		values[k] = key->next; /* libyaml always emits a value (null scalar when empty) */
	}
	return 0;
}

static bool has_control(const char *s, size_t len)
{
	size_t i;
	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return true;
	return false;
}

int mg_ydoc_string(const struct mg_ydoc *d, size_t i, const char *field, char *out,
		   size_t outsize, struct mg_error *err)
{
	const struct mg_ynode *n = &d->n[i];

	if (n->kind != MG_Y_SCALAR)
		return mg_ydoc_error(d, i, err, "%s: expected a string, found %s", field,
				     mg_ykind_name(n->kind));
	if (mg_ynode_is_null(d, i))
		return mg_ydoc_error(d, i, err, "%s: missing value (expected a string)", field);
	if (n->len == 0)
		return mg_ydoc_error(d, i, err, "%s: must not be empty", field);
	if (has_control(n->text, n->len))
		return mg_ydoc_error(d, i, err, "%s: contains control characters", field);
	if (n->len >= outsize)
		return mg_ydoc_error(d, i, err, "%s: longer than %zu characters", field, outsize - 1);
	memcpy(out, n->text, n->len + 1);
	return 0;
}

const char *mg_ysize_parse(const char *s, bool allow_suffix, uint64_t *out)
{
	const char *what = allow_suffix
		? "expected a whole number of bytes, optionally with a K, M, G or T suffix"
		: "expected a whole number";
	unsigned base = 10, shift = 0;
	const char *p = s;
	uint64_t v = 0;
	size_t digits = 0;

	if (*p == '-')
		return "negative values are not allowed";
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0' && isdigit((unsigned char)p[1])) {
		/* YAML 1.1 and the kernel's memparse read 010 as 8, YAML 1.2 as 10: refuse. */
		return "a leading 0 is ambiguous (octal to the kernel and YAML 1.1); "
		       "write the number without it";
	}
	for (;; p++) {
		unsigned char c = (unsigned char)*p;
		unsigned dv;
		if (isdigit(c))
			dv = c - '0';
		else if (base == 16 && isxdigit(c))
			dv = (unsigned)(tolower(c) - 'a' + 10);
		else
			break;
		if (!mg_mul_u64(v, base, &v) || !mg_add_u64(v, dv, &v))
			return "value overflows 64 bits";
		digits++;
	}
	if (!digits)
		return what;
	if (*p == '.' || *p == ',')
		return "fractional values are not allowed";
	/* Profiles take K/M/G/T; P and E are left to the generic error below. */
	if (allow_suffix && mg_size_suffix_shift(*p) && mg_size_suffix_shift(*p) <= 40) {
		shift = mg_size_suffix_shift(*p);
		p++;
	}
	if (*p == '.')
		return "fractional values are not allowed";
	if (*p)
		return what;
	if (shift && v > (UINT64_MAX >> shift))
		return "value overflows 64 bits";
	*out = v << shift;
	return NULL;
}

static int number(const struct mg_ydoc *d, size_t i, const char *field, bool size,
		  uint64_t *out, struct mg_error *err)
{
	const struct mg_ynode *n = &d->n[i];
	const char *kind = size ? "a size" : "a number";
	const char *why;

	if (n->kind != MG_Y_SCALAR)
		return mg_ydoc_error(d, i, err, "%s: expected %s, found %s", field, kind,
				     mg_ykind_name(n->kind));
	if (mg_ynode_is_null(d, i))
		return mg_ydoc_error(d, i, err, "%s: missing value (expected %s)", field, kind);
	why = strlen(n->text) != n->len ? (size ? "expected a whole number of bytes" : "expected a whole number")
					 : mg_ysize_parse(n->text, size, out);
	if (why)
		return mg_ydoc_error(d, i, err, "%s: invalid %s '%.64s': %s", field,
				     size ? "size" : "number", n->text, why);
	return 0;
}

int mg_ydoc_size(const struct mg_ydoc *d, size_t i, const char *field, uint64_t *out,
		 struct mg_error *err)
{
	return number(d, i, field, true, out, err);
}

int mg_ydoc_uint(const struct mg_ydoc *d, size_t i, const char *field, uint64_t *out,
		 struct mg_error *err)
{
	return number(d, i, field, false, out, err);
}
