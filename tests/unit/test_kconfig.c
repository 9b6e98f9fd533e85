/* Unit tests: .config reader (scripts/kconfig/confdata.c syntax), plain and gzip. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <zlib.h>

#include <memgate/kconfig.h>
#include <memgate/util.h>

#define DATA "tests/data/kconfig/"

static int parse_str(struct mg_kconfig *kc, const char *s, struct mg_error *err)
{
	return mg_kconfig_parse_buf(kc, s, strlen(s), "t.config", err);
}

static void test_header_versions(void **state)
{
	struct mg_kconfig kc;
	struct mg_error err;
	(void)state;

	assert_int_equal(parse_str(&kc, "#\n# Linux/arm64 6.1.0-rc3 Kernel Configuration\n#\n", &err), 0);
	assert_true(kc.has_version);
	assert_int_equal(kc.version, 6);
	assert_int_equal(kc.patchlevel, 1);
	assert_int_equal(kc.sublevel, 0);
	assert_string_equal(kc.version_text, "6.1.0-rc3");
	assert_string_equal(kc.arch, "arm64");
	assert_int_equal(kc.version_line, 2);
	mg_kconfig_free(&kc);

	assert_int_equal(parse_str(&kc, "# Linux/arm64 5.4.74-vendor Kernel Configuration\n", &err), 0);
	assert_int_equal(kc.version, 5);
	assert_int_equal(kc.patchlevel, 4);
	assert_int_equal(kc.sublevel, 74);
	/* MG_KV(5,4,74) = 5<<16 | 4<<8 | 74 = 327680 + 1024 + 74 */
	assert_int_equal(mg_kconfig_kv(&kc), 328778);
	mg_kconfig_free(&kc);

	/* No sublevel at all: 0. */
	assert_int_equal(parse_str(&kc, "# Linux/riscv 6.12-rc1 Kernel Configuration\n", &err), 0);
	assert_true(kc.has_version);
	assert_int_equal(kc.version, 6);
	assert_int_equal(kc.patchlevel, 12);
	assert_int_equal(kc.sublevel, 0);
	assert_string_equal(kc.arch, "riscv");
	mg_kconfig_free(&kc);

	/* No header: has_version false, kv 0 (the model refuses to guess). */
	assert_int_equal(parse_str(&kc, "CONFIG_A=y\n", &err), 0);
	assert_false(kc.has_version);
	assert_int_equal(mg_kconfig_kv(&kc), 0);
	mg_kconfig_free(&kc);
}

static void test_values(void **state)
{
	struct mg_kconfig kc;
	struct mg_error err;
	struct mg_kconfig_sym sym;
	const struct mg_kconfig_sym *s = &sym;
	size_t pos = 0;
	(void)state;

	assert_int_equal(parse_str(&kc,
				   "CONFIG_Z=m\n"
				   "# CONFIG_OFF is not set\n"
				   "CONFIG_S=\"a \\\"q\\\" \\\\ b\"\n"
				   "CONFIG_HEX=0x1000\n"
				   "CONFIG_NEG=-5\n"
				   "CONFIG_A=y\n"
				   "CONFIG_EMPTY=\"\"\n"
				   "# just a comment\n"
				   "\n",
				   &err),
			 0);
	assert_int_equal(kc.nsyms, 7);
	/* File order; lookups go through the hash index. */
	assert_true(mg_kconfig_next(&kc, &pos, &sym));
	assert_string_equal(sym.name, "Z");
	for (int i = 1; i < 6; i++)
		assert_true(mg_kconfig_next(&kc, &pos, &sym));
	assert_string_equal(sym.name, "A");
	assert_int_equal(sym.line, 6);
	assert_true(mg_kconfig_next(&kc, &pos, &sym));
	assert_string_equal(sym.name, "EMPTY");
	assert_true(sym.quoted);
	assert_false(mg_kconfig_next(&kc, &pos, &sym));
	assert_true(mg_kconfig_is_y(&kc, "A"));
	assert_true(mg_kconfig_is_y(&kc, "CONFIG_A")); /* prefix tolerated */
	assert_false(mg_kconfig_is_y(&kc, "Z"));
	assert_true(mg_kconfig_find(&kc, "Z", &sym));
	assert_string_equal(s->value, "m");
	assert_int_equal(s->line, 1);
	assert_true(mg_kconfig_find(&kc, "OFF", &sym));
	assert_string_equal(s->value, "n");
	assert_int_equal(s->line, 2);
	/* confdata.c: a backslash keeps the next character literally. */
	assert_string_equal(mg_kconfig_str(&kc, "S"), "a \"q\" \\ b");
	assert_string_equal(mg_kconfig_str(&kc, "EMPTY"), "");
	assert_true(mg_kconfig_find(&kc, "EMPTY", NULL));
	assert_string_equal(mg_kconfig_str(&kc, "ABSENT"), "");
	assert_false(mg_kconfig_find(&kc, "ABSENT", NULL));
	assert_false(mg_kconfig_find(&kc, "", NULL));
	assert_false(mg_kconfig_find(&kc, "A=y", NULL)); /* not a name */
	assert_false(mg_kconfig_find(&kc, "ZZ", NULL));  /* Z is no prefix match */
	assert_int_equal(mg_kconfig_int(&kc, "HEX", -1), 4096);
	assert_int_equal(mg_kconfig_int(&kc, "NEG", 0), -5);
	assert_int_equal(mg_kconfig_int(&kc, "ABSENT", 77), 77);
	assert_int_equal(mg_kconfig_int(&kc, "S", 77), 77); /* a string is not a number */
	assert_int_equal(mg_kconfig_int(&kc, "A", 77), 77);
	mg_kconfig_free(&kc);
}

