build-h8/src/report/text.o: src/report/text.c src/report/fmt.h \
 include/memgate/report.h include/memgate/board.h \
 include/memgate/cmdline.h include/memgate/error.h include/memgate/dt.h \
 include/memgate/kconfig.h include/memgate/profile.h \
 include/memgate/sysctl.h include/memgate/sysmap.h include/memgate/gate.h \
 include/memgate/model.h include/memgate/util.h
src/report/fmt.h:
include/memgate/report.h:
include/memgate/board.h:
include/memgate/cmdline.h:
include/memgate/error.h:
include/memgate/dt.h:
include/memgate/kconfig.h:
include/memgate/profile.h:
include/memgate/sysctl.h:
include/memgate/sysmap.h:
include/memgate/gate.h:
include/memgate/model.h:
include/memgate/util.h:
