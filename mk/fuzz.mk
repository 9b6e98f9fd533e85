# Fuzzing (issue "Hostile inputs and whole fleets"): one libFuzzer target per parser, plus the
# whole pipeline, in tests/fuzz/fuzz_*.c.  Built with clang -fsanitize=fuzzer,address,undefined
# against the library compiled with the same sanitizers into build-fuzz/ (never build/).
#   make fuzz-deps            apt-get install clang + its fuzzer runtime when they are missing
#   make fuzz-build           build every target: build-fuzz/fuzz_<name>
#   make fuzz FUZZ_SECONDS=N  run each target N seconds (default 60); new inputs go to
#                             build-fuzz/corpus/<name>/, crashes to build-fuzz/artifacts/
#   make fuzz-smoke           each target for FUZZ_SMOKE_SECONDS (default 4): run once by
#                             `make check`; skips, saying why, when libFuzzer cannot be linked
# Seeds (small, committed) live in tests/fuzz/corpus/<name>/; FUZZ_TARGETS=a,b picks targets.
FUZZ_DEB_PKGS := clang libclang-rt-14-dev
FUZZ_CC       ?= clang
FUZZ_B        := build-fuzz
FUZZ_SAN      := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CFLAGS   := $(CSTD) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -Iinclude -Isrc \
                 -DMG_FUZZ_ROOT='"$(CURDIR)"'
FUZZ_SECONDS       ?= 60
FUZZ_SMOKE_SECONDS ?= 4
comma         := ,
FUZZ_NAMES    := $(sort $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_PICK     := $(if $(FUZZ_TARGETS),$(subst $(comma), ,$(FUZZ_TARGETS)),$(FUZZ_NAMES))
FUZZ_BINS     := $(FUZZ_NAMES:%=$(FUZZ_B)/fuzz_%)
FUZZ_LIB_OBJ  := $(LIB_SRC:%.c=$(FUZZ_B)/%.o)
# -rss_limit_mb: a hostile input must not make us allocate without bound either.
FUZZ_RUN_FLAGS := -rss_limit_mb=2048 -timeout=20 -print_final_stats=1

.PHONY: fuzz fuzz-deps fuzz-build fuzz-smoke
CHECK_EXTRA += fuzz-smoke

fuzz-deps:
	@missing=""; for p in $(FUZZ_DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "make fuzz-deps: installing$$missing"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } || \
	      echo "make fuzz-deps: apt-get failed for$$missing"; \
	  else echo "make fuzz-deps: missing$$missing (not root: not installing)"; fi; \
	fi

$(FUZZ_B)/%.o: %.c $(FUZZ_B)/.cflags
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_B)/libmemgate.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_B)/libmemgate.a $(FUZZ_B)/.cflags
	$(FUZZ_CC) $(FUZZ_CFLAGS) -D_GNU_SOURCE -Wall -Wextra -fsanitize=fuzzer -o $@ $< $(FUZZ_B)/libmemgate.a $(LDLIBS)

$(FUZZ_B)/.cflags: FORCE
	@mkdir -p $(FUZZ_B); echo '$(FUZZ_CC) $(FUZZ_CFLAGS)' | cmp -s - $@ || echo '$(FUZZ_CC) $(FUZZ_CFLAGS)' >$@

fuzz-build: $(FUZZ_BINS)

# $(call fuzz_run,SECONDS,WORKDIR): each target with WORKDIR/<target> first (libFuzzer writes
# new inputs there), seeds second.  A crash stops the loop with the reproducer's path.
define fuzz_run
	@mkdir -p $(FUZZ_B)/artifacts; fail=0; \
	for t in $(FUZZ_PICK); do \
	  mkdir -p $(2)/$$t; \
	  echo "fuzz: $$t for $(1)s"; \
	  if ! $(FUZZ_B)/fuzz_$$t $(2)/$$t tests/fuzz/corpus/$$t $(FUZZ_RUN_FLAGS) \
	       -max_total_time=$(1) -artifact_prefix=$(FUZZ_B)/artifacts/$$t- \
	       >$(FUZZ_B)/$$t.log 2>&1; then \
	    echo "fuzz: $$t FAILED (log $(FUZZ_B)/$$t.log):"; grep -E 'ERROR|runtime error|Test unit written|SUMMARY' $(FUZZ_B)/$$t.log | head -8; fail=1; \
	  else grep -E '^stat::number_of_executed_units|^Done' $(FUZZ_B)/$$t.log | tr '\n' ' ' | sed 's/^/  /'; echo; fi; \
	done; exit $$fail
endef

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build
	$(call fuzz_run,$(FUZZ_SECONDS),$(FUZZ_B)/corpus)

fuzz-smoke: fuzz-deps
	@if ! command -v $(FUZZ_CC) >/dev/null 2>&1; then \
	  echo "fuzz-smoke: skipped: $(FUZZ_CC) not installed"; exit 0; fi; \
	mkdir -p $(FUZZ_B); printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >$(FUZZ_B)/probe.c; \
	if ! $(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $(FUZZ_B)/probe $(FUZZ_B)/probe.c >$(FUZZ_B)/probe.log 2>&1; then \
	  echo "fuzz-smoke: skipped: $(FUZZ_CC) cannot link -fsanitize=fuzzer (install libclang-rt-14-dev: make fuzz-deps as root)"; exit 0; fi; \
	$(MAKE) --no-print-directory fuzz-build FUZZ_SECONDS=$(FUZZ_SMOKE_SECONDS) && \
	$(MAKE) --no-print-directory fuzz-run-smoke

.PHONY: fuzz-run-smoke
# The smoke run starts from the committed seeds only, so its time does not grow with the
# working corpus of earlier `make fuzz` runs.
fuzz-run-smoke:
	@rm -rf $(FUZZ_B)/smoke
	$(call fuzz_run,$(FUZZ_SMOKE_SECONDS),$(FUZZ_B)/smoke)
	@echo "fuzz-smoke: $(words $(FUZZ_PICK)) targets ran $(FUZZ_SMOKE_SECONDS)s each without a crash"

-include $(FUZZ_LIB_OBJ:.o=.d)
