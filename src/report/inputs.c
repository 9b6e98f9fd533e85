/* `memgate inputs`: everything that was read from a board, each value with its origin, as text
 * or JSON.  Of the .config only the symbols the memory model reads are listed (a distribution
 * config has thousands); the symbol count says how many were read. */
#include <inttypes.h>
#include <string.h>

#include "report/fmt.h"

/* Kconfig symbols the model and the gate look at (exact names, without CONFIG_). */
static const char *const kconfig_exact[] = {
	"ARM64_4K_PAGES", "ARM64_16K_PAGES", "ARM64_64K_PAGES", "ARM64_VA_BITS", "ARM64_PA_BITS",
	"ARM_LPAE", "PGTABLE_LEVELS", "PAGE_SIZE_4KB", "PAGE_SIZE_16KB", "PAGE_SIZE_64KB",
	"PAGE_SHIFT", "FORCE_MAX_ZONEORDER", "ARCH_FORCE_MAX_ORDER", "NR_CPUS", "NUMA", "NODES_SHIFT",
	"SPARSEMEM", "SPARSEMEM_VMEMMAP", "FLATMEM", "MEMORY_HOTPLUG", "HIGHMEM", "VMSPLIT_3G",
	"VMSPLIT_2G", "VMSPLIT_1G", "PAGE_OFFSET", "RELOCATABLE", "RANDOMIZE_BASE",
	"BLK_DEV_INITRD", "SWIOTLB", "KFENCE", "KFENCE_NUM_OBJECTS", "KASAN", "PAGE_EXTENSION",
	"PAGE_OWNER", "DEBUG_PAGEALLOC", "LOG_BUF_SHIFT", "LOG_CPU_MAX_BUF_SHIFT", "CRASH_DUMP",
	"KEXEC", "KEXEC_FILE", "CRASH_RESERVE", "HUGETLB_PAGE", "HUGETLBFS", "ARCH_HAS_GIGANTIC_PAGE",
	"PROC_KCORE", "MIGRATION", "COMPACTION", "MEMCG", "SLUB", "SLAB", "X86_64", "X86_32",
	"RISCV", "64BIT", "ARM64", "ARM", "PHYS_ADDR_T_64BIT", "DEFERRED_STRUCT_PAGE_INIT",
	"PANIC_ON_OOM",
};

/* Prefixes: every CMA_*, TRANSPARENT_HUGEPAGE*, ZONE_*, CMDLINE*, DMA_CMA*, ... symbol. */
static const char *const kconfig_prefix[] = {
	"CMA", "DMA_CMA", "DMA_PERNUMA_CMA", "DMA_NUMA_CMA", "TRANSPARENT_HUGEPAGE", "ZONE_",
	"CMDLINE", "HUGETLB_PAGE_SIZE", "RISCV_ISA", "X86_5LEVEL",
};

static bool kconfig_interesting(const char *name)
{
	size_t i;
	for (i = 0; i < sizeof(kconfig_exact) / sizeof(kconfig_exact[0]); i++)
		if (!strcmp(name, kconfig_exact[i]))
			return true;
	for (i = 0; i < sizeof(kconfig_prefix) / sizeof(kconfig_prefix[0]); i++)
		if (!strncmp(name, kconfig_prefix[i], strlen(kconfig_prefix[i])))
			return true;
	return false;
}

static const char *cmdline_source_name(enum mg_cmdline_source s)
{
	switch (s) {
	case MG_CMDLINE_SRC_BOOTLOADER: return "bootloader";
	case MG_CMDLINE_SRC_DT: return "dt";
	case MG_CMDLINE_SRC_CONFIG: return "config";
	}
	return "?";
}

/* ---- text ---- */

static void t_line(struct mg_buf *out, const char *indent, const char *label, const char *value)
{
	mg_buf_printf(out, "%s%s: ", indent, label);
	mg_rpt_puts_clean(out, value ? value : "");
	mg_buf_puts(out, "\n");
}

static void t_origin(struct mg_buf *out, const char *indent, const struct mg_origin *o)
{
	char s[512];
	mg_rpt_origin(s, sizeof(s), o);
	t_line(out, indent, "source", s);
}

