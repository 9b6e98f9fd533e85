build-h10-san/src/gate/oom_explain.o: src/gate/oom_explain.c \
 include/memgate/logs.h include/memgate/error.h include/memgate/util.h
include/memgate/logs.h:
include/memgate/error.h:
include/memgate/util.h:
