/* Unit tests: the e820 parser (src/parse/e820.c) and the x86_64 model (src/model/x86.c) on a
 * synthetic QEMU-like map (tests/data/x86/).  Run from the repository root. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include <memgate/board.h>
#include <memgate/e820.h>
#include <memgate/model.h>

#define D "tests/data/x86/"

static int parse(struct mg_e820 *e, const char *text, struct mg_error *err)
{
	return mg_e820_parse_buf(e, text, strlen(text), "t.log", err);
}

static void test_parse_exact(void **state)
{
	(void)state;
	struct mg_e820 e;
	struct mg_error err = { 0 };
	char buf[32];
	const char *text =
		"<6>[    0.000000] Linux version 6.1.0-56-amd64 (x)\n"
		"[    0.000000] BIOS-provided physical RAM map:\r\n"
		"[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable\n"
		"Nov 25 12:44:01 host kernel: BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved\n"
		"BIOS-e820: [mem 0x000000003ffe0000-0x000000003fffffff] ACPI data\n"
		"BIOS-e820: [mem 0x0000000040000000-0x0000000040000fff] ACPI NVS\n"
		"BIOS-e820: [mem 0x0000000050000000-0x00000000500fffff] persistent (type 12)\n"
		"BIOS-e820: [mem 0x0000000060000000-0x0000000060000fff] soft reserved\n"
		"BIOS-e820: [mem 0x0000000070000000-0x0000000070000fff] type 20\n"
		"BIOS-e820: [mem 0x0000000080000000-0x0000000080000fff] unusable\n"
		"[    0.000000] smpboot: Allowing 2 CPUs, 0 hotplug CPUs\n";

	assert_int_equal(parse(&e, text, &err), 0);
	assert_int_equal(e.nentries, 8);
	/* the printed end is the last byte: end = last + 1 */
	assert_int_equal(e.entries[0].start, 0);
	assert_int_equal(e.entries[0].end, 0x9fc00);
	assert_int_equal(e.entries[0].type, MG_E820_RAM);
	assert_int_equal(e.entries[0].origin.line, 3);
	assert_int_equal(e.entries[1].start, 0xf0000);
	assert_int_equal(e.entries[1].end, 0x100000);
	assert_int_equal(e.entries[1].type, MG_E820_RESERVED);
	assert_int_equal(e.entries[2].type, MG_E820_ACPI);
	assert_int_equal(e.entries[3].type, MG_E820_NVS);
	assert_int_equal(e.entries[4].type, MG_E820_PRAM);
	assert_int_equal(e.entries[4].end, 0x50100000);
	assert_int_equal(e.entries[5].type, MG_E820_SOFT_RESERVED);
	assert_int_equal(e.entries[6].type, 20);
	assert_int_equal(e.entries[7].type, MG_E820_UNUSABLE);
	assert_int_equal(e.possible_cpus, 2);
	assert_int_equal(e.possible_cpus_origin.line, 11);
	assert_string_equal(mg_e820_type_name(MG_E820_PRAM, buf, sizeof(buf)), "persistent (type 12)");
	assert_string_equal(mg_e820_type_name(20, buf, sizeof(buf)), "type 20");
	assert_string_equal(mg_e820_type_name(MG_E820_ACPI, buf, sizeof(buf)), "ACPI data");
	mg_e820_free(&e);
}

