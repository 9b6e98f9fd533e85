# make bench (bench/, docs/bench.md): the whole Debian DTB corpus through `memgate check --batch`,
# side by side with the libfdt floor (bench/fdt_floor.c) and `dtc -I dtb -O dts` per file; one
# board end to end; growth with the number of boards and with DT size.  Timings live only here,
# never in a test.  Uses the optimised build ($(B)/memgate, no sanitizers).
BENCH_OUT ?= $(B)/bench

.PHONY: bench
$(B)/bench/fdt_floor: bench/fdt_floor.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $< -lfdt

$(B)/bench/runstat: bench/runstat.c
	@mkdir -p $(@D)
	$(CC) $(CSTD) $(WARN) -O2 -o $@ $<

bench: sweep-corpus $(MEMGATE) $(B)/bench/fdt_floor $(B)/bench/runstat
	@python3 bench/bench.py --memgate $(MEMGATE) --floor $(B)/bench/fdt_floor \
	  --runstat $(B)/bench/runstat --corpus "$(SWEEP_CORPUS)" --out $(BENCH_OUT) \
	  --profile $(CURDIR)/tests/data/sweep/default-profile.yaml --doc docs/bench.md
