/* Fuzz the .config parser (mg_kconfig_parse_buf) and every accessor on its result. */
#include <memgate/kconfig.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_kconfig kc;
	struct mg_error err = { 0 };
	struct mg_origin o;
	char *buf = fuzz_copy(data, size);

	memset(&kc, 0, sizeof(kc));
	if (mg_kconfig_parse_buf(&kc, buf, size, "fuzz.config", &err)) {
		fuzz_check_error(&err);
	} else {
		struct mg_kconfig_sym sym, again;
		size_t pos = 0, listed = 0;
		(void)mg_kconfig_kv(&kc);
		while (mg_kconfig_next(&kc, &pos, &sym)) {
			const char *n = sym.name;
			listed++;
			/* Every listed symbol must be found again, the same; a name that itself
			 * starts with CONFIG_ (CONFIG_CONFIG_X) is looked up as X by design. */
			if (strncmp(n, "CONFIG_", 7) &&
			    (!mg_kconfig_find(&kc, n, &again) || again.line != sym.line ||
			     strcmp(again.value, sym.value)))
				abort();
			(void)mg_kconfig_is_y(&kc, n);
			(void)mg_kconfig_int(&kc, n, -1);
			(void)strlen(mg_kconfig_str(&kc, n));
			mg_kconfig_origin(&kc, n, &o);
		}
		if (listed != kc.nsyms)
			abort(); /* each distinct symbol is listed once */
		mg_kconfig_origin(&kc, "MEMGATE_FUZZ_ABSENT", &o);
	}
	mg_kconfig_free(&kc);
	free(buf);
	return 0;
}
