"""A reader without a browser: Streamlit's own websocket protocol, spoken from Python.

The browser and the server exchange protobuf messages over /_stcore/stream: the
browser asks for a run (a page, a query string, its widgets' values, or just one
fragment), the server answers with the elements it draws and a "script finished".
Speaking it directly lets a test be twenty readers at once, or move a slider five
hundred times, at the cost of the server's work alone.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


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
class Run:
    """What one run of the script sent: its sliders, the exceptions it drew, how long it took."""

    seconds: float
    sliders: dict[str, Slider] = field(default_factory=dict)  # by the widget's key
    exceptions: list[str] = field(default_factory=list)
    charts: int = 0


class WebsocketReader:
    """One reader's session; use it as ``with WebsocketReader(url) as reader:``."""

    def __init__(self, url: str, lang: str = "en", timeout: float = 120):
        self.connection = connect(
            url.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit"],
            open_timeout=timeout,
            max_size=None,
        )
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

    def move(self, slider: Slider, value: float) -> Run:
        """Drag a slider to ``value``: its fragment reruns, as in the browser."""
        state = WidgetState(id=slider.id)
        if slider.options:  # a select slider (the log scales) sends the label the reader picked
            state.string_array_value.data[:] = [slider.options[int(value)]]
        else:
            state.double_array_value.data[:] = [value]
        self.widgets[slider.id] = state
        return self._run(slider.fragment_id)

    def _run(self, fragment_id: str = "") -> Run:
        message = BackMsg()
        client = message.rerun_script
        client.query_string = self.query
        client.page_script_hash = self.page_hash
        client.fragment_id = fragment_id
        client.widget_states.widgets.extend(self.widgets.values())
        start = time.perf_counter()
        self.socket.send(message.SerializeToString())
        run = Run(0.0)
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(self.socket.recv(timeout=self.timeout))
            kind = reply.WhichOneof("type")
            if kind == "navigation":
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
