/* The default CMA area: size precedence (cmdline cma= > DT linux,cma-default > Kconfig),
 * alignment rounding, placement (kernel/dma/contiguous.c: dma_contiguous_reserve,
 * mm/cma.c: cma_declare_contiguous_nid), and per-version search order. */
#include <string.h>

#include <memgate/kconfig.h>

#include "model_internal.h"

/* The three early_cma variables, each overwritten only by the tokens that carry it
 * (kernel/dma/contiguous.c: early_cma): cma=64M@0x80000000 cma=128M keeps the stale base. */
struct cma_cmdline {
	bool given;
	uint64_t size, base, limit;
	bool fixed;
	const struct mg_cmdline_token *token;
};

static int parse_cma_tokens(struct mg_model_ctx *c, struct cma_cmdline *cc)
{
	size_t pos = 0;
	const struct mg_cmdline_token *t;

	memset(cc, 0, sizeof(*cc));
	while ((t = mg_cmdline_next(&c->cl, "cma", &pos))) {
		struct mg_cma_param p;
		if (mg_parse_cma(t, &p, c->err))
			return -1;
		cc->given = true;
		cc->size = p.size_bytes;
		cc->token = t;
		if (p.has_base) {
			cc->base = p.base;
			cc->limit = p.limit;
			cc->fixed = p.fixed;
		}
	}
	return 0;
}

/* Kconfig default (dma_contiguous_reserve): CMA_SIZE_SEL_{MBYTES,PERCENTAGE,MIN,MAX}. */
static uint64_t kconfig_size(struct mg_model_ctx *c, struct mg_origin *o, char *why, size_t whylen)
{
	const struct mg_kconfig *kc = &c->b->kconfig;
	uint64_t mbytes = (uint64_t)mg_kconfig_int(kc, "CMA_SIZE_MBYTES", 0) << 20;
	uint64_t pct = (uint64_t)mg_kconfig_int(kc, "CMA_SIZE_PERCENTAGE", 0);
	unsigned ps = c->m->k.page_shift;
	/* cma_early_percent_memory: (pages of all memblock.memory * pct / 100) << PAGE_SHIFT */
	uint64_t pct_bytes = ((mg_mb_phys_size(&c->mb) >> ps) * pct / 100) << ps;

	if (mg_kconfig_is_y(kc, "CMA_SIZE_SEL_PERCENTAGE")) {
		mg_kconfig_origin(kc, "CMA_SIZE_PERCENTAGE", o);
		snprintf(why, whylen, "CONFIG_CMA_SIZE_SEL_PERCENTAGE: %llu%% of memory",
			 (unsigned long long)pct);
		return pct_bytes;
	}
	if (mg_kconfig_is_y(kc, "CMA_SIZE_SEL_MIN")) {
		mg_kconfig_origin(kc, "CMA_SIZE_SEL_MIN", o);
		snprintf(why, whylen, "CONFIG_CMA_SIZE_SEL_MIN: min(%llu MiB, %llu%%)",
			 (unsigned long long)(mbytes >> 20), (unsigned long long)pct);
		return mg_min_u64(mbytes, pct_bytes);
	}
	if (mg_kconfig_is_y(kc, "CMA_SIZE_SEL_MAX")) {
		mg_kconfig_origin(kc, "CMA_SIZE_SEL_MAX", o);
		snprintf(why, whylen, "CONFIG_CMA_SIZE_SEL_MAX: max(%llu MiB, %llu%%)",
			 (unsigned long long)(mbytes >> 20), (unsigned long long)pct);
		return mg_max_u64(mbytes, pct_bytes);
	}
	mg_kconfig_origin(kc, "CMA_SIZE_MBYTES", o);
	snprintf(why, whylen, "CONFIG_CMA_SIZE_MBYTES=%llu", (unsigned long long)(mbytes >> 20));
	return mbytes;
}

static bool has_dt_default(const struct mg_model *m)
{
	for (size_t i = 0; i < m->ncma; i++)
		if (m->cma[i].is_default && m->cma[i].reserved)
			return true;
	return false;
}

