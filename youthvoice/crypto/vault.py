"""A KEK provider backed by HashiCorp Vault's transit engine: the KEK never leaves Vault.

Each KEK id names one version of a transit key ("vault:youthvoice:v3"). The key must be
derived (created with derived=true): the wrap label is sent as the derivation context, so a
wrapped key moved to another owner fails to unwrap, as with LocalKeyring's associated data.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from typing import Any

import hvac
from hvac.exceptions import InvalidPath, InvalidRequest, VaultError
from requests import RequestException

from config import Settings
from youthvoice.crypto.envelope import IntegrityError
from youthvoice.crypto.providers import KeyCustodyError

# Other processes (web workers, a `keys rotate` run) see a rotation within this long.
CACHE_SECONDS = 30.0
KEY_TYPE = "aes256-gcm96"
_CIPHERTEXT_VERSION = re.compile(rb"vault:v(\d+):")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _reason(error: Exception) -> str:
    """Vault's own words, one line, without hvac's request details."""
    message = error.args[0] if error.args and error.args[0] else type(error).__name__
    return str(message).splitlines()[0]


class VaultTransitProvider:
    """KEKs as versions of one derived transit key; rotation and retirement happen in Vault."""

    def __init__(
        self,
        client: Any,
        key_name: str,
        mount: str,
        url: str,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transit = client.secrets.transit
        self.key_name = key_name
        self.mount = mount
        self.description = f"Vault transit key {key_name} at {url}"
        self._clock = clock
        self._key: dict[str, Any] | None = None
        self._read_at = 0.0

    # What Vault says about the key ----------------------------------------------------------

    def _key_info(self) -> dict[str, Any]:
        now = self._clock()
        if self._key is None or now - self._read_at >= CACHE_SECONDS:
            self._key = self._read_key()
            self._read_at = now
        return self._key

    def _forget(self) -> None:
        self._key = None

    def _read_key(self) -> dict[str, Any]:
        try:
            data = self._transit.read_key(self.key_name, mount_point=self.mount)["data"]
        except InvalidPath:
            raise KeyCustodyError(
                f"{self.description} does not exist: create it with `vault write -f "
                f"{self.mount}/keys/{self.key_name} type={KEY_TYPE} derived=true`"
            ) from None
        except (VaultError, RequestException) as error:
            raise KeyCustodyError(f"{self.description} cannot be read: {_reason(error)}") from None
        if not data.get("derived"):
            # Without derivation Vault ignores the context, and labels would bind nothing.
            raise KeyCustodyError(
                f"{self.description} is not a derived key: create a new key with derived=true"
            )
        return data

    def _kek_id(self, version: int) -> str:
        return f"vault:{self.key_name}:v{version}"

    def _version(self, kek_id: str) -> int:
        prefix = f"vault:{self.key_name}:v"
        number = kek_id.removeprefix(prefix)
        if not kek_id.startswith(prefix) or not number.isdigit():
            raise KeyCustodyError(f"{self.description} has no key {kek_id!r}")
        return int(number)

    # KeyProvider -----------------------------------------------------------------------------

    def current_id(self) -> str:
        return self._kek_id(int(self._key_info()["latest_version"]))

    def ids(self) -> list[str]:
        info = self._key_info()
        oldest, latest = int(info["min_decryption_version"]), int(info["latest_version"])
        return [self._kek_id(version) for version in range(max(oldest, 1), latest + 1)]

    def wrap(self, kek_id: str, key: bytes, label: bytes) -> bytes:
        version = self._version(kek_id)
        current = self.current_id()
        if kek_id != current:
            raise KeyCustodyError(f"{kek_id} is not the current key ({current}); wrap with that")
        try:
            answer = self._transit.encrypt_data(
                self.key_name,
                plaintext=_b64(key),
                context=_b64(label),
                key_version=version,
                mount_point=self.mount,
            )
        except (VaultError, RequestException) as error:
            # If another process retired this version within the cache's lifetime, reading
            # the key again lets the next attempt wrap with the new current version.
            self._forget()
            raise KeyCustodyError(f"{self.description} refused to wrap: {_reason(error)}") from None
        return answer["data"]["ciphertext"].encode()

    def unwrap(self, kek_id: str, wrapped: bytes, label: bytes) -> bytes:
        version = self._version(kek_id)
        failed = IntegrityError(f"a key wrapped by {kek_id} failed its integrity check")
        match = _CIPHERTEXT_VERSION.match(wrapped)
        if match is None or int(match.group(1)) != version:
            raise failed
        if version < int(self._key_info()["min_decryption_version"]):
            raise self._retired(kek_id)
        try:
            answer = self._transit.decrypt_data(
                self.key_name,
                ciphertext=wrapped.decode("ascii"),
                context=_b64(label),
                mount_point=self.mount,
            )
        except InvalidRequest as error:
            # Another process may have retired the version within the cache's lifetime.
            if "too old" in _reason(error):
                raise self._retired(kek_id) from None
            raise failed from None
        except (VaultError, RequestException) as error:
            raise KeyCustodyError(
                f"{self.description} refused to unwrap: {_reason(error)}"
            ) from None
        except UnicodeDecodeError:
            raise failed from None
        return base64.b64decode(answer["data"]["plaintext"])

    def _retired(self, kek_id: str) -> KeyCustodyError:
        return KeyCustodyError(
            f"{kek_id} was retired (below min_decryption_version of {self.description}): "
            "keys it wrapped cannot be unwrapped"
        )

    def add_current(self) -> str:
        try:
            self._transit.rotate_key(self.key_name, mount_point=self.mount)
        except (VaultError, RequestException) as error:
            raise KeyCustodyError(
                f"{self.description} refused to rotate: {_reason(error)}"
            ) from None
        self._forget()
        return self.current_id()

    def remove(self, kek_id: str) -> None:
        """Retire one version by raising min_decryption_version past it, oldest first.

        Raising the floor retires every older version too, so only the oldest version still
        readable may go: the caller has checked that it alone wraps nothing.
        """
        version = self._version(kek_id)
        self._forget()  # decide on what Vault says now, not on a cached answer
        info = self._key_info()
        oldest, latest = int(info["min_decryption_version"]), int(info["latest_version"])
        if version >= latest:
            raise KeyCustodyError(f"{kek_id} is the current key; rotate before retiring it")
        if version < oldest:
            return
        if version > oldest:
            raise KeyCustodyError(
                f"retire {self._kek_id(oldest)} first: Vault retires versions oldest first"
            )
        try:
            self._transit.update_key_configuration(
                self.key_name, min_decryption_version=version + 1, mount_point=self.mount
            )
        except (VaultError, RequestException) as error:
            raise KeyCustodyError(
                f"{self.description} refused to retire: {_reason(error)}"
            ) from None
        finally:
            self._forget()

    def changed_since_loaded(self) -> bool:
        # Vault is authoritative; the short cache above covers rotation by another process.
        return False


def vault_provider(settings: Settings) -> VaultTransitProvider:
    """Connect to Vault with the configured token; refuse at once if Vault refuses it."""
    client = hvac.Client(url=settings.vault_url, token=settings.vault_token)
    try:
        authenticated = client.is_authenticated()
    except RequestException as error:
        raise KeyCustodyError(
            f"cannot reach Vault at {settings.vault_url} (YOUTHVOICE_VAULT_URL): "
            f"{type(error).__name__}"
        ) from None
    except VaultError as error:  # sealed, not initialised, or failing
        raise KeyCustodyError(
            f"Vault at {settings.vault_url} cannot check the token: {_reason(error)}"
        ) from None
    if not authenticated:
        raise KeyCustodyError(
            f"Vault at {settings.vault_url} refused the token (YOUTHVOICE_VAULT_TOKEN)"
        )
    return VaultTransitProvider(
        client, settings.vault_key, settings.vault_mount, settings.vault_url
    )
