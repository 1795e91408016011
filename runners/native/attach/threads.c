/* Which thread to call on, and stopping it where a call cannot deadlock: inside a system call other
 * than those allocators make while holding their locks. Only that one thread is ever stopped; the
 * others run on (freezing them all would deadlock a server whose other threads hold locks). */
#include "attach.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_THREADS 4096
#define CAP_SYS_PTRACE_BIT 19

/* System calls an allocator (glibc, jemalloc, tcmalloc, mimalloc) makes with a lock held, or after
 * which a call would run in a half-made process: never a place to call from. */
int unsafe_syscall(long nr) {
  switch (nr) {
    case SYS_mmap:
    case SYS_munmap:
    case SYS_mremap:
    case SYS_madvise:
    case SYS_brk:
    case SYS_mprotect:
    case SYS_clone:
    case SYS_clone3:
    case SYS_fork:
    case SYS_vfork:
    case SYS_execve:
    case SYS_execveat:
    case SYS_exit:
    case SYS_exit_group:
    case SYS_rt_sigreturn:
    case SYS_mbind:
    case SYS_set_mempolicy:
    case SYS_pkey_mprotect:
    case SYS_mlock:
    case SYS_mlock2:
    case SYS_munlock:
    case SYS_mlockall:
    case SYS_munlockall:
    case SYS_membarrier:
    case SYS_process_madvise:
      return 1;
    default:
      return 0;
  }
}

/* Preferred waits first: a thread parked in an event loop or a sleep holds nothing; a futex wait may be
 * a lock of the program's own; any other system call is a last resort. epoll_wait with a timeout ends
 * with EINTR when its thread stops (call.c), which event loops retry: after the futex waits. */
static int rank_of(long nr, unsigned long long timeout_arg) {
  switch (nr) {
    case SYS_epoll_wait:
    case SYS_epoll_pwait:
      return (int)timeout_arg == -1 ? 0 : 2;
    case SYS_epoll_pwait2:
      return timeout_arg == 0 ? 0 : 2;
    case SYS_poll:
    case SYS_ppoll:
    case SYS_select:
    case SYS_pselect6:
    case SYS_nanosleep:
    case SYS_clock_nanosleep:
    case SYS_pause:
    case SYS_rt_sigsuspend:
    case SYS_wait4:
    case SYS_waitid:
      return 0;
    case SYS_futex:
      return 1;
    default:
      return 2;
  }
}

static int read_small(const char *path, char *buf, size_t cap) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -1;
  ssize_t n = read(fd, buf, cap - 1);
  int saved = errno;
  close(fd);
  if (n < 0) {
    errno = saved;
    return -1;
  }
  buf[n] = '\0';
  return (int)n;
}

/* A "Name:\tvalue" line of a status file. */
int status_field(const char *path, const char *name, char *out, size_t cap) {
  char buf[8192];
  if (read_small(path, buf, sizeof buf) < 0) return -1;
  size_t len = strlen(name);
  for (char *line = buf; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (strncmp(line, name, len) == 0 && line[len] == ':') {
      char *v = line + len + 1;
      while (*v == ' ' || *v == '\t') v++;
      size_t n = strcspn(v, "\n");
      if (n >= cap) n = cap - 1;
      memcpy(out, v, n);
      out[n] = '\0';
      return 0;
    }
  }
  return -1;
}

static int have_cap_sys_ptrace(void) {
  char v[64];
  if (status_field("/proc/self/status", "CapEff", v, sizeof v) < 0) return 0;
  unsigned long long caps = strtoull(v, NULL, 16);
  return (caps >> CAP_SYS_PTRACE_BIT) & 1;
}

int check_target(pid_t pid, failure *f) {
  char path[64], state[64];
  snprintf(path, sizeof path, "/proc/%d/status", pid);
  if (status_field(path, "State", state, sizeof state) < 0) {
    fail(f, E_NO_PROCESS, "no process %d", pid);
    return -1;
  }
  char threads[16] = "0";
  status_field(path, "Threads", threads, sizeof threads);
  /* A zombie leader with threads still running (the main thread called pthread_exit) is alive. */
  if (state[0] == 'X' || (state[0] == 'Z' && atoi(threads) <= 1)) {
    fail(f, E_NO_PROCESS, "process %d has exited (%s)", pid, state);
    return -1;
  }
  /* Its program's ELF header says 32 or 64 bits, and which machine. Unreadable: ptrace will say why. */
  snprintf(path, sizeof path, "/proc/%d/exe", pid);
  unsigned char ident[20];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ssize_t n = read(fd, ident, sizeof ident);
    close(fd);
    if (n == (ssize_t)sizeof ident && memcmp(ident, ELFMAG, SELFMAG) == 0) {
      uint16_t machine = (uint16_t)(ident[18] | ident[19] << 8);
      if (ident[EI_CLASS] == ELFCLASS32) {
        fail(f, E_NOT_X86_64, "process %d is a 32-bit program: reclaim calls only into 64-bit x86 processes; nothing was touched", pid);
        return -1;
      }
      if (machine != EM_X86_64) {
        fail(f, E_NOT_X86_64, "process %d is not an x86-64 program (ELF machine %u); nothing was touched", pid, machine);
        return -1;
      }
    }
  }
  return 0;
}

/* Why PTRACE_SEIZE said EPERM, in terms of what the user can change. */
static void permission_failure(pid_t pid, pid_t tid, failure *f) {
  char path[64], v[128];
  snprintf(path, sizeof path, "/proc/%d/task/%d/status", pid, tid);
  if (status_field(path, "TracerPid", v, sizeof v) == 0 && atoi(v) != 0) {
    int tracer = atoi(v);
    char comm[64] = "?";
    snprintf(path, sizeof path, "/proc/%d/comm", tracer);
    if (read_small(path, comm, sizeof comm) > 0) comm[strcspn(comm, "\n")] = '\0';
    fail(f, E_TRACED, "process %d is already traced by process %d (%s): a process has one tracer at a time; detach it (end the debugger or strace) and try again; nothing was touched", pid, tracer, comm);
    return;
  }
  int cap = have_cap_sys_ptrace();
  unsigned uid = 0;
  int known_uid = status_field(path, "Uid", v, sizeof v) == 0 && sscanf(v, "%u", &uid) == 1;
  if (!cap && known_uid && uid != geteuid()) {
    fail(f, E_PERMISSION, "process %d runs as uid %u and reclaim as uid %u without CAP_SYS_PTRACE: run reclaim as uid %u or as root (in a container: docker run --cap-add=SYS_PTRACE); nothing was touched", pid, uid, geteuid(), uid);
    return;
  }
  char scope[16];
  if (!cap && read_small("/proc/sys/kernel/yama/ptrace_scope", scope, sizeof scope) > 0 && atoi(scope) > 0) {
    fail(f, E_PERMISSION, "kernel.yama.ptrace_scope is %d, which lets only %s trace process %d: run reclaim as root, or allow it with sysctl kernel.yama.ptrace_scope=0; nothing was touched", atoi(scope), atoi(scope) == 1 ? "its parent or a process with CAP_SYS_PTRACE" : "processes with CAP_SYS_PTRACE", pid);
    return;
  }
  if (!cap) {
    /* The kernel also refuses a process holding capabilities the tracer lacks (a root process). */
    char theirs[64], ours[64];
    if (status_field(path, "CapPrm", theirs, sizeof theirs) == 0 && status_field("/proc/self/status", "CapEff", ours, sizeof ours) == 0 &&
        (strtoull(theirs, NULL, 16) & ~strtoull(ours, NULL, 16))) {
      fail(f, E_PERMISSION, "process %d holds capabilities reclaim lacks (its CapPrm %s, reclaim's CapEff %s) and reclaim has no CAP_SYS_PTRACE: run reclaim as root with it (in a container: docker run --cap-add=SYS_PTRACE); nothing was touched", pid, theirs, ours);
      return;
    }
    fail(f, E_PERMISSION, "ptrace of process %d was refused without CAP_SYS_PTRACE (a program that is not dumpable, e.g. setuid, or a security module): run reclaim as root (in a container: docker run --cap-add=SYS_PTRACE); nothing was touched", pid);
    return;
  }
  fail(f, E_PERMISSION, "ptrace of process %d was refused even with CAP_SYS_PTRACE (a seccomp profile or a security module such as AppArmor or SELinux forbids it); nothing was touched", pid);
}

typedef struct {
  pid_t tid;
  int rank;
} candidate;

static int by_rank(const void *a, const void *b) {
  const candidate *x = a, *y = b;
  return x->rank != y->rank ? x->rank - y->rank : x->tid - y->tid;
}

/* SIGSEGV ends the call (a return to address 0); the kernel would force it through a process that
 * ignores it by resetting its handler, so such a process is never called into. (A thread that blocks
 * it is fine: the call's own mask lets it through.) */
static int segv_usable(pid_t pid, pid_t tid) {
  char path[64], v[64];
  snprintf(path, sizeof path, "/proc/%d/task/%d/status", pid, tid);
  return !(status_field(path, "SigIgn", v, sizeof v) == 0 && (strtoull(v, NULL, 16) & (1ULL << (SIGSEGV - 1))));
}

/* The thread's state letter (/proc/PID/task/TID/stat, after the command's closing parenthesis). */
static char thread_state(pid_t pid, pid_t tid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/task/%d/stat", pid, tid);
  if (read_small(path, buf, sizeof buf) <= 0) return '?';
  const char *close = strrchr(buf, ')');
  return close && close[1] == ' ' ? close[2] : '?';
}

