#include "channel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int channel_open(void) {
  struct stat st;
  return fstat(RECLAIM_EVENT_FD, &st) == 0 ? 0 : -1;
}

void channel_send(const char *json) {
  size_t len = strlen(json);
  char line[8192];
  if (len + 1 > sizeof line) len = sizeof line - 1;
  memcpy(line, json, len);
  line[len++] = '\n';
  for (size_t done = 0; done < len;) {
    ssize_t n = write(RECLAIM_EVENT_FD, line + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3); /* the harness is gone: nothing left to report to */
    done += (size_t)n;
  }
}

/* Reads one line from fd 3 into buf (without the newline). */
static void read_line(char *buf, size_t cap) {
  size_t len = 0;
  for (;;) {
    char c;
    ssize_t n = read(RECLAIM_EVENT_FD, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);
    if (c == '\n') break;
    if (len + 1 < cap) buf[len++] = c;
  }
  buf[len] = '\0';
}

void channel_mark(long index, const char *inproc) {
  char event[1024];
  snprintf(event, sizeof event, "{\"event\":\"mark\",\"index\":%ld,\"inproc\":{%s}}", index, inproc ? inproc : "");
  channel_send(event);
  char ack[128];
  read_line(ack, sizeof ack);
  /* The harness writes exactly {"ack":N}: a check, not a JSON parser. */
  const char *num = strstr(ack, "\"ack\":");
  if (!num || strtol(num + 6, NULL, 10) != index) {
    fprintf(stderr, "reclaim-native: expected the ack of mark %ld, got %s\n", index, ack);
    _exit(4);
  }
}

void json_escape(char *dst, size_t cap, const char *s) {
  size_t o = 0;
  for (; *s && o + 7 < cap; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') {
      dst[o++] = '\\';
      dst[o++] = (char)c;
    } else if (c < 0x20) {
      o += (size_t)snprintf(dst + o, cap - o, "\\u%04x", c);
    } else {
      dst[o++] = (char)c;
    }
  }
  dst[o] = '\0';
}

void channel_timing(const char *op, const char *name, double ms) {
  char escaped[512], event[1024];
  json_escape(escaped, sizeof escaped, name);
  snprintf(event, sizeof event, "{\"event\":\"timing\",\"op\":\"%s\",\"name\":\"%s\",\"ms\":%.3f}", op, escaped, ms);
  channel_send(event);
}

void channel_error(const char *kind, const char *message) {
  char escaped[4096], event[4300];
  json_escape(escaped, sizeof escaped, message);
  snprintf(event, sizeof event, "{\"event\":\"error\",\"kind\":\"%s\",\"message\":\"%s\"}", kind, escaped);
  channel_send(event);
}

void channel_done(void) { channel_send("{\"event\":\"done\"}"); }

int action_run(const action_entry *table, size_t n, const char *name, const char *runner) {
  for (size_t i = 0; i < n; i++)
    if (!strcmp(table[i].name, name)) return table[i].run();
  char msg[256];
  snprintf(msg, sizeof msg, "the %s has no action %s", runner, name);
  channel_error("error", msg);
  return -1;
}

/* Appends "a","b" (the names, quoted) to out; the names are the runner's own identifiers. */
static size_t append_names(char *out, size_t len, size_t cap, const char *const *names, size_t n) {
  for (size_t i = 0; i < n && len < cap; i++) len += (size_t)snprintf(out + len, cap - len, "%s\"%s\"", i ? "," : "", names[i]);
  return len < cap ? len : cap - 1;
}

void channel_hello(const char *versions, const char *const *ops, size_t n_ops, const action_entry *table, size_t n_actions) {
  const char *actions[64], *noop[64];
  size_t na = 0, nn = 0;
  for (size_t i = 0; i < n_actions && i < 64; i++) {
    actions[na++] = table[i].name;
    if (table[i].noop) noop[nn++] = table[i].name;
  }
  char event[2048];
  size_t len = (size_t)snprintf(event, sizeof event, "{\"event\":\"hello\",\"runtime\":\"native\",\"pid\":%ld,\"versions\":{%s},\"implements\":{\"ops\":[",
                                (long)getpid(), versions);
  len = append_names(event, len, sizeof event, ops, n_ops);
  len += (size_t)snprintf(event + len, sizeof event - len, "],\"actions\":[");
  len = append_names(event, len, sizeof event, actions, na);
  len += (size_t)snprintf(event + len, sizeof event - len, "],\"noop\":[");
  len = append_names(event, len, sizeof event, noop, nn);
  snprintf(event + len, sizeof event - len, "]}}");
  channel_send(event);
}
