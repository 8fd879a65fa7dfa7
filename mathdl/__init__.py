"""mathdl: the mathematics behind deep learning, as small numpy functions.

Pure numpy and the standard library, so every function works in a notebook
as it is. One module per topic; invalid input raises :class:`MathDLError`.
"""

from mathdl.errors import MathDLError

__all__ = ["MathDLError"]
