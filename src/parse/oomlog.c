/* OOM-killer and page-allocation-failure reports (4.19-6.12), several per log.
 *
 * Grammar (kernel-watermarks.md §7; mm/oom_kill.c dump_header, mm/page_alloc.c warn_alloc and
 * show_free_areas (mm/show_mem.c in 6.6+), lib/show_mem.c): a header line, a stack, "Mem-Info:",
 * the global counters (pages), "Node N" lines (kB), zone lines "[Node N ]Zone free:..kB ..."
 * each followed by "lowmem_reserve[]: ...", buddy lines, hugepage lines, swap and the
 * show_mem "pages RAM" block, then (oom-killer only) the tasks table, the "oom-kill:" summary
 * and the kill line.  Key:value pairs are read generically, since fields come and go per
 * version; a report cut short keeps what it has. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "logs_internal.h"

static void setv(struct mg_logval *v, uint64_t x, unsigned line)
{
	v->set = true;
	v->value = x;
	v->line = line;
}

/* "0x100cca(GFP_HIGHUSER_MOVABLE)" or "0x50cc0" at p. */
static void parse_gfp(struct mg_oom_report *r, const char *p)
{
	uint64_t v;
	if (!mg_scan_hex_(&p, &v))
		return;
	r->has_gfp = true;
	r->gfp_mask = v;
	if (*p == '(') {
		size_t n = strcspn(p + 1, ")");
		if (p[1 + n] == ')')
			mg_copy_n_(r->gfp_names, sizeof(r->gfp_names), p + 1, n);
	}
}

static int new_report(struct mg_oom_log *log, enum mg_oom_kind kind, const char *comm,
		      size_t comm_len, unsigned line, struct mg_oom_report **out)
{
	struct mg_oom_report *r;

	if (log->nreports >= MG_OOM_MAX_REPORTS) {
		log->reports_capped = true;
		*out = NULL;
		return 0;
	}
	if (MG_ARRAY_RESERVE(log->reports, log->cap, log->nreports + 1))
		return -1;
	r = &log->reports[log->nreports++];
	memset(r, 0, sizeof(*r));
	r->kind = kind;
	r->line = line;
	mg_copy_n_(r->comm, sizeof(r->comm), comm, comm_len);
	*out = r;
	return 0;
}

/* One whitespace-separated "key:value[kB|KB]" list into kv (units dropped; the caller knows
 * them).  "key: 0kB" (a blank after the colon, 4.19-6.1 THP fields) is one pair.  Tokens that
 * are not pairs (annotations, "all_unreclaimable? yes") are skipped.  Returns pairs read. */
static size_t parse_kv_list(const char *p, struct mg_oom_kv *kv, size_t *nkv, size_t max,
			    enum mg_tristate *unreclaimable)
{
	size_t got = 0;

	while (*p) {
		const char *tok, *colon, *v;
		size_t tl;
		uint64_t x;

		p = mg_skip_ws_(p);
		tok = p;
		tl = strcspn(tok, " ");
		p = tok + tl;
		if (!tl)
			break;
		if (unreclaimable && tl == 18 && strncmp(tok, "all_unreclaimable?", 18) == 0) {
			const char *a = mg_skip_ws_(p);
			*unreclaimable = mg_starts_(a, "yes") ? MG_TRI_YES :
					 mg_starts_(a, "no") ? MG_TRI_NO : MG_TRI_UNKNOWN;
			continue;
		}
		colon = memchr(tok, ':', tl);
		if (!colon || colon == tok || (size_t)(colon - tok) >= sizeof(kv[0].key))
			continue;
		v = colon + 1;
		if (v == tok + tl) { /* "shmem_thp: 0kB" */
			const char *n = mg_skip_ws_(p);
			if (!isdigit((unsigned char)*n))
				continue;
			v = n;
			p = n + strcspn(n, " ");
		}
		if (!mg_scan_dec_(&v, &x))
			continue;
		if (*v && *v != ' ' && strncmp(v, "kB", 2) != 0 && strncmp(v, "KB", 2) != 0)
			continue;
		if (*nkv < max) {
			mg_copy_n_(kv[*nkv].key, sizeof(kv[0].key), tok, (size_t)(colon - tok));
			kv[*nkv].value = x;
			(*nkv)++;
			got++;
		}
	}
	return got;
}

static bool kv_get(const struct mg_oom_kv *kv, size_t n, const char *key, uint64_t *out)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (strcmp(kv[i].key, key) == 0) {
			*out = kv[i].value;
			return true;
		}
	return false;
}

static void zone_named(struct mg_oom_zone *z)
{
	static const struct {
		const char *key;
		size_t off;
	} named[] = {
		{ "free", offsetof(struct mg_oom_zone, free_kb) },
		{ "boost", offsetof(struct mg_oom_zone, boost_kb) },
		{ "min", offsetof(struct mg_oom_zone, min_kb) },
		{ "low", offsetof(struct mg_oom_zone, low_kb) },
		{ "high", offsetof(struct mg_oom_zone, high_kb) },
		{ "reserved_highatomic", offsetof(struct mg_oom_zone, reserved_highatomic_kb) },
		{ "present", offsetof(struct mg_oom_zone, present_kb) },
		{ "managed", offsetof(struct mg_oom_zone, managed_kb) },
		{ "free_pcp", offsetof(struct mg_oom_zone, free_pcp_kb) },
		{ "free_cma", offsetof(struct mg_oom_zone, free_cma_kb) },
	};
	size_t i;
	uint64_t v;
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (kv_get(z->kv, z->nkv, named[i].key, &v))
			setv((struct mg_logval *)((char *)z + named[i].off), v, z->line);
}

/* "12*64kB (UM) 10*128kB (UM) ... 0*524288kB = 613120kB" */
static void parse_buddy(struct mg_oom_zone *z, const char *p, unsigned line)
{
	z->norders = 0;
	z->buddy_line = line;
	for (;;) {
		uint64_t c, s;
		p = mg_skip_ws_(p);
		if (*p == '=') {
			p = mg_skip_ws_(p + 1);
			if (mg_scan_dec_(&p, &s))
				z->buddy_total_kb = s;
			return;
		}
		if (!mg_scan_dec_(&p, &c) || *p != '*')
			return;
		p++;
		if (!mg_scan_dec_(&p, &s) || !mg_starts_(p, "kB"))
			return;
		p += 2;
		if (z->norders < MG_OOM_MAX_ORDERS) {
			struct mg_oom_buddy_item *b = &z->buddy[z->norders++];
			memset(b, 0, sizeof(*b));
			b->count = c;
			b->size_kb = s;
			p = mg_skip_ws_(p);
			if (*p == '(') {
				size_t n = strcspn(p + 1, ")");
				mg_copy_n_(b->types, sizeof(b->types), p + 1, n);
				p += 1 + n + (p[1 + n] == ')');
			}
		} else {
			p = mg_skip_ws_(p);
			if (*p == '(')
				p += strcspn(p, ")") + (p[strcspn(p, ")")] == ')');
		}
	}
}

static struct mg_oom_zone *find_zone(struct mg_oom_report *r, int node, const char *name,
				     size_t n)
{
	size_t i;
	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].node == node && strlen(r->zones[i].name) == n &&
		    strncmp(r->zones[i].name, name, n) == 0)
			return &r->zones[i];
	return NULL;
}

/* The Mem-Info block line m (already known to be inside a report's block). */
static void parse_meminfo_line(struct mg_oom_report *r, const char *m, unsigned line,
			       struct mg_oom_zone **last_zone)
{
	const char *p = m;
	int node = -1;
	uint64_t v;
	size_t n;

