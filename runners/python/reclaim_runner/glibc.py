"""glibc's mallinfo2(), through ctypes: the heap glibc holds, the free bytes inside it, the mmapped chunks."""
import ctypes

FIELDS = ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")


class Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in FIELDS]


_call = None


def mallinfo():
    """The struct, or None where there is no mallinfo2 (glibc older than 2.33, or another libc)."""
    global _call
    if _call is None:
        try:
            fn = ctypes.CDLL("libc.so.6").mallinfo2
            fn.restype = Mallinfo2
            fn.argtypes = []
            _call = fn
        except (OSError, AttributeError):
            _call = False
    return _call() if _call else None
