# memgate — build, test and run.  `make run` and `make check` install what they need.
#   make deps        apt-get install the missing Debian packages (no-op when all present)
#   make             build ./memgate (library build/libmemgate.a + thin CLI)
#   make run         build and check the default board (exit 1 "rejected" is its expected verdict)
#   make check       deps, -Werror build, all tests, then all tests again under ASan+UBSan
#   make golden-update   regenerate golden outputs (on purpose only; review the diff)

DEB_PKGS := build-essential pkg-config device-tree-compiler libfdt-dev libyaml-dev \
            libcmocka-dev zlib1g-dev
CC       ?= cc
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wwrite-strings -Wformat=2 -Wvla -Wpointer-arith -Wno-format-nonliteral -Wno-format-truncation
CFLAGS   ?= -O2 -g
ALL_CFLAGS = $(CSTD) $(WARN) $(CFLAGS) -Iinclude -Isrc
LDLIBS   := -lfdt -lyaml -lz -lm
ifdef WERROR
ALL_CFLAGS += -Werror
endif
ifdef SANITIZE
ALL_CFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS    += -fsanitize=$(SANITIZE)
endif
B := build$(if $(SANITIZE),-san)
# The CLI links statically outside sanitizer builds: a one-board CI run starts ~3 ms sooner
# (no dynamic loader; docs/bench.md).  Unit tests and the library are unaffected.
ifndef SANITIZE
MEMGATE_LDFLAGS := -static
endif

LIB_SRC  := $(sort $(wildcard src/*/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)
MEMGATE  := $(B)/memgate

# Extra targets (qemu-check, sweep, bench, fuzz) live in mk/*.mk; they may add to
# EXTRA_TESTS (run in every `make test` pass) and CHECK_EXTRA (run once by `make check`).
.DEFAULT_GOAL := all
EXTRA_TESTS :=
CHECK_EXTRA :=
-include $(sort $(wildcard mk/*.mk))

.PHONY: all deps run check test unit golden bad clean golden-update check-headers FORCE
all: $(MEMGATE) memgate

memgate: $(B)/memgate
	@[ "$(B)" = build ] && ln -sf build/memgate memgate || true

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(B)/%.o: %.c $(B)/.cflags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libmemgate.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(MEMGATE): $(B)/src/main.o $(B)/libmemgate.a
	$(CC) $(LDFLAGS) $(MEMGATE_LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/unit/%: tests/unit/%.c tests/unit/unit.h $(B)/libmemgate.a $(B)/.cflags
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Itests/unit -o $@ $< $(B)/libmemgate.a $(LDFLAGS) $(LDLIBS) -lcmocka

# Rebuild everything when the flags change, and only then.
$(B)/.cflags: FORCE
	@mkdir -p $(B); echo '$(CC) $(ALL_CFLAGS)' | cmp -s - $@ || echo '$(CC) $(ALL_CFLAGS)' >$@

run: deps
	@$(MAKE) --no-print-directory $(MEMGATE) >/dev/null
	@$(MEMGATE) check boards/e2000q; rc=$$?; \
	if [ $$rc = 1 ]; then echo "(memgate exit 1: rejected — the expected verdict for boards/e2000q)"; exit 0; fi; exit $$rc

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do $$t || fail=1; done; exit $$fail

golden: $(MEMGATE)
	@MEMGATE=$(MEMGATE) sh tests/run-golden.sh

bad: $(MEMGATE)
	@MEMGATE=$(MEMGATE) sh tests/run-bad.sh

golden-update: $(MEMGATE)
	@MEMGATE=$(MEMGATE) UPDATE=1 sh tests/run-golden.sh

check-headers:
	@for h in include/memgate/*.h; do \
	  echo "#include <memgate/$${h##*/}>" | $(CC) $(ALL_CFLAGS) -fsyntax-only -xc - || exit 1; done

# One pass of every test with the current flags (used twice by `check`).
test: check-headers unit golden bad $(EXTRA_TESTS)

check: deps
	@$(MAKE) --no-print-directory WERROR=1 test
	@$(MAKE) --no-print-directory WERROR=1 SANITIZE=address,undefined test
	@$(if $(strip $(CHECK_EXTRA)),$(MAKE) --no-print-directory $(CHECK_EXTRA))
	@echo "make check: all tests passed"

clean:
	rm -rf build build-san memgate

FORCE:
-include $(LIB_OBJ:.o=.d) $(B)/src/main.d
