build-h8/src/report/verify_text.o: src/report/verify_text.c \
 include/memgate/verify.h include/memgate/board.h \
 include/memgate/cmdline.h include/memgate/error.h include/memgate/dt.h \
 include/memgate/kconfig.h include/memgate/profile.h \
 include/memgate/sysctl.h include/memgate/sysmap.h include/memgate/logs.h \
 include/memgate/util.h include/memgate/model.h src/report/fmt.h \
 include/memgate/report.h include/memgate/gate.h
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
src/report/fmt.h:
include/memgate/report.h:
include/memgate/gate.h:
