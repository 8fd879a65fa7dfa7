"""Serve a class from one machine: N `streamlit run Home.py` replicas behind nginx, in one command.

    python -m deploy.serve --replicas 4              # http://<this machine>:8000
    python -m deploy.serve --replicas 2 --port 8080 --address 127.0.0.1

Each replica runs on a free loopback port with its file watcher off; nginx (Debian: `apt-get install
-y nginx`; it runs as any user, from a temporary prefix) listens on --port with the configuration of
deploy/nginx/streamlit.conf.template: sticky sessions by a cookie, websocket upgrade, passive health
checks. It prints the address once every replica answers its health check and has run the app once,
and stops everything on Ctrl-C or SIGTERM. A replica that dies is reported and left out by nginx;
its readers get a new session on another replica.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from deploy.balancer import ROOT, main_conf, render

STARTUP = 120  # seconds for a replica to answer its health check and run Home once, on a loaded machine


@dataclass
class Process:
    """A child process and the address it answers at."""

    url: str
    process: subprocess.Popen


@dataclass
class Class:
    """What `balanced` started: the address to share, nginx, and the replicas behind it."""

    url: str
    nginx: Process
    replicas: list[Process]


def free_port() -> int:
    """A port on loopback that nothing listens on (yet)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: the child gets SIGTERM if this process dies without cleaning up (SIGKILL, a crash)."""
    if sys.platform == "linux":
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def spawn(command: list[str], log: Path) -> subprocess.Popen:
    """Start ``command`` from the repository root, its output to ``log``; it dies with this process."""
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)


def start_replica(log: Path) -> Process:
    """One `streamlit run Home.py` on a free loopback port, headless, its file watcher off."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "Home.py", "--server.headless", "true"]
    command += ["--server.fileWatcherType", "none", "--server.address", "127.0.0.1", "--server.port", str(port)]
    return Process(f"http://127.0.0.1:{port}", spawn(command, log))


def wait_healthy(child: Process, log: Path, path: str = "/_stcore/health") -> None:
    """Poll until ``child`` answers 200 at ``path``; a child that exits first is an error with its log."""
    deadline = time.monotonic() + STARTUP
    while True:
        with contextlib.suppress(OSError):
            if urllib.request.urlopen(child.url + path, timeout=2).status == 200:
                return
        if child.process.poll() is not None or time.monotonic() > deadline:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{child.url} did not start (log {log}):\n{tail}")
        time.sleep(0.2)


def warm(url: str) -> None:
    """Run Home once in a session of its own, so the first reader does not pay for the app's imports."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    message = BackMsg()
    message.rerun_script.query_string = "lang=en"
    stream = url.replace("http", "ws", 1) + "/_stcore/stream"
    with connect(stream, subprotocols=["streamlit"], open_timeout=STARTUP, max_size=None) as socket_:
        socket_.send(message.SerializeToString())
        reply = ForwardMsg()
        while reply.WhichOneof("type") != "script_finished":
            reply.ParseFromString(socket_.recv(timeout=STARTUP))


def nginx_binary() -> str:
    """Debian puts nginx in /usr/sbin, which is not on an ordinary user's PATH."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise RuntimeError("nginx is not installed (Debian: apt-get install -y nginx)")
    return found


def start_nginx(prefix: Path, replicas: list[Process], address: str, port: int) -> Process:
    """nginx in the foreground, as a child, with its pid, logs and temporary files under ``prefix``."""
    site = prefix / "streamlit.conf"
    site.write_text(render([r.url.removeprefix("http://") for r in replicas], f"{address}:{port}"), encoding="utf-8")
    conf = prefix / "nginx.conf"
    conf.write_text(main_conf(prefix, site), encoding="utf-8")
    command = [nginx_binary(), "-p", str(prefix), "-c", str(conf), "-e", str(prefix / "error.log")]
    host = "127.0.0.1" if address in ("0.0.0.0", "::", "[::]") else address
    return Process(f"http://{host}:{port}", spawn(command, prefix / "nginx.out"))


def stop(children: list[subprocess.Popen]) -> None:
    """SIGTERM to each child, then SIGKILL to any still running after ten seconds; every one reaped.

    A second Ctrl-C while it waits must not leave half of them running.
    """
    with held(signal.SIGINT, signal.SIGTERM):
        _stop(children)


@contextlib.contextmanager
def held(*signums: int):
    """Ignore these signals for a while (in the main thread only, where Python handles them)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {s: signal.signal(s, signal.SIG_IGN) for s in signums}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


def _stop(children: list[subprocess.Popen]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 10
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


@contextlib.contextmanager
def balanced(replicas: int, port: int = 0, address: str = "127.0.0.1"):
    """N warm replicas behind nginx on ``port`` (0: a free one); everything stopped on leaving."""
    children: list[subprocess.Popen] = []
    with tempfile.TemporaryDirectory(prefix="mathdl-class-") as tmp:
        prefix = Path(tmp)
        # Started as root, nginx's workers run as nobody: they must reach their temporary directories in here.
        prefix.chmod(0o711)
        try:
            started = []
            for i in range(replicas):
                started.append(start_replica(prefix / f"replica-{i + 1}.log"))
                children.append(started[-1].process)

            def ready(i: int) -> None:
                wait_healthy(started[i], prefix / f"replica-{i + 1}.log")
                warm(started[i].url)

            pool = ThreadPoolExecutor(replicas)
            try:
                list(pool.map(ready, range(replicas)))
            finally:  # on Ctrl-C, without waiting: a stopped replica ends its thread's wait
                pool.shutdown(wait=False, cancel_futures=True)
            nginx = start_nginx(prefix, started, address, port or free_port())
            children.insert(0, nginx.process)  # stopped first: no new reader reaches a stopping replica
            wait_healthy(nginx, prefix / "error.log")
            yield Class(nginx.url, nginx, started)
        finally:
            stop(children)


def watch(served: Class) -> None:
    """Until a signal: report a replica that exits; stop if nginx does."""
    reported: set[int] = set()
    while served.nginx.process.poll() is None:
        for i, replica in enumerate(served.replicas):
            if replica.process.poll() is not None and i not in reported:
                reported.add(i)
                print(f"replica {i + 1} ({replica.url}) exited with {replica.process.returncode}", flush=True)
        time.sleep(0.5)
    raise RuntimeError(f"nginx exited with {served.nginx.process.returncode}")


def interrupt(signum, frame) -> None:
    """SIGTERM handled as Ctrl-C: the same clean stop."""
    raise KeyboardInterrupt


def main() -> None:
    """The command line: start, print the address, wait for Ctrl-C or SIGTERM."""
    parser = argparse.ArgumentParser(prog="python -m deploy.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=4, help="Streamlit processes (about one per core)")
    parser.add_argument("--port", type=int, default=8000, help="where readers connect (0: a free port)")
    parser.add_argument("--address", default="0.0.0.0", help="nginx's address; 127.0.0.1 for this machine only")
    args = parser.parse_args()
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    signal.signal(signal.SIGTERM, interrupt)  # SIGTERM cleans up as Ctrl-C does
    try:
        with balanced(args.replicas, args.port, args.address) as served:
            for i, replica in enumerate(served.replicas):
                print(f"replica {i + 1}: {replica.url} (pid {replica.process.pid})")
            print(f"nginx: pid {served.nginx.process.pid}")
            print(f"Serving {args.replicas} replicas at {served.url} (Ctrl-C stops everything)", flush=True)
            watch(served)
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    except RuntimeError as error:  # a replica or nginx that would not start, with its log
        sys.exit(f"python -m deploy.serve: {error}")


if __name__ == "__main__":
    main()
