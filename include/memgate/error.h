/* memgate: errors and provenance.
 *
 * Every library function that can fail returns an int status (0 = ok) and fills a
 * caller-owned struct mg_error; nothing below main.c prints or exits.  Every value
 * read from an input keeps a struct mg_origin so reports can say where it came from. */
#ifndef MEMGATE_ERROR_H
#define MEMGATE_ERROR_H

#include <stddef.h>

/* Exit-code compatible status values: main() maps them 1:1 to the process status. */
enum mg_status {
	MG_OK = 0,
	MG_ERR_INPUT = 2,    /* bad input or usage: the user can fix it */
	MG_ERR_INTERNAL = 3, /* our bug or the environment (out of memory, dtc missing) */
};

struct mg_error {
	enum mg_status status;
	char file[512];  /* input the error is about ("" when none) */
	unsigned line;   /* 1-based, 0 = no line */
	unsigned col;    /* 1-based, 0 = no column */
	char msg[768];   /* one line, no trailing newline; may start with a DT node path */
};

/* Where a value came from.  Rendered as "file:line what", e.g.
 *   boards/e2000q/board.dts:14 /memory@80000000
 *   boards/e2000q/cmdline:1 cmdline:3 'cma=64M'
 *   boards/e2000q/kernel.config:1021 CONFIG_ARM64_64K_PAGES=y
 *   built-in kernel default (file "" and line 0) */
struct mg_origin {
	char file[256];
	unsigned line;
	char what[192];
};

#if defined(__GNUC__)
#define MG_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MG_PRINTF(f, a)
#endif

/* Fill *err (which may be NULL) and return -1, so callers can `return mg_error_set(...)`. */
int mg_error_set(struct mg_error *err, enum mg_status status, const char *file, unsigned line,
		 unsigned col, const char *fmt, ...) MG_PRINTF(6, 7);

/* Shorthand for the common case: bad input at file:line. */
int mg_input_error(struct mg_error *err, const char *file, unsigned line, const char *fmt, ...)
	MG_PRINTF(4, 5);

/* "file:line:col: msg" (parts that are unset are left out). */
void mg_error_format(const struct mg_error *err, char *buf, size_t size);

void mg_origin_set(struct mg_origin *o, const char *file, unsigned line, const char *fmt, ...)
	MG_PRINTF(4, 5);
/* "file:line what" (parts that are unset are left out). */
void mg_origin_format(const struct mg_origin *o, char *buf, size_t size);

#endif
