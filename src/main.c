/* memgate CLI: placeholder until the commands land. */
#include <stdio.h>
int main(void)
{
	fprintf(stderr, "memgate: not yet\n");
	return 3;
}
