/* Unit tests: device-tree parser (DTB via libfdt, DTS via cpp/dtc, overlays, hostile input).
 * The DTS inputs under tests/data/dt/ are compiled at test time by mg_dt_load itself. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <libfdt.h>

#include <memgate/dt.h>
#include <memgate/util.h>

#define D "tests/data/dt/"

static const struct mg_dt_rmem *rmem_named(const struct mg_dt *dt, const char *name)
{
	for (size_t i = 0; i < dt->nrmem; i++)
		if (!strcmp(dt->rmem[i].name, name))
			return &dt->rmem[i];
	fail_msg("no /reserved-memory/%s", name);
	return NULL;
}

static void load_ok(struct mg_dt *dt, const char *path, const struct mg_dt_options *opt)
{
	struct mg_error err = { 0 };
	char msg[1400];
	int rc = mg_dt_load(dt, path, opt, &err);
	if (rc) {
		mg_error_format(&err, msg, sizeof(msg));
		fail_msg("mg_dt_load(%s): %s", path, msg);
	}
}

/* Load that must fail with an input error; returns the formatted error. */
static void load_fails(const char *path, const struct mg_dt_options *opt, struct mg_error *err)
{
	struct mg_dt dt;
	memset(err, 0, sizeof(*err));
	assert_int_equal(mg_dt_load(&dt, path, opt, err), -1);
	assert_int_equal(err->status, MG_ERR_INPUT);
}

static void test_board_memory(void **state)
{
	struct mg_dt dt;
	(void)state;
	load_ok(&dt, D "board.dts", NULL);
	assert_true(dt.from_dts);
	assert_string_equal(dt.file, D "board.dts");
	assert_int_equal(dt.address_cells, 2);
	assert_int_equal(dt.size_cells, 2);
	assert_string_equal(dt.model, "memgate test board");
	assert_string_equal(dt.compatible, "memgate,test-board");
	/* cpu@0, cpu@1 (okay), cpu@3; cpu@2 is disabled and cpu-map has no device_type */
	assert_int_equal(dt.ncpus, 3);
	/* /, cpus, 4 cpu@, cpu-map, 3 memory, reserved-memory + 6 children, chosen, soc, pcie,
	 * dma-bus, and __symbols__ from dtc -@ = 1+1+4+1+3+1+6+1+1+1+1+1 = 22 */
	assert_int_equal(dt.node_count, 22);
	assert_true(dt.dtb_size_bytes > 0);

	assert_int_equal(dt.nmemory, 3);
	assert_string_equal(dt.memory[0].path, "/memory@80000000");
	assert_int_equal(dt.memory[0].nreg, 2);
	assert_int_equal(dt.memory[0].reg[0].base, 0x80000000);
	assert_int_equal(dt.memory[0].reg[0].size, 0x40000000);
	assert_int_equal(dt.memory[0].reg[1].base, 0x880000000ull);
	assert_int_equal(dt.memory[0].reg[1].size, 0x80000000);
	assert_false(dt.memory[0].has_usable);
	assert_true(dt.memory[0].okay);
	assert_true(dt.memory[0].root_level);
	/* origin: the DTS line of the node (line 24 of board.dts) */
	assert_string_equal(dt.memory[0].origin.file, D "board.dts");
	assert_int_equal(dt.memory[0].origin.line, 24);
	assert_string_equal(dt.memory[0].origin.what, "/memory@80000000");

	assert_string_equal(dt.memory[1].path, "/memory@c0000000");
	assert_int_equal(dt.memory[1].nreg, 1);
	assert_int_equal(dt.memory[1].reg[0].size, 0x20000000);
	assert_true(dt.memory[1].has_usable);
	assert_int_equal(dt.memory[1].nusable, 1);
	assert_int_equal(dt.memory[1].usable[0].base, 0xc0000000);
	assert_int_equal(dt.memory[1].usable[0].size, 0x10000000);
	assert_true(dt.memory[1].hotpluggable);
	assert_false(dt.memory[0].hotpluggable);

	assert_string_equal(dt.memory[2].path, "/memory@e0000000");
	assert_false(dt.memory[2].okay);
	assert_int_equal(dt.memory[2].nreg, 1);
	assert_int_equal(dt.memory[2].reg[0].base, 0xe0000000);

	assert_int_equal(dt.nmemreserve, 2);
	assert_int_equal(dt.memreserve[0].base, 0x80000000);
	assert_int_equal(dt.memreserve[0].size, 0x10000);
	assert_int_equal(dt.memreserve[1].base, 0x81000000);
	assert_int_equal(dt.memreserve[1].size, 0x2000);
	mg_dt_free(&dt);
}

