#!/bin/sh
# The real-input sweep (issue "Foundation" Tests; issue "Hostile inputs and whole fleets"):
# every DTB of Debian's arm64 and armhf kernel packages, each with its package's real .config
# and the default profile (tests/data/sweep/default-profile.yaml), through ONE
# `memgate check --batch` process.  Fails when memgate crashes, a sanitizer reports, a board
# gives neither a verdict nor a clear error, or a line is missing.  Prints the counts.
#
#   sh tests/sweep/sweep.sh MEMGATE CORPUS_DIR OUT_DIR [DOC.md]
# DOC.md given: also write the statistics page (docs/sweep.md).
# Boards whose DT has only 0-sized /memory placeholders (the bootloader fills them) get
# default_ram=$SWEEP_RAM (2G).
set -u
memgate=$1 corpus=$2 out=$3 doc=${4:-}
ram=${SWEEP_RAM:-2G}
here=$(cd "$(dirname "$0")" && pwd)
profile=$(cd "$here/../data/sweep" && pwd)/default-profile.yaml
mkdir -p "$out"
list=$out/list.txt
: >"$list"
for arch in arm64 armhf; do
	[ -d "$corpus/$arch/dtbs" ] || { echo "sweep: $corpus/$arch/dtbs: missing (run make corpus)"; exit 1; }
	(cd "$corpus/$arch/dtbs" && find . -name '*.dtb' | LC_ALL=C sort | sed 's|^\./||') |
	while read -r f; do
		printf 'dtb="%s" config="%s" profile="%s" default_ram=%s name="%s/%s"\n' \
			"$corpus/$arch/dtbs/$f" "$corpus/$arch/config" "$profile" "$ram" "$arch" "$f"
	done >>"$list"
done
start=$(date +%s.%N)
"$memgate" check --batch "$list" >"$out/sweep.jsonl" 2>"$out/sweep.err"
rc=$?
end=$(date +%s.%N)
fail=0
case $rc in
0|1|2) ;;
*) echo "sweep: memgate exited $rc (crash or sanitizer abort):"; tail -n 30 "$out/sweep.err"; fail=1 ;;
esac
if grep -E 'Sanitizer|runtime error:|LeakSanitizer|SUMMARY:' "$out/sweep.err" >/dev/null; then
	echo "sweep: sanitizer report:"; grep -E -A5 'Sanitizer|runtime error:' "$out/sweep.err" | head -40; fail=1
fi
# Why each refused board was refused, seen with dtc's own fdtget (independent of memgate).
: >"$out/refused-why.txt"
if command -v fdtget >/dev/null 2>&1; then
	python3 -c 'import json,sys
for l in open(sys.argv[1]):
    d=json.loads(l)
    if "error" in d: print(d["board"])' "$out/sweep.jsonl" | while read -r b; do
		f=$corpus/${b%%/*}/dtbs/${b#*/}
		if fdtget -l "$f" / 2>/dev/null | grep -q '^memory\(@\|$\)'; then
			echo "$b memory-node-without-device_type-or-size"
		else
			echo "$b no-memory-node"
		fi
	done >"$out/refused-why.txt"
fi
python3 "$here/stats.py" --list "$list" --jsonl "$out/sweep.jsonl" --why "$out/refused-why.txt" \
	--start "$start" --end "$end" --corpus "$corpus" --ram "$ram" ${doc:+--doc "$doc"} || fail=1
exit $fail
