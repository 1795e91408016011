"""Forward passes for the synthetic modules, written with torch functions over the catalogue's named
parameters: BERT and GPT-2 blocks as transformers computes them (no dropout), and a chain for the
blocks models. Each model is split into embed / blocks / head-input, so training can checkpoint
block by block."""
import math

import torch
import torch.nn.functional as F


def _p(model, name):
    return model.get_parameter(name)


def _attention(q, k, v, heads, causal):
    b, t, h = q.shape
    d = h // heads
    q, k, v = (x.view(b, t, heads, d).transpose(1, 2) for x in (q, k, v))
    scores = q @ k.transpose(-1, -2) / math.sqrt(d)
    if causal:
        mask = torch.ones(t, t, dtype=torch.bool, device=q.device).triu(1)
        scores = scores.masked_fill(mask, float("-inf"))
    return (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, h)


def bert_parts(model, config):
    heads = config["num_attention_heads"]
    eps = 1e-12

    def norm(x, prefix):
        return F.layer_norm(x, x.shape[-1:], _p(model, prefix + ".weight"), _p(model, prefix + ".bias"), eps)

    def lin(x, prefix):
        return F.linear(x, _p(model, prefix + ".weight"), _p(model, prefix + ".bias"))

    def embed(ids):
        positions = torch.arange(ids.shape[1], device=ids.device)
        x = (
            F.embedding(ids, _p(model, "embeddings.word_embeddings.weight"))
            + F.embedding(positions, _p(model, "embeddings.position_embeddings.weight"))
            + _p(model, "embeddings.token_type_embeddings.weight")[0]
        )
        return norm(x, "embeddings.LayerNorm")

    def block(i):
        pre = "encoder.layer.%d" % i

        def run(x):
            a = _attention(lin(x, pre + ".attention.self.query"), lin(x, pre + ".attention.self.key"), lin(x, pre + ".attention.self.value"), heads, False)
            x = norm(x + lin(a, pre + ".attention.output.dense"), pre + ".attention.output.LayerNorm")
            h = F.gelu(lin(x, pre + ".intermediate.dense"))
            return norm(x + lin(h, pre + ".output.dense"), pre + ".output.LayerNorm")

        return run

    blocks = [block(i) for i in range(config["num_hidden_layers"])]
    return embed, blocks, lambda x: x


def gpt2_parts(model, config):
    heads = config["n_head"]
    eps = 1e-5

    def norm(x, prefix):
        return F.layer_norm(x, x.shape[-1:], _p(model, prefix + ".weight"), _p(model, prefix + ".bias"), eps)

    def conv1d(x, prefix):  # GPT-2's Conv1D: weight is [in, out]
        return x @ _p(model, prefix + ".weight") + _p(model, prefix + ".bias")

    def embed(ids):
        positions = torch.arange(ids.shape[1], device=ids.device)
        return F.embedding(ids, _p(model, "wte.weight")) + F.embedding(positions, _p(model, "wpe.weight"))

    def block(i):
        pre = "h.%d" % i

        def run(x):
            q, k, v = conv1d(norm(x, pre + ".ln_1"), pre + ".attn.c_attn").split(x.shape[-1], dim=-1)
            x = x + conv1d(_attention(q, k, v, heads, True), pre + ".attn.c_proj")
            h = F.gelu(conv1d(norm(x, pre + ".ln_2"), pre + ".mlp.c_fc"), approximate="tanh")
            return x + conv1d(h, pre + ".mlp.c_proj")

        return run

    blocks = [block(i) for i in range(config["n_layer"])]
    return embed, blocks, lambda x: norm(x, "ln_f")


def chain_parts(model, spec):
    """A model without an architecture (blocks-*): token ids index the first matrix's rows, then x @ W."""
    names = [t["name"] for t in spec["tensors"]]
    first = _p(model, names[0])

    def embed(ids):
        return F.embedding(ids % first.shape[0], first)

    def block(name):
        return lambda x: torch.relu(x @ _p(model, name))

    return embed, [block(n) for n in names[1:]], lambda x: x


def parts(model, spec):
    arch = spec.get("architecture")
    if arch and arch["model_type"] == "bert":
        return bert_parts(model, arch["config"])
    if arch and arch["model_type"] == "gpt2":
        return gpt2_parts(model, arch["config"])
    return chain_parts(model, spec)


def vocab_size(spec):
    arch = spec.get("architecture")
    return arch["config"]["vocab_size"] if arch else spec["tensors"][0]["shape"][0]
