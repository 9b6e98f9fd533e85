/* Fuzz the board.yaml manifest parser (mg_manifest_parse_buf). */
#include <memgate/board.h>

#include "fuzz.h"

static struct mg_board board; /* ~70 KiB: not on the stack */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mg_error err = { 0 };
	char *buf = fuzz_copy(data, size);

	memset(&board, 0, sizeof(board));
	if (mg_manifest_parse_buf(&board, buf, size, "boards/fuzz/board.yaml", &err))
		fuzz_check_error(&err);
	mg_board_free(&board);
	free(buf);
	return 0;
}
