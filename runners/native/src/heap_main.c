/* reclaim-heap: the native CPU runner. It replays a cell's plan with the catalogue's tensor sizes,
 * allocated as PyTorch's CPU allocator does, with no interpreter in between: what stays resident
 * after a free is glibc's doing (or the preloaded allocator's). Started by reclaim: plan on stdin,
 * events on fd 3. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "channel.h"
#include "plan.h"
#include "tensors.h"

/* Built with glibc (the machine's, or a Debian release's in its image) or statically with musl
 * (musl-gcc: build/reclaim-heap-musl); musl has no malloc_trim, mallinfo or version call. */
#ifdef __GLIBC__
#include <gnu/libc-version.h>
#include <malloc.h>
#endif
#ifdef RECLAIM_LIBC_MARK
/* Which C library a static build carries, for reclaim to read from the program (src/samplers/c-library.ts). */
__attribute__((used)) static const char libc_mark[] = RECLAIM_LIBC_MARK;
#endif

typedef struct {
  const char *name;
  loaded_tensors tensors;
} loaded_model;

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* glibc's own view of its heap, in MiB; left out when another allocator is preloaded (it would
 * describe glibc's unused arena, not the memory in use). */
static void malloc_figures(char *out, size_t cap) {
  const char *preload = getenv("LD_PRELOAD");
  out[0] = '\0';
  if (preload && *preload) return;
#ifdef __GLIBC__
#if __GLIBC_PREREQ(2, 33)
  struct mallinfo2 mi = mallinfo2();
#else
  struct mallinfo mi = mallinfo(); /* int fields: right below 2 GiB, which the catalogue's models stay under */
#endif
  const double mib = 1024.0 * 1024.0;
  snprintf(out, cap, "\"malloc_heap\":%.4f,\"malloc_free\":%.4f,\"malloc_mmap\":%.4f", (double)mi.arena / mib, (double)mi.fordblks / mib, (double)mi.hblkhd / mib);
#else
  (void)cap;
#endif
}

/* gc: nothing to collect in C. del_params and to_cpu change nothing for memory already on the CPU
 * (in Python too: they only drop loop variables, or move a CPU model to the CPU). */
static int act_nothing(void) { return 0; }
#ifdef __GLIBC__
static int act_malloc_trim(void) {
  malloc_trim(0);
  return 0;
}
#endif

/* A function of the allocator the process has preloaded, among the symbols already loaded (loading
 * the library now would give a second allocator holding nothing); an error event when there is none. */
static void *preloaded(const char *symbol, const char *allocator) {
  void *f = dlsym(RTLD_DEFAULT, symbol);
  if (!f) {
    char msg[256];
    snprintf(msg, sizeof msg, "%s is not loaded in this process (no %s): preload it (LD_PRELOAD), as the strategy does", allocator, symbol);
    channel_error("error", msg);
  }
  return f;
}

/* MALLCTL_ARENAS_ALL (4096 in jemalloc 5): every arena's unused pages back to the system now. */
static int act_jemalloc_purge(void) {
  int (*mallctl)(const char *, void *, size_t *, void *, size_t) = (int (*)(const char *, void *, size_t *, void *, size_t))preloaded("mallctl", "jemalloc");
  if (!mallctl) return -1;
  int rc = mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
  if (rc) {
    char msg[128];
    snprintf(msg, sizeof msg, "mallctl(arena.4096.purge) returned %d", rc);
    channel_error("error", msg);
    return -1;
  }
  return 0;
}

static int act_tcmalloc_release(void) {
  void (*release)(void) = (void (*)(void))preloaded("MallocExtension_ReleaseFreeMemory", "tcmalloc");
  if (!release) return -1;
  release();
  return 0;
}

/* The release actions, one table; the hello lists them (src/runtimes/native/descriptor.ts must agree). */
static const action_entry ACTIONS[] = {
    {"gc", act_nothing, 1},
    {"del_params", act_nothing, 1},
    {"to_cpu", act_nothing, 1},
#ifdef __GLIBC__
    {"malloc_trim", act_malloc_trim, 0},
#endif
    {"jemalloc_purge", act_jemalloc_purge, 0},
    {"tcmalloc_release_free_memory", act_tcmalloc_release, 0},
};
static const char *const OPS[] = {"load", "unload", "release", "mark", "sleep", "keep", "spike"};
#define N_ACTIONS (sizeof ACTIONS / sizeof *ACTIONS)

static int do_action(const char *action) { return action_run(ACTIONS, N_ACTIONS, action, "native runner"); }

