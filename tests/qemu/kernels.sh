#!/usr/bin/env bash
# qemu-kernels: fetch Debian's real arm64/amd64/armhf kernels and build the 64 KiB-page arm64 kernel.
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

# 2. Static busybox for arm64 and armhf (amd64 uses the host's busybox-static), without touching
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

# 3. The 64 KiB-page kernel from Debian's linux-source-6.1, keyed by the fragment's hash.
src_tar=/usr/src/linux-source-6.1.tar.xz
key=$( (cat "$here/kernel-64k.fragment"; dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null) | sha256sum | cut -c1-16)
out=$cache/kernel-64k-6.1/$key
if [[ -s $out/Image ]]; then
    echo "kernel-64k: have $out"
else
    [[ -r $src_tar ]] || { echo "qemu-kernels: $src_tar missing (make qemu-deps)" >&2; exit 1; }
    bdir=$cache/kernel-64k-6.1/build
    if [[ ! -f $bdir/Makefile ]]; then
        rm -rf "$bdir"; mkdir -p "$bdir"
        echo "kernel-64k: unpacking $src_tar"
        tar -xJf "$src_tar" -C "$bdir" --strip-components=1
    fi
    echo "kernel-64k: configuring and building (cold: several minutes)"
    mk=(make -C "$bdir" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- -j"$(nproc)")
    (cd "$bdir" && ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- \
        scripts/kconfig/merge_config.sh -n "$here/kernel-64k.fragment" >/dev/null)
    # Every fragment line must have survived allnoconfig's dependency resolution.
    while read -r line; do
        case $line in CONFIG_*=*) grep -qx "$line" "$bdir/.config" || { echo "kernel-64k: $line did not stick" >&2; exit 1; } ;; esac
    done <"$here/kernel-64k.fragment"
    "${mk[@]}" Image >"$cache/kernel-64k-6.1/build.log" 2>&1 || { tail -30 "$cache/kernel-64k-6.1/build.log" >&2; exit 1; }
    mkdir -p "$out"
    cp "$bdir/arch/arm64/boot/Image" "$out/Image"
    cp "$bdir/.config" "$out/config"
    cp "$bdir/System.map" "$out/System.map"
    make -s -C "$bdir" kernelrelease >"$out/VERSION" 2>/dev/null || true
    echo "kernel-64k: built $out"
fi
ln -sfn "$out" "$cache/kernel-64k-6.1/current"
