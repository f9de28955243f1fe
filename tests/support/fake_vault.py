"""An in-process stand-in for hvac.Client's transit calls, doing the same cryptography as Vault.

No Vault server can run on the development machine, so the tests use this fake. It follows
Vault's documented transit API (https://developer.hashicorp.com/vault/api-docs/secret/transit):
AES-256-GCM per key version, per-context keys derived with HKDF-SHA256 (no salt, info = the
context) for derived keys, ciphertexts "vault:v{N}:" + base64(nonce + ciphertext + tag), the
min_decryption_version and min_encryption_version rules, Vault's error messages, and answers
shaped like Vault's JSON as hvac returns them.

To run the same tests against a real Vault:
    vault server -dev -dev-root-token-id=root          # in another terminal
    VAULT_ADDR=http://127.0.0.1:8200 vault secrets enable transit
then make the `vault_client` fixture in tests/crypto/test_vault.py return
    hvac.Client(url="http://127.0.0.1:8200", token="root")
Each test makes its own key name, so they can share one dev server. The tests of the fake
itself and of a refused token keep using the fake.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import time
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from hvac.exceptions import InvalidPath, InvalidRequest

NONCE_BYTES = 12
_CIPHERTEXT = re.compile(r"vault:v(\d+):(.*)", re.DOTALL)
MISSING_CONTEXT = (
    "missing 'context' for key derivation; the key was created using a derived key, which "
    "means additional, per-request information must be included in order to perform "
    "operations with the key"
)


@dataclass
class _TransitKey:
    derived: bool
    key_type: str
    versions: dict[int, bytes] = field(default_factory=dict)
    created: dict[int, int] = field(default_factory=dict)
    min_decryption_version: int = 1
    min_encryption_version: int = 0

    @property
    def latest_version(self) -> int:
        return max(self.versions)

    def rotate(self) -> None:
        version = len(self.versions) + 1
        self.versions[version] = os.urandom(32)
        self.created[version] = int(time.time())

    def aead(self, version: int, context: bytes | None) -> AESGCM:
        if not 0 < version <= self.latest_version:
            raise InvalidRequest(errors=["invalid key version"])
        if self.derived and not context:
            raise InvalidRequest(errors=[MISSING_CONTEXT])
        if version < self.min_decryption_version:  # archived: out of Vault's working set
            raise InvalidRequest(errors=["no such key version"])
        if not self.derived:
            return AESGCM(self.versions[version])  # Vault ignores a context here
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=context)
        return AESGCM(hkdf.derive(self.versions[version]))


def _decode(value: str | None, what: str) -> bytes | None:
    if value is None:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidRequest(errors=[f"failed to base64-decode {what}"]) from None


class FakeTransit:
    """The transit secrets engine at one or more mount paths, keys held in memory."""

    def __init__(self, mounts: tuple[str, ...]) -> None:
        self._mounts = mounts
        self._keys: dict[tuple[str, str], _TransitKey] = {}

    def _find(self, name: str, mount_point: str) -> _TransitKey | None:
        if mount_point not in self._mounts:
            raise InvalidPath(errors=[f"no handler for route '{mount_point}/keys/{name}'"])
        return self._keys.get((mount_point, name))

    def _existing(self, name: str, mount_point: str) -> _TransitKey:
        key = self._find(name, mount_point)
        if key is None:
            raise InvalidRequest(errors=["encryption key not found"])
        return key

    def create_key(
        self,
        name: str,
        derived: bool | None = None,
        key_type: str | None = None,
        mount_point: str = "transit",
        **_: Any,
    ) -> None:
        if self._find(name, mount_point) is not None:
            return  # Vault leaves an existing key as it is
        if (key_type or "aes256-gcm96") != "aes256-gcm96":
            raise InvalidRequest(errors=[f"unknown key type {key_type}"])
        key = _TransitKey(derived=bool(derived), key_type="aes256-gcm96")
        key.rotate()
        self._keys[(mount_point, name)] = key

    def read_key(self, name: str, mount_point: str = "transit") -> dict[str, Any]:
        key = self._find(name, mount_point)
        if key is None:
            raise InvalidPath()  # Vault answers 404 with no errors
        live = range(key.min_decryption_version, key.latest_version + 1)
        return {
            "data": {
                "name": name,
                "type": key.key_type,
                "derived": key.derived,
                "kdf": "hkdf_sha256",
                "latest_version": key.latest_version,
                "min_decryption_version": key.min_decryption_version,
                "min_encryption_version": key.min_encryption_version,
                # Versions below min_decryption_version are archived and not listed.
                "keys": {str(version): key.created[version] for version in live},
            }
        }

    def encrypt_data(
        self,
        name: str,
        plaintext: str | None = None,
        context: str | None = None,
        key_version: int | None = None,
        mount_point: str = "transit",
        **_: Any,
    ) -> dict[str, Any]:
        data = _decode(plaintext, "plaintext") or b""
        context_bytes = _decode(context, "context")
        if self._find(name, mount_point) is None:
            # Vault creates a missing key on first encrypt (an "upsert").
            self.create_key(name, derived=context_bytes is not None, mount_point=mount_point)
        key = self._existing(name, mount_point)
        version = key_version or key.latest_version
        if version > key.latest_version:
            raise InvalidRequest(
                errors=["requested version for encryption is higher than the latest key version"]
            )
        if version < key.min_encryption_version:
            raise InvalidRequest(
                errors=[
                    "requested version for encryption is less than the minimum encryption "
                    "key version"
                ]
            )
        nonce = os.urandom(NONCE_BYTES)
        sealed = key.aead(version, context_bytes).encrypt(nonce, data, None)
        ciphertext = f"vault:v{version}:" + base64.b64encode(nonce + sealed).decode()
        return {"data": {"ciphertext": ciphertext, "key_version": version}}

    def decrypt_data(
        self,
        name: str,
        ciphertext: str | None = None,
        context: str | None = None,
        mount_point: str = "transit",
        **_: Any,
    ) -> dict[str, Any]:
        key = self._existing(name, mount_point)
        context_bytes = _decode(context, "context")
        if not (ciphertext or "").startswith("vault:"):
            raise InvalidRequest(errors=["invalid ciphertext: no prefix"])
        match = _CIPHERTEXT.fullmatch(ciphertext)
        if match is None:
            raise InvalidRequest(errors=["invalid ciphertext: wrong number of fields"])
        version = int(match.group(1))
        if version < key.min_decryption_version:
            raise InvalidRequest(
                errors=["ciphertext or signature version is disallowed by policy (too old)"]
            )
        raw = _decode(match.group(2), "ciphertext") or b""
        aead = key.aead(version, context_bytes)
        try:
            data = aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], None)
        except (InvalidTag, ValueError):
            raise InvalidRequest(errors=["cipher: message authentication failed"]) from None
        return {"data": {"plaintext": base64.b64encode(data).decode()}}

    def rotate_key(self, name: str, mount_point: str = "transit") -> None:
        self._existing(name, mount_point).rotate()

    def update_key_configuration(
        self,
        name: str,
        min_decryption_version: int | None = None,
        min_encryption_version: int | None = None,
        mount_point: str = "transit",
        **_: Any,
    ) -> None:
        key = self._existing(name, mount_point)
        decryption = min_decryption_version or key.min_decryption_version
        encryption = (
            key.min_encryption_version if min_encryption_version is None else min_encryption_version
        )
        for label, value in (("decryption", decryption), ("encryption", encryption)):
            if value > key.latest_version:
                raise InvalidRequest(
                    errors=[
                        f"cannot set min {label} version of {value}, "
                        f"latest key version is {key.latest_version}"
                    ]
                )
        if 0 < encryption < decryption:
            raise InvalidRequest(
                errors=[
                    f"cannot set min encryption/decryption values; min encryption version of "
                    f"{encryption} must be greater than or equal to min decryption version of "
                    f"{decryption}"
                ]
            )
        # Lowering the floor again brings archived versions back: Vault does not destroy them.
        key.min_decryption_version = decryption
        key.min_encryption_version = encryption


class FakeVaultClient:
    """The part of hvac.Client that VaultTransitProvider uses."""

    def __init__(self, *, authenticated: bool = True, mounts: tuple[str, ...] = ("transit",)):
        self._authenticated = authenticated
        self.secrets = SimpleNamespace(transit=FakeTransit(mounts))

    def is_authenticated(self) -> bool:
        return self._authenticated
