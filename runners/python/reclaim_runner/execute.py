"""Runs one cell's plan, reporting on fd 3. Plan steps are handled by one table (STEPS: op -> handler);
the hello event lists what the table and the actions table hold for the plan's device."""
import os
import sys
import time
import traceback

from .channel import Channel

MIB = 1024.0 * 1024.0


def run(plan):
    channel = Channel()
    # Article CPU variant 5: set from inside the process, after glibc has read its environment.
    for name, value in plan.get("setenvInProcess", {}).items():
        os.environ[name] = value
    try:
        import torch

        versions = {"python": sys.version.split()[0], "torch": torch.__version__}
        threads = apply_torch_threads(plan)
        if threads:
            versions["torch_threads"] = str(threads)
        sources = {s["source"] for s in plan["steps"] if s["op"] == "load"}
        if any(s == "onnx" or s.startswith("onnx:") for s in sources):
            import onnxruntime  # before the first mark, as transformers is

            versions["onnxruntime"] = onnxruntime.__version__
        called = {a for s in plan["steps"] if s["op"] == "unload" for a in s["before"] + s["after"]}
        if "accelerate_release_memory" in called:
            import accelerate

            versions["accelerate"] = accelerate.__version__
        if any(s not in ("synthetic", "onnx") and not s.startswith("onnx:") for s in sources):
            import transformers
            from transformers import AutoModel  # noqa: F401  (imported before the first mark, as the article does)

            versions["transformers"] = transformers.__version__
        channel.send(event="hello", runtime="python", pid=os.getpid(), versions=versions, implements=implements(plan.get("device", "cpu")))
        Cell(plan, channel).execute()
    except BaseException as err:  # report anything, then fail the cell
        channel.send(event="error", message="%s: %s" % (type(err).__name__, err), kind=error_kind(err), traceback=traceback.format_exc())
        traceback.print_exc()
        return 1
    channel.send(event="done")
    return 0


def apply_torch_threads(plan):
    """options.torch_threads: torch's intra-op threads, set before any work (0: torch's own choice)."""
    import torch

    n = int((plan.get("options") or {}).get("torch_threads", 0) or 0)
    if n:
        torch.set_num_threads(n)
    return n


def implements(device):
    from .actions import implemented

    actions, noop = implemented(device)
    ops = [op for op, (_, devices) in STEPS.items() if device in devices]
    return {"ops": ops, "actions": actions, "noop": noop}


def torch_figures(plan):
    """torch's own view of the GPU, once CUDA is in use (asking earlier would create a context)."""
    if plan.get("device") != "cuda":
        return {}
    import torch

    if not torch.cuda.is_initialized():
        return {}
    try:
        return {
            "torch_allocated": torch.cuda.memory_allocated() / MIB,
            "torch_reserved": torch.cuda.memory_reserved() / MIB,
            "torch_max_allocated": torch.cuda.max_memory_allocated() / MIB,
        }
    except RuntimeError:  # e.g. after cudaDeviceReset: the mark goes on, without them
        return {}


def malloc_figures():
    """glibc's own account of its heap (mallinfo2), unless another allocator is preloaded."""
    from .glibc import mallinfo

    if os.environ.get("LD_PRELOAD"):
        return {}
    info = mallinfo()
    if info is None:
        return {}
    return {"malloc_heap": info.arena / MIB, "malloc_free": info.fordblks / MIB, "malloc_mmap": info.hblkhd / MIB}


class Cell:
    """What one cell's run holds. No handler may keep a model in a local variable that outlives its unload."""

    def __init__(self, plan, channel):
        self.plan = plan
        self.channel = channel
        self.isolated = plan.get("isolation") == "process-per-model"
        self.loaded = {}  # name -> (model or IsolatedModel, source)
        self.trainers = {}  # name -> Trainer, between train_begin and train_end
        self.kept = []  # `keep` steps: memory the process holds to the end, as a cache or a log would
        self.requests = {}  # requests_begin id -> what its requests_end reports

    def execute(self):
        device = self.plan.get("device", "cpu")
        for step in self.plan["steps"]:
            handler, devices = STEPS.get(step["op"], (None, ()))
            if device not in devices:
                raise ValueError("the Python runner has no step %r on %s" % (step["op"], device))
            handler(self, step)

    def timed(self, op, name, work):
        started = time.perf_counter()
        result = work()
        self.channel.send(event="timing", op=op, name=name, ms=(time.perf_counter() - started) * 1000)
        return result

    def model(self, name):
        return self.loaded[name][0]


def step_mark(cell, step):
    cell.channel.mark(step["index"], step["label"], {**torch_figures(cell.plan), **malloc_figures()})


