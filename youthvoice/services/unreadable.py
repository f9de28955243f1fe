"""Why stored youth data could not be read, named for the web layer, which never imports
crypto: its error pages catch these."""

from __future__ import annotations

from youthvoice.crypto import IntegrityError as DataUnreadable
from youthvoice.crypto import KeyShredded as DataDeleted

__all__ = ["DataDeleted", "DataUnreadable"]
