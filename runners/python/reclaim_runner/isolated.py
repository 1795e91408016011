"""process-per-model: a model lives in a child process that exits when it is unloaded.

The harness measures the runner's whole process tree (and the GPU memory of all its pids), so what
the child held counts while it lives and is gone once it exits: the "everything returned" reference.
"""
import multiprocessing


def _serve(conn, step, plan):
    from . import actions, models

    try:
        model = models.load(step, plan)
        conn.send(("ok", None))
        while True:
            op, arg = conn.recv()
            if op == "to":
                model.to(models.device_of(plan))
                if plan.get("device") == "cuda":
                    import torch

                    torch.cuda.synchronize()
                conn.send(("ok", None))
            elif op == "infer":
                conn.send(("ok", models.infer(model, step["source"])))
            elif op == "before":
                actions.apply_before(arg, model)
                conn.send(("ok", None))
            elif op == "exit":
                conn.send(("ok", None))
                return
    except BaseException as err:  # reported to the parent, which fails the cell
        conn.send(("error", "%s: %s" % (type(err).__name__, err)))


class IsolatedModel:
    def __init__(self, step, plan):
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end, step, plan), daemon=True)
        self.process.start()
        self._reply()

    def _reply(self):
        status, value = self.conn.recv()
        if status != "ok":
            raise RuntimeError(value)
        return value

    def ask(self, op, arg=None):
        self.conn.send((op, arg))
        return self._reply()

    def exit(self):
        self.ask("exit")
        self.process.join()
