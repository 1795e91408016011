"""The work of one Python cell without reclaim: the same plan (plan.json of a reclaim run), the same
model code (reclaim_runner.models), the same release actions, and /proc/self/statm read in-process at
each mark instead of the harness reading /proc from outside. bench/harness.ts times it against
`reclaim run` of the same cell."""
import ctypes
import gc
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runners", "python"))


def main(plan_file):
    import torch  # noqa: F401  (the runner imports it before its first mark too)

    from reclaim_runner import models

    plan = json.load(open(plan_file))
    loaded = {}
    marks = []
    libc = ctypes.CDLL("libc.so.6")
    actions = {"gc": gc.collect, "malloc_trim": lambda: libc.malloc_trim(0)}
    for step in plan["steps"]:
        op = step["op"]
        if op == "mark":
            with open("/proc/self/statm") as f:
                marks.append(f.read())
        elif op == "load":
            loaded[step["name"]] = models.load(step, plan)
        elif op == "unload":
            del loaded[step["name"]]
            for a in step["after"]:
                actions[a]()
        elif op == "release":
            for a in step["actions"]:
                actions[a]()
        else:
            raise SystemExit("bare_runner.py does not do step %r" % op)
    print(len(marks))


if __name__ == "__main__":
    main(sys.argv[1])
