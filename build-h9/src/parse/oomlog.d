build-h9/src/parse/oomlog.o: src/parse/oomlog.c src/parse/logs_internal.h \
 include/memgate/logs.h include/memgate/error.h include/memgate/util.h
src/parse/logs_internal.h:
include/memgate/logs.h:
include/memgate/error.h:
include/memgate/util.h:
