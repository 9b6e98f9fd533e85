# Report formats (src/report/): schema and well-formedness checks of real reports.
#   make report-deps   apt-get install python3-jsonschema when python3 cannot import jsonschema
#   make sarif-check   `memgate check boards/e2000q` as SARIF (validated against the checked-in
#                      OASIS 2.1.0 schema, tests/sarif-validate.sh) and as JUnit (parsed as XML)
# sarif-check runs in every `make test` pass; it is skipped, saying so, while build/memgate has
# no `check` command yet.
REPORT_BOARDS ?= boards/e2000q

.PHONY: report-deps sarif-check
report-deps:
	@if ! python3 -c 'import jsonschema' >/dev/null 2>&1; then \
	  echo "make report-deps: installing python3-jsonschema"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq python3-jsonschema >/dev/null; \
	fi

sarif-check: report-deps $(MEMGATE)
	@if ! $(MEMGATE) --help 2>&1 | grep -qw check; then \
	  echo "sarif-check: skipped: $(MEMGATE) has no 'check' command yet"; exit 0; \
	fi; \
	mkdir -p $(B)/report; fail=0; \
	for board in $(REPORT_BOARDS); do \
	  n=$$(basename $$board); \
	  for fmt in sarif junit; do \
	    out=$(B)/report/$$n.$$fmt; rc=0; \
	    LC_ALL=C TZ=UTC $(MEMGATE) check --format $$fmt $$board >$$out 2>$(B)/report/$$n.$$fmt.err || rc=$$?; \
	    if [ $$rc -gt 1 ]; then \
	      echo "sarif-check: memgate check --format $$fmt $$board exited $$rc:"; cat $(B)/report/$$n.$$fmt.err; fail=1; continue; \
	    fi; \
	    if [ $$fmt = sarif ]; then \
	      sh tests/sarif-validate.sh $$out || fail=1; \
	    else \
	      python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' $$out \
	        && echo "$$out: well-formed JUnit XML" || fail=1; \
	    fi; \
	  done; \
	done; exit $$fail

EXTRA_TESTS += sarif-check
