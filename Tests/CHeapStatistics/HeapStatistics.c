// The header holds the whole target; SwiftPM wants one source file to build it.
#include "CHeapStatistics.h"
