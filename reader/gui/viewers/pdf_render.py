"""The PDF viewer's worker process: draws pages and reads their words with its own PyMuPDF.

No Qt here: the worker imports this module and nothing of the window (see pdf_worker.py for
the side in the window, which starts it, gives it work and kills it when it is too slow).
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import signal
import sys
from multiprocessing.connection import Connection
from typing import Any

import pymupdf

#: The most pixels one drawn page may have: a page as big as a wall at 600 % would be gigabytes
#: in the window. Past this it is drawn smaller and the window scales it up (6x an A4 page fits).
MAX_PIXELS = 36_000_000
#: The words of a page kept for hit marks and selection (a real page has a few thousand; a page
#: of a million invisible words would cost the window seconds to mark).
MAX_WORDS = 100_000
#: The text of a page put on the clipboard at most ("Copy page text").
MAX_TEXT_CHARS = 5_000_000
#: Preloaded in the fork server that the workers come from (see `context`): MuPDF is loaded
#: once, not in each worker.
PRELOAD = [__name__]

Job = tuple[str, int, float]  # ("draw" | "words" | "text", 0-based page, scale for "draw")


def context() -> Any:
    """The multiprocessing context the workers start from.

    Linux: forkserver, so a worker forks in milliseconds from a clean single-threaded server
    (never from the window's process, whose Qt threads make fork unsafe). The server is
    shared with the indexing workers (reader.indexing.workers): it preloads theirs too.
    Elsewhere spawn (macOS's system libraries are not fork-safe; Windows has only spawn).
    """
    if sys.platform.startswith("linux") and "forkserver" in mp.get_all_start_methods():
        from reader.indexing.extract import PRELOAD as EXTRACTORS

        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(
            ["reader.sources.opener", "reader.indexing.extract", *EXTRACTORS, *PRELOAD]
        )
        return ctx
    return mp.get_context("spawn")


def warm_up() -> None:
    """Start the fork server now (it loads for about half a second in its own process), so
    that the first PDF opened gets its workers in milliseconds."""
    if context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _settle(memory_mb: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is the window's
    if hasattr(os, "nice"):
        os.nice(5)  # the window's own work comes first on a busy machine
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit still bounds a runaway page
        return
    cap = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _open(data: bytes) -> Any:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
        if doc.needs_pass:
            doc.authenticate("")
        return doc
    except Exception:  # the window opened it: only a failure of this process gets here
        return None


def _draw(page: Any, scale: float) -> Any:
    rect = page.rect
    pixels = max(rect.width * rect.height * scale * scale, 1.0)
    if pixels > MAX_PIXELS:
        scale *= math.sqrt(MAX_PIXELS / pixels)
    return page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)


def _words(page: Any) -> list[tuple[Any, ...]]:
    """The page's words as get_text("words") gives them, in displayed coordinates."""
    words = [w[:8] for w in page.get_text("words") if str(w[4]).strip()][:MAX_WORDS]
    if page.rotation:
        matrix = page.rotation_matrix
        words = [
            (r.x0, r.y0, r.x1, r.y1, *w[4:]) for w in words for r in [pymupdf.Rect(w[:4]) * matrix]
        ]
    return words


def _answer(doc: Any, job: Job, conn: Connection) -> None:
    kind, number, scale = job
    if doc is None:
        conn.send(("error", "the document could not be opened in the worker"))
        return
    try:
        page = doc.load_page(number)
        if kind == "draw":
            pix = _draw(page, scale)
            samples = pix.samples_mv  # before the header: once it is sent, the pixels follow
            conn.send(("pixels", (pix.width, pix.height, pix.stride)))
            conn.send_bytes(samples)  # not pickled: no second copy of the pixels
            return
        if kind == "words":
            conn.send(("ok", _words(page)))
        else:
            conn.send(("ok", str(page.get_text("text"))[:MAX_TEXT_CHARS]))
    except MemoryError:
        conn.send(("error", "needs more memory than a page may have"))
    except Exception as exc:  # MuPDF raises plain exceptions for damaged pages
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


def serve(conn: Connection, memory_mb: int) -> None:
    """The worker's loop: ("open",) then the document's bytes (answered "opened"), or a Job
    to answer with one reply, in order; None or a closed pipe ends it."""
    _settle(memory_mb)
    conn.send(("ready", os.getpid()))
    doc: Any = None
    while True:
        try:
            message = conn.recv()
            if message is None:
                break
            if message[0] == "open":
                if doc is not None:
                    doc.close()
                doc = None  # the old one goes before the new one is read
                doc = _open(conn.recv_bytes())
                conn.send(("opened", doc is not None))
                continue
            _answer(doc, message, conn)
        except (EOFError, OSError):  # the window went away
            break
