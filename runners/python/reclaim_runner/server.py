"""The model server's app (FastAPI): what a model-serving API does, with the strategy's release actions.

  POST /models/{name}/load     body: the plan's load step      -> {"ms"}
  POST /models/{name}/unload   body: the plan's unload step    -> {"ms"}  (before actions, drop, after actions)
  POST /models/{name}/infer                                    -> {"ms"}  404 when it is not loaded
  POST /models/{name}/to                                       -> {"ms"}
  POST /release                body: {"actions": [...]}
  POST /init                                                    (CUDA context)
  GET  /stats                  what the process knows of itself (glibc's mallinfo2, torch's CUDA figures)
  GET  /health

Endpoints are plain `def` by default: FastAPI runs them in its thread pool (options.threads threads,
anyio's default 40), as a typical app does, so models are built and freed on worker threads with their
own glibc arenas. options.endpoints = "async" makes them `async def`: the work then runs on the event
loop's thread. options.trim_every_ms starts a thread that calls malloc_trim(0) on that period.
A failing endpoint answers 500 with {"error", "kind"} and its traceback on stderr.
"""
import functools
import sys
import threading
import time
import traceback
from contextlib import asynccontextmanager

from . import actions, models
from .execute import apply_torch_threads, error_kind, malloc_figures, move, torch_figures
from .isolated import IsolatedModel
from .worker import Worker

# What this server does on each device (the client adds mark, sleep and the requests steps).
OPS = {"cpu": ["load", "unload", "release", "infer", "to"], "cuda": ["load", "unload", "release", "infer", "to", "init"]}


def versions():
    import fastapi
    import torch
    import uvicorn

    out = {"python": sys.version.split()[0], "torch": torch.__version__, "fastapi": fastapi.__version__, "uvicorn": uvicorn.__version__}
    try:
        import transformers

        out["transformers"] = transformers.__version__
    except ImportError:
        pass
    return out


def implements(plan):
    device = plan.get("device", "cpu")
    acts, noop = actions.implemented(device)
    return {"ops": OPS.get(device, []), "actions": acts, "noop": noop}


class Entry:
    """A loaded model: the model (or the worker process holding it), its source, the lock of a worker's
    pipe, and whether it was unloaded (a request that waited for the pipe then finds it gone: 404)."""

    def __init__(self, model, source):
        self.model = model
        self.source = source
        self.lock = threading.Lock()
        self.closed = False


class Models:
    """The loaded models by name. A control operation (load, unload, release) runs one at a time; an
    inference takes the model it finds and keeps it alive until it ends, as a request handler would."""

    def __init__(self, plan):
        self.plan = plan
        self.isolated = plan.get("isolation") == "process-per-model"
        self.loaded = {}  # name -> Entry
        self.control = threading.Lock()

    def load(self, name, step):
        with self.control:
            model = IsolatedModel(step, self.plan) if self.isolated else models.load(step, self.plan)
            self.loaded[name] = Entry(model, step["source"])

    def unload(self, name, step):
        with self.control:
            entry = self.loaded.pop(name)
            if self.isolated:
                with entry.lock:
                    for action in step["before"]:
                        entry.model.ask("before", action)
                    entry.model.exit()
                    entry.closed = True
            else:
                for action in step["before"]:
                    actions.apply_before(action, entry.model)
            del entry  # the server's last reference; requests still running hold theirs until they end
            for action in step["after"]:
                actions.apply(action)

    def infer(self, name):
        entry = self.loaded.get(name)
        if entry is None:
            return False
        if not self.isolated:
            models.infer(entry.model, entry.source)
            return True
        with entry.lock:
            if entry.closed:
                return False
            entry.model.ask("infer")
        return True

    def to(self, name):
        entry = self.loaded[name]
        if not self.isolated:
            move(entry.model, self.plan)
            return
        with entry.lock:
            entry.model.ask("to")

    def release(self, names):
        with self.control:
            for action in names:
                actions.apply(action)


