"""A class behind a load balancer: `python -m deploy.serve --replicas 2`, nginx in front, fifty readers.

The readers speak Streamlit's websocket protocol (tests/e2e/websocket_reader.py) and carry the
cookies a browser would, so nginx's cookie sends each one's requests to one replica; nginx names
that replica in a response header. Only correctness is checked here: the throughput of two
replicas against one is measured by `python -m benchmarks --only class`.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from websockets.exceptions import ConnectionClosed

from deploy.serve import free_port, nginx_binary
from tests.e2e.conftest import IN_CI, ROOT
from tests.e2e.websocket_reader import REPLICA_HEADER, Slider, WebsocketReader, browser_cookies

pytestmark = pytest.mark.e2e

READERS = 50
# A quick-demo link (?demo=): one demo alone, with sliders and images (media, served by the session's
# replica), fifty first runs in seconds.
PAGE, DEMO = "tensor_operations", "demo=image"
CSV = ("x,y,z\n" + "".join(f"{i},{(i * i) % 7},{(3 * i) % 5}\n" for i in range(30))).encode()


@pytest.fixture
def needs_nginx():
    try:
        nginx_binary()
    except RuntimeError as missing:
        if IN_CI:
            raise pytest.UsageError(f"CI needs nginx: .ci/run installs it with apt-get ({missing})") from None
        pytest.skip(str(missing))


def start_class() -> tuple[subprocess.Popen, str, dict[str, int]]:
    """The command a lecturer runs; its address, and each replica's address (host:port) with its pid."""
    command = [sys.executable, "-m", "deploy.serve", "--replicas", "2", "--port", str(free_port())]
    process = subprocess.Popen(command + ["--address", "127.0.0.1"], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    replicas = {}
    for line in process.stdout:  # it prints the replicas, then the address once all are ready
        if found := re.match(r"replica \d+: http://(\S+) \(pid (\d+)\)", line):
            replicas[found.group(1)] = int(found.group(2))
        elif found := re.match(r"Serving .* at (http://\S+)", line):
            return process, found.group(1), replicas
    raise RuntimeError(f"python -m deploy.serve exited with {process.wait()}")


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux: from /proc)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@dataclass
class Seat:
    """A reader in the class: its open connection, the slider it moves, where its first connection went."""

    reader: WebsocketReader
    slider: Slider
    first_replica: str
    first_session: str
    exceptions: list[str]
    media: list[str]  # the images of the reader's last run

    def moves(self) -> bool:
        """Move the slider again: True if the session answered without an error, False if it is gone."""
        try:
            return self.reader.move(self.slider, self.slider.min).exceptions == []
        except ConnectionClosed:
            return False


def sit_down(url: str, n: int, stack: ExitStack) -> Seat:
    """Reader n opens the page, moves a slider, loses its connection and reconnects, as a browser does."""
    cookies = browser_cookies(url)
    with WebsocketReader(url, lang="zh" if n % 2 else "en", cookies=cookies) as first:
        page = first.visit(PAGE, DEMO)
        slider = page.sliders[sorted(page.sliders)[n % len(page.sliders)]]
        last = first.move(slider, slider.max if slider.value != slider.max else slider.min)
    reader = stack.enter_context(WebsocketReader(url, first.lang, cookies=cookies, session_id=first.session_id))
    reader.pages, reader.page_hash, reader.query, reader.widgets = (
        first.pages,
        first.page_hash,
        first.query,
        first.widgets,
    )
    errors = page.exceptions + last.exceptions
    if reader.replica == first.replica:  # elsewhere the fragment is unknown: the move would wait for nothing
        last = reader.move(slider, slider.value)  # over the new connection
        errors += last.exceptions
    return Seat(reader, slider, first.replica, first.session_id, errors, last.media)


def fetch(url: str, cookies: str = "") -> tuple[int, str | None]:
    """A plain GET, as the browser fetches an image: its status and the replica that answered."""
    request = urllib.request.Request(url, headers={"Cookie": cookies} if cookies else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers.get(REPLICA_HEADER)
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get(REPLICA_HEADER)


def new_readers(url: str, cookies: list[str]) -> list[tuple[str, list[str]]]:
    """Readers opening the page now, with these cookies: the replica that served each, and its errors."""

    def one(cookie: str) -> tuple[str, list[str]]:
        with WebsocketReader(url, cookies=cookie) as reader:
            return reader.replica, reader.visit(PAGE, DEMO).exceptions

    with ThreadPoolExecutor(len(cookies)) as pool:
        return list(pool.map(one, cookies))


def test_the_compose_configuration_is_the_template_rendered():
    rendered = subprocess.run(
        [sys.executable, "-m", "deploy.balancer", "--replicas", "4"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert (ROOT / "deploy" / "nginx" / "default.conf").read_text() == rendered.stdout


@pytest.mark.usefixtures("needs_nginx")
def test_fifty_readers_through_nginx_stay_on_their_replica_and_survive_losing_one(record_property):
    process, url, replicas = start_class()
    family = descendants(process.pid)
    try:
        with ExitStack() as stack, ThreadPoolExecutor(READERS) as pool:
            seats = list(pool.map(lambda n: sit_down(url, n, stack), range(READERS)))
            assert [s.exceptions for s in seats if s.exceptions] == []
            # Sticky: the reconnection reached the same replica, which resumed the reader's session.
            assert all(s.reader.replica == s.first_replica in replicas for s in seats)
            lost = [(s.first_session, s.reader.session_id) for s in seats if s.reader.session_id != s.first_session]
            assert lost == [], f"{len(lost)} of {READERS} reconnections got a new session (first, now): {lost}"
            served = {address: sum(s.reader.replica == address for s in seats) for address in replicas}
            assert min(served.values()) > 0, served
            # Images are plain HTTP requests too: with the reader's cookies they come from its own replica.
            seat = seats[0]
            assert seat.media and all(
                fetch(url + m, seat.reader.cookies) == (200, seat.reader.replica) for m in seat.media
            )

            # An upload travels as plain HTTP, with the reader's cookies, to the replica of its session.
            uploader = stack.enter_context(WebsocketReader(url, cookies=browser_cookies(url)))
            page = uploader.visit("eigen_svd_pca", "demo=pca&pca_data=upload")
            sent = uploader.upload(page.uploaders["pca_csv"], "class.csv", CSV)
            assert (sent.status, sent.replica) == (204, uploader.replica)
            assert sent.run.exceptions == [] and sent.run.charts > page.charts  # the PCA of the file is drawn
            other = next(address for address in replicas if address != uploader.replica)
            assert uploader.upload(page.uploaders["pca_csv"], "class.csv", CSV, via=f"http://{other}").status == 400

            # One replica dies: its readers lose their session, the others carry on, newcomers are served.
            dead = seats[0].reader.replica
            alive = next(address for address in replicas if address != dead)
            os.kill(replicas[dead], signal.SIGKILL)
            assert list(pool.map(Seat.moves, seats)) == [s.reader.replica == alive for s in seats]
            returning = [s.reader.cookies for s in seats if s.reader.replica == dead][:10]  # cookies naming the dead
            newcomers = [browser_cookies(url) for _ in range(10)]
            assert new_readers(url, returning + newcomers) == [(alive, [])] * (len(returning) + 10)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=60)
    record_property("readers per replica", str(served))
    assert code == 0
    # Nothing left behind: the replicas and nginx's master and worker are gone.
    assert len(family) >= 4 and [pid for pid in family if running(pid)] == []
