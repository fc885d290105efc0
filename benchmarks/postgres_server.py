"""A private PostgreSQL server for the tests and the benchmarks, in a temporary folder.

Used by `tests/conftest.py` (one server per test worker) and `benchmarks.suite`
(the journal's rows). `PostgresServer.start()` runs `initdb` and `pg_ctl` from
the first of: `$TABLETOP_PG_BINDIR`, the newest `/usr/lib/postgresql/N/bin`
(Debian's `postgresql` package), `pg_ctl` on `PATH`. The server listens on a
Unix socket in its folder and on a free loopback port with TLS (a certificate
for `localhost` signed by a CA made for it, as docs/sessions.md tells an IT
officer to do), trusts the socket and asks for a password over TCP.

initdb and pg_ctl refuse to run as root; as root, they are run as the
`postgres` user (or `nobody` where there is none) with `runuser`, in a folder
that user owns.

A process killed outright (a test's timeout, SIGKILL) runs no clean-up, and
its server would go on running: each server has a watchdog, a small process of
its own that waits on a pipe only the owner holds, and stops the server and
removes its folder when that pipe closes, however the owner ended.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import psycopg
    from psycopg.rows import TupleRow

__all__ = ["PostgresServer", "ServerUnavailable", "find_server_programs"]


class ServerUnavailable(Exception):
    """No PostgreSQL server can be started here: the reason, and what to install."""


def find_server_programs() -> Path | None:
    """The folder of `initdb` and `pg_ctl`, or None when PostgreSQL's server is not installed."""
    given = os.environ.get("TABLETOP_PG_BINDIR")
    if given:
        return Path(given) if (Path(given) / "pg_ctl").exists() else None
    versions = sorted(
        (path for path in Path("/usr/lib/postgresql").glob("*/bin") if (path / "pg_ctl").exists()),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    if versions:
        return versions[-1]
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


_WATCHDOG = """
import shutil, subprocess, sys
sys.stdin.buffer.read()
subprocess.run(sys.argv[2:], capture_output=True)
shutil.rmtree(sys.argv[1], ignore_errors=True)
"""
"""Reads until its owner's end of the pipe closes (on `remove`, or when the owner dies), then
stops the server at once and removes its folder."""


class PostgresServer:
    """One PostgreSQL server of our own. `durable=False` (the tests) turns fsync off: its files
    are thrown away, and a crash of the machine is not what the tests are about."""

    def __init__(self, *, durable: bool = False) -> None:
        bindir = find_server_programs()
        if bindir is None:
            raise ServerUnavailable(
                "PostgreSQL's server programs (initdb, pg_ctl) are not installed; "
                "on Debian or Ubuntu: apt-get install postgresql"
            )
        self.bindir = bindir
        self.durable = durable
        self._run_as: list[str] = []
        owner = None
        if os.geteuid() == 0:
            for name in ("postgres", "nobody"):
                with contextlib.suppress(KeyError):
                    owner = pwd.getpwnam(name)
                    break
            if owner is None or shutil.which("runuser") is None:
                raise ServerUnavailable("running as root, and no unprivileged user (postgres) to run PostgreSQL as")
            self._run_as = ["runuser", "-u", owner.pw_name, "--"]
        self.folder = Path(tempfile.mkdtemp(prefix="tabletop-pg-"))
        if owner is not None:
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self._owner = owner
        self.data = self.folder / "data"
        # Its own session, so that a signal to the owner's process group does not reach it first.
        self._watchdog = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WATCHDOG,
                str(self.folder),
                *self._run_as,
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.data),
                "stop",
                "-m",
                "immediate",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.port = _free_port()
        self.ca_file = self.folder / "ca.crt"
        self.password = "server-admin-" + os.urandom(6).hex()
        self.running = False

    # -- life ------------------------------------------------------------------

    def start(self) -> PostgresServer:
        self._as_owner(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--no-sync",
        )
        self._make_certificates()
        settings = {
            "listen_addresses": "'127.0.0.1'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.folder}'",
            "ssl": "on",
            "ssl_cert_file": f"'{self.folder / 'server.crt'}'",
            "ssl_key_file": f"'{self.folder / 'server.key'}'",
            "shared_buffers": "'16MB'",
            "max_connections": "60",
            "log_min_messages": "warning",
            "log_min_error_statement": "panic",
        }
        if not self.durable:
            settings |= {"fsync": "off", "full_page_writes": "off"}
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        self.start_again()
        # The administrator logs in over TCP too (the tests of passwords and TLS use it).
        with self.admin() as connection:
            connection.execute(f"ALTER ROLE postgres PASSWORD '{self.password}'")
        return self

    def start_again(self) -> None:
        """Start the server (again, after `stop`), waiting until it accepts connections."""
        self._pg_ctl("start", "-w", "-t", "60", "-l", str(self.folder / "server.log"))
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """Stop the server: `fast` rolls back open transactions and closes every connection."""
        if self.running:
            self._pg_ctl("stop", "-w", "-m", mode)
            self.running = False

    def restart(self, down_for: float = 0.0) -> None:
        self.stop()
        time.sleep(down_for)
        self.start_again()

    def remove(self) -> None:
        """Stop the server at once and remove its folder."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        pid_file = self.data / "postmaster.pid"
        with contextlib.suppress(OSError, ValueError):
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGKILL)
        shutil.rmtree(self.folder, ignore_errors=True)
        if self._watchdog.stdin is not None:
            self._watchdog.stdin.close()
        self._watchdog.wait(timeout=60)

    # -- connecting ------------------------------------------------------------

    def url(
        self,
        database: str = "postgres",
        *,
        user: str = "postgres",
        password: str | None = None,
        tls: bool = False,
        host: str | None = None,
    ) -> str:
        """A connection URL: over the Unix socket by default; over TCP with `tls` (`verify-full`
        against the server's CA) or with a `host`; a `password` goes into the URL itself."""
        secret = f":{password}" if password is not None else ""
        if not tls and host is None:
            return f"postgresql://{user}{secret}@/{database}?host={self.folder}&port={self.port}"
        query = f"?sslmode=verify-full&sslrootcert={self.ca_file}" if tls else "?sslmode=disable"
        return f"postgresql://{user}{secret}@{host or 'localhost'}:{self.port}/{database}{query}"

    def admin(self, database: str = "postgres") -> psycopg.Connection[TupleRow]:
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True)

    def create_database(self, name: str, *, template: str | None = None, owner: str | None = None) -> str:
        with self.admin() as connection:
            sql = f'CREATE DATABASE "{name}"'
            if template:
                sql += f' TEMPLATE "{template}"'
            if owner:
                sql += f' OWNER "{owner}"'
            connection.execute(sql)
        return self.url(name)

    # -- machinery -------------------------------------------------------------

    def _pg_ctl(self, *args: str) -> None:
        self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(self.data), *args)

    def _as_owner(self, *argv: str) -> None:
        result = subprocess.run([*self._run_as, *argv], capture_output=True, text=True, cwd=self.folder)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise ServerUnavailable(f"{Path(argv[0]).name} {argv[-1]}: {result.stderr.strip()} {tail}".strip())

    def _make_certificates(self) -> None:
        """A CA of its own and a certificate for `localhost` it signs: what docs/sessions.md
        tells an IT officer to make for the unit's server, at a test's size."""
        if shutil.which("openssl") is None:
            raise ServerUnavailable("openssl is not installed (the server's test certificates are made with it)")
        folder = self.folder

        def openssl(*args: str) -> None:
            subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=folder)

        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key")
        openssl(
            "req", "-new", "-x509", "-key", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=tabletop test CA"
        )
        openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "server.key")
        openssl("req", "-new", "-key", "server.key", "-out", "server.csr", "-subj", "/CN=localhost")
        (folder / "san.ext").write_text("subjectAltName = DNS:localhost\n", encoding="utf-8")
        openssl(
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.crt",
            "-days",
            "2",
            "-extfile",
            "san.ext",
        )
        os.chmod(folder / "server.key", 0o600)
        if self._owner is not None:
            for name in ("server.key", "server.crt", "ca.crt"):
                os.chown(folder / name, self._owner.pw_uid, self._owner.pw_gid)
