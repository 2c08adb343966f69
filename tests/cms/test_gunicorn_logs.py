"""gunicorn started with the project's gunicorn.conf.py writes no client address: an invalid request line
("Invalid request from ip=…") lands in the error log with the address masked, and the access log line of
a normal request holds no address at all."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
    port = free_port()
    error_log, access_log = tmp_path / "error.log", tmp_path / "access.log"
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL", "DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="nur-fuer-den-protokolltest",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/nichtda",
        EMAIL_URL="console://",
        GUNICORN_BIND=f"127.0.0.1:{port}",
        GUNICORN_WORKERS="1",
        GUNICORN_ERROR_LOG=str(error_log),
        GUNICORN_ACCESS_LOG=str(access_log),
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "gunicorn.conf.py",
            "--no-control-socket",
            "cms.wsgi:application",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
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