	if (mg_starts_(m, "lowmem_reserve[]:")) {
		struct mg_oom_zone *z = *last_zone;
		if (!z || z->lowmem_reserve_line)
			return;
		p = m + 17;
		z->lowmem_reserve_line = line;
		while (z->nlowmem_reserve < MG_OOM_MAX_RESERVE) {
			p = mg_skip_ws_(p);
			if (!mg_scan_dec_(&p, &v))
				break;
			z->lowmem_reserve_pages[z->nlowmem_reserve++] = v;
		}
		return;
	}
	if (mg_starts_(m, "Node ")) {
		p = m + 5;
		if (!mg_scan_dec_(&p, &v) || *p != ' ' || v > 100000)
			return;
		node = (int)v;
		p = mg_skip_ws_(p);
		if (mg_starts_(p, "hugepages_total=")) {
			/* mm/hugetlb.c hugetlb_show_meminfo_node */
			struct mg_oom_hugepages h;
			const char *q;
			memset(&h, 0, sizeof(h));
			h.node = node;
			h.line = line;
			if ((q = strstr(p, "hugepages_total=")) != NULL)
				q += 16, mg_scan_dec_(&q, &h.total);
			if ((q = strstr(p, "hugepages_free=")) != NULL)
				q += 15, mg_scan_dec_(&q, &h.free);
			if ((q = strstr(p, "hugepages_surp=")) != NULL)
				q += 15, mg_scan_dec_(&q, &h.surp);
			if ((q = strstr(p, "hugepages_size=")) != NULL)
				q += 15, mg_scan_dec_(&q, &h.size_kb);
			if (r->nhuge < MG_OOM_MAX_HUGE)
				r->huge[r->nhuge++] = h;
			return;
		}
	}
	n = strcspn(p, " :");
	if (n && n < 16 && p[n] == ' ' && mg_starts_(mg_skip_ws_(p + n), "free:")) {
		/* zone line */
		struct mg_oom_zone *z;
		if (find_zone(r, node, p, n) || r->nzones >= MG_OOM_MAX_ZONES) {
			*last_zone = NULL; /* a repeated block (e.g. SysRq) or too many zones */
			return;
		}
		z = &r->zones[r->nzones++];
		memset(z, 0, sizeof(*z));
		z->node = node;
		mg_copy_n_(z->name, sizeof(z->name), p, n);
		z->line = line;
		parse_kv_list(p + n, z->kv, &z->nkv, MG_OOM_MAX_KV, NULL);
		zone_named(z);
		*last_zone = z;
		return;
	}
	if (n && n < 16 && p[n] == ':' && isdigit((unsigned char)*mg_skip_ws_(p + n + 1))) {
		/* buddy line "[Node N ]Zone: n*SkB ..." */
		const char *q = mg_skip_ws_(p + n + 1);
		q += strspn(q, "0123456789");
		if (*q == '*') {
			struct mg_oom_zone *z = find_zone(r, node, p, n);
			if (z && !z->buddy_line)
				parse_buddy(z, p + n + 1, line);
			return;
		}
	}
	if (node >= 0) {
		/* node line, kB */
		size_t i;
		for (i = 0; i < r->nnodes; i++)
			if (r->nodes[i].node == node)
				return;
		if (r->nnodes < MG_OOM_MAX_NODES) {
			struct mg_oom_node *nd = &r->nodes[r->nnodes];
			memset(nd, 0, sizeof(*nd));
			nd->node = node;
			nd->line = line;
			if (parse_kv_list(p, nd->kv, &nd->nkv, MG_OOM_MAX_KV, &nd->all_unreclaimable))
				r->nnodes++;
		}
		return;
	}
	if (!r->nnodes && !r->nzones)
		parse_kv_list(m, r->global, &r->nglobal, MG_OOM_MAX_KV, NULL); /* global, pages */
}

/* show_free_areas tail and show_mem block; true when m was one of them. */
static bool parse_tail_line(struct mg_oom_report *r, const char *m, unsigned line)
{
	static const struct {
		const char *suffix;
		size_t off;
	} counts[] = {
		{ " total pagecache pages", offsetof(struct mg_oom_report, pagecache_pages) },
		{ " pages in swap cache", offsetof(struct mg_oom_report, swapcache_pages) },
		{ " pages RAM", offsetof(struct mg_oom_report, pages_ram) },
		{ " pages HighMem/MovableOnly", offsetof(struct mg_oom_report, pages_highmem) },
		{ " pages reserved", offsetof(struct mg_oom_report, pages_reserved) },
		{ " pages cma reserved", offsetof(struct mg_oom_report, pages_cma_reserved) },
		{ " pages hwpoisoned", offsetof(struct mg_oom_report, pages_hwpoisoned) },
	};
	const char *p = m;
	uint64_t v;
	size_t i;

	if (mg_starts_(m, "Free swap  = ") || mg_starts_(m, "Total swap = ")) {
		struct mg_logval *t = m[0] == 'F' ? &r->free_swap_kb : &r->total_swap_kb;
		p = m + 13;
		if (mg_scan_dec_(&p, &v) && !t->set)
			setv(t, v, line);
		return true;
	}
	if (!mg_scan_dec_(&p, &v))
		return false;
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (strcmp(p, counts[i].suffix) == 0) {
			struct mg_logval *t = (struct mg_logval *)((char *)r + counts[i].off);
			if (!t->set)
				setv(t, v, line);
			return true;
		}
	return false;
}

enum task_col { C_UID, C_TGID, C_TOTAL_VM, C_RSS, C_RSS_ANON, C_RSS_FILE, C_RSS_SHMEM,
		C_PGTABLES, C_SWAPENTS, C_ADJ, C_NAME, C_UNKNOWN };

