/* Fuzz the workload profile (profile.yaml): mg_profile_parse_buf, then the checked demand sums. */
#include <memgate/profile.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_profile p;
	struct mg_demand d;
	struct mg_error err = { 0 };
	char *buf = fuzz_copy(data, size);

	memset(&p, 0, sizeof(p));
	if (mg_profile_parse_buf(&p, buf, size, "fuzz.yaml", &err)) {
		fuzz_check_error(&err);
	} else if (mg_profile_demand(&p, &d, &err)) {
		fuzz_check_error(&err);
	}
	mg_profile_free(&p);
	free(buf);
	return 0;
}
