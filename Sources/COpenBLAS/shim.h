// The C interface of OpenBLAS (Debian: libopenblas-dev): cblas_* and openblas_set_num_threads.
#include <cblas.h>
