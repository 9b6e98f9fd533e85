build-h9/src/gate/rules.o: src/gate/rules.c include/memgate/kconfig.h \
 include/memgate/error.h src/gate/gate_internal.h include/memgate/gate.h \
 include/memgate/board.h include/memgate/cmdline.h include/memgate/dt.h \
 include/memgate/kconfig.h include/memgate/profile.h \
 include/memgate/sysctl.h include/memgate/sysmap.h \
 include/memgate/model.h src/gate/../model/model_internal.h \
 include/memgate/model.h include/memgate/util.h
include/memgate/kconfig.h:
include/memgate/error.h:
src/gate/gate_internal.h:
include/memgate/gate.h:
include/memgate/board.h:
include/memgate/cmdline.h:
include/memgate/dt.h:
include/memgate/kconfig.h:
include/memgate/profile.h:
include/memgate/sysctl.h:
include/memgate/sysmap.h:
include/memgate/model.h:
src/gate/../model/model_internal.h:
include/memgate/model.h:
include/memgate/util.h:
