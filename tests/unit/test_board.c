/* Unit tests: board folder loading (flag > board.yaml > default names), board.yaml parsing and
 * the calibration write-back.  Each test builds its board in a fresh mkdtemp folder. */
#include "unit.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <memgate/board.h>
#include <memgate/util.h>

/* 1 GiB at 0x80000000, initrd 0x88000000..0x88100000 (1 MiB), DT bootargs with cma=32M. */
static const char tiny_dts[] =
	"/dts-v1/;\n"
	"/ {\n"
	"\t#address-cells = <2>;\n"
	"\t#size-cells = <2>;\n"
	"\tmodel = \"memgate test board\";\n"
	"\tmemory@80000000 {\n"
	"\t\tdevice_type = \"memory\";\n"
	"\t\treg = <0x0 0x80000000 0x0 0x40000000>;\n"
	"\t};\n"
	"\tchosen {\n"
	"\t\tbootargs = \"console=ttyS0 cma=32M\";\n"
	"\t\tlinux,initrd-start = <0x0 0x88000000>;\n"
	"\t\tlinux,initrd-end = <0x0 0x88100000>;\n"
	"\t};\n"
	"};\n";

static const char tiny_config[] =
	"#\n"
	"# Automatically generated file; DO NOT EDIT.\n"
	"# Linux/arm64 5.4.74 Kernel Configuration\n"
	"#\n"
	"CONFIG_ARM64=y\n"
	"CONFIG_CMA=y\n"
	"CONFIG_CMA_SIZE_MBYTES=16\n";

static const char tiny_profile[] =
	"schema: memgate-profile/1\n"
	"system:\n"
	"  baseline: 48M\n"
	"applications:\n"
	"  - name: camera-pipeline\n"
	"    instances: 2\n"
	"    movable: 96M\n";

struct folder {
	char dir[64];
};

static void write_file(const struct folder *f, const char *name, const char *text)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
}

static char *read_back(const struct folder *f, const char *name)
{
	char path[512], *buf;
	size_t len;
	struct mg_error err;

	snprintf(path, sizeof(path), "%s/%s", f->dir, name);
	assert_int_equal(mg_read_file(path, 1u << 20, &buf, &len, &err), 0);
	return buf;
}

static void make_folder(struct folder *f)
{
	snprintf(f->dir, sizeof(f->dir), "/tmp/mgboard.XXXXXX");
	assert_non_null(mkdtemp(f->dir));
}

/* The folders are at most two levels deep (overlays/, other/). */
static void remove_tree(const char *dir, int depth)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char path[512];
	struct stat st;

	if (!dp)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth < 3)
			remove_tree(path, depth + 1);
		else
			unlink(path);
	}
	closedir(dp);
	rmdir(dir);
}

static void minimal_board(struct folder *f)
{
	make_folder(f);
	write_file(f, "board.dts", tiny_dts);
	write_file(f, "kernel.config", tiny_config);
}

static struct mg_board *new_board(void)
{
	struct mg_board *b = calloc(1, sizeof(*b));
	assert_non_null(b);
	return b;
}

static void expect_load_error(const char *dir, const struct mg_board_overrides *ov,
			      const char *want)
{
	struct mg_board *b = new_board();
	struct mg_error err;
	char buf[1024];

	assert_int_equal(mg_board_load(b, dir, ov, &err), -1);
	mg_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, want);
	assert_null(b->bootloader_cmdline); /* left freed */
	mg_board_free(b);
	free(b);
}

static void test_minimal(void **state)
{
	struct folder f;
	struct mg_board *b = new_board();
	struct mg_error err;
	const struct mg_cmdline_token *t;
	const char *base;
	(void)state;

	minimal_board(&f);
	assert_int_equal(mg_board_load(b, f.dir, NULL, &err), 0);
	base = strrchr(f.dir, '/') + 1;
	assert_string_equal(b->name, base);
	assert_string_equal(b->dir, f.dir);
	assert_false(b->has_profile);
	assert_false(b->has_sysmap);
	assert_false(b->has_sysctl);
	assert_null(b->bootloader_cmdline);
	assert_string_equal(b->manifest_path, "");
	assert_int_equal(b->noverlays, 0);
	assert_true(b->dt.has_bootargs);
	assert_string_equal(b->dt.model, "memgate test board");
	assert_string_equal(b->kconfig.version_text, "5.4.74");
	/* No cmdline file: the DT's bootargs are the line. */
	t = mg_cmdline_last(&b->cmdline, "cma");
	assert_non_null(t);
	assert_string_equal(t->value, "32M");
	assert_int_equal(t->source, MG_CMDLINE_SRC_DT);
	/* Initrd from the DT: 0x88100000 - 0x88000000 = 1 MiB. */
	assert_true(b->has_initrd_size);
	assert_int_equal(b->initrd_size_bytes, 0x100000);
	assert_string_equal(b->initrd_origin.what, "/chosen linux,initrd-end - linux,initrd-start");
	mg_board_free(b);
	mg_board_free(b); /* idempotent */
	free(b);
	remove_tree(f.dir, 0);
}

static void test_full_folder(void **state)
{
	struct folder f;
	struct mg_board *b = new_board();
	struct mg_error err;
	const struct mg_cmdline_token *t;
	char path[512];
	(void)state;

	minimal_board(&f);
	write_file(&f, "profile.yaml", tiny_profile);
	write_file(&f, "sysctl.conf", "vm.min_free_kbytes = 8192\n");
	write_file(&f, "System.map", "ffff800010080000 T _text\nffff800011a00000 B _end\n");
	/* Comment and blank lines are dropped; the kept lines are 2, 4 and 5. */
	write_file(&f, "cmdline", "# what U-Boot passes\nconsole=ttyAMA0,115200  earlycon\n\n"
				  "  cma=64M\n\tmem=1G # not a comment inside a line\n");
	assert_int_equal(mg_board_load(b, f.dir, NULL, &err), 0);
	assert_true(b->has_profile);
	assert_int_equal(b->profile.napps, 1);
	assert_true(b->profile.apps[0].movable_bytes == 96ull << 20);
	assert_true(b->has_sysctl);
	assert_true(b->sysctl.min_free_kbytes.set);
	assert_int_equal(b->sysctl.min_free_kbytes.value, 8192);
	assert_true(b->has_sysmap);
	snprintf(path, sizeof(path), "%s/cmdline", f.dir);
	assert_string_equal(b->cmdline_path, path);
	assert_string_equal(b->bootloader_cmdline, "console=ttyAMA0,115200  earlycon cma=64M mem=1G "
			    "# not a comment inside a line");
	/* The bootloader's line replaces the DT's bootargs: cma=32M is gone. */
	t = mg_cmdline_last(&b->cmdline, "cma");
	assert_non_null(t);
	assert_string_equal(t->value, "64M");
	assert_int_equal(t->source, MG_CMDLINE_SRC_BOOTLOADER);
	assert_string_equal(t->origin.file, path);
	assert_int_equal(t->origin.line, 4);
	t = mg_cmdline_last(&b->cmdline, "earlycon");
	assert_non_null(t);
	assert_int_equal(t->origin.line, 2);
	t = mg_cmdline_last(&b->cmdline, "mem");
	assert_non_null(t);
	assert_int_equal(t->origin.line, 5);
	t = mg_cmdline_last(&b->cmdline, "console");
	assert_non_null(t);
	assert_string_equal(t->value, "ttyAMA0,115200");
	mg_board_free(b);
	free(b);
	remove_tree(f.dir, 0);
}

