/* Unit tests: command line tokenising (lib/cmdline.c next_arg), effective-line rules
 * (drivers/of/fdt.c, arch/x86/kernel/setup.c) and parameter grammars. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include <memgate/cmdline.h>
#include <memgate/kconfig.h>

#define KDATA "tests/data/kconfig/"

static void parse(struct mg_cmdline *cl, const char *text)
{
	struct mg_error err;
	memset(cl, 0, sizeof(*cl));
	assert_int_equal(mg_cmdline_parse(cl, text, MG_CMDLINE_SRC_BOOTLOADER, "c", 1, &err), 0);
}

static void origin_str(const struct mg_cmdline_token *t, char *buf, size_t size)
{
	mg_origin_format(&t->origin, buf, size);
}

static void test_next_arg_quoting(void **state)
{
	struct mg_cmdline cl;
	(void)state;

	/* Each case traced through next_arg(): */
	parse(&cl, "  \"name=va lue\" name2=\"va lue\" foo bar= x=\"a\"b \"quoted\"\tq=1\nr=2 ");
	assert_int_equal(cl.ntokens, 8);
	/* leading quote dropped, trailing quote cut */
	assert_string_equal(cl.tokens[0].name, "name");
	assert_string_equal(cl.tokens[0].value, "va lue");
	/* value's leading quote dropped, trailing quote cut */
	assert_string_equal(cl.tokens[1].name, "name2");
	assert_string_equal(cl.tokens[1].value, "va lue");
	assert_string_equal(cl.tokens[2].name, "foo");
	assert_null(cl.tokens[2].value);
	assert_string_equal(cl.tokens[3].name, "bar");
	assert_string_equal(cl.tokens[3].value, "");
	/* x="a"b: the value loses its first quote but args[i-1] is 'b', so the inner quote stays */
	assert_string_equal(cl.tokens[4].name, "x");
	assert_string_equal(cl.tokens[4].value, "a\"b");
	assert_string_equal(cl.tokens[5].name, "quoted");
	assert_null(cl.tokens[5].value);
	/* tab and newline separate, as isspace() does */
	assert_string_equal(cl.tokens[6].name, "q");
	assert_string_equal(cl.tokens[7].name, "r");
	assert_int_equal(cl.tokens[7].index, 8);
	assert_null(cl.init_args);
	mg_cmdline_free(&cl);

	/* '=' at position 0 does not count as the split (equals == 0 means "none yet"). */
	parse(&cl, "=a=b");
	assert_string_equal(cl.tokens[0].name, "=a");
	assert_string_equal(cl.tokens[0].value, "b");
	mg_cmdline_free(&cl);

	/* The kernel's ctype table makes 0xA0 a space. */
	parse(&cl, "a\xa0" "b");
	assert_int_equal(cl.ntokens, 2);
	assert_string_equal(cl.tokens[1].name, "b");
	mg_cmdline_free(&cl);
}

static void test_double_dash(void **state)
{
	struct mg_cmdline cl;
	(void)state;

	parse(&cl, "cma=64M -- init=/bin/sh cma=1G");
	assert_int_equal(cl.ntokens, 1);
	assert_string_equal(cl.init_args, "init=/bin/sh cma=1G");
	assert_null(mg_cmdline_next(&cl, "init", &(size_t){ 0 }));
	mg_cmdline_free(&cl);

	/* "--=x" has a value, so it is a parameter named "--", not the separator. */
	parse(&cl, "--=x a");
	assert_int_equal(cl.ntokens, 2);
	assert_null(cl.init_args);
	mg_cmdline_free(&cl);

	/* A quoted "--" is the separator too: next_arg strips the quotes first. */
	parse(&cl, "a \"--\" b");
	assert_int_equal(cl.ntokens, 1);
	assert_string_equal(cl.init_args, "b");
	mg_cmdline_free(&cl);
}

