/* memgate: the device-tree facts the kernel's early memory code reads.
 *
 * Parsed from a DTB with libfdt (after fdt_check_full on the real file length), or from a DTS
 * compiled with dtc (cpp first when it has #include), with overlays applied by
 * fdt_overlay_apply.  Each value keeps its origin: DT node path, plus DTS file:line when the
 * input was DTS. */
#ifndef MEMGATE_DT_H
#define MEMGATE_DT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* Hostile-input limits (issue "Hostile inputs and whole fleets"). */
#define MG_DT_MAX_BYTES (64u << 20)
#define MG_DT_MAX_NODES 200000u
#define MG_DT_MAX_DEPTH 64u

struct mg_range {
	uint64_t base;
	uint64_t size;
};

/* One device_type = "memory" node. */
struct mg_dt_memory {
	char path[256];
	struct mg_range *reg;     /* decoded `reg` with the root's cells */
	size_t nreg;
	struct mg_range *usable;  /* decoded `linux,usable-memory` (kernel prefers it over reg) */
	size_t nusable;
	bool has_usable;
	bool okay;                /* status absent, "okay" or "ok" */
	bool root_level;          /* direct child of / (6.1+ only scans those) */
	struct mg_origin origin;
	bool hotpluggable;        /* `hotpluggable` (early_init_dt_scan_memory marks it hotplug) */
	int numa_node;            /* `numa-node-id` (drivers/of/of_numa.c), -1 when absent */
};

/* One /reserved-memory child. */
struct mg_dt_rmem {
	char name[128];           /* node name with unit address, e.g. "linux,cma" */
	char path[256];
	struct mg_range *reg;     /* static region(s), parent's cells */
	size_t nreg;
	bool has_size;            /* dynamic region */
	uint64_t size;
	bool has_alignment;
	uint64_t alignment;
	struct mg_range *alloc_ranges;
	size_t nalloc_ranges;
	bool no_map;
	bool reusable;
	bool cma_default;         /* linux,cma-default */
	bool dma_default;         /* linux,dma-default */
	bool okay;                /* status */
	char compatible[256];     /* compatible strings joined with ' ' (first one first) */
	struct mg_origin origin;
	bool has_reg;             /* `reg` present (even empty): then `size` is ignored */
};

struct mg_dt {
	char file[256];           /* the DTB/DTS path as given */
	bool from_dts;
	uint64_t dtb_size_bytes;  /* fdt_totalsize() of the final (overlaid) blob: the kernel reserves it */
	/* Root #address-cells/#size-cells; absent means 1/1 like the kernel's
	 * OF_ROOT_NODE_{ADDR,SIZE}_CELLS_DEFAULT (drivers/of/fdt.c). */
	uint32_t address_cells;
	uint32_t size_cells;
	char model[256];
	char compatible[256];     /* root compatible, first string */
	unsigned ncpus;           /* /cpus children with device_type "cpu" and status okay */
	unsigned node_count;
	unsigned prop_count;          /* properties over all nodes (unflatten_device_tree sizing) */
	uint64_t node_name_bytes;     /* sum of node name lengths + 1 */

	struct mg_dt_memory *memory;
	size_t nmemory;

	struct mg_range *memreserve;  /* /memreserve/ entries from the header */
	size_t nmemreserve;

	bool has_reserved_memory;     /* /reserved-memory exists */
	uint32_t rmem_address_cells, rmem_size_cells;
	struct mg_dt_rmem *rmem;
	size_t nrmem;
	/* What __reserved_mem_check_root (drivers/of/of_reserved_mem.c) tests: the node needs its
	 * own #address-cells/#size-cells equal to the root's and a `ranges`, else the kernel
	 * ignores all of /reserved-memory.  When a cells property is absent the root's value is
	 * stored in rmem_*_cells above (and used to decode the children). */
	bool rmem_has_address_cells, rmem_has_size_cells, rmem_has_ranges;
	struct mg_origin rmem_origin;

	bool has_chosen;
	bool has_bootargs;
	char *bootargs;               /* /chosen/bootargs (or /chosen@0) */
	struct mg_origin bootargs_origin;
	bool has_initrd;              /* linux,initrd-start/-end */
	uint64_t initrd_start, initrd_end;
	bool has_usable_memory_range; /* /chosen/linux,usable-memory-range (kdump) */
	struct mg_range usable_memory_range;

	/* Highest CPU physical address any device can DMA to, from dma-ranges
	 * (drivers/of/address.c: of_dma_get_max_cpu_address, v5.11+).  UINT64_MAX-style
	 * "no limit" is reported as has_dma_limit = false. */
	bool has_dma_limit;
	uint64_t dma_max_cpu_address;
};

struct mg_dt_options {
	const char **include_dirs;   /* -I for cpp and dtc when compiling DTS */
	size_t ninclude_dirs;
	const char **overlays;       /* .dtbo or .dts (compiled with -@) applied in order */
	size_t noverlays;
};

/* Parse a DTB held in memory; name is used in errors and origins. */
int mg_dt_parse_blob(struct mg_dt *dt, const void *blob, size_t len, const char *name,
		     struct mg_error *err);
/* Read a .dtb or .dts (by content: a DTB starts with the FDT magic), apply overlays, parse. */
int mg_dt_load(struct mg_dt *dt, const char *path, const struct mg_dt_options *opt,
	       struct mg_error *err);
void mg_dt_free(struct mg_dt *dt);

#endif
