/* Shared by the log parsers (bootlog.c, oomlog.c): line iteration and number scanning.
 * Not API: the trailing underscore marks these as internal. */
#ifndef MEMGATE_LOGS_INTERNAL_H
#define MEMGATE_LOGS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <memgate/logs.h>

struct mg_line_iter_ {
	const char *p, *end;
	unsigned lineno;
	char buf[MG_LOG_MAX_LINE + 1];
};

void mg_line_iter_init_(struct mg_line_iter_ *it, const char *buf, size_t len);
/* Next cleaned message as a NUL-terminated copy (in it->buf); false at the end. */
bool mg_line_iter_next_(struct mg_line_iter_ *it, const char **msg, unsigned *lineno);

/* Skip blanks. */
const char *mg_skip_ws_(const char *p);
/* Decimal digits at *p (no sign); advances *p.  False when no digit or overflow. */
bool mg_scan_dec_(const char **p, uint64_t *v);
/* "0x" hex or plain hex digits at *p; advances *p. */
bool mg_scan_hex_(const char **p, uint64_t *v);
/* s starts with prefix. */
bool mg_starts_(const char *s, const char *prefix);
/* Copy at most size-1 bytes of [s, s+n) and NUL-terminate. */
void mg_copy_n_(char *dst, size_t size, const char *s, size_t n);
/* "2.00 MiB" / "16.0 GiB" / "512 MiB" / "64 KiB" at *p -> kB; advances *p. */
bool mg_scan_size_kb_(const char **p, uint64_t *kb);

#endif
