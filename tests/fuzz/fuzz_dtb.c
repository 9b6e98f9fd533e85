/* Fuzz the DTB parser: mg_dt_parse_blob on arbitrary bytes (fdt_check_full, cells, reg
 * decoding, /reserved-memory, /chosen, dma-ranges translation, depth/node caps). */
#include <memgate/dt.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_dt dt;
	struct mg_error err = { 0 };
	/* Exact-size copy: libfdt and our walker must stay inside len. */
	char *blob = fuzz_copy(data, size);

	if (mg_dt_parse_blob(&dt, blob, size, "fuzz.dtb", &err))
		fuzz_check_error(&err);
	mg_dt_free(&dt);
	free(blob);
	return 0;
}
