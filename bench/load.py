"""A small HTTP/1.1 load generator: threads on raw sockets, bounded in time and in requests.

Standard library only, so the benchmark runs wherever Python does (no wrk, no ab). Each thread
keeps one connection open for as long as the server allows (gunicorn's default sync workers
close after every response, so with them every request pays a loopback connect, as a browser
would against such a server) and times each request from sending it to the last body byte.
"""

import math
import socket
import threading
import time
from dataclasses import dataclass, field

READ_SIZE = 65536


class ResponseError(Exception):
    pass


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    keep_alive: bool


@dataclass
class LoadResult:
    path: str
    duration: float
    latencies: list[float] = field(default_factory=list)  # seconds, successful requests only
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies) + self.errors

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.duration if self.duration else 0.0

    def percentile(self, fraction: float) -> float:
        """Nearest-rank percentile of successful requests' latency, in seconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        rank = min(max(1, math.ceil(fraction * len(ordered))), len(ordered))
        return ordered[rank - 1]


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


def run_load(
    host: str,
    port: int,
    path: str,
    *,
    duration: float,
    concurrency: int,
    max_requests: int,
    headers: dict[str, str] | None = None,
) -> LoadResult:
    """Keep `concurrency` requests in flight until `duration` passes or `max_requests` are sent."""
    raw_request = build_request(host, port, path, headers)
    lock = threading.Lock()
    budget = [max_requests]
    per_thread: list[LoadResult] = [LoadResult(path, duration) for _ in range(concurrency)]
    start_gate = threading.Barrier(concurrency + 1)
    deadline = [0.0]

    def worker(result: LoadResult) -> None:
        connection = Connection(host, port)
        start_gate.wait()
        clock = time.perf_counter
        try:
            while clock() < deadline[0]:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                started = clock()
                try:
                    response = connection.request(raw_request)
                except (OSError, ResponseError, ValueError) as error:
                    result.errors += 1
                    if len(result.error_samples) < 3:
                        result.error_samples.append(f"{type(error).__name__}: {error}")
                    time.sleep(0.01)  # do not spin if the server is gone
                    continue
                elapsed = clock() - started
                result.statuses[response.status] = result.statuses.get(response.status, 0) + 1
                if response.status == 200:
                    result.latencies.append(elapsed)
                else:
                    result.errors += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(r,), daemon=True) for r in per_thread]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + duration
    start_gate.wait()
    for thread in threads:
        thread.join(duration + 30)
    total = LoadResult(path, time.perf_counter() - started)
    for result in per_thread:
        total.latencies += result.latencies
        total.errors += result.errors
        total.error_samples += result.error_samples
        for status, count in result.statuses.items():
            total.statuses[status] = total.statuses.get(status, 0) + count
    return total
