/* memgate check --batch: LIST lines and one JSON line per board (src/gate/batch.c). */
#include "unit.h"

#include <stdlib.h>

#include <memgate/batch.h>

static void test_parse_folder_and_comments(void **state)
{
	struct mg_batch_entry e;
	struct mg_error err = { 0 };
	(void)state;
	assert_int_equal(mg_batch_parse_line(&e, "  # a comment", "d", "L", 1, &err), 0);
	assert_int_equal(mg_batch_parse_line(&e, " \t\r", "d", "L", 2, &err), 0);
	/* A line that is not key=value is a folder, relative to the list's directory. */
	assert_int_equal(mg_batch_parse_line(&e, "boards/my board ", "lists", "L", 3, &err), 1);
	assert_string_equal(e.board, "lists/boards/my board");
	assert_int_equal(e.line, 3);
	assert_int_equal(mg_batch_parse_line(&e, "/abs/x=y", "lists", "L", 4, &err), 1);
	assert_string_equal(e.board, "/abs/x=y");
}

static void test_parse_fields(void **state)
{
	struct mg_batch_entry e;
	struct mg_error err = { 0 };
	(void)state;
	assert_int_equal(mg_batch_parse_line(&e, "dtb=a.dtb config=\"/k/my config\" profile=p.yaml "
					     "cmdline=\"cma=64M console=\\\"x\\\"\" ram=1G default_ram=512M name=n",
					     "base", "L", 7, &err), 1);
	assert_string_equal(e.dtb, "base/a.dtb");
	assert_string_equal(e.config, "/k/my config");
	assert_string_equal(e.profile, "base/p.yaml");
	assert_true(e.has_cmdline);
	assert_string_equal(e.cmdline, "cma=64M console=\"x\"");
	assert_true(e.has_ram);
	assert_int_equal(e.ram_bytes, 1ull << 30);
	assert_true(e.has_default_ram);
	assert_int_equal(e.default_ram_bytes, 512ull << 20);
	assert_string_equal(e.name, "n");
	/* No base dir: paths as given. */
	assert_int_equal(mg_batch_parse_line(&e, "dts=b.dts config=c", "", "L", 8, &err), 1);
	assert_string_equal(e.dtb, "b.dts");
}

static void test_parse_errors(void **state)
{
	struct mg_batch_entry e;
	struct mg_error err = { 0 };
	(void)state;
	/* "dtb=a config=b size=1": size starts at column 16. */
	assert_int_equal(mg_batch_parse_line(&e, "dtb=a config=b size=1", "", "L", 5, &err), -1);
	assert_int_equal(err.line, 5);
	assert_int_equal(err.col, 16);
	assert_non_null(strstr(err.msg, "unknown field 'size'"));
	assert_int_equal(mg_batch_parse_line(&e, "dtb=a dts=b config=c", "", "L", 1, &err), -1);
	assert_non_null(strstr(err.msg, "given twice"));
	assert_int_equal(mg_batch_parse_line(&e, "dtb=a", "", "L", 1, &err), -1);
	assert_non_null(strstr(err.msg, "needs config="));
	assert_int_equal(mg_batch_parse_line(&e, "dtb=a config=b ram=12Q", "", "L", 1, &err), -1);
	assert_non_null(strstr(err.msg, "expected a RAM size"));
	assert_int_equal(mg_batch_parse_line(&e, "dtb=a config=b ram=0", "", "L", 1, &err), -1);
	assert_int_equal(mg_batch_parse_line(&e, "dtb=\"a config=b", "", "L", 1, &err), -1);
	assert_non_null(strstr(err.msg, "unterminated quote"));
	assert_int_equal(mg_batch_parse_line(&e, "name=x", "", "L", 1, &err), -1);
	assert_non_null(strstr(err.msg, "no board"));
}

struct lines {
	char *text[8];
	size_t n;
};

static int collect(void *ctx, const char *json, size_t len)
{
	struct lines *l = ctx;
	if (l->n == 8)
		return 1;
	l->text[l->n] = malloc(len + 1);
	memcpy(l->text[l->n], json, len);
	l->text[l->n++][len] = '\0';
	return 0;
}

