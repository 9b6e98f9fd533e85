/* Two debug consumers: the page_ext array (page_owner and friends, mm/page_ext.c) and the
 * KASAN shadow (arch/{arm64,arm,x86}/mm/kasan_init*.c).  Per-version facts come from the
 * table (src/model/kver.c); the Kconfig symbols of the clients exist only in the versions
 * that have them, so a .config that sets one already implies its version. */
#include <inttypes.h>
#include <string.h>

#include <memgate/kconfig.h>

#include "model_internal.h"

/* mm/page_owner.c: early_page_owner_param.  <= 5.12: only "on" enables (strcmp), nothing
 * disables; 5.13+: kstrtobool.  Without CONFIG_PAGE_OWNER the parameter does not exist. */
bool mg_page_owner_enabled(const struct mg_model_ctx *c)
{
	size_t pos = 0;
	const struct mg_cmdline_token *t;
	bool on = false;
	if (!mg_kconfig_is_y(&c->b->kconfig, "PAGE_OWNER"))
		return false;
	if (c->m->k.rules->page_owner_kstrtobool)
		return mg_cmdline_bool(&c->cl, "page_owner", false);
	while ((t = mg_cmdline_next(&c->cl, "page_owner", &pos)) != NULL)
		if (t->value && !strcmp(t->value, "on"))
			on = true;
	return on;
}

/* lib/alloc_tag.c (6.12): mem_profiling_support starts at MEM_ALLOC_PROFILING_ENABLED_BY_DEFAULT;
 * sysctl.vm.mem_profiling=never clears it, any valid boolean (0 included) sets it. */
static bool alloc_tag_support(const struct mg_model_ctx *c)
{
	size_t pos = 0;
	const struct mg_cmdline_token *t;
	bool support = mg_kconfig_is_y(&c->b->kconfig, "MEM_ALLOC_PROFILING_ENABLED_BY_DEFAULT") ||
		       mg_kconfig_is_y(&c->b->kconfig, "MEM_ALLOC_PROFILING_DEBUG");
	while ((t = mg_cmdline_next(&c->cl, "sysctl.vm.mem_profiling", &pos)) != NULL) {
		bool v;
		if (!t->value || !t->value[0])
			continue;
		if (!strncmp(t->value, "never", 5))
			support = false;
		else if (mg_kstrtobool(t->value, &v))
			support = true;
	}
	return support;
}

/* mm/page_ext.c: invoke_need_callbacks.  Returns page_ext_size (0: no client needs page_ext)
 * and names the clients in who. */
static unsigned page_ext_entry_bytes(const struct mg_model_ctx *c, char *who, size_t who_len)
{
	const struct mg_kconfig *kc = &c->b->kconfig;
	const struct mg_kver *r = c->m->k.rules;
	unsigned word = c->m->k.arch == MG_ARCH_ARM ? 4 : 8; /* unsigned long / pointer */
	unsigned data = 0;
	bool need = false, shared = false;
	size_t n = 0;

	who[0] = '\0';
#define CLIENT(name, bytes, shares)                                                              \
	do {                                                                                     \
		need = true;                                                                     \
		data += (bytes);                                                                 \
		shared |= (shares);                                                              \
		if (n < who_len)                                                                 \
			n += (size_t)snprintf(who + n, who_len - n, "%s%s", n ? " + " : "", name); \
	} while (0)
	/* 4.19-5.3 mm/page_alloc.c: need_debug_guardpage: debug_pagealloc on and
	 * debug_guardpage_minorder=N > 0 (N <= MAX_ORDER / 2); no data. */
	if (r->page_ext_guard && mg_kconfig_is_y(kc, "DEBUG_PAGEALLOC") &&
	    mg_cmdline_bool(&c->cl, "debug_pagealloc", mg_kconfig_is_y(kc, "DEBUG_PAGEALLOC_ENABLE_DEFAULT"))) {
		const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "debug_guardpage_minorder");
		uint64_t v;
		if (t && t->value && mg_parse_u64(t->value, &v) && v && v <= (c->m->k.max_order + 1) / 2)
			CLIENT("debug_pagealloc guard pages", 0, true);
	}
	if (mg_page_owner_enabled(c))
		CLIENT("page_owner", r->page_owner_bytes, true);
	/* page_idle on 32-bit (no spare page flags): always needed; IDLE_PAGE_TRACKING <= 5.14,
	 * PAGE_IDLE_FLAG 5.15+ (selected by IDLE_PAGE_TRACKING or DAMON). */
	if (c->m->k.arch == MG_ARCH_ARM &&
	    (mg_kconfig_is_y(kc, "IDLE_PAGE_TRACKING") || mg_kconfig_is_y(kc, "PAGE_IDLE_FLAG")))
		CLIENT("page_idle", 0, true);
	/* 6.10+: struct page_ext_operations page_alloc_tagging_ops, one union codetag_ref. */
	if (mg_kconfig_is_y(kc, "MEM_ALLOC_PROFILING") && alloc_tag_support(c))
		CLIENT("memory allocation profiling", word, false);
	/* 5.17+ mm/page_table_check.c: struct page_table_check is two atomic_t. */
	if (mg_kconfig_is_y(kc, "PAGE_TABLE_CHECK") &&
	    mg_cmdline_bool(&c->cl, "page_table_check", mg_kconfig_is_y(kc, "PAGE_TABLE_CHECK_ENFORCED")))
		CLIENT("page_table_check", 8, false);
