"""Model sources: synthetic torch modules, cached `pretrained` checkpoints, and hf:<name-or-path>.

Every source builds the tensors of the shared shape catalogue (the plan carries them), so the same
scenario measures the same bytes whatever the source and the runtime.
"""
import hashlib
import json
import os
import shutil

import torch

DTYPES = {"float32": torch.float32, "float16": torch.float16, "bfloat16": torch.bfloat16, "int64": torch.int64}


def build_synthetic(spec, seed):
    """A module tree with exactly the catalogue's parameters (names, shapes, dtypes), random init with a fixed seed."""
    torch.manual_seed(seed)
    root = torch.nn.Module()
    for t in spec["tensors"]:
        *path, leaf = t["name"].split(".")
        module = root
        for part in path:
            child = module._modules.get(part)
            if child is None:
                child = torch.nn.Module()
                module.add_module(part, child)
            module = child
        data = torch.empty(t["shape"], dtype=DTYPES[t["dtype"]])
        if data.is_floating_point():
            data.normal_(0.0, 0.02)
        else:
            data.zero_()
        module.register_parameter(leaf, torch.nn.Parameter(data, requires_grad=data.is_floating_point()))
    return root


def pretrained_dir(spec, cache_dir, seed):
    """Where the checkpoint for `spec` lives: keyed by its architecture, the seed and the transformers version."""
    import transformers

    key = json.dumps({"arch": spec["architecture"], "seed": seed, "transformers": transformers.__version__}, sort_keys=True)
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return os.path.join(cache_dir, "pretrained", "%s-%s" % (spec["name"], digest))


def ensure_pretrained(spec, cache_dir, seed, log):
    """Builds the real transformers architecture from its public config once and saves it (safetensors)."""
    from transformers import AutoConfig, AutoModel

    target = pretrained_dir(spec, cache_dir, seed)
    if os.path.exists(os.path.join(target, "config.json")):
        return target
    arch = spec["architecture"]
    log("building %s once from its config into %s" % (spec["name"], target))
    config = AutoConfig.for_model(arch["model_type"], **arch["config"])
    torch.manual_seed(seed)
    model = AutoModel.from_config(config)
    check_shapes(spec, model)
    tmp = "%s.tmp-%d" % (target, os.getpid())
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(tmp, safe_serialization=True)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.rename(tmp, target)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # another process finished first
    return target


def check_shapes(spec, model):
    """The catalogue must describe the architecture transformers builds, tensor for tensor."""
    want = {t["name"]: list(t["shape"]) for t in spec["tensors"]}
    have = {name: list(p.shape) for name, p in model.state_dict().items()}
    if want != have:
        missing = sorted(set(want) - set(have))[:5]
        extra = sorted(set(have) - set(want))[:5]
        differ = sorted(n for n in set(want) & set(have) if want[n] != have[n])[:5]
        raise RuntimeError(
            "the shape catalogue does not match transformers' %s: missing %s, extra %s, different shapes %s"
            % (spec["name"], missing, extra, differ)
        )


def load(step, plan):
    """Loads one model the way its source says; returns the module. A checkpoint's weights stay mapped
    from its file (transformers memory-maps them) unless the plan's options say weights: copied, as the
    server profiles do: then every parameter is cloned onto the heap, as a server converting weights does."""
    source = step["source"]
    if source == "synthetic":
        return build_synthetic(plan["models"][step["model"]], plan["seed"])
    if source == "onnx" or source.startswith("onnx:"):
        from . import onnx

        return onnx.load(step, plan)
    from transformers import AutoModel

    if source == "pretrained":
        path = pretrained_dir(plan["models"][step["model"]], plan["cacheDir"], plan["seed"])
        if not os.path.exists(os.path.join(path, "config.json")):
            raise RuntimeError("no cached checkpoint at %s: the harness should have prepared it" % path)
    elif source.startswith("hf:"):
        path = source[3:]
    else:
        raise ValueError("unknown source %r" % source)
    model = AutoModel.from_pretrained(path)
    if (plan.get("options") or {}).get("weights") == "copied":
        import torch

        with torch.no_grad():
            for p in model.parameters():
                p.data = p.data.clone()
    return model


def device_of(plan):
    return "cuda:0" if plan.get("device") == "cuda" else "cpu"


def infer(model, source):
    """One forward pass on a fixed input, without gradients (on GPU this creates cuBLAS workspaces)."""
    if source == "onnx" or source.startswith("onnx:"):
        return model.infer()
    with torch.no_grad():
        param = next(model.parameters())
        if source == "synthetic":
            # The synthetic modules have no forward: read every weight through one input vector, as
            # the generated ONNX graphs do: sum over W of sum(x[:rows] @ W).
            n = max(p.reshape(-1, p.shape[-1]).shape[0] for p in model.parameters())
            x = torch.linspace(-1, 1, n, device=param.device, dtype=param.dtype)
            total = torch.zeros((), device=param.device, dtype=param.dtype)
            for p in model.parameters():
                w = p.reshape(-1, p.shape[-1])
                total += (x[: w.shape[0]] @ w).sum()
            return float(total)
        out = model(**example_inputs(model, param))
        return float(out[0].float().sum())


def _first_int(value):
    return value if isinstance(value, int) else value[0]


def example_inputs(model, like):
    """One input for a forward pass, built from the model itself (its main input and config), so that
    text, vision, speech and text-image models all run: input_ids; pixel_values from image_size and
    num_channels; input_features from num_mel_bins (Whisper reads 2 x max_source_positions frames);
    input_values (16000 audio samples) for wav2vec2-like models; both for CLIP-like ones; and the
    decoder's first token for an encoder-decoder. Tensors on `like`'s device, floats in its dtype."""
    config = model.config
    main = getattr(model, "main_input_name", "input_ids")
    floats = {"device": like.device, "dtype": like.dtype}
    inputs = {}
    vision = getattr(config, "vision_config", None)
    if main == "pixel_values" or vision is not None:
        v = vision or config
        size = _first_int(v.image_size)
        channels = getattr(v, "num_channels", 3)
        inputs["pixel_values"] = torch.linspace(-1, 1, channels * size * size, **floats).reshape(1, channels, size, size)
    if main == "input_features":
        frames = 2 * getattr(config, "max_source_positions", 1500)
        inputs["input_features"] = torch.zeros((1, config.num_mel_bins, frames), **floats)
    if main == "input_values":
        inputs["input_values"] = torch.linspace(-1, 1, 16000, **floats).reshape(1, -1)
    if main == "input_ids" or getattr(config, "text_config", None) is not None:
        inputs["input_ids"] = torch.ones((1, 16), dtype=torch.long, device=like.device)
    if getattr(config, "is_encoder_decoder", False):
        start = getattr(config, "decoder_start_token_id", None) or 0
        inputs["decoder_input_ids"] = torch.full((1, 4), start, dtype=torch.long, device=like.device)
    if not inputs:
        raise ValueError("cannot build an input for %s: its main input is %r" % (type(model).__name__, main))
    return inputs
