"""Runs one cell's plan: load / unload / release / mark / sleep / keep, reporting on fd 3."""
import os
import sys
import time
import traceback

from .channel import Channel


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


def execute(plan, channel):
    from . import actions, models

    loaded = {}
    kept = []  # `keep` steps: memory the process holds to the end, as a cache or a log would
    for step in plan["steps"]:
        op = step["op"]
        if op == "mark":
            channel.mark(step["index"], step["label"], {})
        elif op == "load":
            started = time.perf_counter()
            loaded[step["name"]] = models.load(step, plan)
            channel.send(event="timing", op="load", name=step["name"], ms=(time.perf_counter() - started) * 1000)
        elif op == "unload":
            started = time.perf_counter()
            unload(loaded, step, actions)
            channel.send(event="timing", op="unload", name=step["name"], ms=(time.perf_counter() - started) * 1000)
        elif op == "release":
            for action in step["actions"]:
                actions.apply(action)
        elif op == "sleep":
            time.sleep(step["ms"] / 1000)
        elif op == "keep":
            kept.append(bytearray(b"\x01") * step["bytes"])
        else:
            raise ValueError("unknown step %r" % op)


def unload(loaded, step, actions):
    model = loaded.pop(step["name"])
    for action in step["before"]:
        actions.apply_before(action, model)
    del model  # the last reference: the runner keeps no other
    for action in step["after"]:
        actions.apply(action)


def error_kind(err):
    if isinstance(err, MemoryError) or "out of memory" in str(err).lower():
        return "oom"
    return "error"
