/* Unit tests: profile.yaml (memgate-profile/1) parsing, its refusals and demand totals. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include <memgate/profile.h>

#define HDR "schema: memgate-profile/1\n"

static const char example[] =
	"schema: memgate-profile/1\n"
	"system:\n"
	"  baseline: 48M      # memory the running system holds at idle\n"
	"applications:\n"
	"  - name: camera-pipeline\n"
	"    instances: 2\n"
	"    movable: 96M\n"
	"    unmovable: 8M\n"
	"    cma: 64M\n"
	"    cma_pool: default\n";

static int parse(struct mg_profile *p, const char *text, struct mg_error *err)
{
	return mg_profile_parse_buf(p, text, strlen(text), "t.yaml", err);
}

/* Parse text, expect failure with exactly the formatted error want. */
static void expect_error(const char *text, const char *want)
{
	struct mg_profile p;
	struct mg_error err;
	char buf[1024];

	memset(&err, 0, sizeof(err));
	assert_int_equal(parse(&p, text, &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	mg_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, want);
	assert_null(p.apps);
	mg_profile_free(&p);
}

static void test_example(void **state)
{
	struct mg_profile p;
	struct mg_error err;
	struct mg_demand dm;
	const struct mg_app *a;
	(void)state;

	assert_int_equal(parse(&p, example, &err), 0);
	assert_string_equal(p.file, "t.yaml");
	assert_true(p.baseline_bytes == 48ull * 1024 * 1024); /* 50331648 */
	assert_int_equal(p.baseline_origin.line, 3);
	assert_int_equal(p.napps, 1);
	a = &p.apps[0];
	assert_string_equal(a->name, "camera-pipeline");
	assert_int_equal(a->instances, 2);
	assert_true(a->movable_bytes == 100663296ull);  /* 96 << 20 */
	assert_true(a->unmovable_bytes == 8388608ull);  /* 8 << 20 */
	assert_true(a->cma_bytes == 67108864ull);       /* 64 << 20 */
	assert_string_equal(a->cma_pool, "default");
	assert_int_equal(a->origin.line, 5);
	assert_string_equal(a->origin.file, "t.yaml");
	assert_int_equal(a->movable_origin.line, 7);
	assert_string_equal(a->movable_origin.what, "camera-pipeline movable: 96M");
	assert_int_equal(a->unmovable_origin.line, 8);
	assert_int_equal(a->cma_origin.line, 9);

	/* Totals x instances: movable 2*96M = 192M, unmovable 2*8M = 16M, cma 2*64M = 128M. */
	assert_int_equal(mg_profile_demand(&p, &dm, &err), 0);
	assert_true(dm.baseline_bytes == 50331648ull);
	assert_true(dm.movable_bytes == 201326592ull);
	assert_true(dm.unmovable_bytes == 16777216ull);
	assert_true(dm.cma_bytes == 134217728ull);
	mg_profile_free(&p);
	mg_profile_free(&p); /* idempotent */
}

static void test_example_file(void **state)
{
	struct mg_profile p;
	struct mg_error err;
	(void)state;

	assert_int_equal(mg_profile_load(&p, "tests/data/profile/example.yaml", &err), 0);
	assert_int_equal(p.napps, 1);
	assert_true(p.apps[0].movable_bytes == 96ull << 20);
	/* The file starts with a comment line, so every line is one later than the inline text. */
	assert_int_equal(p.apps[0].movable_origin.line, 8);
	assert_string_equal(p.apps[0].movable_origin.file, "tests/data/profile/example.yaml");
	mg_profile_free(&p);
}

static void test_defaults(void **state)
{
	struct mg_profile p;
	struct mg_error err;
	struct mg_demand dm;
	(void)state;

	assert_int_equal(parse(&p, HDR "system: {baseline: 0x100000}\n"
				 "applications:\n"
				 "  - name: a\n"
				 "    movable: 1k\n"
				 "  - name: \"b c\"\n"
				 "    cma: 2\n"
				 "    cma_pool: vpu-pool\n",
			       &err), 0);
	assert_true(p.baseline_bytes == 0x100000);
	assert_int_equal(p.napps, 2);
	assert_int_equal(p.apps[0].instances, 1);
	assert_int_equal(p.apps[0].movable_bytes, 1024);
	assert_int_equal(p.apps[0].unmovable_bytes, 0);
	assert_int_equal(p.apps[0].unmovable_origin.line, 0); /* absent */
	assert_int_equal(p.apps[0].cma_bytes, 0);
	assert_string_equal(p.apps[0].cma_pool, "default");
	assert_string_equal(p.apps[1].name, "b c");
	assert_int_equal(p.apps[1].cma_bytes, 2);
	assert_string_equal(p.apps[1].cma_pool, "vpu-pool");
	assert_int_equal(mg_profile_demand(&p, &dm, &err), 0);
	assert_int_equal(dm.movable_bytes, 1024);
	assert_int_equal(dm.cma_bytes, 2);
	mg_profile_free(&p);

	/* No applications at all (absent, null or empty) is a valid idle profile. */
	assert_int_equal(parse(&p, HDR "system:\n  baseline: 0\n", &err), 0);
	assert_int_equal(p.napps, 0);
	mg_profile_free(&p);
	assert_int_equal(parse(&p, HDR "system:\n  baseline: 1G\napplications: []\n", &err), 0);
	assert_true(p.baseline_bytes == 1ull << 30);
	mg_profile_free(&p);
	assert_int_equal(parse(&p, HDR "system:\n  baseline: 1T\napplications:\n", &err), 0);
	assert_true(p.baseline_bytes == 1ull << 40);
	mg_profile_free(&p);
}

static void test_structure_errors(void **state)
{
	(void)state;
	expect_error(HDR "system:\n  baseline: 1M\n  extra: 2\n",
		     "t.yaml:4:3: system: unknown key 'extra' (expected baseline)");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - name: a\n    movabel: 1M\n",
		     "t.yaml:5:5: applications[0]: unknown key 'movabel' (expected name, "
		     "instances, movable, unmovable, cma, cma_pool)");
	expect_error(HDR "system: {baseline: 0}\nextra: 1\n",
		     "t.yaml:3:1: unknown key 'extra' (expected schema, system, applications)");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - name: a\n    movable: [1, 2]\n",
		     "t.yaml:5:14: applications[0].movable: expected a size, found a sequence");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - name: {x: 1}\n",
		     "t.yaml:4:11: applications[0].name: expected a string, found a mapping");
	expect_error(HDR "system: [1]\n",
		     "t.yaml:2:9: system: expected a mapping, found a sequence");
	expect_error(HDR "system: {baseline: 0}\napplications: {name: a}\n",
		     "t.yaml:3:15: applications: expected a sequence, found a mapping");
	expect_error(HDR "system:\n  baseline: 1M\n  baseline: 2M\n",
		     "t.yaml:4:3: system: duplicate key 'baseline' (first at line 3)");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - name: a\n    cma: 1M\n    cma: 1M\n",
		     "t.yaml:6:5: applications[0]: duplicate key 'cma' (first at line 5)");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - instances: 2\n",
		     "t.yaml:4:5: applications[0]: missing 'name'");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - name: a\n  - name: a\n",
		     "t.yaml:5:11: applications[1].name: duplicate application name 'a' "
		     "(first at line 4)");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - name:\n",
		     "t.yaml:4:10: applications[0].name: missing value (expected a string)");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - name: a\n    instances: 0\n",
		     "t.yaml:5:16: applications[0].instances: must be between 1 and 1000000, got 0");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - name: a\n    instances: 1000001\n",
		     "t.yaml:5:16: applications[0].instances: must be between 1 and 1000000, "
		     "got 1000001");
	expect_error(HDR "system: {baseline: 0}\napplications:\n  - name: a\n    instances: 2M\n",
		     "t.yaml:5:16: applications[0].instances: invalid number '2M': expected a "
		     "whole number");
	expect_error(HDR "system:\n  other: 1\n", "t.yaml:3:3: system: unknown key 'other' "
		     "(expected baseline)");
	expect_error(HDR "system:\n", "t.yaml:2:8: system: missing 'baseline'");
	expect_error(HDR "applications: []\n",
		     "t.yaml:1:1: missing 'system:' with 'baseline:' (memory the system holds at idle)");
	expect_error(HDR "system: {baseline: 0}\n? [a]\n: 1\n",
		     "t.yaml:3:3: mapping keys must be scalars, found a sequence");
}

static void test_schema_errors(void **state)
{
	(void)state;
	expect_error("system: {baseline: 0}\n", "t.yaml:1:1: missing 'schema: memgate-profile/1'");
	expect_error("system: {baseline: 0}\nschema: memgate-profile/2\nnewkey: 1\n",
		     "t.yaml:2:9: schema: unsupported schema 'memgate-profile/2' "
		     "(expected memgate-profile/1)");
	expect_error("", "t.yaml: empty profile (expected 'schema: memgate-profile/1', system and "
		     "applications)");
	expect_error("# only a comment\n", "t.yaml: empty profile (expected 'schema: "
		     "memgate-profile/1', system and applications)");
	expect_error("- a\n- b\n", "t.yaml:1:1: a profile must be a mapping starting with "
		     "'schema: memgate-profile/1', found a sequence");
	expect_error(HDR "system: {baseline: 0}\n---\nschema: memgate-profile/1\n",
		     "t.yaml:3:1: only one YAML document is allowed in a profile");
	expect_error(HDR "system: {baseline: !!str 1M}\n",
		     "t.yaml:2:20: tags are not allowed in a profile");
}

static void test_size_errors(void **state)
{
	(void)state;
#define APP HDR "system: {baseline: 0}\napplications:\n  - name: a\n    movable: "
	expect_error(APP "-5M\n", "t.yaml:5:14: applications[0].movable: invalid size '-5M': "
		     "negative values are not allowed");
	expect_error(APP "1.5G\n", "t.yaml:5:14: applications[0].movable: invalid size '1.5G': "
		     "fractional values are not allowed");
	expect_error(APP "010\n", "t.yaml:5:14: applications[0].movable: invalid size '010': "
		     "a leading 0 is ambiguous (octal to the kernel and YAML 1.1); write the "
		     "number without it");
	expect_error(APP "12Q\n", "t.yaml:5:14: applications[0].movable: invalid size '12Q': "
		     "expected a whole number of bytes, optionally with a K, M, G or T suffix");
	expect_error(APP "64 MiB\n", "t.yaml:5:14: applications[0].movable: invalid size "
		     "'64 MiB': expected a whole number of bytes, optionally with a K, M, G or T "
		     "suffix");
	expect_error(APP "1P\n", "t.yaml:5:14: applications[0].movable: invalid size '1P': "
		     "expected a whole number of bytes, optionally with a K, M, G or T suffix");
	/* 2^70 written out in digits, and as 2^30 T (2^30 * 2^40 = 2^70). */
	expect_error(APP "1180591620717411303424\n", "t.yaml:5:14: applications[0].movable: "
		     "invalid size '1180591620717411303424': value overflows 64 bits");
	expect_error(APP "1073741824T\n", "t.yaml:5:14: applications[0].movable: invalid size "
		     "'1073741824T': value overflows 64 bits");
	expect_error(APP "\n", "t.yaml:5:13: applications[0].movable: missing value (expected a size)");
	expect_error(HDR "system: {baseline: \"a\\0b\"}\n",
		     "t.yaml:2:20: system.baseline: invalid size 'a': expected a whole number of bytes");
#undef APP
}

