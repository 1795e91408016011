"""vLLM's OpenAI-compatible server on the plan's first checkpoint, with sleep mode, on 127.0.0.1.
launch.py PLAN HTTP
"""
import os
import sys

from common import model_dirs, read_plan

plan_file, http = sys.argv[1:3]
dirs = model_dirs(read_plan(plan_file))
if len(set(dirs.values())) != 1:
    raise SystemExit("the vllm profile serves one model per server: its plan loads %d" % len(set(dirs.values())))
name, path = next(iter(dirs.items()))
args = [sys.executable, "-m", "vllm.entrypoints.openai.api_server", "--model", path, "--served-model-name", name, "--host", "127.0.0.1", "--port", http, "--enable-sleep-mode"]
os.execv(sys.executable, args)
