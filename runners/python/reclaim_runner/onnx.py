"""Source onnx: a catalogue model's ONNX file (the graph src/runtimes/onnx-files/ builds: its tensors as
initializers, y = sum over W of sum(x[:rows] @ W)) run by onnxruntime's Python API, with the session
and run options users set for memory. The runner runs in a virtualenv over the project's that has
onnxruntime (src/runtimes/python-env/onnxruntime.ts).
"""
import numpy as np

_ENV_ARENA = []  # the arena registered with onnxruntime's environment, once per process


def _env_arena(ort, strategy):
    """A CPU arena with this extend strategy, shared by the process's sessions (the only way the Python
    API sets it): registered once with the environment, and sessions opt in with use_env_allocators."""
    if not _ENV_ARENA:
        cfg = ort.OrtArenaCfg(0, {"kNextPowerOfTwo": 0, "kSameAsRequested": 1}[strategy], -1, -1)
        ort.create_and_register_allocator(ort.OrtMemoryInfo("Cpu", ort.OrtAllocatorType.ORT_ARENA_ALLOCATOR, 0, ort.OrtMemType.DEFAULT), cfg)
        _ENV_ARENA.append(strategy)
    elif _ENV_ARENA[0] != strategy:
        raise ValueError("one arena extend strategy per process: %s already, not %s" % (_ENV_ARENA[0], strategy))


def _flag(options, key, default):
    value = options.get(key, default)
    return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")


_DTYPES = {"tensor(float)": np.float32, "tensor(double)": np.float64, "tensor(float16)": np.float16, "tensor(int64)": np.int64, "tensor(int32)": np.int32, "tensor(bool)": np.bool_}


def generic_inputs(session):
    """Inputs for a graph of the user's: zeros for floats, ones for integers (token ids, masks), 1 for a
    dynamic first (batch) dimension, 16 for the other dynamic ones."""
    feeds = {}
    for i in session.get_inputs():
        if i.type not in _DTYPES:
            raise ValueError("input %s is %s: onnx:<file> builds float, integer and bool inputs only" % (i.name, i.type))
        shape = [d if isinstance(d, int) and d > 0 else (1 if k == 0 else 16) for k, d in enumerate(i.shape)]
        dtype = _DTYPES[i.type]
        feeds[i.name] = (np.zeros if dtype in (np.float32, np.float64, np.float16, np.bool_) else np.ones)(shape, dtype=dtype)
    return feeds


class OnnxModel:
    def __init__(self, path, options, catalogue=True):
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.enable_cpu_mem_arena = _flag(options, "ort_arena", True)
        if _flag(options, "ort_initializers_device_allocator", False):
            so.add_session_config_entry("session.use_device_allocator_for_initializers", "1")
        strategy = options.get("ort_arena_extend")
        if strategy:
            _env_arena(ort, strategy)
            so.add_session_config_entry("session.use_env_allocators", "1")
        self.session = ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])
        self.run_options = ort.RunOptions()
        if _flag(options, "ort_shrink_arena", False):
            self.run_options.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        if catalogue:
            n = self.session.get_inputs()[0].shape[1]
            # The node runner's input (src/runtimes/onnx-files/weights.ts fixedInput), so both compute the same.
            self.feeds = {"x": np.array([((i * 7) % 13 - 6) / 6 for i in range(n)], dtype=np.float32).reshape(1, n)}
        else:
            self.feeds = generic_inputs(self.session)

    def infer(self):
        out = self.session.run(None, self.feeds, self.run_options)[0]
        return float(np.asarray(out, dtype=np.float64).sum())


def load(step, plan):
    source = step["source"]
    if source.startswith("onnx:"):
        return OnnxModel(source[len("onnx:"):], plan.get("options") or {}, catalogue=False)
    data = plan["models"][step["model"]].get("data") or {}
    if "onnx_file" not in data:
        raise RuntimeError("the plan has no ONNX file for %s: the harness should have built it" % step["model"])
    return OnnxModel(data["onnx_file"], plan.get("options") or {})
