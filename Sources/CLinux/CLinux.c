// Linux headers the Glibc module does not expose; see include/CLinux.h.
#include "CLinux.h"