static void t_ranges(struct mg_buf *out, const char *indent, const char *label,
		     const struct mg_range *r, size_t n)
{
	size_t i;
	for (i = 0; i < n && r; i++) {
		char a[24], s[24], h[32];
		mg_rpt_addr(a, sizeof(a), r[i].base);
		mg_rpt_addr(s, sizeof(s), r[i].size);
		mg_rpt_size(h, sizeof(h), r[i].size);
		mg_buf_printf(out, "%s%s %s size %s (%s)\n", indent, label, a, s, h);
	}
}

static void t_size(struct mg_buf *out, const char *indent, const char *label, uint64_t bytes)
{
	char h[32];
	mg_rpt_size(h, sizeof(h), bytes);
	mg_buf_printf(out, "%s%s: %" PRIu64 " bytes (%s)\n", indent, label, bytes, h);
}

static void inputs_text_dt(struct mg_buf *out, const struct mg_dt *dt)
{
	size_t i;
	mg_buf_puts(out, "\nDevice tree: ");
	mg_rpt_puts_clean(out, dt->file);
	mg_buf_printf(out, " (%s), blob %" PRIu64 " bytes, %u nodes\n", dt->from_dts ? "DTS" : "DTB",
		      dt->dtb_size_bytes, dt->node_count);
	mg_buf_printf(out, "  #address-cells %u, #size-cells %u\n", dt->address_cells, dt->size_cells);
	t_line(out, "  ", "model", dt->model);
	t_line(out, "  ", "compatible", dt->compatible);
	mg_buf_printf(out, "  cpus: %u\n", dt->ncpus);
	for (i = 0; i < dt->nmemory && dt->memory; i++) {
		const struct mg_dt_memory *mm = &dt->memory[i];
		mg_buf_puts(out, "  memory ");
		mg_rpt_puts_clean(out, mm->path);
		mg_buf_printf(out, " (%s%s)\n", mm->okay ? "okay" : "disabled",
			      mm->root_level ? "" : ", not a direct child of /");
		t_ranges(out, "    ", "reg", mm->reg, mm->nreg);
		if (mm->has_usable)
			t_ranges(out, "    ", "linux,usable-memory", mm->usable, mm->nusable);
		t_origin(out, "    ", &mm->origin);
	}
	t_ranges(out, "  ", "/memreserve/", dt->memreserve, dt->nmemreserve);
	if (dt->has_reserved_memory) {
		mg_buf_printf(out, "  /reserved-memory (#address-cells %u%s, #size-cells %u%s, %s)\n",
			      dt->rmem_address_cells, dt->rmem_has_address_cells ? "" : " from the root",
			      dt->rmem_size_cells, dt->rmem_has_size_cells ? "" : " from the root",
			      dt->rmem_has_ranges ? "ranges" : "no ranges");
		if (!mg_rpt_origin_empty(&dt->rmem_origin))
			t_origin(out, "    ", &dt->rmem_origin);
	}
	for (i = 0; i < dt->nrmem && dt->rmem; i++) {
		const struct mg_dt_rmem *r = &dt->rmem[i];
		mg_buf_puts(out, "    ");
		mg_rpt_puts_clean(out, r->path[0] ? r->path : r->name);
		mg_buf_printf(out, " (%s)%s%s%s%s\n", r->okay ? "okay" : "disabled",
			      r->no_map ? " no-map" : "", r->reusable ? " reusable" : "",
			      r->cma_default ? " linux,cma-default" : "",
			      r->dma_default ? " linux,dma-default" : "");
		t_ranges(out, "      ", "reg", r->reg, r->nreg);
		if (r->has_size)
			t_size(out, "      ", r->has_reg ? "size (ignored: reg present)" : "size", r->size);
		if (r->has_alignment)
			t_size(out, "      ", "alignment", r->alignment);
		t_ranges(out, "      ", "alloc-ranges", r->alloc_ranges, r->nalloc_ranges);
		if (r->compatible[0])
			t_line(out, "      ", "compatible", r->compatible);
		t_origin(out, "      ", &r->origin);
	}
	if (dt->has_chosen) {
		mg_buf_puts(out, "  /chosen\n");
		if (dt->has_bootargs) {
			t_line(out, "    ", "bootargs", dt->bootargs);
			t_origin(out, "      ", &dt->bootargs_origin);
		}
		if (dt->has_initrd) {
			char a[24], e[24];
			mg_rpt_addr(a, sizeof(a), dt->initrd_start);
			mg_rpt_addr(e, sizeof(e), dt->initrd_end);
			mg_buf_printf(out, "    linux,initrd-start %s, linux,initrd-end %s\n", a, e);
		}
		if (dt->has_usable_memory_range)
			t_ranges(out, "    ", "linux,usable-memory-range", &dt->usable_memory_range, 1);
	}
	if (dt->has_dma_limit) {
		char a[24];
		mg_rpt_addr(a, sizeof(a), dt->dma_max_cpu_address);
		mg_buf_printf(out, "  highest DMA-able CPU address (dma-ranges): %s\n", a);
	}
}

