"""The shared mechanisms (notifications, approvals, audit) never import a business app.

Business apps register themselves with the mechanisms (notification kinds, approvable
models, history visibility, inbox providers) in their ``AppConfig.ready()``; an import the
other way, even inside a function, would close an import cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent
SHARED = ["notifications", "approvals", "audit"]
BUSINESS = ["monitoring", "triage", "publishing", "infonotes", "reports", "channels", "documents", "tasks"]


def _imported_modules(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("app", SHARED)
def test_shared_mechanism_imports_no_business_app(app: str) -> None:
    offending = []
    for path in sorted((PACKAGE / app).rglob("*.py")):
        if "tests" in path.relative_to(PACKAGE).parts:
            continue
        for name in _imported_modules(path):
            if any(name == f"pressdesk.{b}" or name.startswith(f"pressdesk.{b}.") for b in BUSINESS):
                offending.append(f"{path.relative_to(PACKAGE)}: {name}")
    assert offending == []
