# -o FILE end to end (tests/run-output.sh): atomic replace, several --format/-o pairs, exit codes.
.PHONY: output-test
output-test: $(MEMGATE)
	@MEMGATE=$(MEMGATE) sh tests/run-output.sh
EXTRA_TESTS += output-test
