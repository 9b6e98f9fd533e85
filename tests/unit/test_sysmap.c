/* Unit tests: System.map reader. */
#include "unit.h"

#include <memgate/sysmap.h>

#define DATA "tests/data/sysmap/"

static int parse_str(struct mg_sysmap *sm, const char *s, struct mg_error *err)
{
	return mg_sysmap_parse_buf(sm, s, strlen(s), "System.map", err);
}

static void test_file(void **state)
{
	struct mg_sysmap sm;
	struct mg_error err;
	int i;
	(void)state;

	assert_int_equal(mg_sysmap_load(&sm, DATA "arm64-5.4.System.map", &err), 0);
	for (i = 0; i < MG_SYM_COUNT; i++)
		assert_true(sm.has[i]);
	assert_true(sm.addr[MG_SYM_TEXT] == 0xffff800010000000ull);
	assert_int_equal(sm.line[MG_SYM_TEXT], 3);
	assert_true(sm.addr[MG_SYM_STEXT] == 0xffff800010010000ull);
	assert_true(sm.addr[MG_SYM_END] == 0xffff800011590000ull);
	/* _end - _text = 0x1590000 = 22609920 bytes of image */
	assert_true(sm.addr[MG_SYM_END] - sm.addr[MG_SYM_TEXT] == 22609920ull);
	assert_true(sm.addr[MG_SYM_BSS_STOP] == 0xffff80001158a5b8ull);
	assert_string_equal(sm.file, DATA "arm64-5.4.System.map");
	assert_string_equal(mg_sysmap_sym_name(MG_SYM_INIT_BEGIN), "__init_begin");
	/* static per-CPU section: 0xa2d8 = 41688 bytes (mm/percpu.c sizes the first chunk from it) */
	assert_true(sm.addr[MG_SYM_PER_CPU_END] - sm.addr[MG_SYM_PER_CPU_START] == 41688ull);
}

static void test_forms(void **state)
{
	struct mg_sysmap sm;
	struct mg_error err;
	(void)state;

	/* 32-bit addresses, CRLF, blank lines, duplicates (first kept), other symbols ignored */
	assert_int_equal(parse_str(&sm, "c0008000 T _text\r\n\nc0100000 T _etext\n"
				       "c0008000 t something_else\nc0200000 T _text\n", &err), 0);
	assert_true(sm.has[MG_SYM_TEXT]);
	assert_true(sm.addr[MG_SYM_TEXT] == 0xc0008000u);
	assert_int_equal(sm.line[MG_SYM_TEXT], 1);
	assert_true(sm.addr[MG_SYM_ETEXT] == 0xc0100000u);
	assert_false(sm.has[MG_SYM_END]);
}

static void test_errors(void **state)
{
	struct mg_sysmap sm;
	struct mg_error err;
	(void)state;

	assert_int_equal(parse_str(&sm, "c0008000 T _text\nc0008000 _etext\n", &err), -1);
	assert_string_equal(err.file, "System.map");
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "expected '<hex address> <type letter> <symbol>'");
	assert_int_equal(parse_str(&sm, "zzzz T _text\n", &err), -1);
	assert_int_equal(parse_str(&sm, "c0008000 T\n", &err), -1);
	assert_int_equal(parse_str(&sm, "c0008000 T _text extra\n", &err), -1);
	assert_int_equal(parse_str(&sm, "10000000000000000 T _text\n", &err), -1);
	assert_string_equal(err.msg, "address longer than 16 hex digits; "
				     "expected '<hex address> <type letter> <symbol>'");
	assert_int_equal(mg_sysmap_parse_buf(&sm, "c0008000 T _t\0xt\n", 16, "m", &err), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
