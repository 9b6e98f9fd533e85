#!/usr/bin/env python3
"""Check and summarise the JSON lines of a sweep (`memgate check --batch`, docs/batch.md).

Fails (exit 1) when a board is missing, a line is not JSON, or a board has neither a verdict
nor a clear error ("file[:line]: message").  Prints the counts per arch; with --doc writes
the statistics page (docs/sweep.md)."""
import argparse
import collections
import json
import os
import re
import sys

CLEAR_ERROR = re.compile(r"^[^\s:][^:]*(:\d+){0,2}: \S.{8,}")


def family(board):
    """arm64/broadcom/bcm2711-rpi-4-b.dtb -> bcm (the SoC vendor part of the name)."""
    base = board.rsplit("/", 1)[-1]
    m = re.match(r"[a-z]+", base)
    return m.group(0) if m else base


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--list", required=True)
    ap.add_argument("--jsonl", required=True)
    ap.add_argument("--why", default="")
    ap.add_argument("--start", type=float, default=0)
    ap.add_argument("--end", type=float, default=0)
    ap.add_argument("--corpus", default="")
    ap.add_argument("--ram", default="2G")
    ap.add_argument("--doc", default="")
    a = ap.parse_args()

    names = []
    for line in open(a.list, encoding="utf-8"):
        m = re.search(r'name="([^"]*)"', line)
        if line.strip() and not line.lstrip().startswith("#"):
            names.append(m.group(1) if m else line.strip())
    problems = []
    recs = []
    for i, line in enumerate(open(a.jsonl, encoding="utf-8", errors="replace"), 1):
        try:
            d = json.loads(line)
        except ValueError as e:
            problems.append(f"output line {i}: not JSON ({e})")
            continue
        recs.append(d)
    if len(recs) != len(names):
        problems.append(f"{len(names)} boards in the list but {len(recs)} JSON lines")
    for d, name in zip(recs, names):
        if d.get("board") != name:
            problems.append(f"line {d.get('line')}: board {d.get('board')!r}, expected {name!r}")
        if ("verdict" in d) == ("error" in d):
            problems.append(f"{name}: neither a verdict nor an error (or both)")
        elif "verdict" in d and d["verdict"] not in ("pass", "warn", "reject"):
            problems.append(f"{name}: unknown verdict {d['verdict']!r}")
        elif "error" in d and not CLEAR_ERROR.match(d["error"]):
            problems.append(f"{name}: unclear error {d['error']!r}")

    why = {}
    if a.why:
        for line in open(a.why, encoding="utf-8"):
            b, _, w = line.strip().partition(" ")
            why[b] = w

    arches = sorted({d["board"].split("/", 1)[0] for d in recs})
    per = {arch: collections.Counter() for arch in arches}
    rules_boards = collections.Counter()       # (rule, severity) -> boards
    refusals = collections.Counter()
    st = collections.Counter()
    read = [d for d in recs if "verdict" in d]
    for d in recs:
        c = per[d["board"].split("/", 1)[0]]
        c["boards"] += 1
        if "error" in d:
            c["refused"] += 1
            msg = d["error"].split(": ", 1)[-1]
            refusals[why.get(d["board"], "") or msg] += 1
            continue
        c["read"] += 1
        c[d["verdict"]] += 1
    for d in read:
        rm = d["rmem"]
        st["cma_pool_boards"] += rm["cma_pools"] > 0
        st["cma_pools"] += rm["cma_pools"]
        st["carveout_boards"] += rm["static"] > 0
        st["carveouts"] += rm["static"]
        st["nomap_boards"] += rm["no_map"] > 0
        st["dynamic_boards"] += rm["dynamic"] > 0
        st["dynamic"] += rm["dynamic"]
        st["memreserve_boards"] += d["memreserve"] > 0
        st["default_ram"] += d["ram_source"] != "dt"
        st["cma_failed_boards"] += any(not x["reserved"] for x in d["cma_areas"])
        st["dt_nodes"] += d["dt_nodes"]
        ids = {(r["id"], r["severity"]) for r in d["rules"]}
        for k in ids:
            rules_boards[k] += 1
        st["overlap_boards"] += any(r["id"] == "reserved-overlap" for r in d["rules"])

    total = collections.Counter()
    for c in per.values():
        total.update(c)
    secs = a.end - a.start if a.end > a.start else 0
    print(f"sweep: {total['boards']} DTBs in one process ({secs:.1f} s): "
          f"{total['read']} read, {total['refused']} refused")
    for arch in arches:
        c = per[arch]
        print(f"  {arch:6} {c['boards']:5} boards: {c['read']:5} read, {c['refused']:4} refused; "
              f"verdicts {c['pass']} pass, {c['warn']} warn, {c['reject']} reject")
    for k, v in refusals.most_common():
        print(f"  refused {v:4}: {k}")
    if problems:
        for p in problems[:30]:
            print("sweep: FAIL:", p)
        print(f"sweep: {len(problems)} problems")
    if a.doc:
        write_doc(a, recs, per, arches, total, st, rules_boards, refusals, secs, len(read))
    return 1 if problems else 0


