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


ON_MODEL = {"del_params": del_params, "to_cpu": to_cpu}
ON_PROCESS = {"gc": collect, "malloc_trim": malloc_trim}


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
