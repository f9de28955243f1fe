"""The house's layering, checked on every import in youthvoice/.

web → services → (policy, audit, crypto, surveys) → models, over a base (extensions, i18n,
paths, readers, config) that everyone may use. A layer imports only the layers below it, and
a few below are banned outright: a view never decrypts, decides visibility or writes the
audit log itself; the access policy decides from facts alone (no database, no services, no
audit) so it can be tested as a table; the survey engine knows no storage.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "youthvoice"
BASE = {"youthvoice.extensions", "youthvoice.i18n", "youthvoice.paths", "youthvoice.readers"}
LAYERS = (  # prefix, layer; the first match wins
    ("youthvoice.web", "web"),
    ("youthvoice.services", "services"),
    ("youthvoice.policy", "policy"),
    ("youthvoice.grants", "policy"),
    ("youthvoice.audit", "audit"),
    ("youthvoice.crypto", "crypto"),
    ("youthvoice.surveys", "surveys"),
    ("youthvoice.models", "models"),
)
MAY_IMPORT = {
    "base": {"base"},
    "models": {"base"},
    "surveys": {"base"},
    "crypto": {"base", "models"},
    "audit": {"base", "models", "crypto"},
    "policy": {"surveys"},  # pure: facts in, a decision out
    "services": {"base", "models", "crypto", "surveys", "audit", "policy"},
    "web": {"base", "models", "surveys", "services"},
}
# The composition root wires everything together, so it may import anything.
ROOT = {"youthvoice", "youthvoice.cli"}
# Accepted exceptions: (importer, imported) → why.
ACCEPTED: dict[tuple[str, str], str] = {}


def layer_of(module: str) -> str:
    if module in BASE or module == "config":
        return "base"
    for prefix, layer in LAYERS:
        if module == prefix or module.startswith(prefix + "."):
            return layer
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS or BASE")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(module: str) -> bool:
    relative = Path(*module.split("."))
    root = PACKAGE.parent
    return (root / relative).with_suffix(".py").exists() or (root / relative).is_dir()


def imports_of(path: Path) -> set[str]:
    """The project modules a file imports ("from youthvoice import audit" is youthvoice.audit)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if _exists(submodule) else node.module)
    return {name for name in found if name == "config" or name.startswith("youthvoice")}


def all_imports() -> list[tuple[str, str]]:
    return [
        (module_name(path), imported)
        for path in sorted(PACKAGE.rglob("*.py"))
        for imported in sorted(imports_of(path))
    ]


def upward_or_banned(importer: str, imported: str) -> bool:
    if importer in ROOT or imported == importer:
        return False
    mine, theirs = layer_of(importer), layer_of(imported)
    return mine != theirs and theirs not in MAY_IMPORT[mine]


def test_every_import_follows_the_layers():
    broken = [
        f"{importer} imports {imported} ({layer_of(importer)} → {layer_of(imported)})"
        for importer, imported in all_imports()
        if upward_or_banned(importer, imported) and (importer, imported) not in ACCEPTED
    ]
    assert broken == []


def test_every_accepted_exception_is_still_needed():
    present = set(all_imports())
    assert [pair for pair in ACCEPTED if pair not in present] == []


@pytest.mark.parametrize(
    ("importer", "imported", "allowed"),
    [
        ("youthvoice.web.youth.routes", "youthvoice.services.checkins", True),
        ("youthvoice.web.errors", "youthvoice.crypto", False),
        ("youthvoice.policy", "youthvoice.services.sharing", False),
        ("youthvoice.policy", "youthvoice.extensions", False),
        ("youthvoice.models.youth", "youthvoice.services.sessions", False),
        ("youthvoice.surveys.flow", "youthvoice.models", False),
        ("youthvoice.cli", "youthvoice.web.access", True),
    ],
)
def test_the_rule_itself(importer, imported, allowed):
    assert upward_or_banned(importer, imported) is not allowed
