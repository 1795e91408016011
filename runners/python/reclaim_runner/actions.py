"""Release actions, written as the article wrote them, in one table: name -> handler.

Adding an action to the Python runtime: its handler here, its name in src/runtimes/python/descriptor.ts,
and a test. The runner's hello lists what this table holds for the plan's device.
"""
import ctypes
import gc


def del_params(model):
    # Article CPU variant 2: deleting the loop variables drops no real reference, which is the point.
    # An onnxruntime session has no parameters to name: nothing to do, as in the node runtime.
    if not hasattr(model, "named_parameters"):
        return
    for name, param in model.named_parameters():
        del param
    for name, buf in model.named_buffers():
        del buf


def to_cpu(model):
    if hasattr(model, "cpu"):  # an onnxruntime session on the CPU is there already
        model.cpu()


def accelerate_release_memory(model):
    # As Hugging Face users write it: model = release_memory(model). accelerate drops its own references,
    # runs gc.collect() and empties the device's cache; the caller's variable (here: the runner's, which
    # the unload drops right after) still holds the model during the call.
    from accelerate.utils import release_memory

    release_memory(model)


def collect():
    gc.collect()


def malloc_trim():
    ctypes.CDLL("libc.so.6").malloc_trim(0)


def _preloaded(symbol, allocator):
    """A function of the allocator the process has preloaded (LD_PRELOAD), looked up among the symbols
    already loaded: loading the library now would give a second allocator that holds nothing."""
    process = ctypes.CDLL(None)
    if not hasattr(process, symbol):
        raise RuntimeError("%s is not loaded in this process (no %s): preload it (LD_PRELOAD), as the strategy does" % (allocator, symbol))
    return getattr(process, symbol)


def jemalloc_purge():
    # MALLCTL_ARENAS_ALL (4096 in jemalloc 5): every arena's dirty and muzzy pages back to the system now.
    mallctl = _preloaded("mallctl", "jemalloc")
    mallctl.argtypes = [ctypes.c_char_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_size_t]
    mallctl.restype = ctypes.c_int
    rc = mallctl(b"arena.4096.purge", None, None, None, 0)
    if rc != 0:
        raise RuntimeError("mallctl(arena.4096.purge) returned %d" % rc)


def tcmalloc_release_free_memory():
    release = _preloaded("MallocExtension_ReleaseFreeMemory", "tcmalloc")
    release.argtypes = []
    release.restype = None
    release()


def empty_cache():
    import torch

    torch.cuda.empty_cache()


def ipc_collect():
    import torch

    torch.cuda.ipc_collect()


def clear_cublas_workspaces():
    import torch

    torch._C._cuda_clearCublasWorkspaces()


def clear_cufft_plans():
    import torch

    torch.backends.cuda.cufft_plan_cache.clear()


def libcudart_path():
    """The libcudart this process already uses (torch's own), from /proc/self/maps."""
    with open("/proc/self/maps") as maps:
        for line in maps:
            path = line.split()[-1]
            if "libcudart" in path:
                return path
    return "libcudart.so"


def host_empty_cache():
    # The pinned host memory PyTorch's CUDA host allocator caches (model.cpu() of a CUDA model with
    # pin_memory, non_blocking copies): back to the system. Where this torch has the call.
    import torch

    if not hasattr(torch._C, "_host_emptyCache"):
        raise RuntimeError("this torch (%s) has no torch._C._host_emptyCache" % torch.__version__)
    torch._C._host_emptyCache()


def device_reset():
    # Article GPU variant 7: cudaDeviceReset through ctypes. PyTorch does not expect its context to
    # vanish; the article saw "CUDA error: invalid argument" at the next empty_cache.
    reset = ctypes.CDLL(libcudart_path()).cudaDeviceReset
    reset.restype = ctypes.c_int
    reset.argtypes = []
    rc = reset()
    if rc != 0:
        raise RuntimeError("CUDA error: cudaDeviceReset returned %d" % rc)


ALL = ("cpu", "cuda")
CUDA = ("cuda",)

# name -> (handler, takes the model (done before its `del`), devices it exists on)
ACTIONS = {
    "gc": (collect, False, ALL),
    "malloc_trim": (malloc_trim, False, ALL),
    "jemalloc_purge": (jemalloc_purge, False, ALL),
    "tcmalloc_release_free_memory": (tcmalloc_release_free_memory, False, ALL),
    "del_params": (del_params, True, ALL),
    "to_cpu": (to_cpu, True, ALL),
    "accelerate_release_memory": (accelerate_release_memory, True, ALL),
    "empty_cache": (empty_cache, False, CUDA),
    "ipc_collect": (ipc_collect, False, CUDA),
    "clear_cublas_workspaces": (clear_cublas_workspaces, False, CUDA),
    "clear_cufft_plans": (clear_cufft_plans, False, CUDA),
    "host_empty_cache": (host_empty_cache, False, CUDA),
    "device_reset": (device_reset, False, CUDA),
}

# Actions accepted on a device where they change nothing (none here: each one does what it says).
NOOP = {}


# Actions that need a package only some interpreters have (the python runtime's extras virtualenv).
NEEDS_PACKAGE = {"accelerate_release_memory": "accelerate"}


def implemented(device):
    """The actions this runner carries out on `device` (in this interpreter), and those of them that
    are no-ops there."""
    import importlib.util

    names = [
        name
        for name, (_, _, devices) in ACTIONS.items()
        if device in devices and (name not in NEEDS_PACKAGE or importlib.util.find_spec(NEEDS_PACKAGE[name]) is not None)
    ]
    return names, [name for name in names if name in NOOP.get(device, ())]


def _lookup(action):
    try:
        return ACTIONS[action]
    except KeyError:
        raise ValueError("the Python runner has no action %r" % action)


def apply_before(action, model):
    """An action done while the model is still referenced (before its `del`)."""
    handler, takes_model, _ = _lookup(action)
    if takes_model:
        handler(model)
    else:
        handler()


def apply(action):
    handler, takes_model, _ = _lookup(action)
    if takes_model:
        raise ValueError("action %r acts on a model: it belongs before the unload" % action)
    handler()
