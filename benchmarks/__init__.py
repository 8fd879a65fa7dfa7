"""Speed and payload measurements of the pages: `python -m benchmarks`."""

import logging

# AppTest touches Streamlit from the calling thread, outside any script run, and Streamlit logs a
# warning each time. A filter, not a level: Streamlit resets its loggers' levels when it reads its config.
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
    lambda record: "missing ScriptRunContext" not in record.getMessage()
)
