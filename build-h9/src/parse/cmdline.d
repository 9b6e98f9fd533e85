build-h9/src/parse/cmdline.o: src/parse/cmdline.c \
 include/memgate/cmdline.h include/memgate/error.h \
 include/memgate/kconfig.h include/memgate/util.h
include/memgate/cmdline.h:
include/memgate/error.h:
include/memgate/kconfig.h:
include/memgate/util.h:
