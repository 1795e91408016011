"""MLServer for one cell: settings.json on 127.0.0.1 with the client's ports, a model repository with one
model-settings.json per loaded name (the HFModel runtime below, the checkpoint's directory), models not
loaded at start-up; then `mlserver start`.   launch.py PLAN DIR HTTP GRPC METRICS
"""
import json
import os
import sys

from common import model_dirs, read_plan

plan_file, work, http, grpc, metrics = sys.argv[1:6]
plan = read_plan(plan_file)
options = plan.get("options", {})
repo = os.path.join(work, "models")
os.makedirs(repo, exist_ok=True)
for name, path in model_dirs(plan).items():
    os.makedirs(os.path.join(repo, name), exist_ok=True)
    settings = {"name": name, "implementation": "reclaim_mlserver.HFModel", "parameters": {"uri": path, "extra": {"weights": options.get("weights", "mapped")}}}
    with open(os.path.join(repo, name, "model-settings.json"), "w") as f:
        json.dump(settings, f)
with open(os.path.join(work, "settings.json"), "w") as f:
    json.dump(
        {
            "host": "127.0.0.1",
            "http_port": int(http),
            "grpc_port": int(grpc),
            "metrics_port": int(metrics),
            "load_models_at_startup": False,
            "parallel_workers": int(options.get("parallel_workers", 0)),
            "model_repository_root": repo,
            "debug": False,
        },
        f,
    )
os.chdir(work)
mlserver = os.path.join(os.path.dirname(sys.executable), "mlserver")
os.execv(mlserver, [mlserver, "start", work])