static int fail(struct mg_cma_area *a, const char *fmt, unsigned long long v1, unsigned long long v2,
		unsigned long long v3)
{
	snprintf(a->failure, sizeof(a->failure), fmt, v1, v2, v3);
	a->reserved = false;
	return 0;
}

/* The alignment and limit errors jump to cma_declare_contiguous_nid's err: label, which adds
 * "Failed to reserve <size at that point> MiB" (mm/cma.c). */
static int fail_then_err(struct mg_cma_area *a, uint64_t size, const char *fmt, uint64_t v1, uint64_t v2,
			 uint64_t v3)
{
	fail(a, fmt, v1, v2, v3);
	a->failed_bytes = size;
	return 0;
}

/* mm/cma.c: cma_declare_contiguous_nid err: label; 6.6+ names the node like "Reserved"
 * (the same table switch as the success line). */
static const char *failed_fmt(const struct mg_kernel *k)
{
	return k->rules->memory_line_on_node ? "cma: Failed to reserve %llu MiB on node %llu"
					     : "cma: Failed to reserve %llu MiB";
}

/* mm/cma.c: cma_declare_contiguous_nid, for every area memgate reserves dynamically: alignment
 * max(requested, CMA minimum), base/size rounded up, limit rounded down; fixed, or searched in the
 * per-version order (bottom-up above 4 GiB, highmem first, then top-down). */
static int declare_contiguous(struct mg_model_ctx *c, struct mg_cma_area *a, uint64_t base, uint64_t size,
			      uint64_t limit, uint64_t align_req, bool fixed, const char *why,
			      const char *region_name)
{
	const struct mg_kernel *k = &c->m->k;
	uint64_t align = mg_max_u64(align_req, k->cma_align_bytes), mb_end, addr = 0;
	bool found = false;

	if (fixed && (base & (align - 1)))
		return fail_then_err(a, size, "cma: Region at 0x%016llx must be aligned to 0x%016llx bytes", base, align, 0);
	base = mg_align_up(base, align);
	size = mg_align_up(size, align);
	limit &= ~(align - 1);
	if (!base)
		fixed = false;
	a->size_bytes = size;
	mb_end = mg_mb_end(&c->mb);
	if (!limit || limit > mb_end)
		limit = mb_end;
	snprintf(a->rule, sizeof(a->rule),
		 "%s; size rounded up to the CMA alignment %llu MiB (%s); placed %s below 0x%llx",
		 why, (unsigned long long)(align >> 20),
		 align_req > k->cma_align_bytes ? "the requested alignment"
		 : k->rules->cma_align_pageblock ? "PAGE_SIZE << pageblock_order"
						 : "PAGE_SIZE << max(MAX_ORDER-1, pageblock_order)",
		 fixed ? "fixed" : "top-down", (unsigned long long)limit);
	if (base + size > limit)
		return fail_then_err(a, size, "cma: Size (0x%016llx) of region at 0x%016llx exceeds limit (0x%016llx)",
				     size, base, limit);
	if (fixed) {
		if (mg_mb_is_reserved(&c->mb, base, size) || !mg_mb_is_memory(&c->mb, base, size))
			return fail(a, failed_fmt(k), size >> 20, 0, 0);
		addr = base;
		found = true;
	} else {
		bool try4g = k->rules->cma_search != MG_CMA_SEARCH_HIGHMEM_TOPDOWN &&
			     mb_end >= (4ull << 30) + size;
		/* 5.15+: bottom-up above 4 GiB first when memory reaches that high; on 64-bit
		 * highmem_start is the end of RAM so the highmem step never applies. */
		if (try4g && k->rules->cma_search == MG_CMA_SEARCH_BOTTOMUP4G_FIRST)
			found = mg_mb_find(&c->mb, size, align, 4ull << 30, limit, false, &addr);
		/* highmem first (32-bit arm), then the limit becomes highmem_start */
		if (!found && c->highmem_start && base < c->highmem_start && limit > c->highmem_start) {
			found = mg_mb_find(&c->mb, size, align, c->highmem_start, limit, true, &addr);
			limit = c->highmem_start;
			if (found && try4g && k->rules->cma_search == MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G &&
			    mg_kconfig_is_y(&c->b->kconfig, "PHYS_ADDR_T_64BIT")) {
				/* mm/cma.c (6.1.192): the bottom-up try after the highmem one is not
				 * guarded by !addr; with limit now highmem_start (< 4 GiB) it fails
				 * and overwrites addr, so the area goes to lowmem and the highmem
				 * block stays memblock-reserved, never freed (32-bit LPAE with RAM
				 * at 4 GiB + size: the armhf-lpae-6g boot). */
				mg_mb_reserve(&c->mb, addr, size);
				if (mg_model_add_region(c, MG_REGION_OTHER, "CMA highmem try (leaked)", addr, size,
							&a->origin, "mm/cma.c: cma_declare_contiguous_nid: highmem "
							"allocation overwritten by the bottom-up try (6.1)"))
					return -1;
				mg_model_note(c->m, "cma: the highmem block at 0x%llx (%llu MiB) stays reserved: "
					      "6.1's bottom-up try overwrites it", (unsigned long long)addr,
					      (unsigned long long)(size >> 20));
				found = false;
			}
		}
		if (!found && try4g && k->rules->cma_search == MG_CMA_SEARCH_HIGHMEM_BOTTOMUP4G)
			found = mg_mb_find(&c->mb, size, align, 4ull << 30, limit, false, &addr);
		if (!found)
			found = mg_mb_find(&c->mb, size, align, base > k->page_size_bytes ? base : k->page_size_bytes,
					   limit, true, &addr);
		if (!found)
			return fail(a, failed_fmt(k), size >> 20, 0, 0);
	}
	mg_mb_reserve(&c->mb, addr, size);
	a->base = addr;
	a->reserved = true;
	return mg_model_add_region(c, MG_REGION_CMA, region_name, addr, size, &a->origin, a->rule);
}