static void test_long_token(void **state)
{
	struct mg_cmdline cl;
	struct mg_error err;
	char text[400];
	(void)state;

	memset(&cl, 0, sizeof(cl));
	memcpy(text, "a\nb=", 4);
	memset(text + 4, 'x', 298); /* "b=" + 298 x = 300 characters */
	text[302] = '\0';
	assert_int_equal(mg_cmdline_parse(&cl, text, MG_CMDLINE_SRC_BOOTLOADER, "boot.cmdline", 3, &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	assert_string_equal(err.file, "boot.cmdline");
	assert_int_equal(err.line, 4); /* second line of a text starting at line 3 */
	assert_string_equal(err.msg, "token 2 is longer than 256 characters");
	mg_cmdline_free(&cl);

	/* Exactly 256 is accepted. */
	memset(text, 'y', 256);
	text[256] = '\0';
	parse(&cl, text);
	assert_int_equal(cl.ntokens, 1);
	mg_cmdline_free(&cl);
}

static void test_origins_and_lookup(void **state)
{
	struct mg_cmdline cl;
	struct mg_error err;
	char buf[300];
	size_t pos = 0;
	const struct mg_cmdline_token *t;
	(void)state;

	memset(&cl, 0, sizeof(cl));
	assert_int_equal(mg_cmdline_parse(&cl, "console=ttyAMA0 cma=64M hugepages=2 cma=128M",
					  MG_CMDLINE_SRC_BOOTLOADER, "boards/x/cmdline", 1, &err), 0);
	assert_string_equal(cl.effective, "console=ttyAMA0 cma=64M hugepages=2 cma=128M");
	origin_str(&cl.tokens[1], buf, sizeof(buf));
	assert_string_equal(buf, "boards/x/cmdline:1 cmdline:2 'cma=64M'");
	t = mg_cmdline_last(&cl, "cma");
	assert_string_equal(t->value, "128M");
	assert_int_equal(t->index, 4);
	/* parameq: '-' and '_' are the same */
	mg_cmdline_free(&cl);
	parse(&cl, "a_b-c=1");
	assert_non_null(mg_cmdline_last(&cl, "a-b_c"));
	mg_cmdline_free(&cl);

	parse(&cl, "memmap=1 x memmap=2 memmap=3");
	t = mg_cmdline_next(&cl, "memmap", &pos);
	assert_string_equal(t->value, "1");
	t = mg_cmdline_next(&cl, "memmap", &pos);
	assert_string_equal(t->value, "2");
	t = mg_cmdline_next(&cl, "memmap", &pos);
	assert_string_equal(t->value, "3");
	assert_null(mg_cmdline_next(&cl, "memmap", &pos));
	mg_cmdline_free(&cl);
}

static void load_kc(struct mg_kconfig *kc, const char *path)
{
	struct mg_error err;
	assert_int_equal(mg_kconfig_load(kc, path, &err), 0);
}

static void test_build_arm64_54_force(void **state)
{
	struct mg_kconfig kc;
	struct mg_cmdline cl;
	struct mg_error err;
	char buf[300];
	(void)state;

	load_kc(&kc, KDATA "arm64-5.4-force.config");
	memset(&cl, 0, sizeof(cl));
	assert_int_equal(mg_cmdline_build(&cl, &kc, "console=ttyS0 cma=512M\n", "boot.cmdline",
					  "root=/dev/vda", "board.dts", &err), 0);
	/* CMDLINE_FORCE: CONFIG_CMDLINE replaces what the bootloader passed. */
	assert_string_equal(cl.effective, "console=ttyAMA0,115200 cma=256M");
	assert_int_equal(cl.ntokens, 2);
	assert_int_equal(cl.tokens[1].source, MG_CMDLINE_SRC_CONFIG);
	origin_str(&cl.tokens[1], buf, sizeof(buf));
	assert_string_equal(buf, KDATA "arm64-5.4-force.config:15 cmdline:2 'cma=256M'");
	assert_non_null(strstr(cl.rule, "CONFIG_CMDLINE_FORCE"));
	assert_false(cl.truncated);
	assert_int_equal(cl.command_line_size, 2048);
	mg_cmdline_free(&cl);
	mg_kconfig_free(&kc);
}

static void test_build_arm64_61_choice(void **state)
{
	struct mg_kconfig kc;
	struct mg_cmdline cl;
	struct mg_error err;
	char buf[300];
	(void)state;

	load_kc(&kc, KDATA "arm64-6.1-choice.config");
	/* Bootloader line present: CMDLINE_FROM_BOOTLOADER ignores CONFIG_CMDLINE. */
	memset(&cl, 0, sizeof(cl));
	assert_int_equal(mg_cmdline_build(&cl, &kc, "cma=32M", "boot.cmdline", "cma=1M", "b.dts", &err), 0);
	assert_string_equal(cl.effective, "cma=32M");
	assert_int_equal(cl.tokens[0].source, MG_CMDLINE_SRC_BOOTLOADER);
	origin_str(&cl.tokens[0], buf, sizeof(buf));
	assert_string_equal(buf, "boot.cmdline:1 cmdline:1 'cma=32M'");
	assert_non_null(strstr(cl.rule, "CONFIG_CMDLINE_FROM_BOOTLOADER=y: bootloader line used"));
	mg_cmdline_free(&cl);

	/* No bootloader file: the DT's bootargs are what the kernel sees. */
	assert_int_equal(mg_cmdline_build(&cl, &kc, NULL, NULL, "root=/dev/vda cma=16M", "b.dts", &err), 0);
	assert_string_equal(cl.effective, "root=/dev/vda cma=16M");
	assert_int_equal(cl.tokens[1].source, MG_CMDLINE_SRC_DT);
	origin_str(&cl.tokens[1], buf, sizeof(buf));
	assert_string_equal(buf, "b.dts:1 cmdline:2 'cma=16M'");
	mg_cmdline_free(&cl);

	/* Empty bootargs: CONFIG_CMDLINE is the fallback. */
	assert_int_equal(mg_cmdline_build(&cl, &kc, NULL, NULL, "", "b.dts", &err), 0);
	assert_string_equal(cl.effective, "cma=128M");
	assert_int_equal(cl.tokens[0].source, MG_CMDLINE_SRC_CONFIG);
	origin_str(&cl.tokens[0], buf, sizeof(buf));
	assert_string_equal(buf, KDATA "arm64-6.1-choice.config:6 cmdline:1 'cma=128M'");
	assert_non_null(strstr(cl.rule, "bootloader line empty, CONFIG_CMDLINE used"));
	mg_cmdline_free(&cl);
	mg_kconfig_free(&kc);
}

static void test_build_arm_extend(void **state)
{
	struct mg_kconfig kc;
	struct mg_cmdline cl;
	struct mg_error err;
	(void)state;

	load_kc(&kc, KDATA "arm-5.10-extend.config");
	memset(&cl, 0, sizeof(cl));
	assert_int_equal(mg_cmdline_build(&cl, &kc, "console=ttyS0 cma=32M", "boot.cmdline", NULL, NULL, &err), 0);
	/* bootargs + " " + CONFIG_CMDLINE: the built-in cma= comes last and wins. */
	assert_string_equal(cl.effective, "console=ttyS0 cma=32M cma=64M loglevel=7");
	assert_int_equal(cl.ntokens, 4);
	assert_int_equal(cl.tokens[1].source, MG_CMDLINE_SRC_BOOTLOADER);
	assert_int_equal(cl.tokens[2].source, MG_CMDLINE_SRC_CONFIG);
	assert_int_equal(cl.tokens[3].source, MG_CMDLINE_SRC_CONFIG);
	assert_string_equal(mg_cmdline_last(&cl, "cma")->value, "64M");
	assert_int_equal(mg_cmdline_last(&cl, "cma")->origin.line, 6);
	assert_non_null(strstr(cl.rule, "CONFIG_CMDLINE_EXTEND=y"));
	assert_int_equal(cl.command_line_size, 1024);
	mg_cmdline_free(&cl);
	mg_kconfig_free(&kc);

	/* No .config at all: the outside line as is, no COMMAND_LINE_SIZE known. */
	assert_int_equal(mg_cmdline_build(&cl, NULL, NULL, NULL, "cma=1M", "b.dts", &err), 0);
	assert_string_equal(cl.effective, "cma=1M");
	assert_string_equal(cl.rule, "DT /chosen/bootargs (no CONFIG_CMDLINE in the .config)");
	assert_int_equal(cl.command_line_size, 0);
	mg_cmdline_free(&cl);
}

static void test_build_x86(void **state)
{
	static const char override[] = "# Linux/x86 6.6.13 Kernel Configuration\n"
				       "CONFIG_CMDLINE_BOOL=y\nCONFIG_CMDLINE=\"cma=64M\"\n"
				       "CONFIG_CMDLINE_OVERRIDE=y\n";
	struct mg_kconfig kc;
	struct mg_cmdline cl;
	struct mg_error err;
	(void)state;

	load_kc(&kc, KDATA "x86-6.6-builtin.config");
	memset(&cl, 0, sizeof(cl));
	assert_int_equal(mg_cmdline_build(&cl, &kc, "cma=32M quiet", "grub", NULL, NULL, &err), 0);
	/* arch/x86/kernel/setup.c: built-in first, then the bootloader's. */
	assert_string_equal(cl.effective, "cma=64M cma=32M quiet");
	assert_int_equal(cl.tokens[0].source, MG_CMDLINE_SRC_CONFIG);
	assert_int_equal(cl.tokens[1].source, MG_CMDLINE_SRC_BOOTLOADER);
	assert_string_equal(mg_cmdline_last(&cl, "cma")->value, "32M");
	assert_non_null(strstr(cl.rule, "CONFIG_CMDLINE_BOOL=y"));
	mg_cmdline_free(&cl);
	mg_kconfig_free(&kc);

	assert_int_equal(mg_kconfig_parse_buf(&kc, override, sizeof(override) - 1, "x.config", &err), 0);
	assert_int_equal(mg_cmdline_build(&cl, &kc, "cma=32M quiet", "grub", NULL, NULL, &err), 0);
	assert_string_equal(cl.effective, "cma=64M");
	assert_non_null(strstr(cl.rule, "CONFIG_CMDLINE_OVERRIDE=y"));
	mg_cmdline_free(&cl);
	mg_kconfig_free(&kc);
}

static void test_build_riscv_and_truncation(void **state)
{
	static const char rv[] = "# Linux/riscv 6.12.0 Kernel Configuration\n"
				 "CONFIG_CMDLINE=\"cma=8M\"\nCONFIG_CMDLINE_FALLBACK=y\n";
	struct mg_kconfig kc;
	struct mg_cmdline cl;
	struct mg_error err;
	char *line;
	size_t i;
	(void)state;

	assert_int_equal(mg_kconfig_parse_buf(&kc, rv, sizeof(rv) - 1, "rv.config", &err), 0);
	memset(&cl, 0, sizeof(cl));
	assert_int_equal(mg_cmdline_build(&cl, &kc, "", "boot", NULL, NULL, &err), 0);
	assert_string_equal(cl.effective, "cma=8M");
	assert_non_null(strstr(cl.rule, "CONFIG_CMDLINE_FALLBACK=y: bootloader line empty"));
	mg_cmdline_free(&cl);

	/* 1100 characters: 100 tokens "t00000000 " (10 chars each) + 100 more 'z'. riscv 6.12
	 * COMMAND_LINE_SIZE is 1024, so 1023 characters survive: 102 whole tokens + "t00"... */
	line = malloc(1200);
	assert_non_null(line);
	for (i = 0; i < 110; i++)
		snprintf(line + i * 10, 11, "t%08zu ", i);
	line[1100] = '\0';
	assert_int_equal(mg_cmdline_build(&cl, &kc, line, "boot", NULL, NULL, &err), 0);
	assert_true(cl.truncated);
	assert_int_equal(strlen(cl.effective), 1023);
	/* 1023 = 102 * 10 + 3: tokens 0..101 whole, then "t00" of token 102. */
	assert_int_equal(cl.ntokens, 103);
	assert_string_equal(cl.tokens[102].name, "t00");
	assert_non_null(strstr(cl.rule, "; truncated to 1023 characters (COMMAND_LINE_SIZE 1024 on riscv)"));
	mg_cmdline_free(&cl);
	free(line);
	mg_kconfig_free(&kc);
}

static struct mg_cmdline_token tok(const char *name, const char *value)
{
	struct mg_cmdline_token t;
	memset(&t, 0, sizeof(t));
	t.name = (char *)(uintptr_t)name;
	t.value = (char *)(uintptr_t)value;
	mg_origin_set(&t.origin, "c", 1, "cmdline:1");
	return t;
}

static void test_cma(void **state)
{
	struct mg_cma_param p;
	struct mg_error err;
	struct mg_cmdline_token t;
	(void)state;

	t = tok("cma", "256M");
	assert_int_equal(mg_parse_cma(&t, &p, &err), 0);
	assert_true(p.size_bytes == 256ull << 20);
	assert_false(p.has_base);
	assert_true(p.limit == 0);
	assert_false(p.fixed);

	/* S@B: limit = B + S = 0x80000000 + 0x4000000, fixed. */
	t = tok("cma", "64M@0x80000000");
	assert_int_equal(mg_parse_cma(&t, &p, &err), 0);
	assert_true(p.has_base);
	assert_true(p.base == 0x80000000ull);
	assert_true(p.limit == 0x84000000ull);
	assert_true(p.fixed);

	/* S@B-E with B + S != E: a window, not fixed. */
	t = tok("cma", "64M@2G-3G");
	assert_int_equal(mg_parse_cma(&t, &p, &err), 0);
	assert_true(p.base == 2ull << 30);
	assert_true(p.limit == 3ull << 30);
	assert_false(p.fixed);

	/* S@B-E with B + S == E (2G + 64M = 0x84000000): fixed. */
	t = tok("cma", "64M@2G-0x84000000");
	assert_int_equal(mg_parse_cma(&t, &p, &err), 0);
	assert_true(p.fixed);

	t = tok("cma", "0");
	assert_int_equal(mg_parse_cma(&t, &p, &err), 0);
	assert_true(p.size_bytes == 0);

	t = tok("cma", "0x4000000");
	assert_int_equal(mg_parse_cma(&t, &p, &err), 0);
	assert_true(p.size_bytes == 64ull << 20);

	/* Leading 0 is octal for simple_strtoull(.., 0): 010M = 8M. */
	t = tok("cma", "010M");
	assert_int_equal(mg_parse_cma(&t, &p, &err), 0);
	assert_true(p.size_bytes == 8ull << 20);

	t = tok("cma", "12Q");
	assert_int_equal(mg_parse_cma(&t, &p, &err), -1);
	assert_string_equal(err.msg, "cma=12Q: expected nn[KMGTPE][@start[-end]]");
	assert_string_equal(err.file, "c");
	assert_int_equal(err.line, 1);

	t = tok("cma", "256M:x");
	assert_int_equal(mg_parse_cma(&t, &p, &err), -1);
	assert_string_equal(err.msg, "cma=256M:x: expected nn[KMGTPE][@start[-end]]");

	/* 1024E = 2^70 */
	t = tok("cma", "1024E");
	assert_int_equal(mg_parse_cma(&t, &p, &err), -1);
	assert_string_equal(err.msg, "cma=1024E: size does not fit in 64 bits");

	t = tok("cma", "16E@0");
	assert_int_equal(mg_parse_cma(&t, &p, &err), -1);

	t = tok("cma", "8E@8E");
	assert_int_equal(mg_parse_cma(&t, &p, &err), -1);
	assert_string_equal(err.msg, "cma=8E@8E: start + size does not fit in 64 bits");

	t = tok("cma", NULL);
	assert_int_equal(mg_parse_cma(&t, &p, &err), -1);
}

static void test_crashkernel(void **state)
{
	struct mg_crashkernel_param p;
	struct mg_error err;
	struct mg_cmdline_token t;
	const uint64_t G = 1ull << 30, M = 1ull << 20;
	(void)state;

	t = tok("crashkernel", "256M");
	assert_int_equal(mg_parse_crashkernel(&t, 4 * G, &p, &err), 0);
	assert_true(p.size_bytes == 256 * M);
	assert_true(p.base == 0);
	assert_false(p.high);

	t = tok("crashkernel", "256M@0x10000000");
	assert_int_equal(mg_parse_crashkernel(&t, 4 * G, &p, &err), 0);
	assert_true(p.base == 0x10000000);

	/* Ranges are [start, end): 512M-2G covers 512M..2G-1, 2G- covers 2G and above. */
	t = tok("crashkernel", "512M-2G:64M,2G-:128M");
	assert_int_equal(mg_parse_crashkernel(&t, 1 * G, &p, &err), 0);
	assert_true(p.size_bytes == 64 * M);
	assert_int_equal(mg_parse_crashkernel(&t, 2 * G, &p, &err), 0);
	assert_true(p.size_bytes == 128 * M);
	assert_int_equal(mg_parse_crashkernel(&t, 512 * M, &p, &err), 0);
	assert_true(p.size_bytes == 64 * M);
	assert_int_equal(mg_parse_crashkernel(&t, 2 * G - 1, &p, &err), 0);
	assert_true(p.size_bytes == 64 * M);
	/* Below every range: nothing reserved. */
	assert_int_equal(mg_parse_crashkernel(&t, 256 * M, &p, &err), 0);
	assert_true(p.size_bytes == 0);
	/* 100M of RAM: entry 1 (64M) passes, entry 2's 128M >= 100M: parse_crashkernel_mem
	 * returns -EINVAL before it could find there is no match. */
	assert_int_equal(mg_parse_crashkernel(&t, 100 * M, &p, &err), -1);
	assert_string_equal(err.msg, "crashkernel=512M-2G:64M,2G-:128M: entry 2: size 134217728 bytes "
				     "is not below system RAM (104857600 bytes); the kernel rejects the "
				     "parameter (\"crashkernel: invalid size\")");

	t = tok("crashkernel", "512M-:64M@16M");
	assert_int_equal(mg_parse_crashkernel(&t, 1 * G, &p, &err), 0);
	assert_true(p.size_bytes == 64 * M);
	assert_true(p.base == 16 * M);

	t = tok("crashkernel", "128M,high");
	assert_int_equal(mg_parse_crashkernel(&t, 4 * G, &p, &err), 0);
	assert_true(p.high);
	assert_true(p.size_bytes == 128 * M);
	t = tok("crashkernel", "64M,low");
	assert_int_equal(mg_parse_crashkernel(&t, 4 * G, &p, &err), 0);
	assert_true(p.low);
	assert_true(p.size_bytes == 64 * M);

	t = tok("crashkernel", "128M,mid");
	assert_int_equal(mg_parse_crashkernel(&t, 4 * G, &p, &err), -1);
	t = tok("crashkernel", "2G-1G:64M");
	assert_int_equal(mg_parse_crashkernel(&t, 4 * G, &p, &err), -1);
	assert_string_equal(err.msg, "crashkernel=2G-1G:64M: range entry: end <= start");
	t = tok("crashkernel", "1G:64M");
	assert_int_equal(mg_parse_crashkernel(&t, 4 * G, &p, &err), -1);
	assert_string_equal(err.msg, "crashkernel=1G:64M: range entry: '-' expected");
}

static void test_memmap(void **state)
{
	struct mg_memmap_param p, list[4];
	struct mg_error err;
	struct mg_cmdline_token t;
	size_t n;
	(void)state;

	t = tok("memmap", "100M@2G");
	assert_int_equal(mg_parse_memmap(&t, &p, &err), 0);
	assert_int_equal(p.kind, '@');
	assert_true(p.size_bytes == 100ull << 20);
	assert_true(p.base == 2ull << 30);

	t = tok("memmap", "64K$0x18690000");
	assert_int_equal(mg_parse_memmap(&t, &p, &err), 0);
	assert_int_equal(p.kind, '$');
	assert_true(p.base == 0x18690000);

	t = tok("memmap", "exactmap");
	assert_int_equal(mg_parse_memmap(&t, &p, &err), 0);
	assert_int_equal(p.kind, 'x');

	t = tok("memmap", "1G");
	assert_int_equal(mg_parse_memmap(&t, &p, &err), 0);
	assert_int_equal(p.kind, 'l');

	t = tok("memmap", "4G%4G-1+12");
	assert_int_equal(mg_parse_memmap(&t, &p, &err), 0);
	assert_int_equal(p.kind, '%');
	assert_true(p.old_type == 1 && p.new_type == 12);

	t = tok("memmap", "100M^2G");
	assert_int_equal(mg_parse_memmap(&t, &p, &err), -1);
	t = tok("memmap", "100M@2G,64K#1M");
	assert_int_equal(mg_parse_memmap(&t, &p, &err), -1);
	assert_int_equal(mg_parse_memmap_list(&t, list, 4, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[1].kind, '#');
	assert_true(list[1].base == 1ull << 20);
	assert_int_equal(mg_parse_memmap_list(&t, list, 1, &n, &err), -1);
}

static void test_size_u64(void **state)
{
	struct mg_error err;
	struct mg_cmdline_token t;
	uint64_t v;
	(void)state;

	t = tok("mem", "2G");
	assert_int_equal(mg_parse_token_size(&t, &v, &err), 0);
	assert_true(v == 1ull << 31);
	/* 2^70 two ways: 1024E and 0x4 followed by 17 hex zeros (4 * 16^17 = 2^2 * 2^68). */
	t = tok("mem", "1024E");
	assert_int_equal(mg_parse_token_size(&t, &v, &err), -1);
	assert_string_equal(err.msg, "mem=1024E: size does not fit in 64 bits");
	t = tok("mem", "0x400000000000000000");
	assert_int_equal(mg_parse_token_size(&t, &v, &err), -1);
	assert_string_equal(err.msg, "mem=0x400000000000000000: size does not fit in 64 bits");
	t = tok("mem", "lots");
	assert_int_equal(mg_parse_token_size(&t, &v, &err), -1);
	assert_string_equal(err.msg, "mem=lots: expected a size nn[KMGTPE]");

	t = tok("hugepages", "16");
	assert_int_equal(mg_parse_token_u64(&t, &v, &err), 0);
	assert_true(v == 16);
	t = tok("hugepages", "16M");
	assert_int_equal(mg_parse_token_u64(&t, &v, &err), -1);
	t = tok("hugepages", NULL);
	assert_int_equal(mg_parse_token_u64(&t, &v, &err), -1);
	assert_string_equal(err.msg, "hugepages: no value; expected an integer");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_next_arg_quoting),
		cmocka_unit_test(test_double_dash),
		cmocka_unit_test(test_long_token),
		cmocka_unit_test(test_origins_and_lookup),
		cmocka_unit_test(test_build_arm64_54_force),
		cmocka_unit_test(test_build_arm64_61_choice),
		cmocka_unit_test(test_build_arm_extend),
		cmocka_unit_test(test_build_x86),
		cmocka_unit_test(test_build_riscv_and_truncation),
		cmocka_unit_test(test_cma),
		cmocka_unit_test(test_crashkernel),
		cmocka_unit_test(test_memmap),
		cmocka_unit_test(test_size_u64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
