"""Every topic has a name a young person uses: plain words, grade 5 or lower."""

from __future__ import annotations

import pytest
import textstat

from youthvoice.surveys.domains import ALL_DOMAINS, YOUTH_NAMES

MAX_GRADE = 5


def test_every_domain_has_a_youth_name():
    assert set(YOUTH_NAMES) == set(ALL_DOMAINS)


@pytest.mark.parametrize("domain", sorted(YOUTH_NAMES))
def test_a_youth_name_reads_at_grade_five_or_lower(domain):
    name = str(YOUTH_NAMES[domain])
    grades = (textstat.flesch_kincaid_grade(name), textstat.coleman_liau_index(name))
    assert max(grades) <= MAX_GRADE, (name, grades)


@pytest.mark.parametrize("domain", sorted(YOUTH_NAMES))
def test_a_youth_name_is_not_the_frameworks_name(domain):
    assert str(YOUTH_NAMES[domain]) != str(ALL_DOMAINS[domain])
