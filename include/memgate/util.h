/* memgate: checked arithmetic, kernel-compatible number parsing, files, growable buffers. */
#ifndef MEMGATE_UTIL_H
#define MEMGATE_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

/* Checked 64-bit arithmetic on input-derived values: return false on overflow. */
static inline bool mg_add_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}
static inline bool mg_mul_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}
static inline bool mg_sub_u64(uint64_t a, uint64_t b, uint64_t *out)
{
	return !__builtin_sub_overflow(a, b, out);
}
static inline uint64_t mg_align_up(uint64_t x, uint64_t a) /* a: power of two; saturates */
{
	uint64_t r;
	if (!mg_add_u64(x, a - 1, &r))
		return UINT64_MAX & ~(a - 1);
	return r & ~(a - 1);
}
static inline uint64_t mg_align_down(uint64_t x, uint64_t a) { return x & ~(a - 1); }
static inline uint64_t mg_min_u64(uint64_t a, uint64_t b) { return a < b ? a : b; }
static inline uint64_t mg_max_u64(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* int_sqrt (lib/math/int_sqrt.c): floor(sqrt(x)), exact for all 64-bit x. */
uint64_t mg_int_sqrt(uint64_t x);

/* The kernel's memparse() (lib/cmdline.c, all versions 4.19-6.12): simple_strtoull(s, &end, 0)
 * (0x hex, leading 0 octal, else decimal) then one optional suffix K M G T P E (either case),
 * each a further << 10.  Stricter than the kernel: overflow is an error.  *end points after
 * what was consumed.  Returns 0, or -1 when no digits or the value overflows 64 bits. */
int mg_memparse(const char *s, uint64_t *out, const char **end);

/* The binary shift of a memparse() size suffix: K 10, M 20, G 30, T 40, P 50, E 60 (either
 * case); 0 when c is not one. */
unsigned mg_size_suffix_shift(char c);

/* A whole string that must be a size ("64M", "0x4000000", "1G"); false if anything trails. */
bool mg_parse_size(const char *s, uint64_t *out);
/* A whole string that must be an unsigned decimal/hex integer. */
bool mg_parse_u64(const char *s, uint64_t *out);

/* Next line of buf at *pos (without its '\n' and a trailing '\r': CRLF files are accepted
 * everywhere); false at the end.  *lineno, when not NULL, counts lines from 1. */
bool mg_next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n,
		  unsigned *lineno);

/* Read a whole file (at most max_bytes; larger is an input error).  The buffer is
 * NUL-terminated (not counted in *len).  Caller frees. */
int mg_read_file(const char *path, size_t max_bytes, char **buf, size_t *len, struct mg_error *err);

/* A file's bytes, read-only.  A regular file of MG_FILE_MAP_MIN_BYTES or more is mapped
 * (MAP_PRIVATE, populated at once): no copy and no fresh anonymous pages, which on a VM cost
 * more than reading the bytes (docs/bench.md).  A smaller file, a pipe or a /proc file is
 * read into memory.  data is not NUL-terminated.  A mapped file truncated by someone else
 * while it is in use faults (SIGBUS), as it does for git's mapped packs and index. */
/* glibc's mmap threshold: a buffer this large would come fresh from mmap anyway, while a
 * smaller one reuses heap pages, which a batch of boards keeps warm. */
#define MG_FILE_MAP_MIN_BYTES (128u << 10)
struct mg_file_view {
	const char *data;
	size_t len;
	void *map;      /* the mapping, or NULL */
	size_t map_len;
	char *owned;    /* the memory read into, or NULL */
};
int mg_file_view_open(struct mg_file_view *v, const char *path, size_t max_bytes, struct mg_error *err);
/* Take ownership of a malloc'd buffer as a view (freed by mg_file_view_close). */
void mg_file_view_adopt(struct mg_file_view *v, char *buf, size_t len);
void mg_file_view_close(struct mg_file_view *v);

/* Growable byte buffer with a size cap (hostile input never makes us allocate without bound). */
struct mg_buf {
	char *data;
	size_t len, cap;
	bool failed; /* an append ran out of memory; further appends are ignored */
};
void mg_buf_init(struct mg_buf *b);
void mg_buf_free(struct mg_buf *b);
void mg_buf_append(struct mg_buf *b, const char *s, size_t n);
void mg_buf_puts(struct mg_buf *b, const char *s);
void mg_buf_printf(struct mg_buf *b, const char *fmt, ...) MG_PRINTF(2, 3);

/* Write data to path through a temporary file in the same directory and rename(2), so a
 * failed run never leaves a partial report. */
int mg_write_atomic(const char *path, const char *data, size_t len, struct mg_error *err);

/* Human size: "512 MiB", "89344 kB" style helpers for reports. */
void mg_format_bytes(uint64_t bytes, char *buf, size_t size);

/* strdup that checks; NULL on failure. */
char *mg_strdup(const char *s);
char *mg_strndup(const char *s, size_t n);

/* Grow an array of elements of size elem so it can hold need elements.  Returns 0 or -1. */
int mg_array_reserve(void **arr, size_t *cap, size_t need, size_t elem);
#define MG_ARRAY_RESERVE(arr, cap, need) mg_array_reserve((void **)&(arr), &(cap), (need), sizeof(*(arr)))

#endif
