/* A cell's plan, read from stdin as JSON (with cJSON) and turned into plain arrays before the first
 * mark, so nothing of the parser is left in the heap that is being measured. */
#ifndef RECLAIM_PLAN_H
#define RECLAIM_PLAN_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  char *name;
  size_t count;
  size_t *bytes; /* one entry per tensor, in catalogue order */
} plan_model;

typedef enum { OP_LOAD, OP_UNLOAD, OP_RELEASE, OP_MARK, OP_SLEEP, OP_KEEP, OP_SPIKE, OP_INIT } plan_op;

typedef struct {
  plan_op op;
  char *name;        /* load, unload: the loaded name */
  int model;         /* load: index into plan.models */
  char **actions;    /* release; unload: after-actions */
  size_t n_actions;
  char **before;     /* unload: actions before the free */
  size_t n_before;
  long index;        /* mark */
  double ms;         /* sleep */
  size_t bytes;      /* keep, spike */
} plan_step;

typedef struct {
  char *device;
  plan_model *models;
  size_t n_models;
  plan_step *steps;
  size_t n_steps;
  char **setenv_names, **setenv_values;
  size_t n_setenv;
} plan;

/* Reads the whole of stdin and fills *p; on failure returns -1 and writes why into err. */
int plan_read(plan *p, char *err, size_t err_cap);

#ifdef __cplusplus
}
#endif
#endif
