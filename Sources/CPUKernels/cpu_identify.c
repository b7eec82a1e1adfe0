#include "cpu_identify.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

static void leaf(unsigned function, unsigned sub, unsigned r[4]) {
    __cpuid_count(function, sub, r[0], r[1], r[2], r[3]);
}

static unsigned long long xcr0(void) {
    unsigned eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

void cpu_identify(cpu_identity *id) {
    memset(id, 0, sizeof *id);
    unsigned r[4];
    leaf(0, 0, r);
    unsigned maximum = r[0];
    memcpy(id->vendor, &r[1], 4);
    memcpy(id->vendor + 4, &r[3], 4);
    memcpy(id->vendor + 8, &r[2], 4);
    if (maximum < 1) return;
    leaf(1, 0, r);
    unsigned signature = r[0], ecx1 = r[2];
    unsigned baseFamily = (signature >> 8) & 0xF, baseModel = (signature >> 4) & 0xF;
    id->family = baseFamily == 0xF ? baseFamily + ((signature >> 20) & 0xFF) : baseFamily;
    id->model = (baseFamily == 6 || baseFamily == 0xF) ? baseModel + (((signature >> 16) & 0xF) << 4) : baseModel;
    id->stepping = signature & 0xF;
    id->sse4_2 = ecx1 >> 20 & 1;
    id->fma = ecx1 >> 12 & 1;
    id->avx = ecx1 >> 28 & 1;
    if (ecx1 >> 27 & 1) {  // OSXSAVE: xgetbv is available
        unsigned long long enabled = xcr0();
        id->os_saves_ymm = (enabled & 0x6) == 0x6;
        id->os_saves_zmm = (enabled & 0xE6) == 0xE6;
    }
    if (maximum >= 7) {
        leaf(7, 0, r);
        unsigned ebx = r[1], ecx = r[2], edx = r[3], subleaves = r[0];
        id->avx2 = ebx >> 5 & 1;
        id->avx512f = ebx >> 16 & 1;
        id->avx512dq = ebx >> 17 & 1;
        id->avx512cd = ebx >> 28 & 1;
        id->avx512bw = ebx >> 30 & 1;
        id->avx512vl = ebx >> 31 & 1;
        id->avx512_vnni = ecx >> 11 & 1;
        id->avx512_fp16 = edx >> 23 & 1;
        id->amx_bf16 = edx >> 22 & 1;
        id->amx_tile = edx >> 24 & 1;
        if (subleaves >= 1) {
            leaf(7, 1, r);
            id->avx512_bf16 = r[0] >> 5 & 1;
        }
    }
    leaf(0x80000000, 0, r);
    if (r[0] >= 0x80000004) {
        for (unsigned i = 0; i < 3; i++) {
            leaf(0x80000002 + i, 0, r);
            memcpy(id->brand + 16 * i, r, 16);
        }
        id->brand[48] = 0;
        // Trim the padding some processors put around the name.
        char *start = id->brand;
        while (*start == ' ') start++;
        memmove(id->brand, start, strlen(start) + 1);
        for (long end = (long)strlen(id->brand) - 1; end >= 0 && id->brand[end] == ' '; end--) id->brand[end] = 0;
    }
}

#else

void cpu_identify(cpu_identity *id) { memset(id, 0, sizeof *id); }

#endif
