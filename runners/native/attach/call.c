/* Running functions on a thread held at a safe point, and putting it back exactly as it was.
 *
 * A call: the registers as saved, rip = the function, its arguments in rdi..r9, rsp below the red zone
 * with strings above it and a return address of 0, and orig_rax = -1 so that the kernel does not treat
 * the registers as an interrupted system call to restart. The thread's signals are blocked meanwhile
 * (but the faults that end or fail the call), so that no handler runs on top of a function that may hold
 * the allocator's lock, and each signal stays queued with its siginfo, to be delivered after. The
 * function returns to 0; the SIGSEGV that follows stops the thread for us (we are its tracer) and is
 * never delivered. Then the saved mask, general registers and whole extended state (at exactly the size
 * the kernel gave) go back, and with them orig_rax and rax of the system call the thread was in: the
 * kernel restarts it (poll, futex, nanosleep, read) as after any stop. */
#include "attach.h"

#include <elf.h>
#include <errno.h>
#include <linux/futex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define RED_ZONE 128
#define ERESTARTSYS 512
#define ERESTART_RESTARTBLOCK 516
#ifndef SEGV_CPERR
#define SEGV_CPERR 10 /* a control-protection fault: a return the shadow stack did not expect */
#endif
#ifndef FUTEX_LOCK_PI2
#define FUTEX_LOCK_PI2 13
#endif

double abandon_grace_ms = 30000;

static int poke(pid_t tid, uint64_t addr, const void *data, size_t len) {
  const unsigned char *p = data;
  for (size_t i = 0; i < len; i += 8) {
    uint64_t word = 0;
    size_t n = len - i < 8 ? len - i : 8;
    if (n < 8) {
      errno = 0;
      long old = ptrace(PTRACE_PEEKDATA, tid, (void *)(addr + i), 0);
      if (errno) return -1;
      memcpy(&word, &old, 8);
    }
    memcpy(&word, p + i, n);
    if (ptrace(PTRACE_POKEDATA, tid, (void *)(addr + i), (void *)word) < 0) return -1;
  }
  return 0;
}

static void defer(held_thread *t, int sig) {
  if (t->ndeferred < MAX_DEFERRED) t->deferred[t->ndeferred++] = sig;
}

/* A timed wait of the call's, interrupted, leaves its restart data in the thread in place of the
 * thread's own: the thread's own interrupted wait can then not be restarted (restore_and_detach). */
static void note_restart(held_thread *t, const struct user_regs_struct *now) {
  if ((long)now->orig_rax >= 0 && (long)now->rax == -ERESTART_RESTARTBLOCK) t->restart_clobbered = 1;
}

/* Whether the call, stopped now, waits for a futex lock it does not hold: the one place it can be
 * left without leaving a lock of its own held (a wait operation, interrupted, not a wake's exit). */
static int at_lock_wait(const struct user_regs_struct *now) {
  if ((long)now->orig_rax != SYS_futex) return 0;
  int op = (int)(now->rsi & FUTEX_CMD_MASK);
  long rax = (long)now->rax;
  int waiting = op == FUTEX_WAIT || op == FUTEX_WAIT_BITSET || op == FUTEX_LOCK_PI || op == FUTEX_LOCK_PI2 || op == FUTEX_WAIT_REQUEUE_PI;
  return waiting && (rax == -ERESTARTSYS || rax == -ERESTART_RESTARTBLOCK || rax == -EINTR);
}

/* Runs the thread until the function returns to address 0 (its stack pointer just above the return
 * address: a jump to 0 inside the function is a crash, not a return). 0 with rax, or -1 with the
 * failure; on every path the thread is left stopped (or dead), ready for restore_and_detach. */
