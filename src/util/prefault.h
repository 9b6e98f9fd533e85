/* memgate (private): map the pages of a fresh buffer in one system call. */
#ifndef MEMGATE_UTIL_PREFAULT_H
#define MEMGATE_UTIL_PREFAULT_H

#include <stddef.h>

/* Ask the kernel to map the whole pages inside [p, p + bytes) now (MADV_POPULATE_WRITE), for a
 * buffer that is about to be written end to end (a file read into memory, the .config index):
 * on the bench VM a page faulted in on first touch costs about three times a populated one
 * (docs/bench.md).  Only a hint: without the call (kernels before 5.14, small buffers) the
 * pages fault in as they are touched. */
void mg_prefault(void *p, size_t bytes);

#endif
