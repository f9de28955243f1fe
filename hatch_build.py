"""Wheel build hook: ship each catalogue and its compiled .mo, so every language works."""

from __future__ import annotations

import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        output = Path(tempfile.mkdtemp(prefix="youthvoice-mo-"))
        template = Path(self.root, "translations", "messages.pot")
        build_data["force_include"][str(template)] = "youthvoice/_data/translations/messages.pot"
        for po_path in Path(self.root, "translations").glob("*/LC_MESSAGES/messages.po"):
            relative = po_path.relative_to(self.root).with_suffix(".mo")
            target = output / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po_path.open("rb") as source:
                catalogue = read_po(source)
            with target.open("wb") as sink:
                write_mo(sink, catalogue)
            build_data["force_include"][str(target)] = f"youthvoice/_data/{relative}"
            build_data["force_include"][str(po_path)] = (
                f"youthvoice/_data/{relative.with_suffix('.po')}"
            )
