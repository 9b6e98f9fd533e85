build-h9/src/parse/dt.o: src/parse/dt.c include/memgate/dt.h \
 include/memgate/error.h include/memgate/util.h src/parse/dt_internal.h
include/memgate/dt.h:
include/memgate/error.h:
include/memgate/util.h:
src/parse/dt_internal.h:
