build-h10/src/model/capacity.o: src/model/capacity.c \
 src/model/model_internal.h include/memgate/model.h \
 include/memgate/board.h include/memgate/cmdline.h \
 include/memgate/error.h include/memgate/dt.h include/memgate/kconfig.h \
 include/memgate/profile.h include/memgate/sysctl.h \
 include/memgate/sysmap.h include/memgate/util.h
src/model/model_internal.h:
include/memgate/model.h:
include/memgate/board.h:
include/memgate/cmdline.h:
include/memgate/error.h:
include/memgate/dt.h:
include/memgate/kconfig.h:
include/memgate/profile.h:
include/memgate/sysctl.h:
include/memgate/sysmap.h:
include/memgate/util.h:
