"""The process make bench-attach trims: it makes N MiB of holes in glibc's heap (64 KiB blocks freed
behind a pinned top, the shape `del model; gc.collect()` leaves), then answers commands on stdin:
  holes      make the holes again (after a trim)            -> "ok"
  trim       malloc_trim(0) from inside, timed               -> "<ms>"
Between commands it waits in read(), where a call from outside stops it."""
import ctypes
import sys
import time

MIB = int(sys.argv[1])
libc = ctypes.CDLL("libc.so.6")
pins = []


def holes():
    blocks = [bytearray(64 * 1024) for _ in range(MIB * 16)]
    for b in blocks:
        b[::4096] = b"\x01" * len(b[::4096])  # touch every page
    pins.append(bytearray(100 * 1024))  # the top stays: the holes are below it
    del blocks


holes()
print("ready", flush=True)
for line in sys.stdin:
    cmd = line.strip()
    if cmd == "holes":
        holes()
        print("ok", flush=True)
    elif cmd == "trim":
        t0 = time.perf_counter_ns()
        libc.malloc_trim(0)
        print(f"{(time.perf_counter_ns() - t0) / 1e6:.3f}", flush=True)