/* Whether the stack below rsp has room for a call (64 KiB): the main stack grows on demand; a thread's
 * stack, an alternate signal stack or a coroutine's may be small, and a call that overflows one while it
 * holds the allocator's lock would be the worst outcome. */
static int stack_has_room(pid_t pid, uint64_t rsp) {
  char path[64], line[512];
  snprintf(path, sizeof path, "/proc/%d/maps", pid);
  FILE *maps = fopen(path, "r");
  if (!maps) return 0;
  int room = 0;
  while (fgets(line, sizeof line, maps)) {
    unsigned long long lo, hi;
    if (sscanf(line, "%llx-%llx", &lo, &hi) != 2 || rsp < lo || rsp >= hi) continue;
    room = strstr(line, "[stack]") != NULL || rsp - lo >= 64 * 1024;
    break;
  }
  fclose(maps);
  return room;
}

/* Whether thread `tid` is one of process `pid`'s (a thread id reused by another process since it was listed is not). */
static int thread_of(pid_t pid, pid_t tid) {
  char path[64], v[32];
  snprintf(path, sizeof path, "/proc/%d/status", tid);
  return status_field(path, "Tgid", v, sizeof v) == 0 && atoi(v) == pid;
}

/* The threads blocked in a safe system call now, best first (/proc/PID/task/TID/syscall). */
static int list_candidates(pid_t pid, pid_t only_tid, candidate *out, int cap, int *threads_seen) {
  char path[64];
  int n = 0;
  *threads_seen = 0;
  snprintf(path, sizeof path, "/proc/%d/task", pid);
  DIR *d = opendir(path);
  if (!d) return -1;
  struct dirent *e;
  while ((e = readdir(d)) && n < cap) {
    if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
    pid_t tid = atoi(e->d_name);
    if (only_tid && tid != only_tid) continue;
    (*threads_seen)++;
    char sys[256];
    snprintf(path, sizeof path, "/proc/%d/task/%d/syscall", pid, tid);
    if (read_small(path, sys, sizeof sys) <= 0) {
      out[n++] = (candidate){tid, 3}; /* unreadable: try it, the registers decide */
      continue;
    }
    if (sys[0] < '0' || sys[0] > '9') continue; /* "running" or "-1 ...": not in a system call */
    if (thread_state(pid, tid) == 'D') continue; /* uninterruptible: it would not stop for us */
    /* "NR arg1 ... arg6 sp pc", the arguments in hex: epoll's timeout is the fourth. */
    char *p = sys;
    long nr = strtol(p, &p, 10);
    unsigned long long arg[4] = {0};
    for (int a = 0; a < 4; a++) arg[a] = strtoull(p, &p, 16);
    if (unsafe_syscall(nr) || !segv_usable(pid, tid)) continue;
    out[n++] = (candidate){tid, rank_of(nr, arg[3])};
  }
  closedir(d);
  qsort(out, n, sizeof *out, by_rank);
  return n;
}

/* waitpid for one stop of tid; -2 when the deadline or a stop request interrupted the wait. */
static int wait_stop(pid_t tid, int *status) {
  for (;;) {
    pid_t r = waitpid(tid, status, __WALL);
    if (r == tid) return 0;
    if (r < 0 && errno == EINTR) {
      if (deadline_passed || stop_requested) return -2;
      continue;
    }
    return -1;
  }
}

static int save_state(held_thread *t, failure *f) {
  if (ptrace(PTRACE_GETREGS, t->tid, 0, &t->regs) < 0) {
    fail(f, E_PTRACE, "PTRACE_GETREGS on thread %d: %s", t->tid, strerror(errno));
    return -1;
  }
  t->stop_rax = (long long)t->regs.rax;
  /* The whole extended state (AVX-512, AMX tiles...) at the size this kernel uses for this process. */
  struct iovec iov = {t->xstate, 256 * 1024};
  if (ptrace(PTRACE_GETREGSET, t->tid, (void *)NT_X86_XSTATE, &iov) == 0) {
    if (iov.iov_len >= 256 * 1024) {
      fail(f, E_PTRACE, "the extended register state of thread %d is larger than 256 KiB", t->tid);
      return -1;
    }
    t->xstate_size = iov.iov_len;
    t->have_xstate = 1;
  } else if (ptrace(PTRACE_GETFPREGS, t->tid, 0, &t->fpregs) < 0) {
    fail(f, E_PTRACE, "reading the floating-point state of thread %d: %s", t->tid, strerror(errno));
    return -1;
  }
  return 0;
}

/* Seize tid and stop it; 1 with *t filled when it stopped at a safe point (left stopped), 0 when not
 * (detached again, untouched), -1 on a failure that ends the attempt. */
