build-h8/src/parse/dts.o: src/parse/dts.c include/memgate/dt.h \
 include/memgate/error.h include/memgate/util.h src/parse/dt_internal.h
include/memgate/dt.h:
include/memgate/error.h:
include/memgate/util.h:
src/parse/dt_internal.h:
