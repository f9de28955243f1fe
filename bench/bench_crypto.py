"""Field encryption costs through YouthVoice's code path, beside raw AES-GCM on the same bytes.

Budgets (design brief): ≤ 50 µs to encrypt one answer; ≤ 20 ms to decrypt a youth's history
of 50 check-ins. The history includes the one data-key unwrap a real read does.

A check-in is stored as one padded ciphertext (its whole content, re-encrypted on every saved
answer), so the last two rows time that path: a 20-answer check-in, padded to 1,024 bytes.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from bench.common import temporary_app
from youthvoice.crypto import OwnerCipher, keys
from youthvoice.extensions import db

ANSWERS_PER_CHECK_IN = 20
CHECK_INS = 50
ANSWER = json.dumps({"item": "hope_3", "code": "4", "label_version": 2}).encode()
# A check-in's content as services/checkins.py writes it, with 20 answers.
CHECK_IN = json.dumps(
    {
        "instrument": "hope-and-goals",
        "version": 3,
        "hash": "0" * 64,
        "answers": {
            f"hope_item_{number}": str(number % 5) for number in range(ANSWERS_PER_CHECK_IN)
        },
        "skipped": [],
        "sections": {},
        "language": "es",
    },
    sort_keys=True,
).encode()


def timed(action: Callable[[], object], repeats: int) -> float:
    """Median seconds per call over several rounds."""
    rounds = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(repeats):
            action()
        rounds.append((time.perf_counter() - start) / repeats)
    return statistics.median(rounds)


def main() -> list[tuple[str, float, float, str]]:
    app = temporary_app()
    rows = []
    with app.app_context():
        cipher = keys().create_data_key("youth-bench")
        db.session.commit()
        raw = AESGCM(os.urandom(32))
        nonce = os.urandom(12)
        ad = cipher.place("responses", "answers", "r-1").associated_data()

        one = timed(lambda: cipher.encrypt("responses", "answers", "r-1", ANSWER), 20000)
        raw_one = timed(lambda: raw.encrypt(os.urandom(12), ANSWER, ad), 20000)
        rows.append(("encrypt one answer", one, raw_one, "≤ 50 µs"))

        blob = cipher.encrypt("responses", "answers", "r-1", ANSWER)
        sealed = raw.encrypt(nonce, ANSWER, ad)
        dec = timed(lambda: cipher.decrypt("responses", "answers", "r-1", blob), 20000)
        raw_dec = timed(lambda: raw.decrypt(nonce, sealed, ad), 20000)
        rows.append(("decrypt one answer", dec, raw_dec, ""))

        def check_in() -> None:
            for number in range(ANSWERS_PER_CHECK_IN):
                cipher.encrypt("responses", "answers", f"r-{number}", ANSWER)

        def raw_check_in() -> None:
            for _ in range(ANSWERS_PER_CHECK_IN):
                raw.encrypt(os.urandom(12), ANSWER, ad)

        rows.append(("encrypt a check-in (20)", timed(check_in, 500), timed(raw_check_in, 500), ""))

        history = [
            (
                f"r-{visit}-{number}",
                cipher.encrypt("responses", "answers", f"r-{visit}-{number}", ANSWER),
            )
            for visit in range(CHECK_INS)
            for number in range(ANSWERS_PER_CHECK_IN)
        ]
        raw_history = [raw.encrypt(nonce, ANSWER, ad) for _ in history]

        def read_history() -> None:
            owner = keys().cipher_for("youth-bench")  # one unwrap, as a real read does
            for row_id, sealed_answer in history:
                owner.decrypt("responses", "answers", row_id, sealed_answer)

        def raw_read_history() -> None:
            for sealed_answer in raw_history:
                raw.decrypt(nonce, sealed_answer, ad)

        rows.append(
            (
                "decrypt 50 check-ins (1000)",
                timed(read_history, 20),
                timed(raw_read_history, 20),
                "≤ 20 ms",
            )
        )
        rows += _padded_check_in_rows(cipher, raw, nonce, ad)
        db.engine.dispose()
    return rows


def _padded_check_in_rows(
    cipher: OwnerCipher, raw: AESGCM, nonce: bytes, ad: bytes
) -> list[tuple[str, float, float, str]]:
    """Saving an answer re-encrypts the padded check-in; a history reads 50 of them."""
    save = timed(
        lambda: cipher.encrypt("check_ins", "content", "c-1", CHECK_IN, padded=True), 20000
    )
    raw_save = timed(lambda: raw.encrypt(os.urandom(12), CHECK_IN, ad), 20000)
    stored = [
        (
            f"c-{number}",
            cipher.encrypt("check_ins", "content", f"c-{number}", CHECK_IN, padded=True),
        )
        for number in range(CHECK_INS)
    ]
    raw_stored = [raw.encrypt(nonce, CHECK_IN, ad) for _ in stored]

    def read_padded() -> None:
        owner = keys().cipher_for("youth-bench")
        for row_id, blob in stored:
            owner.decrypt("check_ins", "content", row_id, blob)

    def raw_read() -> None:
        for sealed in raw_stored:
            raw.decrypt(nonce, sealed, ad)

    return [
        (f"save an answer (padded {len(stored[0][1])} B)", save, raw_save, "≤ 50 µs"),
        ("decrypt 50 padded check-ins", timed(read_padded, 200), timed(raw_read, 200), "≤ 20 ms"),
    ]


def report() -> None:
    print(f"{'operation':<30}{'YouthVoice':>14}{'raw AES-GCM':>14}{'ratio':>8}  budget")
    for name, ours, raw, budget in main():
        print(f"{name:<30}{_pretty(ours):>14}{_pretty(raw):>14}{ours / raw:>8.1f}  {budget}")


def _pretty(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


if __name__ == "__main__":
    report()
