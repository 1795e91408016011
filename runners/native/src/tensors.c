#include "tensors.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* About the size of c10::TensorImpl plus c10::StorageImpl: the metadata every tensor carries. */
#define TENSOR_HEADER_BYTES 240
#define ALIGNMENT 64 /* c10::gAlignment */

int tensors_allocate(loaded_tensors *t, const size_t *bytes, size_t count) {
  t->count = 0;
  t->headers = calloc(count ? count : 1, sizeof(void *));
  t->storage = calloc(count ? count : 1, sizeof(void *));
  if (!t->headers || !t->storage) return -1;
  for (size_t i = 0; i < count; i++) {
    t->headers[i] = malloc(TENSOR_HEADER_BYTES);
    if (!t->headers[i]) return -1;
    memset(t->headers[i], 0, TENSOR_HEADER_BYTES);
    t->count = i + 1;
    if (bytes[i] == 0) continue;
    int rc = posix_memalign(&t->storage[i], ALIGNMENT, bytes[i]);
    if (rc != 0) {
      errno = rc;
      return -1;
    }
    memset(t->storage[i], 0x3c, bytes[i]); /* like initialised weights: every page resident */
  }
  return 0;
}

void tensors_free(loaded_tensors *t) {
  for (size_t i = 0; i < t->count; i++) {
    free(t->storage[i]);
    free(t->headers[i]);
  }
  free(t->headers);
  free(t->storage);
  t->count = 0;
  t->headers = t->storage = NULL;
}
