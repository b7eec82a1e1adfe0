// The CPU's identification (cpuid) and polspec's vector kernels, compiled for several
// instruction sets in one binary and chosen at run time (docs/performance.md).
#ifndef POLSPEC_CPU_KERNELS_H
#define POLSPEC_CPU_KERNELS_H

#include "cpu_identify.h"
#include "vector_kernels.h"

#endif
