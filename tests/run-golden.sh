#!/bin/sh
# Golden end-to-end tests: tests/golden/<case>/args is one line of memgate arguments, run from
# the repository root; stdout must equal expected.out and the exit status expected.rc.
# UPDATE=1 rewrites the expectations (on purpose only: review the diff before committing).
export LC_ALL=C TZ=UTC
MEMGATE=${MEMGATE:-./memgate}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
pass=0 fail=0
for d in tests/golden/*/; do
	[ -f "$d/args" ] || continue
	rc=0
	eval "set -- $(cat "$d/args")"
	"$MEMGATE" "$@" >"$t/out" 2>"$t/err" || rc=$?
	if [ "$rc" -gt 128 ]; then
		echo "FAIL $d: killed by signal $((rc - 128))"; cat "$t/err"; fail=$((fail + 1)); continue
	fi
	if [ -n "$UPDATE" ]; then
		cp "$t/out" "$d/expected.out"; echo "$rc" >"$d/expected.rc"; continue
	fi
	if [ "$rc" != "$(cat "$d/expected.rc")" ]; then
		echo "FAIL $d: exit $rc, expected $(cat "$d/expected.rc")"; head -3 "$t/err"; fail=$((fail + 1)); continue
	fi
	if ! diff -u "$d/expected.out" "$t/out" >"$t/diff"; then
		echo "FAIL $d: output differs"; head -40 "$t/diff"; fail=$((fail + 1)); continue
	fi
	pass=$((pass + 1))
done
echo "golden: $pass passed, $fail failed"
[ "$fail" = 0 ]
