"""Every instrument this deployment has: the versions offered now, and every earlier
released version, kept in surveys/archive/ so a check-in answered with one is read back
with its own questions after the instrument changed.

A Catalogue is the mapping id -> current Instrument that every caller has always used;
`catalogue.version(id, version)` also reaches the archived versions. The archive is
checked like the instruments: each released version (surveys/versions.json) other than
the current one has its file, `<id>-v<version>.yaml`, saying exactly what was released.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path

from youthvoice.paths import resource_dir
from youthvoice.surveys.loader import (
    Instrument,
    file_label,
    instrument_files,
    load,
    load_all,
    read_versions,
    version_problems,
    versions_file,
)

ARCHIVE_FOLDER = "archive"
_ARCHIVED_NAME = re.compile(r"(?P<id>.+)-v(?P<version>[0-9]+)\.yaml")

Released = dict[str, dict[str, str]]  # id -> version -> content hash, as in versions.json


class Catalogue(Mapping[str, Instrument]):
    """The current instruments by id; earlier released versions through version()."""

    def __init__(self, current: Iterable[Instrument], archived: Iterable[Instrument] = ()):
        self._current = {instrument.id: instrument for instrument in current}
        self._archived = {(each.id, each.version): each for each in archived}

    def __getitem__(self, instrument_id: str) -> Instrument:
        return self._current[instrument_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self._current)

    def __len__(self) -> int:
        return len(self._current)

    def version(self, instrument_id: str, version: int) -> Instrument | None:
        """That version of the instrument, current or archived; None when there is none."""
        current = self._current.get(instrument_id)
        if current is not None and current.version == version:
            return current
        return self._archived.get((instrument_id, version))

    def archived(self) -> list[Instrument]:
        """The earlier versions, by id and version."""
        return [self._archived[key] for key in sorted(self._archived)]

    def is_current(self, instrument: Instrument) -> bool:
        current = self._current.get(instrument.id)
        return current is not None and current.version == instrument.version


RHYTHM_ORDER = ("weekly", "monthly", "quarterly", "once", "on_request")
GROUP_ORDER = ("now", "feelings", "daily_life", "safety", "me")


def default_order(instruments: Mapping[str, Instrument]) -> tuple[str, ...]:
    """The order instruments are offered in when a program has not chosen one: the most
    frequent first (the quick check-in leads), then by home-page group, then by title —
    never by file name, which put "Who I am" first."""

    def place(instrument: Instrument) -> tuple[int, int, str]:
        data = instrument.data
        return RHYTHM_ORDER.index(data["rhythm"]), GROUP_ORDER.index(data["group"]), data["title"]

    return tuple(each.id for each in sorted(instruments.values(), key=place))


def answered_with(
    instruments: Mapping[str, Instrument], instrument_id: str, version: int | None
) -> Instrument | None:
    """The instrument version an answer was given with; with no version recorded, or no
    archive to look in, the current one."""
    if version is not None and isinstance(instruments, Catalogue):
        return instruments.version(instrument_id, version) or instruments.get(instrument_id)
    return instruments.get(instrument_id)


def archive_dir(directory: Path | None = None) -> Path:
    return (directory or resource_dir("surveys")) / ARCHIVE_FOLDER


def archived_file(instrument_id: str, version: int, directory: Path | None = None) -> Path:
    return archive_dir(directory) / f"{instrument_id}-v{version}.yaml"


def load_catalogue(
    directory: Path | None = None, *, require_locked: bool = False
) -> tuple[Catalogue, list[str]]:
    """Every instrument and archived version in the surveys folder, and one line per
    problem; a catalogue with problems must not be used."""
    report = load_all(instrument_files(directory))
    released = read_versions(versions_file(directory))
    archived, archive_problems = load_archive(
        report.instruments, released, directory, current_complete=not report.problems
    )
    problems = (
        report.problems
        + version_problems(report.instruments, released, require_locked=require_locked)
        + archive_problems
    )
    return Catalogue(report.instruments, archived), problems


def load_archive(
    current: list[Instrument],
    released: Released,
    directory: Path | None = None,
    *,
    current_complete: bool = True,
) -> tuple[list[Instrument], list[str]]:
    """The archived versions, and one line per problem: a released version without its
    file, a file that is not what was released, a file that names itself wrongly.

    When a current file could not be read (current_complete is False), an instrument with
    no current version is not asked for: its broken file is the problem to name."""
    current_versions = {instrument.id: instrument.version for instrument in current}
    earlier = {
        (instrument_id, int(version)): content_hash
        for instrument_id, versions in released.items()
        if instrument_id in current_versions or current_complete
        for version, content_hash in versions.items()
        if int(version) != current_versions.get(instrument_id)
    }
    archived, problems = [], []
    for path in sorted(archive_dir(directory).glob("*.yaml")):
        instrument, file_problems = _archived(path, released, current_versions)
        problems += file_problems
        if instrument is not None:
            archived.append(instrument)
    found = {(instrument.id, instrument.version) for instrument in archived}
    problems += [
        f"{file_label(archived_file(instrument_id, version, directory))}: file: missing; "
        f"version {version} of {instrument_id!r} was released (surveys/versions.json) and "
        "is not the current one: copy its released text here from git history"
        for instrument_id, version in sorted(earlier)
        if (instrument_id, version) not in found
        and not archived_file(instrument_id, version, directory).exists()
    ]
    return archived, problems


def _archived(
    path: Path, released: Released, current_versions: dict[str, int]
) -> tuple[Instrument | None, list[str]]:
    """One archived file, read as it was released (later rules do not apply to it)."""
    label = file_label(path)
    named = _ARCHIVED_NAME.fullmatch(path.name)
    if named is None:
        return None, [f"{label}: file: name it <id>-v<version>.yaml"]
    instrument, problems = _read_released(path)
    if instrument is None:
        return None, problems
    problems = _name_problems(instrument, named["id"], int(named["version"]))
    problems += _release_problems(instrument, released, current_versions)
    if problems:
        return None, [f"{label}: {problem}" for problem in problems]
    return instrument, []


def _read_released(path: Path) -> tuple[Instrument | None, list[str]]:
    stat = path.stat()
    return _read_released_once(path, stat.st_mtime_ns, stat.st_size)


# A released file never changes, and every app made (one per test) reads the whole
# archive: it is read once per process, again only if the file itself changed.
@cache
def _read_released_once(
    path: Path, _mtime_ns: int, _size: int
) -> tuple[Instrument | None, list[str]]:
    return load(path, archived=True)


def _name_problems(instrument: Instrument, named_id: str, named_version: int) -> list[str]:
    problems = []
    if instrument.id != named_id:
        problems.append(f"id: {instrument.id!r} does not match the file name ({named_id!r})")
    if instrument.version != named_version:
        problems.append(
            f"version: {instrument.version} does not match the file name ({named_version})"
        )
    return problems


def _release_problems(
    instrument: Instrument, released: Released, current_versions: dict[str, int]
) -> list[str]:
    version = instrument.version
    recorded = released.get(instrument.id, {}).get(str(version))
    if recorded is None:
        return [
            f"version: {version} of {instrument.id!r} is not recorded in "
            "surveys/versions.json; only released versions are archived"
        ]
    if current_versions.get(instrument.id) == version:
        return [f"version: {version} is the current version; archive/ keeps earlier ones"]
    if recorded != instrument.content_hash:
        return [
            f"version: the content differs from released version {version} "
            "(surveys/versions.json); restore the released text from git history"
        ]
    return []
