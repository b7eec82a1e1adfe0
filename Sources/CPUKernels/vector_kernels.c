#include "vector_kernels.h"

extern const vk_kernels vk_generic;
#if defined(__x86_64__)
extern const vk_kernels vk_avx2, vk_avx512;
#endif

const vk_kernels *vk_kernels_for_level(int level) {
    switch (level) {
    case 0: return &vk_generic;
#if defined(__x86_64__)
    case 1: return &vk_avx2;
    case 2: return &vk_avx512;
#endif
    default: return 0;
    }
}