#undef CLIENT
	if (!need)
		return 0;
	/* struct page_ext { unsigned long flags; }: always before 6.2; then only for a client
	 * with need_shared_flags (page_owner, page_idle). */
	return data + (!r->page_ext_shared_flags_only || shared ? word : 0);
}

/* FLATMEM: page_ext_init_flatmem (mm_init, before mem_init): one memblock_alloc_try_nid of
 * page_ext_size * node_spanned_pages (+ MAX_ORDER_NR_PAGES when the node is not aligned to
 * it), top-down below the accessible limit.  SPARSEMEM: page_ext_init after the buddy
 * allocator is up (kernel_init_freeable; mm_init with early_page_ext, 6.1+): per present
 * section page_ext_size * PAGES_PER_SECTION through alloc_pages_exact_nid (whole pages) or
 * vzalloc. */
int mg_page_ext(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;
	char who[160], rule[160];
	unsigned entry = page_ext_entry_bytes(c, who, sizeof(who));
	bool flatmem = k->arch == MG_ARCH_ARM && !mg_kconfig_is_y(&c->b->kconfig, "SPARSEMEM");
	unsigned ps = k->page_shift;
	uint64_t bytes;

	if (!entry || !c->mb.nmemory)
		return 0;
	m->page_ext_entry_bytes = entry;
	m->page_ext_flatmem = flatmem;
	if (flatmem) {
		uint64_t start = mg_mb_start(&c->mb) >> ps, end = mg_mb_end(&c->mb) >> ps;
		uint64_t order_pages = 1ull << k->max_order, pages = end - start;
		if ((start | end) & (order_pages - 1))
			pages += order_pages;
		bytes = pages * entry;
		m->page_ext_bytes = bytes;
		snprintf(rule, sizeof(rule), "mm/page_ext.c: page_ext_init_flatmem, %" PRIu64 " pages x %u bytes (%s)",
			 pages, entry, who);
		return mg_model_alloc(c, MG_REGION_PAGE_EXT, "page_ext", bytes, k->page_size_bytes, 0, UINT64_MAX,
				      rule, NULL, NULL);
	}
	{
		uint64_t sec = 1ull << k->section_size_bits, nsec = mg_mb_sections(&c->mb, k->section_size_bits);
		uint64_t table = (sec >> ps) * entry;
		bytes = nsec * table;
		m->page_ext_bytes = bytes;
		m->post_boot_alloc_pages += nsec * (mg_align_up(table, k->page_size_bytes) >> ps);
		mg_model_note(m, "page_ext (%s): %" PRIu64 " sections x %" PRIu64 " pages x %u bytes = %" PRIu64
			      " KiB from the buddy allocator after boot (mm/page_ext.c: page_ext_init): "
			      "MemTotal keeps it, free memory does not", who, nsec, sec >> ps, entry,
			      (nsec * mg_align_up(table, k->page_size_bytes)) >> 10);
	}
	return 0;
}

/* Shadow pages (and the page tables mapping them) for the linear map of [pa_lo, pa_hi):
 * one shadow byte per 2^scale bytes; a shadow page shared by two ranges is allocated once
 * (kasan_pte_populate stops at a populated pte). */
struct shadow {
	uint64_t pages, last_page;
	uint64_t tables[4], last_table[4];
};