static void test_crlf_and_duplicates(void **state)
{
	struct mg_kconfig kc;
	struct mg_error err;
	struct mg_kconfig_sym sym;
	const struct mg_kconfig_sym *s = &sym;
	size_t pos = 0;
	(void)state;

	assert_int_equal(parse_str(&kc,
				   "# Linux/arm 5.10.0 Kernel Configuration\r\n"
				   "CONFIG_A=y\r\n"
				   "CONFIG_B=\"x y\"\r\n"
				   "CONFIG_A=m\r\n",
				   &err),
			 0);
	assert_true(kc.has_version);
	assert_string_equal(kc.arch, "arm");
	assert_int_equal(kc.nsyms, 2);
	/* Last assignment wins, as conf_read does. */
	assert_true(mg_kconfig_find(&kc, "A", &sym));
	assert_string_equal(s->value, "m");
	assert_int_equal(s->line, 4);
	assert_string_equal(mg_kconfig_str(&kc, "B"), "x y");
	/* ... and the file order lists A once, where it is last assigned. */
	assert_true(mg_kconfig_next(&kc, &pos, &sym));
	assert_string_equal(sym.name, "B");
	assert_true(mg_kconfig_next(&kc, &pos, &sym));
	assert_string_equal(sym.name, "A");
	assert_string_equal(sym.value, "m");
	assert_false(mg_kconfig_next(&kc, &pos, &sym));
	mg_kconfig_free(&kc);
}

