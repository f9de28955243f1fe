"""KEKs kept in Vault's transit engine, through the real KeyService: wrap, rotate, retire."""

from __future__ import annotations

import base64
import secrets
import socket

import hvac
import pytest
from hvac.exceptions import InvalidRequest, VaultDown
from sqlalchemy import select

from config import ConfigError, load_settings
from tests.conftest import make_settings, migrate_to_head
from tests.crypto.test_keys import GOOD_SECRET, assert_all_readable, store_answers
from tests.support.fake_vault import FakeVaultClient
from youthvoice import create_app
from youthvoice.crypto import IntegrityError, KeyCustodyError, KeyService, check_custody, keys
from youthvoice.crypto.vault import CACHE_SECONDS, VaultTransitProvider
from youthvoice.extensions import db
from youthvoice.models import DataKey, WrappedSecret

VAULT_URL = "http://vault.test:8200"
VAULT_TOKEN = "hvs.test-token"
MOUNT = "transit"


@pytest.fixture
def vault_client() -> FakeVaultClient:
    """Vault's transit engine (tests/support/fake_vault.py says how to use a real dev server)."""
    return FakeVaultClient()


@pytest.fixture
def key_name(vault_client) -> str:
    """A new derived transit key for each test, so tests can share one Vault."""
    name = f"youthvoice-{secrets.token_hex(4)}"
    vault_client.secrets.transit.create_key(
        name, key_type="aes256-gcm96", derived=True, mount_point=MOUNT
    )
    return name


@pytest.fixture
def connect_to_vault(monkeypatch, vault_client) -> None:
    """hvac.Client reaches the test Vault, which refuses every token but the right one."""

    def client(url: str, token: str):
        return vault_client if token == VAULT_TOKEN else FakeVaultClient(authenticated=False)

    monkeypatch.setattr(hvac, "Client", client)


def vault_settings(tmp_path, database_url: str, key_name: str, **overrides: object):
    values = {
        "key_provider": "vault",
        "keyring": "",
        "vault_url": VAULT_URL,
        "vault_token": VAULT_TOKEN,
        "vault_key": key_name,
    }
    return make_settings(tmp_path / "instance", database_url, **{**values, **overrides})


@pytest.fixture
def vault_app(tmp_path, empty_database_url, key_name, connect_to_vault):
    """An app configured with YOUTHVOICE_KEY_PROVIDER=vault, set up by `init`."""
    settings = vault_settings(tmp_path, empty_database_url, key_name)
    migrate_to_head(settings)
    app = create_app(settings)
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


