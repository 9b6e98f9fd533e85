/* Device-tree blob parser: the facts the kernel's early memory code reads from a DTB.
 *
 * The blob is validated with fdt_check_full() on its real length first, so the libfdt
 * accessors below only ever see a structurally sound tree; property contents are still
 * hostile and every length is checked before it is read. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include <memgate/dt.h>
#include <memgate/util.h>

#include "dt_internal.h"

/* Kernel constants (drivers/of/address.c, drivers/of/fdt.c, v6.1). */
#define OF_ROOT_NODE_ADDR_CELLS_DEFAULT 1u
#define OF_ROOT_NODE_SIZE_CELLS_DEFAULT 1u
#define OF_MAX_ADDR_CELLS 4u
#define OF_BAD_ADDR UINT64_MAX

/* ------------------------------------------------------------------ line map */

void mg_dt_linemap_free(struct mg_dt_linemap *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->pos[i].path);
		free(m->pos[i].file);
	}
	free(m->pos);
	memset(m, 0, sizeof(*m));
}

int mg_dt_linemap_add(struct mg_dt_linemap *m, const char *path, const char *file, unsigned line)
{
	struct mg_dt_srcpos *p;
	if (MG_ARRAY_RESERVE(m->pos, m->cap, m->n + 1))
		return -1;
	p = &m->pos[m->n];
	p->path = mg_strdup(path);
	p->file = mg_strdup(file);
	p->line = line;
	if (!p->path || !p->file) {
		free(p->path);
		free(p->file);
		return -1;
	}
	m->n++;
	return 0;
}

static int srcpos_cmp(const void *a, const void *b)
{
	return strcmp(((const struct mg_dt_srcpos *)a)->path, ((const struct mg_dt_srcpos *)b)->path);
}

void mg_dt_linemap_sort(struct mg_dt_linemap *m)
{
	if (m->n > 1)
		qsort(m->pos, m->n, sizeof(*m->pos), srcpos_cmp);
}

const struct mg_dt_srcpos *mg_dt_linemap_find(const struct mg_dt_linemap *m, const char *path)
{
	struct mg_dt_srcpos key;
	if (!m || !m->n)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, m->pos, m->n, sizeof(*m->pos), srcpos_cmp);
}

/* ------------------------------------------------------------------ helpers */

struct ctx {
	struct mg_dt *dt;
	const void *fdt;
	const char *name;
	const struct mg_dt_linemap *map;
	struct mg_error *err;
	/* Offsets of the root's children the kernel looks up by path (fdt_path_offset), noted
	 * by walk_nodes so that no lookup walks the tree again; -1 when absent. */
	int rmem_off, chosen_off, chosen0_off, cpus_off;
};

