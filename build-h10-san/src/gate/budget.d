build-h10-san/src/gate/budget.o: src/gate/budget.c \
 src/gate/gate_internal.h include/memgate/gate.h include/memgate/board.h \
 include/memgate/cmdline.h include/memgate/error.h include/memgate/dt.h \
 include/memgate/kconfig.h include/memgate/profile.h \
 include/memgate/sysctl.h include/memgate/sysmap.h \
 include/memgate/model.h src/gate/../model/model_internal.h \
 include/memgate/model.h include/memgate/util.h
src/gate/gate_internal.h:
include/memgate/gate.h:
include/memgate/board.h:
include/memgate/cmdline.h:
include/memgate/error.h:
include/memgate/dt.h:
include/memgate/kconfig.h:
include/memgate/profile.h:
include/memgate/sysctl.h:
include/memgate/sysmap.h:
include/memgate/model.h:
src/gate/../model/model_internal.h:
include/memgate/model.h:
include/memgate/util.h:
