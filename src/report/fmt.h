/* memgate report writers: helpers shared by the writers in src/report/ (private to the layer).
 * Every writer reads structs only (never runs the model or the gate), appends to a struct
 * mg_buf, and is deterministic: no locale, no clock, no pointer values, fixed ordering. */
#ifndef MEMGATE_REPORT_FMT_H
#define MEMGATE_REPORT_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <memgate/report.h>

/* ---- Numbers ---- */

/* "91584 kB", the kernel's own spelling in /proc/meminfo and OOM reports. */
void mg_rpt_kb(char *buf, size_t size, uint64_t kb);
/* Signed kB (margins): "-41728 kB". */
void mg_rpt_skb(char *buf, size_t size, int64_t kb);
/* "512 MiB" when a whole number of MiB, else "17408 kB" when whole kB, else "1234 B". */
void mg_rpt_size(char *buf, size_t size, uint64_t bytes);
/* "0x00000000c0000000": a JSON number cannot carry a 64-bit address safely. */
void mg_rpt_addr(char *buf, size_t size, uint64_t addr);
/* A page size as people say it: "4 KiB", "64 KiB". */
void mg_rpt_page_size(char *buf, size_t size, uint64_t page_size_bytes);
/* bytes -> kB, rounded up (a demand of 1 byte is 1 kB of demand). */
uint64_t mg_rpt_bytes_kb(uint64_t bytes);
/* pages -> kB for this model's page size, saturating instead of wrapping. */
uint64_t mg_rpt_pages_kb(const struct mg_model *m, uint64_t pages);
/* a - b, or 0 when b > a. */
uint64_t mg_rpt_sub0(uint64_t a, uint64_t b);

/* ---- Provenance and names ---- */

/* "file:line what", or "built-in default" when the origin is empty. */
void mg_rpt_origin(char *buf, size_t size, const struct mg_origin *o);
bool mg_rpt_origin_empty(const struct mg_origin *o);
/* What the report calls the board: the folder as given, else its name. */
const char *mg_rpt_board_label(const struct mg_board *b);
/* The board's short name (board.yaml name or folder basename), "board" when unknown. */
const char *mg_rpt_board_name(const struct mg_board *b);
/* Zone name that tolerates out-of-range values ("?"). */
const char *mg_rpt_zone_name(enum mg_zone_type z);
const char *mg_rpt_kind_name(enum mg_region_kind k);
const char *mg_rpt_sev_name(enum mg_severity s);
/* Index of rule id in mg_rules(), or -1. */
int mg_rpt_rule_index(const char *rule);

/* ---- Verdicts ---- */

/* "pass", "warn" or "reject" for the whole run / one variant. */
const char *mg_rpt_verdict_word(const struct mg_verdict *v);
const char *mg_rpt_variant_word(const struct mg_verdict_variant *vv);
/* The RAM size a variant was evaluated at (its override, else what the board declares). */
uint64_t mg_rpt_variant_ram(const struct mg_verdict_variant *vv);
/* A finding that counts against the verdict: not waived and warn or reject. */
bool mg_rpt_finding_counts(const struct mg_finding *f);
/* "REJECT boards/e2000q — 2 findings (noncma-below-min, cma-unusable-for-movable)":
 * the distinct rule ids of counting findings over all variants and policy findings,
 * rejects first, each in first-seen order. */
void mg_rpt_headline(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v);

/* ---- Escaping ---- */

/* Copy s with control characters replaced by '?' (text reports go to terminals). */
void mg_rpt_puts_clean(struct mg_buf *out, const char *s);
/* XML character data / attribute value: & < > " ' escaped, characters XML 1.0 forbids
 * (C0 controls but tab/newline/CR, invalid UTF-8) replaced by U+FFFD. */
void mg_rpt_xml(struct mg_buf *out, const char *s);
/* A markdown table cell: '|' escaped, newlines and controls flattened to spaces. */
void mg_rpt_md_cell(struct mg_buf *out, const char *s);
/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not valid UTF-8. */
size_t mg_rpt_utf8_len(const unsigned char *s);

/* ---- JSON writer (2-space indentation, one member per line) ---- */

#define MG_JW_MAX_DEPTH 32

struct mg_jw {
	struct mg_buf *out;
	unsigned depth;
	bool need_comma[MG_JW_MAX_DEPTH];
};

void mg_jw_init(struct mg_jw *w, struct mg_buf *out);
/* key is NULL inside arrays and for the top-level value. */
void mg_jw_obj(struct mg_jw *w, const char *key);
void mg_jw_arr(struct mg_jw *w, const char *key);
void mg_jw_end_obj(struct mg_jw *w);
void mg_jw_end_arr(struct mg_jw *w);
void mg_jw_str(struct mg_jw *w, const char *key, const char *s); /* NULL -> null */
void mg_jw_u64(struct mg_jw *w, const char *key, uint64_t v);
void mg_jw_i64(struct mg_jw *w, const char *key, int64_t v);
void mg_jw_bool(struct mg_jw *w, const char *key, bool v);
void mg_jw_null(struct mg_jw *w, const char *key);
void mg_jw_addr(struct mg_jw *w, const char *key, uint64_t addr);
void mg_jw_origin(struct mg_jw *w, const char *key, const struct mg_origin *o);
/* Ends the document with a newline. */
void mg_jw_finish(struct mg_jw *w);

/* ---- Per-format writers (dispatched by mg_report_layout / mg_report_check) ---- */

void mg_rpt_text_layout(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m);
void mg_rpt_text_check(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v);
/* The layout keys of docs/json.md as members of the currently open object. */
void mg_rpt_json_layout_members(struct mg_jw *w, const struct mg_board *b, const struct mg_model *m);
void mg_rpt_json_layout(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m);
void mg_rpt_json_check(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v);
void mg_rpt_md_layout(struct mg_buf *out, const struct mg_board *b, const struct mg_model *m);
void mg_rpt_md_check(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v);
/* v may be NULL (layout): a valid log with no results. */
void mg_rpt_sarif(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v);
void mg_rpt_junit(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v);
void mg_rpt_inputs_text(struct mg_buf *out, const struct mg_board *b);
void mg_rpt_inputs_json(struct mg_buf *out, const struct mg_board *b);

#endif
