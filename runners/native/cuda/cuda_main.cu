// reclaim-cuda: the native CUDA runner. It replays a cell's plan on the GPU with cudaMalloc of the
// catalogue's tensor sizes, no framework in between, to show the CUDA context floor (the article
// measured 254 MiB held until the process ends) and that, in plain CUDA, cudaDeviceReset does return
// it. Started by reclaim: plan on stdin, events on fd 3. Each mark carries cudaMemGetInfo's view.
#include <cuda_runtime.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <unistd.h>
#include <vector>

extern "C" {
#include "../src/channel.h"
#include "../src/plan.h"
}

namespace {

struct LoadedModel {
  const char *name;
  std::vector<void *> buffers;
};

bool context_alive = false;

double now_ms() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// Reports a CUDA error and ends the run: the cell fails with the error text.
bool ok(cudaError_t rc, const char *what) {
  if (rc == cudaSuccess) return true;
  char msg[512];
  snprintf(msg, sizeof msg, "%s: CUDA error %d: %s", what, static_cast<int>(rc), cudaGetErrorString(rc));
  channel_error("cuda", msg);
  return false;
}

// cudaMemGetInfo would create a context: it is asked only while one exists.
void device_figures(char *out, size_t cap) {
  size_t free_bytes = 0, total = 0;
  if (!context_alive || cudaMemGetInfo(&free_bytes, &total) != cudaSuccess) {
    out[0] = '\0';
    return;
  }
  snprintf(out, cap, "\"cuda_used\":%.4f", (total - free_bytes) / (1024.0 * 1024.0));
}

bool init_context() {
  if (!ok(cudaSetDevice(0), "cudaSetDevice(0)") || !ok(cudaFree(nullptr), "cudaFree(0) (context creation)")) return false;
  context_alive = true;
  return true;
}

int act_nothing() { return 0; }  // gc, empty_cache: nothing is collected or cached here
int act_device_reset() {
  if (!ok(cudaDeviceReset(), "cudaDeviceReset")) return -1;
  context_alive = false;
  return 0;
}

// The release actions, one table; the hello lists them (src/runtimes/native/descriptor.ts must agree).
const action_entry ACTIONS[] = {{"gc", act_nothing, 1}, {"empty_cache", act_nothing, 1}, {"device_reset", act_device_reset, 0}};
const char *const OPS[] = {"load", "unload", "release", "mark", "sleep", "keep", "init"};
constexpr size_t N_ACTIONS = sizeof ACTIONS / sizeof *ACTIONS;

bool do_action(const char *action) { return action_run(ACTIONS, N_ACTIONS, action, "CUDA runner") == 0; }

int run(const plan &p) {
  std::vector<LoadedModel> loaded;
  char figures[256];
  for (size_t i = 0; i < p.n_steps; i++) {
    const plan_step &s = p.steps[i];
    switch (s.op) {
      case OP_MARK:
        device_figures(figures, sizeof figures);
        channel_mark(s.index, figures);
        break;
      case OP_INIT:
        if (!init_context()) return 1;
        break;
      case OP_LOAD: {
        double t0 = now_ms();
        if (!context_alive && !init_context()) return 1;
        const plan_model &m = p.models[s.model];
        LoadedModel model{s.name, {}};
        for (size_t t = 0; t < m.count; t++) {
          void *ptr = nullptr;
          if (m.bytes[t] == 0) continue;
          cudaError_t rc = cudaMalloc(&ptr, m.bytes[t]);
          if (rc == cudaErrorMemoryAllocation) return channel_error("oom", "cudaMalloc: out of memory"), 1;
          if (!ok(rc, "cudaMalloc") || !ok(cudaMemset(ptr, 0x3c, m.bytes[t]), "cudaMemset")) return 1;
          model.buffers.push_back(ptr);
        }
        if (!ok(cudaDeviceSynchronize(), "cudaDeviceSynchronize")) return 1;
        loaded.push_back(model);
        channel_timing("load", s.name, now_ms() - t0);
        break;
      }
      case OP_UNLOAD: {
        double t0 = now_ms();
        for (size_t a = 0; a < s.n_before; a++)
          if (!do_action(s.before[a])) return 1;
        for (auto it = loaded.begin(); it != loaded.end(); ++it) {
          if (strcmp(it->name, s.name) != 0) continue;
          for (void *ptr : it->buffers)
            if (!ok(cudaFree(ptr), "cudaFree")) return 1;
          loaded.erase(it);
          break;
        }
        for (size_t a = 0; a < s.n_actions; a++)
          if (!do_action(s.actions[a])) return 1;
        channel_timing("unload", s.name, now_ms() - t0);
        break;
      }
      case OP_RELEASE:
        for (size_t a = 0; a < s.n_actions; a++)
          if (!do_action(s.actions[a])) return 1;
        break;
      case OP_SLEEP:
        usleep(static_cast<useconds_t>(s.ms * 1000));
        break;
      case OP_KEEP:
        break;  // host memory is not what this runner measures
      case OP_SPIKE:
        break;  // not offered on the GPU (not in OPS): the harness never sends it
    }
  }
  return 0;
}

}  // namespace

int main() {
  if (channel_open() != 0) {
    fprintf(stderr, "reclaim-cuda must be started by reclaim: fd 3 (the event channel) is not open\n");
    return 2;
  }
  plan p;
  char err[512];
  if (plan_read(&p, err, sizeof err) != 0) return channel_error("error", err), 1;
  int runtime = 0, driver = 0;
  cudaRuntimeGetVersion(&runtime);
  cudaDriverGetVersion(&driver);
  char versions[256];
  snprintf(versions, sizeof versions, "\"cuda_runtime\":\"%d.%d\",\"cuda_driver\":\"%d.%d\"", runtime / 1000, (runtime % 1000) / 10, driver / 1000, (driver % 1000) / 10);
  channel_hello(versions, OPS, sizeof OPS / sizeof *OPS, ACTIONS, N_ACTIONS);
  int rc = run(p);
  if (rc == 0) channel_done();
  return rc;
}
