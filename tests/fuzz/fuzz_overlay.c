/* Fuzz overlay application: mg_dt_load on a base DTB with one overlay DTB.
 *
 * Input: 4-byte little-endian base length, the base blob, then the overlay blob.  Both are
 * written to in-memory files (mg_dt_load takes paths).  The first four bytes of each are forced
 * to the FDT magic so a mutated blob is never taken for DTS source (that would run dtc). */
#include <memgate/dt.h>

#include "fuzz.h"

static const uint8_t fdt_magic[4] = { 0xd0, 0x0d, 0xfe, 0xed };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_dt dt;
	struct mg_dt_options opt = { 0 };
	struct mg_error err = { 0 };
	char bpath[64], opath[64];
	const char *ovl[1];
	size_t blen, olen;
	uint8_t *base, *over;
	int bfd, ofd;

	if (size < 4)
		return 0;
	blen = (size_t)data[0] | (size_t)data[1] << 8 | (size_t)data[2] << 16 | (size_t)data[3] << 24;
	data += 4;
	size -= 4;
	if (blen > size)
		blen = size;
	olen = size - blen;
	if (blen < 4 || olen < 4)
		return 0;
	base = (uint8_t *)fuzz_copy(data, blen);
	over = (uint8_t *)fuzz_copy(data + blen, olen);
	memcpy(base, fdt_magic, 4);
	memcpy(over, fdt_magic, 4);
	bfd = fuzz_memfile(base, blen, bpath, sizeof(bpath));
	ofd = fuzz_memfile(over, olen, opath, sizeof(opath));
	ovl[0] = opath;
	opt.overlays = ovl;
	opt.noverlays = 1;
	if (mg_dt_load(&dt, bpath, &opt, &err))
		fuzz_check_error(&err);
	mg_dt_free(&dt);
	close(bfd);
	close(ofd);
	free(base);
	free(over);
	return 0;
}
