/* The libfdt floor for `make bench` (docs/bench.md): read each DTB named in LIST (one path per
 * line, or the dtb= field of a memgate batch line), run fdt_check_full and visit every node
 * and every property once, all in one process.  Nothing memgate does per board can be cheaper
 * than this, so memgate's batch time is reported as a multiple of it.
 *
 *   fdt_floor LIST      prints "<files> files, <nodes> nodes, <props> properties, <bytes> bytes" */
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DTB_BYTES (64u << 20)

static int read_file(const char *path, char **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || (size_t)n > MAX_DTB_BYTES || fseek(f, 0, SEEK_SET)) {
		fclose(f);
		return -1;
	}
	*buf = malloc((size_t)n + 1);
	if (!*buf || fread(*buf, 1, (size_t)n, f) != (size_t)n) {
		free(*buf);
		fclose(f);
		return -1;
	}
	fclose(f);
	*len = (size_t)n;
	return 0;
}

/* A batch line: the value of dtb="..." or dtb=...; a bare line is a path. */
static const char *dtb_path(char *line)
{
	char *p = strstr(line, "dtb=");
	char *end;

	line[strcspn(line, "\r\n")] = '\0';
	if (!p)
		return line;
	p += 4;
	if (*p == '"') {
		end = strchr(++p, '"');
	} else {
		end = p + strcspn(p, " \t");
	}
	if (end)
		*end = '\0';
	return p;
}

int main(int argc, char **argv)
{
	static char line[8192];
	unsigned long long files = 0, nodes = 0, props = 0, bytes = 0, sum = 0;
	FILE *list;

	if (argc != 2) {
		fprintf(stderr, "usage: fdt_floor LIST\n");
		return 2;
	}
	list = fopen(argv[1], "r");
	if (!list) {
		perror(argv[1]);
		return 2;
	}
	while (fgets(line, sizeof(line), list)) {
		const char *path;
		char *blob;
		size_t len;
		int off, depth = 0;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		path = dtb_path(line);
		if (read_file(path, &blob, &len)) {
			fprintf(stderr, "fdt_floor: %s: cannot read\n", path);
			return 1;
		}
		files++;
		bytes += len;
		if (fdt_check_full(blob, len) == 0) {
			for (off = 0; off >= 0; off = fdt_next_node(blob, off, &depth)) {
				int prop;
				nodes++;
				fdt_for_each_property_offset(prop, blob, off) {
					const char *name;
					int plen;
					const void *val = fdt_getprop_by_offset(blob, prop, &name, &plen);
					props++;
					/* Touch name and value so the visit cannot be optimised away. */
					sum += (unsigned char)name[0] + (unsigned)plen + (val && plen > 0 ? *(const unsigned char *)val : 0);
				}
			}
		}
		free(blob);
	}
	fclose(list);
	printf("%llu files, %llu nodes, %llu properties, %llu bytes (checksum %llu)\n", files, nodes,
	       props, bytes, sum);
	return 0;
}