static void inputs_text_cmdline(struct mg_buf *out, const struct mg_board *b)
{
	const struct mg_cmdline *cl = &b->cmdline;
	size_t i;
	mg_buf_puts(out, "\nCommand line");
	if (b->cmdline_path[0]) {
		mg_buf_puts(out, " (bootloader: ");
		mg_rpt_puts_clean(out, b->cmdline_path);
		mg_buf_puts(out, ")");
	}
	mg_buf_puts(out, "\n");
	t_line(out, "  ", "effective", cl->effective);
	if (cl->rule)
		t_line(out, "  ", "built by", cl->rule);
	for (i = 0; i < cl->ntokens && cl->tokens; i++) {
		const struct mg_cmdline_token *t = &cl->tokens[i];
		char s[512];
		mg_buf_printf(out, "  %u. ", t->index);
		mg_rpt_puts_clean(out, t->name);
		if (t->value) {
			mg_buf_puts(out, "=");
			mg_rpt_puts_clean(out, t->value);
		}
		mg_rpt_origin(s, sizeof(s), &t->origin);
		mg_buf_printf(out, "  [%s] ", cmdline_source_name(t->source));
		mg_rpt_puts_clean(out, s);
		mg_buf_puts(out, "\n");
	}
	if (cl->init_args && cl->init_args[0])
		t_line(out, "  ", "init arguments (after --)", cl->init_args);
}

static void inputs_text_kconfig(struct mg_buf *out, const struct mg_kconfig *kc)
{
	struct mg_kconfig_sym sym;
	size_t pos = 0;
	mg_buf_puts(out, "\nKernel config: ");
	mg_rpt_puts_clean(out, kc->file);
	mg_buf_puts(out, "\n");
	if (kc->has_version) {
		mg_buf_puts(out, "  Linux/");
		mg_rpt_puts_clean(out, kc->arch);
		mg_buf_puts(out, " ");
		mg_rpt_puts_clean(out, kc->version_text);
		mg_buf_printf(out, " (%s:%u)\n", kc->file, kc->version_line);
	} else {
		mg_buf_puts(out, "  no version header\n");
	}
	mg_buf_printf(out, "  %zu symbols read; the memory-relevant ones:\n", kc->nsyms);
	while (mg_kconfig_next(kc, &pos, &sym)) {
		const struct mg_kconfig_sym *s = &sym;
		if (!kconfig_interesting(s->name))
			continue;
		/* Spelled as in the file: "# CONFIG_X is not set", CONFIG_S="text". */
		if (s->value && !strcmp(s->value, "n") && !s->quoted) {
			mg_buf_puts(out, "    # CONFIG_");
			mg_rpt_puts_clean(out, s->name);
			mg_buf_puts(out, " is not set");
		} else {
			mg_buf_puts(out, "    CONFIG_");
			mg_rpt_puts_clean(out, s->name);
			mg_buf_puts(out, s->quoted ? "=\"" : "=");
			mg_rpt_puts_clean(out, s->value ? s->value : "");
			mg_buf_puts(out, s->quoted ? "\"" : "");
		}
		mg_buf_puts(out, "  (");
		mg_rpt_puts_clean(out, kc->file);
		mg_buf_printf(out, ":%u)\n", s->line);
	}
}

static void inputs_text_profile(struct mg_buf *out, const struct mg_profile *p)
{
	size_t i;
	char h[32];
	mg_buf_puts(out, "\nProfile: ");
	mg_rpt_puts_clean(out, p->file);
	mg_buf_puts(out, "\n");
	mg_rpt_size(h, sizeof(h), p->baseline_bytes);
	mg_buf_printf(out, "  system.baseline: %s\n", h);
	t_origin(out, "    ", &p->baseline_origin);
	for (i = 0; i < p->napps && p->apps; i++) {
		const struct mg_app *a = &p->apps[i];
		char mv[32], um[32], cm[32];
		mg_rpt_size(mv, sizeof(mv), a->movable_bytes);
		mg_rpt_size(um, sizeof(um), a->unmovable_bytes);
		mg_rpt_size(cm, sizeof(cm), a->cma_bytes);
		mg_buf_puts(out, "  app ");
		mg_rpt_puts_clean(out, a->name);
		mg_buf_printf(out, " x%" PRIu64 ": movable %s, unmovable %s, cma %s (pool ", a->instances,
			      mv, um, cm);
		mg_rpt_puts_clean(out, a->cma_pool[0] ? a->cma_pool : "default");
		mg_buf_puts(out, ")\n");
		t_origin(out, "    ", &a->origin);
	}
}

static void t_sysctl(struct mg_buf *out, const char *key, const struct mg_sysctl_value *v)
{
	char s[512];
	if (!v->set)
		return;
	mg_rpt_origin(s, sizeof(s), &v->origin);
	mg_buf_printf(out, "  vm.%s = %" PRIu64 "  (", key, v->value);
	mg_rpt_puts_clean(out, s);
	mg_buf_puts(out, ")\n");
}

