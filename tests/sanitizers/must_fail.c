/*
 * must_fail: deliberate memory errors, built exactly like the C tests under
 * the sanitizers and under valgrind, so that test-asan and test-valgrind
 * cannot pass vacuously. Each mode must make the checker report an error:
 *
 *   must_fail use-after-free      read a gosoto string after gosoto_string_free
 *   must_fail leak                drop a gosoto string without freeing it
 *   must_fail overflow            read one byte past a malloc'd block
 *   must_fail syscall-after-free  write(2) a gosoto string after freeing
 *                                 it: a system call made from C with a bad
 *                                 buffer, which valgrind-go.supp's Param
 *                                 entries (Go's own system calls) must not
 *                                 hide
 *
 * Without a checker the program exits 0 (the bugs are silent), which is the
 * point: only the instrumentation can see them.
 */
#define _POSIX_C_SOURCE 200809L /* write, open */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gosoto.h>

static volatile char sink;

int main(int argc, char **argv)
{
    char *out = NULL;
    const char *mode = argc > 1 ? argv[1] : "";

    /* A real string from the library: an error JSON from gosoto_sign. */
    if (gosoto_sign("not json", &out) != GOSOTO_E_INVALID_ARGUMENT || out == NULL) {
        fprintf(stderr, "must_fail: gosoto_sign did not fail as expected\n");
        return 2;
    }
    if (strcmp(mode, "use-after-free") == 0) {
        gosoto_string_free(out);
        sink = out[1]; /* the bug */
    } else if (strcmp(mode, "leak") == 0) {
        /* The bug: strings never freed. Many of them, because a stale copy
         * of the latest pointer may linger in a register or a stack slot,
         * and LeakSanitizer rightly counts that as reachable. */
        int i;
        for (i = 0; i < 64; i++) {
            out = NULL;
            gosoto_sign("[]", &out);
        }
        out = NULL;
    } else if (strcmp(mode, "overflow") == 0) {
        char *p = malloc(8);
        memset(p, 'x', 8);
        sink = p[8 + (argc > 5)]; /* the bug */
        free(p);
        gosoto_string_free(out);
    } else if (strcmp(mode, "syscall-after-free") == 0) {
        int fd = open("/dev/null", O_WRONLY);
        size_t n = strlen(out);
        gosoto_string_free(out);
        if (fd < 0 || write(fd, out, n) < 0) /* the bug: out was freed */
            sink = 1;
        if (fd >= 0)
            close(fd);
    } else {
        fprintf(stderr, "usage: must_fail use-after-free|leak|overflow|syscall-after-free\n");
        gosoto_string_free(out);
        return 2;
    }
    return 0;
}