struct task_cols {
	size_t n;
	enum task_col col[16];
};

static void task_header(struct task_cols *tc, const char *p)
{
	static const char *const names[] = { "uid", "tgid", "total_vm", "rss", "rss_anon",
					     "rss_file", "rss_shmem", "pgtables_bytes", "swapents",
					     "oom_score_adj", "name" };
	tc->n = 0;
	p = strchr(p, ']');
	if (!p)
		return;
	p++;
	while (*p && tc->n < 16) {
		size_t l, i;
		p = mg_skip_ws_(p);
		l = strcspn(p, " ");
		if (!l)
			break;
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strlen(names[i]) == l && strncmp(p, names[i], l) == 0)
				break;
		tc->col[tc->n++] = i < sizeof(names) / sizeof(names[0]) ? (enum task_col)i : C_UNKNOWN;
		p += l;
	}
}

static int parse_task_row(struct mg_oom_report *r, const struct task_cols *tc, const char *m,
			  unsigned line)
{
	struct mg_oom_task t;
	const char *p = m + 1;
	size_t i;

	memset(&t, 0, sizeof(t));
	p = mg_skip_ws_(p);
	if (!mg_scan_dec_(&p, &t.pid) || *p != ']')
		return 1;
	p++;
	for (i = 0; i < tc->n; i++) {
		uint64_t v;
		bool neg = false;
		p = mg_skip_ws_(p);
		if (tc->col[i] == C_NAME) {
			mg_copy_n_(t.name, sizeof(t.name), p, strlen(p));
			break;
		}
		if (*p == '-') {
			neg = true;
			p++;
		}
		if (!mg_scan_dec_(&p, &v))
			return 1;
		switch (tc->col[i]) {
		case C_UID: t.uid = v; break;
		case C_TGID: t.tgid = v; break;
		case C_TOTAL_VM: t.total_vm = v; break;
		case C_RSS: t.rss = v; break;
		case C_RSS_ANON: t.rss_anon = v; break;
		case C_RSS_FILE: t.rss_file = v; break;
		case C_RSS_SHMEM: t.rss_shmem = v; break;
		case C_PGTABLES: t.pgtables_bytes = v; break;
		case C_SWAPENTS: t.swapents = v; break;
		case C_ADJ: t.oom_score_adj = v > 100000 ? 0 : (neg ? -(int64_t)v : (int64_t)v); break;
		default: break;
		}
	}
	t.line = line;
	if (r->ntasks >= MG_OOM_MAX_TASKS)
		return 0;
	if (MG_ARRAY_RESERVE(r->tasks, r->tasks_cap, r->ntasks + 1))
		return -1;
	r->tasks[r->ntasks++] = t;
	return 0;
}

static void parse_summary(struct mg_oom_report *r, const char *p, unsigned line)
{
	/* mm/oom_kill.c dump_oom_summary: comma-separated key=value, but %*pbl node lists
	 * ("mems_allowed=0,2") contain commas too: a piece without '=' continues the value. */
	char key[32] = "", val[128] = "";
	r->summary_line = line;
	for (;;) {
		size_t l = strcspn(p, ",");
		const char *eq = memchr(p, '=', l);
		if (eq) {
			mg_copy_n_(key, sizeof(key), p, (size_t)(eq - p));
			mg_copy_n_(val, sizeof(val), eq + 1, (size_t)(p + l - eq - 1));
			if (strcmp(key, "constraint") == 0)
				mg_copy_n_(r->constraint, sizeof(r->constraint), val, strlen(val));
			else if (strcmp(key, "oom_memcg") == 0)
				mg_copy_n_(r->oom_memcg, sizeof(r->oom_memcg), val, strlen(val));
			else if (strcmp(key, "task_memcg") == 0)
				mg_copy_n_(r->task_memcg, sizeof(r->task_memcg), val, strlen(val));
			else if (strcmp(key, "cpuset") == 0)
				mg_copy_n_(r->cpuset, sizeof(r->cpuset), val, strlen(val));
		} else if (l == 10 && strncmp(p, "global_oom", 10) == 0) {
			r->global_oom = true;
		}
		if (!p[l])
			break;
		p += l + 1;
	}
}

