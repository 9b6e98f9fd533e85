/* Header for inc_main.dts, found through an include directory. */
#define TEST_RAM_BASE 0x80000000
#define TEST_CMA_SIZE 0x4000000
