build-h9/src/parse/manifest.o: src/parse/manifest.c \
 include/memgate/board.h include/memgate/cmdline.h \
 include/memgate/error.h include/memgate/dt.h include/memgate/kconfig.h \
 include/memgate/profile.h include/memgate/sysctl.h \
 include/memgate/sysmap.h include/memgate/util.h src/parse/yamldoc.h \
 include/memgate/error.h
include/memgate/board.h:
include/memgate/cmdline.h:
include/memgate/error.h:
include/memgate/dt.h:
include/memgate/kconfig.h:
include/memgate/profile.h:
include/memgate/sysctl.h:
include/memgate/sysmap.h:
include/memgate/util.h:
src/parse/yamldoc.h:
include/memgate/error.h:
