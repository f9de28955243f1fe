"""`python -m youthvoice.crypto create-key-file PATH`: make a production key file.

Production refuses to start without its key, so the key is made before the app runs,
deliberately, on the volume where it will live.
"""

from __future__ import annotations

import sys
from pathlib import Path

from youthvoice.crypto.providers import create_key_file

USAGE = "usage: python -m youthvoice.crypto create-key-file PATH"


def main(arguments: list[str]) -> int:
    if len(arguments) != 2 or arguments[0] != "create-key-file":
        print(USAGE, file=sys.stderr)
        return 2
    path = Path(arguments[1])
    if not create_key_file(path):
        print(f"{path} already exists; nothing changed.", file=sys.stderr)
        return 1
    print(f"Key file created: {path} (mode 0600). Set YOUTHVOICE_KEY_FILE={path}")
    print("Keep two offline escrow copies, apart from the server and its backups.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
