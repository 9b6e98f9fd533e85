build-h9/src/gate/policy.o: src/gate/policy.c include/memgate/gate.h \
 include/memgate/board.h include/memgate/cmdline.h \
 include/memgate/error.h include/memgate/dt.h include/memgate/kconfig.h \
 include/memgate/profile.h include/memgate/sysctl.h \
 include/memgate/sysmap.h include/memgate/model.h include/memgate/util.h \
 src/gate/../parse/yamldoc.h include/memgate/error.h
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
include/memgate/util.h:
src/gate/../parse/yamldoc.h:
include/memgate/error.h:
