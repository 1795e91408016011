/* Does this glibc honour glibc.malloc.hugetlb (2.35+)? 64 MiB of small blocks on the heap, then the
 * transparent huge pages backing the process: with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 a glibc that
 * knows the tunable madvises its heap for them (on a kernel whose THP mode is madvise or always);
 * one that does not ignores it. scripts/libc-probes/run.sh runs it here and in each release's image. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void) { for (int i = 0; i < 16384; i++) { char *p = malloc(4000); memset(p, 1, 4000); }
  char line[256]; FILE *f = fopen("/proc/self/smaps_rollup", "r"); while (fgets(line, sizeof line, f)) if (!strncmp(line, "AnonHugePages", 13)) fputs(line, stdout); return 0; }
