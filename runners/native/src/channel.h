/* The runner's side of reclaim's protocol: JSON-line events on fd 3; after a mark, block until the
 * harness writes {"ack": index}. Events are formatted into stack buffers: no malloc while measured. */
#ifndef RECLAIM_CHANNEL_H
#define RECLAIM_CHANNEL_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

#define RECLAIM_EVENT_FD 3

/* Fails (returns -1) when fd 3 is not open: the program was not started by reclaim. */
int channel_open(void);
/* Writes one complete line (the caller formats the JSON object, without the newline). */
void channel_send(const char *json);
/* mark: {"event":"mark","index":N,"inproc":{inproc}}, then waits for the ack. inproc may be "". */
void channel_mark(long index, const char *inproc);
void channel_timing(const char *op, const char *name, double ms);
void channel_error(const char *kind, const char *message);
void channel_done(void);
/* A release action: its name, what it does (0 on success; on failure it has sent an error event),
 * and whether it changes nothing on this runner's device (accepted so strategies apply unchanged). */
typedef struct {
  const char *name;
  int (*run)(void);
  int noop;
} action_entry;
/* Runs the action `name` of `table`; -1 with an error event when the table has none such. */
int action_run(const action_entry *table, size_t n, const char *name, const char *runner);
/* hello: {"event":"hello","runtime":"native","pid":N,"versions":{versions},"implements":{ops, actions, noop}}. */
void channel_hello(const char *versions, const char *const *ops, size_t n_ops, const action_entry *table, size_t n_actions);
/* Writes s as a JSON string body (escaped, no quotes) into dst; always NUL-terminates. */
void json_escape(char *dst, size_t cap, const char *s);

#ifdef __cplusplus
}
#endif
#endif
