/* JUnit XML: one <testsuite> per RAM variant, one <testcase> per rule of mg_rules()
 * (classname "memgate.<board>", name "<rule>").  A reject finding is a <failure>; warnings,
 * infos and waived findings are reported in <system-out> of a passing testcase. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "report/fmt.h"

static void junit_finding_text(struct mg_buf *out, const struct mg_finding *f)
{
	size_t i, n = mg_min_u64(f->nsources, MG_FINDING_MAX_SOURCES);
	mg_buf_puts(out, mg_rpt_sev_name(f->severity));
	mg_buf_puts(out, ": ");
	mg_rpt_xml(out, f->message);
	mg_buf_puts(out, "\n");
	for (i = 0; i < n; i++) {
		char s[512];
		mg_rpt_origin(s, sizeof(s), &f->sources[i]);
		mg_buf_puts(out, "source: ");
		mg_rpt_xml(out, s);
		mg_buf_puts(out, "\n");
	}
	if (f->fix[0]) {
		mg_buf_puts(out, "fix: ");
		mg_rpt_xml(out, f->fix);
		mg_buf_puts(out, "\n");
	}
	if (f->waived) {
		mg_buf_puts(out, "waived: ");
		mg_rpt_xml(out, f->waiver_reason);
		mg_buf_puts(out, "\n");
	}
}

static bool is_failure(const struct mg_finding *f)
{
	return !f->waived && f->severity == MG_SEV_REJECT;
}

/* One testcase for rule id over findings f[0..n). */
static void junit_case(struct mg_buf *out, const char *board, const char *id,
		       const struct mg_finding *f, size_t n)
{
	size_t i, nfail = 0, nother = 0;
	for (i = 0; i < n; i++) {
		if (!f[i].rule || strcmp(f[i].rule, id))
			continue;
		if (is_failure(&f[i]))
			nfail++;
		else
			nother++;
	}
	mg_buf_puts(out, "    <testcase classname=\"memgate.");
	mg_rpt_xml(out, board);
	mg_buf_puts(out, "\" name=\"");
	mg_rpt_xml(out, id);
	mg_buf_puts(out, "\"");
	if (!nfail && !nother) {
		mg_buf_puts(out, "/>\n");
		return;
	}
	mg_buf_puts(out, ">\n");
	for (i = 0; i < n && nfail; i++) {
		if (!f[i].rule || strcmp(f[i].rule, id) || !is_failure(&f[i]))
			continue;
		mg_buf_puts(out, "      <failure type=\"reject\" message=\"");
		mg_rpt_xml(out, f[i].message);
		mg_buf_puts(out, "\">");
		junit_finding_text(out, &f[i]);
		mg_buf_puts(out, "</failure>\n");
	}
	if (nother) {
		mg_buf_puts(out, "      <system-out>");
		for (i = 0; i < n; i++)
			if (f[i].rule && !strcmp(f[i].rule, id) && !is_failure(&f[i]))
				junit_finding_text(out, &f[i]);
		mg_buf_puts(out, "</system-out>\n");
	}
	mg_buf_puts(out, "    </testcase>\n");
}

/* Rule ids among f that mg_rules() does not list (policy findings, future rules): each gets
 * its own testcase so nothing is dropped. */
static size_t extra_ids(const char **ids, size_t max, const struct mg_finding *f, size_t n)
{
	size_t i, j, k = 0;
	for (i = 0; i < n; i++) {
		if (!f[i].rule || mg_rpt_rule_index(f[i].rule) >= 0)
			continue;
		for (j = 0; j < k; j++)
			if (!strcmp(ids[j], f[i].rule))
				break;
		if (j == k && k < max)
			ids[k++] = f[i].rule;
	}
	return k;
}

static void junit_suite(struct mg_buf *out, const char *board, const char *suite_name,
			const struct mg_finding *f, size_t n, size_t *total_tests, size_t *total_fail)
{
	size_t nrules = 0, i, j, tests, failures = 0;
	const struct mg_rule_info *rules = mg_rules(&nrules);
	const char *extra[64];
	size_t nextra = extra_ids(extra, 64, f, n);

	if (!rules)
		nrules = 0;
	tests = nrules + nextra;
	for (i = 0; i < nrules + nextra; i++) {
		const char *id = i < nrules ? rules[i].id : extra[i - nrules];
		for (j = 0; j < n; j++)
			if (id && f[j].rule && !strcmp(f[j].rule, id) && is_failure(&f[j])) {
				failures++;
				break;
			}
	}
	*total_tests += tests;
	*total_fail += failures;
	mg_buf_puts(out, "  <testsuite name=\"");
	mg_rpt_xml(out, suite_name);
	mg_buf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\" skipped=\"0\">\n", tests,
		      failures);
	for (i = 0; i < nrules; i++)
		if (rules[i].id)
			junit_case(out, board, rules[i].id, f, n);
	for (i = 0; i < nextra; i++)
		junit_case(out, board, extra[i], f, n);
	mg_buf_puts(out, "  </testsuite>\n");
}

void mg_rpt_junit(struct mg_buf *out, const struct mg_board *b, const struct mg_verdict *v)
{
	const char *board = mg_rpt_board_name(b);
	size_t i, total_tests = 0, total_fail = 0;
	size_t npol = v ? mg_min_u64(v->npolicy_findings, 16) : 0;
	struct mg_buf suites;

	/* Suites first, so the <testsuites> totals can be written before them. */
	mg_buf_init(&suites);
	if (v) {
		for (i = 0; i < v->nvariants; i++) {
			const struct mg_verdict_variant *vv = &v->variants[i];
			char name[300], sz[32];
			struct mg_finding *all = NULL;
			size_t nf = mg_min_u64(vv->nfindings, MG_MAX_FINDINGS), nall = nf;

			mg_rpt_size(sz, sizeof(sz), mg_rpt_variant_ram(vv));
			snprintf(name, sizeof(name), "memgate.%s RAM %s", board, sz);
			/* Policy findings (expired/unmatched waivers) belong to the run: report
			 * them in the first suite. */
			if (i == 0 && npol) {
				nall = nf + npol;
				all = malloc(nall * sizeof(*all));
				if (!all) {
					out->failed = true;
					mg_buf_free(&suites);
					return;
				}
				memcpy(all, vv->findings, nf * sizeof(*all));
				memcpy(all + nf, v->policy_findings, npol * sizeof(*all));
			}
			junit_suite(&suites, board, name, all ? all : vv->findings, nall, &total_tests,
				    &total_fail);
			free(all);
		}
	}
	mg_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	mg_buf_puts(out, "<testsuites name=\"memgate ");
	mg_rpt_xml(out, board);
	mg_buf_printf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"0\">\n", total_tests, total_fail);
	if (suites.data)
		mg_buf_append(out, suites.data, suites.len);
	if (suites.failed)
		out->failed = true;
	mg_buf_puts(out, "</testsuites>\n");
	mg_buf_free(&suites);
}
