#!/usr/bin/env bash
# make qemu-check: boot real kernels under QEMU (TCG) and record what they made of memory.
#
#   tests/qemu/run.sh [CASE...]        (or QEMU_CASES=a,b; default: every tests/qemu/cases/*)
#   tests/qemu/run.sh --kernels [CASE...]   print the KERNEL:ARCH pairs those cases boot
#
# Per case (tests/qemu/cases/NAME/case.conf) it writes build/qemu/NAME/:
#   console.log            the whole serial console
#   meminfo zoneinfo dmesg min_free_kbytes cmdline ...   sections cut from the console
#   board/                 the inputs memgate reads: board.dtb (arm64: the DTB exactly as QEMU
#                          handed it to the kernel), cmdline, kernel.config, System.map,
#                          board.yaml (initrd_size), e820 (amd64)
#   trimmed copy in tests/qemu/logs/NAME.log when QEMU_SAVE_LOGS=1 (memory lines only)
# then runs `build/memgate verify` on each board when that command exists, else prints the
# observed values.  Environment: MG_CACHE (~/.cache/memgate), QEMU_JOBS (2), QEMU_TIMEOUT (240),
# QEMU_OUT (build/qemu), QEMU_NO_LOGS=1 (do not refresh tests/qemu/logs), QEMU_ALLOW_MISMATCH=1
# (report verify mismatches without failing).  Exit 1 when a boot fails or a verify mismatches.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
cache=${MG_CACHE:-$HOME/.cache/memgate}
out=${QEMU_OUT:-$root/build/qemu}
jobs=${QEMU_JOBS:-2}
memgate=${MEMGATE:-$root/build/memgate}
mkdir -p "$out"

