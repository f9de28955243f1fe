"""The outcome domains an instrument's scales may map to.

The 13 outcome categories of the CSEC Action Team's Recommendation 2, and the subjective
youth-voice outcomes of Recommendation 3 (see shared/reference and docs/instruments.md).
"""

OUTCOME_DOMAINS = {
    "physical_safety": "Physical safety",
    "physical_health": "Physical health",
    "mental_health": "Mental health",
    "placement_stability": "Placement stability and progress",
    "medical_care_access": "Access to routine and ongoing medical care",
    "education": "Educational attainment",
    "extracurricular_workforce": "Participation in extracurriculars and workforce development",
    "agency": "Agency and locus of control",
    "substance_use": "Substance use",
    "legal_financial": "Legal and financial",
    "other_risk": "Other risk behaviours",
    "parenting_sexual_health": "Youth parents, pregnancy and sexual health",
    "relationships_support": "Healthy relationships and social supports",
}

YOUTH_VOICE_CONSTRUCTS = {
    "knowledge_attitudes": "Knowledge and attitudes about exploitation",
    "sense_of_agency": "Sense of agency and control",
    "self_concept": "Self-concept",
    "self_awareness": "Self-awareness",
    "connection": "Connection to caregivers, mentors and providers",
    "hope": "Hopefulness about the future",
    "help_seeking": "Asking for help and reaching resources",
    "trust": "Trust in system partners",
    "belonging": "Sense of belonging",
    "substance_reasons": "Reasons for substance use",
    "stage_of_change": "Stage of change and readiness",
}

ALL_DOMAINS = {**OUTCOME_DOMAINS, **YOUTH_VOICE_CONSTRUCTS}
