"""The MLModel MLServer runs for each checkpoint: from_pretrained at load, dropped at unload."""
import gc

from mlserver import MLModel
from mlserver.codecs import NumpyCodec
from mlserver.types import InferenceRequest, InferenceResponse

from common import forward, load_model


class HFModel(MLModel):
    async def load(self) -> bool:
        extra = (self.settings.parameters.extra or {}) if self.settings.parameters else {}
        self.model = load_model(self.settings.parameters.uri, extra.get("weights", "mapped"))
        return True

    async def unload(self) -> bool:
        del self.model
        gc.collect()
        return True

    async def predict(self, payload: InferenceRequest) -> InferenceResponse:
        import numpy

        out = numpy.array([forward(self.model)], dtype="float32")
        return InferenceResponse(model_name=self.name, outputs=[NumpyCodec.encode_output("out", out)])
