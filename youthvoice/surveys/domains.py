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

# The same topics in a young person's words (grade 5 or lower): what youth pages show.
# The names above are the frameworks' own, for staff pages and reports.
YOUTH_NAMES = {
    "physical_safety": _l("Being safe"),
    "physical_health": _l("My body and health"),
    "mental_health": _l("How I feel inside"),
    "placement_stability": _l("Where I live"),
    "medical_care_access": _l("Getting care when I need it"),
    "education": _l("School"),
    "extracurricular_workforce": _l("Work and things I do"),
    "agency": _l("Being in charge of my life"),
    "substance_use": _l("Drinking and drug use"),
    "legal_financial": _l("My money and papers"),
    "other_risk": _l("Keeping safe"),
    "parenting_sexual_health": _l("Sex, birth control and being a parent"),
    "relationships_support": _l("People in my life"),
    "knowledge_attitudes": _l("What I know about safe and unsafe people"),
    "sense_of_agency": _l("Making my own choices"),
    "self_concept": _l("How I see me"),
    "self_awareness": _l("Knowing how I feel"),
    "connection": _l("People who care about me"),
    "hope": _l("Hope for what is next"),
    "help_seeking": _l("Asking for help"),
    "trust": _l("Trust in the people who help me"),
    "belonging": _l("Where I belong"),
    "substance_reasons": _l("Why I drink or use drugs"),
    "stage_of_change": _l("Where I am with a change"),
}


def domain_label(domain: str) -> str:
    """The domain's official name in the page language (staff pages and reports)."""
    return str(ALL_DOMAINS[domain])


def youth_domain_label(domain: str) -> str:
    """The domain's name in a young person's words, in the page language (youth pages)."""
    return str(YOUTH_NAMES[domain])
