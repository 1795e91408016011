"""What this interpreter offers the harness: versions, and whether transformers is importable."""
import os
import platform
import sys


def probe():
    # sys.path's directories: installing or removing a package changes one of them, which tells the
    # harness its cached copy of this answer is stale.
    dirs = [p for p in sys.path if p and os.path.isdir(p)]
    out = {"executable": sys.executable, "python": platform.python_version(), "torch": None, "transformers": None, "error": None, "dirs": dirs}
    try:
        import torch

        out["torch"] = torch.__version__
        out["cuda"] = torch.version.cuda
        # No context is created: this asks the driver how many devices this process may see.
        out["cuda_devices"] = torch.cuda.device_count() if torch.version.cuda else 0
    except Exception as err:  # report, do not crash: the harness explains what is missing
        out["error"] = "%s: %s" % (type(err).__name__, err)
        return out
    try:
        import transformers

        out["transformers"] = transformers.__version__
    except Exception:
        pass
    # The serving runtime's server (FastAPI on uvicorn), where installed.
    for name in ("fastapi", "uvicorn"):
        try:
            from importlib.metadata import version

            out[name] = version(name)
        except Exception:
            out[name] = None
    return out
