/* Unit tests: what a booted board prints (src/parse/bootlog.c): dmesg boot lines of
 * 4.19-6.12, /proc/meminfo, /proc/zoneinfo, sysctl dumps, and the line cleaner. */
#include "unit.h"

#include <memgate/logs.h>

#define LOGS "tests/data/logs/"

static void boot(struct mg_bootlog *b, const char *path)
{
	struct mg_error err = { 0 };
	if (mg_bootlog_load(b, path, &err))
		fail_msg("%s: %s", path, err.msg);
}

static void test_clean_line(void **state)
{
	size_t n;
	const char *m;
	(void)state;

	m = mg_log_clean_line("<6>[    0.000000] cma: Reserved 64 MiB\r\n", 40, &n);
	assert_int_equal(n, 20);
	assert_memory_equal(m, "cma: Reserved 64 MiB", 20);
	m = mg_log_clean_line("[    0.000000][    T0] Zone ranges:", 35, &n);
	assert_int_equal(n, 12);
	assert_memory_equal(m, "Zone ranges:", 12);
	m = mg_log_clean_line("Feb 10 09:14:00 debian kernel: Memory: 1K/2K available", 54, &n);
	assert_memory_equal(m, "Memory: 1K/2K available", n);
	/* a tasks-table pid is not a timestamp */
	m = mg_log_clean_line("[   1415]     0  1415 ash", 25, &n);
	assert_memory_equal(m, "[   1415]     0  1415 ash", n);
	m = mg_log_clean_line("", 0, &n);
	assert_int_equal(n, 0);
	m = mg_log_clean_line("[", 1, &n);
	assert_int_equal(n, 1);
}

/* The seed's `dmesg | grep -i cma`. */
static void test_seed_cma_dmesg(void **state)
{
	struct mg_bootlog b;
	(void)state;

	boot(&b, LOGS "e2000q-cma-dmesg.log");
	assert_int_equal(b.ncma, 1);
	assert_int_equal(b.cma[0].kind, MG_BOOT_CMA_RESERVED);
	assert_int_equal(b.cma[0].size_bytes, 512ull << 20);
	assert_int_equal(b.cma[0].base, 0xc0000000);
	assert_int_equal(b.cma[0].node, -1);
	assert_int_equal(b.cma[0].line, 3);
	assert_int_equal(b.ncma_declare, 1);
	assert_int_equal(b.cma_declare[0].size_bytes, 0x4000000);
	assert_int_equal(b.cma_declare[0].limit, 0xfc000000);
	assert_int_equal(b.mem_available_kb.value, 1316544);
	assert_int_equal(b.mem_total_kb.value, 2031616);
	assert_int_equal(b.kernel_code_kb.value, 16316);
	assert_int_equal(b.rwdata_kb.value, 1942);
	assert_int_equal(b.rodata_kb.value, 5504);
	assert_int_equal(b.init_kb.value, 5312);
	assert_int_equal(b.bss_kb.value, 2160);
	assert_int_equal(b.reserved_kb.value, 190784);
	assert_int_equal(b.cma_reserved_kb.value, 524288);
	assert_false(b.highmem_kb.set);
	assert_int_equal(b.mem_total_kb.line, 4);
	assert_int_equal(b.mobility_grouping, MG_TRI_UNKNOWN);
	mg_bootlog_free(&b);
}

static void test_dmesg_419(void **state)
{
	struct mg_bootlog b;
	(void)state;

	boot(&b, LOGS "dmesg-4.19-arm64-4k.log");
	assert_string_equal(b.version, "4.19.72");
	assert_int_equal(b.ver_major, 4);
	assert_int_equal(b.ver_minor, 19);
	assert_int_equal(b.ver_patch, 72);
	assert_string_equal(b.cmdline, "console=ttyAMA0 root=/dev/vda rw cma=64M");
	assert_int_equal(b.cmdline_line, 22);
	assert_int_equal(b.nzone_ranges, 2);
	assert_string_equal(b.zone_ranges[0].name, "DMA32");
	assert_int_equal(b.zone_ranges[0].start, 0x40000000);
	assert_int_equal(b.zone_ranges[0].end, 0xbfffffff);
	assert_true(b.zone_ranges[1].empty);
	assert_int_equal(b.nnode_ranges, 1);
	assert_int_equal(b.mobility_grouping, MG_TRI_YES);
	/* 524288 present pages - 8192 memmap pages (64 B each, 4 KiB pages) */
	assert_int_equal(b.total_pages.value, 516096);
	assert_int_equal(b.zonelists.value, 1);
	/* 4.19 still prints "@(____ptrval____)" in the percpu line */
	assert_int_equal(b.percpu_pages_per_cpu.value, 23);
	assert_int_equal(b.percpu_unit_bytes.value, 94208);
	assert_int_equal(b.dentry_hash.entries, 262144);
	assert_int_equal(b.dentry_hash.order, 9);
	assert_int_equal(b.inode_hash.bytes, 1048576);
	assert_int_equal(b.swiotlb_mb.value, 64);
	assert_int_equal(b.swiotlb_start.value, 0xb7fff000);
	/* 2097152 total - 82796 reserved - 65536 CMA */
	assert_int_equal(b.mem_available_kb.value, 1948820);
	assert_int_equal(b.nhugetlb, 1);
	assert_int_equal(b.hugetlb[0].size_kb, 2048);
	assert_int_equal(b.initrd_freed_kb.value, 4096);
	assert_int_equal(b.unused_kernel_freed_kb.value, 1344);
	mg_bootlog_free(&b);
}

