# make qemu-check: the model against real kernels booted under QEMU (tests/qemu/run.sh).
#   make qemu-deps      apt-get install QEMU, busybox-static, cpio, the arm64/armhf cross compilers and
#                       linux-source-6.1 + its build tools (only what is missing)
#   make qemu-kernels   the Debian kernels and minimal arm64 builds the selected cases boot, cached
#                       in $(MG_CACHE) (outside the clone; a warm cache neither downloads nor builds)
#   make qemu-check     every case in tests/qemu/cases (QEMU_CASES=a,b picks some); writes
#                       build/qemu/<case>/ and refreshes tests/qemu/logs/<case>.log; runs
#                       `memgate verify` per case and fails on a mismatch (QEMU_ALLOW_MISMATCH=1: report only)
QEMU_DEB_PKGS := qemu-system-arm qemu-system-x86 busybox-static cpio gcc-aarch64-linux-gnu \
                 libc6-dev-arm64-cross gcc-arm-linux-gnueabihf libc6-dev-armhf-cross linux-source-6.1 flex bison bc libssl-dev libelf-dev \
                 device-tree-compiler file xz-utils
MG_CACHE ?= $(HOME)/.cache/memgate
# 1 = print `memgate verify` mismatches without failing (boot failures still fail).
QEMU_ALLOW_MISMATCH ?= 0
export MG_CACHE QEMU_ALLOW_MISMATCH

.PHONY: qemu-deps qemu-kernels qemu-check
qemu-deps:
	@missing=""; for p in $(QEMU_DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make qemu-deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# Only the kernels the selected cases boot (QEMU_CASES; all of them by default).
qemu-kernels: qemu-deps
	@tests/qemu/kernels.sh $$(QEMU_CASES="$(QEMU_CASES)" tests/qemu/run.sh --kernels)

qemu-check: qemu-kernels
	@$(MAKE) --no-print-directory $(B)/memgate >/dev/null 2>&1 || \
	  echo "qemu-check: memgate does not build yet; observed values only"
	@MEMGATE=$(CURDIR)/$(B)/memgate QEMU_CASES="$(QEMU_CASES)" tests/qemu/run.sh

# make check boots one case per kind of kernel and feature family live (the incident on 64 KiB
# pages, 4K arm64 with a DT pool bypassed by cma=, hugetlb_cma, x86 from e820, armhf HighMem,
# Debian 11's 5.10 and Debian 13's 6.12); every boot in tests/boots also runs offline in every
# test pass, and `make qemu-check` boots them all.
QEMU_CHECK_CASES := 64k-2g-cma512,ram-2g,dt-cma-cmdline,hugetlb-cma,amd64-1g,armhf-2g-cma,v5.10-2g,v6.12-hugetlb-cma
.PHONY: qemu-check-quick
qemu-check-quick:
	@$(MAKE) --no-print-directory qemu-check QEMU_CASES=$(QEMU_CHECK_CASES)
CHECK_EXTRA += qemu-check-quick
