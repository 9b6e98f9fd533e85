/* Fuzz the policy file (memgate.yaml / --policy).  mg_policy_load takes a path: the input
 * goes to an in-memory file. */
#include <memgate/gate.h>

#include "fuzz.h"

static struct mg_policy policy;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_error err = { 0 };
	char path[64];
	int fd = fuzz_memfile(data, size, path, sizeof(path));

	if (mg_policy_load(&policy, path, &err))
		fuzz_check_error(&err);
	close(fd);
	return 0;
}
