/*
 * memsim's own check program for the cache command: an array and a linked list walked three
 * times, and unaligned 8-byte loads that span two cache lines. Built and run under Valgrind
 * by ValgrindCheckTest.
 */
#include <stdlib.h>
#include <string.h>

struct node {
  long value;
  struct node *next;
};

static volatile long result;

int main(void) {
  enum { N = 2000 };
  long *array = malloc(N * sizeof(long));
  struct node *head = NULL;
  for (long i = 0; i < N; i++) {
    array[i] = i;
    struct node *n = malloc(sizeof *n);
    n->value = i;
    n->next = head;
    head = n;
  }
  long sum = 0;
  for (int r = 0; r < 3; r++) {
    for (long i = 0; i < N; i++) {
      sum += array[i];
    }
    for (struct node *n = head; n != NULL; n = n->next) {
      sum += n->value;
    }
  }
  char *bytes = (char *) array;
  for (long at = 61; at + 8 < N * (long) sizeof(long); at += 64) {
    long v;
    memcpy(&v, bytes + at, sizeof v);
    sum += v;
  }
  result = sum;
  return 0;
}