static void test_board_reserved_memory(void **state)
{
	struct mg_dt dt;
	const struct mg_dt_rmem *r;
	(void)state;
	load_ok(&dt, D "board.dts", NULL);
	assert_true(dt.has_reserved_memory);
	assert_int_equal(dt.rmem_address_cells, 2);
	assert_int_equal(dt.rmem_size_cells, 2);
	assert_true(dt.rmem_has_address_cells && dt.rmem_has_size_cells && dt.rmem_has_ranges);
	assert_int_equal(dt.nrmem, 6);

	r = rmem_named(&dt, "secmon@80000000");
	assert_string_equal(r->path, "/reserved-memory/secmon@80000000");
	assert_true(r->has_reg);
	assert_int_equal(r->nreg, 1);
	assert_int_equal(r->reg[0].base, 0x80000000);
	assert_int_equal(r->reg[0].size, 0x200000);
	assert_true(r->no_map);
	assert_false(r->reusable);
	assert_false(r->has_size);
	assert_true(r->okay);
	assert_string_equal(r->compatible, "");
	assert_int_equal(r->origin.line, 48);

	r = rmem_named(&dt, "ramoops@9ff00000");
	assert_false(r->no_map);
	assert_string_equal(r->compatible, "ramoops");
	assert_int_equal(r->reg[0].base, 0x9ff00000);

	r = rmem_named(&dt, "split@90000000");
	assert_int_equal(r->nreg, 2);
	assert_int_equal(r->reg[0].base, 0x90000000);
	assert_int_equal(r->reg[0].size, 0x100000);
	assert_int_equal(r->reg[1].base, 0x91000000);
	assert_int_equal(r->reg[1].size, 0x200000);

	r = rmem_named(&dt, "vpu");
	assert_false(r->has_reg);
	assert_true(r->has_size);
	assert_int_equal(r->size, 0x4000000);
	assert_true(r->has_alignment);
	assert_int_equal(r->alignment, 0x400000);
	assert_int_equal(r->nalloc_ranges, 1);
	assert_int_equal(r->alloc_ranges[0].base, 0x80000000);
	assert_int_equal(r->alloc_ranges[0].size, 0x40000000);
	assert_true(r->no_map);
	assert_false(r->cma_default);

	r = rmem_named(&dt, "linux,cma");
	assert_string_equal(r->compatible, "shared-dma-pool");
	assert_true(r->reusable);
	assert_true(r->cma_default);
	assert_false(r->no_map);
	assert_int_equal(r->size, 0x10000000);
	assert_int_equal(r->alignment, 0x2000000);
	assert_int_equal(r->nalloc_ranges, 2);
	assert_int_equal(r->alloc_ranges[1].base, 0x880000000ull);
	assert_int_equal(r->alloc_ranges[1].size, 0x80000000);

	r = rmem_named(&dt, "dma-pool");
	assert_false(r->okay);
	assert_true(r->dma_default);
	assert_string_equal(r->compatible, "shared-dma-pool memgate,pool");
	assert_int_equal(r->size, 0x800000);
	mg_dt_free(&dt);
}

static void test_board_chosen_dma(void **state)
{
	struct mg_dt dt;
	(void)state;
	load_ok(&dt, D "board.dts", NULL);
	assert_true(dt.has_chosen);
	assert_true(dt.has_bootargs);
	assert_string_equal(dt.bootargs, "console=ttyAMA0,115200 cma=64M");
	assert_string_equal(dt.bootargs_origin.what, "/chosen:bootargs");
	assert_int_equal(dt.bootargs_origin.line, 89); /* the /chosen node's line */
	assert_true(dt.has_initrd);
	assert_int_equal(dt.initrd_start, 0x88000000); /* one cell */
	assert_int_equal(dt.initrd_end, 0x88800000);   /* two cells */
	assert_false(dt.has_usable_memory_range);
	/* soc: bus 0xc0000000 -> CPU 0, 1 GiB: cpu_end 0x3fffffff.
	 * pcie: PCI 0 -> soc bus 0xc0000000 -> CPU 0, 512 MiB: cpu_end 0x1fffffff (untranslated it
	 * would be 0xdfffffff).  dma-bus is disabled and not visited (else its untranslatable
	 * range would give 0xfffffe).  Minimum: 0x1fffffff. */
	assert_true(dt.has_dma_limit);
	assert_int_equal(dt.dma_max_cpu_address, 0x1fffffff);
	mg_dt_free(&dt);
}

static void test_one_cell(void **state)
{
	struct mg_dt dt;
	(void)state;
	load_ok(&dt, D "mem1.dts", NULL);
	assert_int_equal(dt.address_cells, 1);
	assert_int_equal(dt.size_cells, 1);
	assert_int_equal(dt.nmemory, 2);
	assert_int_equal(dt.memory[0].reg[0].base, 0x40000000);
	assert_int_equal(dt.memory[0].reg[0].size, 0x20000000);
	assert_true(dt.memory[0].root_level);
	assert_string_equal(dt.memory[1].path, "/soc/memory@60000000");
	assert_false(dt.memory[1].root_level);
	assert_int_equal(dt.memory[1].reg[0].size, 0x1000000);
	assert_int_equal(dt.nmemreserve, 0);
	assert_false(dt.has_reserved_memory);
	assert_int_equal(dt.nrmem, 0);
	/* /chosen@0 is used when /chosen is absent */
	assert_true(dt.has_chosen);
	assert_false(dt.has_bootargs);
	assert_null(dt.bootargs);
	assert_true(dt.has_initrd);
	assert_true(dt.initrd_start == 0x100000000ull);
	assert_true(dt.initrd_end == 0x100400000ull);
	assert_true(dt.has_usable_memory_range);
	assert_int_equal(dt.usable_memory_range.base, 0x44000000);
	assert_int_equal(dt.usable_memory_range.size, 0x8000000);
	assert_false(dt.has_dma_limit);
	assert_int_equal(dt.ncpus, 0);
	mg_dt_free(&dt);
}

static void test_include(void **state)
{
	struct mg_dt dt;
	const char *inc[] = { D "include" };
	struct mg_dt_options opt = { .include_dirs = inc, .ninclude_dirs = 1 };
	(void)state;
	load_ok(&dt, D "inc_main.dts", &opt);
	assert_string_equal(dt.model, "include board");
	assert_int_equal(dt.nmemory, 1);
	assert_int_equal(dt.memory[0].reg[0].base, 0x80000000); /* TEST_RAM_BASE */
	/* the origin is the .dtsi line, through cpp's line markers */
	assert_string_equal(dt.memory[0].origin.file, D "inc_mem.dtsi");
	assert_int_equal(dt.memory[0].origin.line, 5);
	assert_int_equal(dt.nrmem, 1);
	assert_int_equal(dt.rmem[0].reg[0].size, 0x4000000); /* TEST_CMA_SIZE */
	assert_string_equal(dt.rmem[0].origin.file, D "inc_main.dts");
	assert_int_equal(dt.rmem[0].origin.line, 15);
	mg_dt_free(&dt);

	/* without the include directory cpp fails at the #include line */
	{
		struct mg_error err;
		load_fails(D "inc_main.dts", NULL, &err);
		assert_string_equal(err.file, D "inc_main.dts");
		assert_int_equal(err.line, 4);
		assert_non_null(strstr(err.msg, "memgate-test.h"));
	}
}

/* The root's children the kernel finds by path are found by the one walk, with libfdt's name
 * rule (a unit address allowed when the path has none), and paths are built as fdt_get_path
 * writes them, "(path too long)" past 255 bytes. */
static void test_root_lookups(void **state)
{
	struct mg_dt dt;
	(void)state;
	load_ok(&dt, D "root_lookup.dts", NULL);
	assert_true(dt.has_chosen);
	assert_string_equal(dt.bootargs, "root chosen@0");
	assert_string_equal(dt.bootargs_origin.what, "/chosen@0:bootargs");
	assert_true(dt.has_reserved_memory);
	assert_int_equal(dt.nrmem, 1);
	assert_string_equal(dt.rmem[0].path, "/reserved-memory@0/pool@48000000");
	assert_int_equal(dt.ncpus, 2);
	assert_int_equal(dt.nmemory, 2);
	assert_string_equal(dt.memory[0].path, "/memory@40000000");
	/* 8 levels of 31 bytes ("/" + 30) and "/memory@60000000" need 264 bytes with the NUL. */
	assert_string_equal(dt.memory[1].path, "(path too long)");
	mg_dt_free(&dt);
}