def interesting(recs):
    """Ten findings worth a human's look: rarer rules and harder verdicts first, one per SoC
    family, the worst margin first within a rule."""
    sev_rank = {"reject": 0, "warn": 1, "info": 2}
    rule_count = collections.Counter(r["id"] for d in recs for r in d.get("rules", []))
    cands = []
    for d in recs:
        for r in d.get("rules", []):
            if r["severity"] == "info" and r["id"] in ("thp-raised-min-free", "swiotlb-in-dma-zone"):
                continue
            cands.append((sev_rank[r["severity"]], rule_count[r["id"]], d.get("margin_kb", 0),
                          d["board"], r))
    cands.sort(key=lambda c: (c[0], c[1], c[2]))
    out, fams, per_rule = [], set(), collections.Counter()
    # First at most two per rule; then, if fewer than ten, any rule (still one per family).
    for cap in (2, 10):
        for _, _, _, board, r in cands:
            if len(out) == 10:
                break
            if family(board) in fams or per_rule[r["id"]] >= cap:
                continue
            fams.add(family(board))
            per_rule[r["id"]] += 1
            out.append((board, r))
    return out


def write_doc(a, recs, per, arches, total, st, rules_boards, refusals, secs, nread):
    versions = {}
    for arch in arches:
        try:
            versions[arch] = open(f"{a.corpus}/{arch}/VERSION").read().strip()
        except OSError:
            versions[arch] = "?"
    L = []
    w = L.append
    w("# The real-input sweep\n")
    w("Generated by `make sweep` (tests/sweep/sweep.sh, tests/sweep/stats.py); do not edit by hand.\n")
    w("Every DTB that Debian's arm64 and armhf kernel packages ship "
      "(`../shared/tools/fetch-kernel-corpus`), each with its own package's real `.config`, "
      "through **one** `memgate check --batch` process built with ASan+UBSan, with the default "
      "workload profile `tests/data/sweep/default-profile.yaml` (48 MiB baseline + one 64 MiB "
      "movable / 4 MiB unmovable application) and no command line of its own "
      "(the DT's `/chosen/bootargs`, else `CONFIG_CMDLINE`).\n")
    w("| arch | package | DTBs | read | refused | pass | warn | reject |")
    w("|---|---|---:|---:|---:|---:|---:|---:|")
    for arch in arches:
        c = per[arch]
        w(f"| {arch} | {versions[arch]} | {c['boards']} | {c['read']} | {c['refused']} | "
          f"{c['pass']} | {c['warn']} | {c['reject']} |")
    w(f"| **all** | | **{total['boards']}** | **{total['read']}** | **{total['refused']}** | "
      f"**{total['pass']}** | **{total['warn']}** | **{total['reject']}** |\n")
    w(f"No crash, no sanitizer report; every board gave a verdict or a one-line error. "
      f"Wall time of the sanitized batch: {secs:.1f} s.\n")
    w("## RAM size\n")
    w(f"Most distribution DTBs do not know how much RAM the board has: the bootloader fills "
      f"`/memory` in. A DT whose `/memory` nodes are all 0-sized placeholders "
      f"(e.g. `memory@0 {{ reg = <0 0 0>; }}`) is given `default_ram={a.ram}` in the batch list, "
      f"which fills the first placeholder (at its own base) and evaluates the board with "
      f"{a.ram} of RAM. **{st['default_ram']} of the {nread} read boards** were evaluated that way; "
      f"the others declare their RAM. A DT with no `/memory` node at all is refused (there is "
      f"no base address to put RAM at): memgate does not invent one.\n")
    w("## Refused\n")
    w("| boards | why |")
    w("|---:|---|")
    names = {"no-memory-node": "no `/memory` node at all (U-Boot adds it at boot): "
             "`no usable /memory node`",
             "memory-node-without-device_type-or-size": "a `memory@…` node the kernel ignores "
             "(no `device_type = \"memory\"`) or with no `reg`: `no usable /memory node`"}
    for k, v in refusals.most_common():
        w(f"| {v} | {names.get(k, k)} |")
    w("")
    w("## What the real DTs declare (read boards)\n")
    w("| | boards | regions |")
    w("|---|---:|---:|")
    w(f"| CMA pools (`shared-dma-pool` + `reusable`) | {st['cma_pool_boards']} | {st['cma_pools']} |")
    w(f"| static carve-outs (`/reserved-memory` with `reg`) | {st['carveout_boards']} | {st['carveouts']} |")
    w(f"| … of which `no-map` (boards) | {st['nomap_boards']} | |")
    w(f"| dynamic regions (`size`, placed by the kernel) | {st['dynamic_boards']} | {st['dynamic']} |")
    w(f"| `/memreserve/` entries | {st['memreserve_boards']} | |")
    w(f"| overlapping reserved regions (`reserved-overlap`) | {st['overlap_boards']} | |")
    w(f"| a CMA area that fails to reserve | {st['cma_failed_boards']} | |")
    w(f"\n{st['dt_nodes']} DT nodes in the read boards.\n")
    w("## Rules that fired\n")
    w("Boards on which each rule fired at least once (a board counts once per rule).\n")
    w("| rule | severity | boards |")
    w("|---|---|---:|")
    for (rid, sev), n in sorted(rules_boards.items(), key=lambda kv: (-kv[1], kv[0])):
        w(f"| `{rid}` | {sev} | {n} |")
    w("")
    w("## Ten findings worth a look\n")
    w("Picked by tests/sweep/stats.py: the rarest rules and the hardest verdicts first, one board per "
      "SoC family. `where` is the node path or input that declared it.\n")
    for i, (board, r) in enumerate(interesting(recs), 1):
        msg = r["message"].replace("|", "\\|")
        where = r["where"].replace(os.getcwd() + "/", "")
        where = where.replace(a.corpus.rstrip("/") + "/", "") if a.corpus else where
        w(f"{i}. **{board}** — `{r['id']}` ({r['severity']}): {msg}  \n   where: `{where}`")
    w("")
    with open(a.doc, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


if __name__ == "__main__":
    sys.exit(main())
