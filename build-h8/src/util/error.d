build-h8/src/util/error.o: src/util/error.c include/memgate/error.h
include/memgate/error.h:
