"""What this interpreter offers the harness: versions, and whether transformers is importable."""
import platform
import sys


def probe():
    out = {"executable": sys.executable, "python": platform.python_version(), "torch": None, "transformers": None, "error": None}
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
    return out