static void test_manifest_and_overrides(void **state)
{
	struct folder f;
	struct mg_board *b = new_board();
	struct mg_board_overrides ov;
	struct mg_error err;
	const struct mg_cmdline_token *t;
	char path[512], other[512];
	(void)state;

	make_folder(&f);
	assert_int_equal(mkdir(strcat(strcpy(path, f.dir), "/src"), 0755), 0);
	write_file(&f, "src/my.dts", tiny_dts);
	write_file(&f, "src/my.config", tiny_config);
	write_file(&f, "board.dtb", "not a dtb: board.yaml points elsewhere"); /* never read */
	write_file(&f, "profile.yaml", "not: [a profile"); /* ignored: board.yaml names another */
	write_file(&f, "src/p.yaml", tiny_profile);
	write_file(&f, "other.yaml", "schema: memgate-profile/1\nsystem:\n  baseline: 1G\n");
	write_file(&f, "board.yaml",
		   "name: tiny\n"
		   "description: a test board\n"
		   "initrd_size: 2M\n"
		   "ram_variants: [1G, 0x80000000]\n"
		   "files:\n"
		   "  dts: src/my.dts\n"
		   "  config: src/my.config\n"
		   "  profile: src/p.yaml\n"
		   "calibration:\n"
		   "  kernel_version: 5.4.74\n"
		   "  kernel_reserved_kb: 1024\n"
		   "  residue_kb: 64\n");
	assert_int_equal(mg_board_load(b, f.dir, NULL, &err), 0);
	assert_string_equal(b->name, "tiny");
	assert_string_equal(b->description, "a test board");
	snprintf(path, sizeof(path), "%s/src/my.dts", f.dir);
	assert_string_equal(b->dt_path, path);
	snprintf(path, sizeof(path), "%s/src/p.yaml", f.dir);
	assert_string_equal(b->profile_path, path);
	assert_true(b->profile.baseline_bytes == 48ull << 20);
	/* board.yaml initrd_size wins over the DT's 1 MiB. */
	assert_int_equal(b->initrd_size_bytes, 2u << 20);
	snprintf(path, sizeof(path), "%s/board.yaml", f.dir);
	assert_string_equal(b->manifest_path, path);
	assert_string_equal(b->initrd_origin.file, path);
	assert_int_equal(b->initrd_origin.line, 3);
	assert_int_equal(b->nram_variants, 2);
	assert_true(b->ram_variants[0] == 1ull << 30);
	assert_true(b->ram_variants[1] == 0x80000000ull);
	assert_true(b->calibration.set);
	assert_string_equal(b->calibration.kernel_version, "5.4.74");
	assert_int_equal(b->calibration.kernel_reserved_kb, 1024);
	assert_int_equal(b->calibration.residue_kb, 64);
	assert_int_equal(b->calibration.late_reserved_kb, 0);
	assert_int_equal(b->calibration.origin.line, 9);
	mg_board_free(b);

	/* Flags beat board.yaml: profile, cmdline string, initrd size. */
	memset(&ov, 0, sizeof(ov));
	snprintf(other, sizeof(other), "%s/other.yaml", f.dir);
	ov.profile = other;
	ov.cmdline = "cma=128M quiet";
	ov.has_initrd_size = true;
	ov.initrd_size_bytes = 4096;
	assert_int_equal(mg_board_load(b, f.dir, &ov, &err), 0);
	assert_string_equal(b->profile_path, other);
	assert_true(b->profile.baseline_bytes == 1ull << 30);
	assert_string_equal(b->cmdline_path, "--cmdline");
	t = mg_cmdline_last(&b->cmdline, "cma");
	assert_non_null(t);
	assert_string_equal(t->value, "128M");
	assert_int_equal(b->initrd_size_bytes, 4096);
	assert_string_equal(b->initrd_origin.what, "--initrd-size");
	mg_board_free(b);

	/* No folder at all: everything from flags. */
	memset(&ov, 0, sizeof(ov));
	snprintf(path, sizeof(path), "%s/src/my.dts", f.dir);
	ov.dts = path;
	snprintf(other, sizeof(other), "%s/src/my.config", f.dir);
	ov.config = other;
	assert_int_equal(mg_board_load(b, NULL, &ov, &err), 0);
	assert_string_equal(b->dir, "");
	assert_false(b->has_profile);
	assert_int_equal(b->initrd_size_bytes, 0x100000);
	mg_board_free(b);
	free(b);
	remove_tree(f.dir, 0);
}

static void test_defaults_and_gz(void **state)
{
	struct folder f;
	struct mg_board *b = new_board();
	struct mg_error err;
	char path[512];
	gzFile gz;
	(void)state;

	make_folder(&f);
	write_file(&f, "board.dts", tiny_dts);
	snprintf(path, sizeof(path), "%s/kernel.config.gz", f.dir);
	gz = gzopen(path, "wb");
	assert_non_null(gz);
	assert_int_equal(gzputs(gz, tiny_config), (int)strlen(tiny_config));
	assert_int_equal(gzclose(gz), Z_OK);
	/* A cmdline file with only comments: the bootloader passes nothing, DT bootargs stand. */
	write_file(&f, "cmdline", "# nothing yet\n\n");
	assert_int_equal(mg_board_load(b, f.dir, NULL, &err), 0);
	assert_string_equal(b->config_path, path);
	assert_true(mg_kconfig_is_y(&b->kconfig, "CMA"));
	assert_null(b->bootloader_cmdline);
	assert_string_equal(mg_cmdline_last(&b->cmdline, "cma")->value, "32M");
	mg_board_free(b);
	free(b);
	remove_tree(f.dir, 0);
}

