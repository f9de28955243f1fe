"""Loading, validating and scoring instruments. The instruments themselves are data: surveys/."""
