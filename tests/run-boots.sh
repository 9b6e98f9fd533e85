#!/bin/sh
# Real boots as golden tests (tests/boots/<case>, made by tests/qemu/freeze.sh from
# `make qemu-check`): `memgate verify` must report every quantity within tolerance and print
# exactly expected.verify; where the boot logged an OOM kill, `memgate oom --board` must print
# expected.oom.  UPDATE=1 rewrites the expectations (on purpose only).
export LC_ALL=C TZ=UTC
MEMGATE=${MEMGATE:-./memgate}
pass=0 fail=0
for d in tests/boots/*/; do
	d=${d%/}
	case $d in */_*) continue ;; esac
	set -- verify "$d/board" --dmesg "$d/dmesg"
	[ -s "$d/meminfo" ] && set -- "$@" --meminfo "$d/meminfo"
	[ -s "$d/zoneinfo" ] && set -- "$@" --zoneinfo "$d/zoneinfo"
	[ -s "$d/sysctl" ] && set -- "$@" --sysctl-dump "$d/sysctl"
	[ -s "$d/board/e820" ] && set -- "$@" --e820 "$d/board/e820"
	pipe=$(grep -o 'reached_kb=[0-9]*' "$d/ramp-pipe" 2>/dev/null | cut -d= -f2)
	if grep -q 'anon-rss:' "$d/dmesg-anon" 2>/dev/null; then
		set -- "$@" --oom-log "$d/dmesg-anon"
		[ -s "$d/before-anon" ] && set -- "$@" --meminfo-before "$d/before-anon"
	elif [ -n "$pipe" ] && [ -s "$d/before-pipe" ]; then
		set -- "$@" --meminfo-before "$d/before-pipe"
	fi
	[ -n "$pipe" ] && set -- "$@" --unmovable-reach "${pipe}K"
	out=$("$MEMGATE" "$@" 2>&1); rc=$?
	if [ -n "$UPDATE" ]; then
		printf '%s\n' "$out" >"$d/expected.verify"
	elif [ "$rc" != 0 ]; then
		echo "FAIL $d: memgate verify exit $rc"; printf '%s\n' "$out" | grep -E 'NO|memgate:' | head -5; fail=$((fail + 1)); continue
	elif ! printf '%s\n' "$out" | diff -u "$d/expected.verify" - >/dev/null; then
		echo "FAIL $d: verify output differs"; printf '%s\n' "$out" | diff -u "$d/expected.verify" - | head -20
		fail=$((fail + 1)); continue
	fi
	if grep -q 'invoked oom-killer' "$d/dmesg-anon" 2>/dev/null; then
		out=$("$MEMGATE" oom "$d/dmesg-anon" --board "$d/board" 2>&1) || true
		if [ -n "$UPDATE" ]; then
			printf '%s\n' "$out" >"$d/expected.oom"
		elif ! printf '%s\n' "$out" | diff -u "$d/expected.oom" - >/dev/null; then
			echo "FAIL $d: oom output differs"; printf '%s\n' "$out" | diff -u "$d/expected.oom" - | head -20
			fail=$((fail + 1)); continue
		fi
	fi
	pass=$((pass + 1))
done
echo "real boots: $pass passed, $fail failed"
[ "$fail" = 0 ]
