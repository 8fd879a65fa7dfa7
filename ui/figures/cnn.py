"""Figures of lesson 9's convolutional network: kernels, feature maps, curves, a confusion matrix, its mistakes.

Small images (kernels, feature maps, digits) are drawn as panels of cells in one chart, four panels a
row at a fixed size, so that a cell stays square at any width and the chart fits a phone's 390 px.
Draw them with ``charts.draw(..., width="content", canvas=True)``: while the network trains they
are redrawn several times a second, and cells swap their data in place.
"""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd

from ui import charts
from ui.i18n import t

PAGE = "neural_networks"
Figure = tuple[alt.TopLevelMixin, pd.DataFrame]
PANEL = 64  # pixels a side of each small image
GAP = 8  # pixels between two images
LABEL = 18  # pixels under an image for its caption, when it has one
TITLE_LIMIT = 340  # pixels of a title over small images: a phone's column
COLUMNS = 4  # images a row: four of 64 px fit a phone
HEIGHT = 330  # pixels of a curves chart, title and legend included
RIGHT, WRONG, NONE = "#CFE8DA", "#F6D2C4", "#F4F4F4"  # the confusion matrix's cells, as lessons 6 and 10 draw them
BAND = "#E4E4E4"  # behind an image's caption


def cells(stack: np.ndarray, **columns: object) -> pd.DataFrame:
    """A stack of small images (m, h, w) as tidy cells: 1-based ``panel``, ``row`` and ``col`` from 0, ``value``.

    ``columns`` adds one value per panel (a sequence of length m) or one for all.
    """
    stack = np.asarray(stack, dtype=float)
    panel, row, col = np.indices(stack.shape).reshape(3, -1)
    frame = pd.DataFrame({"panel": panel + 1, "row": row, "col": col, "value": stack.ravel()})
    for name, value in columns.items():
        frame[name] = np.repeat(np.asarray(value), stack[0].size) if np.ndim(value) else value
    return frame


def panels(
    frame: pd.DataFrame,
    size: int,
    *,
    color: alt.Color,
    title: str | list[str],
    caption: str | None = None,
    side: int = PANEL,
) -> alt.Chart | alt.LayerChart:
    """The images of a :func:`cells` frame side by side, COLUMNS a row, each ``side`` pixels a side.

    ``size`` is the side of one image in cells; ``caption`` names a column written under each image.
    Each cell's box is worked out here, in pixels from the top left: the chart then needs no
    transforms, and building those cost more than drawing the cells (they redraw every epoch).
    """
    count = int(frame.panel.max())
    across, down = min(COLUMNS, count), math.ceil(count / COLUMNS)
    unit, tall = side / size, side + (LABEL if caption else 0)  # pixels a cell; an image and its caption
    left = (frame.panel - 1) % across * (side + GAP) + frame.col * unit
    top = (frame.panel - 1) // across * (tall + GAP) + frame.row * unit
    data = frame.assign(x=left, x2=left + unit, y=top, y2=top + unit)
    width, height = across * (side + GAP) - GAP, down * (tall + GAP) - GAP
    x_scale = alt.Scale(domain=[0, width], nice=False, zero=False)
    y_scale = alt.Scale(domain=[0, height], nice=False, zero=False, reverse=True)  # the first row at the top
    x, y = alt.X("x:Q", scale=x_scale, axis=None), alt.Y("y:Q", scale=y_scale, axis=None)
    sized = {
        # Vega cuts a title at the plot's width, which one small image leaves at 64 px.
        "title": alt.TitleParams(title, limit=TITLE_LIMIT, anchor="start"),
        "width": width,
        "height": height,
        # "pad": the images keep their size and the title and legend go around them; Streamlit's
        # default "fit" would squeeze them all into the images' own box.
        "autosize": alt.AutoSizeParams(type="pad"),
    }
    encoding = {"x": x, "x2": "x2:Q", "y": y, "y2": "y2:Q"}
    rects = alt.Chart(data).mark_rect().encode(**encoding, color=color, tooltip=_tooltip(caption))
    if not caption:
        return rects.properties(**sized)
    # Under each image, black on a light band: readable in the light and the dark theme alike.
    firsts = data[(data.row == 0) & (data.col == 0)]
    labels = pd.DataFrame(
        {"x": firsts.x, "x2": firsts.x + side, "y": firsts.y + side, "y2": firsts.y + tall, caption: firsts[caption]}
    ).assign(tx=lambda d: d.x + side / 2, ty=lambda d: d.y + LABEL / 2)
    band = alt.Chart(labels).mark_rect(color=BAND).encode(**encoding)
    words = (
        alt.Chart(labels)
        .mark_text(baseline="middle", fontSize=12, color="black")
        .encode(
            x=alt.X("tx:Q", scale=x_scale, axis=None), y=alt.Y("ty:Q", scale=y_scale, axis=None), text=f"{caption}:N"
        )
    )
    return alt.layer(rects, band, words).properties(**sized)


def _tooltip(caption: str | None) -> list[alt.Tooltip]:
    return [
        alt.Tooltip("panel:O", title=t(f"{PAGE}.cnn.panel")),
        *([alt.Tooltip(f"{caption}:N", title=t(f"{PAGE}.cnn.answer"))] if caption else []),
        alt.Tooltip("row:O", title=t("charts.row")),
        alt.Tooltip("col:O", title=t("charts.column")),
        alt.Tooltip("value:Q", format=".3f", title=t("charts.value")),
    ]


@charts.figure
def kernels(K: np.ndarray) -> Figure:
    """The learned kernels (F, k, k), weights on a diverging scale centred on 0: orange positive, blue negative."""
    frame = cells(K)
    top = float(np.abs(K).max()) or 1.0
    color = alt.Color(
        "value:Q",
        scale=alt.Scale(scheme="blueorange", domain=[-top, top]),
        title=t(f"{PAGE}.cnn.weight"),
        legend=charts.bottom_legend(gradientLength=200),
    )
    title = t(f"{PAGE}.cnn.kernels_title", count=len(K), k=K.shape[1])
    return panels(frame, K.shape[1], color=color, title=title), frame


@charts.figure
def feature_maps(maps: np.ndarray, *, title: str) -> Figure:
    """One layer's maps of one image, (h, w, F) as the network keeps them, one panel per kernel.

    Dark is 0, bright the layer's largest value: the maps share one scale, so the kernels that
    respond most stand out.
    """
    stack = np.moveaxis(np.asarray(maps), -1, 0)  # (F, h, w)
    frame = cells(stack)
    color = alt.Color(
        "value:Q",
        scale=alt.Scale(scheme="viridis", domainMin=0),
        title=t(f"{PAGE}.cnn.activation"),
        legend=charts.bottom_legend(gradientLength=200),
    )
    return panels(frame, stack.shape[1], color=color, title=title), frame


@charts.figure
def digits(
    images: np.ndarray, *, title: str | list[str], captions: list[str] | None = None, side: int = PANEL
) -> Figure:
    """Digits (m, 8, 8) as ink on paper, grey levels from white (0) to black (1), a caption under each if given."""
    frame = cells(images, **({"caption": captions} if captions is not None else {}))
    color = alt.Color("value:Q", scale=alt.Scale(scheme="greys", domain=[0, 1]), legend=None)
    caption = "caption" if captions else None
    return panels(frame, images.shape[1], color=color, title=title, caption=caption, side=side), frame


@charts.figure
def answer(proba: np.ndarray, true: int) -> Figure:
    """The network's probabilities for the ten digits, the true one in green."""
    frame = pd.DataFrame({"digit": np.arange(len(proba)), "p": proba, "true": np.arange(len(proba)) == true})
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("digit:O", title=t(f"{PAGE}.cnn.digit_axis"), axis=alt.Axis(labelAngle=0)),
            y=alt.Y("p:Q", title=t(f"{PAGE}.cnn.probability"), scale=alt.Scale(domain=[0, 1])),
            color=alt.condition("datum.true", alt.value(charts.PALETTE[2]), alt.value(charts.PALETTE[0])),
            tooltip=[
                alt.Tooltip("digit:O", title=t(f"{PAGE}.cnn.digit_axis")),
                alt.Tooltip("p:Q", format=".3f", title=t(f"{PAGE}.cnn.probability")),
            ],
        )
    )
    return chart.properties(title=t(f"{PAGE}.cnn.answer_title", digit=true), height=180), frame


@charts.figure
def curves(epoch: np.ndarray, series: dict[str, np.ndarray], *, title: str, y_title: str, percent: bool) -> Figure:
    """One line per named set against the epoch: the loss on a log scale, or the accuracy in percent."""
    frame = pd.concat(
        [
            pd.DataFrame({"epoch": np.asarray(epoch, dtype=int), "value": values, "set": name})
            for name, values in series.items()
        ],
        ignore_index=True,
    )
    y_scale = alt.Scale(zero=False) if percent else alt.Scale(type="log")
    chart = (
        alt.Chart(frame)
        .mark_line(point=True, strokeWidth=2.5)
        .encode(
            x=alt.X(
                "epoch:Q", title=t(f"{PAGE}.play.epoch"), scale=alt.Scale(domainMin=0), axis=alt.Axis(tickMinStep=1)
            ),
            y=alt.Y("value:Q", title=y_title, scale=y_scale, axis=alt.Axis(format=".0%" if percent else "~g")),
            color=alt.Color("set:N", scale=charts.colors(list(series)), title=None, legend=charts.bottom_legend()),
            tooltip=[
                alt.Tooltip("set:N", title=t("charts.curve")),
                alt.Tooltip("epoch:Q", title=t(f"{PAGE}.play.epoch")),
                alt.Tooltip("value:Q", format=".1%" if percent else ".4f", title=y_title),
            ],
        )
    )
    return chart.properties(title=title, height=HEIGHT), frame


@charts.figure
def confusion(C: np.ndarray) -> Figure:
    """A K × K confusion matrix (rows the true digit, columns the predicted one): right green, mistakes red.

    The colours are those of the 2 × 2 matrix of lessons 6 and 10 (:func:`ui.charts.confusion`); a
    cell that never happened stays light grey, and only counts above 0 are written.
    """
    k = len(C)
    true, predicted = np.indices((k, k)).reshape(2, -1)
    frame = pd.DataFrame({"true": true, "predicted": predicted, "count": np.asarray(C, dtype=int).ravel()})
    # 0 right, 1 a mistake that happened, 2 one that never did: codes, so that no English word reaches a chart
    frame["kind"] = np.where(frame.true == frame.predicted, 0, np.where(frame["count"] > 0, 1, 2))
    base = alt.Chart(frame).encode(
        x=alt.X("predicted:O", title=t(f"{PAGE}.cnn.predicted"), axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("true:O", title=t(f"{PAGE}.cnn.true")),
    )
    rects = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("kind:O", scale=alt.Scale(domain=[0, 1, 2], range=[RIGHT, WRONG, NONE]), legend=None),
        tooltip=[
            alt.Tooltip("true:O", title=t(f"{PAGE}.cnn.true")),
            alt.Tooltip("predicted:O", title=t(f"{PAGE}.cnn.predicted")),
            alt.Tooltip("count:Q", title=t("charts.count")),
        ],
    )
    counts = base.transform_filter("datum.count > 0").mark_text(fontSize=12, color="black").encode(text="count:Q")
    title = t(f"{PAGE}.cnn.confusion_title", n=int(np.sum(C)))
    return (rects + counts).properties(title=title, width=alt.Step(28), height=alt.Step(28)), frame


@charts.figure
def mistakes(X: np.ndarray, y: np.ndarray, predicted: np.ndarray, wrong: np.ndarray, *, title: str) -> Figure:
    """The digits of rows ``wrong`` of X, each captioned "true → predicted" (as the title's second line says)."""
    captions = [f"{y[i]} → {predicted[i]}" for i in wrong]
    return digits(X[wrong], title=[title, t(f"{PAGE}.cnn.answer")], captions=captions)