static void test_dmesg_54_dt_pool(void **state)
{
	struct mg_bootlog b;
	(void)state;

	boot(&b, LOGS "dmesg-5.4-arm64-4k.log");
	assert_int_equal(b.ncma, 1);
	assert_int_equal(b.cma[0].kind, MG_BOOT_CMA_DT_POOL);
	assert_int_equal(b.cma[0].base, 0xf6000000);
	assert_int_equal(b.cma[0].size_bytes, 128ull << 20);
	assert_string_equal(b.cma[0].name, "linux,cma");
	assert_int_equal(b.nhugetlb, 4); /* "<6>" syslog prefixes */
	assert_int_equal(b.hugetlb[0].size_kb, 1048576);
	assert_int_equal(b.hugetlb[1].size_kb, 32768);
	assert_int_equal(b.hugetlb[3].size_kb, 64);
	assert_int_equal(b.dentry_hash.bytes, 4194304);
	assert_false(b.initrd_freed_kb.set);
	mg_bootlog_free(&b);
}

static void test_dmesg_510_crlf(void **state)
{
	struct mg_bootlog b;
	(void)state;

	boot(&b, LOGS "dmesg-5.10-arm64-4k.log");
	assert_string_equal(b.cmdline,
			    "console=ttyS0,115200 root=/dev/mmcblk0p2 rootwait cma=256M");
	assert_int_equal(b.nzone_ranges, 3);
	assert_string_equal(b.zone_ranges[0].name, "DMA");
	assert_true(b.zone_ranges[1].empty);
	assert_int_equal(b.cma[0].size_bytes, 256ull << 20);
	assert_int_equal(b.cma[0].base, 0xa8000000);
	assert_int_equal(b.cma_reserved_kb.value, 262144);
	assert_int_equal(b.initrd_freed_kb.value, 8192);
	mg_bootlog_free(&b);
}

static void test_dmesg_61_journal(void **state)
{
	struct mg_bootlog b;
	(void)state;

	boot(&b, LOGS "dmesg-6.1-x86_64.log");
	assert_string_equal(b.version, "6.1.0-18-amd64");
	assert_int_equal(b.ver_minor, 1);
	assert_int_equal(b.nzone_ranges, 4);
	assert_string_equal(b.zone_ranges[3].name, "Device");
	assert_int_equal(b.nnode_ranges, 3);
	assert_int_equal(b.cma[0].base, 0x100000000ull);
	assert_int_equal(b.total_pages.value, 1031901);
	assert_int_equal(b.nhugetlb, 2); /* "HugeTLB: NNN KiB vmemmap can be freed" is not one */
	assert_int_equal(b.hugetlb[0].size_kb, 1048576);
	assert_int_equal(b.swiotlb_mb.value, 64);
	/* x86 frees its init image in three pieces: 2660 + 2036 + 1140 */
	assert_int_equal(b.unused_kernel_freed_kb.value, 5836);
	assert_int_equal(b.nfreed, 5);
	assert_string_equal(b.freed[1].what, "unused decrypted");
	assert_int_equal(b.initrd_freed_kb.value, 29464);
	mg_bootlog_free(&b);
}

static void test_dmesg_66_grouping_off(void **state)
{
	struct mg_bootlog b;
	(void)state;

	boot(&b, LOGS "dmesg-6.6-arm64-64k.log");
	assert_int_equal(b.mobility_grouping, MG_TRI_NO);
	assert_int_equal(b.mobility_grouping_line, 23);
	/* 32768 present pages - 32 memmap pages (64 KiB pages) */
	assert_int_equal(b.total_pages.value, 32736);
	assert_int_equal(b.cma[0].node, -1);
	assert_int_equal(b.cma[0].size_bytes, 512ull << 20);
	assert_int_equal(b.nhugetlb, 3);
	assert_int_equal(b.hugetlb[0].size_kb, 16777216);
	assert_int_equal(b.hugetlb[1].size_kb, 524288);
	mg_bootlog_free(&b);
}

