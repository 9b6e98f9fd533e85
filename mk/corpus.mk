# Shipped boards and the real-kernel corpus.
#   make boards-check   every boards/*/: board.dts compiles or board.dtb decompiles (dtc) or, on
#                       x86, an e820 file holds BIOS-e820: lines; every
#                       overlays/*.dts compiles with -@ and applies to the board's tree
#                       (fdtoverlay), and kernel.config, profile.yaml, SOURCE.md are present.
#                       Checks the inputs themselves, not memgate; runs in every `make test`.
#   make corpus         Debian's arm64/armhf kernel config, DTBs and images in $(MG_CACHE)/corpus
#                       (../shared/tools/fetch-kernel-corpus; a present VERSION is kept).
MG_CACHE ?= $(HOME)/.cache/memgate
CORPUS_DIR ?= $(MG_CACHE)/corpus
FETCH_CORPUS ?= $(CURDIR)/../shared/tools/fetch-kernel-corpus

.PHONY: boards-check corpus
boards-check:
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; fail=0; n=0; \
	for d in boards/*/; do \
	  d=$${d%/}; b=$$(basename $$d); n=$$((n+1)); \
	  for f in kernel.config profile.yaml SOURCE.md; do \
	    [ -f $$d/$$f ] || { echo "boards-check: $$d/$$f: missing"; fail=1; }; \
	  done; \
	  if [ -f $$d/board.dts ]; then \
	    dtc -q -I dts -O dtb -o $$tmp/$$b.dtb $$d/board.dts || { echo "boards-check: $$d/board.dts: dtc failed"; fail=1; continue; }; \
	  elif [ -f $$d/board.dtb ]; then \
	    dtc -q -I dtb -O dts -o /dev/null $$d/board.dtb && cp $$d/board.dtb $$tmp/$$b.dtb || { echo "boards-check: $$d/board.dtb: does not decompile"; fail=1; continue; }; \
	  elif [ -f $$d/e820 ]; then \
	    grep -q 'BIOS-e820:' $$d/e820 || { echo "boards-check: $$d/e820: no BIOS-e820: lines"; fail=1; }; continue; \
	  else echo "boards-check: $$d: no board.dts, board.dtb or e820"; fail=1; continue; fi; \
	  for o in $$(ls $$d/overlays/*.dts 2>/dev/null | sort); do \
	    dtc -q -@ -I dts -O dtb -o $$tmp/o.dtbo $$o && \
	    fdtoverlay -i $$tmp/$$b.dtb -o $$tmp/$$b.dtb $$tmp/o.dtbo || { echo "boards-check: $$o: does not apply"; fail=1; }; \
	  done; \
	done; \
	[ $$fail = 0 ] && echo "boards-check: $$n boards ok"; exit $$fail

corpus:
	@$(FETCH_CORPUS) $(CORPUS_DIR) arm64 armhf

EXTRA_TESTS += boards-check