static void parse_kill(struct mg_oom_report *r, const char *m, const char *kp, unsigned line)
{
	/* 5.4+: "<reason>: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB,
	 * shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%hd"; 4.19 has no reason prefix */
	const char *p = kp + 15, *open, *close, *q;
	uint64_t v;

	if (!mg_scan_dec_(&p, &v))
		return;
	r->kill_line = line;
	r->victim_pid = v;
	mg_copy_n_(r->kill_reason, sizeof(r->kill_reason), m,
		   kp > m + 1 && kp[-1] == ' ' ? (size_t)(kp - m - 2) : 0);
	open = strchr(p, '(');
	close = open ? strstr(open, ") total-vm:") : NULL;
	if (!close && open)
		close = strrchr(open, ')');
	if (open && close)
		mg_copy_n_(r->victim_comm, sizeof(r->victim_comm), open + 1, (size_t)(close - open - 1));
	if ((q = strstr(p, "total-vm:")) != NULL && (q += 9, mg_scan_dec_(&q, &v)))
		setv(&r->victim_total_vm_kb, v, line);
	if ((q = strstr(p, "anon-rss:")) != NULL && (q += 9, mg_scan_dec_(&q, &v)))
		setv(&r->victim_anon_rss_kb, v, line);
	if ((q = strstr(p, "file-rss:")) != NULL && (q += 9, mg_scan_dec_(&q, &v)))
		setv(&r->victim_file_rss_kb, v, line);
	if ((q = strstr(p, "shmem-rss:")) != NULL && (q += 10, mg_scan_dec_(&q, &v)))
		setv(&r->victim_shmem_rss_kb, v, line);
}

static void parse_cpu_line(struct mg_oom_report *r, const char *m)
{
	/* lib/dump_stack.c: "CPU: %d PID: %d Comm: %.20s %s%s %s %.*s" ... version then " #N" */
	const char *hash = strstr(m, " #"), *s;
	if (!hash || r->kernel_version[0])
		return;
	s = hash;
	while (s > m && s[-1] != ' ')
		s--;
	if (s < hash && isdigit((unsigned char)*s))
		mg_copy_n_(r->kernel_version, sizeof(r->kernel_version), s, (size_t)(hash - s));
}

int mg_oom_parse_buf(struct mg_oom_log *log, const char *buf, size_t len, const char *file,
		     struct mg_error *err)
{
	struct mg_line_iter_ *it;
	struct mg_oom_report *cur = NULL;
	struct mg_oom_zone *last_zone = NULL;
	struct task_cols tc;
	enum { S_NONE, S_MEMINFO, S_TASKS } st = S_NONE;
	const char *m, *p;
	unsigned line;
	int rc = 0;

