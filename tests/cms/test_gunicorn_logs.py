"""gunicorn started with the project's gunicorn.conf.py writes no client address: an invalid request line
("Invalid request from ip=…") lands in the error log with the address masked, and the access log line of
a normal request holds no address at all."""

import socket
import time

from tests.servers import production_env, start_gunicorn


def send_raw(port, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_gunicorn_error_and_access_logs_hold_no_client_address(tmp_path):
    error_log, access_log = tmp_path / "error.log", tmp_path / "access.log"
    env = production_env(
        "nur-fuer-den-protokolltest",
        GUNICORN_WORKERS="1",
        GUNICORN_ERROR_LOG=str(error_log),
        GUNICORN_ACCESS_LOG=str(access_log),
    )
    base, process = start_gunicorn(env, tmp_path / "output.log", "--no-control-socket")
    port = int(base.rsplit(":", 1)[1])
    try:
        wait_for(lambda: error_log.exists() and "Booting worker" in error_log.read_text())

        answer = send_raw(port, b"KAPUTT \x01 nicht-http\r\n\r\n")
        normal = send_raw(
            port,
            b"GET /static/css/maintenance.css?email=anna@example.org HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
        )

        assert answer.startswith(b"HTTP/1.1 400")
        assert normal.startswith(b"HTTP/1.1 ")
        wait_for(lambda: "Invalid request from ip=" in error_log.read_text())
        wait_for(lambda: "maintenance.css" in access_log.read_text())
    finally:
        process.terminate()
        process.wait(timeout=20)
    errors, accesses = error_log.read_text(), access_log.read_text()
    assert "Invalid request from ip=[IP]" in errors
    assert "127.0.0.1" not in errors
    assert '"GET /static/css/maintenance.css HTTP/1.1"' in accesses
    assert "127.0.0.1" not in accesses
    assert "anna@example.org" not in accesses
