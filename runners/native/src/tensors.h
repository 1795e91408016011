/* A model's tensors allocated the way PyTorch's CPU allocator does (c10::alloc_cpu): a small
 * TensorImpl/StorageImpl header from malloc, then the storage from posix_memalign with 64-byte
 * alignment, every page written so it is resident. */
#ifndef RECLAIM_TENSORS_H
#define RECLAIM_TENSORS_H
#include <stddef.h>

typedef struct {
  size_t count;
  void **headers;
  void **storage;
} loaded_tensors;

/* 0, or -1 when an allocation failed (errno says why). */
int tensors_allocate(loaded_tensors *t, const size_t *bytes, size_t count);
void tensors_free(loaded_tensors *t);

#endif