def step_load(cell, step):
    from . import models
    from .isolated import IsolatedModel

    load = (lambda: IsolatedModel(step, cell.plan)) if cell.isolated else (lambda: models.load(step, cell.plan))
    cell.loaded[step["name"]] = (cell.timed("load", step["name"], load), step["source"])


def step_to(cell, step):
    name = step["name"]
    cell.timed("to", name, lambda: cell.model(name).ask("to") if cell.isolated else move(cell.model(name), cell.plan))


def step_infer(cell, step):
    from . import models

    name = step["name"]
    cell.timed("infer", name, lambda: cell.model(name).ask("infer") if cell.isolated else models.infer(*cell.loaded[name]))


def step_train_begin(cell, step):
    if cell.isolated:
        raise ValueError("train runs in-process only (not with process-per-model)")
    from .training import Trainer

    name = step["name"]
    model, source = cell.loaded[name]
    cell.trainers[name] = Trainer(model, source, cell.plan["models"].get(model_of(cell.plan, name)), step, cell.plan)
    del model


def step_train_phase(cell, step):
    done = cell.trainers[step["name"]].phase(step["phase"])
    if done is not None:
        cell.channel.send(event="timing", op="step", name=step["name"], ms=done[1] * 1000, loss=done[0])


def step_train_end(cell, step):
    cell.trainers.pop(step["name"]).end()


def step_unload(cell, step):
    from . import actions

    cell.timed("unload", step["name"], lambda: unload(cell.loaded, step, actions, cell.isolated))


def step_release(cell, step):
    from . import actions

    for action in step["actions"]:
        actions.apply(action)


def step_sleep(cell, step):
    time.sleep(step["ms"] / 1000)


def step_keep(cell, step):
    cell.kept.append(bytearray(b"\x01") * step["bytes"])


def step_spike(cell, step):
    # Written, so every page is resident; freed at once (a big bytearray is mmapped: its pages go back).
    transient = bytearray(b"\x01") * step["bytes"]
    del transient


def step_requests_begin(cell, step):
    # A script has no server and no threads: the requests are inferences one after another, now; the
    # steps up to requests_end (a swap "under load" in a server) run after them.
    from . import models

    name = step["name"]
    started = time.perf_counter()
    latencies = []
    for _ in range(step["count"]):
        t0 = time.perf_counter()
        if cell.isolated:
            cell.model(name).ask("infer")
        else:
            models.infer(*cell.loaded[name])
        latencies.append((time.perf_counter() - t0) * 1000)
    cell.requests[step["id"]] = {
        "id": step["id"],
        "name": name,
        "count": step["count"],
        "concurrency": 1,
        "wall_ms": (time.perf_counter() - started) * 1000,
        "latencies_ms": latencies[:100000],
        "statuses": {"200": step["count"]},
    }


def step_requests_end(cell, step):
    cell.channel.send(event="requests", **cell.requests.pop(step["id"]))


def step_init(cell, step):
    import torch

    torch.cuda.init()
    torch.cuda.synchronize()  # the context exists from here on


ALL = ("cpu", "cuda")

# op -> (handler, devices it exists on). Adding a step: a handler here, its op in the descriptor.
STEPS = {
    "load": (step_load, ALL),
    "unload": (step_unload, ALL),
    "release": (step_release, ALL),
    "mark": (step_mark, ALL),
    "sleep": (step_sleep, ALL),
    "keep": (step_keep, ALL),
    "spike": (step_spike, ALL),
    "infer": (step_infer, ALL),
    "to": (step_to, ALL),
    "train_begin": (step_train_begin, ALL),
    "train_phase": (step_train_phase, ALL),
    "train_end": (step_train_end, ALL),
    "requests_begin": (step_requests_begin, ALL),
    "requests_end": (step_requests_end, ALL),
    "init": (step_init, ("cuda",)),
}


def model_of(plan, name):
    """The catalogue model a loaded name came from (its load step says)."""
    for s in plan["steps"]:
        if s["op"] == "load" and s["name"] == name:
            return s["model"]
    return None


def move(model, plan):
    from . import models

    model.to(models.device_of(plan))
    if plan.get("device") == "cuda":
        import torch

        torch.cuda.synchronize()


def unload(loaded, step, actions, isolated):
    model, _ = loaded.pop(step["name"])
    for action in step["before"]:
        if isolated:
            model.ask("before", action)
        else:
            actions.apply_before(action, model)
    if isolated:
        model.exit()  # the child process ends: everything it held goes with it
    del model  # the last reference: the runner keeps no other
    for action in step["after"]:
        actions.apply(action)


def error_kind(err):
    text = str(err)
    if isinstance(err, MemoryError) or "out of memory" in text.lower():
        return "oom"
    if "CUDA error" in text or "cuda" in type(err).__name__.lower():
        return "cuda"
    return "error"
