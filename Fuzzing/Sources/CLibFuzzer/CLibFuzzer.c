// Only the header matters: the driver itself comes from the sanitizer runtime.
#include "CLibFuzzer.h"
