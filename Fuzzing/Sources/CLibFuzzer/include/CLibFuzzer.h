// libFuzzer's driver, from the sanitizer runtime `-sanitize=fuzzer` links in.
// Called from our own `main`: SwiftPM names an executable's entry point itself, which
// takes the place of the `main` libFuzzer would otherwise supply.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
