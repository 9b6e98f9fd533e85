/* Fuzz the kernel command line: tokenising (mg_cmdline_parse), building the effective line
 * against CONFIG_CMDLINE/FORCE/EXTEND (mg_cmdline_build), and every parameter grammar (cma=,
 * crashkernel=, memmap=, sizes, integers) on every token.
 *
 * Input: byte 0 picks a .config (which CONFIG_CMDLINE* rule applies) and a source; the rest is
 * the bootloader line up to the first NUL, then the DT bootargs. */
#include <memgate/cmdline.h>
#include <memgate/kconfig.h>
#include <memgate/util.h>

#include "fuzz.h"

static const char *const config_files[] = {
	MG_FUZZ_ROOT "/boards/e2000q/kernel.config",
	MG_FUZZ_ROOT "/tests/data/kconfig/arm64-5.4-force.config",
	MG_FUZZ_ROOT "/tests/data/kconfig/arm-5.10-extend.config",
	MG_FUZZ_ROOT "/tests/data/kconfig/arm64-6.1-choice.config",
	MG_FUZZ_ROOT "/tests/data/kconfig/x86-6.6-builtin.config",
};
#define NCONFIGS (sizeof(config_files) / sizeof(config_files[0]))
static struct mg_kconfig configs[NCONFIGS];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct mg_error err = { 0 };
	(void)argc;
	(void)argv;
	for (size_t i = 0; i < NCONFIGS; i++)
		if (mg_kconfig_load(&configs[i], config_files[i], &err))
			fuzz_die(config_files[i], &err);
	return 0;
}

/* Every grammar on one token; each either succeeds or fails with a proper error. */
static void grammars(const struct mg_cmdline_token *t)
{
	static const uint64_t ram[] = { 0, 512ull << 20, 4ull << 30, UINT64_MAX };
	struct mg_memmap_param mm[MG_MEMMAP_MAX_ENTRIES];
	struct mg_cma_param cma;
	struct mg_crashkernel_param ck;
	struct mg_memmap_param one;
	struct mg_error err;
	uint64_t v;
	size_t n;

#define TRY(call) do { memset(&err, 0, sizeof(err)); if (call) fuzz_check_error(&err); } while (0)
	TRY(mg_parse_cma(t, &cma, &err));
	for (size_t i = 0; i < sizeof(ram) / sizeof(ram[0]); i++)
		TRY(mg_parse_crashkernel(t, ram[i], &ck, &err));
	TRY(mg_parse_memmap(t, &one, &err));
	TRY(mg_parse_memmap_list(t, mm, MG_MEMMAP_MAX_ENTRIES, &n, &err));
	TRY(mg_parse_memmap_list(t, mm, 2, &n, &err));
	TRY(mg_parse_token_size(t, &v, &err));
	TRY(mg_parse_token_u64(t, &v, &err));
#undef TRY
	if (t->value) {
		const char *end;
		(void)mg_memparse(t->value, &v, &end);
		(void)mg_parse_size(t->value, &v);
		(void)mg_parse_u64(t->value, &v);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_cmdline cl;
	struct mg_error err = { 0 };
	const struct mg_kconfig *kc;
	char *text, *dt;
	size_t pos = 0;

	if (size < 1)
		return 0;
	kc = &configs[data[0] % NCONFIGS];
	text = fuzz_strndup(data + 1, size - 1);
	/* DT bootargs: what follows the first NUL, if there is one. */
	dt = strlen(text) < size - 1 ? text + strlen(text) + 1 : NULL;

	/* The tokeniser alone. */
	memset(&cl, 0, sizeof(cl));
	if (mg_cmdline_parse(&cl, text, (enum mg_cmdline_source)(data[0] >> 4 & 1 ? MG_CMDLINE_SRC_DT
								     : MG_CMDLINE_SRC_BOOTLOADER),
			     "fuzz.cmdline", 1, &err))
		fuzz_check_error(&err);
	mg_cmdline_free(&cl);

	/* The effective line as the kernel builds it, then every grammar on every token. */
	memset(&cl, 0, sizeof(cl));
	memset(&err, 0, sizeof(err));
	if (mg_cmdline_build(&cl, kc, data[0] & 0x80 ? NULL : text, "fuzz.cmdline", dt, "fuzz.dtb",
			     &err)) {
		fuzz_check_error(&err);
	} else {
		for (size_t i = 0; i < cl.ntokens; i++)
			grammars(&cl.tokens[i]);
		(void)mg_cmdline_last(&cl, "cma");
		while (mg_cmdline_next(&cl, "memmap", &pos))
			;
	}
	mg_cmdline_free(&cl);
	(void)mg_cmdline_size_for(kc);
	free(text);
	return 0;
}
