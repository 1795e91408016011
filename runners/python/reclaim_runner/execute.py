"""Runs one cell's plan: load / to / infer / unload / release / mark / sleep / keep / init, reporting on fd 3."""
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
        if any(s["op"] == "load" and s["source"] != "synthetic" for s in plan["steps"]):
            import transformers
            from transformers import AutoModel  # noqa: F401  (imported before the first mark, as the article does)

            versions["transformers"] = transformers.__version__
        channel.send(event="hello", runtime="python", pid=os.getpid(), versions=versions)
        execute(plan, channel)
    except BaseException as err:  # report anything, then fail the cell
        channel.send(event="error", message="%s: %s" % (type(err).__name__, err), kind=error_kind(err), traceback=traceback.format_exc())
        traceback.print_exc()
        return 1
    channel.send(event="done")
    return 0


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


def execute(plan, channel):
    from . import actions, models
    from .isolated import IsolatedModel

    isolated = plan.get("isolation") == "process-per-model"
    loaded = {}  # name -> (model or IsolatedModel, source)
    trainers = {}  # name -> Trainer, between train_begin and train_end
    kept = []  # `keep` steps: memory the process holds to the end, as a cache or a log would

    def timed(op, name, work):
        started = time.perf_counter()
        result = work()
        channel.send(event="timing", op=op, name=name, ms=(time.perf_counter() - started) * 1000)
        return result

    for step in plan["steps"]:
        op = step["op"]
        if op == "mark":
            channel.mark(step["index"], step["label"], torch_figures(plan))
        # No local variable here may hold a model: it would outlive its unload.
        elif op == "load":
            loaded[step["name"]] = (timed("load", step["name"], lambda: IsolatedModel(step, plan) if isolated else models.load(step, plan)), step["source"])
        elif op == "to":
            timed("to", step["name"], lambda: loaded[step["name"]][0].ask("to") if isolated else move(loaded[step["name"]][0], plan))
        elif op == "infer":
            timed("infer", step["name"], lambda: loaded[step["name"]][0].ask("infer") if isolated else models.infer(*loaded[step["name"]]))
        elif op == "train_begin":
            if isolated:
                raise ValueError("train runs in-process only (not with process-per-model)")
            from .training import Trainer

            trainers[step["name"]] = Trainer(loaded[step["name"]][0], loaded[step["name"]][1], plan["models"].get(model_of(plan, step["name"])), step, plan)
        elif op == "train_phase":
            done = trainers[step["name"]].phase(step["phase"])
            if done is not None:
                channel.send(event="timing", op="step", name=step["name"], ms=done[1] * 1000, loss=done[0])
        elif op == "train_end":
            trainers.pop(step["name"]).end()
        elif op == "unload":
            timed("unload", step["name"], lambda: unload(loaded, step, actions, isolated))
        elif op == "release":
            for action in step["actions"]:
                actions.apply(action)
        elif op == "sleep":
            time.sleep(step["ms"] / 1000)
        elif op == "keep":
            kept.append(bytearray(b"\x01") * step["bytes"])
        elif op == "init":
            import torch

            torch.cuda.init()
            torch.cuda.synchronize()  # the context exists from here on
        else:
            raise ValueError("unknown step %r" % op)


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
