"""No network, ever: indexing and search with every internet socket blocked and recorded.

The guard replaces the socket entry points (connect, connect_ex, sendto, create_connection,
getaddrinfo, gethostbyname) with ones that record the attempt and raise. It is a tripwire
around the whole program, not a mock of our code: nothing of ours is replaced. Unix-domain
sockets stay allowed (multiprocessing talks to its forkserver over one). Indexing runs in a
real `python -m reader index` whose main process, forkserver and workers (forked from it)
all carry the guard, loaded by a sitecustomize module on PYTHONPATH.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from reader.search.engine import search
from reader.store.archive import Archive
from tests.hostile_archive import hostile_html, javascript_pdf

GUARD_SOURCE = '''
"""Test guard: record and refuse every internet connection of this process tree."""
import os, socket

_LOG = os.environ["NETGUARD_LOG"]


def _refuse(what):
    with open(_LOG, "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()} {what}\\n")
    raise OSError(f"network blocked by the test guard: {what}")


def _inet(sock):
    return sock.family in (socket.AF_INET, socket.AF_INET6)


_connect, _connect_ex = socket.socket.connect, socket.socket.connect_ex
_sendto = socket.socket.sendto


def connect(self, address):
    if _inet(self):
        _refuse(f"connect {address!r}")
    return _connect(self, address)


def connect_ex(self, address):
    if _inet(self):
        _refuse(f"connect_ex {address!r}")
    return _connect_ex(self, address)


def sendto(self, *args):
    if _inet(self):
        _refuse(f"sendto {args[-1]!r}")
    return _sendto(self, *args)


socket.socket.connect, socket.socket.connect_ex, socket.socket.sendto = connect, connect_ex, sendto
socket.create_connection = lambda address, *a, **k: _refuse(f"create_connection {address!r}")
socket.getaddrinfo = lambda host, *a, **k: _refuse(f"getaddrinfo {host!r}")
socket.gethostbyname = lambda host: _refuse(f"gethostbyname {host!r}")
with open(_LOG + ".loaded", "a", encoding="utf-8") as f:
    f.write(f"{os.getpid()}\\n")
'''


class NetworkGuard:
    """In-process version of the guard; `attempts` lists what was refused."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.attempts: list[str] = []
        self._patch(monkeypatch)

    def _refuse(self, what: str) -> None:
        self.attempts.append(what)
        raise OSError(f"network blocked by the test guard: {what}")

    def _patch(self, mp: pytest.MonkeyPatch) -> None:
        inet = (socket.AF_INET, socket.AF_INET6)
        connect, connect_ex, sendto = (
            socket.socket.connect,
            socket.socket.connect_ex,
            socket.socket.sendto,
        )

        def wrap(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
            def guarded(sock: socket.socket, *args: Any) -> Any:
                if sock.family in inet:
                    self._refuse(f"{name} {args[-1]!r}")
                return real(sock, *args)

            return guarded

        mp.setattr(socket.socket, "connect", wrap("connect", connect))
        mp.setattr(socket.socket, "connect_ex", wrap("connect_ex", connect_ex))
        mp.setattr(socket.socket, "sendto", wrap("sendto", sendto))
        for name in ("create_connection", "getaddrinfo", "gethostbyname"):
            mp.setattr(socket, name, lambda h, *a, _n=name, **k: self._refuse(f"{_n} {h!r}"))


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[NetworkGuard]:
    """Blocks internet sockets for the test; fails it if anything tried to connect."""
    guard = NetworkGuard(monkeypatch)
    yield guard
    assert guard.attempts == [], f"network connection attempted: {guard.attempts}"


def test_the_guard_catches_a_real_connection_attempt(monkeypatch: pytest.MonkeyPatch) -> None:
    guard = NetworkGuard(monkeypatch)
    with pytest.raises(OSError, match="blocked by the test guard"):
        urllib.request.urlopen("http://example.com/", timeout=1)
    assert guard.attempts and "example.com" in guard.attempts[0]


def remote_archive(root: Path) -> Path:
    """Pages full of remote references: images, frames, scripts, links, PDF URI links."""
    root.mkdir(parents=True)
    (root / "hostile.htm").write_bytes(hostile_html())
    (root / "scripted.pdf").write_bytes(javascript_pdf())
    (root / "links.htm").write_text(
        "<html><body><p>remotelinks page</p>"
        + "".join(
            f"<a href='{u}'>x</a><img src='{u}/i.png'>"
            for u in ("http://a.invalid", "https://b.invalid", "ftp://c.invalid", "//d.invalid")
        )
        + "</body></html>"
    )
    (root / "note.txt").write_text("see http://cryptome.org/ and https://e.invalid/x\n")
    return root


def test_indexing_and_search_never_touch_the_network(
    tmp_path: Path, basedir: Path, no_network: NetworkGuard
) -> None:
    root = remote_archive(tmp_path / "REMOTE_1")
    guard_dir = tmp_path / "guard"
    guard_dir.mkdir()
    (guard_dir / "sitecustomize.py").write_text(GUARD_SOURCE)
    log = tmp_path / "net.log"
    env = {
        **os.environ,
        "ARCHIVE_READER_BASEDIR": str(basedir),
        "NETGUARD_LOG": str(log),
        "PYTHONPATH": os.pathsep.join([str(guard_dir), os.environ.get("PYTHONPATH", "")]),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "reader", "index", "-q", "--workers", "2", str(root)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    loaded = Path(f"{log}.loaded").read_text().split()
    # The main process and the forkserver load it; the workers are forks of the latter.
    assert len(set(loaded)) >= 2, loaded
    assert not log.exists(), log.read_text()
    search_cli = subprocess.run(
        [sys.executable, "-m", "reader", "search", "--json", "remotelinks"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(search_cli.stdout)["total"] == 1
    assert not log.exists(), log.read_text()

    # And in this process, under the in-process guard, every kind of query.
    with Archive.named("default") as archive:
        index = archive.index()
        for query in ("remotelinks", '"visible words"', "hostile*", "http", "scriptd~", "x OR y"):
            search(index, query)
        assert search(index, "hostilepage").total == 1


# --- native code too: the kernel's view of every process, with strace ---


def _strace_usable() -> bool:
    try:
        return (
            subprocess.run(
                ["strace", "-f", "-qq", "-e", "trace=socket", "-o", os.devnull, "true"],
                capture_output=True,
                timeout=30,
                check=False,
            ).returncode
            == 0
        )
    except (OSError, subprocess.TimeoutExpired):
        return False


needs_strace = pytest.mark.skipif(
    not _strace_usable(), reason="strace is missing or may not trace here (.ci/run installs it)"
)

# Local sockets only: multiprocessing's forkserver (unix), interface queries (netlink).
_LOCAL_FAMILIES = ("AF_UNIX", "AF_LOCAL", "AF_NETLINK")


def internet_sockets(
    cmd: list[str], env: dict[str, str], log: Path, timeout: int = 240
) -> list[str]:
    """Run `cmd` and every process it starts under strace; return each socket() or
    connect() that is not local (AF_INET, AF_INET6, AF_PACKET, ...), from any code, Python
    or native (MuPDF, tantivy, Qt)."""
    proc = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=socket,connect", "-o", str(log), *cmd],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    calls = [
        line for line in log.read_text().splitlines() if "socket(" in line or "connect(" in line
    ]
    return [line for line in calls if not any(f in line for f in _LOCAL_FAMILIES)]


@needs_strace
def test_no_process_opens_an_internet_socket_native_code_included(
    tmp_path: Path, basedir: Path
) -> None:
    # The Python guard above sees Python sockets only; the format libraries and the index
    # are native code. strace sees every process of the run (main, forkserver, workers).
    root = remote_archive(tmp_path / "REMOTE_1")
    env = {**os.environ, "ARCHIVE_READER_BASEDIR": str(basedir)}
    index = [sys.executable, "-m", "reader", "index", "-q", "--workers", "2", str(root)]
    assert internet_sockets(index, env, tmp_path / "index.strace") == []
    # The trace did see the local socket the workers' forkserver listens on.
    assert "AF_UNIX" in (tmp_path / "index.strace").read_text()
    find = [sys.executable, "-m", "reader", "search", "--json", "remotelinks"]
    assert internet_sockets(find, env, tmp_path / "search.strace") == []