int mg_cma_reserve_default(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;
	struct cma_cmdline cc;
	struct mg_cma_area *a;
	uint64_t size, base = 0, limit = 0;
	bool fixed = false;
	char why[160];
	struct mg_origin o;

	if (!k->dma_cma) {
		/* kernel/dma/contiguous.c is not built: "cma=" is an unknown parameter (passed to init) */
		const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "cma");
		if (t)
			mg_model_note(m, "%s is ignored: the kernel is built without CONFIG_DMA_CMA, so no "
				      "default CMA area exists", t->origin.what);
		return 0;
	}
	if (k->rules->cma_numa_in_contiguous && mg_cma_reserve_pernuma(c))
		return -1;
	if (parse_cma_tokens(c, &cc))
		return -1;
	if (cc.given) {
		size = cc.size;
		base = cc.base;
		limit = cc.limit;
		fixed = cc.fixed;
		o = cc.token->origin;
		snprintf(why, sizeof(why), "cmdline %s", cc.token->origin.what);
		if (has_dt_default(m))
			/* <= 5.5: the DT default wins and cma= is silently ignored. */
			return 0;
	} else {
		if (has_dt_default(m))
			return 0;
		size = kconfig_size(c, &o, why, sizeof(why));
	}
	if (!size)
		return 0; /* cma=0 or a zero Kconfig size: no default area */
	if (m->ncma >= MG_MAX_CMA_AREAS)
		return 0;
	a = &m->cma[m->ncma++];
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "reserved");
	a->is_default = true;
	a->requested_bytes = size;
	a->origin = o;
	a->zone = MG_ZONE_NORMAL;

	/* The arch limit: the user can narrow it but never raise it (min_not_zero). */
	if (!limit || limit > c->dma_limit)
		limit = c->dma_limit;
	return declare_contiguous(c, a, base, size, limit, 0, fixed, why, "CMA default area");
}

