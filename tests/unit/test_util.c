/* Unit tests: checked arithmetic, int_sqrt and memparse (lib/cmdline.c semantics). */
#include "unit.h"

#include <memgate/util.h>

static void test_int_sqrt(void **state)
{
	(void)state;
	assert_int_equal(mg_int_sqrt(0), 0);
	assert_int_equal(mg_int_sqrt(15), 3);
	assert_int_equal(mg_int_sqrt(16), 4);
	/* E2000Q postcore default: lowmem 28763 pages * 64 kB = 1840832 kB;
	 * int_sqrt(16 * 1840832) = int_sqrt(29453312) = 5427 (5427^2 = 29452329 <= x < 5428^2). */
	assert_int_equal(mg_int_sqrt(29453312), 5427);
	assert_int_equal(mg_int_sqrt(UINT64_MAX), 4294967295u);
}

static void test_memparse(void **state)
{
	uint64_t v;
	const char *end;
	(void)state;
	assert_int_equal(mg_memparse("64M", &v, &end), 0);
	assert_int_equal(v, 64ull << 20);
	assert_true(mg_parse_size("0x4000000", &v));
	assert_int_equal(v, 0x4000000);
	/* A leading 0 is octal, as simple_strtoull(.., 0) reads it. */
	assert_true(mg_parse_size("010", &v));
	assert_int_equal(v, 8);
	assert_true(mg_parse_size("1g", &v));
	assert_int_equal(v, 1ull << 30);
	assert_true(mg_parse_size("2E", &v));
	assert_true(v == (2ull << 60));
	assert_false(mg_parse_size("12Q", &v));
	assert_false(mg_parse_size("16E", &v)); /* 2^64: overflow is an error */
	assert_false(mg_parse_size("", &v));
	assert_int_equal(mg_memparse("512M@0x80000000", &v, &end), 0);
	assert_string_equal(end, "@0x80000000");
}

static void test_checked(void **state)
{
	uint64_t r;
	(void)state;
	assert_false(mg_add_u64(UINT64_MAX, 1, &r));
	assert_false(mg_mul_u64(1ull << 40, 1ull << 30, &r));
	assert_true(mg_add_u64(1, 2, &r));
	assert_int_equal(r, 3);
	assert_int_equal(mg_align_up(0x4000000, 0x20000000), 0x20000000);
	assert_int_equal(mg_align_up(UINT64_MAX - 5, 4096), UINT64_MAX & ~4095ull);
}

static void test_next_line(void **state)
{
	const char buf[] = "a=1\r\n\nlast";
	size_t pos = 0, n;
	unsigned lineno = 0;
	const char *line;
	(void)state;
	assert_true(mg_next_line(buf, sizeof(buf) - 1, &pos, &line, &n, &lineno));
	assert_int_equal(n, 3); /* CR stripped */
	assert_int_equal(lineno, 1);
	assert_true(mg_next_line(buf, sizeof(buf) - 1, &pos, &line, &n, &lineno));
	assert_int_equal(n, 0);
	assert_true(mg_next_line(buf, sizeof(buf) - 1, &pos, &line, &n, &lineno));
	assert_int_equal(n, 4); /* no final newline */
	assert_int_equal(lineno, 3);
	assert_false(mg_next_line(buf, sizeof(buf) - 1, &pos, &line, &n, &lineno));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_sqrt),
		cmocka_unit_test(test_memparse),
		cmocka_unit_test(test_checked),
		cmocka_unit_test(test_next_line),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
