#!/bin/sh
# Regenerate the committed seed corpora tests/fuzz/corpus/<target>/ from boards/, tests/data/
# and tests/bad/ (dtc compiles the DTS inputs).  Run from the repository root; review the diff.
# Keep the total under 2 MB: big kernel.configs and padded DTBs are left out or repacked.
set -eu
C=tests/fuzz/corpus
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
rm -rf "$C"; for d in dtb overlay cmdline kconfig sysmap profile manifest policy sysctl logs oom pipeline; do mkdir -p "$C/$d"; done

dtb() { dtc -q -I "$1" -O dtb -o "$3" "$2"; }   # dtc -q -I dts|dtb -O dtb (repacked, no padding)
# u32 little-endian
le32() { printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)))"; }

# --- dtb: every DTS in tests/data and the boards, the shipped DTBs repacked
for f in tests/data/dt/board.dts tests/data/dt/mem1.dts tests/data/dt/dma_hostile.dts \
	 tests/data/dt/bad_cells.dts tests/data/dt/bad_overflow.dts tests/data/dt/bad_reg.dts \
	 tests/data/model/*/board.dts tests/data/board/minimal/board.dts boards/e2000q/board.dts; do
	n=$(echo "$f" | tr / _); dtb dts "$f" "$C/dtb/${n%.dts}.dtb" || true
done
for b in rpi4b cubietruck imx8mp-tqma8mpql qemu-virt-arm64-2g; do dtb dtb boards/$b/board.dtb "$C/dtb/$b.dtb"; done
for d in tests/bad/dtb-*; do for f in "$d"/*.dtb; do [ -f "$f" ] && cp "$f" "$C/dtb/bad_$(basename "$d").dtb"; done; done

# --- overlay: [u32 base length][base DTB with __symbols__][overlay DTB]
pair() { # base.dts|dtb overlay.dts out
	case $1 in *.dtb) dtc -q -@ -I dtb -O dtb -o "$t/b" "$1";; *) dtc -q -@ -I dts -O dtb -o "$t/b" "$1";; esac
	dtc -q -@ -I dts -O dtb -o "$t/o" "$2"
	{ le32 "$(wc -c <"$t/b")"; cat "$t/b" "$t/o"; } >"$3"
}
pair tests/data/dt/board.dts tests/data/dt/ovl.dtso "$C/overlay/data-ovl"
pair tests/data/dt/board.dts tests/data/dt/ovl_bad.dtso "$C/overlay/data-ovl-bad" || true
pair tests/data/board/minimal/board.dts tests/data/board/minimal/overlays/10-bootargs.dtso "$C/overlay/minimal"
for b in rpi4b cubietruck; do
	for o in boards/$b/overlays/*.dts; do pair boards/$b/board.dtb "$o" "$C/overlay/$b-$(basename "$o" .dts)"; done
done

# --- cmdline: byte 0 = config/source selector, then bootloader line, NUL, DT bootargs
i=0
for f in boards/*/cmdline tests/data/cmdline/*; do
	{ printf "\\$(printf %03o $((i % 5)))"; grep -v '^#' "$f" | tr '\n' ' '; printf '\0root=/dev/mmcblk0p2 cma=32M'; } >"$C/cmdline/file$i"; i=$((i + 1))
done
for l in 'cma=64M@0x80000000-0xc0000000 cma=0x1000000' 'crashkernel=512M-2G:64M,2G-:128M@16M' \
	 'crashkernel=256M,high crashkernel=72M,low' 'memmap=exactmap memmap=640K@0 memmap=1G@1M,64M$0x40000000,4K!0x1000,16M#0x2000000' \
	 'memmap=4G%4G-1+12 memmap=2G mem=1536M hugepages=16 hugepagesz=1G swiotlb=65536,force' \
	 '"quoted arg=with space" -- init args here' 'sysctl.vm.min_free_kbytes=8192 sysctl.vm.watermark_scale_factor=100' \
	 'cma=1E cma=17179869184G coherent_pool=2M log_buf_len=1M nr_cpus=4 transparent_hugepage=always'; do
	{ printf "\\$(printf %03o $((i * 37 % 256)))"; printf '%s' "$l"; } >"$C/cmdline/hand$i"; i=$((i + 1))
done
for d in tests/bad/cma-* tests/bad/crashkernel-* tests/bad/cmdline-long-token; do
	a=$(sed -n "s/.*--cmdline '\\([^']*\\)'.*/\\1/p" "$d/args")
	[ -n "$a" ] && { printf '\001'; printf '%s' "$a"; } >"$C/cmdline/bad_$(basename "$d")"
	[ -f "$d/cmdline" ] && { printf '\001'; cat "$d/cmdline"; } >"$C/cmdline/bad_$(basename "$d")"
