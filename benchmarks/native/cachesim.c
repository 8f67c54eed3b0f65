/*
 * memsim's native reference for the cache command: one set-associative LRU cache with the Cache
 * Lab rules (I lines ignored, M is a load then a store, sizes ignored, an eviction is any valid
 * line replaced), reading a Valgrind lackey trace. Same output as `memsim cache -s -E -b`:
 * "hits:H misses:M evictions:E". Written for benchmarks/compare-cache.sh.
 *
 *   cachesim -s S -E E -b B -t TRACE
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  uint64_t *lines; /* line address per way, UINT64_MAX when invalid */
  uint64_t *stamps;
  unsigned sets, ways, block_bits;
  uint64_t clock, hits, misses, evictions;
} cache_t;

static void access_line(cache_t *c, uint64_t address) {
  uint64_t line = address >> c->block_bits;
  size_t base = (size_t) (line & (c->sets - 1)) * c->ways;
  uint64_t *lines = c->lines + base;
  uint64_t *stamps = c->stamps + base;
  for (unsigned w = 0; w < c->ways; w++) {
    if (lines[w] == line) {
      c->hits++;
      stamps[w] = ++c->clock;
      return;
    }
  }
  c->misses++;
  unsigned victim = 0;
  for (unsigned w = 0; w < c->ways; w++) {
    if (lines[w] == UINT64_MAX) {
      victim = w;
      goto fill;
    }
    if (stamps[w] < stamps[victim]) {
      victim = w;
    }
  }
  c->evictions++;
fill:
  lines[victim] = line;
  stamps[victim] = ++c->clock;
}

int main(int argc, char **argv) {
  int s = -1, e = -1, b = -1, opt;
  const char *trace = NULL;
  while ((opt = getopt(argc, argv, "s:E:b:t:")) != -1) {
    switch (opt) {
      case 's': s = atoi(optarg); break;
      case 'E': e = atoi(optarg); break;
      case 'b': b = atoi(optarg); break;
      case 't': trace = optarg; break;
      default: fprintf(stderr, "usage: cachesim -s S -E E -b B -t TRACE\n"); return 2;
    }
  }
  if (s < 0 || s > 30 || e < 1 || b < 0 || b > 20 || trace == NULL) {
    fprintf(stderr, "usage: cachesim -s S -E E -b B -t TRACE\n");
    return 2;
  }
  cache_t c = {0};
  c.sets = 1u << s;
  c.ways = (unsigned) e;
  c.block_bits = (unsigned) b;
  size_t slots = (size_t) c.sets * c.ways;
  c.lines = malloc(slots * sizeof *c.lines);
  c.stamps = calloc(slots, sizeof *c.stamps);
  if (c.lines == NULL || c.stamps == NULL) {
    fprintf(stderr, "cachesim: out of memory\n");
    return 3;
  }
  memset(c.lines, 0xff, slots * sizeof *c.lines);
  FILE *in = fopen(trace, "r");
  if (in == NULL) {
    perror(trace);
    return 2;
  }
  char *text = NULL;
  size_t capacity = 0;
  ssize_t length;
  while ((length = getline(&text, &capacity, in)) != -1) {
    char *p = text;
    while (*p == ' ') {
      p++;
    }
    char op = *p;
    if (op != 'L' && op != 'S' && op != 'M') {
      continue;
    }
    uint64_t address = strtoull(p + 1, NULL, 16);
    access_line(&c, address);
    if (op == 'M') {
      access_line(&c, address);
    }
  }
  free(text);
  fclose(in);
  printf("hits:%llu misses:%llu evictions:%llu\n", (unsigned long long) c.hits,
         (unsigned long long) c.misses, (unsigned long long) c.evictions);
  return 0;
}
