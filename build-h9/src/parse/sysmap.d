build-h9/src/parse/sysmap.o: src/parse/sysmap.c include/memgate/sysmap.h \
 include/memgate/error.h include/memgate/util.h
include/memgate/sysmap.h:
include/memgate/error.h:
include/memgate/util.h:
