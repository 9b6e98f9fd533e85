/* memgate (private): map the pages of a fresh buffer in one system call. */
#ifndef MEMGATE_UTIL_PREFAULT_H
#define MEMGATE_UTIL_PREFAULT_H

#include <stddef.h>

/* Ask the kernel to map the whole pages inside [p, p + bytes) now (MADV_POPULATE_WRITE), for a
 * buffer that is about to be written end to end.  A first-touch page fault costs ~14 us on the
 * bench VM and a populated page ~5 us (docs/bench.md), so a .config parse that touches ~180
 * pages saves over a millisecond.  Only a hint: without the call (kernels before 5.14, small
 * buffers) the pages fault in as they are touched. */
void mg_prefault(void *p, size_t bytes);

/* calloc(1, bytes) for a large struct about to be used whole: its pages are mapped in one
 * call before they are zeroed.  Freed with free(). */
void *mg_zalloc_prefaulted(size_t bytes);

#endif
