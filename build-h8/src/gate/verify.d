build-h8/src/gate/verify.o: src/gate/verify.c include/memgate/verify.h \
 include/memgate/board.h include/memgate/cmdline.h \
 include/memgate/error.h include/memgate/dt.h include/memgate/kconfig.h \
 include/memgate/profile.h include/memgate/sysctl.h \
 include/memgate/sysmap.h include/memgate/logs.h include/memgate/util.h \
 include/memgate/model.h
include/memgate/verify.h:
include/memgate/board.h:
include/memgate/cmdline.h:
include/memgate/error.h:
include/memgate/dt.h:
include/memgate/kconfig.h:
include/memgate/profile.h:
include/memgate/sysctl.h:
include/memgate/sysmap.h:
include/memgate/logs.h:
include/memgate/util.h:
include/memgate/model.h:
