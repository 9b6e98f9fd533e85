/* memgate fuzz targets: shared helpers (libFuzzer, clang -fsanitize=fuzzer,address,undefined).
 *
 * Each tests/fuzz/fuzz_<name>.c defines LLVMFuzzerTestOneInput for one parser; mk/fuzz.mk
 * builds them against the library compiled with the same sanitizers.  MG_FUZZ_ROOT is the
 * repository root (set by mk/fuzz.mk) so targets can load fixed companion inputs from boards/. */
#ifndef MEMGATE_FUZZ_H
#define MEMGATE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <memgate/error.h>

#ifndef MG_FUZZ_ROOT
#define MG_FUZZ_ROOT "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A NUL-terminated copy of the input (parsers taking buf+len must not read past len; the
 * copy is exactly len bytes + NUL so ASan catches a read of buf[len + 1]). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* An exact-size copy without a terminator: a parser reading buf[len] is caught by ASan. */
static inline char *fuzz_copy(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	return s;
}

/* Write data to an anonymous in-memory file and name it by /proc/self/fd/N (for APIs that
 * take a path).  Returns the fd (close it after use) and fills path. */
static inline int fuzz_memfile(const void *data, size_t size, char *path, size_t path_size)
{
	int fd = memfd_create("memgate-fuzz", 0);
	const char *p = data;
	if (fd < 0)
		abort();
	while (size) {
		ssize_t w = write(fd, p, size);
		if (w <= 0)
			abort();
		p += w;
		size -= (size_t)w;
	}
	snprintf(path, path_size, "/proc/self/fd/%d", fd);
	return fd;
}

/* A library call that fails must say why: status set and a non-empty one-line message. */
static inline void fuzz_check_error(const struct mg_error *err)
{
	if (err->status != MG_ERR_INPUT && err->status != MG_ERR_INTERNAL) {
		fprintf(stderr, "fuzz: failure without an error status (%d): %s\n", err->status, err->msg);
		abort();
	}
	if (!err->msg[0] || strchr(err->msg, '\n')) {
		fprintf(stderr, "fuzz: error message empty or multi-line: '%s'\n", err->msg);
		abort();
	}
}

/* Fail loudly when fixed companion inputs (boards/...) cannot be loaded at start-up. */
static inline void fuzz_die(const char *what, const struct mg_error *err)
{
	char buf[1400];
	mg_error_format(err, buf, sizeof(buf));
	fprintf(stderr, "fuzz: cannot load %s: %s\n", what, buf);
	abort();
}

#endif
