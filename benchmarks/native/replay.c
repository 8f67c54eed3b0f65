/*
 * Replays a malloc-lab style trace (.rep) through the C library's malloc, realloc and free,
 * and prints the best nanoseconds per operation over the repeats.
 *
 *   usage: replay TRACE.rep [REPEATS]
 *
 * The trace is parsed once into arrays; only the replay loop is timed. Blocks are not written,
 * matching memsim's replay with patterns off.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct op {
    char kind;
    int id;
    size_t size;
};

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s TRACE.rep [REPEATS]\n", argv[0]);
        return 2;
    }
    int repeats = argc > 2 ? atoi(argv[2]) : 5;
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 2;
    }
    long header[4];
    for (int i = 0; i < 4; i++) {
        if (fscanf(in, "%ld", &header[i]) != 1) {
            fprintf(stderr, "%s: expected the header's 4 numbers\n", argv[1]);
            return 2;
        }
    }
    size_t capacity = 1024, count = 0;
    struct op *ops = malloc(capacity * sizeof *ops);
    int max_id = 0;
    char kind;
    while (fscanf(in, " %c", &kind) == 1) {
        struct op op = {kind, 0, 0};
        int fields = kind == 'f' ? fscanf(in, "%d", &op.id) : fscanf(in, "%d %zu", &op.id, &op.size);
        if ((kind == 'f' && fields != 1) || (kind != 'f' && fields != 2)
                || (kind != 'a' && kind != 'r' && kind != 'f')) {
            fprintf(stderr, "%s: malformed operation %zu\n", argv[1], count + 1);
            return 2;
        }
        if (count == capacity) {
            capacity *= 2;
            ops = realloc(ops, capacity * sizeof *ops);
        }
        ops[count++] = op;
        if (op.id > max_id) {
            max_id = op.id;
        }
    }
    fclose(in);
    void **blocks = calloc((size_t) max_id + 1, sizeof *blocks);
    double best = 0;
    for (int r = 0; r < repeats; r++) {
        memset(blocks, 0, ((size_t) max_id + 1) * sizeof *blocks);
        double start = now_ns();
        for (size_t i = 0; i < count; i++) {
            struct op *op = &ops[i];
            switch (op->kind) {
            case 'a':
                blocks[op->id] = malloc(op->size);
                break;
            case 'r':
                blocks[op->id] = realloc(blocks[op->id], op->size);
                break;
            default:
                free(blocks[op->id]);
                blocks[op->id] = NULL;
                break;
            }
        }
        double per_op = (now_ns() - start) / (double) count;
        if (r == 0 || per_op < best) {
            best = per_op;
        }
    }
    printf("%.1f\n", best);
    free(blocks);
    free(ops);
    return 0;
}
