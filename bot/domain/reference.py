"""Reference lists people choose from in their profile.

Organisations are UK public bodies people commonly work for; anyone else (councils, NHS bodies,
police forces, arm's-length bodies not listed) types their organisation's name. Grades are the
Civil Service's, in order, so later features can spread groups across them.
"""

from __future__ import annotations

from enum import StrEnum


class OpenTo(StrEnum):
    COFFEE = "coffee"
    MENTOR_OTHERS = "mentor_others"
    BE_MENTORED = "be_mentored"
    JOB_SHADOWING = "job_shadowing"
    SPEAKING = "speaking"


MINISTERIAL_DEPARTMENTS: tuple[str, ...] = (
    "Attorney General's Office",
    "Cabinet Office",
    "Department for Business and Trade",
    "Department for Culture, Media and Sport",
    "Department for Education",
    "Department for Energy Security and Net Zero",
    "Department for Environment, Food and Rural Affairs",
    "Department for Science, Innovation and Technology",
    "Department for Transport",
    "Department for Work and Pensions",
    "Department of Health and Social Care",
    "Foreign, Commonwealth and Development Office",
    "HM Treasury",
    "Home Office",
    "Ministry of Defence",
    "Ministry of Housing, Communities and Local Government",
    "Ministry of Justice",
    "Northern Ireland Office",
    "Office of the Advocate General for Scotland",
    "Office of the Leader of the House of Commons",
    "Office of the Leader of the House of Lords",
    "Prime Minister's Office, 10 Downing Street",
    "Scotland Office",
    "UK Export Finance",
    "Wales Office",
)

NON_MINISTERIAL_DEPARTMENTS: tuple[str, ...] = (
    "Charity Commission",
    "Competition and Markets Authority",
    "Crown Prosecution Service",
    "Food Standards Agency",
    "Forestry Commission",
    "Government Actuary's Department",
    "Government Legal Department",
    "HM Land Registry",
    "HM Revenue and Customs",
    "National Crime Agency",
    "National Savings and Investments",
    "Office of Rail and Road",
    "Ofgem",
    "Ofqual",
    "Ofsted",
    "Ofwat",
    "Serious Fraud Office",
    "Supreme Court of the United Kingdom",
    "The National Archives",
    "UK Statistics Authority",
)

AGENCIES_AND_PUBLIC_BODIES: tuple[str, ...] = (
    "Animal and Plant Health Agency",
    "Arts Council England",
    "British Business Bank",
    "Companies House",
    "Crown Commercial Service",
    "Defence Equipment and Support",
    "Disclosure and Barring Service",
    "Driver and Vehicle Licensing Agency",
    "Driver and Vehicle Standards Agency",
    "Education and Skills Funding Agency",
    "Environment Agency",
    "Government Digital Service",
    "Government Internal Audit Agency",
    "Government Property Agency",
    "Health and Safety Executive",
    "Historic England",
    "HM Courts and Tribunals Service",
    "HM Prison and Probation Service",
    "Homes England",
    "Information Commissioner's Office",
    "Insolvency Service",
    "Intellectual Property Office",
    "Legal Aid Agency",
    "Maritime and Coastguard Agency",
    "Medicines and Healthcare products Regulatory Agency",
    "Met Office",
    "Natural England",
    "Office for Budget Responsibility",
    "Office for National Statistics",
    "Ordnance Survey",
    "Planning Inspectorate",
    "Rural Payments Agency",
    "UK Health Security Agency",
    "UK Research and Innovation",
    "UK Space Agency",
    "Valuation Office Agency",
    "Vehicle Certification Agency",
)

DEVOLVED_GOVERNMENTS: tuple[str, ...] = (
    "Scottish Government",
    "Welsh Government",
    "Northern Ireland Civil Service",
    "Accountant in Bankruptcy",
    "Cadw",
    "Disclosure Scotland",
    "Education Scotland",
    "Natural Resources Wales",
    "Revenue Scotland",
    "Scottish Prison Service",
    "Social Security Scotland",
    "Transport Scotland",
    "Welsh Revenue Authority",
)

ORGANISATIONS: tuple[str, ...] = (
    MINISTERIAL_DEPARTMENTS
    + NON_MINISTERIAL_DEPARTMENTS
    + AGENCIES_AND_PUBLIC_BODIES
    + DEVOLVED_GOVERNMENTS
)

PROFESSIONS: tuple[str, ...] = (
    "Actuarial",
    "Analysis",
    "Commercial",
    "Communications",
    "Corporate finance",
    "Counter fraud",
    "Digital, data and technology",
    "Economics",
    "Finance",
    "Geography",
    "Human resources",
    "Intelligence analysis",
    "Internal audit",
    "International trade",
    "Knowledge and information management",
    "Legal",
    "Medical",
    "Occupational psychology",
    "Operational delivery",
    "Operational research",
    "Planning",
    "Planning inspection",
    "Policy",
    "Project delivery",
    "Property",
    "Science and engineering",
    "Security",
    "Social research",
    "Statistics",
    "Tax",
    "Veterinary",
    "Other",
)
_PROFESSION_BY_KEY: dict[str, str] = {name.casefold(): name for name in PROFESSIONS}


def profession_named(text: str | None) -> str | None:
    """The listed profession `text` names, as the list spells it, whatever its case or the
    spaces around it ("statistics" is "Statistics"); None for anything not listed."""
    return _PROFESSION_BY_KEY.get(" ".join((text or "").split()).casefold())


# Code -> label, in grade order (lowest first). "prefer_not" is allowed and never ranked.
GRADES: tuple[tuple[str, str], ...] = (
    ("apprentice", "Apprentice"),
    ("aa", "Administrative Assistant (AA)"),
    ("ao", "Administrative Officer (AO)"),
    ("eo", "Executive Officer (EO)"),
    ("heo", "Higher Executive Officer (HEO)"),
    ("fast_stream", "Fast Stream"),
    ("seo", "Senior Executive Officer (SEO)"),
    ("g7", "Grade 7"),
    ("g6", "Grade 6"),
    ("scs1", "Deputy Director (SCS1)"),
    ("scs2", "Director (SCS2)"),
    ("scs3", "Director General (SCS3)"),
    ("perm_sec", "Permanent Secretary"),
    ("other", "Another grading scheme"),
    ("prefer_not", "Prefer not to say"),
)
GRADE_LABELS: dict[str, str] = dict(GRADES)

LANGUAGES: tuple[str, ...] = (
    "English",
    "Welsh (Cymraeg)",
    "Scottish Gaelic (Gàidhlig)",
    "Irish (Gaeilge)",
    "Scots",
    "Ulster Scots",
    "British Sign Language",
    "Irish Sign Language",
    "Arabic",
    "Bengali",
    "Cantonese",
    "French",
    "German",
    "Gujarati",
    "Hindi",
    "Italian",
    "Mandarin",
    "Polish",
    "Portuguese",
    "Punjabi",
    "Romanian",
    "Somali",
    "Spanish",
    "Tamil",
    "Turkish",
    "Urdu",
)
