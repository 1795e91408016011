"""TorchServe's handler of a checkpoint: the directory comes in the .mar as <name>.json."""
import glob
import json
import os

from ts.torch_handler.base_handler import BaseHandler

from common import forward, load_model


class HFHandler(BaseHandler):
    def initialize(self, context):
        d = context.system_properties.get("model_dir")
        with open(glob.glob(os.path.join(d, "*.json"))[0]) as f:
            spec = json.load(f)
        self.model = load_model(spec["path"], spec.get("weights", "mapped"))
        self.initialized = True

    def handle(self, data, context):
        return [forward(self.model) for _ in data]