static void test_overlays_sorted(void **state)
{
	struct folder f;
	struct mg_board *b = new_board();
	struct mg_error err;
	char path[512];
	(void)state;

	minimal_board(&f);
	assert_int_equal(mkdir(strcat(strcpy(path, f.dir), "/overlays"), 0755), 0);
	/* Applied in name order: 10-a sets bootargs, 20-b (applied later) wins. */
	write_file(&f, "overlays/20-b.dtso",
		   "/dts-v1/;\n/plugin/;\n&{/chosen} { bootargs = \"from-b cma=8M\"; };\n");
	write_file(&f, "overlays/10-a.dts",
		   "/dts-v1/;\n/plugin/;\n&{/chosen} { bootargs = \"from-a cma=4M\"; };\n");
	write_file(&f, "overlays/README", "not an overlay");
	write_file(&f, "overlays/common.dtsi", "/* included, not applied */");
	assert_int_equal(mg_board_load(b, f.dir, NULL, &err), 0);
	assert_int_equal(b->noverlays, 2);
	snprintf(path, sizeof(path), "%s/overlays/10-a.dts", f.dir);
	assert_string_equal(b->overlay_paths[0], path);
	snprintf(path, sizeof(path), "%s/overlays/20-b.dtso", f.dir);
	assert_string_equal(b->overlay_paths[1], path);
	assert_string_equal(mg_cmdline_last(&b->cmdline, "cma")->value, "8M");
	mg_board_free(b);
	free(b);
	remove_tree(f.dir, 0);
}

static void test_missing_inputs(void **state)
{
	struct folder f;
	struct mg_board_overrides ov;
	char want[600], path[512];
	(void)state;

	make_folder(&f);
	snprintf(want, sizeof(want), "%s: no board.dts or board.dtb (expected a device tree)", f.dir);
	expect_load_error(f.dir, NULL, want);
	/* A trailing slash does not leak into the message. */
	snprintf(path, sizeof(path), "%s/", f.dir);
	expect_load_error(path, NULL, want);
	write_file(&f, "board.dts", tiny_dts);
	snprintf(want, sizeof(want), "%s: no kernel.config or kernel.config.gz (expected the kernel "
		 ".config)", f.dir);
	expect_load_error(f.dir, NULL, want);
	expect_load_error(NULL, NULL, "no device tree given (--dtb or --dts, or a board folder)");
	snprintf(path, sizeof(path), "%s/nope", f.dir);
	snprintf(want, sizeof(want), "%s: not a board folder (no such directory)", path);
	expect_load_error(path, NULL, want);

	/* A flag naming a missing file is an error (not a fall-back to the folder). */
	write_file(&f, "kernel.config", tiny_config);
	memset(&ov, 0, sizeof(ov));
	snprintf(path, sizeof(path), "%s/missing.yaml", f.dir);
	ov.profile = path;
	snprintf(want, sizeof(want), "%s: cannot open: No such file or directory", path);
	expect_load_error(f.dir, &ov, want);

	memset(&ov, 0, sizeof(ov));
	ov.cmdline = "a";
	ov.cmdline_file = "b";
	expect_load_error(f.dir, &ov, "give --cmdline or --cmdline-file, not both");

	/* A bad profile names its own file:line:col. */
	write_file(&f, "profile.yaml", "schema: memgate-profile/1\nsystem: {baseline: -1}\n");
	snprintf(want, sizeof(want), "%s/profile.yaml:2:20: system.baseline: invalid size '-1': "
		 "negative values are not allowed", f.dir);
	expect_load_error(f.dir, NULL, want);
	remove_tree(f.dir, 0);
}

static void expect_manifest_error(const char *text, const char *want)
{
	struct mg_board *b = new_board();
	struct mg_error err;
	char buf[1024];

	assert_int_equal(mg_manifest_parse_buf(b, text, strlen(text), "b/board.yaml", &err), -1);
	mg_error_format(&err, buf, sizeof(buf));
	assert_string_equal(buf, want);
	free(b);
}

