/* memblock, reproduced: the kernel's early allocator state (mm/memblock.c).
 *
 * Two sorted, non-overlapping range lists: memory (with the NOMAP flag) and reserved.
 * Allocation searches free ranges = memory - NOMAP - reserved, top-down by default
 * (memblock_find_in_range_node), aligning the candidate down from the end of each range. */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

static uint64_t end_of(const struct mg_mb_range *r) { return r->base + r->size; }

static int cmp_range(const void *a, const void *b)
{
	const struct mg_mb_range *x = a, *y = b;
	return x->base < y->base ? -1 : x->base > y->base;
}

/* Sort and merge touching ranges with equal flags, as memblock_merge_regions does. */
static void normalize(struct mg_mb_range *r, size_t *n)
{
	size_t i, out = 0;

	qsort(r, *n, sizeof(*r), cmp_range);
	for (i = 0; i < *n; i++) {
		if (!r[i].size)
			continue;
		if (out && end_of(&r[out - 1]) == r[i].base && r[out - 1].nomap == r[i].nomap)
			r[out - 1].size += r[i].size;
		else
			r[out++] = r[i];
	}
	*n = out;
}

static int push(struct mg_mb_range *r, size_t *n, uint64_t base, uint64_t end, bool nomap)
{
	if (end <= base)
		return 0;
	if (*n >= MG_MB_MAX)
		return -1;
	r[*n].base = base;
	r[*n].size = end - base;
	r[*n].nomap = nomap;
	(*n)++;
	return 0;
}

/* Rebuild list with [base, end) cut out, or (set_flag) with its nomap flag set to flag. */
static int rewrite(struct mg_mb_range *r, size_t *n, uint64_t base, uint64_t end, bool cut,
		   bool flag)
{
	struct mg_mb_range old[MG_MB_MAX];
	size_t nold = *n, i;

	memcpy(old, r, nold * sizeof(*r));
	*n = 0;
	for (i = 0; i < nold; i++) {
		uint64_t s = old[i].base, e = end_of(&old[i]);
		uint64_t is = s > base ? s : base, ie = e < end ? e : end;
		if (is >= ie) {
			if (push(r, n, s, e, old[i].nomap))
				return -1;
			continue;
		}
		if (push(r, n, s, is, old[i].nomap) || push(r, n, ie, e, old[i].nomap))
			return -1;
		if (!cut && push(r, n, is, ie, flag))
			return -1;
	}
	normalize(r, n);
	return 0;
}

/* Union [base, end) into the list; parts already present keep their flags. */
static int unite(struct mg_mb_range *r, size_t *n, uint64_t base, uint64_t end)
{
	uint64_t cur = base;
	size_t i, nold = *n;

	normalize(r, n);
	nold = *n;
	for (i = 0; i < nold && cur < end; i++) {
		uint64_t s = r[i].base, e = end_of(&r[i]);
		if (e <= cur)
			continue;
		if (s >= end)
			break;
		if (s > cur && push(r, n, cur, s, false))
			return -1;
		cur = e;
	}
	if (cur < end && push(r, n, cur, end, false))
		return -1;
	normalize(r, n);
	return 0;
}

static uint64_t clamp_end(uint64_t base, uint64_t size)
{
	uint64_t end;
	return mg_add_u64(base, size, &end) ? end : UINT64_MAX;
}

/* Only the counts: an entry is written before it is read, and the 48 KiB of arrays stay
 * untouched (fresh pages are what a one-board run pays for most: docs/bench.md). */
void mg_mb_init(struct mg_memblock *mb)
{
	mb->nmemory = 0;
	mb->nreserved = 0;
}

int mg_mb_add(struct mg_memblock *mb, uint64_t base, uint64_t size)
{
	return unite(mb->memory, &mb->nmemory, base, clamp_end(base, size));
}

void mg_mb_remove(struct mg_memblock *mb, uint64_t base, uint64_t size)
{
	rewrite(mb->memory, &mb->nmemory, base, clamp_end(base, size), true, false);
}

int mg_mb_reserve(struct mg_memblock *mb, uint64_t base, uint64_t size)
{
	return unite(mb->reserved, &mb->nreserved, base, clamp_end(base, size));
}

void mg_mb_free(struct mg_memblock *mb, uint64_t base, uint64_t size)
{
	rewrite(mb->reserved, &mb->nreserved, base, clamp_end(base, size), true, false);
}

int mg_mb_mark_nomap(struct mg_memblock *mb, uint64_t base, uint64_t size)
{
	return rewrite(mb->memory, &mb->nmemory, base, clamp_end(base, size), false, true);
}

void mg_mb_clear_nomap(struct mg_memblock *mb, uint64_t base, uint64_t size)
{
	rewrite(mb->memory, &mb->nmemory, base, clamp_end(base, size), false, false);
}

static bool overlaps(const struct mg_mb_range *r, size_t n, uint64_t base, uint64_t end)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].base < end && base < end_of(&r[i]))
			return true;
	return false;
}

bool mg_mb_is_reserved(const struct mg_memblock *mb, uint64_t base, uint64_t size)
{
	return overlaps(mb->reserved, mb->nreserved, base, clamp_end(base, size));
}

