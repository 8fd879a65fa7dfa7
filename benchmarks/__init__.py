"""Speed and payload measurements of the pages: `python -m benchmarks`."""