static void test_manifest_parse(void **state)
{
	struct mg_board *b = new_board();
	struct mg_error err;
	const char *text = "files:\n  dts: x.dts\n  overlays: [o/1.dtbo, /abs/2.dtbo]\n"
			   "  system_map: /boot/System.map\ninclude_dirs:\n  - include\n";
	(void)state;

	assert_int_equal(mg_manifest_parse_buf(b, text, strlen(text), "b/board.yaml", &err), 0);
	assert_string_equal(b->files.dts, "b/x.dts");
	assert_string_equal(b->files.dtb, "");
	assert_true(b->files.has_overlays);
	assert_int_equal(b->files.noverlays, 2);
	assert_string_equal(b->files.overlays[0], "b/o/1.dtbo");
	assert_string_equal(b->files.overlays[1], "/abs/2.dtbo");
	assert_string_equal(b->files.system_map, "/boot/System.map");
	assert_int_equal(b->files.ninclude_dirs, 1);
	assert_string_equal(b->files.include_dirs[0], "b/include");
	assert_false(b->calibration.set);
	free(b);

	expect_manifest_error("nmae: x\n", "b/board.yaml:1:1: unknown key 'nmae' (expected name, "
			      "description, initrd_size, ram_variants, files, include_dirs, calibration)");
	expect_manifest_error("files:\n  dts: a.dts\n  dtb: a.dtb\n",
			      "b/board.yaml:3:3: files: give either dts or dtb, not both (dts at line 2)");
	expect_manifest_error("files:\n  kernel: a\n", "b/board.yaml:2:3: files: unknown key "
			      "'kernel' (expected dts, dtb, overlays, cmdline, config, system_map, "
			      "profile, sysctl)");
	expect_manifest_error("name: a\nname: b\n",
			      "b/board.yaml:2:1: duplicate key 'name' (first at line 1)");
	expect_manifest_error("ram_variants: 1G\n",
			      "b/board.yaml:1:15: ram_variants: expected a sequence, found a scalar");
	expect_manifest_error("ram_variants: [1G, 0]\n",
			      "b/board.yaml:1:20: ram_variants[1]: a RAM size must not be 0");
	expect_manifest_error("initrd_size: 1.5M\n", "b/board.yaml:1:14: initrd_size: invalid "
			      "size '1.5M': fractional values are not allowed");
	expect_manifest_error("calibration:\n  residue_kb: 1\n", "b/board.yaml:2:3: calibration: "
			      "missing 'kernel_version' (a calibration applies to one kernel version only)");
	expect_manifest_error("calibration:\n  kernel_version: 5.4\n  residue_kb: 1K\n",
			      "b/board.yaml:3:15: calibration.residue_kb: invalid number '1K': "
			      "expected a whole number");
	expect_manifest_error("name: &n x\n", "b/board.yaml:1:7: anchors are not allowed in a "
			      "board.yaml");
	expect_manifest_error("files: [a]\n", "b/board.yaml:1:8: files: expected a mapping, found "
			      "a sequence");
}