static loaded_model *find_loaded(loaded_model *loaded, size_t n, const char *name) {
  for (size_t i = 0; i < n; i++)
    if (loaded[i].name && !strcmp(loaded[i].name, name)) return &loaded[i];
  return NULL;
}

static int run(const plan *p) {
  loaded_model *loaded = calloc(p->n_steps ? p->n_steps : 1, sizeof *loaded);
  size_t n_loaded = 0;
  char figures[256], msg[512];
  for (size_t i = 0; i < p->n_steps; i++) {
    const plan_step *s = &p->steps[i];
    switch (s->op) {
      case OP_MARK:
        malloc_figures(figures, sizeof figures);
        channel_mark(s->index, figures);
        break;
      case OP_LOAD: {
        const plan_model *m = &p->models[s->model];
        double t0 = now_ms();
        loaded_model *slot = &loaded[n_loaded++];
        slot->name = s->name;
        if (tensors_allocate(&slot->tensors, m->bytes, m->count) != 0) {
          snprintf(msg, sizeof msg, "allocating %s failed: %s", m->name, strerror(errno));
          channel_error(errno == ENOMEM ? "oom" : "error", msg);
          return 1;
        }
        channel_timing("load", s->name, now_ms() - t0);
        break;
      }
      case OP_UNLOAD: {
        loaded_model *slot = find_loaded(loaded, n_loaded, s->name);
        if (!slot) {
          snprintf(msg, sizeof msg, "unload of %s, which is not loaded", s->name);
          channel_error("error", msg);
          return 1;
        }
        double t0 = now_ms();
        for (size_t a = 0; a < s->n_before; a++)
          if (do_action(s->before[a]) != 0) return 1;
        tensors_free(&slot->tensors);
        slot->name = NULL;
        for (size_t a = 0; a < s->n_actions; a++)
          if (do_action(s->actions[a]) != 0) return 1;
        channel_timing("unload", s->name, now_ms() - t0);
        break;
      }
      case OP_RELEASE:
        for (size_t a = 0; a < s->n_actions; a++)
          if (do_action(s->actions[a]) != 0) return 1;
        break;
      case OP_SLEEP: {
        struct timespec ts = {(time_t)(s->ms / 1000), (long)((s->ms - 1000 * (long)(s->ms / 1000)) * 1e6)};
        while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {}
        break;
      }
      case OP_KEEP: { /* held to the end, like a cache entry or a log record */
        void *kept = malloc(s->bytes ? s->bytes : 1);
        if (!kept) {
          channel_error("oom", "keep: malloc failed");
          return 1;
        }
        memset(kept, 0x5a, s->bytes);
        break;
      }
      case OP_SPIKE: { /* written and freed at once: a transient that is over before the next mark */
        void *transient = malloc(s->bytes ? s->bytes : 1);
        if (!transient) {
          channel_error("oom", "spike: malloc failed");
          return 1;
        }
        memset(transient, 0x5a, s->bytes);
        /* Without this the compiler sees memory written and freed unread, and drops both. */
        __asm__ volatile("" : : "r"(transient) : "memory");
        free(transient);
        break;
      }
      case OP_INIT:
        break; /* nothing to create on the CPU */
    }
  }
  return 0;
}

int main(void) {
  if (channel_open() != 0) {
    fprintf(stderr, "reclaim-heap must be started by reclaim: fd 3 (the event channel) is not open\n");
    return 2;
  }
  plan p;
  char err[512];
  if (plan_read(&p, err, sizeof err) != 0) {
    channel_error("error", err);
    return 1;
  }
  /* Article CPU variant 5: set from inside the process, after glibc has read its environment. */
  for (size_t i = 0; i < p.n_setenv; i++) setenv(p.setenv_names[i], p.setenv_values[i], 1);
  char versions[256];
#ifdef __GLIBC__
  snprintf(versions, sizeof versions, "\"glibc\":\"%s\",\"compiler\":\"gcc %d.%d\"", gnu_get_libc_version(), __GNUC__, __GNUC_MINOR__);
#else
  snprintf(versions, sizeof versions, "\"libc\":\"%s\",\"compiler\":\"gcc %d.%d\"", RECLAIM_LIBC_MARK + sizeof "reclaim-libc: " - 1, __GNUC__, __GNUC_MINOR__);
#endif
  channel_hello(versions, OPS, sizeof OPS / sizeof *OPS, ACTIONS, N_ACTIONS);
  int rc = run(&p);
  if (rc == 0) channel_done();
  return rc;
}