static void copy_str(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

#define PATH_TOO_LONG "(path too long)"

static void node_path(const struct ctx *c, int off, char *buf, size_t size)
{
	if (fdt_get_path(c->fdt, off, buf, (int)size) < 0)
		copy_str(buf, size, PATH_TOO_LONG);
}

/* parent + "/" + name, as fdt_get_path writes a child's path (parent "" for the root). */
static void child_path(char *buf, size_t size, const char *parent, const char *name, int namelen)
{
	size_t n = strlen(parent);

	if (n >= size || namelen < 0 || n + 1 + (size_t)namelen >= size) {
		copy_str(buf, size, PATH_TOO_LONG);
		return;
	}
	memmove(buf, parent, n);
	buf[n++] = '/';
	memcpy(buf + n, name, (size_t)namelen);
	buf[n + (size_t)namelen] = '\0';
}

/* libfdt's fdt_nodename_eq_: the name is s, or s@unit when s has no unit address itself. */
static bool nodename_eq(const char *name, int namelen, const char *s)
{
	size_t len = strlen(s);

	if (!name || namelen < 0 || (size_t)namelen < len || memcmp(name, s, len) != 0)
		return false;
	return (size_t)namelen == len || (!memchr(s, '@', len) && name[len] == '@');
}

/* Where a node was written: its DTS file:line when known, else the DT file itself. */
static void node_where(const struct ctx *c, const char *path, const char **file, unsigned *line)
{
	const struct mg_dt_srcpos *p = mg_dt_linemap_find(c->map, path);
	*file = p ? p->file : c->name;
	*line = p ? p->line : 0;
}

static void node_origin(const struct ctx *c, const char *path, struct mg_origin *o)
{
	const char *file;
	unsigned line;
	node_where(c, path, &file, &line);
	mg_origin_set(o, file, line, "%s", path);
}

static int node_error(const struct ctx *c, int off, const char *fmt, ...) MG_PRINTF(3, 4);
static int node_error(const struct ctx *c, int off, const char *fmt, ...)
{
	char path[256], msg[600];
	const char *file;
	unsigned line;
	va_list ap;

	node_path(c, off, path, sizeof(path));
	node_where(c, path, &file, &line);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return mg_input_error(c->err, file, line, "%s: %s", path, msg);
}

static int oom(const struct ctx *c)
{
	return mg_error_set(c->err, MG_ERR_INTERNAL, c->name, 0, 0, "out of memory");
}

/* A string property: NULL unless it is NUL-terminated inside its length. */
static const char *prop_string(const void *fdt, int off, const char *name)
{
	int len;
	const char *p = fdt_getprop(fdt, off, name, &len);
	if (!p || len <= 0 || !memchr(p, '\0', (size_t)len))
		return NULL;
	return p;
}

static bool prop_present(const void *fdt, int off, const char *name)
{
	return fdt_getprop(fdt, off, name, NULL) != NULL;
}

/* of_fdt_device_is_available / __of_device_is_available: status absent, "okay" or "ok". */
static bool node_okay(const void *fdt, int off)
{
	int len;
	const char *s = fdt_getprop(fdt, off, "status", &len);
	if (!s)
		return true;
	if (len <= 0 || !memchr(s, '\0', (size_t)len))
		return false;
	return !strcmp(s, "okay") || !strcmp(s, "ok");
}

/* of_read_number (include/linux/of.h): big-endian cells folded into 64 bits; with more than
 * two cells the high ones shift out, as in the kernel. */
static uint64_t read_cells(const fdt32_t *p, unsigned n)
{
	uint64_t r = 0;
	while (n--)
		r = (r << 32) | fdt32_to_cpu(*p++);
	return r;
}

/* Node name without the unit address, for of_node_name_eq. */
static bool name_eq(const void *fdt, int off, const char *want)
{
	int len;
	const char *n = fdt_get_name(fdt, off, &len);
	size_t wl = strlen(want);
	if (!n || len < 0)
		return false;
	const char *at = memchr(n, '@', (size_t)len);
	size_t base = at ? (size_t)(at - n) : (size_t)len;
	return base == wl && !memcmp(n, want, wl);
}

static bool string_prop_is(const void *fdt, int off, const char *name, const char *want)
{
	const char *s = prop_string(fdt, off, name);
	return s && !strcmp(s, want);
}

/* A cells property read strictly (root and /reserved-memory): 4 bytes, 1 or 2. */
static int strict_cells(const struct ctx *c, int off, const char *name, uint32_t dflt,
			uint32_t *out, bool *present)
{
	int len;
	const fdt32_t *p = fdt_getprop(c->fdt, off, name, &len);
	*present = p != NULL;
	if (!p) {
		*out = dflt;
		return 0;
	}
	if (len != 4)
		return node_error(c, off, "%s has %d bytes, expected 4", name, len);
	*out = fdt32_to_cpu(p[0]);
	if (*out < 1 || *out > 2)
		return node_error(c, off, "%s = %u, expected 1 or 2 (memgate decodes at most "
				  "64-bit addresses and sizes)", name, *out);
	return 0;
}

/* Decode (base, size) tuples.  strict: a malformed property is an error; else (a node the
 * kernel skips anyway, e.g. disabled) it decodes to nothing. */
static int decode_ranges(const struct ctx *c, int off, const char *prop, uint32_t ac,
			 uint32_t sc, bool strict, struct mg_range **out, size_t *n)
{
	int len;
	const fdt32_t *p = fdt_getprop(c->fdt, off, prop, &len);
	size_t tuple = (size_t)(ac + sc) * 4, count, cap = 0;

	*out = NULL;
	*n = 0;
	if (!p || len <= 0)
		return 0;
	if ((size_t)len % tuple) {
		if (!strict)
			return 0;
		return node_error(c, off, "%s has %d bytes, expected a multiple of %zu "
				  "(#address-cells %u + #size-cells %u)", prop, len, tuple, ac, sc);
	}
	count = (size_t)len / tuple;
	if (MG_ARRAY_RESERVE(*out, cap, count))
		return oom(c);
	for (size_t i = 0; i < count; i++, p += ac + sc) {
		uint64_t base = read_cells(p, ac), size = read_cells(p + ac, sc), end;
		if (!mg_add_u64(base, size, &end)) {
			free(*out);
			*out = NULL;
			if (!strict)
				return 0;
			return node_error(c, off, "%s entry %zu: base 0x%llx + size 0x%llx overflows "
					  "64 bits", prop, i, (unsigned long long)base,
					  (unsigned long long)size);
		}
		(*out)[i].base = base;
		(*out)[i].size = size;
	}
	*n = count;
	return 0;
}

/* One number property that must be exactly `cells` cells long (size, alignment). */
static int exact_number(const struct ctx *c, int off, const char *prop, uint32_t cells,
			const char *cells_name, bool strict, bool *has, uint64_t *out)
{
	int len;
	const fdt32_t *p = fdt_getprop(c->fdt, off, prop, &len);
	*has = false;
	*out = 0;
	if (!p)
		return 0;
	if (len != (int)(cells * 4)) {
		if (!strict)
			return 0;
		return node_error(c, off, "%s has %d bytes, expected %u (%s %u)", prop, len,
				  cells * 4, cells_name, cells);
	}
	*has = true;
	*out = read_cells(p, cells);
	return 0;
}

/* ------------------------------------------------------------------ DMA limit */

/* drivers/of/address.c (v6.1) of_busses[]: PCI, ISA, default. */
enum dt_bus { BUS_DEFAULT, BUS_PCI, BUS_ISA };

#define IORESOURCE_IO 0x100u
#define IORESOURCE_MEM 0x200u
#define IORESOURCE_PREFETCH 0x2000u
#define IORESOURCE_MEM_64 0x100000u

/* The per-level state of the walk; level 0 is the root. */
struct level {
	int off;
	const char *name;         /* fdt_get_name: the path is the names of levels 1..depth */
	int namelen;
	uint32_t bus_na, bus_ns;  /* of_bus_n_addr_cells / of_bus_n_size_cells of this node */
	enum dt_bus bus;          /* of_match_bus(this node) */
	const fdt32_t *dma;       /* dma-ranges */
	int dmalen;
	bool avail;               /* reached by for_each_available_child_of_node from / */
};

/* device_type of the node (NULL when absent or not a string), as prop_string reads it. */
static enum dt_bus match_bus(const void *fdt, int off, const char *dtype)
{
	/* of_bus_pci_match: device_type pci/pciex/vci/ht, or a node named "pcie". */
	if ((dtype && (!strcmp(dtype, "pci") || !strcmp(dtype, "pciex") || !strcmp(dtype, "vci") ||
		       !strcmp(dtype, "ht"))) || name_eq(fdt, off, "pcie"))
		return BUS_PCI;
	if (name_eq(fdt, off, "isa"))
		return BUS_ISA;
	return BUS_DEFAULT;
}

/* bus->count_cells(child): the PCI and ISA buses have fixed child cells. */
static void bus_count_cells(const struct level *parent, uint32_t *na, uint32_t *ns)
{
	switch (parent->bus) {
	case BUS_PCI: *na = 3; *ns = 2; break;
	case BUS_ISA: *na = 2; *ns = 1; break;
	default: *na = parent->bus_na; *ns = parent->bus_ns; break;
	}
}

static bool check_counts(uint32_t na, uint32_t ns)
{
	return na > 0 && na <= OF_MAX_ADDR_CELLS && ns > 0;
}

/* bus->get_flags on the first cell (host order). */
static unsigned bus_flags(enum dt_bus bus, uint32_t w)
{
	unsigned flags = 0;
	switch (bus) {
	case BUS_PCI: /* of_bus_pci_get_flags */
		switch ((w >> 24) & 3) {
		case 1: flags |= IORESOURCE_IO; break;
		case 2: flags |= IORESOURCE_MEM; break;
		case 3: flags |= IORESOURCE_MEM | IORESOURCE_MEM_64; break;
		}
		if (w & 0x40000000u)
			flags |= IORESOURCE_PREFETCH;
		return flags;
	case BUS_ISA:
		return (w & 1) ? IORESOURCE_IO : IORESOURCE_MEM;
	default:
		return IORESOURCE_MEM;
	}
}

static unsigned bus_get_flags(enum dt_bus bus, const fdt32_t *addr)
{
	return bus_flags(bus, fdt32_to_cpu(addr[0]));
}

static uint64_t read_host(const uint32_t *p, uint32_t n)
{
	uint64_t r = 0;
	while (n--)
		r = (r << 32) | *p++;
	return r;
}

/* bus->map: offset of addr inside one (dma-)ranges entry, or OF_BAD_ADDR. */
static uint64_t bus_map(enum dt_bus bus, const uint32_t *addr, const fdt32_t *range, uint32_t na,
			uint32_t ns, uint32_t pna)
{
	uint32_t skip = 0;
	uint64_t cp, s, da;
	if (bus == BUS_PCI) {
		unsigned af = bus_flags(BUS_PCI, addr[0]);
		unsigned rf = bus_get_flags(BUS_PCI, range);
		if ((af ^ rf) & (IORESOURCE_MEM | IORESOURCE_IO))
			return OF_BAD_ADDR;
		skip = 1;
	} else if (bus == BUS_ISA) {
		if ((addr[0] ^ fdt32_to_cpu(range[0])) & 1)
			return OF_BAD_ADDR;
		skip = 1;
	}
	cp = read_cells(range + skip, na - skip);
	s = read_cells(range + na + pna, ns);
	da = read_host(addr + skip, na - skip);
	if (da < cp || da >= cp + s) /* cp + s wraps as in the kernel */
		return OF_BAD_ADDR;
	return da - cp;
}

/* bus->translate: add offset to the address (below the flags cell on PCI/ISA). */
static void bus_translate(enum dt_bus bus, uint32_t *addr, uint64_t offset, uint32_t na)
{
	uint64_t a;
	if (bus != BUS_DEFAULT) {
		addr++;
		na--;
	}
	a = read_host(addr, na) + offset;
	memset(addr, 0, na * sizeof(*addr));
	if (na > 1)
		addr[na - 2] = (uint32_t)(a >> 32);
	if (na > 0)
		addr[na - 1] = (uint32_t)a;
}

/* of_translate_one with rprop "dma-ranges": absent or empty means 1:1. */
static int translate_one(const struct level *dev, enum dt_bus bus, enum dt_bus pbus,
			 uint32_t *addr, uint32_t na, uint32_t ns, uint32_t pna)
{
	uint64_t offset = OF_BAD_ADDR;
	if (!dev->dma || dev->dmalen == 0) {
		offset = read_host(addr, na);
		memset(addr, 0, pna * sizeof(*addr));
	} else {
		size_t rlen = (size_t)dev->dmalen / 4, rone = na + pna + ns;
		const fdt32_t *r = dev->dma;
		for (; rlen >= rone; rlen -= rone, r += rone) {
			offset = bus_map(bus, addr, r, na, ns, pna);
			if (offset != OF_BAD_ADDR)
				break;
		}
		if (offset == OF_BAD_ADDR)
			return 1;
		for (uint32_t i = 0; i < pna; i++)
			addr[i] = fdt32_to_cpu(r[na + i]);
	}
	bus_translate(pbus, addr, offset, pna);
	return 0;
}

/* __of_translate_address(node, __of_get_dma_parent, in, "dma-ranges"): a bus address of the
 * children of lv[d]... as seen on lv[d]'s parent bus, translated up to the CPU. */
static uint64_t translate_dma(const struct level *lv, unsigned d, const fdt32_t *in)
{
	uint32_t addr[OF_MAX_ADDR_CELLS], na, ns;
	enum dt_bus bus;
	unsigned dev;

	if (d == 0)
		return OF_BAD_ADDR; /* the root has no parent */
	bus = lv[d - 1].bus;
	bus_count_cells(&lv[d - 1], &na, &ns);
	if (!check_counts(na, ns))
		return OF_BAD_ADDR;
	for (uint32_t i = 0; i < na; i++)
		addr[i] = fdt32_to_cpu(in[i]);
	for (dev = d - 1;; dev--) {
		uint32_t pna, pns;
		enum dt_bus pbus;
		if (dev == 0)
			return read_host(addr, na);
		pbus = lv[dev - 1].bus;
		bus_count_cells(&lv[dev - 1], &pna, &pns);
		if (!check_counts(pna, pns))
			return OF_BAD_ADDR;
		if (translate_one(&lv[dev], bus, pbus, addr, na, ns, pna))
			return OF_BAD_ADDR;
		na = pna;
		ns = pns;
		bus = pbus;
	}
}

/* The dma-ranges part of of_dma_get_max_cpu_address (drivers/of/address.c, v5.11..v6.1) for the
 * node at lv[d]: the highest CPU address its ranges reach (the kernel's cpu_end), or
 * UINT64_MAX when the property cannot be parsed (later kernels' of_dma_range_parser_init
 * refuses such cell counts; v6.1 would loop or read garbage). */
static uint64_t dma_node_cpu_end(const struct level *lv, unsigned d)
{
	const struct level *n = &lv[d];
	uint32_t pna = d ? lv[d - 1].bus_na : n->bus_na; /* of_n_addr_cells(node) */
	uint32_t na = n->bus_na, ns = n->bus_ns, flag_na = n->bus == BUS_DEFAULT ? 0 : 1;
	size_t total = (size_t)n->dmalen / 4, np, i = 0;
	uint64_t cpu_end = 0;

	if (!check_counts(na, ns) || ns > OF_MAX_ADDR_CELLS || pna < 1 || pna > OF_MAX_ADDR_CELLS ||
	    na < flag_na)
		return UINT64_MAX;
	np = pna + na + ns;
	/* for_each_of_range → of_pci_range_parser_one: entries with contiguous bus and CPU
	 * addresses and equal flags are merged into one range. */
	while (i + np <= total) {
		const fdt32_t *r = n->dma + i;
		unsigned flags = bus_get_flags(n->bus, r);
		uint64_t bus_addr = read_cells(r + flag_na, na - flag_na);
		uint64_t cpu = translate_dma(lv, d, r + na);
		uint64_t size = read_cells(r + pna + na, ns);
		i += np;
		while (i + np <= total) {
			const fdt32_t *q = n->dma + i;
			uint64_t b2 = read_cells(q + flag_na, na - flag_na);
			uint64_t c2 = translate_dma(lv, d, q + na);
			uint64_t s2 = read_cells(q + pna + na, ns);
			if (bus_get_flags(n->bus, q) != flags)
				break;
			if (b2 != bus_addr + size || c2 != cpu + size)
				break;
			size += s2;
			i += np;
		}
		/* Unsigned wrap-around exactly as the kernel computes it (an untranslatable
		 * range has cpu_addr = OF_BAD_ADDR). */
		if (cpu + size > cpu_end)
			cpu_end = cpu + size - 1;
	}
	return cpu_end;
}

/* ------------------------------------------------------------------ nodes */

/* The path of the node at depth on the walk's stack, as fdt_get_path writes it. */
static void level_path(const struct level *lv, unsigned depth, char *buf, size_t size)
{
	copy_str(buf, size, depth ? "" : "/");
	for (unsigned d = 1; d <= depth && strcmp(buf, PATH_TOO_LONG); d++)
		child_path(buf, size, buf, lv[d].name, lv[d].namelen);
}

static int add_memory(struct ctx *c, const struct level *lv, unsigned depth, size_t *cap)
{
	struct mg_dt *dt = c->dt;
	struct mg_dt_memory *m;
	int off = lv[depth].off;
	bool okay = node_okay(c->fdt, off);

	if (MG_ARRAY_RESERVE(dt->memory, *cap, dt->nmemory + 1))
		return oom(c);
	m = &dt->memory[dt->nmemory++];
	memset(m, 0, sizeof(*m));
	level_path(lv, depth, m->path, sizeof(m->path));
	node_origin(c, m->path, &m->origin);
	m->okay = okay;
	m->root_level = depth == 1;
	m->hotpluggable = prop_present(c->fdt, off, "hotpluggable");
	{
		/* drivers/of/of_numa.c: of_numa_parse_memory_nodes reads one u32; MAX_NUMNODES
		 * bounds it there (a larger id is refused: "NUMA: Invalid node"). */
		int len;
		const fdt32_t *p = fdt_getprop(c->fdt, off, "numa-node-id", &len);
		uint32_t id = p && len == 4 ? fdt32_to_cpu(p[0]) : UINT32_MAX;
		m->numa_node = id < 1024 ? (int)id : -1;
	}
	/* The kernel reads these only for available nodes (early_init_dt_scan_memory); a
	 * malformed disabled node is not an error. */
	if (decode_ranges(c, off, "reg", dt->address_cells, dt->size_cells, okay, &m->reg, &m->nreg))
		return -1;
	m->has_usable = prop_present(c->fdt, off, "linux,usable-memory");
	if (decode_ranges(c, off, "linux,usable-memory", dt->address_cells, dt->size_cells, okay,
			  &m->usable, &m->nusable))
		return -1;
	return 0;
}

static void join_compatible(const void *fdt, int off, char *buf, size_t size)
{
	int len, pos = 0;
	const char *p = fdt_getprop(fdt, off, "compatible", &len);
	buf[0] = '\0';
	if (!p || len <= 0)
		return;
	while (pos < len) {
		const char *s = p + pos;
		size_t sl = strnlen(s, (size_t)(len - pos)), used = strlen(buf);
		if (sl && used + 1 < size)
			snprintf(buf + used, size - used, "%s%.*s", used ? " " : "", (int)sl, s);
		pos += (int)sl + 1;
	}
}

static int parse_rmem_child(struct ctx *c, const char *parent_path, int off, size_t *cap)
{
	struct mg_dt *dt = c->dt;
	struct mg_dt_rmem *r;
	const char *name;
	int namelen = 0;
	bool okay = node_okay(c->fdt, off), dyn;
	uint32_t ac = dt->rmem_address_cells, sc = dt->rmem_size_cells;

	if (MG_ARRAY_RESERVE(dt->rmem, *cap, dt->nrmem + 1))
		return oom(c);
	r = &dt->rmem[dt->nrmem++];
	memset(r, 0, sizeof(*r));
	name = fdt_get_name(c->fdt, off, &namelen);
	copy_str(r->name, sizeof(r->name), name);
	child_path(r->path, sizeof(r->path), parent_path, name, namelen);
	node_origin(c, r->path, &r->origin);
	r->okay = okay;
	/* Disabled children are skipped by __fdt_scan_reserved_mem before any property is read. */
	r->has_reg = prop_present(c->fdt, off, "reg");
	if (decode_ranges(c, off, "reg", ac, sc, okay, &r->reg, &r->nreg))
		return -1;
	/* __reserved_mem_alloc_size (drivers/of/of_reserved_mem.c, v6.1) reads size (#size-cells
	 * long), alignment (checked against #address-cells) and alloc-ranges only for nodes
	 * without reg; static nodes in real DTBs carry e.g. 4-byte alignments the kernel never
	 * looks at, so only dynamic nodes are held to the format. */
	dyn = okay && !r->has_reg;
	if (exact_number(c, off, "size", sc, "#size-cells", dyn, &r->has_size, &r->size))
		return -1;
	if (exact_number(c, off, "alignment", ac, "#address-cells", dyn, &r->has_alignment,
			 &r->alignment))
		return -1;
	if (decode_ranges(c, off, "alloc-ranges", ac, sc, dyn, &r->alloc_ranges,
			  &r->nalloc_ranges))
		return -1;
	r->no_map = prop_present(c->fdt, off, "no-map");
	r->reusable = prop_present(c->fdt, off, "reusable");
	r->cma_default = prop_present(c->fdt, off, "linux,cma-default");
	r->dma_default = prop_present(c->fdt, off, "linux,dma-default");
	join_compatible(c->fdt, off, r->compatible, sizeof(r->compatible));
	return 0;
}

static int parse_reserved_memory(struct ctx *c)
{
	struct mg_dt *dt = c->dt;
	int off = c->rmem_off, child, namelen = 0;
	const char *name;
	char path[256];
	size_t cap = 0;

	if (off < 0)
		return 0;
	name = fdt_get_name(c->fdt, off, &namelen);
	child_path(path, sizeof(path), "", name, namelen);
	dt->has_reserved_memory = true;
	node_origin(c, "/reserved-memory", &dt->rmem_origin);
	if (strict_cells(c, off, "#address-cells", dt->address_cells, &dt->rmem_address_cells,
			 &dt->rmem_has_address_cells) ||
	    strict_cells(c, off, "#size-cells", dt->size_cells, &dt->rmem_size_cells,
			 &dt->rmem_has_size_cells))
		return -1;
	dt->rmem_has_ranges = prop_present(c->fdt, off, "ranges");
	fdt_for_each_subnode(child, c->fdt, off) {
		if (parse_rmem_child(c, path, child, &cap))
			return -1;
	}
	return 0;
}

/* early_init_dt_scan_chosen (drivers/of/fdt.c, v6.1): /chosen, else /chosen@0. */
static int parse_chosen(struct ctx *c)
{
	struct mg_dt *dt = c->dt;
	int off = c->chosen_off >= 0 ? c->chosen_off : c->chosen0_off, len, elen;
	const char *p;
	const fdt32_t *s, *e;
	char path[256];

	if (off < 0)
		return 0;
	dt->has_chosen = true;
	p = fdt_get_name(c->fdt, off, &len);
	child_path(path, sizeof(path), "", p, len);

	/* bootargs is used when its length is > 0, up to the first NUL. */
	p = fdt_getprop(c->fdt, off, "bootargs", &len);
	if (p && len > 0) {
		dt->bootargs = mg_strndup(p, strnlen(p, (size_t)len));
		if (!dt->bootargs)
			return oom(c);
		dt->has_bootargs = true;
		node_origin(c, path, &dt->bootargs_origin);
		snprintf(dt->bootargs_origin.what, sizeof(dt->bootargs_origin.what), "%.180s:bootargs",
			 path);
	}

	/* early_init_dt_check_for_initrd: of_read_number(prop, len / 4), so 32- and 64-bit
	 * (and, as in the kernel, any other cell count) are read alike. */
	s = fdt_getprop(c->fdt, off, "linux,initrd-start", &len);
	e = fdt_getprop(c->fdt, off, "linux,initrd-end", &elen);
	if (s && e) {
		dt->has_initrd = true;
		dt->initrd_start = read_cells(s, (unsigned)len / 4);
		dt->initrd_end = read_cells(e, (unsigned)elen / 4);
	}

	/* linux,usable-memory-range (kdump): root cells; the first tuple is the usable range. */
	{
		struct mg_range *r;
		size_t n;
		if (decode_ranges(c, off, "linux,usable-memory-range", dt->address_cells,
				  dt->size_cells, true, &r, &n))
			return -1;
		if (n) {
			dt->has_usable_memory_range = true;
			dt->usable_memory_range = r[0];
		}
		free(r);
	}
	return 0;
}

static int parse_memreserve(struct ctx *c)
{
	struct mg_dt *dt = c->dt;
	int n = fdt_num_mem_rsv(c->fdt);
	size_t cap = 0;

	if (n < 0)
		return mg_input_error(c->err, c->name, 0, "/memreserve/: %s", fdt_strerror(n));
	/* The kernel stops at the first zero-size entry, like fdt_num_mem_rsv. */
	for (int i = 0; i < n; i++) {
		uint64_t base, size, end;
		if (fdt_get_mem_rsv(c->fdt, i, &base, &size) < 0)
			return mg_input_error(c->err, c->name, 0, "/memreserve/ entry %d unreadable", i);
		if (!mg_add_u64(base, size, &end))
			return mg_input_error(c->err, c->name, 0, "/memreserve/ entry %d: base 0x%llx "
					      "+ size 0x%llx overflows 64 bits", i,
					      (unsigned long long)base, (unsigned long long)size);
		if (MG_ARRAY_RESERVE(dt->memreserve, cap, dt->nmemreserve + 1))
			return oom(c);
		dt->memreserve[dt->nmemreserve].base = base;
		dt->memreserve[dt->nmemreserve].size = size;
		dt->nmemreserve++;
	}
	return 0;
}

static void count_cpus(struct ctx *c)
{
	int cpus = c->cpus_off, n;
	if (cpus < 0)
		return;
	fdt_for_each_subnode(n, c->fdt, cpus) {
		if (string_prop_is(c->fdt, n, "device_type", "cpu") && node_okay(c->fdt, n))
			c->dt->ncpus++;
	}
}

/* The properties walk_nodes reads, found in one pass over the node: fdt_getprop rescans every
 * property per name, and nine such scans per node were 70% of a corpus sweep (docs/bench.md).
 * First match wins, as with fdt_getprop. */
struct node_props {
	const fdt32_t *acells, *scells;
	int alen, slen;
	const fdt32_t *dma;
	int dmalen;
	const char *status, *dtype;
	int statuslen, dtypelen;
	bool has_status, has_dma;
	unsigned nprops;
};

static void scan_node_props(const void *fdt, int off, struct node_props *np)
{
	int po;

	memset(np, 0, sizeof(*np));
	fdt_for_each_property_offset(po, fdt, off) {
		const char *name = NULL;
		int len = 0;
		const void *v = fdt_getprop_by_offset(fdt, po, &name, &len);

		np->nprops++;
		if (!v || !name)
			continue;
		if (!np->acells && !strcmp(name, "#address-cells")) {
			np->acells = v;
			np->alen = len;
		} else if (!np->scells && !strcmp(name, "#size-cells")) {
			np->scells = v;
			np->slen = len;
		} else if (!np->has_dma && !strcmp(name, "dma-ranges")) {
			np->has_dma = true;
			np->dma = v;
			np->dmalen = len;
		} else if (!np->has_status && !strcmp(name, "status")) {
			np->has_status = true;
			np->status = v;
			np->statuslen = len;
		} else if (!np->dtype && !strcmp(name, "device_type")) {
			np->dtype = v;
			np->dtypelen = len;
		}
	}
	/* prop_string: a string only when NUL-terminated inside the property. */
	if (np->dtype && (np->dtypelen <= 0 || !memchr(np->dtype, '\0', (size_t)np->dtypelen)))
		np->dtype = NULL;
}

/* node_okay on scanned properties. */
static bool props_okay(const struct node_props *np)
{
	if (!np->has_status)
		return true;
	if (np->statuslen <= 0 || !memchr(np->status, '\0', (size_t)np->statuslen))
		return false;
	return !strcmp(np->status, "okay") || !strcmp(np->status, "ok");
}

/* One pass over every node: limits, memory nodes, the DMA limit. */
static int walk_nodes(struct ctx *c)
{
	struct level lv[MG_DT_MAX_DEPTH + 1];
	struct mg_dt *dt = c->dt;
	uint64_t dma_max = UINT64_MAX;
	bool any_dma = false;
	size_t mem_cap = 0;
	int depth = -1, off;

	for (off = fdt_next_node(c->fdt, -1, &depth); off >= 0 && depth >= 0;
	     off = fdt_next_node(c->fdt, off, &depth)) {
		struct level *l;
		struct node_props np;

		if (++dt->node_count > MG_DT_MAX_NODES)
			return mg_input_error(c->err, c->name, 0, "more than %u nodes", MG_DT_MAX_NODES);
		scan_node_props(c->fdt, off, &np);
		dt->prop_count += np.nprops;
		if ((unsigned)depth > MG_DT_MAX_DEPTH)
			return node_error(c, off, "nested deeper than %u levels", MG_DT_MAX_DEPTH);
		l = &lv[depth];
		l->off = off;
		l->namelen = 0;
		l->name = fdt_get_name(c->fdt, off, &l->namelen);
		if (l->name && l->namelen >= 0)
			dt->node_name_bytes += (uint64_t)l->namelen + 1;
		if (depth == 1) {
			/* fdt_path_offset("/x") finds the first child of the root named x. */
			if (c->rmem_off < 0 && nodename_eq(l->name, l->namelen, "reserved-memory"))
				c->rmem_off = off;
			if (c->chosen_off < 0 && nodename_eq(l->name, l->namelen, "chosen"))
				c->chosen_off = off;
			if (c->chosen0_off < 0 && nodename_eq(l->name, l->namelen, "chosen@0"))
				c->chosen0_off = off;
			if (c->cpus_off < 0 && nodename_eq(l->name, l->namelen, "cpus"))
				c->cpus_off = off;
		}
		/* of_bus_n_addr_cells/of_bus_n_size_cells: own property (at least 4 bytes),
		 * else the parent's, else the root default. */
		l->bus_na = np.acells && np.alen >= 4 ? fdt32_to_cpu(*np.acells)
			    : depth ? lv[depth - 1].bus_na : OF_ROOT_NODE_ADDR_CELLS_DEFAULT;
		l->bus_ns = np.scells && np.slen >= 4 ? fdt32_to_cpu(*np.scells)
			    : depth ? lv[depth - 1].bus_ns : OF_ROOT_NODE_SIZE_CELLS_DEFAULT;
		l->bus = match_bus(c->fdt, off, np.dtype);
		l->dma = np.has_dma ? np.dma : NULL;
		l->dmalen = np.has_dma ? np.dmalen : 0;
		l->avail = depth == 0 || (lv[depth - 1].avail && props_okay(&np));

		/* of_dma_get_max_cpu_address(NULL): the root, then every available child
		 * recursively; the minimum of all nodes' cpu_end. */
		if (l->avail && l->dma && l->dmalen) {
			uint64_t end = dma_node_cpu_end(lv, (unsigned)depth);
			any_dma = true;
			if (end < dma_max)
				dma_max = end;
		}

		if (depth > 0 && np.dtype && !strcmp(np.dtype, "memory") &&
		    add_memory(c, lv, (unsigned)depth, &mem_cap))
			return -1;
	}
	if (off < 0 && off != -FDT_ERR_NOTFOUND)
		return mg_input_error(c->err, c->name, 0, "walking the tree: %s", fdt_strerror(off));
	/* PHYS_ADDR_MAX means "no DMA-constrained device". */
	dt->has_dma_limit = any_dma && dma_max != UINT64_MAX;
	dt->dma_max_cpu_address = dt->has_dma_limit ? dma_max : 0;
	return 0;
}

static int parse_root(struct ctx *c)
{
	struct mg_dt *dt = c->dt;
	const char *s;
	bool present;

	/* early_init_dt_scan_root: absent → OF_ROOT_NODE_{ADDR,SIZE}_CELLS_DEFAULT (1/1). */
	if (strict_cells(c, 0, "#address-cells", OF_ROOT_NODE_ADDR_CELLS_DEFAULT,
			 &dt->address_cells, &present) ||
	    strict_cells(c, 0, "#size-cells", OF_ROOT_NODE_SIZE_CELLS_DEFAULT, &dt->size_cells,
			 &present))
		return -1;
	s = prop_string(c->fdt, 0, "model");
	copy_str(dt->model, sizeof(dt->model), s);
	s = prop_string(c->fdt, 0, "compatible");
	copy_str(dt->compatible, sizeof(dt->compatible), s);
	return 0;
}

int mg_dt_parse_blob_mapped(struct mg_dt *dt, const void *blob, size_t len, const char *name,
			    const struct mg_dt_linemap *map, struct mg_error *err)
{
	struct ctx c = { dt, blob, name ? name : "", map, err, -1, -1, -1, -1 };
	void *aligned = NULL;
	int rc;

	memset(dt, 0, sizeof(*dt));
	copy_str(dt->file, sizeof(dt->file), c.name);
	if (!blob)
		return mg_input_error(err, c.name, 0, "no device tree blob");
	if (len > MG_DT_MAX_BYTES)
		return mg_input_error(err, c.name, 0, "device tree blob of %zu bytes exceeds the "
				      "%u-byte limit", len, MG_DT_MAX_BYTES);
	/* libfdt reads the header through aligned loads on some builds: give it 8-byte alignment. */
	if ((uintptr_t)blob % 8) {
		aligned = malloc(len ? len : 1);
		if (!aligned)
			return oom(&c);
		memcpy(aligned, blob, len);
		c.fdt = aligned;
	}
	/* libfdt 1.6.1 (Debian 12) fdt_check_full dereferences NULL on a header version below 16
	 * (found by tests/fuzz/fuzz_dtb).  dtc has written version 17 since 2007, so refuse the
	 * old layouts before libfdt walks them. */
	if (len >= 24 && fdt_magic(c.fdt) == FDT_MAGIC && fdt_version(c.fdt) < 16) {
		rc = (int)fdt_version(c.fdt);
		free(aligned);
		return mg_input_error(err, c.name, 0, "device tree blob version %d is not supported "
				      "(expected 16 or 17, what dtc writes)", rc);
	}
	rc = fdt_check_full(c.fdt, len);
	if (rc == 0 && fdt_totalsize(c.fdt) > len)
		rc = -FDT_ERR_TRUNCATED;
	if (rc) {
		free(aligned);
		return mg_input_error(err, c.name, 0, "not a valid device tree blob (%zu bytes): "
				      "fdt_check_full: %s", len, fdt_strerror(rc));
	}
	dt->dtb_size_bytes = fdt_totalsize(c.fdt);

	rc = parse_root(&c);
	if (!rc)
		rc = walk_nodes(&c);
	if (!rc)
		rc = parse_memreserve(&c);
	if (!rc)
		rc = parse_reserved_memory(&c);
	if (!rc)
		rc = parse_chosen(&c);
	if (!rc)
		count_cpus(&c);
	free(aligned);
	if (rc) {
		mg_dt_free(dt);
		copy_str(dt->file, sizeof(dt->file), c.name);
		return -1;
	}
	return 0;
}

int mg_dt_parse_blob(struct mg_dt *dt, const void *blob, size_t len, const char *name,
		     struct mg_error *err)
{
	return mg_dt_parse_blob_mapped(dt, blob, len, name, NULL, err);
}

void mg_dt_free(struct mg_dt *dt)
{
	if (!dt)
		return;
	for (size_t i = 0; i < dt->nmemory; i++) {
		free(dt->memory[i].reg);
		free(dt->memory[i].usable);
	}
	free(dt->memory);
	for (size_t i = 0; i < dt->nrmem; i++) {
		free(dt->rmem[i].reg);
		free(dt->rmem[i].alloc_ranges);
	}
	free(dt->rmem);
	free(dt->memreserve);
	free(dt->bootargs);
	memset(dt, 0, sizeof(*dt));
}
