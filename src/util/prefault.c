/* Prefaulting large fresh buffers (see prefault.h). */
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util/prefault.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23 /* include/uapi/asm-generic/mman-common.h, Linux 5.14+ */
#endif

/* Below this a buffer is a few pages: faulting them costs about as much as the call. */
#define PREFAULT_MIN_BYTES (16u << 10)

void mg_prefault(void *p, size_t bytes)
{
	long ps = sysconf(_SC_PAGESIZE);
	uintptr_t page, start, end;

	if (!p || bytes < PREFAULT_MIN_BYTES || ps <= 0)
		return;
	page = (uintptr_t)ps;
	start = ((uintptr_t)p + page - 1) & ~(page - 1);
	end = ((uintptr_t)p + bytes) & ~(page - 1);
	if (end > start)
		(void)madvise((void *)start, end - start, MADV_POPULATE_WRITE); /* a hint: errors ignored */
}
