"""KServe's ModelServer for one cell, its repository loading the plan's checkpoints by name.
launch.py PLAN HTTP GRPC
"""
import sys

from kserve import Model, ModelRepository, ModelServer

from common import forward, load_model, model_dirs, read_plan

plan_file, http, grpc = sys.argv[1:4]
plan = read_plan(plan_file)
DIRS = model_dirs(plan)
WEIGHTS = str(plan.get("options", {}).get("weights", "mapped"))


class HFModel(Model):
    def load(self):
        self.model = load_model(DIRS[self.name], WEIGHTS)
        self.ready = True
        return True

    def predict(self, payload, headers=None):
        return {"predictions": forward(self.model)}


class Repository(ModelRepository):
    async def load(self, name: str) -> bool:
        if name not in DIRS:
            return False
        model = HFModel(name)
        model.load()
        self.update(model)
        return True


if __name__ == "__main__":
    ModelServer(http_port=int(http), grpc_port=int(grpc), enable_grpc=False, registered_models=Repository()).start([])