static void test_size_limits(void **state)
{
	struct mg_profile p;
	struct mg_error err;
	(void)state;

	/* Largest representable: 16777215T = (2^24 - 1) * 2^40 = 2^64 - 2^40. */
	assert_int_equal(parse(&p, HDR "system: {baseline: 16777215T}\n", &err), 0);
	assert_true(p.baseline_bytes == UINT64_MAX - ((1ull << 40) - 1));
	mg_profile_free(&p);
	assert_int_equal(parse(&p, HDR "system: {baseline: 0xffffffffffffffff}\n", &err), 0);
	assert_true(p.baseline_bytes == UINT64_MAX);
	mg_profile_free(&p);
	expect_error(HDR "system: {baseline: 0x10000000000000000}\n",
		     "t.yaml:2:20: system.baseline: invalid size '0x10000000000000000': value "
		     "overflows 64 bits");
	/* Quoted sizes are the same text. */
	assert_int_equal(parse(&p, HDR "system: {baseline: '2G'}\n", &err), 0);
	assert_true(p.baseline_bytes == 2ull << 30);
	mg_profile_free(&p);
}

static void test_aliases(void **state)
{
	struct mg_profile p;
	struct mg_error err;
	char buf[512];
	(void)state;

	expect_error(HDR "system: *base\n", "t.yaml:2:9: aliases are not allowed in a profile");
	expect_error(HDR "system: &base {baseline: 0}\n",
		     "t.yaml:2:9: anchors are not allowed in a profile");
	assert_int_equal(mg_profile_load(&p, "tests/data/profile/alias-bomb.yaml", &err), -1);
	mg_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, "tests/data/profile/alias-bomb.yaml:3:4: anchors are not "
			    "allowed in a profile");
}

