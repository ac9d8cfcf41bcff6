from __future__ import annotations

from typing import Any

import pytest

from pressdesk.testing.creative import make_request


@pytest.fixture
def brief(province: Any) -> Any:
    """``brief(**overrides)``: a poster asked by the requester for their own unit."""

    def _brief(**overrides: Any) -> Any:
        return make_request(province, **overrides)

    return _brief
