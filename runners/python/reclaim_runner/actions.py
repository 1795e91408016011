"""Release actions, written as the article wrote them."""
import ctypes
import gc


def del_params(model):
    # Article CPU variant 2: deleting the loop variables drops no real reference, which is the point.
    for name, param in model.named_parameters():
        del param
    for name, buf in model.named_buffers():
        del buf


def to_cpu(model):
    model.cpu()


def collect():
    gc.collect()


def malloc_trim():
    ctypes.CDLL("libc.so.6").malloc_trim(0)


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


def device_reset():
    # Article GPU variant 7: cudaDeviceReset through ctypes. PyTorch does not expect its context to
    # vanish; the article saw "CUDA error: invalid argument" at the next empty_cache.
    reset = ctypes.CDLL(libcudart_path()).cudaDeviceReset
    reset.restype = ctypes.c_int
    reset.argtypes = []
    rc = reset()
    if rc != 0:
        raise RuntimeError("CUDA error: cudaDeviceReset returned %d" % rc)


ON_MODEL = {"del_params": del_params, "to_cpu": to_cpu}
ON_PROCESS = {
    "gc": collect,
    "malloc_trim": malloc_trim,
    "empty_cache": empty_cache,
    "ipc_collect": ipc_collect,
    "clear_cublas_workspaces": clear_cublas_workspaces,
    "clear_cufft_plans": clear_cufft_plans,
    "device_reset": device_reset,
}


def apply_before(action, model):
    """An action done while the model is still referenced (before its `del`)."""
    if action in ON_MODEL:
        ON_MODEL[action](model)
    else:
        apply(action)


def apply(action):
    try:
        fn = ON_PROCESS[action]
    except KeyError:
        raise ValueError("the Python runner has no action %r here" % action)
    fn()