static void test_garbage(void **state)
{
	struct mg_kconfig kc;
	struct mg_error err;
	static const char nul[] = "CONFIG_A=y\nCONFIG_B\0=y\n";
	(void)state;

	assert_int_equal(mg_kconfig_load(&kc, DATA "garbage.config", &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	assert_string_equal(err.file, DATA "garbage.config");
	assert_int_equal(err.line, 6);
	assert_string_equal(err.msg, "expected CONFIG_NAME=value or '# CONFIG_NAME is not set'");
	assert_null(kc.index);
	assert_null(kc.text.data);

	assert_int_equal(mg_kconfig_parse_buf(&kc, nul, sizeof(nul) - 1, "bin", &err), -1);
	assert_int_equal(err.line, 2);
	assert_string_equal(err.msg,
			    "NUL byte in line; expected CONFIG_NAME=value or '# CONFIG_NAME is not set'");

	assert_int_equal(parse_str(&kc, "CONFIG_S=\"open\n", &err), -1);
	assert_int_equal(err.line, 1);
	assert_string_equal(err.msg, "unterminated string value for CONFIG_S");

	assert_int_equal(parse_str(&kc, "CONFIG_=y\n", &err), -1);
	assert_int_equal(parse_str(&kc, "CONFIG_A y\n", &err), -1);

	/* A name of MG_KCONFIG_NAME_MAX characters is read; one more is refused. */
	{
		char line[MG_KCONFIG_NAME_MAX + 32];
		memset(line, 'N', sizeof(line));
		memcpy(line, "CONFIG_", 7);
		strcpy(line + 7 + MG_KCONFIG_NAME_MAX, "=y\n");
		assert_int_equal(parse_str(&kc, line, &err), 0);
		assert_int_equal(kc.nsyms, 1);
		mg_kconfig_free(&kc);
		memset(line, 'N', sizeof(line));
		memcpy(line, "CONFIG_", 7);
		strcpy(line + 7 + MG_KCONFIG_NAME_MAX + 1, "=y\n");
		assert_int_equal(parse_str(&kc, line, &err), -1);
		assert_string_equal(err.msg, "symbol name longer than 127 characters");
	}
}

static void test_origin(void **state)
{
	struct mg_kconfig kc;
	struct mg_error err;
	struct mg_origin o;
	char buf[300];
	(void)state;

	assert_int_equal(mg_kconfig_load(&kc, DATA "arm64-5.4-force.config", &err), 0);
	assert_int_equal(mg_kconfig_kv(&kc), MG_KV(5, 4, 74));
	mg_kconfig_origin(&kc, "ARM64_64K_PAGES", &o);
	mg_origin_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, DATA "arm64-5.4-force.config:12 CONFIG_ARM64_64K_PAGES=y");
	mg_kconfig_origin(&kc, "CMDLINE", &o);
	mg_origin_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, DATA "arm64-5.4-force.config:15 CONFIG_CMDLINE=\"console=ttyAMA0,115200 cma=256M\"");
	mg_kconfig_origin(&kc, "ARM64_4K_PAGES", &o);
	mg_origin_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, DATA "arm64-5.4-force.config:13 CONFIG_ARM64_4K_PAGES is not set");
	mg_kconfig_origin(&kc, "CMA_SIZE_PERCENTAGE", &o);
	mg_origin_format(&o, buf, sizeof(buf));
	assert_string_equal(buf, "CONFIG_CMA_SIZE_PERCENTAGE not set in " DATA
				 "arm64-5.4-force.config, kernel default");
	assert_int_equal(mg_kconfig_int(&kc, "CMA_SIZE_MBYTES", 0), 64);
	/* 0xffff000010000000 does not fit int64_t: the default comes back. */
	assert_int_equal(mg_kconfig_int(&kc, "KERNEL_START", -1), -1);
	mg_kconfig_free(&kc);
}

