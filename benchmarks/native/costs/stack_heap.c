/*
 * The C counterpart of `memsim cost`'s first demonstration: a frame of two longs pushed and
 * popped (a call to a function that stores two locals) against malloc(16), two stores and free,
 * n times each, on a heap that holds 2n other blocks of 16 to 128 bytes (4n allocated, every
 * other one freed). Prints nanoseconds per operation for each side.
 *
 *   usage: stack_heap [N]
 */
#include "timing.h"

/* Not inlined, so that each call pushes a return address and the locals live in its frame. */
__attribute__((noinline)) static void frame_of_two_longs(long i) {
    volatile long a = i;
    volatile long b = i;
    (void) a;
    (void) b;
}

static double push_pop(long n, long rounds) {
    double start = now_ns();
    for (long r = 0; r < rounds; r++) {
        for (long i = 0; i < n; i++) {
            frame_of_two_longs(i);
        }
    }
    return (now_ns() - start) / ((double) n * (double) rounds);
}

static double malloc_free(long n, long rounds) {
    double start = now_ns();
    for (long r = 0; r < rounds; r++) {
        for (long i = 0; i < n; i++) {
            long *p = malloc(16);
            p[0] = i;
            p[1] = i;
            sink_pointer = p;
            free(p);
        }
    }
    return (now_ns() - start) / ((double) n * (double) rounds);
}

int main(int argc, char **argv) {
    long n = parse_n(argc, argv);
    uint64_t random = 7;
    long others = 4 * n;
    void **blocks = malloc(sizeof(void *) * (size_t) others);
    for (long i = 0; i < others; i++) {
        blocks[i] = malloc((size_t) (16 + 16 * below(&random, 8)));
    }
    for (long i = 0; i < others; i += 2) {
        free(blocks[i]);
    }
    /* A first pass of each, untimed, then the timed ones. */
    push_pop(n, 1);
    malloc_free(n, 1);
    printf("push+pop %.4f\n", push_pop(n, rounds_for(n, 2)));
    printf("malloc+free %.4f\n", malloc_free(n, rounds_for(n, 20)));
    return 0;
}
