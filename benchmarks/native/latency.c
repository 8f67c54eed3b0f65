/*
 * Measures how long one load takes when it depends on the load before it and lands on a random
 * cache line of a buffer: the cost of following a tag or a pointer into a heap of that size on
 * this machine, which no reordering or prefetching can hide.
 *
 *   usage: latency [MEBIBYTES] [LOADS]      (defaults: 128 and 5000000)
 *
 * The buffer's cache lines are shuffled (seeded, so every run walks the same order) and linked
 * into one cycle in that order; the walk is timed after an untimed tenth of it. Prints
 * nanoseconds per load.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#define LINE 64

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

/* xorshift64*: a fixed, portable sequence, so that the cycle does not depend on the C library. */
static uint64_t next_random(uint64_t *state) {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545F4914F6CDD1DULL;
}

int main(int argc, char **argv) {
    size_t mebibytes = argc > 1 ? strtoul(argv[1], NULL, 10) : 128;
    long loads = argc > 2 ? strtol(argv[2], NULL, 10) : 5000000;
    size_t lines = (mebibytes << 20) / LINE;
    if (lines < 2 || loads < 1) {
        fprintf(stderr, "usage: %s [MEBIBYTES >= 1] [LOADS >= 1]\n", argv[0]);
        return 2;
    }
    /* Each line starts with the index of the next line of the cycle. */
    size_t *buffer = malloc(lines * LINE);
    size_t *order = malloc(lines * sizeof *order);
    if (!buffer || !order) {
        fprintf(stderr, "%s: cannot allocate %zu MiB\n", argv[0], mebibytes);
        return 2;
    }
    for (size_t i = 0; i < lines; i++) {
        order[i] = i;
    }
    uint64_t state = 42;
    for (size_t i = lines - 1; i > 0; i--) {
        size_t j = (size_t) (next_random(&state) % (i + 1));
        size_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    const size_t stride = LINE / sizeof(size_t);
    for (size_t i = 0; i < lines; i++) {
        buffer[order[i] * stride] = order[(i + 1) % lines];
    }
    free(order);
    size_t at = 0;
    for (long i = 0; i < loads / 10; i++) {
        at = buffer[at * stride];
    }
    double start = now_ns();
    for (long i = 0; i < loads; i++) {
        at = buffer[at * stride];
    }
    double elapsed = now_ns() - start;
    printf("%.1f\n", elapsed / (double) loads);
    /* Use the walk's end, so that the compiler keeps the loop. */
    if (at == (size_t) -1) {
        puts("unreachable");
    }
    free(buffer);
    return 0;
}