done

# --- kconfig: the small configs (the Debian ones are 290 KB each)
cp tests/data/kconfig/*.config boards/e2000q/kernel.config "$C/kconfig/"
cp tests/data/model/configs/arm64-4k-6.12.30.config tests/data/model/configs/arm64-64k-4.19.100.config "$C/kconfig/"
for d in tests/bad/config-*; do for f in "$d"/*; do case $f in *args|*expected.stderr) ;; *) [ -f "$f" ] && cp "$f" "$C/kconfig/bad_$(basename "$d")";; esac; done; done

# --- sysmap
cp boards/e2000q/System.map "$C/sysmap/e2000q"; cp tests/data/sysmap/* "$C/sysmap/"
for f in tests/bad/sysmap-*/*; do case $f in *args|*expected.stderr) ;; *) cp "$f" "$C/sysmap/bad_$(basename "$(dirname "$f")")";; esac; done

# --- profile, manifest, policy, sysctl: YAML/text inputs, good and bad
for b in boards/*/; do b=${b%/}; cp $b/profile.yaml "$C/profile/$(basename $b)"; cp $b/board.yaml "$C/manifest/$(basename $b)"; done
cp tests/data/profile/* "$C/profile/"; cp tests/data/board/minimal/board.yaml "$C/manifest/minimal"
for f in tests/bad/profile-*/*.yaml; do [ -f "$f" ] && cp "$f" "$C/profile/bad_$(basename "$(dirname "$f")")"; done
for f in tests/bad/board-yaml-*/*/board.yaml tests/bad/board-yaml-*/board.yaml; do [ -f "$f" ] && cp "$f" "$C/manifest/bad_$(echo "$f" | cut -d/ -f3)"; done
cp tests/data/policy/* "$C/policy/"
for f in tests/bad/policy-*/*.yaml; do [ -f "$f" ] && cp "$f" "$C/policy/bad_$(basename "$(dirname "$f")")"; done
cp boards/e2000q/sysctl.conf "$C/sysctl/e2000q"; cp tests/data/sysctl/* "$C/sysctl/"
for f in tests/bad/sysctl-*/*.conf; do [ -f "$f" ] && cp "$f" "$C/sysctl/bad_$(basename "$(dirname "$f")")"; done

# --- logs: dmesg, meminfo, zoneinfo, sysctl dumps
cp tests/data/logs/dmesg-* tests/data/logs/meminfo-* tests/data/logs/zoneinfo-* tests/data/logs/sysctl-* \
   tests/data/logs/e2000q-cma-dmesg.log tests/data/verify/e2000q-* "$C/logs/"

# --- oom: byte 0 = explain options, then the log
i=0; for f in tests/data/logs/oom-* tests/data/logs/e2000q-oom.log; do
	{ printf "\\$(printf %03o $((i * 53 % 256)))"; cat "$f"; } >"$C/oom/$(basename "$f")"; i=$((i + 1))
done

# --- pipeline: board selector, flags, 8-byte RAM, cmdline, NUL, DTB
i=0; for b in e2000q cubietruck imx8mp-tqma8mpql qemu-virt-arm64-2g rpi4b; do
	if [ -f boards/$b/board.dts ]; then dtb dts boards/$b/board.dts "$t/d"; else dtb dtb boards/$b/board.dtb "$t/d"; fi
	for fl in 1 15; do
		{ printf "\\$(printf %03o $i)\\$(printf %03o $fl)"; printf '\000\000\000\200\000\000\000\000';
		  grep -v '^#' boards/$b/cmdline | tr '\n' ' '; printf '\0'; cat "$t/d"; } >"$C/pipeline/$b-$fl"
	done
	i=$((i + 1))
done
du -sh "$C"
