/* memgate (internal): a strict, bounded YAML document tree for profile.yaml and board.yaml.
 *
 * Built from libyaml's event API without recursion.  Anchors, aliases and explicit tags are
 * refused (an alias bomb cannot expand), nesting and node count are capped, and every node
 * keeps its 1-based line:col and byte range so errors and in-place rewrites can point at it. */
#ifndef MEMGATE_PARSE_YAMLDOC_H
#define MEMGATE_PARSE_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <memgate/error.h>

#define MG_YAML_MAX_DEPTH 32u
#define MG_YAML_MAX_NODES 200000u
#define MG_YNONE ((size_t)-1)

enum mg_ykind { MG_Y_SCALAR, MG_Y_SEQ, MG_Y_MAP };

struct mg_ynode {
	enum mg_ykind kind;
	unsigned line, col;      /* 1-based position of the node's first character */
	size_t start;            /* byte offset of the node's start */
	size_t end;              /* byte offset just after its last scalar / flow bracket */
	char *text;              /* scalar value (NUL-terminated copy) */
	size_t len;              /* scalar length (may contain a NUL from a "\0" escape) */
	bool plain;              /* unquoted scalar */
	bool flow;               /* [..] or {..} collection */
	size_t parent, first, next; /* children in order; for a map: key, value, key, value, ... */
	size_t last;             /* last child (building only) */
	size_t nchildren;
};

struct mg_ydoc {
	const char *file;        /* for errors (not owned) */
	const char *what;        /* "profile", "board.yaml": used in refusal messages */
	struct mg_ynode *n;
	size_t count, cap;       /* node 0 is the root when count > 0 */
};

/* Parse exactly one YAML document (an empty stream gives count == 0). */
int mg_ydoc_parse(struct mg_ydoc *d, const char *buf, size_t len, const char *file,
		  const char *what, struct mg_error *err);
void mg_ydoc_free(struct mg_ydoc *d);

/* An error located at node i ("file:line:col: msg"). */
int mg_ydoc_error(const struct mg_ydoc *d, size_t i, struct mg_error *err, const char *fmt, ...)
	MG_PRINTF(4, 5);

/* "a sequence" / "a mapping" / "a scalar" for messages. */
const char *mg_ykind_name(enum mg_ykind k);

/* A plain empty scalar, "~" or "null": YAML's null. */
bool mg_ynode_is_null(const struct mg_ydoc *d, size_t i);

/* Check that map is a mapping (a null counts as empty) whose keys are scalars, each one of
 * names[], none repeated; values[k] / keys[k] get the node index or MG_YNONE.
 * path names the mapping in messages ("" at the top). */
int mg_ydoc_fields(const struct mg_ydoc *d, size_t map, const char *path,
		   const char *const *names, size_t nnames, size_t *keys, size_t *values,
		   struct mg_error *err);

/* A scalar copied into out (size outsize): not null, no NUL or control characters, fits.
 * field is the dotted path used in messages. */
int mg_ydoc_string(const struct mg_ydoc *d, size_t i, const char *field, char *out,
		   size_t outsize, struct mg_error *err);

/* A size: decimal or 0x hex, optional K/M/G/T (binary) suffix; a leading 0, sign, fraction
 * or overflow is an error (see docs/profile.md "Sizes"). */
int mg_ydoc_size(const struct mg_ydoc *d, size_t i, const char *field, uint64_t *out,
		 struct mg_error *err);
/* An unsigned integer: decimal or 0x hex, no suffix, same refusals as sizes. */
int mg_ydoc_uint(const struct mg_ydoc *d, size_t i, const char *field, uint64_t *out,
		 struct mg_error *err);

/* The whole-string size grammar above, without a document (out-of-band use, tests).
 * Returns NULL on success or a static reason text. */
const char *mg_ysize_parse(const char *s, bool allow_suffix, uint64_t *out);

#endif