static void test_run_list(void **state)
{
	struct mg_batch_options opt = { .mode = MG_BATCH_CHECK, .today = "2026-01-01" };
	struct mg_batch_stats st;
	struct mg_error err = { 0 };
	struct lines l = { .n = 0 };
	(void)state;

	assert_int_equal(mg_batch_run("tests/data/sweep/batch.list", &opt, collect, &l, &st, &err), 0);
	/* Four boards: the incident board, a placeholder DT with and without default_ram, and a
	 * line with an unknown field. */
	assert_int_equal(st.boards, 4);
	assert_int_equal(l.n, 4);
	assert_int_equal(st.rejected, 1);
	assert_int_equal(st.warned + st.passed, 1);
	assert_int_equal(st.errors, 2);
	/* The two placeholder lines that load share one .config: parsed once. */
	assert_int_equal(st.configs_parsed, 1);
	assert_int_equal(mg_batch_exit_status(&st), 2);

	/* e2000q: rejected; MemTotal 1996672 kB is the incident's own "managed" (SOURCE.md). */
	assert_non_null(strstr(l.text[0], "{\"board\":\"e2000q\",\"line\":2,\"verdict\":\"reject\""));
	assert_non_null(strstr(l.text[0], "\"memtotal_kb\":1996672,"));
	assert_non_null(strstr(l.text[0], "{\"id\":\"noncma-below-min\",\"severity\":\"reject\""));
	/* default_ram=1G fills memory@40000000: 1 GiB = 1048576 kB of RAM, all present. */
	assert_non_null(strstr(l.text[1], "\"board\":\"placeholder 1G\",\"line\":4,"));
	assert_non_null(strstr(l.text[1], "\"ram_kb\":1048576,\"present_kb\":1048576,"));
	assert_non_null(strstr(l.text[1], "\"ram_source\":\"default_ram\""));
	assert_non_null(strstr(l.text[1], "\"rmem\":{\"static\":0,\"dynamic\":1,\"no_map\":0,\"reusable\":1,\"cma_pools\":1}"));
	/* Without it the 0-sized placeholder leaves no RAM: a clear error, the batch goes on. */
	assert_string_equal(l.text[2], "{\"board\":\"no-ram\",\"line\":5,\"error\":\"tests/data/sweep/placeholder.dts: "
				       "no usable /memory node (device_type = \\\"memory\\\" with a non-empty reg)\"}");
	/* "dtb=placeholder.dts config=../kconfig/arm64-6.1-choice.config " is 62 bytes: col 63. */
	assert_non_null(strstr(l.text[3], "{\"board\":\"line 6\",\"line\":6,\"error\":\"tests/data/sweep/batch.list:6:63: unknown field 'colour'"));
	for (size_t i = 0; i < l.n; i++)
		free(l.text[i]);
}

static void test_layout_mode_and_missing_list(void **state)
{
	struct mg_batch_options opt = { .mode = MG_BATCH_LAYOUT };
	struct mg_batch_stats st;
	struct mg_error err = { 0 };
	struct lines l = { .n = 0 };
	(void)state;

	assert_int_equal(mg_batch_run("tests/data/sweep/batch.list", &opt, collect, &l, &st, &err), 0);
	assert_int_equal(st.modelled, 2);
	assert_int_equal(st.errors, 2);
	assert_int_equal(st.rejected, 0);
	assert_null(strstr(l.text[0], "\"verdict\""));
	assert_non_null(strstr(l.text[0], "\"zones\":[{\"zone\":\"DMA32\""));
	for (size_t i = 0; i < l.n; i++)
		free(l.text[i]);
	assert_int_equal(mg_batch_run("tests/data/sweep/no-such.list", &opt, NULL, NULL, &st, &err), -1);
	assert_non_null(strstr(err.file, "no-such.list"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_folder_and_comments),
		cmocka_unit_test(test_parse_fields),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_run_list),
		cmocka_unit_test(test_layout_mode_and_missing_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
