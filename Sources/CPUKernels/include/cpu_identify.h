// What the processor reports through cpuid and what the operating system enables (xgetbv).
#ifndef POLSPEC_CPU_IDENTIFY_H
#define POLSPEC_CPU_IDENTIFY_H

#include <stdbool.h>

/// One processor's identification. On other architectures than x86-64 every flag is false
/// and the strings are empty.
typedef struct cpu_identity {
    char vendor[13];      // "GenuineIntel", "AuthenticAMD", ...
    char brand[49];       // "AMD EPYC 9654 96-Core Processor", as the processor names itself
    unsigned family;      // display family (base + extended)
    unsigned model;       // display model (base + extended << 4 for families 6 and >= 15)
    unsigned stepping;
    bool sse4_2, avx, fma, avx2;
    bool avx512f, avx512dq, avx512cd, avx512bw, avx512vl, avx512_bf16, avx512_fp16, avx512_vnni;
    bool amx_tile, amx_bf16;
    bool os_saves_ymm;    // XCR0: the OS saves the AVX (ymm) state
    bool os_saves_zmm;    // XCR0: the OS saves the AVX-512 (opmask, zmm) state
} cpu_identity;

/// Fills `identity` for the processor this thread runs on.
void cpu_identify(cpu_identity *identity);

#endif
