# Real QEMU boots frozen as golden tests (tests/boots, from tests/qemu/freeze.sh): memgate
# verify and memgate oom on each, without QEMU, in every `make check` pass.
.PHONY: boots boots-update
boots: $(MEMGATE)
	@MEMGATE=$(MEMGATE) sh tests/run-boots.sh
boots-update: $(MEMGATE)
	@MEMGATE=$(MEMGATE) UPDATE=1 sh tests/run-boots.sh
EXTRA_TESTS += boots
