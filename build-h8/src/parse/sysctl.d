build-h8/src/parse/sysctl.o: src/parse/sysctl.c include/memgate/sysctl.h \
 include/memgate/error.h include/memgate/util.h
include/memgate/sysctl.h:
include/memgate/error.h:
include/memgate/util.h:
