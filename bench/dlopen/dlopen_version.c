/* dlopen_version: time loading libgosoto.so and calling gosoto_version.
 *
 *   dlopen_version /path/to/libgosoto.so
 *
 * Prints one line, "<milliseconds> <version>": the wall time from before
 * dlopen to after gosoto_version returned (dlopen with RTLD_NOW, so every
 * symbol is bound and the Go runtime started, dlsym, the call). A process
 * loads the library once, so bench/budgets.sh runs this several times and
 * takes the median. Budget (issue 4): 20 ms. */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    double t0, t1;
    void *lib;
    const char *(*version)(void);
    const char *v;

    if (argc != 2) {
        fprintf(stderr, "usage: %s LIBRARY\n", argv[0]);
        return 2;
    }
    t0 = now_ms();
    lib = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        fprintf(stderr, "dlopen: %s\n", dlerror());
        return 1;
    }
    *(void **)(&version) = dlsym(lib, "gosoto_version");
    if (version == NULL) {
        fprintf(stderr, "dlsym gosoto_version: %s\n", dlerror());
        return 1;
    }
    v = version();
    t1 = now_ms();
    printf("%.3f %s\n", t1 - t0, v);
    return 0;
}
