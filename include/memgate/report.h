/* memgate: report writers.  Each writes into a struct mg_buf (locale-free, deterministic);
 * main.c writes the buffer to stdout or, atomically, to -o FILE. */
#ifndef MEMGATE_REPORT_H
#define MEMGATE_REPORT_H

#include <stdbool.h>

#include "board.h"
#include "gate.h"
#include "model.h"
#include "util.h"

enum mg_report_format { MG_FMT_TEXT, MG_FMT_JSON, MG_FMT_MARKDOWN, MG_FMT_SARIF, MG_FMT_JUNIT };
/* "text" "json" "markdown" "sarif" "junit"; -1 when unknown. */
int mg_report_format_parse(const char *name);

/* `memgate inputs`: everything that was read, each value with its origin. */
void mg_report_inputs(struct mg_buf *out, const struct mg_board *b, enum mg_report_format fmt);

/* `memgate layout`: the ledger (RAM -> reservations -> CMA -> managed -> MemTotal ->
 * watermarks -> capacity), predicted boot lines, an ASCII map.  JSON = schema
 * "memgate-report/1" (docs/json.md). */
void mg_report_layout(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m,
		      enum mg_report_format fmt);

/* `memgate check`: verdict first, then ledger, findings with equations and fixes. */
void mg_report_check(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v,
		     enum mg_report_format fmt);

/* JSON string escaping shared by every JSON writer: quotes and backslashes escaped,
 * control characters as \n \t ... or \u00XX, invalid UTF-8 bytes as \ufffd; NULL -> null. */
void mg_json_string(struct mg_buf *out, const char *s);

/* The inverse of mg_report_format_parse ("text", ...; "?" when out of range). */
const char *mg_report_format_name(enum mg_report_format fmt);

/* tool.driver.informationUri of the SARIF log (a placeholder until the project has a home page). */
#define MG_REPORT_INFORMATION_URI "https://memgate.invalid/docs/report-formats.md"
/* Schema id of the JSON layout/check report (docs/json.md). */
#define MG_REPORT_JSON_SCHEMA "memgate-report/1"

#endif
