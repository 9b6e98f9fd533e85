/* Checked numbers, kernel-compatible size parsing, files and buffers. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memgate/util.h>

#include "util/prefault.h"

uint64_t mg_int_sqrt(uint64_t x)
{
	/* lib/math/int_sqrt.c computes floor(sqrt(x)) bit by bit; so do we. */
	uint64_t b, m, y = 0;

	if (x <= 1)
		return x;
	m = 1ULL << 62;
	while (m > x)
		m >>= 2;
	while (m) {
		b = y + m;
		y >>= 1;
		if (x >= b) {
			x -= b;
			y += m;
		}
		m >>= 2;
	}
	return y;
}

/* simple_strtoull(s, &end, 0) with overflow detection. */
static int parse_ull(const char *s, uint64_t *out, const char **end)
{
	unsigned base = 10;
	uint64_t v = 0;
	const char *p = s;
	int digits = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && isxdigit((unsigned char)p[2])) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (;; p++) {
		unsigned d;
		unsigned char c = (unsigned char)*p;
		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (base == 16 && isxdigit(c))
			d = (unsigned)(tolower(c) - 'a' + 10);
		else
			break;
		if (d >= base)
			break;
		if (!mg_mul_u64(v, base, &v) || !mg_add_u64(v, d, &v))
			return -1;
		digits++;
	}
	if (!digits)
		return -1;
	*out = v;
	*end = p;
	return 0;
}

unsigned mg_size_suffix_shift(char c)
{
	static const char suffixes[] = "kmgtpe";
	const char *q = c ? strchr(suffixes, tolower((unsigned char)c)) : NULL;
	return q ? 10 * (unsigned)(q - suffixes + 1) : 0;
}

int mg_memparse(const char *s, uint64_t *out, const char **end)
{
	uint64_t v;
	const char *p;
	unsigned shift = 0;

	if (parse_ull(s, &v, &p))
		return -1;
	shift = mg_size_suffix_shift(*p);
	if (shift)
		p++;
	if (shift && v > (UINT64_MAX >> shift))
		return -1;
	*out = v << shift;
	if (end)
		*end = p;
	return 0;
}

bool mg_parse_size(const char *s, uint64_t *out)
{
	const char *end;
	if (!s || mg_memparse(s, out, &end))
		return false;
	return *end == '\0';
}

bool mg_parse_u64(const char *s, uint64_t *out)
{
	const char *end;
	if (!s || parse_ull(s, out, &end))
		return false;
	return *end == '\0';
}

bool mg_next_line(const char *buf, size_t len, size_t *pos, const char **line, size_t *n,
		  unsigned *lineno)
{
	const char *l, *nl;
	size_t k;

	if (*pos >= len)
		return false;
	l = buf + *pos;
	nl = memchr(l, '\n', len - *pos);
	k = nl ? (size_t)(nl - l) : len - *pos;
	*pos += k + (nl ? 1 : 0);
	if (k && l[k - 1] == '\r')
		k--;
	*line = l;
	*n = k;
	if (lineno)
		(*lineno)++;
	return true;
}

/* Read the open file fd (whose fstat is *st, or NULL) to its end and close it. */
static int read_fd(int fd, const struct stat *st, const char *path, size_t max_bytes, char **buf,
		   size_t *len, struct mg_error *err)
{
	char *data = NULL;
	size_t cap = 0, used = 0;
	uint64_t size = st && S_ISREG(st->st_mode) && st->st_size > 0 ? (uint64_t)st->st_size : 0;

	/* A regular file is read straight into one buffer of its size (+ the NUL, + one byte to
	 * see EOF without a second buffer), prefaulted: no stdio copy, no doubling.  Pipes and
	 * /proc files (size 0) grow the buffer as they are read. */
	if (size > max_bytes) {
		close(fd);
		return mg_input_error(err, path, 0, "file larger than the %zu-byte limit", max_bytes);
	}
	if (size > 0) {
		cap = (size_t)size + 2;
		data = malloc(cap);
		if (!data) {
			close(fd);
			return mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
		}
		mg_prefault(data, cap);
	}
	for (;;) {
		ssize_t n;
		if (used + 1 >= cap) {
			/* Room for at least one more byte and the NUL; max_bytes + 2 is enough to
			 * tell a file at the limit from one over it. */
			size_t limit = max_bytes < SIZE_MAX - 2 ? max_bytes + 2 : SIZE_MAX;
			size_t ncap = cap ? (cap < limit / 2 ? 2 * cap : limit) : 65536;
			char *p;
			if (ncap > limit)
				ncap = limit;
			if (ncap <= cap) {
				close(fd);
				free(data);
				return mg_input_error(err, path, 0, "file larger than the %zu-byte limit",
						      max_bytes);
			}
			p = realloc(data, ncap);
			if (!p) {
				close(fd);
				free(data);
				return mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
			}
			data = p;
			cap = ncap;
		}
		n = read(fd, data + used, cap - 1 - used);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			close(fd);
			free(data);
			return mg_input_error(err, path, 0, "read error: %s", strerror(e));
		}
		if (n == 0)
			break;
		used += (size_t)n;
		if (used > max_bytes) {
			close(fd);
			free(data);
			return mg_input_error(err, path, 0, "file larger than the %zu-byte limit", max_bytes);
		}
	}
	close(fd);
	if (!data) { /* an empty file or stream */
		data = malloc(1);
		if (!data)
			return mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
	}
	data[used] = '\0'; /* NUL terminator, not counted */
	*len = used;
	*buf = data;
	return 0;
}

