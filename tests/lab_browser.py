"""A real JupyterLab on a copy of the book, and headless Chromium driving it.

Used by tests/test_lab.py. The server is the project's own (.venv/bin/jupyter lab, with
jupyterlab-myst), started on a free port with a token, its root a temporary directory holding a
COPY of book/ (JupyterLab autosaves what it opens, so it never sees the real chapters). Its
configuration, data (the notebook trust database), settings and workspaces live in that
directory too, so neither the reader's Jupyter setup nor this run affects the other. The copies
are trusted, as `make lab` trusts the chapters, so their explorers' scripts run on open (or not,
to see what plain `jupyter lab` shows). tests/lab_page.py drives a chapter's page.

The browser reaches only the server: every other host goes to a dead proxy, and each request
that tries is recorded.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from site_browser import CHROMIUM, LAUNCH_ARGS

ROOT = Path(__file__).resolve().parents[1]
JUPYTER = ROOT / ".venv" / "bin" / "jupyter"


def book_dir():
    """The chapters to open: $TP5_LAB_BOOK, else book/."""
    return Path(os.environ.get("TP5_LAB_BOOK", ROOT / "book")).resolve()


def chromium_path():
    """Debian's Chromium ($TP5_CHROMIUM, /usr/bin/chromium), else Playwright's own, else None."""
    if CHROMIUM.is_file():
        return CHROMIUM
    try:
        from playwright.sync_api import sync_playwright
        with sync_playwright() as pw:
            own = Path(pw.chromium.executable_path)
    except Exception:  # Playwright missing, or its browsers never downloaded
        return None
    return own if own.is_file() else None


def missing():
    """Why JupyterLab cannot be driven here, or None if it can."""
    if not JUPYTER.is_file():
        return f"no JupyterLab at {JUPYTER}: run `make lab` (or make .venv/.installed-stamp) first"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed in .venv (it is in requirements.txt)"
    if chromium_path() is None:
        return (f"no Chromium at {CHROMIUM} and none of Playwright's: apt-get install chromium "
                "(or set TP5_CHROMIUM)")
    return None


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LabServer:
    base: str  # http://127.0.0.1:<port>
    token: str
    root: Path  # the copy of the book it serves
    log: Path
    env: dict  # its environment: where its trust database is

    def trust(self, *notebooks):
        subprocess.run([str(JUPYTER), "trust", *map(str, notebooks)], env=self.env, check=True,
                       capture_output=True)

    def stop_kernels(self):
        """Shut down every kernel the pages started (closing a page leaves its kernel running)."""
        api = f"{self.base}/api/sessions?token={self.token}"
        with urllib.request.urlopen(api, timeout=10) as reply:
            sessions = json.load(reply)
        for session in sessions:
            request = urllib.request.Request(
                f"{self.base}/api/sessions/{session['id']}?token={self.token}", method="DELETE")
            urllib.request.urlopen(request, timeout=30).close()

    def chapter_url(self, name):
        """A fresh workspace each time: no layout or open tabs carried over from the last page."""
        return (f"{self.base}/lab/workspaces/tp5-{secrets.token_hex(4)}/tree/{name}"
                f"?reset&token={self.token}")


@contextmanager
def lab_server(book, trusted=True, startup_s=90):
    """JupyterLab serving a copy of ``book`` (trusted, as `make lab` trusts the chapters);
    stopped, kernels and all, on exit."""
    with tempfile.TemporaryDirectory(prefix="tp5-lab-") as tmp:
        tmp = Path(tmp)
        root = tmp / "book"
        shutil.copytree(book, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "_build"))
        env = dict(os.environ, JUPYTER_CONFIG_DIR=str(tmp / "config"),
                   JUPYTER_DATA_DIR=str(tmp / "data"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
                   JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"),
                   JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"))
        port, token = _free_port(), secrets.token_hex(16)
        command = [str(JUPYTER), "lab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
                   f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
                   "--LabApp.news_url=", "--ServerApp.open_browser=False"]
        if os.geteuid() == 0:
            command.append("--allow-root")
        log = tmp / "lab.log"
        with open(log, "w") as out:
            process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        server = LabServer(f"http://127.0.0.1:{port}", token, root, log, env)
        try:
            if trusted:
                server.trust(*sorted(root.glob("*.ipynb")))
            _wait_until_up(server, process, startup_s)
            yield server
        finally:
            _stop(process)


def _wait_until_up(server, process, timeout_s):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited ({process.returncode}):\n"
                               + server.log.read_text()[-3000:])
        try:
            with urllib.request.urlopen(f"{server.base}/api/status?token={server.token}",
                                        timeout=2) as reply:
                json.load(reply)
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab not up after {timeout_s} s:\n{server.log.read_text()[-3000:]}")


def _stop(process):
    """Stop the server (it shuts its kernels down), then anything of its group still running."""
    for sig, wait_s in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait_s)
            os.killpg(process.pid, signal.SIGKILL)  # a kernel left behind, if any
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            continue
        return


@contextmanager
def chromium():
    """Headless Chromium that reaches only this machine's loopback address, where the servers
    listen; every other host goes to a port where nothing listens."""
    from playwright.sync_api import sync_playwright

    only_local = ["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=127.0.0.1",
                  "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path()), headless=True,
                                     args=LAUNCH_ARGS + only_local)
        try:
            yield browser
        finally:
            browser.close()