static void test_dmesg_612_caller_id(void **state)
{
	struct mg_bootlog b;
	(void)state;

	boot(&b, LOGS "dmesg-6.12-arm64-16k.log");
	assert_string_equal(b.version, "6.12.0");
	assert_int_equal(b.mobility_grouping, MG_TRI_YES);
	assert_false(b.total_pages.set); /* newer form: no "Total pages:" */
	assert_int_equal(b.cma[0].base, 0xfa000000);
	assert_int_equal(b.nzone_ranges, 3);
	assert_int_equal(b.zone_ranges[2].end, 0x13fffffffull);
	assert_int_equal(b.hugetlb[0].size_kb, 32768);
	mg_bootlog_free(&b);
}

static void test_dmesg_hostile(void **state)
{
	struct mg_bootlog b;
	struct mg_error err = { 0 };
	char big[9000];
	const char *t = "Linux version 5.4.74\nLinux version 6.1.2 (x)\ncma: Reserved 99999999999999999999 MiB at 0x1\n"
			"Memory: 12K/\nZone ranges:\n  DMA [mem 0x1-\ncma: Failed to reserve 512 MiB\n";
	(void)state;

	assert_int_equal(mg_bootlog_parse_buf(&b, t, strlen(t), "t", &err), 0);
	assert_string_equal(b.version, "6.1.2"); /* a second boot: the last one is kept */
	assert_int_equal(b.ncma, 1);
	assert_int_equal(b.cma[0].kind, MG_BOOT_CMA_FAILED);
	assert_false(b.mem_total_kb.set);
	mg_bootlog_free(&b);
	memset(big, 'x', sizeof(big));
	assert_int_equal(mg_bootlog_parse_buf(&b, big, sizeof(big), "big", &err), 0);
	mg_bootlog_free(&b);
}

static void test_meminfo(void **state)
{
	static const char *const files[] = { "meminfo-4.19.txt", "meminfo-5.4.txt",
					     "meminfo-5.10.txt", "meminfo-6.1.txt",
					     "meminfo-6.6.txt", "meminfo-6.12.txt" };
	static const uint64_t total[] = { 2014356, 4052040, 2011840, 3999704, 1999232, 4039680 };
	static const uint64_t cma[] = { 65536, 131072, 262144, 262144, 524288, 65536 };
	struct mg_meminfo m;
	struct mg_error err = { 0 };
	uint64_t v;
	size_t i;
	char path[128];
	(void)state;

	for (i = 0; i < 6; i++) {
		snprintf(path, sizeof(path), LOGS "%s", files[i]);
		assert_int_equal(mg_meminfo_load(&m, path, &err), 0);
		assert_int_equal(m.mem_total_kb.value, total[i]);
		assert_int_equal(m.mem_total_kb.line, 1);
		assert_int_equal(m.cma_total_kb.value, cma[i]);
		assert_true(m.hugepages_total.set);
		assert_true(mg_meminfo_get(&m, "Active(anon)", &v));
		assert_int_equal(v, 20000);
		assert_false(mg_meminfo_get(&m, "NoSuchKey", &v));
		mg_meminfo_free(&m);
	}
	assert_int_equal(mg_meminfo_load(&m, LOGS "meminfo-6.6.txt", &err), 0);
	assert_int_equal(m.cma_free_kb.value, 523776);
	assert_int_equal(m.hugepagesize_kb.value, 524288);
	mg_meminfo_free(&m);
	assert_int_equal(mg_meminfo_parse_buf(&m, "nothing here\n", 13, "x", &err), -1);
	assert_int_equal(err.status, MG_ERR_INPUT);
}

static void test_zoneinfo(void **state)
{
	struct mg_zoneinfo z;
	struct mg_error err = { 0 };
	const struct mg_zoneinfo_zone *d;
	(void)state;

	/* 4.19: no boost/promo/cma rows; unpopulated zones end after protection */
	assert_int_equal(mg_zoneinfo_load(&z, LOGS "zoneinfo-4.19.txt", &err), 0);
	assert_int_equal(z.nzones, 3);
	d = mg_zoneinfo_find(&z, 0, "DMA32");
	assert_non_null(d);
	assert_int_equal(d->free.value, 401234);
	assert_int_equal(d->min.value, 5642);
	assert_int_equal(d->managed.value, 503589);
	assert_false(d->boost.set);
	assert_false(d->cma.set);
	assert_int_equal(d->nr_free_cma.value, 16320);
	assert_int_equal(d->nprotection, 3);
	assert_int_equal(d->start_pfn.value, 262144);
	/* "high:  378" in pagesets is a CPU's, not the zone's */
	assert_int_equal(d->high.value, 8462);
	d = mg_zoneinfo_find(&z, -1, "Normal");
	assert_int_equal(d->present.value, 0);
	mg_zoneinfo_free(&z);

	assert_int_equal(mg_zoneinfo_load(&z, LOGS "zoneinfo-5.4.txt", &err), 0);
	d = mg_zoneinfo_find(&z, 0, "DMA32");
	assert_int_equal(d->protection[1], 979);
	mg_zoneinfo_free(&z);

	assert_int_equal(mg_zoneinfo_load(&z, LOGS "zoneinfo-5.10.txt", &err), 0);
	assert_int_equal(z.nzones, 4);
	assert_int_equal(mg_zoneinfo_find(&z, 0, "DMA")->managed.value, 503085);
	mg_zoneinfo_free(&z);

	assert_int_equal(mg_zoneinfo_load(&z, LOGS "zoneinfo-6.1.txt", &err), 0);
	assert_int_equal(z.nzones, 5);
	d = mg_zoneinfo_find(&z, 0, "Normal");
	assert_int_equal(d->promo.value, 5768);
	assert_int_equal(d->cma.value, 65536);
	assert_int_equal(d->nprotection, 5);
	assert_true(d->boost.set);
	mg_zoneinfo_free(&z);

	assert_int_equal(mg_zoneinfo_load(&z, LOGS "zoneinfo-6.6.txt", &err), 0);
	d = mg_zoneinfo_find(&z, 0, "DMA");
	assert_int_equal(d->min.value, 1431);
	assert_int_equal(d->high.value, 2145);
	assert_int_equal(d->cma.value, 8192);
	assert_int_equal(d->nr_free_cma.value, 8184);
	mg_zoneinfo_free(&z);

	/* 6.12: pagesets with high_min/high_max */
	assert_int_equal(mg_zoneinfo_load(&z, LOGS "zoneinfo-6.12.txt", &err), 0);
	d = mg_zoneinfo_find(&z, 0, "Normal");
	assert_int_equal(d->boost.value, 512);
	assert_int_equal(d->high.value, 1839);
	assert_int_equal(d->node_unreclaimable.value, 0);
	mg_zoneinfo_free(&z);

	assert_int_equal(mg_zoneinfo_parse_buf(&z, "pages free 12\n", 14, "x", &err), -1);
}

static void test_sysctl_dump(void **state)
{
	struct mg_sysctl_dump s;
	struct mg_error err = { 0 };
	uint64_t v;
	(void)state;

	assert_int_equal(mg_sysctl_dump_load(&s, LOGS "sysctl-vm-6.6.txt", &err), 0);
	assert_int_equal(s.min_free_kbytes.value, 91584);
	assert_int_equal(s.min_free_kbytes.line, 6);
	assert_int_equal(s.panic_on_oom.value, 1);
	assert_int_equal(s.watermark_boost_factor.value, 15000);
	assert_int_equal(s.nlowmem_reserve_ratio, 4);
	assert_int_equal(s.lowmem_reserve_ratio[2], 32);
	assert_true(mg_sysctl_dump_get_u64(&s, "kernel.panic", &v));
	assert_int_equal(v, 0);
	assert_false(mg_sysctl_dump_get_u64(&s, "vm.lowmem_reserve_ratio", &v));
	mg_sysctl_dump_free(&s);

	assert_int_equal(mg_sysctl_dump_load(&s, LOGS "sysctl-vm-grep.txt", &err), 0);
	assert_int_equal(s.min_free_kbytes.value, 67584);
	assert_int_equal(s.nlowmem_reserve_ratio, 5);
	assert_string_equal(s.entries[2].value, "256 256 32 0 0");
	mg_sysctl_dump_free(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_line),
		cmocka_unit_test(test_seed_cma_dmesg),
		cmocka_unit_test(test_dmesg_419),
		cmocka_unit_test(test_dmesg_54_dt_pool),
		cmocka_unit_test(test_dmesg_510_crlf),
		cmocka_unit_test(test_dmesg_61_journal),
		cmocka_unit_test(test_dmesg_66_grouping_off),
		cmocka_unit_test(test_dmesg_612_caller_id),
		cmocka_unit_test(test_dmesg_hostile),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_zoneinfo),
		cmocka_unit_test(test_sysctl_dump),
	};
	return cmocka_run_group_tests_name("bootlog", tests, NULL, NULL);
}