static int run_to_return(held_thread *t, uint64_t sp, uint64_t *rax, failure *f) {
  if (ptrace(PTRACE_CONT, t->tid, 0, 0) < 0) {
    fail(f, E_PTRACE, "PTRACE_CONT on thread %d: %s", t->tid, strerror(errno));
    return -1;
  }
  double late_since = 0;
  int interrupt_pending = 0;
  for (;;) {
    /* Out of time, or asked to stop: stop the thread and look where the call is (the deadline timer
     * repeats, so a signal that came between two waits is not lost). */
    if ((deadline_passed || stop_requested) && !interrupt_pending) {
      deadline_passed = 0;
      if (late_since == 0) {
        late_since = now_ms();
        fprintf(stderr, "reclaim-attach: %s; the call is abandoned at a lock wait%s, or run to its end\n", stop_requested ? "asked to stop" : "the call has not returned in time",
                abandon_grace_ms > 0 ? " after a grace" : "");
      }
      if (ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) == 0) interrupt_pending = 1;
    }
    int status;
    pid_t r = waitpid(t->tid, &status, __WALL);
    if (r < 0) {
      if (errno == EINTR) continue;
      fail(f, E_EXITED, "process %d ended during the call (%s)", t->pid, strerror(errno));
      return -1;
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      fail(f, E_EXITED, "process %d ended during the call (%s %d), by its own doing: the call was in another thread", t->pid, WIFEXITED(status) ? "exit status" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
      return -1;
    }
    int event = status >> 16, sig = WSTOPSIG(status);
    if (event == PTRACE_EVENT_EXIT) {
      fail(f, E_EXITED, "process %d is exiting (another thread called exit)", t->pid);
      return -1;
    }
    struct user_regs_struct now;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &now) < 0) {
      fail(f, E_PTRACE, "PTRACE_GETREGS on thread %d: %s", t->tid, strerror(errno));
      return -1;
    }
    note_restart(t, &now);
    if (event == PTRACE_EVENT_STOP) {
      /* Our interrupt (SIGTRAP), or a job-control stop of the process: the thread runs the call on;
       * a stop still in effect when we detach stops it again (the kernel's doing). */
      t->at_signal_stop = 0;
      if (sig == SIGTRAP) {
        interrupt_pending = 0;
        if (late_since > 0 && now_ms() - late_since >= abandon_grace_ms && at_lock_wait(&now)) {
          fail(f, stop_requested ? E_INTERRUPTED : E_TIMEOUT, "the call did not return in time: it was waiting for a lock another thread holds; abandoned there, and process %d goes on as before", t->pid);
          return -1;
        }
      }
      ptrace(PTRACE_CONT, t->tid, 0, 0);
      continue;
    }
    /* A signal-delivery stop: only what the mask lets through (faults, SIGSTOP) comes here. */
    t->at_signal_stop = 1;
    siginfo_t si;
    memset(&si, 0, sizeof si);
    ptrace(PTRACE_GETSIGINFO, t->tid, 0, &si);
    if (sig == SIGSEGV && ((now.rip == 0 && now.rsp == sp + 8) || (si.si_code == SEGV_CPERR && now.rsp == sp))) {
      /* The return to 0 (or, under a shadow stack, the return the shadow stack refused). */
      *rax = now.rax;
      return 0;
    }
    if (sig == SIGSYS) {
      fail(f, E_SECCOMP, "a seccomp filter of process %d refused a system call the function made (SIGSYS, system call %lld): the call was abandoned and the signal not delivered; the process goes on as before", t->pid, (long long)now.orig_rax);
      return -1;
    }
    if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP) {
      fail(f, E_CRASHED, "the called function faulted (signal %d at 0x%llx) in process %d: abandoned, the signal not delivered, the registers restored", sig, (unsigned long long)now.rip, t->pid);
      return -1;
    }
    /* SIGSTOP cannot be blocked: passed on, so the process stops (and a SIGCONT continues it) as it would. */
    int pass = sig == SIGSTOP ? sig : 0;
    if (!pass) defer(t, sig);
    if (ptrace(PTRACE_CONT, t->tid, 0, (void *)(long)pass) < 0) {
      fail(f, E_PTRACE, "PTRACE_CONT on thread %d: %s", t->tid, strerror(errno));
      return -1;
    }
  }
}

