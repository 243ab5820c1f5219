"""One window per user and base dir: a second start hands its paths to the running one.

The first start takes a lock file in the data dir and listens on a local socket (AF_UNIX;
a named pipe on Windows) whose name comes from the user and the base dir, so two base dirs
are two instances. A later start finds the lock held, connects, sends its paths (absolute)
with the key the first one wrote beside the lock, and exits once the window answered. No
answer within `ANSWER_SECONDS` (a window that hangs, or one still starting): it goes on as
a window of its own.

The lock says who is first, not the socket: a killed window leaves its socket file behind,
but its lock is stale as soon as its process is gone (QLockFile checks), so the next start
takes the lock and removes the socket left over. Standard library sockets, not
QLocalServer: the bundle leaves QtNetwork out (it drags in Kerberos and the app opens no
network connection); the server is a thread that hands each request to the GUI thread,
which answers it, so a window whose event loop is stuck answers nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Qt, Signal

from reader.paths import AppDirs

log = logging.getLogger(__name__)

ANSWER_SECONDS = 2.0
_READ_SECONDS = 2.0  # a start that connects and says nothing holds up no other one
_MAX_MESSAGE = 1 << 20  # a few thousand paths
_OK = b"ok"


def address(dirs: AppDirs) -> str:
    """The socket (or pipe) of the window of these directories, for this user."""
    user = os.environ.get("USERNAME", "") if sys.platform == "win32" else str(os.getuid())
    where = f"{user}\0{dirs.config}\0{dirs.data}".encode()
    name = f"archive-reader-{hashlib.sha256(where).hexdigest()[:16]}"
    if sys.platform == "win32":
        return rf"\\.\pipe\{name}"
    # The user's own runtime dir where there is one (private, emptied at logout); the path
    # of a socket must stay under ~100 bytes, which a deep --basedir would not.
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    folder = runtime if runtime and os.path.isdir(runtime) else tempfile.gettempdir()
    return os.path.join(folder, f"{name}.sock")


def _family() -> str:
    return "AF_PIPE" if sys.platform == "win32" else "AF_UNIX"


def _lock_file(dirs: AppDirs) -> Path:
    return dirs.data / "instance.lock"


def _key_file(dirs: AppDirs) -> Path:
    # Only this user can read it: another user's process that reaches the socket (in a
    # shared /tmp, or a Windows pipe) cannot make this window open anything.
    return dirs.data / "instance.key"


class FirstInstance:
    """This process holds the lock and listens: later starts hand their paths to it.

    Take it with `claim()` before the window is built (the sooner it listens, the shorter a
    second start waits); `serve()` once the QApplication exists.
    """

    def __init__(self, dirs: AppDirs, lock: QLockFile, listener: Listener, key: str) -> None:
        self.dirs = dirs
        self._lock = lock
        self._listener = listener
        self._key = key
        self._released = False

    @classmethod
    def claim(cls, dirs: AppDirs) -> FirstInstance | None:
        """The lock and the socket, or None when another live window holds the lock (or
        the socket cannot be made: then this window runs alone, as before)."""
        dirs.data.mkdir(parents=True, exist_ok=True)
        lock = QLockFile(str(_lock_file(dirs)))
        lock.setStaleLockTime(0)  # only a dead owner makes it stale, never its age
        if not lock.tryLock(0):
            return None
        where = address(dirs)
        key = secrets.token_hex(16)
        try:
            _write_private(_key_file(dirs), key)
            if _family() == "AF_UNIX":
                # We hold the lock: a socket file here is one a killed window left.
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(where)
            listener = Listener(where, _family(), backlog=16)
        except OSError as exc:
            log.warning("other starts cannot reach this window (%s): they open their own", exc)
            lock.unlock()
            return None
        if _family() == "AF_UNIX":
            # In a shared /tmp, other users cannot even connect (the key keeps them out
            # anyway, and out of a Windows pipe).
            with contextlib.suppress(OSError):
                os.chmod(where, 0o600)
        return cls(dirs, lock, listener, key)

    def serve(self, parent: QObject | None = None) -> InstanceServer:
        """Start answering later starts; `InstanceServer.requested` says what they asked."""
        return InstanceServer(self, parent)

    def read_request(self, conn: Connection) -> list[str]:
        """The paths a later start sent; ValueError for anything that is not one."""
        if not conn.poll(_READ_SECONDS):
            raise ValueError("nothing sent")
        message = json.loads(conn.recv_bytes(_MAX_MESSAGE))
        if not isinstance(message, dict) or not hmac.compare_digest(
            str(message.get("key", "")), self._key
        ):
            raise ValueError("not from a start of this user and base dir")
        paths = message.get("paths")
        if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
            raise ValueError("no list of paths")
        return paths

    def accept(self) -> Connection:
        return self._listener.accept()

    def wake(self) -> None:
        """Unblock a thread waiting in accept() (it then sees it is to stop)."""
        with contextlib.suppress(OSError), Client(address(self.dirs), _family()):
            pass

    def release(self) -> None:
        """Stop listening (the socket file goes) and free the lock for the next start."""
        if self._released:
            return
        self._released = True
        with contextlib.suppress(OSError):
            self._listener.close()
        with contextlib.suppress(OSError):
            _key_file(self.dirs).unlink()
        self._lock.unlock()


class InstanceServer(QObject):
    """Answers later starts while the window runs.

    A thread waits for connections and reads each request; the GUI thread answers it (so a
    start gets its answer only from a window whose event loop runs) and says `requested`.

    Signals:
        requested(list): paths (absolute; maybe none) a later start asked to open.
        _received(object, object): internal, a connection and its paths, to the GUI thread.
    """

    requested = Signal(list)
    _received = Signal(object, object)

    def __init__(self, first: FirstInstance, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._first = first
        self._stopping = threading.Event()
        self._received.connect(self._answer, Qt.ConnectionType.QueuedConnection)
        self._thread = threading.Thread(target=self._serve, name="single-instance", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stopping.is_set():
            try:
                conn = self._first.accept()
            except OSError as exc:
                if self._stopping.is_set():
                    return
                log.warning("a later start could not connect: %s", exc)
                time.sleep(0.1)
                continue
            if self._stopping.is_set():
                conn.close()
                return
            try:
                paths = self._first.read_request(conn)
            except (OSError, EOFError, ValueError) as exc:
                log.warning("ignored a message on the instance socket: %s", exc)
                conn.close()
                continue
            self._received.emit(conn, paths)

    def _answer(self, conn: object, paths: object) -> None:
        assert isinstance(conn, Connection) and isinstance(paths, list)
        if self._stopping.is_set():  # the window is closing: unanswered, the start opens its own
            conn.close()
            return
        try:
            conn.send_bytes(_OK)
        except OSError:
            return  # it gave up waiting and opens a window of its own: do not open twice
        finally:
            conn.close()
        log.info("another start handed over %d path(s)", len(paths))
        self.requested.emit(paths)

    def stop(self) -> None:
        """Answer no more starts and free the lock (at quit)."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        self._first.wake()
        self._thread.join(1.0)
        self._first.release()


def hand_over(dirs: AppDirs, paths: Sequence[str], timeout: float = ANSWER_SECONDS) -> bool:
    """Give `paths` (absolute) to the running window of `dirs`; True once it answered.

    False when there is none, or it did not answer within `timeout` seconds: this start is
    then the window. Retries while the first window is still starting (its lock taken, its
    socket or key not there yet).
    """
    deadline = time.monotonic() + timeout
    _let_it_come_forward()
    while True:
        try:
            key = _key_file(dirs).read_text(encoding="ascii").strip()
            with Client(address(dirs), _family()) as conn:
                conn.send_bytes(json.dumps({"key": key, "paths": list(paths)}).encode())
                left = max(0.0, deadline - time.monotonic())
                return conn.poll(left) and conn.recv_bytes(64) == _OK
        except (OSError, EOFError):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)


def _let_it_come_forward() -> None:
    """Windows lets only the foreground process raise a window: this start (just launched
    by the user) passes that right on to the running window."""
    if sys.platform == "win32":
        import ctypes

        asfw_any = -1
        ctypes.windll.user32.AllowSetForegroundWindow(asfw_any)


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as f:
        if sys.platform != "win32":
            os.fchmod(f.fileno(), 0o600)  # an older file keeps its mode through O_CREAT
        f.write(text)
