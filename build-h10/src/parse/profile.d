build-h10/src/parse/profile.o: src/parse/profile.c \
 include/memgate/profile.h include/memgate/error.h include/memgate/util.h \
 src/parse/yamldoc.h include/memgate/error.h
include/memgate/profile.h:
include/memgate/error.h:
include/memgate/util.h:
src/parse/yamldoc.h:
include/memgate/error.h:
