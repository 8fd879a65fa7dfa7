"""A reader without a browser: Streamlit's own websocket protocol, spoken from Python.

The browser and the server exchange protobuf messages over /_stcore/stream: the
browser asks for a run (a page, a query string, its widgets' values, or just one
fragment), the server answers with the elements it draws and a "script finished".
Speaking it directly lets a test be twenty readers at once, or move a slider five
hundred times, at the cost of the server's work alone.
"""

from __future__ import annotations

import http.cookiejar
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import UploadedFileInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

from ui.i18n import LANGUAGES, catalog

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
# deploy/nginx/streamlit.conf.template names the replica that answered in this header.
REPLICA_HEADER = "X-Mathdl-Replica"
# What a demo says when it fails (ui/demo.py guards each demo, so the run itself ends without an exception).
DEMO_FAILED = {catalog(lang)["common"]["demo_failed"] for lang in LANGUAGES}


def browser_cookies(url: str) -> str:
    """The cookies a browser holds after opening ``url``: the page, then the health check its script asks for.

    Behind deploy/'s nginx that is the replica cookie (set on the first response), and Streamlit's XSRF
    cookie (set by the health check), which an upload must echo in a header.
    """
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    for path in ("/", "/_stcore/health"):
        opener.open(url + path, timeout=60).read()
    return "; ".join(f"{c.name}={c.value}" for c in jar)


@dataclass
class Slider:
    id: str
    fragment_id: str
    min: float
    max: float
    step: float
    value: float  # for a select slider, the index of its option
    options: tuple[str, ...] = ()  # a select slider's labels, which its state carries instead of a number


@dataclass
class Uploader:
    id: str
    fragment_id: str


@dataclass
class Upload:
    """A file sent as the browser sends it: the HTTP status of the PUT, which replica took it, the rerun."""

    status: int
    replica: str | None
    run: Run | None = None  # the rerun with the file chosen, if the PUT succeeded


@dataclass
class Run:
    """What one run of the script sent: its sliders, the exceptions it drew, how long it took."""

    seconds: float
    sliders: dict[str, Slider] = field(default_factory=dict)  # by the widget's key
    exceptions: list[str] = field(default_factory=list)
    charts: int = 0
    uploaders: dict[str, Uploader] = field(default_factory=dict)  # by the widget's key
    media: list[str] = field(default_factory=list)  # images' URLs on the server (/media/...)


class WebsocketReader:
    """One reader's session; use it as ``with WebsocketReader(url) as reader:``.

    ``cookies`` (see :func:`browser_cookies`) go with the websocket and uploads, as a browser's do;
    ``session_id`` asks the server to resume that session, as the browser does when it reconnects.
    """

    def __init__(
        self, url: str, lang: str = "en", timeout: float = 120, cookies: str = "", session_id: str = ""
    ) -> None:
        # The browser's subprotocol list: "streamlit", its XSRF token, the session it resumes.
        protocols = ["streamlit", "-", session_id] if session_id else ["streamlit"]
        self.connection = connect(
            url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=protocols,
            open_timeout=timeout,
            max_size=None,
            # A browser sends no pings of its own; this client's would close a reader that sat idle while a
            # loaded machine kept its thread from answering within the library's 20 s.
            ping_interval=None,
            additional_headers={"Cookie": cookies} if cookies else None,
        )
        self.url, self.cookies, self.lang = url, cookies, lang
        self.replica = self.connection.response.headers.get(REPLICA_HEADER)  # None without deploy/'s nginx
        self.session_id = ""  # the server's, from the first run: ``session_id`` again if it resumed that one
        self.timeout = timeout
        self.query = f"lang={lang}"
        self.pages: dict[str, str] = {}  # url path -> page script hash, from the navigation message
        self.page_hash = ""
        self.widgets: dict[str, WidgetState] = {}  # the values this reader has set, sent with every run

    def __enter__(self) -> WebsocketReader:
        self.socket = self.connection.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.connection.__exit__(*exc)

    def open(self, path: str = "") -> Run:
        """Click a page in the navigation ("" is Home): a full run of that page."""
        self.page_hash = self.pages.get(path, "")
        self.widgets.clear()  # a new page starts from its defaults
        return self._run()

    def visit(self, path: str, query: str = "") -> Run:
        """Open a shared link, /path?query, in a new tab: the first run names the page by its URL path."""
        self.query = "&".join(filter(None, [f"lang={self.lang}", query]))
        self.page_hash = ""
        self.widgets.clear()
        return self._run(page_name=path)

    def upload(self, uploader: Uploader, name: str, data: bytes, via: str = "") -> Upload:
        """Choose a file in ``uploader``: ask for its upload URL, PUT it (to ``via``, default this reader's
        address), then rerun the uploader's fragment with the file chosen, as the browser does.
        """
        request = BackMsg()
        request.file_urls_request.request_id = uuid.uuid4().hex
        request.file_urls_request.file_names.append(name)
        request.file_urls_request.session_id = self.session_id
        self.socket.send(request.SerializeToString())
        urls = self._receive("file_urls_response").file_urls_response.file_urls[0]
        status, replica = self._put(urls.upload_url, name, data, via or self.url)
        if status != 204:
            return Upload(status, replica)
        state = WidgetState(id=uploader.id)
        state.file_uploader_state_value.uploaded_file_info.append(
            UploadedFileInfo(name=name, size=len(data), file_id=urls.file_id, file_urls=urls)
        )
        self.widgets[uploader.id] = state
        return Upload(status, replica, self._run(uploader.fragment_id))

    def _put(self, path: str, name: str, data: bytes, base: str) -> tuple[int, str | None]:
        """The browser's PUT of one file, multipart, with its cookies and the XSRF token they hold."""
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}"\r\n'
                f"Content-Type: text/csv\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        cookies = dict(c.split("=", 1) for c in self.cookies.split("; ") if c)
        headers = {"Content-Type": f"multipart/form-data; boundary={boundary}", "Cookie": self.cookies}
        headers["X-Xsrftoken"] = cookies.get("_streamlit_xsrf", "")
        request = urllib.request.Request(base + path, data=body, headers=headers, method="PUT")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.status, response.headers.get(REPLICA_HEADER)
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get(REPLICA_HEADER)

    def move(self, slider: Slider, value: float) -> Run:
        """Drag a slider to ``value``: its fragment reruns, as in the browser."""
        state = WidgetState(id=slider.id)
        if slider.options:  # a select slider (the log scales) sends the label the reader picked
            state.string_array_value.data[:] = [slider.options[int(value)]]
        else:
            state.double_array_value.data[:] = [value]
        self.widgets[slider.id] = state
        return self._run(slider.fragment_id)

    def _receive(self, kind: str) -> ForwardMsg:
        """Read the server's messages until one of this kind (the others are of no interest here)."""
        reply = ForwardMsg()
        while reply.WhichOneof("type") != kind:
            reply.ParseFromString(self.socket.recv(timeout=self.timeout))
        return reply

    def _run(self, fragment_id: str = "", page_name: str = "") -> Run:
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        client.page_script_hash = self.page_hash
        client.page_name = page_name
        client.fragment_id = fragment_id
        client.widget_states.widgets.extend(self.widgets.values())
        start = time.perf_counter()
        self.socket.send(message.SerializeToString())
        run = Run(0.0)
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(self.socket.recv(timeout=self.timeout))
            kind = reply.WhichOneof("type")
            if kind == "new_session":
                self.session_id = reply.new_session.initialize.session_id
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in reply.navigation.app_pages}
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                self._read(reply.delta, run)
            elif kind == "script_finished":
                if reply.script_finished not in FINISHED:
                    run.exceptions.append(ForwardMsg.ScriptFinishedStatus.Name(reply.script_finished))
                run.seconds = time.perf_counter() - start
                return run

    @staticmethod
    def _read(delta, run: Run) -> None:
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
        elif kind == "alert" and element.alert.body in DEMO_FAILED:
            run.exceptions.append(f"a demo failed: {element.alert.body}")
        elif kind == "imgs":
            run.media += [image.url for image in element.imgs.imgs if image.url.startswith("/media/")]
        elif kind == "file_uploader":
            run.uploaders[element.file_uploader.id.rsplit("-", 1)[-1]] = Uploader(
                element.file_uploader.id, delta.fragment_id
            )
        elif kind == "vega_lite_chart":
            run.charts += 1
        elif (
            kind == "slider"
            and not element.slider.disabled
            and len(element.slider.value or element.slider.default) == 1
        ):
            s = element.slider
            key = s.id.rsplit("-", 1)[-1]
            run.sliders[key] = Slider(
                s.id, delta.fragment_id, s.min, s.max, s.step, (s.value or s.default)[0], tuple(s.options)
            )
