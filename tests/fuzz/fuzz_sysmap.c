/* Fuzz the System.map parser (mg_sysmap_parse_buf). */
#include <memgate/sysmap.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_sysmap sm;
	struct mg_error err = { 0 };
	char *buf = fuzz_copy(data, size);

	memset(&sm, 0, sizeof(sm));
	if (mg_sysmap_parse_buf(&sm, buf, size, "fuzz.map", &err))
		fuzz_check_error(&err);
	free(buf);
	return 0;
}