	memset(log, 0, sizeof(*log));
	snprintf(log->file, sizeof(log->file), "%s", file ? file : "");
	if (mg_bootlog_parse_buf(&log->boot, buf, len, file, err))
		return -1;
	it = malloc(sizeof(*it));
	if (!it) {
		mg_oom_log_free(log);
		return mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
	}
	mg_line_iter_init_(it, buf, len);
	while (rc == 0 && mg_line_iter_next_(it, &m, &line)) {
		if ((p = strstr(m, " invoked oom-killer: ")) != NULL) {
			const char *q;
			uint64_t v;
			rc = new_report(log, MG_OOM_KILLER, m, (size_t)(p - m), line, &cur);
			if (rc || !cur)
				continue;
			st = S_NONE;
			last_zone = NULL;
			if ((q = strstr(p, "gfp_mask=")) != NULL)
				parse_gfp(cur, q + 9);
			if ((q = strstr(p, "order=")) != NULL && (q += 6, mg_scan_dec_(&q, &v)) &&
			    v < 64) {
				cur->has_order = true;
				cur->order = (unsigned)v;
			}
			if ((q = strstr(p, "oom_score_adj=")) != NULL) {
				bool neg;
				q += 14;
				neg = *q == '-';
				q += neg;
				if (mg_scan_dec_(&q, &v) && v <= 1000) {
					cur->has_oom_score_adj = true;
					cur->oom_score_adj = neg ? -(int64_t)v : (int64_t)v;
				}
			}
			cur->header_has_nodemask = strstr(p, "nodemask=") != NULL;
			continue;
		}
		if ((p = strstr(m, ": page allocation failure: ")) != NULL) {
			const char *q;
			uint64_t v;
			size_t cl = (size_t)(p - m);
			/* A vendor second header for the same failure before its Mem-Info
			 * (seen in the E2000Q log) continues the report, not a new one. */
			if (!(cur && cur->kind == MG_OOM_ALLOC_FAILURE && !cur->meminfo_line &&
			      strlen(cur->comm) == cl && strncmp(cur->comm, m, cl) == 0)) {
				rc = new_report(log, MG_OOM_ALLOC_FAILURE, m, cl, line, &cur);
				if (rc || !cur)
					continue;
				st = S_NONE;
				last_zone = NULL;
			}
			if ((q = strstr(p, "order:")) != NULL && !cur->has_order &&
			    (q += 6, mg_scan_dec_(&q, &v)) && v < 64) {
				cur->has_order = true;
				cur->order = (unsigned)v;
			}
			if ((q = strstr(p, "mode:")) != NULL && !cur->has_gfp)
				parse_gfp(cur, q + 5);
			continue;
		}
		if (!cur)
			continue;
		if (mg_starts_(m, "CPU: ") && strstr(m, " Comm: ") && !cur->meminfo_line) {
			parse_cpu_line(cur, m);
			continue;
		}
		if (strcmp(m, "Mem-Info:") == 0) {
			if (!cur->meminfo_line && !cur->kill_line && !cur->tasks_line) {
				cur->meminfo_line = line;
				st = S_MEMINFO;
			} else {
				st = S_NONE;
			}
			continue;
		}
		if (mg_starts_(m, "memory: usage ")) {
			/* mm/memcontrol.c mem_cgroup_print_oom_meminfo */
			const char *q = m + 14;
			uint64_t v;
			if (!cur->memcg_usage_kb.set && mg_scan_dec_(&q, &v)) {
				setv(&cur->memcg_usage_kb, v, line);
				if ((q = strstr(q, "limit ")) != NULL && (q += 6, mg_scan_dec_(&q, &v)))
					setv(&cur->memcg_limit_kb, v, line);
				if (q && (q = strstr(q, "failcnt ")) != NULL &&
				    (q += 8, mg_scan_dec_(&q, &v)))
					setv(&cur->memcg_failcnt, v, line);
			}
			continue;
		}
		if (mg_starts_(m, "Tasks state (memory values in pages)")) {
			if (!cur->tasks_line && !cur->kill_line) {
				cur->tasks_line = line;
				st = S_TASKS;
				/* 4.19-6.6 columns until a header says otherwise */
				task_header(&tc, "] uid tgid total_vm rss pgtables_bytes swapents "
						 "oom_score_adj name");
			} else {
				st = S_NONE;
			}
			continue;
		}
		if (st == S_TASKS && m[0] == '[') {
			if (mg_starts_(m, "[  pid  ]"))
				task_header(&tc, m);
			else if ((rc = parse_task_row(cur, &tc, m, line)) > 0)
				rc = 0;
			continue;
		}
		if (mg_starts_(m, "oom-kill:")) {
			if (!cur->summary_line)
				parse_summary(cur, m + 9, line);
			st = S_NONE;
			continue;
		}
		if ((p = strstr(m, "Killed process ")) != NULL && (p == m || p[-1] == ' ')) {
			if (!cur->kill_line)
				parse_kill(cur, m, p, line);
			st = S_NONE;
			continue;
		}
		if (mg_starts_(m, "Kernel panic - not syncing: ") &&
		    (strstr(m, "Out of memory") || strstr(m, "out of memory") ||
		     strstr(m, "deadlocked on memory"))) {
			if (!cur->panic_line)
				cur->panic_line = line;
			st = S_NONE;
			continue;
		}
		if (cur->meminfo_line && !cur->kill_line && parse_tail_line(cur, m, line))
			continue;
		if (st == S_MEMINFO)
			parse_meminfo_line(cur, m, line, &last_zone);
	}
	free(it);
	if (rc) {
		mg_oom_log_free(log);
		return mg_error_set(err, MG_ERR_INTERNAL, file, 0, 0, "out of memory");
	}
	if (!log->nreports) {
		mg_oom_log_free(log);
		return mg_input_error(err, file, 0,
				      "no OOM or page allocation failure report found");
	}
	return 0;
}

int mg_oom_load(struct mg_oom_log *log, const char *path, struct mg_error *err)
{
	char *buf;
	size_t len;
	int rc;

	memset(log, 0, sizeof(*log));
	if (mg_read_file(path, MG_LOG_MAX_BYTES, &buf, &len, err))
		return -1;
	rc = mg_oom_parse_buf(log, buf, len, path, err);
	free(buf);
	return rc;
}

void mg_oom_log_free(struct mg_oom_log *log)
{
	size_t i;
	for (i = 0; i < log->nreports; i++)
		free(log->reports[i].tasks);
	free(log->reports);
	mg_bootlog_free(&log->boot);
	memset(log, 0, sizeof(*log));
}
