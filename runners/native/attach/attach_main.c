/* reclaim-attach PID [--tid TID] [--wait-ms N] [--timeout-ms N] [--abandon-at-lock-wait]
 *                    --call ADDR [--arg i:N|s:TEXT|r:K]... [--cleanup] ...
 *
 * Calls the functions at ADDR (absolute addresses in the target, resolved by reclaim from the target's
 * own files) one after the other on one thread of process PID, stopped at a safe point, then puts the
 * thread back exactly as it was and detaches. r:K passes the result of call K (from 0); a call whose
 * r:K argument is 0 is skipped (fopen failed: no malloc_info, no fclose); a --cleanup call is made even
 * when a stop was asked for. Past --timeout-ms a call is abandoned only while it waits for a futex lock,
 * at once with --abandon-at-lock-wait (for functions that hold one lock at most while they wait, as
 * glibc's malloc functions), after 30 s more otherwise. Prints one JSON line:
 *   {"ok":true,"tid":..,"syscall":"epoll_wait","pause_ms":..,"calls":[{"result":..,"ms":..}],...}
 *   {"ok":false,"error":"permission","message":"..."}
 * and exits 0, or 1 with the target untouched. SIGINT, SIGTERM and SIGHUP end it the same way (a call
 * in progress is finished or abandoned at a lock wait first); only SIGKILL mid-call cannot be covered:
 * the kernel then detaches and the function returns to address 0 in the target (docs/guide/live-process.md). */
#include "attach.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>

volatile sig_atomic_t stop_requested = 0;
volatile sig_atomic_t deadline_passed = 0;

static const char *const ERROR_NAMES[] = {
    [E_OK] = "ok", [E_USAGE] = "usage", [E_NO_PROCESS] = "no_process", [E_NOT_X86_64] = "not_x86_64",
    [E_TRACED] = "traced", [E_PERMISSION] = "permission", [E_NO_SAFE_POINT] = "no_safe_point",
    [E_STOPPED] = "stopped", [E_EXITED] = "exited", [E_SECCOMP] = "seccomp", [E_CRASHED] = "crashed",
    [E_TIMEOUT] = "timeout", [E_INTERRUPTED] = "interrupted", [E_PTRACE] = "ptrace",
};

double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void fail(failure *f, error_kind kind, const char *fmt, ...) {
  f->kind = kind;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(f->message, sizeof f->message, fmt, ap);
  va_end(ap);
}

/* The deadline in `ms`, then every 50 ms after it: a SIGALRM that arrives between two waits is not the
 * last one (run_to_return checks the flag before each wait). */
void arm_deadline(double ms) {
  struct itimerval it = {{0, 50 * 1000}, {(time_t)(ms / 1000), (suseconds_t)((long)(ms * 1000) % 1000000)}};
  if (it.it_value.tv_sec == 0 && it.it_value.tv_usec == 0) it.it_value.tv_usec = 1;
  setitimer(ITIMER_REAL, &it, NULL);
}

const char *syscall_name(long nr) {
  switch (nr) {
    case SYS_read: return "read";
    case SYS_write: return "write";
    case SYS_poll: return "poll";
    case SYS_ppoll: return "ppoll";
    case SYS_select: return "select";
    case SYS_pselect6: return "pselect6";
    case SYS_epoll_wait: return "epoll_wait";
    case SYS_epoll_pwait: return "epoll_pwait";
    case SYS_epoll_pwait2: return "epoll_pwait2";
    case SYS_futex: return "futex";
    case SYS_nanosleep: return "nanosleep";
    case SYS_clock_nanosleep: return "clock_nanosleep";
    case SYS_wait4: return "wait4";
    case SYS_waitid: return "waitid";
    case SYS_accept: return "accept";
    case SYS_accept4: return "accept4";
    case SYS_recvfrom: return "recvfrom";
    case SYS_recvmsg: return "recvmsg";
    case SYS_pause: return "pause";
    case SYS_rt_sigsuspend: return "rt_sigsuspend";
    case SYS_rt_sigtimedwait: return "rt_sigtimedwait";
    default: return NULL;
  }
}

static void on_signal(int sig) {
  if (sig == SIGALRM)
    deadline_passed = 1;
  else
    stop_requested = 1;
}

static void json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

static int usage(const char *why) {
  printf("{\"ok\":false,\"error\":\"usage\",\"message\":");
  json_string(why);
  printf("}\n");
  return 2;
}

static int parse_u64(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 0);
  if (errno || end == s || *end) {
    /* Negative integers are passed as their two's complement. */
    long long sv = strtoll(s, &end, 0);
    if (errno || end == s || *end) return -1;
    v = (unsigned long long)sv;
  }
  *out = v;
  return 0;
}

int main(int argc, char **argv) {
#if !defined(__x86_64__)
  return usage("reclaim-attach calls into x86-64 processes only");
#endif
  static unsigned char xstate[256 * 1024];
  static call_spec calls[MAX_CALLS];
  int ncalls = 0;
  pid_t pid = 0, tid = 0;
  double wait_ms = 2000, timeout_ms = 30000;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    uint64_t n;
    if (!strcmp(a, "--tid") && v && parse_u64(v, &n) == 0) tid = (pid_t)n, i++;
    else if (!strcmp(a, "--wait-ms") && v && parse_u64(v, &n) == 0) wait_ms = (double)n, i++;
    else if (!strcmp(a, "--timeout-ms") && v && parse_u64(v, &n) == 0) timeout_ms = (double)n, i++;
    else if (!strcmp(a, "--call") && v && parse_u64(v, &n) == 0) {
      if (ncalls == MAX_CALLS) return usage("too many calls");
      calls[ncalls++] = (call_spec){.addr = n};
      i++;
    } else if (!strcmp(a, "--cleanup") && ncalls > 0) {
      calls[ncalls - 1].cleanup = 1;
    } else if (!strcmp(a, "--abandon-at-lock-wait")) {
      abandon_grace_ms = 0;
    } else if (!strcmp(a, "--arg") && v && ncalls > 0) {
      call_spec *c = &calls[ncalls - 1];
      if (c->nargs == MAX_ARGS) return usage("too many arguments for one call");
      call_arg *arg = &c->args[c->nargs++];
      if (!strncmp(v, "i:", 2) && parse_u64(v + 2, &arg->value) == 0) arg->kind = ARG_INT;
      else if (!strncmp(v, "s:", 2)) arg->kind = ARG_STRING, arg->text = v + 2;
      else if (!strncmp(v, "r:", 2) && parse_u64(v + 2, &arg->value) == 0 && arg->value < (uint64_t)ncalls - 1) arg->kind = ARG_RESULT;
      else return usage("an --arg is i:INTEGER, s:TEXT or r:EARLIER-CALL");
      i++;
    } else if (!pid && parse_u64(a, &n) == 0 && n > 0 && n < 1u << 22) pid = (pid_t)n;
    else return usage("usage: reclaim-attach PID [--tid TID] [--wait-ms N] [--timeout-ms N] [--abandon-at-lock-wait] --call ADDR [--arg i:N|s:TEXT|r:K]... [--cleanup]...");
  }
  if (!pid || ncalls == 0) return usage("name a process and at least one --call");

  /* Every signal that would end or stop the helper while it holds a thread is a request to stop, made
   * cleanly (a terminal's Ctrl-\ core-dumps by default, Ctrl-Z stops: either would leave the thread
   * held, or the called function returning to address 0 with no tracer). Only SIGKILL is not. */
  struct sigaction sa = {0};
  sa.sa_handler = on_signal; /* no SA_RESTART: a blocking waitpid returns EINTR */
  const int asks_to_stop[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM};
  for (size_t i = 0; i < sizeof asks_to_stop / sizeof *asks_to_stop; i++) sigaction(asks_to_stop[i], &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGTSTP, SIG_IGN);
  signal(SIGTTIN, SIG_IGN);
  signal(SIGTTOU, SIG_IGN);

  failure f = {E_OK, ""};
  held_thread t = {.xstate = xstate};
  call_result results[MAX_CALLS];
  int restarted = 0, held = 0;
  double t_end = 0;
  if (check_target(pid, &f) == 0) {
    arm_deadline(wait_ms + 1000); /* bounds the wait for the interrupt stop too */
    if (stop_at_safe_point(pid, tid, wait_ms, &t, &f) == 0) {
      held = 1;
      deadline_passed = 0;
      arm_deadline(timeout_ms);
      if (run_calls(&t, calls, ncalls, results, &f) == 0 && stop_requested)
        fail(&f, E_INTERRUPTED, "asked to stop: the call in progress was run to its end and process %d restored", pid);
      /* A stop asked for during the restore itself is answered by the restore. */
      sigset_t block;
      sigfillset(&block);
      sigprocmask(SIG_BLOCK, &block, NULL);
      struct itimerval off = {{0, 0}, {0, 0}};
      setitimer(ITIMER_REAL, &off, NULL);
      failure rf = {E_OK, ""};
      if (restore_and_detach(&t, &rf, &restarted) < 0 && f.kind == E_OK) f = rf;
      t_end = now_ms();
    }
  }
  if (f.kind != E_OK) {
    printf("{\"ok\":false,\"error\":\"%s\",\"message\":", ERROR_NAMES[f.kind]);
    json_string(f.message);
    if (held) printf(",\"tid\":%d,\"pause_ms\":%.3f", t.tid, t_end - t.stopped_at_ms);
    printf("}\n");
    return 1;
  }
  long nr = (long)t.regs.orig_rax;
  const char *name = syscall_name(nr);
  printf("{\"ok\":true,\"pid\":%d,\"tid\":%d,\"syscall\":", pid, t.tid);
  if (name) json_string(name);
  else printf("\"%ld\"", nr);
  printf(",\"interrupted_with\":%lld,\"restarted\":%s,\"pause_ms\":%.3f,\"xstate_bytes\":%zu,\"deferred_signals\":[", (long long)t.stop_rax, restarted ? "true" : "false", t_end - t.stopped_at_ms, t.have_xstate ? t.xstate_size : 0);
  for (int i = 0; i < t.ndeferred; i++) printf("%s%d", i ? "," : "", t.deferred[i]);
  printf("],\"calls\":[");
  for (int c = 0; c < ncalls; c++) {
    if (results[c].called) printf("%s{\"result\":\"0x%llx\",\"ms\":%.3f}", c ? "," : "", (unsigned long long)results[c].result, results[c].ms);
    else printf("%snull", c ? "," : "");
  }
  printf("]}\n");
  return 0;
}
