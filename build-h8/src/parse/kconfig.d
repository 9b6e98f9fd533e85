build-h8/src/parse/kconfig.o: src/parse/kconfig.c \
 include/memgate/kconfig.h include/memgate/error.h include/memgate/util.h
include/memgate/kconfig.h:
include/memgate/error.h:
include/memgate/util.h:
