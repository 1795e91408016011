"""Builds, in a process of its own, the cached checkpoints a plan's `pretrained` loads read."""
import json
import sys

from .models import ensure_pretrained


def prepare(plan):
    def log(message):
        print("reclaim: " + message, file=sys.stderr, flush=True)

    wanted = sorted({s["model"] for s in plan["steps"] if s["op"] == "load" and s["source"] == "pretrained"})
    paths = [ensure_pretrained(plan["models"][name], plan["cacheDir"], plan["seed"], log) for name in wanted]
    # The harness remembers these: while they exist, it need not start this process again.
    print(json.dumps({"prepared": paths}), flush=True)
    return 0
