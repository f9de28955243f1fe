"""The only code that touches keys or ciphertext: envelope encryption, KEK providers, keys.

Services reach it through keys(); nothing else imports AES or handles a key.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import make_url

from config import Settings
from youthvoice.crypto.envelope import IntegrityError, Place
from youthvoice.crypto.keys import KeyService, KeyShredded, OwnerCipher, WrappedKey
from youthvoice.crypto.keystore import KeyStore
from youthvoice.crypto.providers import (
    FileKeyring,
    KeyCustodyError,
    KeyProvider,
    create_key_file,
    environment_keyring,
)
from youthvoice.crypto.vault import vault_provider

__all__ = [
    "IntegrityError",
    "KeyCustodyError",
    "KeyService",
    "KeyShredded",
    "OwnerCipher",
    "Place",
    "WrappedKey",
    "check_custody",
    "create_key_file",
    "init_app",
    "keys",
]

EXTENSION = "youthvoice.keys"


def provider_loader(settings: Settings):
    def load() -> KeyProvider:
        if settings.key_provider == "env":
            return environment_keyring(settings.keyring)
        if settings.key_provider == "vault":
            return vault_provider(settings)
        return FileKeyring(Path(settings.key_file))

    return load


def check_custody(settings: Settings) -> None:
    """Production: the KEK must be there, and never beside the database it protects."""
    if settings.key_provider == "file":
        key_file = Path(settings.key_file).resolve()
        url = make_url(settings.database_url)
        if url.get_backend_name() == "sqlite" and url.database:
            database_dir = Path(url.database).resolve().parent
            if key_file.parent == database_dir or database_dir in key_file.parents:
                raise KeyCustodyError(
                    f"the key file {key_file} is in the database's folder {database_dir}: "
                    "set YOUTHVOICE_KEY_FILE to a path on another volume"
                )
    provider_loader(settings)().current_id()


def init_app(app: Flask, settings: Settings) -> None:
    store = KeyStore(Path(settings.key_store))
    app.extensions[EXTENSION] = KeyService(provider_loader(settings), store)


def keys() -> KeyService:
    return current_app.extensions[EXTENSION]