/* Compile a DTS with the system dtc into a temporary blob (test scaffolding). */
static char *compile(const char *dts, const char *suffix, char *path, size_t size)
{
	char cmd[1024];
	const char *tmp = getenv("TMPDIR");
	int fd;
	snprintf(path, size, "%s/memgate-test-XXXXXX%s", tmp && *tmp ? tmp : "/tmp", suffix);
	fd = mkstemps(path, (int)strlen(suffix));
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "dtc -I dts -O dtb -q -@ -o '%s' '%s'", path, dts);
	assert_int_equal(system(cmd), 0);
	return path;
}

static void test_overlay(void **state)
{
	struct mg_dt dt;
	const struct mg_dt_rmem *r;
	const char *ovl[] = { D "ovl.dtso" };
	struct mg_dt_options opt = { .overlays = ovl, .noverlays = 1 };
	char dtbo[512];
	(void)state;

	load_ok(&dt, D "board.dts", &opt);
	assert_int_equal(dt.nrmem, 7);
	r = rmem_named(&dt, "ovl-pool@a0000000");
	assert_string_equal(r->path, "/reserved-memory/ovl-pool@a0000000");
	assert_int_equal(r->reg[0].base, 0xa0000000);
	assert_int_equal(r->reg[0].size, 0x1000000);
	assert_true(r->no_map);
	assert_string_equal(r->origin.file, D "ovl.dtso");
	assert_int_equal(r->origin.line, 6);
	/* base nodes keep their base origin */
	assert_string_equal(dt.memory[0].origin.file, D "board.dts");
	mg_dt_free(&dt);

	/* the same overlay as a .dtbo blob */
	compile(D "ovl.dtso", ".dtbo", dtbo, sizeof(dtbo));
	ovl[0] = dtbo;
	load_ok(&dt, D "board.dts", &opt);
	assert_int_equal(dt.nrmem, 7);
	r = rmem_named(&dt, "ovl-pool@a0000000");
	assert_string_equal(r->origin.file, dtbo);
	assert_int_equal(r->origin.line, 0);
	mg_dt_free(&dt);
	unlink(dtbo);

	/* a target label the base does not have: the error names the overlay */
	{
		struct mg_error err;
		ovl[0] = D "ovl_bad.dtso";
		load_fails(D "board.dts", &opt, &err);
		assert_string_equal(err.file, D "ovl_bad.dtso");
		assert_non_null(strstr(err.msg, "cannot apply overlay to " D "board.dts"));
	}
}