static void expect_error(const char *text, unsigned line, unsigned col, const char *needle)
{
	struct mg_e820 e;
	struct mg_error err = { 0 };
	assert_int_equal(parse(&e, text, &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	assert_string_equal(err.file, "t.log");
	assert_int_equal(err.line, line);
	assert_int_equal(err.col, col);
	if (!strstr(err.msg, needle))
		fail_msg("'%s' not in '%s'", needle, err.msg);
	assert_null(e.entries);
}

static void test_parse_errors(void **state)
{
	(void)state;
	/* col counts in the raw line: "[    0.000000] " is 15 columns, "BIOS-e820: " 11 more */
	expect_error("x\n[    0.000000] BIOS-e820: [mem 0x0000000000000000-0x000000000009fbff] usable RAM\n", 2, 71,
		     "unknown e820 type");
	expect_error("BIOS-e820: [mem 0x100-0x0ff] usable\n", 1, 0, "below start");
	expect_error("BIOS-e820: [mem 0x100 0x1ff] usable\n", 1, 22, "'-'");
	expect_error("BIOS-e820: [mem 0x100-0x1ff usable\n", 1, 28, "\"] \"");
	expect_error("BIOS-e820: [io 0x100-0x1ff] usable\n", 1, 12, "[mem");
	expect_error("BIOS-e820: [mem 0x10000000000000000-0x1] usable\n", 1, 17, "start");
	expect_error("BIOS-e820: [mem 0x0-0xfff] usable\nLinux version 6.1.0\nBIOS-e820: [mem 0x0-0xfff] usable\n",
		     2, 0, "second boot");
	expect_error("Linux version 6.1.0\nnothing here\n", 0, 0, "no \"BIOS-e820");
	{
		static const char nul[] = "BIOS-e820: [mem 0x0-0xfff] usable\0\n";
		struct mg_e820 e;
		struct mg_error err = { 0 };
		assert_int_equal(mg_e820_parse_buf(&e, nul, sizeof(nul) - 1, "t.log", &err), -1);
		assert_int_equal(err.line, 1);
		assert_non_null(strstr(err.msg, "NUL"));
	}
}

struct run {
	struct mg_board b;
	struct mg_model m;
	struct mg_error err;
};

static struct run *run_x86(const char *cmdline)
{
	struct run *r = calloc(1, sizeof(*r));
	struct mg_board_overrides ov = { 0 };

	assert_non_null(r);
	ov.config = D "kernel.config";
	ov.e820 = D "e820";
	ov.cmdline = cmdline;
	if (mg_board_load(&r->b, NULL, &ov, &r->err))
		fail_msg("load: %s", r->err.msg);
	assert_true(r->b.has_e820);
	assert_string_equal(r->b.dt_path, "");
	if (mg_model_run(&r->m, &r->b, NULL, &r->err))
		fail_msg("model: %s", r->err.msg);
	return r;
}

static void test_model_zones(void **state)
{
	(void)state;
	struct run *r = run_x86("console=ttyS0");
	const struct mg_model *m = &r->m;

	assert_int_equal(m->k.arch, MG_ARCH_X86_64);
	assert_int_equal(m->k.nr_cpus, 4); /* "smpboot: Allowing 4 CPUs" */
	/* memblock.memory: [0x1000, 0x9f000) (page 0 made reserved by trim_bios_range, the
	 * partial page at 0x9f000 trimmed), [1M, 0x7ffe0000), [4G, 6G). */
	assert_int_equal(m->nbanks, 3);
	assert_int_equal(m->banks[0].base, 0x1000);
	assert_int_equal(m->banks[0].size, 0x9e000);
	/* DMA [pfn 1, 4096): 158 + (4096 - 256) = 3998 present; the first 1 MiB is reserved
	 * (reserve_real_mode, 6.1) and nothing else lands below 16 MiB: 3840 managed. */
	assert_int_equal(m->zones[MG_ZONE_DMA].start_pfn, 1);
	assert_int_equal(m->zones[MG_ZONE_DMA].end_pfn, 4096);
	assert_int_equal(m->zones[MG_ZONE_DMA].present_pages, 3998);
	assert_int_equal(m->zones[MG_ZONE_DMA].managed_pages, 3840);
	/* build estimate: 3998 - memmap(4095 spanned * 64 B -> 64 pages) - dma_reserve 158 */
	assert_int_equal(m->zones[MG_ZONE_DMA].managed_build_pages, 3776);
	/* DMA32 [16 MiB, 4 GiB): (0x7ffe0000 - 0x1000000) / 4096 = 520160 present */
	assert_int_equal(m->zones[MG_ZONE_DMA32].start_pfn, 0x1000);
	assert_int_equal(m->zones[MG_ZONE_DMA32].end_pfn, 0x100000);
	assert_int_equal(m->zones[MG_ZONE_DMA32].present_pages, 520160);
	/* Normal [4 GiB, 6 GiB): 524288 present */
	assert_int_equal(m->zones[MG_ZONE_NORMAL].start_pfn, 0x100000);
	assert_int_equal(m->zones[MG_ZONE_NORMAL].end_pfn, 0x180000);
	assert_int_equal(m->zones[MG_ZONE_NORMAL].present_pages, 524288);
	/* the kernel image sits at CONFIG_PHYSICAL_START (16 MiB): in DMA32, not DMA */
	for (size_t i = 0; i < m->nregions; i++)
		if (m->regions[i].kind == MG_REGION_KERNEL)
			assert_int_equal(m->regions[i].base, 16ull << 20);
	mg_board_free(&r->b);
	free(r);
}

static void test_model_mem_and_memmap(void **state)
{
	(void)state;
	/* mem=1G: RAM above physical 1 GiB removed (parse_memopt): DMA32 = [16M, 1G) = 258048
	 * pages, Normal empty. */
	struct run *r = run_x86("mem=1G");
	assert_int_equal(r->m.zones[MG_ZONE_DMA].present_pages, 3998);
	assert_int_equal(r->m.zones[MG_ZONE_DMA32].present_pages, 258048);
	assert_int_equal(r->m.zones[MG_ZONE_NORMAL].present_pages, 0);
	mg_board_free(&r->b);
	free(r);

	/* memmap=64M$0x10000000: [256M, 320M) reserved -> 520160 - 16384 = 503776 in DMA32. */
	r = run_x86("memmap=64M$0x10000000");
	assert_int_equal(r->m.zones[MG_ZONE_DMA32].present_pages, 503776);
	assert_int_equal(r->m.zones[MG_ZONE_NORMAL].present_pages, 524288);
	mg_board_free(&r->b);
	free(r);

	/* memmap=exactmap memmap=640K@0 memmap=511M@1M: only [0x1000, 0xa0000) and [1M, 512M):
	 * DMA 159 + 3840 (page 0 still reserved by trim_bios_range), DMA32 (512M - 16M) / 4K. */
	r = run_x86("memmap=exactmap memmap=640K@0 memmap=511M@1M");
	assert_int_equal(r->m.zones[MG_ZONE_DMA].present_pages, 159 + 3840);
	assert_int_equal(r->m.zones[MG_ZONE_DMA32].present_pages, 126976);
	assert_int_equal(r->m.zones[MG_ZONE_NORMAL].present_pages, 0);
	mg_board_free(&r->b);
	free(r);
}

static void test_no_e820(void **state)
{
	(void)state;
	struct mg_board *b = calloc(1, sizeof(*b));
	struct mg_board_overrides ov = { 0 };
	struct mg_error err = { 0 };

	assert_non_null(b);
	ov.config = D "kernel.config";
	assert_int_equal(mg_board_load(b, NULL, &ov, &err), -1);
	/* no DT and no e820: the board has no RAM map at all */
	assert_non_null(strstr(err.msg, "no device tree given"));
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_exact),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_model_zones),
		cmocka_unit_test(test_model_mem_and_memmap),
		cmocka_unit_test(test_no_e820),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