static void test_write_calibration(void **state)
{
	struct folder f;
	struct mg_calibration cal;
	struct mg_error err;
	char path[512], *text;
	(void)state;

	make_folder(&f);
	snprintf(path, sizeof(path), "%s/board.yaml", f.dir);
	memset(&cal, 0, sizeof(cal));
	cal.set = true;
	snprintf(cal.kernel_version, sizeof(cal.kernel_version), "6.1.0");
	cal.kernel_reserved_kb = 100;
	cal.residue_kb = 7;
	cal.late_reserved_kb = 3;

	/* Replace: every byte outside the block survives, the block's last-line comment goes. */
	write_file(&f, "board.yaml", "name: x   # the name\n# keep me\ncalibration:\n"
				     "  kernel_version: \"5.4.74\"\n  residue_kb: 12   # old\n"
				     "# trailing comment\nfiles:\n  dts: board.dts\n");
	assert_int_equal(mg_manifest_write_calibration(path, &cal, &err), 0);
	text = read_back(&f, "board.yaml");
	assert_string_equal(text, "name: x   # the name\n# keep me\ncalibration:\n"
			    "  kernel_version: \"6.1.0\"\n  kernel_reserved_kb: 100\n  residue_kb: 7\n"
			    "  late_reserved_kb: 3\n# trailing comment\nfiles:\n  dts: board.dts\n");
	free(text);

	/* Insert after the last content line, before trailing comments. */
	write_file(&f, "board.yaml", "name: x\nfiles:\n  dts: board.dts\n# end comment\n");
	assert_int_equal(mg_manifest_write_calibration(path, &cal, &err), 0);
	text = read_back(&f, "board.yaml");
	assert_string_equal(text, "name: x\nfiles:\n  dts: board.dts\ncalibration:\n"
			    "  kernel_version: \"6.1.0\"\n  kernel_reserved_kb: 100\n  residue_kb: 7\n"
			    "  late_reserved_kb: 3\n# end comment\n");
	free(text);

	/* No final newline, and a version text that needs escaping. */
	write_file(&f, "board.yaml", "name: x");
	snprintf(cal.kernel_version, sizeof(cal.kernel_version), "5.4.74-\"vendor\"\\x");
	assert_int_equal(mg_manifest_write_calibration(path, &cal, &err), 0);
	text = read_back(&f, "board.yaml");
	assert_string_equal(text, "name: x\ncalibration:\n  kernel_version: \"5.4.74-\\\"vendor\\\"\\\\x\"\n"
			    "  kernel_reserved_kb: 100\n  residue_kb: 7\n  late_reserved_kb: 3\n");
	free(text);

	/* A null calibration value is replaced too. */
	write_file(&f, "board.yaml", "calibration:\nname: x\n");
	snprintf(cal.kernel_version, sizeof(cal.kernel_version), "6.1.0");
	assert_int_equal(mg_manifest_write_calibration(path, &cal, &err), 0);
	text = read_back(&f, "board.yaml");
	assert_string_equal(text, "calibration:\n  kernel_version: \"6.1.0\"\n  kernel_reserved_kb: 100\n"
			    "  residue_kb: 7\n  late_reserved_kb: 3\nname: x\n");
	free(text);

	/* Created when absent. */
	unlink(path);
	assert_int_equal(mg_manifest_write_calibration(path, &cal, &err), 0);
	text = read_back(&f, "board.yaml");
	assert_string_equal(text, "calibration:\n  kernel_version: \"6.1.0\"\n  kernel_reserved_kb: 100\n"
			    "  residue_kb: 7\n  late_reserved_kb: 3\n");
	free(text);

	/* An invalid board.yaml is left alone. */
	write_file(&f, "board.yaml", "name: x\nbogus: 1\n");
	assert_int_equal(mg_manifest_write_calibration(path, &cal, &err), -1);
	assert_int_equal(err.line, 2);
	text = read_back(&f, "board.yaml");
	assert_string_equal(text, "name: x\nbogus: 1\n");
	free(text);
	remove_tree(f.dir, 0);
}

/* The checked-in folder tests/data/board/minimal (run from the repository root). */
static void test_data_folder(void **state)
{
	struct mg_board *b = new_board();
	struct mg_error err;
	const struct mg_cmdline_token *t;
	struct mg_demand dm;
	(void)state;

	assert_int_equal(mg_board_load(b, "tests/data/board/minimal", NULL, &err), 0);
	assert_string_equal(b->name, "minimal");
	assert_int_equal(b->nram_variants, 2);
	assert_true(b->ram_variants[1] == 2ull << 30);
	assert_int_equal(b->noverlays, 1);
	assert_string_equal(b->overlay_paths[0], "tests/data/board/minimal/overlays/10-bootargs.dtso");
	assert_string_equal(b->dt.bootargs, "console=ttyS0 loglevel=7"); /* from the overlay */
	assert_string_equal(b->bootloader_cmdline, "console=ttyAMA0,115200 cma=96M");
	t = mg_cmdline_last(&b->cmdline, "cma");
	assert_non_null(t);
	assert_string_equal(t->origin.file, "tests/data/board/minimal/cmdline");
	assert_int_equal(t->origin.line, 4);
	assert_null(mg_cmdline_last(&b->cmdline, "loglevel")); /* DT bootargs replaced */
	assert_false(b->has_initrd_size);
	assert_true(b->has_profile);
	/* 64M baseline; 2 x 96M movable = 192M; 2 x 8M = 16M; 2 x 32M = 64M. */
	assert_int_equal(mg_profile_demand(&b->profile, &dm, &err), 0);
	assert_true(dm.baseline_bytes == 64ull << 20);
	assert_true(dm.movable_bytes == 192ull << 20);
	assert_true(dm.unmovable_bytes == 16ull << 20);
	assert_true(dm.cma_bytes == 64ull << 20);
	mg_board_free(b);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal),
		cmocka_unit_test(test_full_folder),
		cmocka_unit_test(test_manifest_and_overrides),
		cmocka_unit_test(test_defaults_and_gz),
		cmocka_unit_test(test_overlays_sorted),
		cmocka_unit_test(test_missing_inputs),
		cmocka_unit_test(test_manifest_parse),
		cmocka_unit_test(test_write_calibration),
		cmocka_unit_test(test_data_folder),
	};
	return cmocka_run_group_tests_name("board", tests, NULL, NULL);
}
