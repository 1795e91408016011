"""Training steps for the `train` step: AdamW on synthetic batches with a small classification head,
with or without gradient checkpointing. Each phase (forward, backward, optimizer) is its own call, so
the harness can mark memory between them; the runner reports each step's time and loss."""
import time

import torch
from torch.utils.checkpoint import checkpoint

from . import forward
from .models import device_of

NUM_LABELS = 2


class Trainer:
    def __init__(self, model, source, spec, step, plan):
        self.device = device_of(plan)
        self.model = model
        self.checkpointing = step["checkpointing"]
        model.train()
        if source == "synthetic":
            self.embed, self.blocks, self.final = forward.parts(model, spec)
            self.hf = False
        else:  # transformers' own models (pretrained, hf:)
            self.hf = True
            if self.checkpointing:
                model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        hidden = self._hidden_size(spec)
        generator = torch.Generator().manual_seed(plan["seed"] + 1)
        self.head = torch.nn.Linear(hidden, NUM_LABELS).to(self.device)
        with torch.no_grad():
            self.head.weight.copy_(torch.randn(self.head.weight.shape, generator=generator) * 0.02)
            self.head.bias.zero_()
        params = [p for p in model.parameters() if p.requires_grad] + list(self.head.parameters())
        self.optimizer = torch.optim.AdamW(params, lr=step["lr"])
        # Every batch from a fixed seed: with or without checkpointing, the same data, the same maths.
        vocab = forward.vocab_size(spec) if spec else 1000
        self.ids = torch.randint(0, vocab, (step["batch"], step["seq"]), generator=generator).to(self.device)
        self.labels = torch.randint(0, NUM_LABELS, (step["batch"],), generator=generator).to(self.device)
        self.loss = None
        self.elapsed = 0.0
        if self.device.startswith("cuda"):
            torch.cuda.reset_peak_memory_stats()

    def _hidden_size(self, spec):
        arch = spec.get("architecture") if spec else None
        if arch:
            c = arch["config"]
            return c.get("hidden_size") or c["n_embd"]
        return spec["tensors"][-1]["shape"][-1]

    def _features(self):
        if self.hf:
            return self.model(input_ids=self.ids).last_hidden_state
        x = self.embed(self.ids)
        for block in self.blocks:
            x = checkpoint(block, x, use_reentrant=False) if self.checkpointing else block(x)
        return self.final(x)

    def phase(self, name):
        """Runs one phase; returns (loss, step seconds) after the optimizer phase, else None."""
        started = time.perf_counter()
        if name == "forward":
            self.elapsed = 0.0
            features = self._features()
            self.loss = torch.nn.functional.cross_entropy(self.head(features[:, 0]), self.labels)
        elif name == "backward":
            self.loss.backward()
        elif name == "optimizer":
            self.optimizer.step()
            self.optimizer.zero_grad(set_to_none=True)
        self._sync()
        self.elapsed += time.perf_counter() - started
        if name == "optimizer":
            loss, self.loss = float(self.loss), None
            return loss, self.elapsed
        return None

    def _sync(self):
        if self.device.startswith("cuda"):
            torch.cuda.synchronize()

    def end(self):
        """What a training loop leaves when it is done: gradients set to None, the optimizer dropped."""
        self.optimizer.zero_grad(set_to_none=True)
        self.model.zero_grad(set_to_none=True)
        self.optimizer = None
        self.head = None
        self.loss = None
        self.blocks = self.embed = self.final = None
        if self.hf and self.checkpointing:
            self.model.gradient_checkpointing_disable()
        self.model.eval()
        self.model = None
