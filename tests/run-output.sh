#!/bin/sh
# -o FILE end to end: each --format X -o F pair writes exactly what --format X prints, by
# renaming a finished temporary over F (a hard link to the old F keeps the old bytes), leaves
# no temporary behind, keeps the verdict's exit status, and an unwritable path is exit 2.
export LC_ALL=C TZ=UTC
MEMGATE=${MEMGATE:-./memgate}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL output: $*"; fail=$((fail + 1)); }
base="check tests/data/rules/base --today 2026-11-25"
reject="check tests/data/rules/floor-reject --today 2026-11-25"

# 1. one pair: nothing on stdout, the file equals the stdout rendering, exit 0
$MEMGATE $base --format json >"$t/json.stdout"
rc=0; $MEMGATE $base --format json -o "$t/r.json" >"$t/out" 2>"$t/err" || rc=$?
[ "$rc" = 0 ] && ok || bad "pass board with -o: exit $rc"
[ ! -s "$t/out" ] && ok || bad "-o still printed to stdout"
cmp -s "$t/json.stdout" "$t/r.json" && ok || bad "-o r.json differs from --format json on stdout"

# 2. replaced by rename: the old inode (reachable through a hard link) keeps the old bytes
printf 'old\n' >"$t/r.json"; ln "$t/r.json" "$t/old.json"
$MEMGATE $base --format json -o "$t/r.json" >/dev/null 2>&1
[ "$(cat "$t/old.json")" = old ] && ok || bad "-o wrote into the old file in place (not atomic)"
cmp -s "$t/json.stdout" "$t/r.json" && ok || bad "-o over an existing file: wrong content"
rm -f "$t/old.json"

# 3. several pairs in one run, and a reject keeps exit 1 while still writing its reports
$MEMGATE $reject --format sarif >"$t/sarif.stdout"
$MEMGATE $reject --format text >"$t/text.stdout"
rc=0; $MEMGATE $reject --format sarif -o "$t/r.sarif" --format text -o "$t/r.txt" >"$t/out" 2>&1 || rc=$?
[ "$rc" = 1 ] && ok || bad "reject board with -o: exit $rc, expected 1"
cmp -s "$t/sarif.stdout" "$t/r.sarif" && ok || bad "second format's -o: sarif differs"
cmp -s "$t/text.stdout" "$t/r.txt" && ok || bad "second format's -o: text differs"
[ ! -s "$t/out" ] && ok || bad "two -o pairs still printed to stdout"

# 4. a path in a missing directory: exit 2, one line on stderr naming it, nothing created
rc=0; $MEMGATE $base --format json -o "$t/missing/r.json" >"$t/out" 2>"$t/err" || rc=$?
[ "$rc" = 2 ] && ok || bad "-o into a missing directory: exit $rc, expected 2"
grep -q "$t/missing/r.json" "$t/err" && [ "$(wc -l <"$t/err")" = 1 ] && ok || bad "-o error: $(cat "$t/err")"
[ ! -e "$t/missing" ] && ok || bad "-o created the missing directory"

# 5. no temporary left anywhere
[ -z "$(find "$t" -name '*.tmp.*')" ] && ok || bad "temporary left behind: $(find "$t" -name '*.tmp.*')"

echo "output: $pass passed, $fail failed"
[ "$fail" = 0 ]
