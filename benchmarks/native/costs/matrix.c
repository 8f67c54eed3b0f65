/*
 * The C counterpart of `memsim cost`'s third demonstration: a side x side array of longs
 * (side = max(16, sqrt(16 n)), as memsim sizes it) read row by row against column by column.
 * Compile with loop interchange off, or the compiler turns the columns into rows. Prints
 * nanoseconds per element for each side.
 *
 *   usage: matrix [N]
 */
#include "timing.h"

static double traverse(const long *m, long side, int by_rows, long rounds) {
    double start = now_ns();
    for (long r = 0; r < rounds; r++) {
        long sum = 0;
        for (long x = 0; x < side; x++) {
            for (long y = 0; y < side; y++) {
                sum += by_rows ? m[x * side + y] : m[y * side + x];
            }
        }
        sink_value = sum;
    }
    return (now_ns() - start) / ((double) side * (double) side * (double) rounds);
}

int main(int argc, char **argv) {
    long n = parse_n(argc, argv);
    /* floor(sqrt(16 n)), by bisection, as memsim's (int) Math.sqrt(n * 16.0). */
    long low = 0;
    long high = 1L << 16;
    while (low < high) {
        long middle = (low + high + 1) / 2;
        if (middle * middle <= 16 * n) {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    long side = low;
    if (side < 16) {
        side = 16;
    }
    long *m = calloc((size_t) (side * side), sizeof(long));
    traverse(m, side, 1, 1);
    printf("rows %.4f\n", traverse(m, side, 1, rounds_for(side * side, 0.5)));
    traverse(m, side, 0, 1);
    printf("columns %.4f\n", traverse(m, side, 0, rounds_for(side * side, 2)));
    return 0;
}
