#!/usr/bin/env bash
# qemu-kernels: fetch Debian's real kernels (bookworm 6.1 arm64/amd64/armhf/armhf-LPAE; bullseye
# 5.10 arm64/amd64/armhf, trixie 6.12 arm64/amd64) and build minimal arm64 kernels with 64 KiB and 16 KiB pages.
# Everything is cached under $MG_CACHE (default ~/.cache/memgate), outside the clone, so a fresh
# clone on the same machine neither downloads nor rebuilds.
#   tests/qemu/kernels.sh [KERNEL:ARCH...]   only what those need (run.sh --kernels); none: all
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${MG_CACHE:-$HOME/.cache/memgate}
mkdir -p "$cache"
wanted=("$@")
# want KERNEL [ARCH]: true when nothing was named or KERNEL (on ARCH) was.
want() {
    [[ ${#wanted[@]} -eq 0 ]] && return 0
    local w
    for w in "${wanted[@]}"; do
        [[ ${w%%:*} == "$1" && ( -z ${2:-} || ${w#*:} == "$2" ) ]] && return 0
    done
    return 1
}

# Every download goes through a private apt: its own lists dir (and, for another release, its own
# sources list), with APT::Architecture=<arch>, so neither the system's apt state nor its
# architecture list changes.  apt_private DIR ARCH [SUITE] sets APT_O; the caller removes DIR.
apt_private() {
    local dir=$1 arch=$2 suite=${3:-}
    mkdir -p "$dir/lists/partial" "$dir/cache/archives/partial"
    APT_O=(-oAPT::Architecture="$arch" -oAPT::Architectures="$arch" -oDir::State::Lists="$dir/lists"
           -oDir::Cache="$dir/cache" -oDebug::NoLocking=1 -oAPT::Sandbox::User=root -oAcquire::Retries=3)
    if [[ -n $suite ]]; then
        echo "deb http://deb.debian.org/debian $suite main" >"$dir/sources.list"
        APT_O+=(-oDir::Etc::SourceList="$dir/sources.list" -oDir::Etc::SourceParts=/nonexistent)
        apt-get "${APT_O[@]}" update >/dev/null
    else
        # the system's own sources may include unrelated ones that fail to refresh
        apt-get "${APT_O[@]}" update >/dev/null 2>&1 || true
    fi
}

# fetch_kernel OUT ARCH SUITE META: the kernel package META depends on, unpacked into OUT as
# config, vmlinuz, VERSION (and System.map, a stub in Debian's packages).
fetch_kernel() {
    local out=$1 arch=$2 suite=$3 meta=$4 tmp pkg
    [[ -s $out/VERSION && -s $out/vmlinuz ]] && { echo "${out#"$cache"/}: have $(cat "$out/VERSION")"; return 0; }
    tmp=$(mktemp -d)
    apt_private "$tmp/apt" "$arch" "$suite"
    pkg=$(apt-cache "${APT_O[@]}" depends "$meta" | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
    [[ -n $pkg ]] || { echo "qemu-kernels: no $meta for $arch${suite:+ in $suite}" >&2; exit 1; }
    (cd "$tmp" && apt-get "${APT_O[@]}" download "$pkg" >/dev/null)
    dpkg -x "$tmp"/*.deb "$tmp/x"
    mkdir -p "$out"
    cp "$tmp"/x/boot/config-* "$out/config"; cp "$tmp"/x/boot/vmlinuz-* "$out/vmlinuz"
    if compgen -G "$tmp/x/boot/System.map-*" >/dev/null; then cp "$tmp"/x/boot/System.map-* "$out/System.map"; fi
    dpkg-deb -f "$tmp"/*.deb Version >"$out/VERSION"
    rm -rf "$tmp"
    echo "${out#"$cache"/}: $(cat "$out/VERSION")"
}

# 1. Debian 12's generic kernels (vmlinuz, config; the packaged System.map is a stub), through
#    fetch-kernel-corpus when it is there.
fetch=${FETCH_KERNEL_CORPUS:-}
if [[ -z $fetch ]]; then
    for f in "$here/../../../shared/tools/fetch-kernel-corpus" /work/shared/tools/fetch-kernel-corpus; do
        [[ -x $f ]] && { fetch=$f; break; }
    done
fi
if ! want debian; then
    :
elif [[ -n $fetch ]]; then
    "$fetch" "$cache/corpus" arm64 amd64 armhf
else
    fetch_kernel "$cache/corpus/arm64" arm64 "" linux-image-arm64
    fetch_kernel "$cache/corpus/amd64" amd64 "" linux-image-amd64
    fetch_kernel "$cache/corpus/armhf" armhf "" linux-image-armmp
fi
# Debian 12's armhf LPAE kernel (3-level page tables, 64-bit phys_addr_t, RAM above 4 GiB).
if want lpae; then fetch_kernel "$cache/armmp-lpae" armhf "" linux-image-armmp-lpae; fi

# 2. Debian's kernels of other releases, so the per-version table is checked by real boots and
#    not only by 6.1: bullseye (5.10) and trixie (6.12), laid out like the corpus.
for suite in bullseye trixie; do
    for arch in arm64 amd64; do
        if want "debian-$suite" "$arch"; then
            fetch_kernel "$cache/debian-$suite/$arch" "$arch" "$suite" "linux-image-$arch"
        fi
    done
done
# Debian 11's armhf too (Debian 13's armhf and riscv64 indexes on this mirror fail their checksums).
if want debian-bullseye armhf; then
    fetch_kernel "$cache/debian-bullseye/armhf" armhf bullseye linux-image-armmp
fi

# 3. Static busybox for arm64 and armhf (amd64 uses the host's busybox-static).
for bbarch in arm64 armhf; do
    bb=$cache/busybox-$bbarch/busybox
    [[ -x $bb ]] && continue
    tmp=$(mktemp -d)
    apt_private "$tmp/apt" "$bbarch"
    (cd "$tmp" && apt-get "${APT_O[@]}" download busybox-static >/dev/null)
    dpkg -x "$tmp"/busybox-static_*.deb "$tmp/x"
    mkdir -p "$(dirname "$bb")"; cp "$tmp/x/bin/busybox" "$bb"
    rm -rf "$tmp"
    echo "busybox $bbarch: $(file -b "$bb" | cut -c1-60)"
done

# 4. Minimal arm64 kernels built from Debian's kernel sources: allnoconfig + fragments (a later
#    fragment overrides an earlier one), keyed by the fragments and the source version, in
#    $cache/kernel-<name>/<key>/ with `current` linking to it.
#      64k-6.1   the incident's page size (linux-source-6.1, installed by qemu-deps)
#      64k-5.10  the same on Debian 11's 5.10 (pre-5.18 CMA alignment, as the incident's 5.4)
#      16k-6.12  16 KiB pages on Debian 13's 6.12 (32 MiB pageblocks, vmemmap in base pages)
#      debug-6.12  4 KiB pages with generic KASAN and PAGE_OWNER on 6.12
# Sources other than 6.1 come from their release with `apt-get download linux-source-X`
# (private lists, nothing installed), only the tarball kept: $cache/src/linux-source-X.tar.xz.
fetch_source() {
    local suite=$1 ver=$2 tar=$cache/src/linux-source-$2.tar.xz tmp
    [[ -s $tar && -s $tar.version ]] && return 0
    tmp=$(mktemp -d); mkdir -p "$cache/src"
    apt_private "$tmp/apt" "$(dpkg --print-architecture)" "$suite"
    echo "kernel sources: downloading linux-source-$ver from $suite"
    (cd "$tmp" && apt-get "${APT_O[@]}" download "linux-source-$ver" >/dev/null)
    dpkg-deb --fsys-tarfile "$tmp"/linux-source-"$ver"_*.deb | tar -xO "./usr/src/linux-source-$ver.tar.xz" >"$tar.tmp"
    mv "$tar.tmp" "$tar"
    dpkg-deb -f "$tmp"/linux-source-"$ver"_*.deb Version >"$tar.version"
    rm -rf "$tmp"
}

build_kernel() {
    local name=$1 src_tar=$2 src_ver=$3; shift 3
    local key out bdir sym want
    key=$( (cat "$@"; echo -n "$src_ver") | sha256sum | cut -c1-16)
    out=$cache/kernel-$name/$key
    if [[ -s $out/Image ]]; then
        echo "kernel-$name: have $out"
    else
        [[ -r $src_tar ]] || { echo "qemu-kernels: $src_tar missing (make qemu-deps)" >&2; exit 1; }
        bdir=$cache/kernel-$name/build
        if [[ ! -f $bdir/Makefile ]]; then
            rm -rf "$bdir"; mkdir -p "$bdir"
            echo "kernel-$name: unpacking $src_tar"
            tar -xJf "$src_tar" -C "$bdir" --strip-components=1
        fi
        echo "kernel-$name: configuring and building (cold: several minutes)"
        (cd "$bdir" && ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- scripts/kconfig/merge_config.sh -n "$@" >/dev/null)
        # Every fragment setting (the last one of each symbol) must have survived allnoconfig's
        # dependency resolution.
        while read -r sym want; do
            case $want in
            y|[0-9]*) grep -qx "$sym=$want" "$bdir/.config" ;;
            n) ! grep -q "^$sym=" "$bdir/.config" ;;
            esac || { echo "kernel-$name: $sym=$want did not stick" >&2; exit 1; }
        done < <(cat "$@" | sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=\(.*\)/\1 \2/p; s/^# \(CONFIG_[A-Z0-9_]*\) is not set/\1 n/p' |
                 awk '{v[$1]=$2; if (!($1 in o)) o[$1]=NR} END {for (k in v) print o[k], k, v[k]}' | sort -n | cut -d' ' -f2-)
        make -C "$bdir" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$(nproc)" Image \
            >"$cache/kernel-$name/build.log" 2>&1 || { tail -30 "$cache/kernel-$name/build.log" >&2; exit 1; }
        mkdir -p "$out"
        cp "$bdir/arch/arm64/boot/Image" "$out/Image"
        cp "$bdir/.config" "$out/config"
        cp "$bdir/System.map" "$out/System.map"
        make -s -C "$bdir" kernelrelease >"$out/VERSION" 2>/dev/null || true
        echo "kernel-$name: built $out"
    fi
    ln -sfn "$out" "$cache/kernel-$name/current"
}

# run.sh's KERNEL=64k is the 6.1 build.
if want 64k; then
    build_kernel 64k-6.1 /usr/src/linux-source-6.1.tar.xz "$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null)" \
        "$here/kernel-64k.fragment"
fi
if want 64k-5.10; then
    fetch_source bullseye 5.10
    build_kernel 64k-5.10 "$cache/src/linux-source-5.10.tar.xz" "$(cat "$cache/src/linux-source-5.10.tar.xz.version")" \
        "$here/kernel-64k.fragment"
fi
if want 16k-6.12 || want debug-6.12; then fetch_source trixie 6.12; fi
if want 16k-6.12; then
    build_kernel 16k-6.12 "$cache/src/linux-source-6.12.tar.xz" "$(cat "$cache/src/linux-source-6.12.tar.xz.version")" \
        "$here/kernel-64k.fragment" "$here/kernel-16k.fragment"
fi
if want debug-6.12; then
    build_kernel debug-6.12 "$cache/src/linux-source-6.12.tar.xz" "$(cat "$cache/src/linux-source-6.12.tar.xz.version")" \
        "$here/kernel-64k.fragment" "$here/kernel-debug.fragment"
fi
