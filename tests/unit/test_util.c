/* Unit tests: checked arithmetic, int_sqrt, memparse (lib/cmdline.c semantics), file reading. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* mg_read_file: a regular file in one exact buffer, a FIFO (st_size 0) grown as it is read,
 * and the byte limit exact at max_bytes, an error one byte over. */
static void test_read_file(void **state)
{
	char dir[] = "/tmp/memgate-util-XXXXXX", path[64], fifo[64];
	char big[70000];
	struct mg_error err;
	char *buf;
	size_t len;
	FILE *f;
	pid_t pid;
	int status;
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/f", dir);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs("CONFIG_A=y\n", f);
	fclose(f);
	assert_int_equal(mg_read_file(path, 11, &buf, &len, &err), 0);
	assert_int_equal(len, 11);
	assert_string_equal(buf, "CONFIG_A=y\n"); /* NUL-terminated */
	free(buf);
	assert_int_equal(mg_read_file(path, 10, &buf, &len, &err), -1);
	assert_string_equal(err.msg, "file larger than the 10-byte limit");

	/* 70000 bytes through a FIFO: more than the first 64 KiB read buffer. */
	memset(big, 'x', sizeof(big));
	snprintf(fifo, sizeof(fifo), "%s/p", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		FILE *w = fopen(fifo, "wb");
		size_t n = w ? fwrite(big, 1, sizeof(big), w) : 0;
		if (w)
			fclose(w);
		_exit(n == sizeof(big) ? 0 : 1);
	}
	assert_int_equal(mg_read_file(fifo, 1u << 20, &buf, &len, &err), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(len, sizeof(big));
	assert_memory_equal(buf, big, sizeof(big));
	assert_int_equal(buf[len], '\0');
	free(buf);

	assert_int_equal(mg_read_file(dir, 100, &buf, &len, &err), -1); /* a directory */
	assert_string_equal(err.msg, "read error: Is a directory");
	unlink(fifo);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_sqrt),
		cmocka_unit_test(test_memparse),
		cmocka_unit_test(test_checked),
		cmocka_unit_test(test_next_line),
		cmocka_unit_test(test_read_file),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
