"""reclaim's model server: a FastAPI app on uvicorn that loads, serves and unloads the plan's models.

Started by the serving runtime's client (runners/serving/client.ts), which measures nothing itself: the
harness reads this process from outside. The plan comes on stdin; the server binds a free port on
127.0.0.1 only and prints one JSON line on stdout when it listens:
  {"host": "127.0.0.1", "port": N, "pid": P, "versions": {...}, "implements": {"ops": [...], "actions": [...]}}
Its HTTP API (a scenario may run any server speaking it: `server: {profile: reclaim, command: [...]}`): see
reclaim_runner/server.py.
"""
import ctypes
import json
import os
import signal
import socket
import sys

PR_SET_PDEATHSIG = 1


def main():
    # Ends with the client that started it: a cell killed for its timeout leaves no server behind.
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:
        return 1  # the client is already gone
    plan = json.load(sys.stdin)
    from reclaim_runner.server import build_app, implements, versions

    import uvicorn

    app = build_app(plan)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # loopback only; port 0: the kernel picks a free one
    sock.listen(256)
    host, port = sock.getsockname()
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=5)
    server = uvicorn.Server(config)
    print(json.dumps({"host": host, "port": port, "pid": os.getpid(), "versions": {**versions(), **app.state.settings}, "implements": implements(plan)}), flush=True)
    server.run(sockets=[sock])
    return 0


if __name__ == "__main__":
    sys.exit(main())
