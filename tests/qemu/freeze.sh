#!/usr/bin/env bash
# Freeze the boots of `make qemu-check` into offline golden tests: tests/boots/<case>/ gets the
# exact board memgate read (DTB as QEMU dumped it, cmdline, System.map, board.yaml; the .config
# shared in tests/boots/_configs/ by content) and what the kernel printed (dmesg, meminfo,
# zoneinfo, sysctl, the workload logs).  tests/run-boots.sh then checks `memgate verify` and
# `memgate oom` on them in every `make check`, without QEMU.
#   tests/qemu/freeze.sh [case...]        (default: every case with status ok)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
src=$top/build/qemu dst=$top/tests/boots
mkdir -p "$dst/_configs"
cases=("$@")
[[ ${#cases[@]} -gt 0 ]] || mapfile -t cases < <(cd "$src" && for d in */; do d=${d%/}; [[ -f $d/status && $(cat "$d/status") == ok && -d $d/board ]] && echo "$d"; done)
for c in "${cases[@]}"; do
    s=$src/$c t=$dst/$c
    rm -rf "$t"; mkdir -p "$t/board"
    sum=$(md5sum "$s/board/kernel.config" | cut -c1-12)
    cp "$s/board/kernel.config" "$dst/_configs/$sum.config"
    for f in board.dtb cmdline System.map e820; do [[ -f $s/board/$f ]] && cp "$s/board/$f" "$t/board/"; done
    { cat "$s/board/board.yaml"; printf 'files:\n  config: ../../_configs/%s.config\n' "$sum"; } >"$t/board/board.yaml"
    for f in dmesg meminfo zoneinfo sysctl dmesg-anon before-anon before-pipe ramp-pipe; do
        [[ -s $s/$f ]] && cp "$s/$f" "$t/"
    done
    echo "froze $c"
done
