build-h10/src/model/kernel.o: src/model/kernel.c \
 include/memgate/kconfig.h include/memgate/error.h \
 src/model/model_internal.h include/memgate/model.h \
 include/memgate/board.h include/memgate/cmdline.h include/memgate/dt.h \
 include/memgate/kconfig.h include/memgate/profile.h \
 include/memgate/sysctl.h include/memgate/sysmap.h include/memgate/util.h
include/memgate/kconfig.h:
include/memgate/error.h:
src/model/model_internal.h:
include/memgate/model.h:
include/memgate/board.h:
include/memgate/cmdline.h:
include/memgate/dt.h:
include/memgate/kconfig.h:
include/memgate/profile.h:
include/memgate/sysctl.h:
include/memgate/sysmap.h:
include/memgate/util.h:
