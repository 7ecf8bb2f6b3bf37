"""A small HTTP/1.1 client on raw sockets: single requests to check and weigh pages.

The load itself comes from wrk (bench/wrk.py).
"""

import socket
from dataclasses import dataclass

READ_SIZE = 65536


class ResponseError(Exception):
    pass


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    keep_alive: bool


def build_request(host: str, port: int, path: str, headers: dict[str, str] | None = None) -> bytes:
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "User-Agent: milepost-bench",
        "Accept: */*",
    ]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


class Connection:
    """One client connection that reconnects whenever the server has closed it."""

    def __init__(self, host: str, port: int, timeout: float = 15.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.sock: socket.socket | None = None
        self.buffer = b""

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
        self.sock, self.buffer = None, b""

    def request(self, raw_request: bytes) -> Response:
        if self.sock is None:
            self.sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            self.sock.sendall(raw_request)
            response = self._read_response()
        except Exception:
            self.close()
            raise
        if not response.keep_alive:
            self.close()
        return response

    def _recv(self) -> bytes:
        chunk = self.sock.recv(READ_SIZE)
        if not chunk:
            raise ResponseError("connection closed by server mid-response")
        return chunk

    def _read_until(self, marker: bytes) -> bytes:
        while (end := self.buffer.find(marker)) < 0:
            self.buffer += self._recv()
        data, self.buffer = self.buffer[:end], self.buffer[end + len(marker) :]
        return data

    def _read_exactly(self, size: int) -> bytes:
        while len(self.buffer) < size:
            self.buffer += self._recv()
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def _read_to_close(self) -> bytes:
        chunks = [self.buffer]
        while chunk := self.sock.recv(READ_SIZE):
            chunks.append(chunk)
        self.buffer = b""
        return b"".join(chunks)

    def _read_response(self) -> Response:
        head = self._read_until(b"\r\n\r\n").decode("latin-1")
        status_line, *header_lines = head.split("\r\n")
        version, status = status_line.split(" ", 2)[:2]
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        connection = headers.get("connection", "").lower()
        keep_alive = "close" not in connection and (
            version == "HTTP/1.1" or "keep-alive" in connection
        )
        if "chunked" in headers.get("transfer-encoding", "").lower():
            parts = []
            while True:
                size = int(self._read_until(b"\r\n").split(b";")[0], 16)
                if size == 0:
                    self._read_until(b"\r\n")  # no trailers expected
                    break
                parts.append(self._read_exactly(size))
                self._read_exactly(2)
            body = b"".join(parts)
        elif "content-length" in headers:
            body = self._read_exactly(int(headers["content-length"]))
        else:
            body, keep_alive = self._read_to_close(), False
        return Response(int(status), headers, body, keep_alive)


def fetch(host: str, port: int, path: str, headers: dict[str, str] | None = None) -> Response:
    """One request on a fresh connection."""
    connection = Connection(host, port)
    try:
        return connection.request(build_request(host, port, path, headers))
    finally:
        connection.close()
