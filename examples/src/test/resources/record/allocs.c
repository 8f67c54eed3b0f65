/*
 * Every kind of allocation call the importers must see, each once, with sizes that the test
 * (RecordCommandTest) checks: C's malloc family, realloc that moves, shrinks, starts from NULL
 * and ends at 0, the aligned calls, free(NULL), and one block left live from a function of its
 * own, so that a leak report can name it. Pointers go through volatile variables so that the
 * compiler keeps every call as written (it would turn realloc(NULL, n) into malloc(n), and drop
 * free(NULL)).
 */
#define _GNU_SOURCE
#include <malloc.h>
#include <mcheck.h>
#include <stdlib.h>
#include <string.h>

static void *volatile sink;
static void *volatile null_pointer;

static void *touch(void *p) {
  if (p != NULL) {
    memset(p, 1, 1);
  }
  sink = p;
  return p;
}

__attribute__((noinline)) static void *leak_one(void) { return touch(malloc(77)); }

int main(void) {
#ifdef MEMSIM_MTRACE
  mtrace(); /* logs to MALLOC_TRACE, with glibc's libc_malloc_debug.so preloaded */
#endif
  void *a = touch(malloc(100));
  void *b = touch(calloc(10, 30));
  a = touch(realloc(a, 5000));   /* grows: moves */
  a = touch(realloc(a, 40));     /* shrinks */
  void *c = touch(realloc(null_pointer, 64));
  sink = realloc(c, 0);          /* frees c */
  void *d = touch(memalign(64, 200));
  void *e = NULL;
  if (posix_memalign(&e, 128, 300) != 0) {
    return 1;
  }
  touch(e);
  void *f = touch(aligned_alloc(256, 512));
  free(null_pointer);
  free(b);
  free(d);
  free(e);
  free(f);
  free(a);
  leak_one();
  return 0;
}