bool mg_mb_is_memory(const struct mg_memblock *mb, uint64_t base, uint64_t size)
{
	uint64_t end = clamp_end(base, size);
	for (size_t i = 0; i < mb->nmemory; i++)
		if (mb->memory[i].base <= base && end <= end_of(&mb->memory[i]))
			return true;
	return false;
}

/* Free ranges in ascending order: memory without NOMAP, minus reserved. */
static size_t free_ranges(const struct mg_memblock *mb, struct mg_mb_range *out)
{
	size_t n = 0, i, j;

	for (i = 0; i < mb->nmemory; i++) {
		uint64_t s = mb->memory[i].base, e = end_of(&mb->memory[i]);
		if (mb->memory[i].nomap)
			continue;
		for (j = 0; j < mb->nreserved && s < e; j++) {
			uint64_t rs = mb->reserved[j].base, re = end_of(&mb->reserved[j]);
			if (re <= s)
				continue;
			if (rs >= e)
				break;
			if (rs > s)
				push(out, &n, s, rs, false);
			s = re > s ? re : s;
		}
		if (s < e)
			push(out, &n, s, e, false);
	}
	return n;
}

bool mg_mb_find(const struct mg_memblock *mb, uint64_t size, uint64_t align, uint64_t lo,
		uint64_t hi, bool top_down, uint64_t *addr)
{
	struct mg_mb_range fr[MG_MB_MAX];
	size_t n = free_ranges(mb, fr), i;

	if (!align)
		align = 1;
	for (i = 0; i < n; i++) {
		size_t k = top_down ? n - 1 - i : i;
		uint64_t s = fr[k].base, e = end_of(&fr[k]);
		s = s < lo ? lo : s;
		e = e > hi ? hi : e;
		if (s >= e || e - s < size)
			continue;
		if (top_down) {
			uint64_t cand = mg_align_down(e - size, align);
			if (cand >= s) {
				*addr = cand;
				return true;
			}
		} else {
			uint64_t cand = mg_align_up(s, align);
			if (cand < e && e - cand >= size) {
				*addr = cand;
				return true;
			}
		}
	}
	return false;
}

uint64_t mg_mb_start(const struct mg_memblock *mb)
{
	return mb->nmemory ? mb->memory[0].base : 0;
}

uint64_t mg_mb_end(const struct mg_memblock *mb)
{
	return mb->nmemory ? end_of(&mb->memory[mb->nmemory - 1]) : 0;
}

uint64_t mg_mb_phys_size(const struct mg_memblock *mb)
{
	uint64_t total = 0;
	for (size_t i = 0; i < mb->nmemory; i++)
		total += mb->memory[i].size;
	return total;
}

void mg_mb_cap_size(struct mg_memblock *mb, uint64_t limit)
{
	/* memblock_mem_limit_remove_map -> __find_max_addr: the address where the running total
	 * of memory sizes reaches limit; everything above is removed. */
	uint64_t left = limit, max_addr = UINT64_MAX;
	for (size_t i = 0; i < mb->nmemory; i++) {
		if (mb->memory[i].size >= left) {
			max_addr = mb->memory[i].base + left;
			break;
		}
		left -= mb->memory[i].size;
	}
	if (max_addr != UINT64_MAX)
		mg_mb_remove(mb, max_addr, UINT64_MAX - max_addr);
}

static uint64_t page_trimmed(uint64_t s, uint64_t e, uint64_t lo, uint64_t hi, unsigned ps)
{
	uint64_t spfn, epfn;
	s = s < lo ? lo : s;
	e = e > hi ? hi : e;
	if (s >= e)
		return 0;
	spfn = mg_align_up(s, 1ull << ps) >> ps; /* PFN_UP */
	epfn = e >> ps;                           /* PFN_DOWN */
	return epfn > spfn ? epfn - spfn : 0;
}

uint64_t mg_mb_free_pages(const struct mg_memblock *mb, uint64_t lo, uint64_t hi, unsigned page_shift)
{
	struct mg_mb_range fr[MG_MB_MAX];
	size_t n = free_ranges(mb, fr);
	uint64_t pages = 0;
	for (size_t i = 0; i < n; i++)
		pages += page_trimmed(fr[i].base, end_of(&fr[i]), lo, hi, page_shift);
	return pages;
}

uint64_t mg_mb_present_pages(const struct mg_memblock *mb, uint64_t lo, uint64_t hi, unsigned page_shift)
{
	uint64_t pages = 0;
	for (size_t i = 0; i < mb->nmemory; i++)
		pages += page_trimmed(mb->memory[i].base, end_of(&mb->memory[i]), lo, hi, page_shift);
	return pages;
}

/* Memory sections (1 << bits bytes) that hold some of memblock.memory, each counted once. */
uint64_t mg_mb_sections(const struct mg_memblock *mb, unsigned bits)
{
	uint64_t n = 0, last = UINT64_MAX;
	for (size_t i = 0; i < mb->nmemory; i++) {
		uint64_t s = mb->memory[i].base >> bits, e = (mb->memory[i].base + mb->memory[i].size - 1) >> bits;
		for (uint64_t x = s; x <= e; x++)
			if (x != last) {
				n++;
				last = x;
			}
	}
	return n;
}
