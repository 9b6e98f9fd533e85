/* memgate: private glue between the DTS front end (dts.c) and the DTB parser (dt.c). */
#ifndef MEMGATE_DT_INTERNAL_H
#define MEMGATE_DT_INTERNAL_H

#include <stddef.h>

#include <memgate/dt.h>

/* Where a node was written: node path -> source file:line. */
struct mg_dt_srcpos {
	char *path;
	char *file;
	unsigned line;
};

struct mg_dt_linemap {
	struct mg_dt_srcpos *pos; /* sorted by path once mg_dt_linemap_sort() ran */
	size_t n, cap;
};

void mg_dt_linemap_free(struct mg_dt_linemap *m);
int mg_dt_linemap_add(struct mg_dt_linemap *m, const char *path, const char *file, unsigned line);
void mg_dt_linemap_sort(struct mg_dt_linemap *m);
/* NULL when the path is unknown. */
const struct mg_dt_srcpos *mg_dt_linemap_find(const struct mg_dt_linemap *m, const char *path);

/* mg_dt_parse_blob with node origins taken from map (may be NULL). */
int mg_dt_parse_blob_mapped(struct mg_dt *dt, const void *blob, size_t len, const char *name,
			    const struct mg_dt_linemap *map, struct mg_error *err);

#endif
