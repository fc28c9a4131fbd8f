"""Suite-wide fixtures."""
import logging

import pytest


@pytest.fixture(autouse=True)
def _no_closed_mmlogger_file_handlers():
    """Drop file handlers that an earlier in-process Runner closed.

    A Runner's ``MMLogger`` stays the current instance after the run, with its
    ``FileHandler`` closed (``stream`` None); the next ``init_weights()`` in
    the same process writes its init info to that handler and fails. Tests are
    independent of the order they run in only without them.
    """
    from mmengine.logging import MMLogger
    for logger in MMLogger._instance_dict.values():
        for handler in list(logger.handlers):
            if isinstance(handler, logging.FileHandler) and (
                    handler.stream is None or handler.stream.closed):
                logger.removeHandler(handler)
    yield