static int try_thread(pid_t pid, pid_t tid, held_thread *t, failure *f) {
  if (ptrace(PTRACE_SEIZE, tid, 0, 0) < 0) {
    if (errno == ESRCH) return 0; /* gone meanwhile */
    if (errno == EPERM) {
      permission_failure(pid, tid, f);
      return -1;
    }
    fail(f, E_PTRACE, "PTRACE_SEIZE on thread %d of process %d: %s; nothing was touched", tid, pid, strerror(errno));
    return -1;
  }
  double t0 = now_ms();
  if (ptrace(PTRACE_INTERRUPT, tid, 0, 0) < 0) {
    ptrace(PTRACE_DETACH, tid, 0, 0);
    return 0;
  }
  int status;
  int w = wait_stop(tid, &status);
  if (w == -2) {
    /* Attached but never stopped (uninterruptible sleep): the kernel detaches when this helper exits. */
    fail(f, stop_requested ? E_INTERRUPTED : E_NO_SAFE_POINT, "thread %d of process %d did not stop (it is in an uninterruptible wait); nothing was called", tid, pid);
    return -1;
  }
  if (w < 0 || WIFEXITED(status) || WIFSIGNALED(status)) return 0;
  memset(&t->regs, 0, sizeof t->regs);
  t->pid = pid;
  t->tid = tid;
  t->ndeferred = 0;
  t->first_sig = 0;
  t->restart_clobbered = 0;
  t->at_signal_stop = 0;
  t->stopped_at_ms = t0;
  int event = status >> 16, sig = WSTOPSIG(status);
  if (!thread_of(pid, tid)) {
    ptrace(PTRACE_DETACH, tid, 0, event == 0 ? sig : 0);
    return 0;
  }
  if (event == PTRACE_EVENT_STOP && sig != SIGTRAP) {
    /* A job-control stop: the process was stopped already (SIGSTOP, Ctrl-Z); leave it so. */
    ptrace(PTRACE_DETACH, tid, 0, 0);
    fail(f, E_STOPPED, "process %d is stopped (signal %d, e.g. Ctrl-Z or SIGSTOP): continue it first (kill -CONT %d); nothing was touched", pid, sig, pid);
    return -1;
  }
  if (event == 0) {
    /* A signal was on its way to the thread: held back now, delivered (siginfo and all) when we let go. */
    t->at_signal_stop = 1;
    t->first_sig = sig;
    memset(&t->first_info, 0, sizeof t->first_info);
    ptrace(PTRACE_GETSIGINFO, tid, 0, &t->first_info);
  }
  if (save_state(t, f) < 0 || ptrace(PTRACE_GETSIGMASK, tid, sizeof t->mask, &t->mask) < 0) {
    if (f->kind == E_OK) fail(f, E_PTRACE, "PTRACE_GETSIGMASK on thread %d: %s", tid, strerror(errno));
    ptrace(PTRACE_DETACH, tid, 0, t->first_sig);
    return -1;
  }
  long nr = (long)t->regs.orig_rax;
  if (nr < 0 || unsafe_syscall(nr) || !segv_usable(pid, tid) || !stack_has_room(pid, t->regs.rsp)) {
    ptrace(PTRACE_DETACH, tid, 0, t->first_sig);
    return 0;
  }
  return 1;
}

int stop_at_safe_point(pid_t pid, pid_t only_tid, double wait_ms, held_thread *t, failure *f) {
  static candidate cands[MAX_THREADS];
  double until = now_ms() + wait_ms;
  int threads = 0;
  for (;;) {
    if (stop_requested) {
      fail(f, E_INTERRUPTED, "interrupted before any call; nothing was touched");
      return -1;
    }
    int n = list_candidates(pid, only_tid, cands, MAX_THREADS, &threads);
    if (n < 0) {
      fail(f, E_NO_PROCESS, "process %d has exited", pid);
      return -1;
    }
    if (threads == 0 && only_tid) {
      fail(f, E_NO_PROCESS, "process %d has no thread %d", pid, only_tid);
      return -1;
    }
    for (int i = 0; i < n; i++) {
      int r = try_thread(pid, cands[i].tid, t, f);
      if (r != 0) return r > 0 ? 0 : -1;
    }
    if (now_ms() >= until) break;
    struct timespec pause = {0, 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  fail(f, E_NO_SAFE_POINT,
       "no thread of process %d (%d thread%s) was waiting in a system call where a call is safe within %.0f ms (all were running, or in mmap, munmap, madvise, brk or mprotect, or block or ignore SIGSEGV); nothing was called: try again when it is idle, or with a longer --timeout",
       pid, threads, threads == 1 ? "" : "s", wait_ms);
  return -1;
}
