#include "plan.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_all(FILE *f) {
  size_t cap = 1 << 16, len = 0;
  char *buf = malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) {
      char *bigger = realloc(buf, cap *= 2);
      if (!bigger) free(buf);
      buf = bigger;
    }
  }
  if (buf) buf[len] = '\0';
  return buf;
}

static char *dup_string(const cJSON *s) { return strdup(cJSON_IsString(s) ? s->valuestring : ""); }

static size_t dtype_bytes(const char *dtype) {
  if (!strcmp(dtype, "float16") || !strcmp(dtype, "bfloat16")) return 2;
  if (!strcmp(dtype, "int64")) return 8;
  return 4;
}

static int find_model(const plan *p, const char *name) {
  for (size_t i = 0; i < p->n_models; i++)
    if (!strcmp(p->models[i].name, name)) return (int)i;
  return -1;
}

static void read_models(plan *p, const cJSON *models) {
  p->n_models = (size_t)cJSON_GetArraySize(models);
  p->models = calloc(p->n_models ? p->n_models : 1, sizeof *p->models);
  size_t m = 0;
  const cJSON *model;
  cJSON_ArrayForEach(model, models) {
    plan_model *pm = &p->models[m++];
    pm->name = strdup(model->string);
    const cJSON *tensors = cJSON_GetObjectItemCaseSensitive(model, "tensors");
    pm->count = (size_t)cJSON_GetArraySize(tensors);
    pm->bytes = calloc(pm->count ? pm->count : 1, sizeof *pm->bytes);
    size_t t = 0;
    const cJSON *tensor;
    cJSON_ArrayForEach(tensor, tensors) {
      size_t bytes = dtype_bytes(cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(tensor, "dtype")) ?: "float32");
      const cJSON *dim;
      cJSON_ArrayForEach(dim, cJSON_GetObjectItemCaseSensitive(tensor, "shape")) bytes *= (size_t)dim->valuedouble;
      pm->bytes[t++] = bytes;
    }
  }
}

static char **read_strings(const cJSON *array, size_t *n) {
  *n = (size_t)cJSON_GetArraySize(array);
  char **out = calloc(*n ? *n : 1, sizeof *out);
  size_t i = 0;
  const cJSON *s;
  cJSON_ArrayForEach(s, array) out[i++] = dup_string(s);
  return out;
}

static int read_step(plan *p, plan_step *s, const cJSON *step, char *err, size_t err_cap) {
  const char *op = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(step, "op"));
  if (!op) op = "";
  s->name = dup_string(cJSON_GetObjectItemCaseSensitive(step, "name"));
  if (!strcmp(op, "load")) {
    s->op = OP_LOAD;
    const char *model = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(step, "model"));
    s->model = model ? find_model(p, model) : -1;
    if (s->model < 0) return snprintf(err, err_cap, "load of %s: the plan has no tensors for model %s", s->name, model ? model : "?"), -1;
  } else if (!strcmp(op, "unload")) {
    s->op = OP_UNLOAD;
    s->before = read_strings(cJSON_GetObjectItemCaseSensitive(step, "before"), &s->n_before);
    s->actions = read_strings(cJSON_GetObjectItemCaseSensitive(step, "after"), &s->n_actions);
  } else if (!strcmp(op, "release")) {
    s->op = OP_RELEASE;
    s->actions = read_strings(cJSON_GetObjectItemCaseSensitive(step, "actions"), &s->n_actions);
  } else if (!strcmp(op, "mark")) {
    s->op = OP_MARK;
    s->index = (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(step, "index"));
  } else if (!strcmp(op, "sleep")) {
    s->op = OP_SLEEP;
    s->ms = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(step, "ms"));
  } else if (!strcmp(op, "keep")) {
    s->op = OP_KEEP;
    s->bytes = (size_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(step, "bytes"));
  } else if (!strcmp(op, "spike")) {
    s->op = OP_SPIKE;
    s->bytes = (size_t)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(step, "bytes"));
  } else if (!strcmp(op, "init")) {
    s->op = OP_INIT;
  } else {
    return snprintf(err, err_cap, "unknown step op \"%s\"", op), -1;
  }
  return 0;
}

int plan_read(plan *p, char *err, size_t err_cap) {
  memset(p, 0, sizeof *p);
  char *text = read_all(stdin);
  cJSON *root = text ? cJSON_Parse(text) : NULL;
  free(text);
  if (!root) return snprintf(err, err_cap, "the plan on stdin is not JSON"), -1;
  p->device = dup_string(cJSON_GetObjectItemCaseSensitive(root, "device"));
  read_models(p, cJSON_GetObjectItemCaseSensitive(root, "models"));
  const cJSON *env = cJSON_GetObjectItemCaseSensitive(root, "setenvInProcess");
  p->n_setenv = (size_t)cJSON_GetArraySize(env);
  p->setenv_names = calloc(p->n_setenv ? p->n_setenv : 1, sizeof(char *));
  p->setenv_values = calloc(p->n_setenv ? p->n_setenv : 1, sizeof(char *));
  size_t e = 0;
  const cJSON *var;
  cJSON_ArrayForEach(var, env) {
    p->setenv_names[e] = strdup(var->string);
    p->setenv_values[e++] = dup_string(var);
  }
  const cJSON *steps = cJSON_GetObjectItemCaseSensitive(root, "steps");
  p->n_steps = (size_t)cJSON_GetArraySize(steps);
  p->steps = calloc(p->n_steps ? p->n_steps : 1, sizeof *p->steps);
  size_t i = 0;
  int rc = 0;
  const cJSON *step;
  cJSON_ArrayForEach(step, steps) if (rc == 0) rc = read_step(p, &p->steps[i++], step, err, err_cap);
  cJSON_Delete(root);
  return rc;
}
