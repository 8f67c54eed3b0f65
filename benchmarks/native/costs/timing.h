/*
 * Shared by the C counterparts of `memsim cost`'s demonstrations: a monotonic clock, a fixed
 * random sequence (so every run builds the same shapes), and a sink the compiler cannot see
 * through, so that no loop is optimised away.
 */
#ifndef MEMSIM_COSTS_TIMING_H
#define MEMSIM_COSTS_TIMING_H

#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

/* xorshift64*: the same sequence on every C library. */
static inline uint64_t next_random(uint64_t *state) {
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545F4914F6CDD1DULL;
}

static inline long below(uint64_t *state, long bound) {
    return (long) (next_random(state) % (uint64_t) bound);
}

/* Written after each timed loop, read by nothing: keeps the loop's result alive. */
static volatile long sink_value;
static void *volatile sink_pointer;

/* How many times to repeat a loop of `n` steps so that one timing lasts about 20 ms. */
static inline long rounds_for(long n, double ns_per_step) {
    double rounds = 2e7 / (ns_per_step * (double) n);
    return rounds < 1 ? 1 : rounds > 1e6 ? 1000000 : (long) rounds;
}

static inline long parse_n(int argc, char **argv) {
    long n = argc > 1 ? strtol(argv[1], NULL, 10) : 10000;
    if (n < 1 || n > 100000000) {
        fprintf(stderr, "usage: %s [N >= 1]\n", argv[0]);
        exit(2);
    }
    return n;
}

#endif