class RecycledModels:
    """The models in one worker process, replaced after every `recycle_after` unloads: the new worker
    loads the models still in use, then the old one exits. Requests wait for the worker while it is
    replaced (the latency the recycle costs); none is refused for a model still loaded."""

    def __init__(self, plan):
        self.plan = plan
        self.every = int(plan.get("options", {}).get("recycle_after", 1))
        if self.every < 1:
            raise ValueError("options.recycle_after must be at least 1, not %r" % self.every)
        self.loaded = {}  # name -> its load step
        self.unloads = 0
        self.recycles = 0
        self.control = threading.Lock()
        self.pipe = threading.Lock()  # the worker's, one call at a time
        self.worker = Worker(plan)

    def _ask(self, op, arg=None):
        with self.pipe:
            return self.worker.ask(op, arg)

    def load(self, name, step):
        with self.control:
            self._ask("load", (name, step))
            self.loaded[name] = step

    def unload(self, name, step):
        with self.control:
            self.loaded.pop(name)
            self._ask("unload", (name, step["before"], step["after"]))
            self.unloads += 1
            if self.unloads % self.every:
                return None
            started = time.perf_counter()
            fresh = Worker(self.plan)
            for other, load in self.loaded.items():
                fresh.ask("load", (other, load))
            with self.pipe:
                old, self.worker = self.worker, fresh
            old.exit()
            self.recycles += 1
            return {"recycled_ms": (time.perf_counter() - started) * 1000}

    def infer(self, name):
        with self.pipe:
            if name not in self.loaded:
                return False
            self.worker.ask("infer", name)
        return True

    def to(self, name):
        self._ask("to", name)

    def release(self, names):
        with self.control:
            self._ask("release", list(names))


def trim_every(ms):
    while True:
        time.sleep(ms / 1000)
        actions.apply("malloc_trim")


def build_app(plan):
    import anyio.to_thread
    from fastapi import Body, FastAPI
    from fastapi.responses import JSONResponse

    options = plan.get("options", {})
    threads = int(options.get("threads", 40))
    endpoints = str(options.get("endpoints", "sync"))
    if endpoints not in ("sync", "async"):
        raise ValueError("options.endpoints must be sync or async, not %r" % endpoints)
    trim_ms = float(options.get("trim_every_ms", 0) or 0)
    torch_threads = apply_torch_threads(plan)
    state = RecycledModels(plan) if plan.get("isolation") == "recycled-worker" else Models(plan)

    @asynccontextmanager
    async def lifespan(app):
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        if trim_ms > 0:
            threading.Thread(target=trim_every, args=(trim_ms,), daemon=True, name="malloc-trim-timer").start()
        yield

    app = FastAPI(lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None)
    # What it runs with, for the run's record (the ready line carries it with the versions).
    app.state.settings = {
        "threads": str(threads),
        "endpoints": endpoints,
        "trim_every_ms": "%g" % trim_ms,
        **({"torch_threads": str(torch_threads)} if torch_threads else {}),
        **({"recycle_after": str(state.every)} if isinstance(state, RecycledModels) else {}),
    }

    def handled(work):
        started = time.perf_counter()
        try:
            out = work()
        except Exception as err:
            traceback.print_exc()
            return JSONResponse({"error": "%s: %s" % (type(err).__name__, err), "kind": error_kind(err)}, status_code=500)
        if isinstance(out, JSONResponse):
            return out
        return {"ms": (time.perf_counter() - started) * 1000, **(out or {})}

    def route(method, path):
        """Registers fn as `def` (FastAPI runs it in its thread pool) or `async def` (on the event loop's thread)."""

        def decorate(fn):
            if endpoints == "async":

                @functools.wraps(fn)
                async def run(*args, **kwargs):
                    return handled(lambda: fn(*args, **kwargs))

            else:

                @functools.wraps(fn)
                def run(*args, **kwargs):
                    return handled(lambda: fn(*args, **kwargs))

            getattr(app, method)(path)(run)
            return fn

        return decorate

    @route("post", "/models/{name}/load")
    def load(name: str, step: dict = Body()):
        state.load(name, step)

    @route("post", "/models/{name}/unload")
    def unload(name: str, step: dict = Body()):
        if name not in state.loaded:
            return JSONResponse({"error": "model %r is not loaded" % name}, status_code=404)
        return state.unload(name, step)

    @route("post", "/models/{name}/infer")
    def infer(name: str):
        if not state.infer(name):
            return JSONResponse({"error": "model %r is not loaded" % name}, status_code=404)

    @route("post", "/models/{name}/to")
    def to(name: str):
        state.to(name)

    @route("post", "/release")
    def release(step: dict = Body()):
        state.release(step.get("actions", []))

    @route("post", "/init")
    def init():
        import torch

        torch.cuda.init()
        torch.cuda.synchronize()

    @route("get", "/stats")
    def stats():
        return {"inproc": {**torch_figures(plan), **malloc_figures()}}

    @route("get", "/health")
    def health():
        return {"ok": True}

    return app
