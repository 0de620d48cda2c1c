"""A test double of ClamAV's clamd: a real socket server speaking clamd's protocol (PING, INSTREAM).

No clamd runs on the test machines, so the upload tests talk to this one over TCP or a unix socket.
It reports the EICAR test string (built from pieces here, so no scanner flags this file) as found.
"""

import socketserver
import struct
import threading

EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-" + b"TEST-FILE!$H+H*"
STREAM_MAX_LENGTH = 25 * 1024 * 1024


class _Handler(socketserver.StreamRequestHandler):
    def _command(self) -> tuple[bytes, bytes]:
        first = self.rfile.read(1)
        terminator = b"\0" if first == b"z" else b"\n"
        command = b"" if first in (b"z", b"n") else first
        while (byte := self.rfile.read(1)) not in (terminator, b""):
            command += byte
        return command, terminator

    def handle(self):
        command, end = self._command()
        self.server.commands.append(command.decode())
        if command == b"PING":
            self.wfile.write(b"PONG" + end)
        elif command == b"INSTREAM":
            data = b""
            while True:
                header = self.rfile.read(4)
                if len(header) < 4:
                    return
                (length,) = struct.unpack("!L", header)
                if length == 0:
                    break
                data += self.rfile.read(length)
                if len(data) > STREAM_MAX_LENGTH:
                    self.wfile.write(b"INSTREAM size limit exceeded. ERROR" + end)
                    return
            self.server.scanned.append(data)
            verdict = b"stream: Eicar-Test-Signature FOUND" if EICAR in data else b"stream: OK"
            self.wfile.write(verdict + end)
        else:
            self.wfile.write(b"UNKNOWN COMMAND" + end)


class _TCP(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Unix(socketserver.ThreadingUnixStreamServer):
    daemon_threads = True


class ClamdDouble:
    """Start with ``ClamdDouble.tcp()`` or ``ClamdDouble.unix(path)``; ``address`` is the setting's value."""

    def __init__(self, server, address: str):
        self.server = server
        self.address = address
        server.commands, server.scanned = [], []
        self._thread = threading.Thread(target=server.serve_forever, daemon=True)
        self._thread.start()

    @classmethod
    def tcp(cls):
        server = _TCP(("127.0.0.1", 0), _Handler)
        return cls(server, f"tcp://127.0.0.1:{server.server_address[1]}")

    @classmethod
    def unix(cls, path):
        server = _Unix(str(path), _Handler)
        return cls(server, f"unix://{path}")

    @property
    def scanned(self) -> list[bytes]:
        return self.server.scanned

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
