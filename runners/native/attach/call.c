/* Running functions on a thread held at a safe point, and putting it back exactly as it was.
 *
 * A call: the registers as saved, rip = the function, its arguments in rdi..r9, rsp below the red zone
 * with strings above it and a return address of 0, and orig_rax = -1 so that the kernel does not treat
 * the registers as an interrupted system call to restart. The function returns to 0; the SIGSEGV that
 * follows stops the thread for us (we are its tracer) and is never delivered. Then the saved general
 * registers and the whole extended state (at exactly the size the kernel gave) go back, and with them
 * orig_rax and rax of the system call the thread was in: the kernel restarts it (poll, futex,
 * nanosleep, read) as after any stop. */
#include "attach.h"

#include <elf.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#define RED_ZONE 128
#define RECHECK_MS 50.0

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

/* Runs the thread until the function returns to address 0. 0 with rax, or -1 with the failure; on every
 * path the thread is left stopped (or dead), ready for restore_and_detach. */
static int run_to_return(held_thread *t, uint64_t *rax, failure *f) {
  if (ptrace(PTRACE_CONT, t->tid, 0, 0) < 0) {
    fail(f, E_PTRACE, "PTRACE_CONT on thread %d: %s", t->tid, strerror(errno));
    return -1;
  }
  int lock_checks = 0;
  for (;;) {
    int status;
    pid_t r = waitpid(t->tid, &status, __WALL);
    if (r < 0 && errno == EINTR && (deadline_passed || stop_requested)) {
      /* Out of time or asked to stop: the call may be abandoned only while it waits for a lock it does
       * not hold (a futex wait); anywhere else it may hold one, so it is let run to its return. */
      if (ptrace(PTRACE_INTERRUPT, t->tid, 0, 0) < 0) continue;
      lock_checks++;
      if (lock_checks == 1)
        fprintf(stderr, "reclaim-attach: %s; the call is abandoned at its next lock wait, or run to its end\n", stop_requested ? "asked to stop" : "the call has not returned in time");
      arm_deadline(RECHECK_MS);
      deadline_passed = 0;
      continue;
    }
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
    if (event == PTRACE_EVENT_STOP) {
      t->at_signal_stop = 0;
      if (sig != SIGTRAP) {
        t->group_stop = sig; /* a job-control stop of the process: repeated when we let go */
      } else if (lock_checks > 0) {
        struct user_regs_struct now;
        if (ptrace(PTRACE_GETREGS, t->tid, 0, &now) == 0 && (long)now.orig_rax == SYS_futex) {
          fail(f, stop_requested ? E_INTERRUPTED : E_TIMEOUT, "the call did not return in time: it was waiting for a lock another thread holds; abandoned there, and process %d goes on as before", t->pid);
          return -1;
        }
      }
      ptrace(PTRACE_CONT, t->tid, 0, 0);
      continue;
    }
    /* A signal-delivery stop. */
    struct user_regs_struct now;
    if (ptrace(PTRACE_GETREGS, t->tid, 0, &now) < 0) {
      fail(f, E_PTRACE, "PTRACE_GETREGS on thread %d: %s", t->tid, strerror(errno));
      return -1;
    }
    t->at_signal_stop = 1;
    if (sig == SIGSEGV && now.rip == 0) {
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
    /* The program's own signal: held until the thread is its own again (a handler must not run on top
     * of a function that may hold the allocator's lock). */
    defer(t, sig);
    if (ptrace(PTRACE_CONT, t->tid, 0, 0) < 0) {
      fail(f, E_PTRACE, "PTRACE_CONT on thread %d: %s", t->tid, strerror(errno));
      return -1;
    }
  }
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
  for (int c = 0; c < ncalls; c++) out[c].called = 0;
  for (int c = 0; c < ncalls; c++) {
    if (stop_requested) {
      fail(f, E_INTERRUPTED, "asked to stop: %d of %d calls made, each run to its end, and process %d restored", c, ncalls, t->pid);
      return -1;
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
    if (run_to_return(t, &out[c].result, f) < 0) return -1;
    out[c].ms = now_ms() - t0;
    out[c].called = 1;
  }
  return 0;
}

/* epoll_wait ends with EINTR when its thread is stopped, with or without a signal (signal(7)); one
 * waiting forever is restarted so that it goes on waiting. One with a timeout keeps the kernel's EINTR:
 * restarting it would wait its whole timeout again, and event loops retry EINTR with the time left. */
static int restart_endless_epoll(held_thread *t) {
  struct user_regs_struct *r = &t->regs;
  long nr = (long)r->orig_rax;
  int epoll = nr == SYS_epoll_wait || nr == SYS_epoll_pwait;
  if (!epoll || (long)r->rax != -EINTR || (int)r->r10 != -1 || t->ndeferred > 0) return 0;
  r->rax = r->orig_rax;
  r->rip -= 2;
  return 1;
}

int restore_and_detach(held_thread *t, failure *f, int *restarted) {
  int ok = 1;
  *restarted = restart_endless_epoll(t);
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
  /* Signals held meanwhile: the first is delivered at the detach (from a signal stop), as the kernel
   * would have; the others, and any when not at a signal stop, are sent again. */
  int first = t->at_signal_stop && t->ndeferred > 0 ? t->deferred[0] : 0;
  if (ptrace(PTRACE_DETACH, t->tid, 0, (void *)(long)first) < 0 && errno != ESRCH) {
    fail(f, E_PTRACE, "PTRACE_DETACH from thread %d: %s", t->tid, strerror(errno));
    return -1;
  }
  for (int i = first ? 1 : 0; i < t->ndeferred; i++) syscall(SYS_tgkill, t->pid, t->tid, t->deferred[i]);
  if (t->group_stop) syscall(SYS_tgkill, t->pid, t->tid, t->group_stop);
  return 0;
}
