"""recycled-worker: every model lives in one worker process, replaced by a fresh one after every
`recycle_after` unloads (gunicorn's max_requests, Celery's max_tasks_per_child, TorchServe's worker
restarts). The new worker loads the models still in use before the old one exits, so they stay served;
what the old worker's allocator kept goes with it, and the price is that reload and a new interpreter.
"""
import multiprocessing


def _work(conn, plan):
    from . import actions, models

    held = {}  # name -> (model, source)
    conn.send(("ok", None))
    while True:
        op, arg = conn.recv()
        try:
            if op == "load":
                name, step = arg
                held[name] = (models.load(step, plan), step["source"])
            elif op == "infer":
                model, source = held[arg]
                models.infer(model, source)
            elif op == "to":
                from .execute import move

                move(held[arg][0], plan)
            elif op == "unload":
                name, before, after = arg
                model = held.pop(name)[0]
                for action in before:
                    actions.apply_before(action, model)
                del model
                for action in after:
                    actions.apply(action)
            elif op == "release":
                for action in arg:
                    actions.apply(action)
            elif op == "exit":
                conn.send(("ok", None))
                return
            conn.send(("ok", None))
        except BaseException as err:  # reported to the server, which answers 500 with it
            conn.send(("error", "%s: %s" % (type(err).__name__, err)))


class Worker:
    """A worker process holding models, spoken to through a pipe (one call at a time: the caller locks)."""

    def __init__(self, plan):
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        self.process = context.Process(target=_work, args=(child_end, plan), daemon=True, name="reclaim-worker")
        self.process.start()
        self.ask(None)

    def ask(self, op, arg=None):
        if op is not None:
            self.conn.send((op, arg))
        status, value = self.conn.recv()
        if status != "ok":
            raise RuntimeError(value)
        return value

    def exit(self):
        self.ask("exit")
        self.process.join()
