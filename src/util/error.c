/* Errors and origins: fill caller-owned structs, never print. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <memgate/error.h>

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

/* Keep error text on one line whatever the input contained. */
static void flatten(char *s)
{
	for (; *s; s++)
		if (*s == '\n' || *s == '\r' || *s == '\t')
			*s = ' ';
}

static int error_vset(struct mg_error *err, enum mg_status status, const char *file,
		      unsigned line, unsigned col, const char *fmt, va_list ap)
{
	if (!err)
		return -1;
	err->status = status;
	copy_str(err->file, sizeof(err->file), file);
	err->line = line;
	err->col = col;
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	flatten(err->msg);
	return -1;
}

int mg_error_set(struct mg_error *err, enum mg_status status, const char *file, unsigned line,
		 unsigned col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, status, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

int mg_input_error(struct mg_error *err, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(err, MG_ERR_INPUT, file, line, 0, fmt, ap);
	va_end(ap);
	return -1;
}

void mg_error_format(const struct mg_error *err, char *buf, size_t size)
{
	if (!err->file[0])
		snprintf(buf, size, "%s", err->msg);
	else if (!err->line)
		snprintf(buf, size, "%s: %s", err->file, err->msg);
	else if (!err->col)
		snprintf(buf, size, "%s:%u: %s", err->file, err->line, err->msg);
	else
		snprintf(buf, size, "%s:%u:%u: %s", err->file, err->line, err->col, err->msg);
}

void mg_origin_set(struct mg_origin *o, const char *file, unsigned line, const char *fmt, ...)
{
	va_list ap;
	copy_str(o->file, sizeof(o->file), file);
	o->line = line;
	va_start(ap, fmt);
	vsnprintf(o->what, sizeof(o->what), fmt, ap);
	va_end(ap);
	flatten(o->what);
}

void mg_origin_format(const struct mg_origin *o, char *buf, size_t size)
{
	const char *sep = o->what[0] ? " " : "";
	if (!o->file[0])
		snprintf(buf, size, "%s", o->what);
	else if (!o->line)
		snprintf(buf, size, "%s%s%s", o->file, sep, o->what);
	else
		snprintf(buf, size, "%s:%u%s%s", o->file, o->line, sep, o->what);
}
