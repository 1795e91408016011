"""What every third-party server profile shares: the plan's models as local directories, and how a
server loads one (as saved: memory-mapped weights, or with a conversion that copies them to the heap).

A profile's launcher imports this with {root}/runners/serving/profiles and {root}/runners/python on
sys.path (the profile's env sets PYTHONPATH). The plan is the cell's (the serving client writes it as
plan.json in the cell's directory).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "python"))


def read_plan(path):
    with open(path) as f:
        return json.load(f)


def model_dirs(plan):
    """Each loaded name of the plan -> the directory of its checkpoint (save_pretrained format)."""
    from reclaim_runner.models import pretrained_dir

    out = {}
    for step in plan["steps"]:
        if step["op"] != "load":
            continue
        source = step["source"]
        if source == "pretrained":
            out[step["name"]] = pretrained_dir(plan["models"][step["model"]], plan["cacheDir"], plan["seed"])
        elif source.startswith("hf:"):
            out[step["name"]] = source[3:]
        else:
            raise SystemExit("this server loads checkpoints only (source pretrained or hf:<dir>), not %r" % source)
    return out


def load_model(path, weights):
    """AutoModel.from_pretrained of a directory. weights=copied clones every parameter, as a server that
    converts its weights (dtype, fusing, device) ends up doing: they then live on the heap, not in the
    file's mapping."""
    import torch
    from transformers import AutoModel

    model = AutoModel.from_pretrained(path)
    model.eval()
    if weights == "copied":
        with torch.no_grad():
            for p in model.parameters():
                p.data = p.data.clone()
    return model


def forward(model):
    """One forward pass on an input built from the model (text, vision, speech): what an inference request does."""
    import torch
    from reclaim_runner.models import example_inputs

    with torch.no_grad():
        out = model(**example_inputs(model, next(model.parameters())))
    hidden = out.last_hidden_state if hasattr(out, "last_hidden_state") else out[0]
    return hidden.reshape(-1)[:2].tolist()
