"""AES-256-GCM through YouthVoice's own code path: known answers, binding, tampering."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from youthvoice.crypto import envelope
from youthvoice.crypto.envelope import IntegrityError, Place

# AES-256 cases 13-16 of the GCM specification (McGrew & Viega), the vectors NIST's
# GCM validation suite publishes: key, nonce, plaintext, associated data, ciphertext, tag.
K15 = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
P15 = (
    "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
    "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
)
C15 = (
    "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
    "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad"
)
NIST_VECTORS = [
    ("00" * 32, "00" * 12, "", "", "", "530f8afbc74536b9a963b4f1c4cb738b"),
    (
        "00" * 32,
        "00" * 12,
        "00" * 16,
        "",
        "cea7403d4d606b6e074ec5d3baf39d18",
        "d0d1c8a799996bf0265b98b5d48ab919",
    ),
    (K15, "cafebabefacedbaddecaf888", P15, "", C15, "b094dac5d93471bdec1a502270e3cc6c"),
    (
        K15,
        "cafebabefacedbaddecaf888",
        P15[:120],
        "feedfacedeadbeeffeedfacedeadbeefabaddad2",
        C15[:120],
        "76fc6ece0f4e1768cddf8853bb2d551b",
    ),
]


@pytest.mark.parametrize(("key", "nonce", "plaintext", "aad", "ciphertext", "tag"), NIST_VECTORS)
def test_known_answers(key, nonce, plaintext, aad, ciphertext, tag):
    aead = AESGCM(bytes.fromhex(key))
    sealed = envelope.seal(aead, bytes.fromhex(nonce), bytes.fromhex(plaintext), bytes.fromhex(aad))
    assert sealed.hex() == ciphertext + tag
    opened = envelope.open_sealed(aead, bytes.fromhex(nonce), sealed, bytes.fromhex(aad))
    assert opened.hex() == plaintext


PLACE = Place("responses", "answers", "row-1", "youth-a")


@pytest.fixture
def aead():
    return AESGCM(envelope.new_key())


def test_round_trip_and_format(aead):
    blob = envelope.encrypt(aead, 7, PLACE, b"I feel hopeful")
    assert blob[0] == 1  # format version
    assert envelope.key_id_of(blob) == 7
    assert len(blob) == len(b"I feel hopeful") + envelope.OVERHEAD
    assert envelope.decrypt(aead, 7, PLACE, blob) == b"I feel hopeful"


def test_every_encryption_uses_a_fresh_nonce(aead):
    blobs = {envelope.encrypt(aead, 1, PLACE, b"same answer") for _ in range(200)}
    nonces = {blob[5:17] for blob in blobs}
    assert len(nonces) == 200


@pytest.mark.parametrize(
    "elsewhere",
    [
        Place("responses", "answers", "row-2", "youth-a"),  # another row
        Place("responses", "notes", "row-1", "youth-a"),  # another column
        Place("drafts", "answers", "row-1", "youth-a"),  # another table
        Place("responses", "answers", "row-1", "youth-b"),  # another youth
    ],
)
def test_ciphertext_moved_elsewhere_fails(aead, elsewhere):
    blob = envelope.encrypt(aead, 1, PLACE, b"private")
    with pytest.raises(IntegrityError, match="failed its integrity check"):
        envelope.decrypt(aead, 1, elsewhere, blob)


def test_places_that_look_alike_stay_distinct():
    one = Place("a", "bc", "1", "x").associated_data()
    other = Place("ab", "c", "1", "x").associated_data()
    assert one != other


@pytest.mark.parametrize("position", [0, 5, 17, -1])
def test_a_flipped_bit_anywhere_fails(aead, position):
    blob = bytearray(envelope.encrypt(aead, 1, PLACE, b"private answer"))
    blob[position] ^= 0x01
    with pytest.raises(IntegrityError) as caught:
        envelope.decrypt(aead, 1, PLACE, bytes(blob))
    assert "private answer" not in str(caught.value)


def test_another_data_key_cannot_open_it(aead):
    blob = envelope.encrypt(aead, 1, PLACE, b"private")
    with pytest.raises(IntegrityError):
        envelope.decrypt(AESGCM(envelope.new_key()), 1, PLACE, blob)


def test_truncated_ciphertext_fails_cleanly(aead):
    with pytest.raises(IntegrityError, match="too short"):
        envelope.decrypt(aead, 1, PLACE, b"\x01\x00")


# Padding (format version 2) ---------------------------------------------------------------

# Lengths either side of each bucket's edge, and plaintexts ending in what padding is made of.
PADDED_PLAINTEXTS = [
    b"",
    b"x",
    b"\x00",
    b"\x80",
    b"answer\x80\x00\x00",
    b"a" * (envelope.BUCKET_BYTES - envelope.OVERHEAD - 2),
    b"a" * (envelope.BUCKET_BYTES - envelope.OVERHEAD - 1),
    b"a" * (envelope.BUCKET_BYTES - envelope.OVERHEAD),
    b"a" * 1500,
]


@pytest.mark.parametrize("plaintext", PADDED_PLAINTEXTS)
def test_padded_ciphertext_fills_whole_buckets_and_decrypts_exactly(aead, plaintext):
    blob = envelope.encrypt(aead, 3, PLACE, plaintext, padded=True)
    assert blob[0] == envelope.PADDED_VERSION
    assert len(blob) % envelope.BUCKET_BYTES == 0
    assert len(blob) - envelope.BUCKET_BYTES < len(plaintext) + envelope.OVERHEAD + 1
    assert envelope.decrypt(aead, 3, PLACE, blob) == plaintext


def test_short_and_long_plaintexts_in_one_bucket_look_the_same_size(aead):
    sizes = {
        len(envelope.encrypt(aead, 1, PLACE, b"q" * length, padded=True))
        for length in range(0, envelope.BUCKET_BYTES - envelope.OVERHEAD)
    }
    assert sizes == {envelope.BUCKET_BYTES}


def test_a_ciphertext_written_before_padding_still_decrypts(aead):
    """Built byte by byte as format 1 stored it, so old rows stay readable."""
    nonce = bytes(range(12))
    old = (
        b"\x01\x00\x00\x00\x07"
        + nonce
        + envelope.seal(aead, nonce, b"an old answer", PLACE.associated_data(1))
    )
    assert envelope.decrypt(aead, 7, PLACE, old) == b"an old answer"


def test_a_padded_ciphertext_relabelled_as_unpadded_fails(aead):
    blob = bytearray(envelope.encrypt(aead, 1, PLACE, b"private", padded=True))
    blob[0] = envelope.FORMAT_VERSION
    with pytest.raises(IntegrityError, match="failed its integrity check"):
        envelope.decrypt(aead, 1, PLACE, bytes(blob))


def test_an_unknown_format_version_fails_cleanly(aead):
    blob = bytearray(envelope.encrypt(aead, 1, PLACE, b"private", padded=True))
    blob[0] = 9
    with pytest.raises(IntegrityError, match="unknown ciphertext format 9"):
        envelope.decrypt(aead, 1, PLACE, bytes(blob))