static void test_caps(void **state)
{
	struct mg_profile p;
	struct mg_error err;
	struct { char *data; size_t len; } big;
	char buf[512];
	size_t i, off;
	(void)state;

	/* One byte over MG_PROFILE_MAX_BYTES: refused before YAML parsing. */
	big.len = MG_PROFILE_MAX_BYTES + 1;
	big.data = malloc(big.len);
	assert_non_null(big.data);
	memset(big.data, '#', big.len);
	memcpy(big.data, HDR, strlen(HDR));
	assert_int_equal(mg_profile_parse_buf(&p, big.data, big.len, "t.yaml", &err), -1);
	mg_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, "t.yaml: profile larger than the 1048576-byte limit");
	free(big.data);

	/* 4097 applications: the 4097th item (index 4096) sits on line 3 + 4097 = 4100. */
	big.data = malloc(200000);
	assert_non_null(big.data);
	off = (size_t)sprintf(big.data, HDR "system: {baseline: 0}\napplications:\n");
	for (i = 0; i < MG_PROFILE_MAX_APPS + 1; i++)
		off += (size_t)sprintf(big.data + off, "- {name: a%zu}\n", i);
	assert_int_equal(mg_profile_parse_buf(&p, big.data, off, "t.yaml", &err), -1);
	mg_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, "t.yaml:4100:3: applications: more than 4096 applications");
	/* Exactly 4096 is accepted. */
	off = (size_t)sprintf(big.data, HDR "system: {baseline: 0}\napplications:\n");
	for (i = 0; i < MG_PROFILE_MAX_APPS; i++)
		off += (size_t)sprintf(big.data + off, "- {name: a%zu, movable: 1M}\n", i);
	assert_int_equal(mg_profile_parse_buf(&p, big.data, off, "t.yaml", &err), 0);
	assert_int_equal(p.napps, 4096);
	mg_profile_free(&p);

	/* Deep nesting is refused, not recursed into. */
	off = (size_t)sprintf(big.data, HDR "system: ");
	for (i = 0; i < 100; i++)
		big.data[off++] = '[';
	big.data[off] = '\0';
	assert_int_equal(mg_profile_parse_buf(&p, big.data, off, "t.yaml", &err), -1);
	mg_error_format(&err, buf, sizeof(buf));
	/* Root map + "system" value + 30 more '[' = 32 levels; the 33rd level is column 9+31. */
	assert_string_equal(buf, "t.yaml:2:40: YAML nesting deeper than 32 levels in a profile");
	free(big.data);
}

static void test_syntax_error(void **state)
{
	struct mg_profile p;
	struct mg_error err;
	(void)state;

	assert_int_equal(parse(&p, HDR "system:\n  baseline: 1M\n bad\n", &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	assert_string_equal(err.file, "t.yaml");
	assert_int_equal(err.line, 4);
	assert_true(strncmp(err.msg, "invalid YAML: ", 14) == 0);
}

static void test_demand_overflow(void **state)
{
	struct mg_profile p;
	struct mg_error err;
	struct mg_demand dm;
	char buf[512];
	(void)state;

	/* 1000000 instances x 1024T (2^50) > 2^64. */
	assert_int_equal(parse(&p, HDR "system: {baseline: 0}\napplications:\n"
				 "  - name: big\n    instances: 1000000\n    unmovable: 1024T\n", &err), 0);
	assert_int_equal(mg_profile_demand(&p, &dm, &err), -1);
	mg_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, "t.yaml:4: total unmovable demand overflows 64 bits at "
			    "application 'big'");
	mg_profile_free(&p);

	/* Two apps of 2^63 each: the sum overflows although each product fits. */
	assert_int_equal(parse(&p, HDR "system: {baseline: 0}\napplications:\n"
				 "  - {name: a, cma: 8388608T}\n  - {name: b, cma: 8388608T}\n", &err), 0);
	assert_int_equal(mg_profile_demand(&p, &dm, &err), -1);
	mg_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, "t.yaml:5: total cma demand overflows 64 bits at application 'b'");
	mg_profile_free(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_example_file),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_structure_errors),
		cmocka_unit_test(test_schema_errors),
		cmocka_unit_test(test_size_errors),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_aliases),
		cmocka_unit_test(test_caps),
		cmocka_unit_test(test_syntax_error),
		cmocka_unit_test(test_demand_overflow),
	};
	return cmocka_run_group_tests_name("profile", tests, NULL, NULL);
}