/* Every signal but the faults that end or fail a call (SIGKILL and SIGSTOP cannot be blocked). */
static uint64_t call_mask(void) {
  uint64_t keep = 0;
  const int through[] = {SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP, SIGSYS};
  for (size_t i = 0; i < sizeof through / sizeof *through; i++) keep |= 1ULL << (through[i] - 1);
  return ~keep;
}

int run_calls(held_thread *t, const call_spec *calls, int ncalls, call_result *out, failure *f) {
  /* Strings go just below the red zone, the call's stack below them. */
  char strings[MAX_STRINGS_BYTES];
  size_t used = 0;
  uint64_t str_addr[MAX_CALLS][MAX_ARGS] = {{0}};
  for (int c = 0; c < ncalls; c++)
    for (int a = 0; a < calls[c].nargs; a++)
      if (calls[c].args[a].kind == ARG_STRING) {
        size_t n = strlen(calls[c].args[a].text) + 1;
        if (used + n > sizeof strings) {
          fail(f, E_USAGE, "the strings passed are longer than %d bytes", MAX_STRINGS_BYTES);
          return -1;
        }
        memcpy(strings + used, calls[c].args[a].text, n);
        str_addr[c][a] = used;
        used += n;
      }
  uint64_t strbase = (t->regs.rsp - RED_ZONE - used) & ~(uint64_t)15;
  uint64_t sp = strbase - 16 - 8; /* rsp % 16 == 8 at the function's entry, as after a call */
  const uint64_t zero = 0;
  if ((used && poke(t->tid, strbase, strings, used) < 0) || poke(t->tid, sp, &zero, 8) < 0) {
    fail(f, E_PTRACE, "writing below the stack of thread %d: %s", t->tid, strerror(errno));
    return -1;
  }
  uint64_t blocked = call_mask();
  if (ptrace(PTRACE_SETSIGMASK, t->tid, sizeof blocked, &blocked) < 0) {
    fail(f, E_PTRACE, "PTRACE_SETSIGMASK on thread %d: %s", t->tid, strerror(errno));
    return -1;
  }
  for (int c = 0; c < ncalls; c++) out[c].called = 0;
  int asked_to_stop = 0;
  for (int c = 0; c < ncalls; c++) {
    /* Asked to stop: no new call, but the cleanup of one made (fclose after fopen). */
    if (stop_requested && !calls[c].cleanup) {
      asked_to_stop = 1;
      continue;
    }
    struct user_regs_struct regs = t->regs;
    uint64_t values[MAX_ARGS] = {0};
    int skip = 0;
    for (int a = 0; a < calls[c].nargs; a++) {
      const call_arg *arg = &calls[c].args[a];
      if (arg->kind == ARG_INT) values[a] = arg->value;
      if (arg->kind == ARG_STRING) values[a] = strbase + str_addr[c][a];
      if (arg->kind == ARG_RESULT) {
        if (!out[arg->value].called || out[arg->value].result == 0) skip = 1;
        values[a] = out[arg->value].result;
      }
    }
    if (skip) continue;
    regs.rip = calls[c].addr;
    regs.rdi = values[0], regs.rsi = values[1], regs.rdx = values[2];
    regs.rcx = values[3], regs.r8 = values[4], regs.r9 = values[5];
    regs.rax = 0; /* no vector registers used, for a variadic callee */
    regs.rsp = sp;
    regs.orig_rax = (unsigned long long)-1;
    if (c > 0 && poke(t->tid, sp, &zero, 8) < 0) {
      fail(f, E_PTRACE, "writing the return address: %s", strerror(errno));
      return -1;
    }
    if (ptrace(PTRACE_SETREGS, t->tid, 0, &regs) < 0) {
      fail(f, E_PTRACE, "PTRACE_SETREGS on thread %d: %s", t->tid, strerror(errno));
      return -1;
    }
    double t0 = now_ms();
    if (run_to_return(t, sp, &out[c].result, f) < 0) return -1;
    out[c].ms = now_ms() - t0;
    out[c].called = 1;
  }
  if (asked_to_stop) {
    fail(f, E_INTERRUPTED, "asked to stop: the calls not made yet were left out (a cleanup call still made), each made one run to its end, and process %d restored", t->pid);
    return -1;
  }
  return 0;
}

/* Whether a signal the thread's own mask lets through is pending for it or its process. */
static int signal_waiting(const held_thread *t) {
  char path[64], thread[32], process[32];
  snprintf(path, sizeof path, "/proc/%d/task/%d/status", t->pid, t->tid);
  if (status_field(path, "SigPnd", thread, sizeof thread) < 0 || status_field(path, "ShdPnd", process, sizeof process) < 0) return 1;
  return ((strtoull(thread, NULL, 16) | strtoull(process, NULL, 16)) & ~t->mask) != 0;
}

/* epoll_wait ends with EINTR when its thread is stopped, with or without a signal (signal(7)); one
 * waiting forever is restarted so that it goes on waiting. One with a timeout keeps the kernel's EINTR:
 * restarting it would wait its whole timeout again, and event loops retry EINTR with the time left. */
static int restart_endless_epoll(held_thread *t) {
  struct user_regs_struct *r = &t->regs;
  long nr = (long)r->orig_rax;
  int endless = ((nr == SYS_epoll_wait || nr == SYS_epoll_pwait) && (int)r->r10 == -1) || (nr == SYS_epoll_pwait2 && r->r10 == 0);
  /* A signal of the program's waiting to be delivered must end the wait, as it would have (Python runs
   * its handlers when the wait returns EINTR). */
  if (!endless || (long)r->rax != -EINTR || t->ndeferred > 0 || signal_waiting(t)) return 0;
  r->rax = r->orig_rax;
  r->rip -= 2;
  return 1;
}

int restore_and_detach(held_thread *t, failure *f, int *restarted) {
  int ok = 1;
  *restarted = restart_endless_epoll(t);
  /* The thread's own timed wait cannot be restarted once a call's wait overwrote its restart data:
   * it ends with EINTR (what a handled signal would make of it) rather than wait the wrong time. */
  if (t->restart_clobbered && (long)t->regs.rax == -ERESTART_RESTARTBLOCK) t->regs.rax = (unsigned long long)-EINTR;
  if (ptrace(PTRACE_SETSIGMASK, t->tid, sizeof t->mask, &t->mask) < 0) ok = 0;
  if (t->have_xstate) {
    struct iovec iov = {t->xstate, t->xstate_size};
    if (ptrace(PTRACE_SETREGSET, t->tid, (void *)NT_X86_XSTATE, &iov) < 0) ok = 0;
  } else if (ptrace(PTRACE_SETFPREGS, t->tid, 0, &t->fpregs) < 0) {
    ok = 0;
  }
  if (ptrace(PTRACE_SETREGS, t->tid, 0, &t->regs) < 0) ok = 0;
  if (!ok && errno == ESRCH) return 0; /* the thread is gone */
  if (!ok) {
    fail(f, E_PTRACE, "restoring the registers of thread %d failed: %s", t->tid, strerror(errno));
    /* Detaching now would run the thread on our registers; the kernel's detach at our exit does the same. */
    return -1;
  }
  /* A signal that was on its way when we stopped the thread goes on its way, siginfo and all, from a
   * signal stop; from another stop (a call abandoned) it is sent again. */
  int first = t->at_signal_stop ? t->first_sig : 0;
  if (first) ptrace(PTRACE_SETSIGINFO, t->tid, 0, &t->first_info);
  if (ptrace(PTRACE_DETACH, t->tid, 0, (void *)(long)first) < 0 && errno != ESRCH) {
    fail(f, E_PTRACE, "PTRACE_DETACH from thread %d: %s", t->tid, strerror(errno));
    return -1;
  }
  if (t->first_sig && !first) syscall(SYS_tgkill, t->pid, t->tid, t->first_sig);
  for (int i = 0; i < t->ndeferred; i++) syscall(SYS_tgkill, t->pid, t->tid, t->deferred[i]);
  return 0;
}
