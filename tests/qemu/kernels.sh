#!/usr/bin/env bash
# qemu-kernels: fetch Debian's real arm64/amd64/armhf kernels (bookworm 6.1; arm64/amd64 also
# bullseye 5.10 and trixie 6.12) and build the 64 KiB-page arm64 kernel.
# Everything is cached under $MG_CACHE (default ~/.cache/memgate), outside the clone, so a fresh
# clone on the same machine neither downloads nor rebuilds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cache=${MG_CACHE:-$HOME/.cache/memgate}
mkdir -p "$cache"

# 1. Debian's generic kernels (vmlinuz, config; the packaged System.map is a stub).
fetch=${FETCH_KERNEL_CORPUS:-}
if [[ -z $fetch ]]; then
    for f in "$here/../../../shared/tools/fetch-kernel-corpus" /work/shared/tools/fetch-kernel-corpus; do
        [[ -x $f ]] && { fetch=$f; break; }
    done
fi
if [[ -n $fetch ]]; then
    "$fetch" "$cache/corpus" arm64 amd64 armhf
else
    # Same per-arch apt trick as fetch-kernel-corpus, without the tool.
    for arch in arm64 amd64 armhf; do
        out=$cache/corpus/$arch
        [[ -s $out/VERSION ]] && { echo "$arch: have $(cat "$out/VERSION")"; continue; }
        lists=$(mktemp -d); work=$(mktemp -d); mkdir -p "$lists/partial"
        o=(-oAPT::Architecture="$arch" -oAPT::Architectures="$arch" -oDir::State::Lists="$lists" -oDebug::NoLocking=1)
        apt-get "${o[@]}" update >/dev/null 2>&1 || true
        meta=linux-image-$arch; [[ $arch == armhf ]] && meta=linux-image-armmp
        pkg=$(apt-cache "${o[@]}" depends "$meta" | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
        (cd "$work" && apt-get "${o[@]}" download "$pkg" >/dev/null)
        dpkg -x "$work"/*.deb "$work/x"
        mkdir -p "$out"
        cp "$work"/x/boot/config-* "$out/config"; cp "$work"/x/boot/System.map-* "$out/System.map"
        cp "$work"/x/boot/vmlinuz-* "$out/vmlinuz"; dpkg-deb -f "$work"/*.deb Version >"$out/VERSION"
        rm -rf "$lists" "$work"
    done
fi

# 1b. Debian 12's armhf LPAE kernel (linux-image-armmp-lpae: 3-level page tables, 64-bit
#     phys_addr_t, RAM above 4 GiB) in $cache/armmp-lpae/{vmlinuz,config,VERSION}: a private apt
#     lists dir with APT::Architecture=armhf, as for busybox below.
lpae=$cache/armmp-lpae
if [[ ! -s $lpae/VERSION || ! -s $lpae/vmlinuz ]]; then
    lists=$(mktemp -d); work=$(mktemp -d); mkdir -p "$lists/partial"
    o=(-oAPT::Architecture=armhf -oAPT::Architectures=armhf -oDir::State::Lists="$lists" -oDebug::NoLocking=1 -oAPT::Sandbox::User=root)
    apt-get "${o[@]}" update >/dev/null 2>&1 || true
    pkg=$(apt-cache "${o[@]}" depends linux-image-armmp-lpae | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
    [[ -n $pkg ]] || { echo "qemu-kernels: no linux-image-armmp-lpae" >&2; exit 1; }
    (cd "$work" && apt-get "${o[@]}" download "$pkg" >/dev/null)
    dpkg -x "$work"/*.deb "$work/x"
    mkdir -p "$lpae"
    cp "$work"/x/boot/config-* "$lpae/config"; cp "$work"/x/boot/vmlinuz-* "$lpae/vmlinuz"
    dpkg-deb -f "$work"/*.deb Version >"$lpae/VERSION"
    rm -rf "$lists" "$work"
    echo "armmp-lpae: $(cat "$lpae/VERSION")"
fi

# 2. Debian's kernels of other releases, so the per-version table is checked by real boots and
#    not only by 6.1: bullseye (5.10) and trixie (6.12).
#    A private sources list and lists dir: the system's apt configuration is not touched.
#    Laid out like the corpus: $cache/debian-<suite>/<arch>/{vmlinuz,config,VERSION}.
fetch_release() {
    local suite=$1; shift
    local arch out lists work pkg
    for arch in "$@"; do
        out=$cache/debian-$suite/$arch
        [[ -s $out/VERSION && -s $out/vmlinuz ]] && { echo "$suite/$arch: have $(cat "$out/VERSION")"; continue; }
        lists=$(mktemp -d); work=$(mktemp -d); mkdir -p "$lists/lists/partial" "$lists/cache/archives/partial"
        echo "deb http://deb.debian.org/debian $suite main" >"$lists/sources.list"
        local -a o=(-oAPT::Architecture="$arch" -oAPT::Architectures="$arch" -oDir::State::Lists="$lists/lists"
                    -oDir::Etc::SourceList="$lists/sources.list" -oDir::Etc::SourceParts=/nonexistent
                    -oDir::Cache="$lists/cache" -oDebug::NoLocking=1 -oAPT::Sandbox::User=root -oAcquire::Retries=3)
        apt-get "${o[@]}" update >/dev/null
        pkg=$(apt-cache "${o[@]}" depends "linux-image-$arch" | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
        [[ -n $pkg ]] || { echo "qemu-kernels: no linux-image-$arch in $suite" >&2; exit 1; }
        (cd "$work" && apt-get "${o[@]}" download "$pkg" >/dev/null)
        dpkg -x "$work"/*.deb "$work/x"
        mkdir -p "$out"
        cp "$work"/x/boot/config-* "$out/config"; cp "$work"/x/boot/vmlinuz-* "$out/vmlinuz"
        dpkg-deb -f "$work"/*.deb Version >"$out/VERSION"
        rm -rf "$lists" "$work"
        echo "$suite/$arch: $(cat "$out/VERSION")"
    done
}
fetch_release bullseye arm64 amd64
fetch_release trixie arm64 amd64

# 3. Static busybox for arm64 and armhf (amd64 uses the host's busybox-static), without touching
#    the system's architecture list: a private apt lists dir with APT::Architecture=<arch>.
for bbarch in arm64 armhf; do
    bb=$cache/busybox-$bbarch/busybox
    [[ -x $bb ]] && continue
    lists=$(mktemp -d); work=$(mktemp -d); mkdir -p "$lists/partial"
    o=(-oAPT::Architecture=$bbarch -oAPT::Architectures=$bbarch -oDir::State::Lists="$lists" -oDebug::NoLocking=1)
    apt-get "${o[@]}" update >/dev/null 2>&1 || true
    (cd "$work" && apt-get "${o[@]}" download busybox-static >/dev/null)
    dpkg -x "$work"/busybox-static_*.deb "$work/x"
    mkdir -p "$(dirname "$bb")"; cp "$work/x/bin/busybox" "$bb"
    rm -rf "$lists" "$work"
    echo "busybox $bbarch: $(file -b "$bb" | cut -c1-60)"
done

# 4. Minimal arm64 kernels built from Debian's kernel sources: allnoconfig + fragments (a later
#    fragment overrides an earlier one), keyed by the fragments and the source version, in
#    $cache/kernel-<name>/<key>/ with `current` linking to it.
#      64k-6.1   the incident's page size (linux-source-6.1, installed by qemu-deps)
#      64k-5.10  the same on Debian 11's 5.10 (pre-5.18 CMA alignment, as the incident's 5.4)
#      16k-6.12  16 KiB pages on Debian 13's 6.12 (32 MiB pageblocks and vmemmap PMD blocks)
# Sources other than 6.1 come from their release with `apt-get download linux-source-X`
# (private lists, nothing installed), only the tarball kept: $cache/src/linux-source-X.tar.xz.
fetch_source() {
    local suite=$1 ver=$2 tar=$cache/src/linux-source-$2.tar.xz
    [[ -s $tar && -s $tar.version ]] && return 0
    local lists work
    lists=$(mktemp -d); work=$(mktemp -d); mkdir -p "$lists/lists/partial" "$lists/cache/archives/partial" "$cache/src"
    echo "deb http://deb.debian.org/debian $suite main" >"$lists/sources.list"
    local -a o=(-oDir::State::Lists="$lists/lists" -oDir::Etc::SourceList="$lists/sources.list"
                -oDir::Etc::SourceParts=/nonexistent -oDir::Cache="$lists/cache" -oDebug::NoLocking=1
                -oAPT::Sandbox::User=root -oAcquire::Retries=3)
    apt-get "${o[@]}" update >/dev/null
    echo "kernel sources: downloading linux-source-$ver from $suite"
    (cd "$work" && apt-get "${o[@]}" download "linux-source-$ver" >/dev/null)
    dpkg-deb --fsys-tarfile "$work"/linux-source-"$ver"_*.deb | tar -xO "./usr/src/linux-source-$ver.tar.xz" >"$tar.tmp"
    mv "$tar.tmp" "$tar"
    dpkg-deb -f "$work"/linux-source-"$ver"_*.deb Version >"$tar.version"
    rm -rf "$lists" "$work"
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

build_kernel 64k-6.1 /usr/src/linux-source-6.1.tar.xz "$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null)" \
    "$here/kernel-64k.fragment"
fetch_source bullseye 5.10
build_kernel 64k-5.10 "$cache/src/linux-source-5.10.tar.xz" "$(cat "$cache/src/linux-source-5.10.tar.xz.version")" \
    "$here/kernel-64k.fragment"
fetch_source trixie 6.12
build_kernel 16k-6.12 "$cache/src/linux-source-6.12.tar.xz" "$(cat "$cache/src/linux-source-6.12.tar.xz.version")" \
    "$here/kernel-64k.fragment" "$here/kernel-16k.fragment"