static void shadow_add(struct shadow *sh, uint64_t lo, uint64_t hi, unsigned scale, unsigned ps,
		       unsigned levels, unsigned bits_per_level)
{
	uint64_t first = (lo >> scale) >> ps, end = ((hi >> scale) + (1ull << ps) - 1) >> ps;
	if (sh->pages && first <= sh->last_page)
		first = sh->last_page + 1;
	if (first >= end)
		return;
	sh->pages += end - first;
	sh->last_page = end - 1;
	for (unsigned l = 0; l < levels && l < 4; l++) {
		unsigned shift = bits_per_level * (l + 1);
		uint64_t t0 = first >> shift, t1 = (end - 1) >> shift;
		sh->tables[l] += t1 - t0 + 1 - (sh->tables[l] && t0 == sh->last_table[l] ? 1 : 0);
		sh->last_table[l] = t1;
	}
}

/* KASAN shadow: generic 1/8 (KASAN_SHADOW_SCALE_SHIFT 3), arm64 software tags 1/16 (4),
 * hardware tags (MTE) none.  arm64 kasan_init (setup_arch after bootmem_init): shadow of
 * every memblock.memory range (NOMAP ranges skipped by for_each_mem_range, 5.10+) and of
 * the kernel image, page by page from memblock with PTE/PMD/PUD tables; arm (5.11+): lowmem
 * only, plus the 16 MiB module area without KASAN_VMALLOC; x86_64: every mapped RAM range and
 * [_stext, _end), 2 MiB/1 GiB blocks where aligned (page tables not counted). */
int mg_kasan_shadow(struct mg_model_ctx *c)
{
	const struct mg_kconfig *kc = &c->b->kconfig;
	const struct mg_kernel *k = &c->m->k;
	struct shadow sh = { 0 };
	unsigned scale, ps = k->page_shift, levels, bits = ps - (k->arch == MG_ARCH_ARM ? 2 : 3);
	uint64_t lowmem_end = c->highmem_start ? c->highmem_start : UINT64_MAX, image = 0, total, tables = 0;
	char rule[200];

	if (!mg_kconfig_is_y(kc, "KASAN") || mg_kconfig_is_y(kc, "KASAN_HW_TAGS") || k->arch == MG_ARCH_RISCV64)
		return 0;
	scale = mg_kconfig_is_y(kc, "KASAN_SW_TAGS") ? 4 : 3;
	if (scale == 4 && k->arch != MG_ARCH_ARM64)
		return 0;
	/* tables below the top level: arm64 CONFIG_PGTABLE_LEVELS - 1; arm one (2 MiB of shadow
	 * per 4 KiB pte page); x86_64 not counted (block mappings). */
	if (k->arch == MG_ARCH_ARM64)
		levels = (unsigned)mg_kconfig_int(kc, "PGTABLE_LEVELS", ps == 16 ? 3 : 4) - 1;
	else if (k->arch == MG_ARCH_ARM) {
		levels = 1;
		bits = 9;
	} else {
		levels = 0;
	}
	for (size_t i = 0; i < c->mb.nmemory; i++) {
		const struct mg_mb_range *r = &c->mb.memory[i];
		uint64_t hi = mg_min_u64(r->base + r->size, lowmem_end);
		if (r->nomap || r->base >= hi)
			continue;
		shadow_add(&sh, r->base, hi, scale, ps, levels, bits);
	}
	for (size_t i = 0; i < c->m->nregions; i++)
		if (c->m->regions[i].kind == MG_REGION_KERNEL)
			image += c->m->regions[i].size_bytes;
	/* the image's shadow lives apart from the linear map's (kimg_shadow_start..end) */
	/* plus its own PTE and PMD table pages on arm64 */
	if (image)
		image = mg_align_up(image >> scale, k->page_size_bytes) +
			(k->arch == MG_ARCH_ARM64 ? 2 * k->page_size_bytes : 0);
	if (k->arch == MG_ARCH_ARM && !mg_kconfig_is_y(kc, "KASAN_VMALLOC"))
		image += (16ull << 20) >> scale; /* MODULES_VADDR..MODULES_END: 2 MiB of shadow */
	for (unsigned l = 0; l < levels && l < 4; l++)
		tables += sh.tables[l];
	total = ((sh.pages + tables) << ps) + image;
	snprintf(rule, sizeof(rule), "kasan_init: %s shadow, 1/%u of %s memory (%" PRIu64 " pages) + %" PRIu64
		 " table pages + image",
		 scale == 4 ? "software-tag" : "generic", 1u << scale, k->arch == MG_ARCH_ARM ? "lowmem" : "mapped",
		 sh.pages, tables);
	return mg_model_alloc(c, MG_REGION_KASAN, "KASAN shadow", total, k->page_size_bytes, 0, UINT64_MAX, rule,
			      NULL, NULL);
}
