/* Common includes for cmocka unit tests. */
#ifndef MEMGATE_UNIT_H
#define MEMGATE_UNIT_H
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#endif
