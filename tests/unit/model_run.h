/* The fixture the model tests share: a board folder loaded with overrides, then modelled. */
#ifndef MEMGATE_TEST_MODEL_RUN_H
#define MEMGATE_TEST_MODEL_RUN_H
#include <stdbool.h>
#include <stdlib.h>

#include <memgate/board.h>
#include <memgate/model.h>

struct run {
	struct mg_board b;
	struct mg_model m;
	struct mg_error err;
	int rc; /* mg_model_run's status (run_try) */
};

/* Load dir with config (a path; NULL = the folder's) and cmdline (NULL = the folder's) and run
 * the model, keeping its status. */
static inline struct run *run_try(const char *dir, const char *config, const char *cmdline)
{
	struct run *r = calloc(1, sizeof(*r));
	struct mg_board_overrides ov = { 0 };

	assert_non_null(r);
	ov.config = config;
	ov.cmdline = cmdline;
	if (mg_board_load(&r->b, dir, &ov, &r->err))
		fail_msg("load %s: %s", dir, r->err.msg);
	r->rc = mg_model_run(&r->m, &r->b, NULL, &r->err);
	return r;
}

/* The same, failing the test when the model does. */
static inline struct run *run_model_path(const char *dir, const char *config, const char *cmdline)
{
	struct run *r = run_try(dir, config, cmdline);
	if (r->rc)
		fail_msg("model %s (%s, %s): %s", dir, config ? config : "-", cmdline ? cmdline : "-", r->err.msg);
	return r;
}

static inline void run_free(struct run *r)
{
	mg_board_free(&r->b);
	free(r);
}

static inline const struct mg_region *region_named(const struct mg_model *m, const char *name)
{
	for (size_t i = 0; i < m->nregions; i++)
		if (!strcmp(m->regions[i].name, name))
			return &m->regions[i];
	return NULL;
}

static inline bool has_boot_line(const struct mg_model *m, const char *line)
{
	for (size_t i = 0; i < m->nboot_lines; i++)
		if (!strcmp(m->boot_lines[i], line))
			return true;
	return false;
}
#endif
