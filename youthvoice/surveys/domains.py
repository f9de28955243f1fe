"""The outcome domains an instrument's scales may map to.

The 13 outcome categories of the CSEC Action Team's Recommendation 2, and the subjective
youth-voice outcomes of Recommendation 3 (see shared/reference and docs/instruments.md).
"""

from flask_babel import lazy_gettext as _l

OUTCOME_DOMAINS = {
    "physical_safety": _l("Physical safety"),
    "physical_health": _l("Physical health"),
    "mental_health": _l("Mental health"),
    "placement_stability": _l("Placement stability and progress"),
    "medical_care_access": _l("Access to routine and ongoing medical care"),
    "education": _l("Educational attainment"),
    "extracurricular_workforce": _l("Participation in extracurriculars and workforce development"),
    "agency": _l("Agency and locus of control"),
    "substance_use": _l("Substance use"),
    "legal_financial": _l("Legal and financial"),
    "other_risk": _l("Other risk behaviours"),
    "parenting_sexual_health": _l("Youth parents, pregnancy and sexual health"),
    "relationships_support": _l("Healthy relationships and social supports"),
}

YOUTH_VOICE_CONSTRUCTS = {
    "knowledge_attitudes": _l("Knowledge and attitudes about exploitation"),
    "sense_of_agency": _l("Sense of agency and control"),
    "self_concept": _l("Self-concept"),
    "self_awareness": _l("Self-awareness"),
    "connection": _l("Connection to caregivers, mentors and providers"),
    "hope": _l("Hopefulness about the future"),
    "help_seeking": _l("Asking for help and reaching resources"),
    "trust": _l("Trust in system partners"),
    "belonging": _l("Sense of belonging"),
    "substance_reasons": _l("Reasons for substance use"),
    "stage_of_change": _l("Stage of change and readiness"),
}

ALL_DOMAINS = {**OUTCOME_DOMAINS, **YOUTH_VOICE_CONSTRUCTS}


def domain_label(domain: str) -> str:
    """The domain's name in the page language."""
    return str(ALL_DOMAINS[domain])
