/* The constants of one kernel build: arch, page size, buddy and pageblock orders, CMA
 * alignment, THP mode.  From .config (every derived int is written there) and the table. */
#include <string.h>

#include <memgate/kconfig.h>

#include "model_internal.h"

static int derive_arch(struct mg_kernel *k, const struct mg_kconfig *kc)
{
	if (mg_kconfig_is_y(kc, "ARM64")) {
		k->arch = MG_ARCH_ARM64;
		k->arch_name = "arm64";
	} else if (mg_kconfig_is_y(kc, "X86_64")) {
		k->arch = MG_ARCH_X86_64;
		k->arch_name = "x86_64";
	} else if (mg_kconfig_is_y(kc, "RISCV") && mg_kconfig_is_y(kc, "64BIT")) {
		k->arch = MG_ARCH_RISCV64;
		k->arch_name = "riscv64";
	} else if (mg_kconfig_is_y(kc, "ARM")) {
		k->arch = MG_ARCH_ARM;
		k->arch_name = "arm";
	} else {
		return -1;
	}
	return 0;
}

static unsigned derive_page_shift(const struct mg_kernel *k, const struct mg_kconfig *kc)
{
	if (k->arch != MG_ARCH_ARM64)
		return 12;
	/* ARM64_PAGE_SHIFT (<= 6.11) or PAGE_SHIFT (6.12) is always written to .config. */
	int64_t ps = mg_kconfig_int(kc, "ARM64_PAGE_SHIFT", mg_kconfig_int(kc, "PAGE_SHIFT", 0));
	if (ps == 12 || ps == 14 || ps == 16)
		return (unsigned)ps;
	if (mg_kconfig_is_y(kc, "ARM64_64K_PAGES") || mg_kconfig_is_y(kc, "PAGE_SIZE_64KB"))
		return 16;
	if (mg_kconfig_is_y(kc, "ARM64_16K_PAGES") || mg_kconfig_is_y(kc, "PAGE_SIZE_16KB"))
		return 14;
	return 12;
}

/* HUGETLB_PAGE_ORDER = PMD_SHIFT - PAGE_SHIFT; arm64 PMD_SHIFT = (PAGE_SHIFT - 3) * 2 + 3
 * (arch/arm64/include/asm/pgtable-hwdef.h), x86_64/riscv64/arm LPAE 21. */
static unsigned pmd_order(const struct mg_kernel *k)
{
	if (k->arch == MG_ARCH_ARM64)
		return k->page_shift - 3;
	return 21 - k->page_shift;
}

static void derive_orders(struct mg_kernel *k, const struct mg_kconfig *kc)
{
	const struct mg_kver *r = k->rules;
	/* include/linux/mmzone.h: MAX_ORDER from FORCE_MAX_ZONEORDER (<= 6.0) or
	 * ARCH_FORCE_MAX_ORDER (6.1+), default 11 exclusive (<= 6.3) / 10 inclusive (6.4+). */
	int64_t v = mg_kconfig_int(kc, "ARCH_FORCE_MAX_ORDER",
				   mg_kconfig_int(kc, "FORCE_MAX_ZONEORDER", -1));
	unsigned h = pmd_order(k), pb;

	if (v < 0)
		k->max_order = 10;
	else
		k->max_order = r->max_order_inclusive ? (unsigned)v : (unsigned)v - 1;

	/* include/linux/pageblock-flags.h, per version (kernel-watermarks.md section 4.5). */
	if (k->hugetlb_page)
		pb = r->pageblock_clamped && h > k->max_order ? k->max_order : h;
	else if (r->pageblock_thp_order && k->thp_built)
		pb = h < k->max_order ? h : k->max_order;
	else
		pb = k->max_order;
	k->pageblock_order = pb;
	k->pageblock_pages = 1ull << pb;

	/* mm/cma.c: cma_declare_contiguous_nid, <= 5.17: PAGE_SIZE << max(MAX_ORDER - 1,
	 * pageblock_order); 5.18+: CMA_MIN_ALIGNMENT_BYTES = PAGE_SIZE * pageblock_nr_pages. */
	if (r->cma_align_pageblock)
		k->cma_align_bytes = k->page_size_bytes << pb;
	else
		k->cma_align_bytes = k->page_size_bytes << (pb > k->max_order ? pb : k->max_order);
}

/* mm/huge_memory.c: get_order_from_str, v6.12: a power-of-2 size whose order is an anon THP
 * order (THP_ORDERS_ALL_ANON: 2..PMD_ORDER); -1 otherwise. */
static int thp_anon_order(const char *s, size_t len, unsigned page_shift, unsigned pmd_order)
{
	char buf[32];
	const char *end;
	uint64_t size;
	unsigned order = 0;

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = 0;
	if (mg_memparse(buf, &size, &end) || *end || !size || (size & (size - 1)))
		return -1;
	while (order < 63 && (1ull << (page_shift + order)) < size)
		order++;
	return order >= 2 && order <= pmd_order ? (int)order : -1;
}

/* mm/huge_memory.c: setup_thp_anon, v6.12: "thp_anon=<size>[KMG][-<size>],...:<policy>;..."
 * moves orders between the always/madvise/inherit sets (a malformed value changes nothing;
 * each occurrence applies on top of the last).  What matters at boot is the PMD order:
 * mm/khugepaged.c: hugepage_pmd_enabled decides whether khugepaged raises min_free_kbytes
 * (PMD always or madvise, or inherit while the global mode is on; any global mode with
 * READ_ONLY_THP_FOR_FS). */
static void apply_thp_anon(struct mg_kernel *k, const struct mg_kconfig *kc, const struct mg_cmdline *cl)
{
	unsigned pmd_order = k->page_shift - 3;
	uint64_t always = 0, madvise = 0, inherit = 1ull << pmd_order;
	bool global = k->thp_enabled;

	for (size_t i = 0; i < cl->ntokens; i++) {
		const struct mg_cmdline_token *t = &cl->tokens[i];
		uint64_t a = always, m = madvise, in = inherit;
		const char *p;
		bool ok = true;

		if (strcmp(t->name, "thp_anon") || !t->value)
			continue;
		for (p = t->value; ok && *p;) {
			const char *semi = strchr(p, ';'), *tok_end = semi ? semi : p + strlen(p);
			const char *colon = memchr(p, ':', (size_t)(tok_end - p)), *r;
			uint64_t bits = 0;
			size_t plen;

			if (!colon) {
				ok = false;
				break;
			}
			for (r = p; ok && r < colon;) {
				const char *comma = memchr(r, ',', (size_t)(colon - r)), *sub_end = comma ? comma : colon;
				const char *dash = memchr(r, '-', (size_t)(sub_end - r));
				int lo = thp_anon_order(r, (size_t)((dash ? dash : sub_end) - r), k->page_shift, pmd_order);
				int hi = dash ? thp_anon_order(dash + 1, (size_t)(sub_end - dash - 1), k->page_shift, pmd_order) : lo;
				if (lo < 0 || hi < 0 || lo > hi)
					ok = false;
				else
					bits |= ((2ull << hi) - 1) & ~((1ull << lo) - 1);
				r = comma ? comma + 1 : colon;
			}
			plen = (size_t)(tok_end - colon - 1);
			if (!ok)
				break;
			if (plen == 6 && !strncmp(colon + 1, "always", 6)) {
				a |= bits, m &= ~bits, in &= ~bits;
			} else if (plen == 7 && !strncmp(colon + 1, "madvise", 7)) {
				m |= bits, a &= ~bits, in &= ~bits;
			} else if (plen == 7 && !strncmp(colon + 1, "inherit", 7)) {
				in |= bits, a &= ~bits, m &= ~bits;
			} else if (plen == 5 && !strncmp(colon + 1, "never", 5)) {
				a &= ~bits, m &= ~bits, in &= ~bits;
			} else {
				ok = false;
			}
			p = semi ? semi + 1 : tok_end;
		}
		if (ok)
			always = a, madvise = m, inherit = in;
	}
	k->thp_enabled = (mg_kconfig_is_y(kc, "READ_ONLY_THP_FOR_FS") && global) ||
			 ((always | madvise) >> pmd_order & 1) || (global && (inherit >> pmd_order & 1));
}

static void derive_thp(struct mg_kernel *k, const struct mg_kconfig *kc, const struct mg_cmdline *cl)
{
	const struct mg_cmdline_token *t;
	k->thp_built = mg_kconfig_is_y(kc, "TRANSPARENT_HUGEPAGE");
	if (!k->thp_built) {
		strcpy(k->thp_mode, "off");
		k->thp_enabled = false;
		return;
	}
	if (mg_kconfig_is_y(kc, "TRANSPARENT_HUGEPAGE_MADVISE"))
		strcpy(k->thp_mode, "madvise");
	else if (mg_kconfig_is_y(kc, "TRANSPARENT_HUGEPAGE_NEVER"))
		strcpy(k->thp_mode, "never");
	else
		strcpy(k->thp_mode, "always");
	/* mm/huge_memory.c: setup_transparent_hugepage; each occurrence applies in order. */
	for (size_t i = 0; i < cl->ntokens; i++) {
		t = &cl->tokens[i];
		if (strcmp(t->name, "transparent_hugepage") || !t->value)
			continue;
		if (!strcmp(t->value, "always") || !strcmp(t->value, "madvise") ||
		    !strcmp(t->value, "never"))
			snprintf(k->thp_mode, sizeof(k->thp_mode), "%s", t->value);
	}
	k->thp_enabled = strcmp(k->thp_mode, "never") != 0;
	if (k->rules->thp_anon_cmdline)
		apply_thp_anon(k, kc, cl);
}

int mg_kernel_derive(struct mg_model_ctx *c)
{
	struct mg_kernel *k = &c->m->k;
	const struct mg_kconfig *kc = &c->b->kconfig;
	const struct mg_cmdline_token *t;
	uint64_t v;

	if (!kc->has_version)
		return mg_input_error(c->err, kc->file, 0,
				      "no '# Linux/<arch> <version> Kernel Configuration' header: "
				      "cannot tell the kernel version");
	k->kv = mg_kconfig_kv(kc);
	snprintf(k->version_text, sizeof(k->version_text), "%s", kc->version_text);
	k->rules = mg_kver_lookup(k->kv);
	if (!k->rules)
		return mg_input_error(c->err, kc->file, kc->version_line,
				      "kernel %s is outside the supported range 4.19 to 6.12",
				      kc->version_text);
	if (k->kv >= MG_KV(6, 13, 0))
		mg_model_note(c->m, "kernel %s is newer than 6.12: modelled with the 6.12 rules",
			      kc->version_text);
	if (derive_arch(k, kc))
		return mg_input_error(c->err, kc->file, 0,
				      "none of CONFIG_ARM64, CONFIG_ARM, CONFIG_X86_64, CONFIG_RISCV+64BIT "
				      "is set: unsupported architecture '%s'", kc->arch);
	k->page_shift = derive_page_shift(k, kc);
	k->page_size_bytes = 1ull << k->page_shift;
	k->hugetlb_page = mg_kconfig_is_y(kc, "HUGETLB_PAGE");
	derive_thp(k, kc, &c->cl);
	if (k->thp_built && k->thp_enabled != (strcmp(k->thp_mode, "never") != 0))
		mg_model_note(c->m, "thp_anon= turns PMD-sized anonymous THP %s while transparent_hugepage is %s: "
			      "khugepaged %s min_free_kbytes (mm/khugepaged.c: hugepage_pmd_enabled)",
			      k->thp_enabled ? "on" : "off", k->thp_mode, k->thp_enabled ? "raises" : "does not raise");
	derive_orders(k, kc);

	k->cma = mg_kconfig_is_y(kc, "CMA");
	k->dma_cma = k->cma && mg_kconfig_is_y(kc, "DMA_CMA");
	/* include/linux/mmzone.h: enum migratetype. */
	k->migrate_types = 4 + (k->cma ? 1 : 0) + (mg_kconfig_is_y(kc, "MEMORY_ISOLATION") ? 1 : 0);
	k->zone_dma = mg_kconfig_is_y(kc, "ZONE_DMA");
	k->zone_dma32 = mg_kconfig_is_y(kc, "ZONE_DMA32");
	k->highmem = mg_kconfig_is_y(kc, "HIGHMEM");
	k->deferred_struct_page_init = mg_kconfig_is_y(kc, "DEFERRED_STRUCT_PAGE_INIT");
	k->lowmem_reserve_gfp_zone = k->rules->lowmem_reserve_gfp_zone;
	k->proactive_compaction = k->rules->proactive_compaction;

	/* include/linux/mm_types.h struct page: 64 bytes on 64-bit configs with
	 * HAVE_ALIGNED_STRUCT_PAGE (arm64, x86_64); on 32-bit arm 8 words (flags, 5-word union,
	 * _mapcount, _refcount) + memcg_data with CONFIG_MEMCG: 36 (Debian armmp 6.1: the 8 MiB
	 * vs 9 MiB mem_map of a 1 GiB QEMU boot). */
	k->struct_page_bytes = k->arch == MG_ARCH_ARM ? 32 + (mg_kconfig_is_y(kc, "MEMCG") ? 4 : 0) : 64;
	if (k->arch == MG_ARCH_ARM64)
		k->section_size_bits = k->page_shift == 16 ? k->rules->arm64_section_bits_64k
							   : k->rules->arm64_section_bits_4k16k;
	else
		k->section_size_bits = 27;

	/* Possible CPUs: enabled DT cpu nodes, capped by NR_CPUS and nr_cpus=. */
	k->nr_cpus = c->b->dt.ncpus ? c->b->dt.ncpus : 1;
	v = (uint64_t)mg_kconfig_int(kc, "NR_CPUS", 0);
	if (v && k->nr_cpus > v)
		k->nr_cpus = (unsigned)v;
	t = mg_cmdline_last(&c->cl, "nr_cpus");
	if (t && t->value && mg_parse_u64(t->value, &v) && v && v < k->nr_cpus)
		k->nr_cpus = (unsigned)v;
	return 0;
}
