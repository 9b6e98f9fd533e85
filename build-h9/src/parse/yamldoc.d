build-h9/src/parse/yamldoc.o: src/parse/yamldoc.c include/memgate/util.h \
 include/memgate/error.h src/parse/yamldoc.h include/memgate/error.h
include/memgate/util.h:
include/memgate/error.h:
src/parse/yamldoc.h:
include/memgate/error.h:
