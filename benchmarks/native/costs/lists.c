/*
 * The C counterpart of `memsim cost`'s second demonstration: summing n longs from an array
 * against walking a linked list of 16-byte nodes {value, next}, allocated in order, and
 * allocated each beside a filler block of 16 to 96 bytes and linked in shuffled order. Prints
 * nanoseconds per element for each side.
 *
 *   usage: lists [N]
 */
#include "timing.h"

struct node {
    long value;
    struct node *next;
};

static double sum_array(const long *values, long n, long rounds) {
    double start = now_ns();
    for (long r = 0; r < rounds; r++) {
        long sum = 0;
        for (long i = 0; i < n; i++) {
            sum += values[i];
        }
        sink_value = sum;
    }
    return (now_ns() - start) / ((double) n * (double) rounds);
}

static double walk(const struct node *head, long n, long rounds) {
    double start = now_ns();
    for (long r = 0; r < rounds; r++) {
        long sum = 0;
        for (const struct node *p = head; p != NULL; p = p->next) {
            sum += p->value;
        }
        sink_value = sum;
    }
    return (now_ns() - start) / ((double) n * (double) rounds);
}

static struct node *build(long n, int shuffled) {
    uint64_t random = 11;
    struct node **nodes = malloc(sizeof(struct node *) * (size_t) n);
    for (long i = 0; i < n; i++) {
        nodes[i] = malloc(sizeof(struct node));
        if (shuffled) {
            sink_pointer = malloc((size_t) (16 + 16 * below(&random, 6)));
        }
    }
    if (shuffled) {
        for (long i = n - 1; i > 0; i--) {
            long j = below(&random, i + 1);
            struct node *t = nodes[i];
            nodes[i] = nodes[j];
            nodes[j] = t;
        }
    }
    for (long i = 0; i < n; i++) {
        nodes[i]->value = i;
        nodes[i]->next = i + 1 < n ? nodes[i + 1] : NULL;
    }
    struct node *head = nodes[0];
    free(nodes);
    return head;
}

int main(int argc, char **argv) {
    long n = parse_n(argc, argv);
    long *values = malloc(sizeof(long) * (size_t) n);
    for (long i = 0; i < n; i++) {
        values[i] = i;
    }
    struct node *in_order = build(n, 0);
    struct node *shuffled = build(n, 1);
    sum_array(values, n, 1);
    printf("array %.4f\n", sum_array(values, n, rounds_for(n, 0.5)));
    walk(in_order, n, 1);
    printf("list-in-order %.4f\n", walk(in_order, n, rounds_for(n, 2)));
    walk(shuffled, n, 1);
    printf("list-shuffled %.4f\n", walk(shuffled, n, rounds_for(n, 20)));
    return 0;
}
