"""Who has seen my answers: every read by anyone else, newest first."""