void mg_rpt_inputs_text(struct mg_buf *out, const struct mg_board *b)
{
	size_t i;
	mg_buf_puts(out, "memgate inputs ");
	mg_rpt_puts_clean(out, mg_rpt_board_label(b));
	mg_buf_puts(out, "\n\nBoard\n");
	t_line(out, "  ", "name", mg_rpt_board_name(b));
	if (b->description[0])
		t_line(out, "  ", "description", b->description);
	if (b->manifest_path[0])
		t_line(out, "  ", "manifest", b->manifest_path);
	if (b->has_initrd_size) {
		t_size(out, "  ", "initrd size", b->initrd_size_bytes);
		t_origin(out, "    ", &b->initrd_origin);
	}
	if (b->nram_variants) {
		mg_buf_puts(out, "  RAM variants:");
		for (i = 0; i < b->nram_variants && i < MG_MAX_RAM_VARIANTS; i++) {
			char h[32];
			mg_rpt_size(h, sizeof(h), b->ram_variants[i]);
			mg_buf_printf(out, "%s %s", i ? "," : "", h);
		}
		mg_buf_puts(out, "\n");
	}
	t_line(out, "  ", "device tree", b->dt_path[0] ? b->dt_path : b->dt.file);
	for (i = 0; i < b->noverlays && i < MG_MAX_OVERLAYS; i++)
		t_line(out, "  ", "overlay", b->overlay_paths[i]);
	if (b->config_path[0])
		t_line(out, "  ", "kernel config", b->config_path);
	if (b->system_map_path[0])
		t_line(out, "  ", "System.map", b->system_map_path);
	if (b->profile_path[0])
		t_line(out, "  ", "profile", b->profile_path);
	if (b->sysctl_path[0])
		t_line(out, "  ", "sysctl", b->sysctl_path);
	inputs_text_dt(out, &b->dt);
	inputs_text_cmdline(out, b);
	inputs_text_kconfig(out, &b->kconfig);
	if (b->has_sysmap) {
		mg_buf_puts(out, "\nSystem.map: ");
		mg_rpt_puts_clean(out, b->sysmap.file);
		mg_buf_puts(out, "\n");
		for (i = 0; i < MG_SYM_COUNT; i++) {
			char a[24];
			if (!b->sysmap.has[i])
				continue;
			mg_rpt_addr(a, sizeof(a), b->sysmap.addr[i]);
			mg_buf_printf(out, "  %-16s %s  (line %u)\n",
				      mg_sysmap_sym_name((enum mg_sysmap_sym)i), a, b->sysmap.line[i]);
		}
	}
	if (b->has_profile)
		inputs_text_profile(out, &b->profile);
	if (b->has_sysctl) {
		const struct mg_sysctl *s = &b->sysctl;
		mg_buf_puts(out, "\nsysctl (applied after boot)\n");
		t_sysctl(out, "min_free_kbytes", &s->min_free_kbytes);
		t_sysctl(out, "watermark_scale_factor", &s->watermark_scale_factor);
		t_sysctl(out, "nr_hugepages", &s->nr_hugepages);
		t_sysctl(out, "compaction_proactiveness", &s->compaction_proactiveness);
		t_sysctl(out, "panic_on_oom", &s->panic_on_oom);
		t_sysctl(out, "overcommit_memory", &s->overcommit_memory);
		if (s->lowmem_reserve_ratio_set) {
			char o[512];
			mg_buf_puts(out, "  vm.lowmem_reserve_ratio =");
			for (i = 0; i < s->nlowmem_reserve_ratio && i < MG_MAX_ZONE_TYPES; i++)
				mg_buf_printf(out, " %" PRIu64, s->lowmem_reserve_ratio[i]);
			mg_rpt_origin(o, sizeof(o), &s->lowmem_reserve_ratio_origin);
			mg_buf_puts(out, "  (");
			mg_rpt_puts_clean(out, o);
			mg_buf_puts(out, ")\n");
		}
	}
	if (b->calibration.set) {
		const struct mg_calibration *c = &b->calibration;
		mg_buf_puts(out, "\nCalibration (from a real boot)\n");
		t_line(out, "  ", "kernel version", c->kernel_version);
		mg_buf_printf(out, "  kernel_reserved_kb %" PRIu64 ", residue_kb %" PRIu64
			      ", late_reserved_kb %" PRIu64 "\n",
			      c->kernel_reserved_kb, c->residue_kb, c->late_reserved_kb);
		t_origin(out, "    ", &c->origin);
	}
}

/* ---- JSON ---- */

static void j_ranges(struct mg_jw *w, const char *key, const struct mg_range *r, size_t n)
{
	size_t i;
	mg_jw_arr(w, key);
	for (i = 0; i < n && r; i++) {
		mg_jw_obj(w, NULL);
		mg_jw_addr(w, "base", r[i].base);
		mg_jw_u64(w, "size_bytes", r[i].size);
		mg_jw_end_obj(w);
	}
	mg_jw_end_arr(w);
}

static void j_sysctl(struct mg_jw *w, const char *key, const struct mg_sysctl_value *v)
{
	if (!v->set)
		return;
	mg_jw_obj(w, key);
	mg_jw_u64(w, "value", v->value);
	mg_jw_origin(w, "source", &v->origin);
	mg_jw_end_obj(w);
}

static void inputs_json_dt(struct mg_jw *w, const struct mg_dt *dt)
{
	size_t i;
	mg_jw_obj(w, "dt");
	mg_jw_str(w, "file", dt->file);
	mg_jw_bool(w, "from_dts", dt->from_dts);
	mg_jw_u64(w, "dtb_size_bytes", dt->dtb_size_bytes);
	mg_jw_u64(w, "address_cells", dt->address_cells);
	mg_jw_u64(w, "size_cells", dt->size_cells);
	mg_jw_str(w, "model", dt->model);
	mg_jw_str(w, "compatible", dt->compatible);
	mg_jw_u64(w, "cpus", dt->ncpus);
	mg_jw_u64(w, "node_count", dt->node_count);
	mg_jw_arr(w, "memory");
	for (i = 0; i < dt->nmemory && dt->memory; i++) {
		const struct mg_dt_memory *mm = &dt->memory[i];
		mg_jw_obj(w, NULL);
		mg_jw_str(w, "path", mm->path);
		j_ranges(w, "reg", mm->reg, mm->nreg);
		if (mm->has_usable)
			j_ranges(w, "usable_memory", mm->usable, mm->nusable);
		else
			mg_jw_null(w, "usable_memory");
		mg_jw_bool(w, "okay", mm->okay);
		mg_jw_bool(w, "root_level", mm->root_level);
		mg_jw_origin(w, "source", &mm->origin);
		mg_jw_end_obj(w);
	}
	mg_jw_end_arr(w);
	j_ranges(w, "memreserve", dt->memreserve, dt->nmemreserve);
	mg_jw_bool(w, "has_reserved_memory", dt->has_reserved_memory);
	if (dt->has_reserved_memory) {
		mg_jw_obj(w, "reserved_memory_node");
		mg_jw_u64(w, "address_cells", dt->rmem_address_cells);
		mg_jw_bool(w, "has_address_cells", dt->rmem_has_address_cells);
		mg_jw_u64(w, "size_cells", dt->rmem_size_cells);
		mg_jw_bool(w, "has_size_cells", dt->rmem_has_size_cells);
		mg_jw_bool(w, "has_ranges", dt->rmem_has_ranges);
		mg_jw_origin(w, "source", &dt->rmem_origin);
		mg_jw_end_obj(w);
	}
	mg_jw_arr(w, "reserved_memory");
	for (i = 0; i < dt->nrmem && dt->rmem; i++) {
		const struct mg_dt_rmem *r = &dt->rmem[i];
		mg_jw_obj(w, NULL);
		mg_jw_str(w, "name", r->name);
		mg_jw_str(w, "path", r->path);
		j_ranges(w, "reg", r->reg, r->nreg);
		if (r->has_size)
			mg_jw_u64(w, "size_bytes", r->size);
		else
			mg_jw_null(w, "size_bytes");
		if (r->has_alignment)
			mg_jw_u64(w, "alignment_bytes", r->alignment);
		else
			mg_jw_null(w, "alignment_bytes");
		j_ranges(w, "alloc_ranges", r->alloc_ranges, r->nalloc_ranges);
		mg_jw_bool(w, "has_reg", r->has_reg);
		mg_jw_bool(w, "no_map", r->no_map);
		mg_jw_bool(w, "reusable", r->reusable);
		mg_jw_bool(w, "cma_default", r->cma_default);
		mg_jw_bool(w, "dma_default", r->dma_default);
		mg_jw_bool(w, "okay", r->okay);
		mg_jw_str(w, "compatible", r->compatible);
		mg_jw_origin(w, "source", &r->origin);
		mg_jw_end_obj(w);
	}
	mg_jw_end_arr(w);
	mg_jw_obj(w, "chosen");
	mg_jw_bool(w, "present", dt->has_chosen);
	if (dt->has_bootargs) {
		mg_jw_str(w, "bootargs", dt->bootargs);
		mg_jw_origin(w, "bootargs_source", &dt->bootargs_origin);
	} else {
		mg_jw_null(w, "bootargs");
	}
	if (dt->has_initrd) {
		mg_jw_addr(w, "initrd_start", dt->initrd_start);
		mg_jw_addr(w, "initrd_end", dt->initrd_end);
	}
	if (dt->has_usable_memory_range)
		j_ranges(w, "usable_memory_range", &dt->usable_memory_range, 1);
	mg_jw_end_obj(w);
	if (dt->has_dma_limit)
		mg_jw_addr(w, "dma_max_cpu_address", dt->dma_max_cpu_address);
	else
		mg_jw_null(w, "dma_max_cpu_address");
	mg_jw_end_obj(w);
}

void mg_rpt_inputs_json(struct mg_buf *out, const struct mg_board *b)
{
	struct mg_kconfig_sym sym;
	struct mg_jw w;
	size_t i, pos;

	mg_jw_init(&w, out);
	mg_jw_obj(&w, NULL);
	mg_jw_str(&w, "schema", "memgate-inputs/1");
	mg_jw_obj(&w, "board");
	mg_jw_str(&w, "name", mg_rpt_board_name(b));
	mg_jw_str(&w, "dir", b->dir);
	mg_jw_str(&w, "description", b->description);
	mg_jw_str(&w, "manifest", b->manifest_path);
	if (b->has_initrd_size) {
		mg_jw_u64(&w, "initrd_size_bytes", b->initrd_size_bytes);
		mg_jw_origin(&w, "initrd_source", &b->initrd_origin);
	} else {
		mg_jw_null(&w, "initrd_size_bytes");
	}
	mg_jw_obj(&w, "files");
	mg_jw_str(&w, "dt", b->dt_path[0] ? b->dt_path : b->dt.file);
	mg_jw_arr(&w, "overlays");
	for (i = 0; i < b->noverlays && i < MG_MAX_OVERLAYS; i++)
		mg_jw_str(&w, NULL, b->overlay_paths[i]);
	mg_jw_end_arr(&w);
	mg_jw_str(&w, "cmdline", b->cmdline_path);
	mg_jw_str(&w, "config", b->config_path);
	mg_jw_str(&w, "system_map", b->system_map_path);
	mg_jw_str(&w, "profile", b->profile_path);
	mg_jw_str(&w, "sysctl", b->sysctl_path);
	mg_jw_end_obj(&w);
	mg_jw_arr(&w, "ram_variants_bytes");
	for (i = 0; i < b->nram_variants && i < MG_MAX_RAM_VARIANTS; i++)
		mg_jw_u64(&w, NULL, b->ram_variants[i]);
	mg_jw_end_arr(&w);
	mg_jw_end_obj(&w);

	inputs_json_dt(&w, &b->dt);

	mg_jw_obj(&w, "cmdline");
	mg_jw_str(&w, "bootloader_file", b->cmdline_path);
	mg_jw_str(&w, "effective", b->cmdline.effective ? b->cmdline.effective : "");
	mg_jw_str(&w, "rule", b->cmdline.rule);
	mg_jw_arr(&w, "tokens");
	for (i = 0; i < b->cmdline.ntokens && b->cmdline.tokens; i++) {
		const struct mg_cmdline_token *t = &b->cmdline.tokens[i];
		mg_jw_obj(&w, NULL);
		mg_jw_u64(&w, "index", t->index);
		mg_jw_str(&w, "name", t->name);
		mg_jw_str(&w, "value", t->value);
		mg_jw_str(&w, "from", cmdline_source_name(t->source));
		mg_jw_origin(&w, "source", &t->origin);
		mg_jw_end_obj(&w);
	}
	mg_jw_end_arr(&w);
	mg_jw_str(&w, "init_args", b->cmdline.init_args);
	mg_jw_end_obj(&w);

	mg_jw_obj(&w, "kconfig");
	pos = 0;
	mg_jw_str(&w, "file", b->kconfig.file);
	if (b->kconfig.has_version) {
		mg_jw_str(&w, "version", b->kconfig.version_text);
		mg_jw_str(&w, "arch", b->kconfig.arch);
		mg_jw_u64(&w, "version_line", b->kconfig.version_line);
	} else {
		mg_jw_null(&w, "version");
	}
	mg_jw_u64(&w, "symbols_read", b->kconfig.nsyms);
	mg_jw_arr(&w, "symbols");
	while (mg_kconfig_next(&b->kconfig, &pos, &sym)) {
		const struct mg_kconfig_sym *s = &sym;
		if (!kconfig_interesting(s->name))
			continue;
		mg_jw_obj(&w, NULL);
		mg_jw_str(&w, "name", s->name);
		mg_jw_str(&w, "value", s->value ? s->value : "");
		mg_jw_bool(&w, "quoted", s->quoted);
		mg_jw_u64(&w, "line", s->line);
		mg_jw_end_obj(&w);
	}
	mg_jw_end_arr(&w);
	mg_jw_end_obj(&w);

	if (b->has_sysmap) {
		mg_jw_obj(&w, "system_map");
		mg_jw_str(&w, "file", b->sysmap.file);
		mg_jw_obj(&w, "symbols");
		for (i = 0; i < MG_SYM_COUNT; i++) {
			if (!b->sysmap.has[i])
				continue;
			mg_jw_obj(&w, mg_sysmap_sym_name((enum mg_sysmap_sym)i));
			mg_jw_addr(&w, "address", b->sysmap.addr[i]);
			mg_jw_u64(&w, "line", b->sysmap.line[i]);
			mg_jw_end_obj(&w);
		}
		mg_jw_end_obj(&w);
		mg_jw_end_obj(&w);
	} else {
		mg_jw_null(&w, "system_map");
	}

	if (b->has_profile) {
		const struct mg_profile *p = &b->profile;
		mg_jw_obj(&w, "profile");
		mg_jw_str(&w, "file", p->file);
		mg_jw_u64(&w, "baseline_bytes", p->baseline_bytes);
		mg_jw_origin(&w, "baseline_source", &p->baseline_origin);
		mg_jw_arr(&w, "applications");
		for (i = 0; i < p->napps && p->apps; i++) {
			const struct mg_app *a = &p->apps[i];
			mg_jw_obj(&w, NULL);
			mg_jw_str(&w, "name", a->name);
			mg_jw_u64(&w, "instances", a->instances);
			mg_jw_u64(&w, "movable_bytes", a->movable_bytes);
			mg_jw_u64(&w, "unmovable_bytes", a->unmovable_bytes);
			mg_jw_u64(&w, "cma_bytes", a->cma_bytes);
			mg_jw_str(&w, "cma_pool", a->cma_pool[0] ? a->cma_pool : "default");
			mg_jw_origin(&w, "source", &a->origin);
			mg_jw_end_obj(&w);
		}
		mg_jw_end_arr(&w);
		mg_jw_end_obj(&w);
	} else {
		mg_jw_null(&w, "profile");
	}

	if (b->has_sysctl) {
		const struct mg_sysctl *s = &b->sysctl;
		mg_jw_obj(&w, "sysctl");
		j_sysctl(&w, "min_free_kbytes", &s->min_free_kbytes);
		j_sysctl(&w, "watermark_scale_factor", &s->watermark_scale_factor);
		j_sysctl(&w, "nr_hugepages", &s->nr_hugepages);
		j_sysctl(&w, "compaction_proactiveness", &s->compaction_proactiveness);
		j_sysctl(&w, "panic_on_oom", &s->panic_on_oom);
		j_sysctl(&w, "overcommit_memory", &s->overcommit_memory);
		if (s->lowmem_reserve_ratio_set) {
			mg_jw_obj(&w, "lowmem_reserve_ratio");
			mg_jw_arr(&w, "value");
			for (i = 0; i < s->nlowmem_reserve_ratio && i < MG_MAX_ZONE_TYPES; i++)
				mg_jw_u64(&w, NULL, s->lowmem_reserve_ratio[i]);
			mg_jw_end_arr(&w);
			mg_jw_origin(&w, "source", &s->lowmem_reserve_ratio_origin);
			mg_jw_end_obj(&w);
		}
		mg_jw_end_obj(&w);
	} else {
		mg_jw_null(&w, "sysctl");
	}

	if (b->calibration.set) {
		const struct mg_calibration *c = &b->calibration;
		mg_jw_obj(&w, "calibration");
		mg_jw_str(&w, "kernel_version", c->kernel_version);
		mg_jw_u64(&w, "kernel_reserved_kb", c->kernel_reserved_kb);
		mg_jw_u64(&w, "residue_kb", c->residue_kb);
		mg_jw_u64(&w, "late_reserved_kb", c->late_reserved_kb);
		mg_jw_origin(&w, "source", &c->origin);
		mg_jw_end_obj(&w);
	} else {
		mg_jw_null(&w, "calibration");
	}
	mg_jw_end_obj(&w);
	mg_jw_finish(&w);
}
