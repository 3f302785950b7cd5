"""The Welsh forms of the commands' verbs, read as their English ones.

`/whoswho fi` is `/whoswho me`, `/mentoring saib` is `/mentoring pause`: each command reads its
first word through `verb()`, so that both forms reach the same branch, whatever language the
person has chosen. Help in Welsh shows the Welsh forms. A Welsh verb is never a place name people
search for (tests hold every one against the gazetteer).
"""

from __future__ import annotations

# Welsh verb -> the English verb it stands for, per command
WHOSWHO_VERBS = {
    "fi": "me",
    "cymorth": "help",
    "anghofio": "forget",
    "allforio": "export",
}
EVENT_VERBS = {
    "rhestr": "list",
    "cysylltu": "link",
    "datgysylltu": "unlink",
    "sianeli": "channels",
    "croesawu": "welcomes",
    "crynodeb": "digest",
    "adborth": "feedback",
    "iaith": "language",
    "cymorth": "help",
}
MENTORING_VERBS = {
    "saib": "pause",
    "ailddechrau": "resume",
    "gadael": "leave",
    "statws": "status",
    "fi": "me",
    "paru": "match",
    "cau": "close",
    "grwpiau": "groups",
    "cymorth": "help",
}
# Words after a verb: on and off, and the languages a channel can take
SWITCH_WORDS = {"ymlaen": "on", "i ffwrdd": "off", "diffodd": "off"}
LANGUAGE_WORDS = {
    "english": "en",
    "saesneg": "en",
    "en": "en",
    "cymraeg": "cy",
    "welsh": "cy",
    "cy": "cy",
    "bilingual": "bilingual",
    "dwyieithog": "bilingual",
}


def verb(word: str, welsh: dict[str, str]) -> str:
    """The English verb a typed first word stands for (itself when it is not a Welsh one)."""
    folded = word.casefold()
    return welsh.get(folded, folded)


def switch(words: str) -> str:
    """The English "on" or "off" for the words after a verb in either language ("i ffwrdd"
    is "off"); else the words, folded."""
    folded = " ".join(words.casefold().split())
    return SWITCH_WORDS.get(folded, folded)