int mg_read_file(const char *path, size_t max_bytes, char **buf, size_t *len, struct mg_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;

	if (fd < 0)
		return mg_input_error(err, path, 0, "cannot open: %s", strerror(errno));
	return read_fd(fd, fstat(fd, &st) == 0 ? &st : NULL, path, max_bytes, buf, len, err);
}

int mg_file_view_open(struct mg_file_view *v, const char *path, size_t max_bytes, struct mg_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	char *buf;
	size_t len;

	memset(v, 0, sizeof(*v));
	if (fd < 0)
		return mg_input_error(err, path, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		return mg_input_error(err, path, 0, "cannot stat: %s", strerror(e));
	}
	if (S_ISREG(st.st_mode) && st.st_size >= MG_FILE_MAP_MIN_BYTES) {
		void *map;
		if ((uint64_t)st.st_size > max_bytes) {
			close(fd);
			return mg_input_error(err, path, 0, "file larger than the %zu-byte limit", max_bytes);
		}
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		if (map != MAP_FAILED) {
			close(fd);
			v->map = map;
			v->map_len = (size_t)st.st_size;
			v->data = map;
			v->len = v->map_len;
			return 0;
		}
	}
	/* Small, or not mappable (a pipe, /proc): read it. */
	if (read_fd(fd, &st, path, max_bytes, &buf, &len, err))
		return -1;
	mg_file_view_adopt(v, buf, len);
	return 0;
}

void mg_file_view_adopt(struct mg_file_view *v, char *buf, size_t len)
{
	memset(v, 0, sizeof(*v));
	v->owned = buf;
	v->data = buf;
	v->len = len;
}

void mg_file_view_close(struct mg_file_view *v)
{
	if (v->map)
		munmap(v->map, v->map_len);
	free(v->owned);
	memset(v, 0, sizeof(*v));
}

void mg_buf_init(struct mg_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void mg_buf_free(struct mg_buf *b)
{
	free(b->data);
	mg_buf_init(b);
}

void mg_buf_append(struct mg_buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;
		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 2) {
				b->failed = true;
				return;
			}
			cap *= 2;
		}
		p = realloc(b->data, cap);
		if (!p) {
			b->failed = true;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void mg_buf_puts(struct mg_buf *b, const char *s)
{
	mg_buf_append(b, s, strlen(s));
}

void mg_buf_printf(struct mg_buf *b, const char *fmt, ...)
{
	char small[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = true;
		return;
	}
	if ((size_t)n < sizeof(small)) {
		mg_buf_append(b, small, (size_t)n);
		return;
	}
	{
		char *big = malloc((size_t)n + 1);
		if (!big) {
			b->failed = true;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		mg_buf_append(b, big, (size_t)n);
		free(big);
	}
}

int mg_write_atomic(const char *path, const char *data, size_t len, struct mg_error *err)
{
	size_t plen = strlen(path);
	char *tmp = malloc(plen + 16);
	int fd;
	FILE *f;

	if (!tmp)
		return mg_error_set(err, MG_ERR_INTERNAL, path, 0, 0, "out of memory");
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", 12);
	fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return mg_input_error(err, path, 0, "cannot create output: %s", strerror(errno));
	}
	f = fdopen(fd, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fflush(f) || fsync(fileno(f))) {
		int e = errno;
		if (f)
			fclose(f);
		else
			close(fd);
		unlink(tmp);
		free(tmp);
		return mg_input_error(err, path, 0, "cannot write output: %s", strerror(e));
	}
	fclose(f);
	if (rename(tmp, path)) {
		int e = errno;
		unlink(tmp);
		free(tmp);
		return mg_input_error(err, path, 0, "cannot rename output into place: %s", strerror(e));
	}
	free(tmp);
	return 0;
}

void mg_format_bytes(uint64_t bytes, char *buf, size_t size)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	unsigned i = 0;
	uint64_t v = bytes;

	/* Exact units only: 512 MiB, 1984 MiB, 89344 KiB — never a rounded figure. */
	while (i < 6 && v && (v & 1023) == 0) {
		v >>= 10;
		i++;
	}
	snprintf(buf, size, "%llu %s", (unsigned long long)v, unit[i]);
}

char *mg_strdup(const char *s)
{
	return s ? mg_strndup(s, strlen(s)) : NULL;
}

char *mg_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

int mg_array_reserve(void **arr, size_t *cap, size_t need, size_t elem)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return 0;
	ncap = *cap ? *cap : 8;
	while (ncap < need) {
		if (ncap > SIZE_MAX / 2 / elem)
			return -1;
		ncap *= 2;
	}
	p = realloc(*arr, ncap * elem);
	if (!p)
		return -1;
	*arr = p;
	*cap = ncap;
	return 0;
}
