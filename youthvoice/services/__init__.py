"""Use cases: enrolment, check-ins, sharing, reports. No Flask request objects here."""
