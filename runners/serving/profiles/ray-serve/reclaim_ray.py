"""The multiplexed deployment: get_model loads a checkpoint on its model id's first request and Ray
evicts the least recently used beyond max_num_models_per_replica (RECLAIM_MAX_MODELS)."""
import json
import os

from ray import serve

from common import forward, load_model

DIRS = json.loads(os.environ["RECLAIM_MODEL_DIRS"])


@serve.deployment(num_replicas=1, ray_actor_options={"num_cpus": 0})
class Models:
    @serve.multiplexed(max_num_models_per_replica=int(os.environ.get("RECLAIM_MAX_MODELS", "1")))
    async def get_model(self, model_id: str):
        return load_model(DIRS[model_id], os.environ.get("RECLAIM_WEIGHTS", "mapped"))

    async def __call__(self, request):
        model = await self.get_model(serve.get_multiplexed_model_id())
        return {"out": forward(model)}


app = Models.bind()
