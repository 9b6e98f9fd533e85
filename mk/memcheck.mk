# Valgrind's memcheck over the CLI: it sees what ASan cannot, a read of memory that was never
# written.  The large structs are cleared only as far as they are used (mg_board_reset,
# mg_verdict_init, variant_init in src/gate/rules.c, mg_model_run, mg_mb_init), so this is the
# check that nothing reads an entry it did not write.  Leaks are LeakSanitizer's job.
#   make memcheck-deps    apt-get install valgrind when it is missing
#   make memcheck         the golden, bad-input and boot suites under memcheck (~4 minutes)
#   make memcheck-smoke   every shipped board's check, layout and inputs: run by `make check`
# The binary is linked dynamically: memcheck follows malloc only through the shared libc.
MEMCHECK_B        := $(B)/memcheck
MEMCHECK_DEB_PKGS := valgrind
MEMCHECK_RUN      := $(MEMCHECK_B)/memgate-memcheck

.PHONY: memcheck memcheck-deps memcheck-smoke
CHECK_EXTRA += memcheck-smoke

memcheck-deps:
	@command -v valgrind >/dev/null || { \
	  echo "make memcheck-deps: installing $(MEMCHECK_DEB_PKGS)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(MEMCHECK_DEB_PKGS) >/dev/null; }

$(MEMCHECK_B)/memgate: $(B)/src/main.o $(B)/libmemgate.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# A memcheck error exits 99, which no memgate run does: every suite reports it as a failure.
$(MEMCHECK_RUN): $(MEMCHECK_B)/memgate
	@printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 "%s" "$$@"\n' "$(CURDIR)/$<" >$@
	@chmod +x $@

memcheck: memcheck-deps $(MEMCHECK_RUN)
	@MEMGATE=$(MEMCHECK_RUN) sh tests/run-golden.sh
	@MEMGATE=$(MEMCHECK_RUN) sh tests/run-bad.sh
	@MEMGATE=$(MEMCHECK_RUN) sh tests/run-boots.sh

memcheck-smoke: memcheck-deps $(MEMCHECK_RUN)
	@n=0; for b in boards/*/; do for c in check layout inputs; do \
	  $(MEMCHECK_RUN) $$c "$$b" >/dev/null 2>$(MEMCHECK_B)/err; rc=$$?; \
	  if [ $$rc = 99 ] || [ $$rc -gt 128 ]; then \
	    echo "memcheck-smoke: memgate $$c $$b"; cat $(MEMCHECK_B)/err; exit 1; fi; \
	  n=$$((n + 1)); done; done; \
	echo "memcheck-smoke: $$n runs over boards/ without a memcheck error"