# ---- one case ---------------------------------------------------------------------------------
run_case() {
    local name=$1; local cdir=$here/cases/$1 d=$out/$1
    local ARCH=arm64 KERNEL=debian CPU=cortex-a57 RAM=1G SMP=2 CMDLINE="" WORKLOAD=none DT_FRAGMENT="" QEMU_ARGS="" TIMEOUT=${QEMU_TIMEOUT:-240}
    # shellcheck disable=SC1091
    . "$cdir/case.conf"
    rm -rf "$d"; mkdir -p "$d/board"
    local kimg kcfg kmap kver console
    case $KERNEL in
    debian) kimg=$cache/corpus/$ARCH/vmlinuz; kcfg=$cache/corpus/$ARCH/config; kmap=""
            kver="debian $(cat "$cache/corpus/$ARCH/VERSION")" ;;
    debian-bullseye|debian-trixie)
            # Other Debian releases (kernels.sh): 5.10 (arm64, amd64, armhf) and 6.12 (arm64, amd64).
            local rel=$cache/${KERNEL}/$ARCH
            kimg=$rel/vmlinuz; kcfg=$rel/config; kmap=""; kver="debian $(cat "$rel/VERSION" 2>/dev/null)" ;;
    64k|64k-5.10|16k-6.12|debug-6.12)
            # The minimal kernels kernels.sh builds ("64k" is the 6.1 one), with their real System.map.
            local kb=$cache/kernel-$KERNEL/current
            [[ $KERNEL == 64k ]] && kb=$cache/kernel-64k-6.1/current
            kimg=$kb/Image; kcfg=$kb/config; kmap=$kb/System.map; kver="${KERNEL%%-*} $(cat "$kb/VERSION" 2>/dev/null)" ;;
    lpae)   # Debian 12's armmp-lpae (ARCH=armhf; kernels.sh 1b): 3-level tables, RAM above 4 GiB.
            kimg=$cache/armmp-lpae/vmlinuz; kcfg=$cache/armmp-lpae/config; kmap=""
            kver="debian-lpae $(cat "$cache/armmp-lpae/VERSION" 2>/dev/null)" ;;
    *) echo "$name: unknown KERNEL=$KERNEL" >&2; return 1 ;;
    esac
    [[ -r $kimg ]] || { echo "$name: $kimg missing (make qemu-kernels)" >&2; return 1; }
    local initrd=$out/_initrd/$ARCH.cpio.gz
    local -a q
    if [[ $ARCH == arm64 ]]; then
        console=ttyAMA0
        q=(qemu-system-aarch64 -cpu "$CPU" -smp "$SMP" -m "$RAM")
    elif [[ $ARCH == armhf ]]; then
        # Debian's armmp (non-LPAE ARMv7) kernel on the virt board: RAM at 0x40000000.
        console=ttyAMA0
        q=(qemu-system-arm -cpu cortex-a15 -smp "$SMP" -m "$RAM")
    else
        console=ttyS0
        q=(qemu-system-x86_64 -smp "$SMP" -m "$RAM")
    fi
    # nokaslr: QEMU re-randomizes /chosen/kaslr-seed at every reset and x86 randomizes the
    # kernel's physical address, which moves pages between zones (amd64-4g: DMA32/Normal managed
    # differed by 11,000 pages between two boots); a board file cannot predict either.
    local append="console=$console nokaslr $CMDLINE mgtest=$WORKLOAD panic=-1"
    append=$(echo "$append" | tr -s ' ')
    # shellcheck disable=SC2206
    [[ -n $QEMU_ARGS ]] && q+=($QEMU_ARGS)
    q+=(-nographic -no-reboot -accel tcg,thread=multi -kernel "$kimg" -initrd "$initrd" -append "$append")
    if [[ $ARCH == arm64 || $ARCH == armhf ]]; then
        local machine=virt
        if [[ -n $DT_FRAGMENT ]]; then
            # The virt board's own DT at the same -m/-smp, plus the case's nodes.
            "${q[@]}" -M virt,dumpdtb="$d/virt.dtb" >/dev/null 2>&1
            dtc -q -I dtb -O dts -o "$d/virt.dts" "$d/virt.dtb"
            cat "$d/virt.dts" "$cdir/$DT_FRAGMENT" >"$d/modified.dts"
            dtc -q -I dts -O dtb -o "$d/modified.dtb" "$d/modified.dts"
            q+=(-dtb "$d/modified.dtb")
        fi
        # What the kernel gets: QEMU rewrites /memory and /chosen (bootargs, initrd) of any DTB.
        "${q[@]}" -M "$machine,dumpdtb=$d/board/board.dtb" >/dev/null 2>&1
        q+=(-M "$machine")
    fi
    printf '%s\n' "${q[*]}" >"$d/qemu.cmd"
    local t0 t1 rc=0
    t0=$(date +%s.%N)
    timeout --foreground -k 5 "$TIMEOUT" "${q[@]}" </dev/null >"$d/console.log" 2>&1 || rc=$?
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.1f\n", b-a}' >"$d/wall_seconds"
    echo "$rc" >"$d/qemu_rc"
    echo "$kver" >"$d/kernel"
    tr -d '\r' <"$d/console.log" | awk -v dir="$d" '
        /^@@MG-BEGIN /{ f=dir "/" $2; printf "" > f; sec=1; next }
        /^@@MG-END/   { sec=0; close(f); next }
        sec           { print >> f }'
    # The board folder memgate reads.
    [[ -s $d/cmdline ]] && cp "$d/cmdline" "$d/board/cmdline"
    cp "$kcfg" "$d/board/kernel.config"
    if [[ -n $kmap ]]; then
        cp "$kmap" "$d/board/System.map"
    elif [[ -s $d/kallsyms ]]; then
        # Debian's packaged System.map is a stub; the running kernel's symbols (KASLR-shifted,
        # sizes unchanged) stand in for it.
        # arm (arch/arm/kernel/setup.c: request_standard_resources, v6.1) starts "Kernel code"
        # at _text, arm64 at _stext.  Debian's armmp kallsyms lacks _text: it is PAGE_OFFSET +
        # (code start - PHYS_OFFSET), PHYS_OFFSET = RAM start & ~128 MiB (AUTO_ZRELADDR).
        if [[ $ARCH == armhf ]]; then
            local po ram cs ks=$d/kallsyms.anchored
            po=$(sed -n 's/^CONFIG_PAGE_OFFSET=0x//p' "$kcfg")
            ram=$(awk -F' : ' '$2=="System RAM"{split($1,a,"-"); gsub(/ /,"",a[1]); print a[1]; exit}' "$d/iomem")
            cs=$(awk -F' : ' '$2=="Kernel code"{split($1,a,"-"); gsub(/ /,"",a[1]); print a[1]; exit}' "$d/iomem")
            { cat "$d/kallsyms"; grep -q ' _text$' "$d/kallsyms" ||
              printf '%08x T _text\n' $(( 16#$po + 16#$cs - (16#$ram & ~0x7ffffff) )); } >"$ks"
            synth_sysmap "$ks" "$d/iomem" _text | sort -u >"$d/board/System.map"
        else
            # arm64 "Kernel code" starts at _stext on 5.15-6.8 and at _text before and after, x86 at _text
            # (arch/arm64/kernel/setup.c: request_standard_resources; 5.10.223 and 6.12.117 read).
            # The image is loaded 2 MiB-aligned and _stext lies 64 KiB into it, so a 2 MiB-aligned
            # code start is _text; a kallsyms without _text gets it as _stext rounded down to 2 MiB.
            local ks=$d/kallsyms.anchored anchor=_stext cs st
            cs=$(awk -F' : ' '$2=="Kernel code"{split($1,a,"-"); gsub(/ /,"",a[1]); print a[1]; exit}' "$d/iomem")
            st=$(awk '$3=="_stext"{print $1; exit}' "$d/kallsyms")
            { cat "$d/kallsyms"; [[ -n $st ]] && ! grep -q ' _text$' "$d/kallsyms" &&
              printf '%016x T _text\n' $(( 16#$st & ~0x1fffff )); } >"$ks"
            [[ -n $cs ]] && (( (16#$cs & 0x1fffff) == 0 )) && anchor=_text
            synth_sysmap "$ks" "$d/iomem" "$anchor" arm64 | sort -u >"$d/board/System.map"
        fi
    fi
    {
        echo "name: qemu-$name"
        echo "description: \"make qemu-check case $name ($kver, -m $RAM)\""
        echo "initrd_size: $(stat -c %s "$initrd")"
    } >"$d/board/board.yaml"
    [[ $ARCH == amd64 && -s $d/dmesg ]] && grep -E 'BIOS-e820:|smpboot: Allowing [0-9]+ CPUs' "$d/dmesg" >"$d/board/e820" || true
    # dmesg = boot log + the log of each workload (OOM reports).
    cat "$d"/dmesg-* 2>/dev/null >"$d/dmesg-workloads" || true
    if grep -q '^@@MG-DONE' "$d/console.log"; then
        echo "ok" >"$d/status"
    else
        echo "FAIL (qemu rc $rc, no @@MG-DONE)" >"$d/status"
    fi
    if [[ ${QEMU_SAVE_LOGS:-0} == 1 ]]; then trim_log "$d" >"$here/logs/$name.log"; fi
    echo "$name: $(cat "$d/status") in $(cat "$d/wall_seconds") s"
}

# A System.map from the running kernel: the text symbols /proc/kallsyms shows (Debian has no
# KALLSYMS_ALL) plus the data/bss bounds from /proc/iomem's "Kernel data"/"Kernel bss"
# (physical) moved to virtual with _stext's offset.  arm64 (arch/arm64/kernel/setup.c:
# request_standard_resources, v6.1): code = [_stext, __init_begin), data = [_sdata, _end);
# x86 (arch/x86/kernel/setup.c, v6.1): code [_text,_etext), rodata [__start_rodata,__end_rodata),
# data [_sdata,_edata), bss [__bss_start,__bss_stop).
synth_sysmap() {
    local ksyms=$1 iomem=$2 anchor=${3:-_stext} arch=${4:-arm} stext
    cat "$ksyms"
    stext=$(awk -v a="$anchor" '$3==a{print $1; exit}' "$ksyms")
    [[ -n $stext && -s $iomem ]] || return 0
    local code_start
    code_start=$(awk -F' : ' '$2=="Kernel code"{split($1,a,"-"); gsub(/ /,"",a[1]); print a[1]; exit}' "$iomem")
    [[ -n $code_start ]] || return 0
    local w=16; [[ ${#stext} == 8 ]] && w=8
    emit() { grep -q " $3\$" "$ksyms" || printf "%0${w}x %s %s\n" $(( 16#$stext + 16#$2 - 16#$code_start )) "$1" "$3"; }
    if [[ $anchor == _text && $arch == arm ]]; then
        # arm: "Kernel code" is [_text, __init_begin) and "Kernel data" [_sdata, _end), with
        # __init_end = _sdata (arch/arm/kernel/vmlinux.lds.S, v6.1).
        local code_end
        code_end=$(awk -F' : ' '$2=="Kernel code"{split($1,a,"-"); gsub(/ /,"",a[2]); print a[2]; exit}' "$iomem")
        emit T "$code_start" _text
        emit T "$(printf %x $((16#$code_end + 1)))" __init_begin
        emit D "$(awk -F' : ' '$2=="Kernel data"{split($1,a,"-"); gsub(/ /,"",a[1]); print a[1]; exit}' "$iomem")" __init_end
    fi
    local name lo hi
    while IFS='|' read -r name lo hi; do
        case $name in
        "Kernel data")   emit D "$lo" _sdata; emit B "$(printf %x $((16#$hi + 1)))" "$(grep -q ': Kernel bss$' "$iomem" && echo _edata || echo _end)" ;;
        "Kernel rodata") emit R "$lo" __start_rodata; emit R "$(printf %x $((16#$hi + 1)))" __end_rodata ;;
        "Kernel bss")    emit B "$lo" __bss_start; emit B "$(printf %x $((16#$hi + 1)))" __bss_stop ;;
        esac
    done < <(awk -F' : ' '$2 ~ /^Kernel (data|rodata|bss)$/ && !seen[$2]++ {split($1,a,"-"); gsub(/ /,"",a[1]); print $2 "|" a[1] "|" a[2]}' "$iomem")
}

# The memory lines of a case, a few KB: golden input for tests that do not run QEMU.
trim_log() {
    local d=$1
    local pat='Linux version|Machine model|Kernel command line|[Mm]emory|cma|CMA|Zone ranges|^(\[ *[0-9.]+\] )?  (DMA|DMA32|Normal|HighMem|Movable|node)|Movable zone|Early memory|Initmem|On node|zonelists|mobility|[Rr]eserved|percpu|hugetlb|HugeTLB|e820|swiotlb|software IO TLB|hash table entries|Freeing|crashkernel|NUMA|NODE_DATA|log_buf|initramfs|initrd|zone|min_free|khugepaged|kfence|page_ext|DMA: preallocated|ramp'
    echo "# memgate qemu-check $(basename "$d"): $(cat "$d/kernel")"
    echo "# qemu: $(sed "s#$cache#\$MG_CACHE#g; s#$out#\$OUT#g" "$d/qemu.cmd")"
    for s in cmdline min_free_kbytes meminfo zoneinfo vm sysctl cma kallsyms; do
        [[ -f $d/$s ]] || continue
        echo "@@MG-BEGIN $s"
        if [[ $s == zoneinfo ]]; then
            # Drop the per-CPU pageset blocks; every other zoneinfo line stays.
            awk '/^ +pagesets/{skip=1; next} skip && /^ +node_unreclaimable/{skip=0} !skip' "$d/$s"
        else
            cat "$d/$s"
        fi
        echo "@@MG-END"
    done
    if [[ -f $d/dmesg ]]; then
        echo "@@MG-BEGIN dmesg"; grep -E "$pat" "$d/dmesg" || true; echo "@@MG-END"
    fi
    for w in anon pipe; do
        [[ -f $d/ramp-$w ]] || continue
        echo "@@MG-BEGIN ramp-$w"; grep '^@@MG-RAMP' "$d/ramp-$w" || tail -2 "$d/ramp-$w"; echo "@@MG-END"
        if [[ -f $d/dmesg-$w ]]; then
            # The OOM report: from "invoked oom-killer" to "Killed process" (first report).
            echo "@@MG-BEGIN dmesg-$w"
            awk '/invoked oom-killer/{on=1; body=1}
                 on && /Unreclaimable slab info|Tasks state/{body=0}
                 on && body && /^(\[ *[0-9.]+\] )? ?(cpuset=|CPU: |Hardware name|Call [Tt]race| *\? |R[A-Z0-9]+: |<\/?TASK>|Code: |[a-z0-9_.+]+\+0x[0-9a-f]+\/0x|[A-Z0-9]+: [0-9a-f]{4}|[a-z0-9]+ ?: [0-9a-f]{16})/{next}
                 on && (body || /oom-kill:|Out of memory|Killed process|oom_reaper/){print}
                 on && /oom_reaper/{exit}' "$d/dmesg-$w"
            echo "@@MG-END"
        fi
    done
}

# ---- initramfs per arch -----------------------------------------------------------------------
build_initrd() {
    local arch=$1 bb cc; local w=$out/_initrd/$arch
    if [[ $arch == arm64 ]]; then bb=$cache/busybox-arm64/busybox; cc=aarch64-linux-gnu-gcc
    elif [[ $arch == armhf ]]; then bb=$cache/busybox-armhf/busybox; cc=arm-linux-gnueabihf-gcc
    else bb=/bin/busybox; cc=gcc; fi
    [[ -x $bb ]] || { echo "qemu-check: $bb missing (make qemu-kernels / qemu-deps)" >&2; return 1; }
    file -L "$bb" | grep -q 'statically linked' || { echo "qemu-check: $bb is not static" >&2; return 1; }
    rm -rf "$w"; mkdir -p "$w/bin" "$w/proc" "$w/sys" "$w/dev" "$w/tmp"
    cp "$bb" "$w/bin/busybox"
    cp "$here/init" "$w/init"; chmod 755 "$w/init"
    $cc -static -O2 -Wall -Wextra -Werror -o "$w/ramp" "$here/ramp.c"
    (cd "$w" && find . | sort | cpio -o -H newc --quiet --reproducible 2>/dev/null || find . | sort | cpio -o -H newc --quiet) \
        | gzip -9n >"$out/_initrd/$arch.cpio.gz"
}

# ---- summary ----------------------------------------------------------------------------------
kv() { awk -v k="$1" '$1==k":"{print $2}' "$2" 2>/dev/null; }
summarize() {
    set +e +o pipefail; local verify=0
    if [[ -x $memgate ]] && "$memgate" --help 2>&1 | grep -q 'verify BOARD'; then verify=1; fi
    printf '%-22s %-18s %6s %9s %9s %-34s %7s %-4s %7s %9s %9s %s\n' \
        case kernel wall_s MemTotal CmaTotal "cma/pool base" minfree grp totpg anon_kb pipe_kb zones:present/managed/min/low/high/cma_pages
    local fail=0 name d; local -a vfail=()
    for name in "$@"; do
        d=$out/$name
        local mt ct base mf grp anon pipe zones pb
        mt=$(kv MemTotal "$d/meminfo"); ct=$(kv CmaTotal "$d/meminfo")
        base=$(grep -oE 'cma: Reserved [0-9]+ MiB at 0x[0-9a-f]+|created CMA memory pool at 0x[0-9a-f]+, size [0-9]+ MiB' "$d/dmesg" 2>/dev/null |
               awk '/^cma/{print $3"M@"$6} /^created/{sub(/,$/,"",$6); print "dt:"$8"M@"$6}' | paste -sd, -)
        grep -q 'cma: Failed' "$d/dmesg" 2>/dev/null && base="${base:+$base,}FAILED"
        mf=$(cat "$d/min_free_kbytes" 2>/dev/null || echo -)
        grp=$(grep -oE 'mobility grouping (on|off)' "$d/dmesg" 2>/dev/null | awk '{print $3}')
        pb=$(grep -oE 'Total pages: [0-9]+' "$d/dmesg" 2>/dev/null | awk '{print $3}')
        # anon: the OOM report's anon-rss of the killed ramp (exact); pipe: bytes in pipes.
        anon=$(grep -oE 'Killed process [0-9]+ \(ramp\).*anon-rss:[0-9]+' "$d/dmesg-anon" 2>/dev/null | head -1 | sed 's/.*anon-rss://')
        [[ -n $anon ]] || anon=$(grep -oE 'reached_kb=[0-9]+' "$d/ramp-anon" 2>/dev/null | cut -d= -f2)
        pipe=$(grep -oE 'reached_kb=[0-9]+' "$d/ramp-pipe" 2>/dev/null | cut -d= -f2)
        zones=$(awk '/^Node [0-9]+, zone/{z=$4} z && $1=="present"{p=$2} z && $1=="managed"{m=$2}
                     z && $1=="min"{mi=$2} z && $1=="low"{lo=$2} z && $1=="high"{hi=$2}
                     z && $1=="nr_free_cma"{c=$2}
                     z && $1=="cma"{c=$2}
                     z && /^ +protection/{ if (p>0) printf "%s:%s/%s/%s/%s/%s/%s ", z,p,m,mi,lo,hi,c; z=""; c="" }' "$d/zoneinfo" 2>/dev/null)
        printf '%-22s %-18s %6s %9s %9s %-34s %7s %-4s %7s %9s %9s %s\n' "$name" \
            "$(cut -c1-18 "$d/kernel" 2>/dev/null)" "$(cat "$d/wall_seconds" 2>/dev/null)" \
            "${mt:--}" "${ct:--}" "${base:--}" "$mf" "${grp:--}" "${pb:--}" "${anon:--}" "${pipe:--}" "$zones"
        [[ $(cat "$d/status" 2>/dev/null) == ok ]] || { echo "  $name: $(cat "$d/status" 2>/dev/null || echo 'not run')"; fail=1; }
    done
    if [[ $verify == 1 ]]; then
        echo; echo "memgate verify (predicted vs observed):"
        for name in "$@"; do
            d=$out/$name
            [[ $(cat "$d/status" 2>/dev/null) == ok ]] || continue
            local -a extra=()
            [[ -s $d/sysctl ]] && extra+=(--sysctl-dump "$d/sysctl")
            "$memgate" --help 2>&1 | grep -q -- '--e820' && [[ -s $d/board/e820 ]] && extra+=(--e820 "$d/board/e820")
            # How far the workloads got against the predicted capacity (3 %): the anon ramp's
            # OOM kill, the pipe ramp's total, the meminfo taken just before each ramp.
            if "$memgate" --help 2>&1 | grep -q -- '--oom-log'; then
                local ppipe
                ppipe=$(grep -oE 'reached_kb=[0-9]+' "$d/ramp-pipe" 2>/dev/null | cut -d= -f2)
                if grep -q 'anon-rss:' "$d/dmesg-anon" 2>/dev/null; then
                    extra+=(--oom-log "$d/dmesg-anon")
                    [[ -s $d/before-anon ]] && extra+=(--meminfo-before "$d/before-anon")
                elif [[ -n $ppipe && -s $d/before-pipe ]]; then
                    extra+=(--meminfo-before "$d/before-pipe")
                fi
                [[ -n $ppipe ]] && extra+=(--unmovable-reach "${ppipe}K")
            fi
            echo "== $name ($(cat "$d/kernel"), $(cat "$d/cmdline" 2>/dev/null))"
            local vrc=0
            "$memgate" verify "$d/board" --dmesg "$d/dmesg" --meminfo "$d/meminfo" \
                --zoneinfo "$d/zoneinfo" "${extra[@]}" >"$d/verify.txt" 2>&1 || vrc=$?
            cat "$d/verify.txt"
            if [[ $vrc != 0 ]]; then
                echo "  $name: memgate verify exit $vrc"; vfail+=("$name")
            fi
        done
        if [[ ${#vfail[@]} != 0 ]]; then
            echo "memgate verify: ${#vfail[@]} of $# cases outside tolerance: ${vfail[*]}"
            [[ ${QEMU_ALLOW_MISMATCH:-0} == 1 ]] && echo "(QEMU_ALLOW_MISMATCH=1: not failing)" || fail=1
        else
            echo "memgate verify: all $# cases within tolerance"
        fi
    else
        echo "(memgate verify not available yet: observed values only)"
    fi
    return $fail
}

# ---- main -------------------------------------------------------------------------------------
if [[ ${1:-} == --one ]]; then run_case "$2"; exit; fi
if [[ ${1:-} == --summary ]]; then shift; summarize "$@"; exit; fi
kernels_only=0
if [[ ${1:-} == --kernels ]]; then shift; kernels_only=1; fi

cases=("$@")
if [[ ${#cases[@]} == 0 && -n ${QEMU_CASES:-} ]]; then IFS=, read -r -a cases <<<"$QEMU_CASES"; fi
if [[ ${#cases[@]} == 0 ]]; then
    for c in "$here"/cases/*/case.conf; do cases+=("$(basename "$(dirname "$c")")"); done
fi
for c in "${cases[@]}"; do [[ -f $here/cases/$c/case.conf ]] || { echo "qemu-check: no case '$c'" >&2; exit 2; }; done
if [[ ${kernels_only:-0} == 1 ]]; then
    # The kernels these cases boot, as KERNEL:ARCH (kernels.sh fetches and builds only those).
    for c in "${cases[@]}"; do (ARCH=arm64 KERNEL=debian; . "$here/cases/$c/case.conf"; echo "$KERNEL:$ARCH"); done | sort -u
    exit 0
fi
arches=$(for c in "${cases[@]}"; do (ARCH=arm64; . "$here/cases/$c/case.conf"; echo "$ARCH"); done | sort -u)
for a in $arches; do build_initrd "$a"; done
t0=$(date +%s)
# Longest cases first (the ones with workloads), two VMs at a time.
order=$(for c in "${cases[@]}"; do
    w=$(. "$here/cases/$c/case.conf"; echo "${WORKLOAD:-none}")
    r=$(. "$here/cases/$c/case.conf"; echo "${RAM:-1G}")
    echo "$([[ $w == none ]] && echo 1 || echo 0) $r $c"; done | sort -k1,1n -k2,2hr | awk '{print $3}')
printf '%s\n' $order | xargs -P "$jobs" -I{} "$0" --one {} || true
echo "qemu-check: ${#cases[@]} cases in $(( $(date +%s) - t0 )) s wall"
summarize "${cases[@]}"