/* Write text gzip-compressed to a temp file; return its path in buf. */
static void write_gz(char *path, size_t size, const char *text, size_t len)
{
	int fd;
	gzFile gz;

	snprintf(path, size, "/tmp/memgate-kconfig-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	gz = gzopen(path, "wb");
	assert_non_null(gz);
	assert_int_equal(gzwrite(gz, text, (unsigned)len), (int)len);
	assert_int_equal(gzclose(gz), Z_OK);
}

static void test_gzip(void **state)
{
	static const char text[] = "#\n# Linux/arm64 6.6.3 Kernel Configuration\n#\n"
				   "CONFIG_CMA=y\nCONFIG_CMA_SIZE_MBYTES=32\n# CONFIG_NUMA is not set\n";
	struct mg_kconfig kc;
	struct mg_error err;
	char path[64];
	FILE *f;
	long sz;
	(void)state;

	write_gz(path, sizeof(path), text, sizeof(text) - 1);
	assert_int_equal(mg_kconfig_load(&kc, path, &err), 0);
	assert_int_equal(mg_kconfig_kv(&kc), MG_KV(6, 6, 3));
	assert_true(mg_kconfig_is_y(&kc, "CMA"));
	assert_int_equal(mg_kconfig_int(&kc, "CMA_SIZE_MBYTES", 0), 32);
	{
		struct mg_kconfig_sym sym;
		assert_true(mg_kconfig_find(&kc, "NUMA", &sym));
		assert_string_equal(sym.value, "n");
		assert_int_equal(sym.line, 6);
	}
	assert_string_equal(kc.file, path);
	mg_kconfig_free(&kc);

	/* Cut the gzip file in half: truncated stream is an input error, not a crash. */
	f = fopen(path, "rb+");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	sz = ftell(f);
	fclose(f);
	assert_int_equal(truncate(path, sz / 2), 0);
	assert_int_equal(mg_kconfig_load(&kc, path, &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
	assert_string_equal(err.msg, "truncated gzip data");
	unlink(path);
}

static void test_gzip_bomb(void **state)
{
	/* 17 MiB of '#' lines compresses to ~17 KiB; inflating past MG_KCONFIG_MAX_BYTES stops. */
	size_t len = (17u << 20);
	char *text = malloc(len);
	struct mg_kconfig kc;
	struct mg_error err;
	char path[64];
	size_t i;
	(void)state;

	assert_non_null(text);
	for (i = 0; i < len; i++)
		text[i] = (i % 64 == 63) ? '\n' : '#';
	write_gz(path, sizeof(path), text, len);
	free(text);
	assert_int_equal(mg_kconfig_load(&kc, path, &err), -1);
	assert_string_equal(err.msg, "decompressed .config larger than the 16777216-byte limit");
	unlink(path);
}

/* Names and values are decoded from their lines: blanks, CR, the end of the text without a
 * newline, escapes and " is not set" all end them correctly. */
static void test_line_edges(void **state)
{
	struct mg_kconfig kc;
	struct mg_error err;
	struct mg_kconfig_sym sym;
	const struct mg_kconfig_sym *s = &sym;
	size_t pos = 0;
	char buf[] = "CONFIG_T=y \t\n"
		     "  # CONFIG_N is not set  \r\n"
		     "CONFIG_Q=\"a\\\\b\\\"c\"\r\n"
		     "CONFIG_LAST=0x10";
	(void)state;

	assert_int_equal(mg_kconfig_parse_buf(&kc, buf, sizeof(buf) - 1, "t.config", &err), 0);
	assert_int_equal(kc.nsyms, 4);
	assert_true(mg_kconfig_next(&kc, &pos, &sym));
	assert_string_equal(sym.name, "T");
	assert_string_equal(sym.value, "y"); /* trailing blanks dropped */
	assert_true(mg_kconfig_find(&kc, "N", &sym));
	assert_string_equal(s->value, "n");
	assert_int_equal(s->line, 2);
	/* "a\\b\"c" in the file: a, escaped backslash, b, escaped quote, c. */
	assert_string_equal(mg_kconfig_str(&kc, "Q"), "a\\b\"c");
	assert_true(mg_kconfig_find(&kc, "Q", &sym) && sym.quoted);
	assert_int_equal(mg_kconfig_int(&kc, "LAST", -1), 16);
	assert_true(mg_kconfig_find(&kc, "LAST", &sym));
	assert_int_equal(sym.line, 4);
	assert_string_equal(sym.value, "0x10");
	/* The caller's buffer is left as it was. */
	assert_memory_equal(buf, "CONFIG_T=y \t\n", 13);
	mg_kconfig_free(&kc);

	/* More symbols than the length-based first guess ((len / 29 + 16) * 4 / 3 slots): the
	 * index doubles whenever it would pass 3/4 full, and line numbers past the 4 KiB
	 * boundaries of the text stay right. */
	{
		struct mg_buf b;
		char name[32];
		mg_buf_init(&b);
		for (int i = 0; i < 1000; i++) {
			snprintf(name, sizeof(name), "CONFIG_S%d=y\n", i);
			mg_buf_puts(&b, name);
		}
		assert_false(b.failed);
		assert_int_equal(mg_kconfig_parse_buf(&kc, b.data, b.len, "t.config", &err), 0);
		assert_int_equal(kc.nsyms, 1000);
		assert_true(mg_kconfig_is_y(&kc, "S0"));
		assert_true(mg_kconfig_find(&kc, "S999", &sym));
		assert_int_equal(sym.line, 1000);
		/* Line 600, "CONFIG_S599=y\n", starts at byte 10*12 + 90*13 + 499*14 = 8276, in the
		 * third 4 KiB chunk. */
		assert_true(mg_kconfig_find(&kc, "S599", &sym));
		assert_int_equal(sym.line, 600);
		/* The text is 10*12 + 90*13 + 900*14 = 13890 bytes: (13890/29 + 16) * 4/3 = 658 ->
		 * 1024 slots first; 1000 symbols pass 3/4 of 1024 (768), so 2048. */
		assert_int_equal(kc.index_size, 2048);
		mg_kconfig_free(&kc);
		mg_buf_free(&b);
	}
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A .config of MG_FILE_MAP_MIN_BYTES or more is mapped, not copied; a smaller one is read;
 * both read the same. */
static void test_mapped_file(void **state)
{
	static const char head[] = "# Linux/arm64 6.1.0 Kernel Configuration\nCONFIG_CMA=y\n";
	static const char tail[] = "CONFIG_CMA_SIZE_MBYTES=64"; /* no final newline */
	char path[] = "/tmp/memgate-kc-XXXXXX";
	struct mg_kconfig kc;
	struct mg_error err;
	struct mg_kconfig_sym sym;
	struct mg_buf b;
	int fd = mkstemp(path);
	unsigned lines = 2;
	(void)state;

	assert_true(fd >= 0);
	close(fd);
	mg_buf_init(&b);
	mg_buf_puts(&b, head);
	while (b.len < MG_FILE_MAP_MIN_BYTES) {
		mg_buf_puts(&b, "# a comment line of the padding\n");
		lines++;
	}
	mg_buf_puts(&b, tail);
	assert_false(b.failed);

	write_file(path, b.data, b.len);
	assert_int_equal(mg_kconfig_load(&kc, path, &err), 0);
	assert_non_null(kc.text.map);
	assert_int_equal(kc.text.len, b.len);
	assert_true(mg_kconfig_is_y(&kc, "CMA"));
	/* The last line has no newline: its value ends at the end of the mapping. */
	assert_true(mg_kconfig_find(&kc, "CMA_SIZE_MBYTES", &sym));
	assert_string_equal(sym.value, "64");
	assert_int_equal(sym.line, lines + 1);
	mg_kconfig_free(&kc);

	write_file(path, head, sizeof(head) - 1);
	assert_int_equal(mg_kconfig_load(&kc, path, &err), 0);
	assert_null(kc.text.map);
	assert_true(mg_kconfig_is_y(&kc, "CMA"));
	mg_kconfig_free(&kc);

	/* An empty file is read too. */
	write_file(path, "", 0);
	assert_int_equal(mg_kconfig_load(&kc, path, &err), 0);
	assert_null(kc.text.map);
	assert_int_equal(kc.nsyms, 0);
	assert_false(mg_kconfig_find(&kc, "CMA", NULL));
	mg_kconfig_free(&kc);
	mg_buf_free(&b);
	unlink(path);
}

/* A real .config read twice: as it is, where nearly every line takes plain_symbol_line's
 * shortcut, and with CRLF line ends, where every line takes the general path.  Both must
 * give the same symbols, values and lines. */
static void test_shortcut_matches_general_path(void **state)
{
	const char *path = "boards/imx8mp-tqma8mpql/kernel.config";
	struct mg_kconfig lf, crlf;
	struct mg_kconfig_sym a, b;
	struct mg_error err;
	struct mg_buf text;
	char *raw;
	size_t len, pa = 0, pb = 0, n = 0;
	(void)state;

	assert_int_equal(mg_read_file(path, MG_KCONFIG_MAX_BYTES, &raw, &len, &err), 0);
	mg_buf_init(&text);
	for (size_t i = 0; i < len; i++)
		mg_buf_append(&text, raw[i] == '\n' ? "\r\n" : &raw[i], raw[i] == '\n' ? 2 : 1);
	assert_false(text.failed);
	assert_int_equal(mg_kconfig_load(&lf, path, &err), 0);
	assert_int_equal(mg_kconfig_parse_buf(&crlf, text.data, text.len, path, &err), 0);
	assert_true(lf.nsyms > 5000);
	assert_int_equal(lf.nsyms, crlf.nsyms);
	while (mg_kconfig_next(&lf, &pa, &a)) {
		assert_true(mg_kconfig_next(&crlf, &pb, &b));
		assert_string_equal(a.name, b.name);
		assert_string_equal(a.value, b.value);
		assert_int_equal(a.line, b.line);
		assert_int_equal(a.quoted, b.quoted);
		n++;
	}
	assert_false(mg_kconfig_next(&crlf, &pb, &b));
	assert_int_equal(n, lf.nsyms);
	mg_kconfig_free(&lf);
	mg_kconfig_free(&crlf);
	mg_buf_free(&text);
	free(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_versions),
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_crlf_and_duplicates),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_origin),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_gzip_bomb),
		cmocka_unit_test(test_line_edges),
		cmocka_unit_test(test_mapped_file),
		cmocka_unit_test(test_shortcut_matches_general_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
