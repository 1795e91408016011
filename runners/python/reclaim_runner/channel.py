"""The runner's side of the protocol: JSON-line events on fd 3, blocking on the ack after a mark."""
import json
import os

EVENT_FD = 3


class Channel:
    def __init__(self, fd=EVENT_FD):
        try:
            os.fstat(fd)
        except OSError:
            raise SystemExit("runner.py must be started by reclaim: fd 3 (the event channel) is not open")
        self.fd = fd
        self.pending = b""

    def send(self, **event):
        data = (json.dumps(event) + "\n").encode()
        while data:
            data = data[os.write(self.fd, data):]

    def mark(self, index, label, inproc):
        """Reports a mark and waits while the harness measures this process."""
        self.send(event="mark", index=index, label=label, inproc=inproc)
        while b"\n" not in self.pending:
            chunk = os.read(self.fd, 4096)
            if not chunk:
                raise ConnectionError("the harness closed fd 3 before acknowledging mark %d" % index)
            self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        ack = json.loads(line)
        if ack.get("ack") != index:
            raise ConnectionError("expected the ack of mark %d, got %r" % (index, ack))
