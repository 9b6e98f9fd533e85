# The real-input sweep (tests/sweep/, docs/sweep.md).
#   make sweep        every DTB of Debian's arm64 + armhf kernel packages with its package's real
#                     .config, through one `memgate check --batch` built with ASan+UBSan; fails on
#                     a crash, a sanitizer report or a board with neither verdict nor clear error;
#                     prints the counts and writes docs/sweep.md.
#   sweep-check       (every `make test` pass) the same corpus through the current build in one
#                     batch process, counts printed, no doc written; skipped, saying so, when the
#                     corpus cannot be fetched.
MG_CACHE ?= $(HOME)/.cache/memgate
SWEEP_CORPUS ?= $(MG_CACHE)/corpus
# In CI the shared folder sits beside the clone; on the dev machine it is /work/shared.
SWEEP_FETCH ?= $(firstword $(wildcard $(CURDIR)/../shared/tools/fetch-kernel-corpus \
                                      /work/shared/tools/fetch-kernel-corpus))
SWEEP_SAN_B := build-san

.PHONY: sweep sweep-check sweep-corpus
sweep-corpus:
	@if [ -z "$(SWEEP_FETCH)" ]; then echo "sweep: no fetch-kernel-corpus (../shared/tools)"; exit 1; fi
	@$(SWEEP_FETCH) "$(SWEEP_CORPUS)" arm64 armhf

sweep: sweep-corpus
	@$(MAKE) --no-print-directory SANITIZE=address,undefined B=$(SWEEP_SAN_B) $(SWEEP_SAN_B)/memgate >/dev/null
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
	  sh tests/sweep/sweep.sh $(SWEEP_SAN_B)/memgate "$(SWEEP_CORPUS)" $(SWEEP_SAN_B)/sweep docs/sweep.md

sweep-check: $(MEMGATE)
	@if [ -z "$(SWEEP_FETCH)" ] || ! $(SWEEP_FETCH) "$(SWEEP_CORPUS)" arm64 armhf >/dev/null 2>&1; then \
	  echo "sweep-check: skipped: the Debian kernel corpus cannot be fetched (fetch-kernel-corpus $(if $(SWEEP_FETCH),failed,not found))"; \
	  exit 0; fi; \
	sh tests/sweep/sweep.sh $(MEMGATE) "$(SWEEP_CORPUS)" $(B)/sweep

EXTRA_TESTS += sweep-check
