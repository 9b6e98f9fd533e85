build-h8/src/report/oom_text.o: src/report/oom_text.c \
 include/memgate/logs.h include/memgate/error.h include/memgate/util.h \
 include/memgate/model.h include/memgate/board.h \
 include/memgate/cmdline.h include/memgate/dt.h include/memgate/kconfig.h \
 include/memgate/profile.h include/memgate/sysctl.h \
 include/memgate/sysmap.h
include/memgate/logs.h:
include/memgate/error.h:
include/memgate/util.h:
include/memgate/model.h:
include/memgate/board.h:
include/memgate/cmdline.h:
include/memgate/dt.h:
include/memgate/kconfig.h:
include/memgate/profile.h:
include/memgate/sysctl.h:
include/memgate/sysmap.h:
