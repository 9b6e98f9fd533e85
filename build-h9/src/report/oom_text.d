build-h9/src/report/oom_text.o: src/report/oom_text.c \
 include/memgate/logs.h include/memgate/error.h include/memgate/util.h
include/memgate/logs.h:
include/memgate/error.h:
include/memgate/util.h:
