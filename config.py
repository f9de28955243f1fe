"""YouthVoice configuration: defaults, environment overrides, validated once at start-up."""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from urllib.parse import urlsplit

import pytz  # Flask-Babel's own time zone database: a zone it accepts is one that works

ENVIRONMENTS = ("development", "testing", "production")
MIN_SECRET_LENGTH = 32
KEY_PROVIDERS = ("file", "env", "vault")
# A KEK id is stored in 64 characters: "vault:" + key name + ":v" + version.
VAULT_KEY_NAME = re.compile(r"[A-Za-z0-9_-]{1,48}")
VAULT_MOUNT = re.compile(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*")


class ConfigError(ValueError):
    """A setting is missing or wrong; the message names the setting in one line."""


@dataclass(frozen=True)
class Settings:
    """Everything an operator can set, with safe defaults for a laptop demo."""

    env: str = "development"
    secret_key: str = ""
    database_url: str = ""
    instance_path: str = ""
    youth_idle_minutes: int = 15
    staff_idle_minutes: int = 30
    absolute_session_hours: int = 12
    exit_url: str = "https://www.weather.gov/"
    default_locale: str = "en"
    # Times and dates on pages are shown in the organisation's own time zone, not UTC.
    time_zone: str = "America/Los_Angeles"
    max_request_bytes: int = 256 * 1024
    trusted_proxies: int = 0
    key_provider: str = "file"
    key_file: str = ""
    keyring: str = field(default="", repr=False)
    key_store: str = ""
    vault_url: str = ""
    vault_token: str = field(default="", repr=False)
    vault_key: str = "youthvoice"
    vault_mount: str = "transit"
    backup_retention_days: int = 35
    recovery_needs_admin: int = 1
    argon2_memory_kib: int = 64 * 1024
    argon2_time_cost: int = 3
    # Argon2 runs at once per app process; more wait their turn (each holds 64 MiB).
    argon2_concurrency: int = 2
    extra_translation_dirs: tuple[str, ...] = field(default_factory=tuple)
    surveys_dir: str = ""
    # Instrument ids youth may start, in the order shown; empty offers every instrument.
    offered_instruments: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        self.validate()

    def validate(self) -> None:
        """Raise ConfigError naming the first bad setting."""
        if self.env not in ENVIRONMENTS:
            raise ConfigError(
                f"YOUTHVOICE_ENV must be one of {', '.join(ENVIRONMENTS)} (got {self.env!r})"
            )
        for name in ("youth_idle_minutes", "staff_idle_minutes", "absolute_session_hours"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{_env_name(name)} must be a whole number of at least 1")
        if self.max_request_bytes < 1024:
            raise ConfigError("YOUTHVOICE_MAX_REQUEST_BYTES must be at least 1024")
        if self.key_provider not in KEY_PROVIDERS:
            raise ConfigError(
                f"YOUTHVOICE_KEY_PROVIDER must be one of {', '.join(KEY_PROVIDERS)} "
                f"(got {self.key_provider!r})"
            )
        if self.key_provider == "env" and not self.keyring:
            raise ConfigError("YOUTHVOICE_KEYRING must hold the keyring when the provider is env")
        if self.key_provider == "vault":
            _check_vault(self)
        if self.env == "production" and (
            self.argon2_memory_kib < 64 * 1024 or self.argon2_time_cost < 3
        ):
            raise ConfigError(
                "YOUTHVOICE_ARGON2_MEMORY_KIB must be at least 65536 and "
                "YOUTHVOICE_ARGON2_TIME_COST at least 3 in production"
            )
        if self.argon2_concurrency < 1:
            raise ConfigError("YOUTHVOICE_ARGON2_CONCURRENCY must be at least 1")
        if self.recovery_needs_admin not in (0, 1):
            raise ConfigError("YOUTHVOICE_RECOVERY_NEEDS_ADMIN must be 1 (yes) or 0 (no)")
        if self.backup_retention_days < 1:
            raise ConfigError("YOUTHVOICE_BACKUP_RETENTION_DAYS must be at least 1")
        if self.trusted_proxies < 0:
            raise ConfigError("YOUTHVOICE_TRUSTED_PROXIES must be 0 or more")
        if self.time_zone not in pytz.all_timezones_set:
            raise ConfigError(
                "YOUTHVOICE_TIME_ZONE must be a time zone name like America/Los_Angeles "
                f"(got {self.time_zone!r})"
            )
        _check_exit_url(self.exit_url, allow_http=self.env != "production")
        _check_database_url(self.database_url)
        if self.env == "production":
            _check_production_secret(self.secret_key)

    @property
    def is_production(self) -> bool:
        return self.env == "production"


def _env_name(attribute: str) -> str:
    return "DATABASE_URL" if attribute == "database_url" else f"YOUTHVOICE_{attribute.upper()}"


def _check_exit_url(url: str, *, allow_http: bool) -> None:
    parts = urlsplit(url)
    schemes = ("https", "http") if allow_http else ("https",)
    if parts.scheme not in schemes or not parts.netloc:
        raise ConfigError(
            f"YOUTHVOICE_EXIT_URL must be a full {' or '.join(schemes)}:// address of a "
            f"neutral site (got {url!r})"
        )


def _check_vault(settings: Settings) -> None:
    parts = urlsplit(settings.vault_url)
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ConfigError(
            "YOUTHVOICE_VAULT_URL must be the https:// (or http://) address of Vault when the "
            f"provider is vault (got {settings.vault_url!r})"
        )
    if not settings.vault_token:
        raise ConfigError("YOUTHVOICE_VAULT_TOKEN must be set when the provider is vault")
    if not VAULT_KEY_NAME.fullmatch(settings.vault_key):
        raise ConfigError(
            "YOUTHVOICE_VAULT_KEY must be 1 to 48 letters, digits, - or _ "
            f"(got {settings.vault_key!r})"
        )
    if not VAULT_MOUNT.fullmatch(settings.vault_mount):
        raise ConfigError(
            "YOUTHVOICE_VAULT_MOUNT must be the transit engine's path, such as transit "
            f"(got {settings.vault_mount!r})"
        )


def _check_database_url(url: str) -> None:
    if url and not url.startswith(("sqlite:///", "postgresql+psycopg://")):
        raise ConfigError(
            "DATABASE_URL must start with sqlite:/// or postgresql:// "
            f"(got {url.split(':', 1)[0]!r}:...)"
        )


def _check_production_secret(secret: str) -> None:
    if not secret:
        raise ConfigError("YOUTHVOICE_SECRET_KEY must be set in production")
    if len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"YOUTHVOICE_SECRET_KEY must be at least {MIN_SECRET_LENGTH} characters in production"
        )
    if len(set(secret)) < 8:
        raise ConfigError("YOUTHVOICE_SECRET_KEY looks like a placeholder; use a random value")


def _parse(attribute: str, raw: str, kind: type) -> object:
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(
                f"{_env_name(attribute)} must be a whole number (got {raw!r})"
            ) from None
    if kind is tuple:
        return tuple(part for part in raw.split(os.pathsep) if part)
    return raw


_TYPES = {"int": int, "str": str, "tuple[str, ...]": tuple}


def load_settings(environ: Mapping[str, str] | None = None, **overrides: object) -> Settings:
    """Build Settings from environment variables, then explicit overrides (used by tests)."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for spec in fields(Settings):
        raw = environ.get(_env_name(spec.name))
        if raw is not None and raw != "":
            values[spec.name] = _parse(spec.name, raw.strip(), _TYPES[str(spec.type)])
    values.update(overrides)
    if isinstance(values.get("database_url"), str):
        values["database_url"] = normalise_database_url(values["database_url"])
    return Settings(**values)  # type: ignore[arg-type]


def with_local_defaults(settings: Settings, default_instance: Path) -> Settings:
    """Fill in what a development or test machine can make up on its own.

    Production never gets here with gaps: validate() already refused a missing secret.
    """
    instance = Path(settings.instance_path or default_instance)
    database_url = settings.database_url or f"sqlite:///{instance / 'youthvoice.sqlite3'}"
    secret = settings.secret_key or _local_secret(instance)
    key_file = settings.key_file or str(instance / "keyring.json")
    # The key store lives with the key file: outside the database and its backups.
    default_store = Path(key_file).parent if settings.key_provider == "file" else instance / "keys"
    return replace(
        settings,
        instance_path=str(instance),
        database_url=database_url,
        secret_key=secret,
        key_file=key_file,
        key_store=settings.key_store or str(default_store),
    )


def _local_secret(instance: Path) -> str:
    """A per-machine random secret kept in the instance folder, so sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            pass
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def normalise_database_url(url: str) -> str:
    """Accept the usual spellings and pick the psycopg 3 driver for PostgreSQL."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
