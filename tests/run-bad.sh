#!/bin/sh
# Hostile-input tests: tests/bad/<case>/args (run from the repository root) must exit 2 with
# exactly one line on stderr equal to expected.stderr, nothing on stdout, and no crash.
export LC_ALL=C TZ=UTC
MEMGATE=${MEMGATE:-./memgate}
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
pass=0 fail=0
for d in tests/bad/*/; do
	[ -f "$d/args" ] || continue
	rc=0
	eval "set -- $(cat "$d/args")"
	"$MEMGATE" "$@" >"$t/out" 2>"$t/err" </dev/null || rc=$?
	if [ -n "$UPDATE" ]; then cp "$t/err" "$d/expected.stderr"; continue; fi
	if [ "$rc" != 2 ]; then
		echo "FAIL $d: exit $rc, expected 2"; head -3 "$t/err"; fail=$((fail + 1)); continue
	fi
	if [ "$(wc -l <"$t/err")" != 1 ] || [ -s "$t/out" ]; then
		echo "FAIL $d: expected one stderr line and no stdout"; head -3 "$t/err"; fail=$((fail + 1)); continue
	fi
	if ! diff -u "$d/expected.stderr" "$t/err" >"$t/diff"; then
		echo "FAIL $d: message differs"; cat "$t/diff"; fail=$((fail + 1)); continue
	fi
	pass=$((pass + 1))
done
echo "bad inputs: $pass passed, $fail failed"
[ "$fail" = 0 ]
