"""TorchServe for one cell: one .mar per loaded name (the handler below and the checkpoint's directory
in a small JSON file), config.properties with every address on 127.0.0.1 and the client's ports, then
torchserve in the foreground.   launch.py PLAN DIR INFERENCE MANAGEMENT METRICS GRPC_INFERENCE GRPC_MANAGEMENT
"""
import json
import os
import subprocess
import sys

from common import model_dirs, read_plan

plan_file, work, inference, management, metrics, grpc_inference, grpc_management = sys.argv[1:8]
plan = read_plan(plan_file)
weights = str(plan.get("options", {}).get("weights", "mapped"))
here = os.path.dirname(os.path.abspath(__file__))
store = os.path.join(work, "store")
os.makedirs(store, exist_ok=True)
bin_dir = os.path.dirname(sys.executable)
for name, path in model_dirs(plan).items():
    extra = os.path.join(work, "%s.json" % name)
    with open(extra, "w") as f:
        json.dump({"path": path, "weights": weights}, f)
    subprocess.run(
        [os.path.join(bin_dir, "torch-model-archiver"), "--model-name", name, "--version", "1.0", "--handler", os.path.join(here, "reclaim_handler.py"),
         "--extra-files", extra, "--export-path", store, "--force"],
        check=True,
    )
config = os.path.join(work, "config.properties")
with open(config, "w") as f:
    f.write(
        "\n".join(
            [
                "inference_address=http://127.0.0.1:%s" % inference,
                "management_address=http://127.0.0.1:%s" % management,
                "metrics_address=http://127.0.0.1:%s" % metrics,
                "grpc_inference_address=127.0.0.1",
                "grpc_management_address=127.0.0.1",
                "grpc_inference_port=%s" % grpc_inference,
                "grpc_management_port=%s" % grpc_management,
                "disable_token_authorization=true",
                "enable_model_api=true",
                "default_workers_per_model=1",
                "",
            ]
        )
    )
os.chdir(work)
torchserve = os.path.join(bin_dir, "torchserve")
os.execv(torchserve, [torchserve, "--start", "--foreground", "--ncs", "--model-store", store, "--ts-config", config, "--disable-token-auth", "--enable-model-api"])
