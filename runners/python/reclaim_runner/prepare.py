"""Builds, in a process of its own, the cached checkpoints a plan's `pretrained` loads read."""
import sys

from .models import ensure_pretrained


def prepare(plan):
    def log(message):
        print("reclaim: " + message, file=sys.stderr, flush=True)

    wanted = sorted({s["model"] for s in plan["steps"] if s["op"] == "load" and s["source"] == "pretrained"})
    for name in wanted:
        ensure_pretrained(plan["models"][name], plan["cacheDir"], plan["seed"], log)
    return 0
