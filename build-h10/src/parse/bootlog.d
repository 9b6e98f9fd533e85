build-h10/src/parse/bootlog.o: src/parse/bootlog.c \
 src/parse/logs_internal.h include/memgate/logs.h include/memgate/error.h \
 include/memgate/util.h
src/parse/logs_internal.h:
include/memgate/logs.h:
include/memgate/error.h:
include/memgate/util.h:
