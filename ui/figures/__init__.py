"""Every chart of every lesson, one module per page, each chart a named function.

A figure function takes numbers that ``mathdl`` computed (never widget values to compute from) and
returns the Altair chart with the tidy table behind it, which the page offers as a CSV download.
The house style and the marks that several lessons share live in :mod:`ui.charts`.
"""
