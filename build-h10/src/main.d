build-h10/src/main.o: src/main.c include/memgate/board.h \
 include/memgate/cmdline.h include/memgate/error.h include/memgate/dt.h \
 include/memgate/kconfig.h include/memgate/profile.h \
 include/memgate/sysctl.h include/memgate/sysmap.h include/memgate/gate.h \
 include/memgate/board.h include/memgate/model.h include/memgate/logs.h \
 include/memgate/util.h include/memgate/model.h include/memgate/report.h \
 include/memgate/gate.h include/memgate/util.h include/memgate/verify.h \
 include/memgate/logs.h
include/memgate/board.h:
include/memgate/cmdline.h:
include/memgate/error.h:
include/memgate/dt.h:
include/memgate/kconfig.h:
include/memgate/profile.h:
include/memgate/sysctl.h:
include/memgate/sysmap.h:
include/memgate/gate.h:
include/memgate/board.h:
include/memgate/model.h:
include/memgate/logs.h:
include/memgate/util.h:
include/memgate/model.h:
include/memgate/report.h:
include/memgate/gate.h:
include/memgate/util.h:
include/memgate/verify.h:
include/memgate/logs.h:
