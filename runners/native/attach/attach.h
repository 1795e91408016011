/* reclaim-attach: one call (or a short chain) into a live x86-64 process through ptrace, made at a
 * safe point of one thread and undone completely afterwards. The pieces: threads.c picks and stops a
 * thread at a safe point, call.c runs the functions on it and restores it, attach_main.c reads the
 * arguments and prints the one JSON line. See docs/design.md ("Calls into a live process"). */
#ifndef RECLAIM_ATTACH_H
#define RECLAIM_ATTACH_H

#define _GNU_SOURCE
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/user.h>

/* System call numbers newer than an older distribution's headers know (x86-64's, fixed forever). */
#include <sys/syscall.h>
#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif
#ifndef SYS_process_madvise
#define SYS_process_madvise 440
#endif
#ifndef SYS_membarrier
#define SYS_membarrier 324
#endif
#ifndef SYS_mlock2
#define SYS_mlock2 325
#endif
#ifndef SYS_pkey_mprotect
#define SYS_pkey_mprotect 329
#endif

#define MAX_CALLS 8
#define MAX_ARGS 6
#define MAX_DEFERRED 16
#define MAX_STRINGS_BYTES 2048

typedef enum { ARG_INT, ARG_STRING, ARG_RESULT } arg_kind;

typedef struct {
  arg_kind kind;
  uint64_t value;   /* ARG_INT: the value; ARG_RESULT: the index of an earlier call */
  const char *text; /* ARG_STRING */
} call_arg;

typedef struct {
  uint64_t addr;
  int nargs;
  call_arg args[MAX_ARGS];
  int cleanup; /* made even when a stop was asked for (fclose after fopen) */
} call_spec;

typedef struct {
  int called;       /* 0 when skipped (an argument was an earlier call's 0) */
  uint64_t result;  /* rax on return */
  double ms;        /* from resuming the thread to its return */
} call_result;

/* Why an attempt ended; each one a line a user can act on (attach_main.c writes it). */
typedef enum {
  E_OK = 0,
  E_USAGE,
  E_NO_PROCESS,
  E_NOT_X86_64,
  E_TRACED,
  E_PERMISSION,
  E_NO_SAFE_POINT,
  E_STOPPED,
  E_EXITED,
  E_SECCOMP,
  E_CRASHED,
  E_TIMEOUT,
  E_INTERRUPTED,
  E_PTRACE,
} error_kind;

typedef struct {
  error_kind kind;
  char message[512];
} failure;

/* A thread stopped by us at a safe point, with everything needed to put it back. */
typedef struct {
  pid_t pid, tid;
  struct user_regs_struct regs;
  unsigned char *xstate;
  size_t xstate_size; /* as PTRACE_GETREGSET returned it: written back at exactly this size */
  int have_xstate;
  long long stop_rax; /* rax at the stop: the interrupted system call's -ERESTART... or result */
  struct user_fpregs_struct fpregs; /* where the kernel offers no xstate regset */
  uint64_t mask;                    /* its signal mask (the real one, also inside ppoll/sigsuspend) */
  int at_signal_stop;               /* stopped in signal-delivery-stop (a signal may be injected at detach) */
  int first_sig;                    /* a signal on its way when we stopped it: delivered at detach, siginfo kept */
  siginfo_t first_info;
  int deferred[MAX_DEFERRED];       /* signals that still reached it (unblockable ones aside): sent after */
  int ndeferred;
  int restart_clobbered;            /* a timed wait of the call was interrupted: the thread's restart data is the call's */
  double stopped_at_ms;
} held_thread;

/* How long past the deadline a call may be abandoned at a lock wait: 0 for calls that hold at most one
 * lock while they wait (glibc's malloc functions), longer for allocators that nest locks. */
extern double abandon_grace_ms;

/* Set by the helper's own SIGINT/SIGTERM/SIGHUP handler, and by its deadline (SIGALRM). */
extern volatile sig_atomic_t stop_requested;
extern volatile sig_atomic_t deadline_passed;

double now_ms(void);
void fail(failure *f, error_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void arm_deadline(double ms);
const char *syscall_name(long nr);

/* threads.c */
int status_field(const char *path, const char *name, char *out, size_t cap);
int check_target(pid_t pid, failure *f);
int stop_at_safe_point(pid_t pid, pid_t only_tid, double wait_ms, held_thread *t, failure *f);
int unsafe_syscall(long nr);

/* call.c */
int run_calls(held_thread *t, const call_spec *calls, int ncalls, call_result *out, failure *f);
int restore_and_detach(held_thread *t, failure *f, int *restarted);

#endif