static void test_dtb_and_truncation(void **state)
{
	struct mg_dt dt;
	struct mg_error err = { 0 };
	char dtb[512], *blob;
	size_t len;
	(void)state;

	compile(D "board.dts", ".dtb", dtb, sizeof(dtb));
	load_ok(&dt, dtb, NULL);
	assert_false(dt.from_dts);
	assert_int_equal(dt.nrmem, 6);
	assert_string_equal(dt.memory[0].origin.file, dtb);
	assert_int_equal(dt.memory[0].origin.line, 0);
	assert_int_equal(dt.dma_max_cpu_address, 0x1fffffff);
	mg_dt_free(&dt);

	assert_int_equal(mg_read_file(dtb, MG_DT_MAX_BYTES, &blob, &len, &err), 0);
	assert_int_equal(mg_dt_parse_blob(&dt, blob, len, "board.dtb", &err), 0);
	assert_int_equal(dt.dtb_size_bytes, len);
	mg_dt_free(&dt);
	/* truncated: fdt_check_full on the real length fails */
	assert_int_equal(mg_dt_parse_blob(&dt, blob, len - 16, "board.dtb", &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	assert_string_equal(err.file, "board.dtb");
	assert_non_null(strstr(err.msg, "FDT_ERR_TRUNCATED"));
	assert_int_equal(mg_dt_parse_blob(&dt, blob, 10, "board.dtb", &err), -1);
	/* corrupt structure block */
	memset(blob + fdt_off_dt_struct(blob) + 8, 0xff, 16);
	assert_int_equal(mg_dt_parse_blob(&dt, blob, len, "board.dtb", &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	free(blob);
	/* a truncated .dtb file is detected by magic and refused as input */
	assert_int_equal(truncate(dtb, 200), 0);
	load_fails(dtb, NULL, &err);
	assert_string_equal(err.file, dtb);
	unlink(dtb);
}

static void test_hostile(void **state)
{
	struct mg_error err;
	struct mg_dt dt;
	(void)state;

	load_fails(D "bad_reg.dts", NULL, &err);
	assert_string_equal(err.file, D "bad_reg.dts");
	assert_int_equal(err.line, 12);
	assert_string_equal(err.msg, "/reserved-memory/cma@0: reg has 12 bytes, expected a "
				     "multiple of 16 (#address-cells 2 + #size-cells 2)");

	load_fails(D "bad_cells.dts", NULL, &err);
	assert_int_equal(err.line, 3);
	assert_string_equal(err.msg, "/: #address-cells = 3, expected 1 or 2 (memgate decodes at "
				     "most 64-bit addresses and sizes)");

	load_fails(D "bad_overflow.dts", NULL, &err);
	assert_string_equal(err.msg, "/memory@fffffffffff00000: reg entry 0: base "
				     "0xfffffffffff00000 + size 0x200000 overflows 64 bits");

	/* dtc's "Error: file:5.20-21 syntax error" becomes file:line:col */
	load_fails(D "bad_syntax.dts", NULL, &err);
	assert_string_equal(err.file, D "bad_syntax.dts");
	assert_int_equal(err.line, 5);
	assert_int_equal(err.col, 20);
	assert_string_equal(err.msg, "dtc: syntax error");

	load_fails(D "bad_include.dts", NULL, &err);
	assert_string_equal(err.file, D "bad_include.dts");
	assert_int_equal(err.line, 3);
	assert_non_null(strstr(err.msg, "does-not-exist.dtsi"));

	/* the 0-cell dma-ranges is unusable and skipped; the root's own entry cannot be
	 * translated (no parent: OF_BAD_ADDR = 2^64-1) and wraps as in the kernel:
	 * cpu_end = (2^64-1) + 0x40000000 - 1 mod 2^64 = 0x3ffffffe */
	load_ok(&dt, D "dma_hostile.dts", NULL);
	assert_true(dt.has_dma_limit);
	assert_int_equal(dt.dma_max_cpu_address, 0x3ffffffe);
	mg_dt_free(&dt);

	/* neither DTB nor DTS */
	load_fails(D "include/memgate-test.h", NULL, &err);
	load_fails(D "no-such-file.dts", NULL, &err);
}

static void test_deep_nesting(void **state)
{
	char path[512];
	const char *tmp = getenv("TMPDIR");
	struct mg_error err;
	FILE *f;
	int fd;
	(void)state;

	snprintf(path, sizeof(path), "%s/memgate-test-XXXXXX.dts", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemps(path, 4);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs("/dts-v1/;\n/ {\n", f);
	for (unsigned i = 0; i < MG_DT_MAX_DEPTH + 2; i++)
		fprintf(f, "n%u {\n", i);
	for (unsigned i = 0; i < MG_DT_MAX_DEPTH + 2; i++)
		fputs("};\n", f);
	fputs("};\n", f);
	fclose(f);
	load_fails(path, NULL, &err);
	assert_non_null(strstr(err.msg, "nested deeper than 64 levels"));
	unlink(path);
}

static void test_dtc_missing(void **state)
{
	struct mg_dt dt;
	struct mg_error err = { 0 };
	char *old = getenv("PATH") ? mg_strdup(getenv("PATH")) : NULL;
	(void)state;
	setenv("PATH", "/nonexistent-memgate", 1);
	assert_int_equal(mg_dt_load(&dt, D "mem1.dts", NULL, &err), -1);
	if (old)
		setenv("PATH", old, 1);
	free(old);
	assert_int_equal(err.status, MG_ERR_INTERNAL);
	assert_string_equal(err.msg, "dtc not found (apt-get install device-tree-compiler)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_board_memory),
		cmocka_unit_test(test_board_reserved_memory),
		cmocka_unit_test(test_board_chosen_dma),
		cmocka_unit_test(test_one_cell),
		cmocka_unit_test(test_root_lookups),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_overlay),
		cmocka_unit_test(test_dtb_and_truncation),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_dtc_missing),
	};
	return cmocka_run_group_tests_name("dt", tests, NULL, NULL);
}
