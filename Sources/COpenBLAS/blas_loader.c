#define _GNU_SOURCE
#include "COpenBLAS.h"

#include <dlfcn.h>
#include <stdio.h>
#if defined(__linux__)
#include <link.h>
#endif
#include <string.h>

blas_sgemm_function blas_sgemm_pointer;
blas_sgemv_function blas_sgemv_pointer;

static void *library;
static char loaded_path[4096];
static char *(*get_corename)(void);
static char *(*get_config)(void);
static int (*get_parallel)(void);
static void (*set_num_threads)(int);

int blas_open(const char *name, char *error, unsigned long capacity) {
    if (library) return 0;
    void *handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
    if (!handle) {
        snprintf(error, capacity, "%s", dlerror());
        return -1;
    }
    blas_sgemm_function sgemm = (blas_sgemm_function)dlsym(handle, "cblas_sgemm");
    blas_sgemv_function sgemv = (blas_sgemv_function)dlsym(handle, "cblas_sgemv");
    if (!sgemm || !sgemv) {
        snprintf(error, capacity, "%s has no cblas_sgemm or cblas_sgemv", name);
        dlclose(handle);
        return -1;
    }
    blas_sgemm_pointer = sgemm;
    blas_sgemv_pointer = sgemv;
    get_corename = (char *(*)(void))dlsym(handle, "openblas_get_corename");
    get_config = (char *(*)(void))dlsym(handle, "openblas_get_config");
    get_parallel = (int (*)(void))dlsym(handle, "openblas_get_parallel");
    set_num_threads = (void (*)(int))dlsym(handle, "openblas_set_num_threads");
#if defined(__linux__)
    struct link_map *map = 0;
    if (dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map && map->l_name) snprintf(loaded_path, sizeof loaded_path, "%s", map->l_name);
#endif
    if (!loaded_path[0]) snprintf(loaded_path, sizeof loaded_path, "%s", name);
    library = handle;
    return 0;
}

const char *blas_path(void) { return library ? loaded_path : 0; }
const char *blas_corename(void) { return get_corename ? get_corename() : 0; }
const char *blas_config(void) { return get_config ? get_config() : 0; }
int blas_parallel(void) { return get_parallel ? get_parallel() : -1; }

int blas_set_threads(int threads) {
    if (!set_num_threads) return 0;
    set_num_threads(threads);
    return 1;
}
