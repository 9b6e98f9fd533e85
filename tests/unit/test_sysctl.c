/* Unit tests: vm.* sysctls from sysctl.conf syntax (procps) and cmdline sysctl.vm.* tokens. */
#include "unit.h"

#include <memgate/sysctl.h>

#define DATA "tests/data/sysctl/"

static void test_file(void **state)
{
	struct mg_sysctl s;
	struct mg_error err;
	char buf[300];
	(void)state;

	memset(&s, 0, sizeof(s));
	assert_int_equal(mg_sysctl_load(&s, DATA "99-memory.conf", &err), 0);
	assert_true(s.min_free_kbytes.set);
	assert_true(s.min_free_kbytes.value == 8192);
	mg_origin_format(&s.min_free_kbytes.origin, buf, sizeof(buf));
	assert_string_equal(buf, DATA "99-memory.conf:4 vm.min_free_kbytes = 8192");
	/* '/' separators and no spaces around '=' */
	assert_true(s.watermark_scale_factor.set);
	assert_true(s.watermark_scale_factor.value == 200);
	assert_int_equal(s.watermark_scale_factor.origin.line, 5);
	/* leading '-' (ignore write errors) accepted */
	assert_true(s.panic_on_oom.set);
	assert_true(s.panic_on_oom.value == 1);
	/* 0x10 read with base 0 as proc_get_long does */
	assert_true(s.nr_hugepages.set);
	assert_true(s.nr_hugepages.value == 16);
	assert_int_equal(s.nr_hugepages.origin.line, 10);
	/* whitespace (space and tab) separated vector */
	assert_true(s.lowmem_reserve_ratio_set);
	assert_int_equal(s.nlowmem_reserve_ratio, 4);
	assert_true(s.lowmem_reserve_ratio[0] == 256 && s.lowmem_reserve_ratio[1] == 256 &&
		    s.lowmem_reserve_ratio[2] == 32 && s.lowmem_reserve_ratio[3] == 0);
	assert_int_equal(s.lowmem_reserve_ratio_origin.line, 9);
	/* kernel.printk and vm.dirty_ratio are not modelled */
	assert_false(s.compaction_proactiveness.set);
	assert_false(s.overcommit_memory.set);
}

static void test_errors(void **state)
{
	struct mg_sysctl s;
	struct mg_error err;
	static const char nokv[] = "vm.min_free_kbytes\n";
	static const char range[] = "# x\nvm.panic_on_oom = 3\n";
	static const char many[] = "vm.lowmem_reserve_ratio = 1 2 3 4 5 6 7\n";
	(void)state;

	memset(&s, 0, sizeof(s));
	assert_int_equal(mg_sysctl_load(&s, DATA "bad-value.conf", &err), -1);
	assert_string_equal(err.file, DATA "bad-value.conf");
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "vm.min_free_kbytes: expected an integer, got '12k'");
	/* the line before the error was applied */
	assert_true(s.overcommit_memory.set && s.overcommit_memory.value == 1);

	assert_int_equal(mg_sysctl_parse_buf(&s, nokv, sizeof(nokv) - 1, "f", &err), -1);
	assert_int_equal(err.line, 1);
	assert_string_equal(err.msg, "expected key = value");

	assert_int_equal(mg_sysctl_parse_buf(&s, range, sizeof(range) - 1, "f", &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg, "vm.panic_on_oom = 3 is outside the kernel's range [0, 2]; "
				     "the kernel would refuse the write");

	assert_int_equal(mg_sysctl_parse_buf(&s, many, sizeof(many) - 1, "f", &err), -1);
	assert_string_equal(err.msg, "vm.lowmem_reserve_ratio: more than 6 values (one per zone type)");

	/* unknown keys, even with bad values, are ignored */
	assert_int_equal(mg_sysctl_parse_buf(&s, "vm.foo = x\nnet.a/b = ?\n", 23, "f", &err), 0);
}

static void test_set(void **state)
{
	struct mg_sysctl s;
	struct mg_error err;
	struct mg_origin o;
	char buf[300];
	(void)state;

	memset(&s, 0, sizeof(s));
	mg_origin_set(&o, "boot.cmdline", 1, "cmdline:4 'sysctl.vm.min_free_kbytes=16384'");
	assert_int_equal(mg_sysctl_set(&s, "vm.min_free_kbytes", "16384", &o, &err), 0);
	assert_true(s.min_free_kbytes.value == 16384);
	mg_origin_format(&s.min_free_kbytes.origin, buf, sizeof(buf));
	assert_string_equal(buf, "boot.cmdline:1 cmdline:4 'sysctl.vm.min_free_kbytes=16384'");
	assert_int_equal(mg_sysctl_set(&s, "vm/watermark_scale_factor", "50", &o, &err), 0);
	assert_true(s.watermark_scale_factor.value == 50);
	assert_int_equal(mg_sysctl_set(&s, "compaction_proactiveness", "0", NULL, &err), 0);
	assert_true(s.compaction_proactiveness.set && s.compaction_proactiveness.value == 0);
	assert_int_equal(mg_sysctl_set(&s, "kernel.panic", "x", &o, &err), 0);
	assert_int_equal(mg_sysctl_set(&s, "vm.min_free_kbytes", "-1", &o, &err), -1);
	assert_string_equal(err.file, "boot.cmdline");
	assert_string_equal(err.msg, "vm.min_free_kbytes: expected an integer, got '-1'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_set),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
