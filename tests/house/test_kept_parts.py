"""Parts kept once per language (templates/_parts/, drawn with same_on_every_page) may use
only `_()` and `url_for`: a kept part that read the request, the person signed in or a token
would show one person's page to the next."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import meta

from youthvoice.paths import resource_dir

ALLOWED = {"_", "url_for"}
TEMPLATES = resource_dir("templates")
DRAWN = re.compile(r"""same_on_every_page\(\s*["']([^"']+)["']""")


def kept_parts() -> list[str]:
    return sorted(f"_parts/{path.name}" for path in (TEMPLATES / "_parts").glob("*.html"))


def names_used(app, name: str) -> set[str]:
    source = (TEMPLATES / name).read_text()
    return meta.find_undeclared_variables(app.jinja_env.parse(source))


@pytest.mark.parametrize("name", kept_parts())
def test_a_kept_part_uses_only_translation_and_url_for(app, name):
    assert names_used(app, name) - ALLOWED == set()


@pytest.mark.parametrize("name", kept_parts())
def test_a_kept_part_includes_no_other_template(app, name):
    source = (TEMPLATES / name).read_text()
    assert list(meta.find_referenced_templates(app.jinja_env.parse(source))) == []


def test_every_part_drawn_as_kept_lives_in_the_parts_folder():
    """Names may be built ("_parts/session_urls_" ~ kind ~ ".html"), but only inside _parts/."""
    drawn = {
        found
        for path in Path(TEMPLATES).rglob("*.html")
        for found in DRAWN.findall(path.read_text())
    }
    assert drawn
    assert all(name.startswith("_parts/") for name in drawn)
    assert {name for name in drawn if name.endswith(".html")} <= set(kept_parts())


def test_the_check_would_catch_a_part_that_reads_the_person(app):
    source = "<p>{{ _('Hi') }} {{ signed_in.id }} <a href='{{ url_for('public.index') }}'></a></p>"
    assert meta.find_undeclared_variables(app.jinja_env.parse(source)) - ALLOWED == {"signed_in"}
