/* Unit tests: the gate's rules, waivers and policy on the shipped boards.  The E2000Q numbers
 * are the incident's (boards/e2000q/SOURCE.md); the floor arithmetic is re-derived here:
 *   non-CMA managed = (31198 - 8192) pages * 64 kB = 1472384 kB
 *   demand = baseline 131072 + 10 x 128 MiB + 2304 kB movable (grouping off: none in CMA)
 *          + 10 x 384 + 384 kB unmovable + page tables of the movable memory
 *            (1313024 kB / 64 kB pages * 8 B = 164128 B -> 161 kB) = 1448481 kB
 *   margin = 1472384 - 1448481 - min 91584 = -67681 kB -> reject. */
#include "unit.h"

#include <stdlib.h>

#include <memgate/board.h>
#include <memgate/gate.h>

static struct mg_board *load(const char *dir)
{
	struct mg_board *b = calloc(1, sizeof(*b));
	struct mg_error err;
	assert_non_null(b);
	assert_int_equal(mg_board_load(b, dir, NULL, &err), 0);
	return b;
}

static const struct mg_finding *find(const struct mg_verdict_variant *v, const char *rule)
{
	for (size_t i = 0; i < v->nfindings; i++)
		if (!strcmp(v->findings[i].rule, rule))
			return &v->findings[i];
	return NULL;
}

static void test_e2000q_rejects(void **state)
{
	struct mg_board *b = load("boards/e2000q");
	struct mg_gate_options o = { .today = "2026-11-25", .solve_fixes = true };
	struct mg_verdict v;
	struct mg_error err;
	(void)state;
	assert_int_equal(mg_gate_run(&v, b, &o, &err), 0);
	assert_true(v.rejected);
	assert_int_equal(v.variants[0].margin_kb, -67681);
	assert_non_null(find(&v.variants[0], "noncma-below-min"));
	assert_non_null(find(&v.variants[0], "cma-unusable-for-movable"));
	assert_non_null(strstr(find(&v.variants[0], "cma-rounded-up")->message, "asked 64 MiB, got 512 MiB"));
	/* Every proposed fix was re-checked by the model. */
	assert_true(v.variants[0].nfixes >= 3);
	for (size_t i = 0; i < v.variants[0].nfixes; i++)
		assert_true(v.variants[0].fixes[i].verified);
	/* The 4032 MiB variant turns grouping on (>= 3 GiB) and passes the floor. */
	assert_int_equal(v.nvariants, 2);
	assert_false(v.variants[1].rejected);
	assert_null(find(&v.variants[1], "cma-unusable-for-movable"));
	mg_verdict_free(&v);
	mg_board_free(b);
	free(b);
}

static void test_qemu_virt_passes(void **state)
{
	struct mg_board *b = load("boards/qemu-virt-arm64-2g");
	struct mg_gate_options o = { .today = "2026-11-25" };
	struct mg_verdict v;
	struct mg_error err;
	(void)state;
	assert_int_equal(mg_gate_run(&v, b, &o, &err), 0);
	assert_false(v.rejected);
	assert_null(find(&v.variants[0], "noncma-below-min"));
	assert_null(find(&v.variants[0], "cma-unusable-for-movable"));
	mg_verdict_free(&v);
	mg_board_free(b);
	free(b);
}

static void test_waivers(void **state)
{
	struct mg_board *b = load("boards/e2000q");
	struct mg_policy *p = calloc(1, sizeof(*p));
	struct mg_gate_options o = { .today = "2026-11-25" };
	struct mg_verdict v;
	struct mg_error err;
	(void)state;
	assert_int_equal(mg_policy_load(p, "tests/data/policy/waive-rounded.yaml", &err), 0);
	o.policy = p;
	assert_int_equal(mg_gate_run(&v, b, &o, &err), 0);
	assert_true(find(&v.variants[0], "cma-rounded-up")->waived);
	/* the second waiver matches nothing: itself a finding */
	assert_int_equal(v.npolicy_findings, 1);
	assert_string_equal(v.policy_findings[0].rule, "waiver-unmatched");
	mg_verdict_free(&v);
	/* after its expiry the waiver no longer applies and is reported expired */
	memset(p->waivers[0].reason, 0, 0);
	p->waivers[0].used = p->waivers[1].used = false;
	o.today = "2027-02-01";
	assert_int_equal(mg_gate_run(&v, b, &o, &err), 0);
	assert_false(find(&v.variants[0], "cma-rounded-up")->waived);
	assert_string_equal(v.policy_findings[0].rule, "waiver-expired");
	mg_verdict_free(&v);
	mg_board_free(b);
	free(b);
	free(p);
}

static void test_policy_disables(void **state)
{
	struct mg_board *b = load("boards/e2000q");
	struct mg_policy *p = calloc(1, sizeof(*p));
	struct mg_gate_options o = { .today = "2026-11-25" };
	struct mg_verdict v;
	struct mg_error err;
	(void)state;
	assert_int_equal(mg_policy_load(p, "tests/data/policy/disable-floor.yaml", &err), 0);
	o.policy = p;
	assert_int_equal(mg_gate_run(&v, b, &o, &err), 0);
	assert_null(find(&v.variants[0], "noncma-below-min"));
	assert_int_equal(find(&v.variants[0], "cma-rounded-up")->severity, MG_SEV_INFO);
	assert_false(v.variants[0].rejected);
	mg_verdict_free(&v);
	mg_board_free(b);
	free(b);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_e2000q_rejects),
		cmocka_unit_test(test_qemu_virt_passes),
		cmocka_unit_test(test_waivers),
		cmocka_unit_test(test_policy_disables),
	};
	return cmocka_run_group_tests_name("gate", tests, NULL, NULL);
}
