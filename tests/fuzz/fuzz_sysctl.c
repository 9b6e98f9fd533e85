/* Fuzz sysctl.conf parsing (mg_sysctl_parse_buf) and single assignments (mg_sysctl_set, as
 * used for sysctl.vm.X=Y command-line tokens: input "key=value"). */
#include <memgate/sysctl.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_sysctl s;
	struct mg_error err = { 0 };
	struct mg_origin o;
	char *buf = fuzz_copy(data, size);
	char *str, *eq;

	memset(&s, 0, sizeof(s));
	if (mg_sysctl_parse_buf(&s, buf, size, "fuzz.conf", &err))
		fuzz_check_error(&err);
	free(buf);

	str = fuzz_strndup(data, size);
	eq = strchr(str, '=');
	if (eq) {
		*eq = '\0';
		memset(&s, 0, sizeof(s));
		memset(&err, 0, sizeof(err));
		mg_origin_set(&o, "fuzz", 1, "sysctl.%.64s", str);
		if (mg_sysctl_set(&s, str, eq + 1, &o, &err))
			fuzz_check_error(&err);
	}
	free(str);
	return 0;
}
