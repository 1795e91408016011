"""reclaim's Python/PyTorch runner.

Started by the harness, one process per cell:
  python runner.py            run the plan read from stdin; events on fd 3, paused at each mark
  python runner.py --prepare  build the cached checkpoints the plan's `pretrained` loads need, then exit
  python runner.py --probe    print the interpreter's and libraries' versions as JSON
Needs only torch (transformers for the pretrained and hf: sources). No measuring happens in here:
the harness reads /proc from outside while the runner waits at a mark.
"""
import json
import sys


def main(argv):
    mode = argv[1] if len(argv) > 1 else "--run"
    if mode == "--probe":
        from reclaim_runner.probe import probe

        print(json.dumps(probe()))
        return 0
    plan = json.load(sys.stdin)
    if mode == "--prepare":
        from reclaim_runner.prepare import prepare

        return prepare(plan)
    if mode == "--run":
        from reclaim_runner.execute import run

        return run(plan)
    print("usage: runner.py [--run | --prepare | --probe]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