class Clock:
    """Monotonic time that a test moves forward by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def kek(key_name: str, version: int) -> str:
    return f"vault:{key_name}:v{version}"


def rotate_fully() -> str:
    new_kek = keys().start_rotation()
    while keys().rewrap_batch(batch_size=10):
        pass
    return new_kek


def data_key(owner_id: str) -> DataKey:
    return db.session.scalar(select(DataKey).where(DataKey.owner_id == owner_id))


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# Wrapping ----------------------------------------------------------------------------------


def test_init_wraps_the_index_secret_with_vault(vault_app, key_name):
    index_secret = db.session.get(WrappedSecret, "index-secret")
    assert index_secret.kek_id == kek(key_name, 1)
    assert index_secret.wrapped_key.startswith(b"vault:v1:")


def test_data_keys_are_stored_only_as_vault_ciphertext_and_read_back(vault_app, key_name):
    blobs = store_answers(3)
    records = db.session.scalars(select(DataKey)).all()
    assert {record.kek_id for record in records} == {kek(key_name, 1)}
    assert all(record.wrapped_key.startswith(b"vault:v1:") for record in records)
    assert_all_readable(blobs)


def test_a_wrapped_key_moved_to_another_youth_does_not_unwrap(vault_app):
    keys().create_data_key("youth-1")
    keys().create_data_key("youth-2")
    first, second = data_key("youth-1"), data_key("youth-2")
    first.wrapped_key, second.wrapped_key = second.wrapped_key, first.wrapped_key
    with pytest.raises(IntegrityError, match="failed its integrity check"):
        keys().cipher_for("youth-1")


def test_a_wrapped_key_filed_under_another_version_does_not_unwrap(vault_app, key_name):
    keys().create_data_key("youth-1")
    keys().start_rotation()
    data_key("youth-1").kek_id = kek(key_name, 2)  # the ciphertext itself says v1
    with pytest.raises(IntegrityError, match=kek(key_name, 2)):
        keys().cipher_for("youth-1")


def test_keys_status_names_vault_and_the_current_version(vault_app, key_name):
    store_answers(2)
    output = vault_app.test_cli_runner().invoke(args=["keys", "status"]).output
    assert f"Provider: Vault transit key {key_name} at {VAULT_URL}" in output
    assert f"{kek(key_name, 1)} (current): 3 wrapped keys" in output


# Rotation ----------------------------------------------------------------------------------


def test_rotation_rewraps_every_key_under_the_new_version(vault_app, key_name):
    blobs = store_answers(25)
    result = vault_app.test_cli_runner().invoke(args=["keys", "rotate", "--batch-size", "10"])
    assert result.exit_code == 0, result.output
    assert f"Re-wrapping 26 keys under {kek(key_name, 2)}" in result.output
    assert keys().status() == {kek(key_name, 1): 0, kek(key_name, 2): 26}
    wrapped = db.session.scalars(select(DataKey.wrapped_key)).all()
    assert all(blob.startswith(b"vault:v2:") for blob in wrapped)
    assert_all_readable(blobs)


def test_an_interrupted_rotation_resumes_without_a_third_version(vault_app, key_name):
    blobs = store_answers(25)
    assert keys().start_rotation() == kek(key_name, 2)
    assert keys().rewrap_batch(batch_size=10) == 10  # then the process is stopped
    keys().reload()
    assert keys().start_rotation() == kek(key_name, 2)
    assert_all_readable(blobs)  # mid-rotation both versions unwrap
    rotate_fully()
    assert keys().status() == {kek(key_name, 1): 0, kek(key_name, 2): 26}


def test_keyed_hashes_survive_rotation_because_the_index_secret_is_rewrapped(vault_app, key_name):
    before = keys().keyed_hash("sign-in-name", "sunflower22")
    rotate_fully()
    keys().retire(kek(key_name, 1))
    assert db.session.get(WrappedSecret, "index-secret").kek_id == kek(key_name, 2)
    assert keys().keyed_hash("sign-in-name", "sunflower22") == before


def test_backup_keys_are_wrapped_by_vault_and_follow_rotation(vault_app, key_name):
    key = keys().new_backup_key("backup-1")
    assert keys().backup_key("backup-1") == key
    assert keys().store.backup_key("backup-1")[1].startswith(b"vault:v1:")
    rotate_fully()
    assert set(keys().store.backup_keys_by_kek()) == {kek(key_name, 2)}
    assert keys().backup_key("backup-1") == key


# Retirement --------------------------------------------------------------------------------


def test_after_retiring_the_old_version_a_copy_wrapped_by_it_cannot_be_read(vault_app, key_name):
    blobs = store_answers(2)
    before_rotation = data_key("youth-0000")
    old_copy = (before_rotation.kek_id, before_rotation.wrapped_key)
    rotate_fully()
    keys().retire(kek(key_name, 1))
    assert keys().provider.ids() == [kek(key_name, 2)]
    assert_all_readable(blobs)
    # A database copy from before the rotation, restored now.
    data_key("youth-0000").kek_id, data_key("youth-0000").wrapped_key = old_copy
    with pytest.raises(KeyCustodyError, match=f"{kek(key_name, 1)} was retired"):
        keys().cipher_for("youth-0000")


def test_a_version_still_wrapping_keys_cannot_be_retired(vault_app, key_name):
    store_answers(1)
    keys().start_rotation()
    with pytest.raises(KeyCustodyError, match="still wraps keys"):
        keys().retire(kek(key_name, 1))


def test_the_current_version_cannot_be_retired_even_when_it_wraps_nothing(
    vault_app, vault_client, key_name
):
    rotate_fully()
    vault_client.secrets.transit.rotate_key(key_name, mount_point=MOUNT)  # rotated in Vault
    with pytest.raises(KeyCustodyError, match="rotate before retiring"):
        keys().retire(kek(key_name, 3))


def test_versions_are_retired_oldest_first_so_older_keys_are_not_lost(
    vault_app, vault_client, key_name
):
    blobs = store_answers(2)  # under v1
    keys().start_rotation()  # v2, nothing re-wrapped yet
    vault_client.secrets.transit.rotate_key(key_name, mount_point=MOUNT)  # v3
    with pytest.raises(KeyCustodyError, match=f"retire {kek(key_name, 1)} first"):
        keys().retire(kek(key_name, 2))  # wraps nothing, but would take v1 with it
    assert_all_readable(blobs)


# Several processes -------------------------------------------------------------------------


def another_process(vault_client, key_name: str, clock: Clock) -> KeyService:
    """A second KeyService, as in another web worker, on the same database and Vault."""
    return KeyService(
        lambda: VaultTransitProvider(vault_client, key_name, MOUNT, VAULT_URL, clock=clock),
        keys().store,
    )


def test_a_worker_sees_a_rotation_by_another_process_within_30_seconds(
    vault_app, vault_client, key_name
):
    blobs = store_answers(3)
    clock = Clock()
    worker = another_process(vault_client, key_name, clock)
    assert worker.provider.current_id() == kek(key_name, 1)
    rotate_fully()
    clock.now = CACHE_SECONDS - 1
    assert worker.provider.current_id() == kek(key_name, 1)  # still the cached answer
    for number, (owner, blob) in enumerate(sorted(blobs.items())):
        assert worker.cipher_for(owner).decrypt_text("t", "c", 1, blob) == f"answer {number}"
    clock.now = CACHE_SECONDS + 1
    assert worker.provider.current_id() == kek(key_name, 2)


def test_a_worker_that_missed_a_retirement_fails_once_then_uses_the_new_version(
    vault_app, vault_client, key_name
):
    clock = Clock()
    worker = another_process(vault_client, key_name, clock)
    old_copy = worker.provider.current_id()  # caches v1 as current
    rotate_fully()
    keys().retire(kek(key_name, 1))
    with pytest.raises(KeyCustodyError, match="refused to wrap"):
        worker.create_data_key("youth-1")
    db.session.rollback()
    worker.create_data_key("youth-1")
    assert data_key("youth-1").kek_id == kek(key_name, 2) != old_copy


# Custody at start-up -----------------------------------------------------------------------


def test_production_refuses_to_start_when_vault_refuses_the_token(
    tmp_path, key_name, connect_to_vault, capsys
):
    settings = load_settings(
        {},
        env="production",
        secret_key=GOOD_SECRET,
        instance_path=str(tmp_path / "instance"),
        database_url=f"sqlite:///{tmp_path / 'instance' / 'youthvoice.sqlite3'}",
        key_provider="vault",
        vault_url=VAULT_URL,
        vault_token="hvs.revoked-token",
        vault_key=key_name,
    )
    with pytest.raises(SystemExit):
        create_app(settings)
    error = capsys.readouterr().err.strip()
    assert error == (
        f"YouthVoice cannot start: Vault at {VAULT_URL} refused the token (YOUTHVOICE_VAULT_TOKEN)"
    )
    assert "hvs.revoked-token" not in error


def test_a_missing_transit_key_is_reported_with_the_command_that_creates_it(
    tmp_path, connect_to_vault
):
    settings = vault_settings(tmp_path, "", "never-created")
    command = r"vault write -f transit/keys/never-created .*derived=true"
    with pytest.raises(KeyCustodyError, match=command):
        check_custody(settings)


def test_a_transit_key_without_derivation_is_refused(tmp_path, vault_client, connect_to_vault):
    vault_client.secrets.transit.create_key("not-derived", derived=False, mount_point=MOUNT)
    settings = vault_settings(tmp_path, "", "not-derived")
    with pytest.raises(KeyCustodyError, match="not a derived key"):
        check_custody(settings)


def test_a_sealed_vault_is_reported_in_one_line(tmp_path, monkeypatch):
    class SealedVault(FakeVaultClient):
        def is_authenticated(self) -> bool:
            raise VaultDown(errors=["Vault is sealed"], method="GET", url=VAULT_URL)

    monkeypatch.setattr(hvac, "Client", lambda url, token: SealedVault())
    settings = vault_settings(tmp_path, "", "youthvoice")
    with pytest.raises(KeyCustodyError) as caught:
        check_custody(settings)
    assert str(caught.value) == f"Vault at {VAULT_URL} cannot check the token: Vault is sealed"


def test_an_unreachable_vault_is_named_in_one_line(tmp_path):
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]  # nothing listens here once the socket closes
    url = f"http://127.0.0.1:{port}"
    settings = vault_settings(tmp_path, "", "youthvoice", vault_url=url)
    with pytest.raises(KeyCustodyError) as caught:
        check_custody(settings)
    message = str(caught.value)
    assert message.startswith(f"cannot reach Vault at {url} (YOUTHVOICE_VAULT_URL)")
    assert "\n" not in message


# Settings ----------------------------------------------------------------------------------

GOOD_URL = {"YOUTHVOICE_VAULT_URL": "https://vault.internal:8200"}
GOOD_VAULT = {**GOOD_URL, "YOUTHVOICE_VAULT_TOKEN": VAULT_TOKEN}


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({}, "YOUTHVOICE_VAULT_URL"),
        ({"YOUTHVOICE_VAULT_URL": "vault.internal:8200"}, "YOUTHVOICE_VAULT_URL"),
        ({"YOUTHVOICE_VAULT_URL": "ftp://vault.internal"}, "YOUTHVOICE_VAULT_URL"),
        (GOOD_URL, "YOUTHVOICE_VAULT_TOKEN"),
        ({**GOOD_VAULT, "YOUTHVOICE_VAULT_KEY": "k" * 49}, "YOUTHVOICE_VAULT_KEY"),
        ({**GOOD_VAULT, "YOUTHVOICE_VAULT_KEY": "youth:voice"}, "YOUTHVOICE_VAULT_KEY"),
        ({**GOOD_VAULT, "YOUTHVOICE_VAULT_MOUNT": "/transit/"}, "YOUTHVOICE_VAULT_MOUNT"),
    ],
)
def test_vault_settings_are_refused_with_their_names(environ, named):
    with pytest.raises(ConfigError, match=named) as caught:
        load_settings({"YOUTHVOICE_KEY_PROVIDER": "vault", **environ})
    assert "\n" not in str(caught.value)


def test_vault_settings_have_defaults_and_hide_the_token():
    settings = load_settings({"YOUTHVOICE_KEY_PROVIDER": "vault", **GOOD_VAULT})
    assert (settings.vault_key, settings.vault_mount) == ("youthvoice", "transit")
    assert settings.vault_token == VAULT_TOKEN
    assert VAULT_TOKEN not in repr(settings)


# The fake itself ---------------------------------------------------------------------------


def test_the_fake_writes_vault_ciphertext_bound_to_its_context(vault_client, key_name):
    transit = vault_client.secrets.transit
    owner = b64(b"data-key|youth-1")
    answer = transit.encrypt_data(
        key_name, plaintext=b64(b"k" * 32), context=owner, mount_point=MOUNT
    )["data"]
    assert answer["key_version"] == 1
    assert answer["ciphertext"].startswith("vault:v1:")
    assert len(base64.b64decode(answer["ciphertext"].removeprefix("vault:v1:"))) == 12 + 32 + 16
    plain = transit.decrypt_data(
        key_name, ciphertext=answer["ciphertext"], context=owner, mount_point=MOUNT
    )
    assert base64.b64decode(plain["data"]["plaintext"]) == b"k" * 32
    with pytest.raises(InvalidRequest, match="message authentication failed"):
        transit.decrypt_data(
            key_name,
            ciphertext=answer["ciphertext"],
            context=b64(b"data-key|youth-2"),
            mount_point=MOUNT,
        )
    with pytest.raises(InvalidRequest, match="missing 'context'"):
        transit.decrypt_data(key_name, ciphertext=answer["ciphertext"], mount_point=MOUNT)


def test_the_fake_enforces_version_floors_like_vault(vault_client, key_name):
    transit = vault_client.secrets.transit
    context = b64(b"secret|index-secret")
    old = transit.encrypt_data(key_name, plaintext=b64(b"x"), context=context, mount_point=MOUNT)
    transit.rotate_key(key_name, mount_point=MOUNT)
    with pytest.raises(InvalidRequest, match="higher than the latest key version"):
        transit.encrypt_data(
            key_name, plaintext=b64(b"x"), context=context, key_version=3, mount_point=MOUNT
        )
    transit.update_key_configuration(key_name, min_decryption_version=2, mount_point=MOUNT)
    info = transit.read_key(key_name, mount_point=MOUNT)["data"]
    assert (info["latest_version"], info["min_decryption_version"]) == (2, 2)
    assert set(info["keys"]) == {"2"}
    with pytest.raises(InvalidRequest, match=r"disallowed by policy \(too old\)"):
        transit.decrypt_data(
            key_name, ciphertext=old["data"]["ciphertext"], context=context, mount_point=MOUNT
        )
    # Vault archives a retired version rather than destroying it: lowering the floor restores it.
    transit.update_key_configuration(key_name, min_decryption_version=1, mount_point=MOUNT)
    transit.decrypt_data(
        key_name, ciphertext=old["data"]["ciphertext"], context=context, mount_point=MOUNT
    )
