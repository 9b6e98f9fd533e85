build-h8/src/util/util.o: src/util/util.c include/memgate/util.h \
 include/memgate/error.h
include/memgate/util.h:
include/memgate/error.h:
