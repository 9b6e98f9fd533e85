/* memgate: the gate — declared demand against what the kernel will let it use.
 *
 * A named rule table (src/gate/rules.c); each finding carries rule id, severity, the equation
 * with numbers, its sources and a computed fix.  Policy files change severities and waive
 * findings. */
#ifndef MEMGATE_GATE_H
#define MEMGATE_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "error.h"
#include "model.h"

enum mg_severity { MG_SEV_INFO, MG_SEV_WARN, MG_SEV_REJECT };
const char *mg_severity_name(enum mg_severity s);

#define MG_FINDING_MAX_SOURCES 8

struct mg_finding {
	const char *rule;               /* stable id, e.g. "noncma-below-min" */
	enum mg_severity severity;
	char message[512];              /* the comparison with numbers */
	char fix[512];                  /* "" when none */
	bool waived;
	char waiver_reason[256];
	size_t nsources;
	/* Last (3.6 of the 4.9 KiB): each source is written whole when it is added, so a new
	 * finding is cleared only up to here (rules.c: finding_init). */
	struct mg_origin sources[MG_FINDING_MAX_SOURCES];
};

struct mg_rule_info {
	const char *id;
	enum mg_severity default_severity;
	const char *summary;
};
/* The rule table (for docs, --list-rules, JUnit). */
const struct mg_rule_info *mg_rules(size_t *n);

/* A solved fix, re-checked by running the model on the changed inputs. */
struct mg_fix {
	char kind[32];                  /* "cma", "ram", "demand", "config" */
	char text[320];                 /* what to change */
	bool verified;                  /* the model on the changed inputs passes */
};

#define MG_MAX_FINDINGS 128
#define MG_MAX_FIXES 8

struct mg_verdict_variant {
	uint64_t ram_bytes;             /* 0 = as the board declares */
	size_t nfindings;               /* findings[] below */
	size_t nfixes;                  /* fixes[] below */
	enum mg_severity worst;         /* worst unwaived severity; INFO when clean */
	bool rejected;
	int64_t margin_kb;              /* non-CMA free after demand minus the floor (negative = short) */
	char equation[512];             /* the headline equation */
	/* Last, ~1.1 MiB: the model (mg_model_run initialises it) and the entry arrays, each
	 * entry written whole when it is added; only the fields above are cleared for a run. */
	struct mg_model model;
	struct mg_finding findings[MG_MAX_FINDINGS];
	struct mg_fix fixes[MG_MAX_FIXES];
};

struct mg_policy_rule {
	char id[64];
	bool disabled;
	bool has_severity;
	enum mg_severity severity;
};
struct mg_waiver {
	char rule[64];
	char scope[192];                /* node path / token / "" = any */
	char reason[256];
	char owner[128];
	char expires[16];               /* YYYY-MM-DD */
	bool used;                      /* unused: kept for API compatibility (the run tracks use) */
	struct mg_origin origin;
};
struct mg_policy {
	struct mg_policy_rule rules[64];
	size_t nrules;
	unsigned min_margin_pct;        /* demand must leave this % above min */
	struct mg_waiver waivers[64];
	size_t nwaivers;
	char file[256];
};

int mg_policy_load(struct mg_policy *p, const char *path, struct mg_error *err);

struct mg_gate_options {
	const struct mg_policy *policy; /* NULL = defaults */
	const uint64_t *ram_variants;   /* NULL/0 = board's own, else one verdict per size */
	size_t nram_variants;
	const char *today;              /* YYYY-MM-DD for waiver expiry (tests pin it) */
	bool solve_fixes;
};

struct mg_verdict {
	struct mg_demand demand;
	struct mg_verdict_variant *variants;
	size_t nvariants;
	bool rejected;                  /* any variant rejected */
	enum mg_severity worst;
	size_t npolicy_findings;
	struct mg_finding policy_findings[16]; /* expired/unmatched waivers; last: written as used */
};

/* An empty verdict: cleared up to its policy findings, which are written as they are added
 * (77 KiB a board does not touch unless its policy has waivers to report). */
void mg_verdict_init(struct mg_verdict *v);
/* *v need not be initialised. */
int mg_gate_run(struct mg_verdict *v, const struct mg_board *b, const struct mg_gate_options *opt,
		struct mg_error *err);
void mg_verdict_free(struct mg_verdict *v);

#endif
