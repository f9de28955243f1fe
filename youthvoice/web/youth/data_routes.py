"""Download my data: a PDF and a JSON file of what the youth has (filled in by #7)."""