/* mm/hugetlb.c: hugetlb_cma_reserve (5.7+; arm64 from bootmem_init): gigantic-page CMA, one area
 * "hugetlb<nid>" per online node of DIV_ROUND_UP(size, nodes) rounded up to a gigantic page,
 * anywhere in RAM.  Aligned to the gigantic page, except on 5.16-6.9 where it is aligned only
 * to PAGE_SIZE << HUGETLB_PAGE_ORDER (a PMD) and so can straddle a zone boundary and fail to
 * activate (QEMU, 4 GiB virt: 6.1 puts 1 GiB at 0xff600000, 6.12 at 0xc0000000).  arm64's order (arch/arm64/mm/hugetlbpage.c:
 * arm64_hugetlb_cma_reserve): PUD (1 GiB) on 4K pages, CONT_PMD otherwise (1 GiB on 16K,
 * 16 GiB on 64K). */
int mg_cma_reserve_hugetlb(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kernel *k = &m->k;
	const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "hugetlb_cma");
	struct mg_cma_area *a;
	uint64_t size, gigantic;
	char why[192];

	if (!t || !t->value || !k->cma || !k->rules->hugetlb_cma || !mg_kconfig_is_y(&c->b->kconfig, "HUGETLB_PAGE"))
		return 0;
	if (mg_parse_token_size(t, &size, c->err))
		return -1;
	if (!size)
		return 0;
	gigantic = k->page_size_bytes << (k->page_shift == 12 ? 18 : k->page_shift == 14 ? 16 : 18);
	if (size < gigantic) {
		mg_model_note(m, "hugetlb_cma: cma area should be at least %llu MiB (%s): nothing reserved",
			      (unsigned long long)(gigantic >> 20), t->origin.what);
		return 0;
	}
	if (m->ncma >= MG_MAX_CMA_AREAS)
		return 0;
	a = &m->cma[m->ncma++];
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "hugetlb0");
	a->requested_bytes = size;
	a->origin = t->origin;
	a->zone = MG_ZONE_NORMAL;
	snprintf(why, sizeof(why), "hugetlb_cma: %s, gigantic pages of %llu MiB", t->origin.what,
		 (unsigned long long)(gigantic >> 20));
	size = mg_align_up(size, gigantic);
	return declare_contiguous(c, a, 0, size, 0,
				  k->rules->hugetlb_cma_pmd_align ? k->page_size_bytes << (k->page_shift - 3) : gigantic,
				  false, why, "hugetlb CMA area");
}

/* kernel/dma/contiguous.c: dma_pernuma_cma_reserve (CONFIG_DMA_PERNUMA_CMA, 5.10-6.5; arm64
 * bootmem_init, after hugetlb_cma) and dma_numa_cma_reserve (CONFIG_DMA_NUMA_CMA, 6.6+, at the
 * start of dma_contiguous_reserve): cma_pernuma=S gives every online node an area "pernuma<nid>"
 * of S, default CMA alignment, anywhere.  memgate models one node. */
int mg_cma_reserve_pernuma(struct mg_model_ctx *c)
{
	struct mg_model *m = c->m;
	const struct mg_kconfig *kc = &c->b->kconfig;
	const struct mg_cmdline_token *t = mg_cmdline_last(&c->cl, "cma_pernuma");
	struct mg_cma_area *a;
	uint64_t size;
	char why[192];

	if (!t || !t->value || !m->k.dma_cma ||
	    !(mg_kconfig_is_y(kc, "DMA_PERNUMA_CMA") || mg_kconfig_is_y(kc, "DMA_NUMA_CMA")))
		return 0;
	if (mg_parse_token_size(t, &size, c->err))
		return -1;
	if (!size)
		return 0;
	/* one area per online node, taken inside it (memblock nid): top-down below the node's end */
	for (size_t n = 0; n < (c->nnodes >= 2 ? c->nnodes : 1) && m->ncma < MG_MAX_CMA_AREAS; n++) {
		a = &m->cma[m->ncma++];
		memset(a, 0, sizeof(*a));
		snprintf(a->name, sizeof(a->name), "pernuma%zu", n);
		a->requested_bytes = size;
		a->origin = t->origin;
		a->zone = MG_ZONE_NORMAL;
		snprintf(why, sizeof(why), "per-node CMA: %s", t->origin.what);
		if (declare_contiguous(c, a, 0, size, c->nnodes >= 2 ? c->node_span[n].base + c->node_span[n].size : 0, 0,
				       false, why, "per-node CMA area"))
			return -1;
	}
	return 0;
}
