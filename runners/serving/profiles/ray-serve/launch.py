"""Ray Serve for one cell: a local Ray (its session under DIR, no dashboard) and the multiplexed app of
reclaim_ray.py on 127.0.0.1:HTTP. SIGTERM shuts Serve and Ray down.   launch.py PLAN DIR HTTP
"""
import json
import os
import signal
import sys
import time

from common import model_dirs, read_plan

plan_file, work, http = sys.argv[1:4]
plan = read_plan(plan_file)
options = plan.get("options", {})
os.environ["RECLAIM_MODEL_DIRS"] = json.dumps(model_dirs(plan))
os.environ["RECLAIM_WEIGHTS"] = str(options.get("weights", "mapped"))
os.environ["RECLAIM_MAX_MODELS"] = str(options.get("max_models", 1))

import ray
from ray import serve

ray.init(num_cpus=max(1, os.cpu_count() or 1), include_dashboard=False, _temp_dir=os.path.join(work, "r"), logging_level="ERROR", configure_logging=False)
serve.start(http_options={"host": "127.0.0.1", "port": int(http)})
from reclaim_ray import app

serve.run(app, name="reclaim", route_prefix="/")


def stop(*_):
    serve.shutdown()
    ray.shutdown()
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
while True:
    time.sleep(1)
