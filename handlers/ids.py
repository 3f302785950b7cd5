"""Every Slack identifier the app uses lives here; the manifest test checks them against
`manifest.yml`. Values follow "<feature>.<verb>" so logs stay greppable."""

from __future__ import annotations

import re
from enum import StrEnum


class Command(StrEnum):
    WHOSWHO = "/whoswho"


class Event(StrEnum):
    APP_HOME_OPENED = "app_home_opened"
    USER_CHANGE = "user_change"


class ActionId(StrEnum):
    PROFILE_OPEN = "profile.open"
    PROFILE_HIDE = "profile.hide"
    PROFILE_SHOW = "profile.show"
    PROFILE_CONFIRM = "profile.confirm"
    SEARCH_OPEN = "search.open"
    SEARCH_PAGE = "search.page"
    SEARCH_PLACE = "search.place"
    HELP_SHOW = "help.show"
    FORGET_CONFIRM = "privacy.forget_confirm"
    FORGET_CANCEL = "privacy.forget_cancel"
    # the typeahead for places in the profile form (answered by an options listener)
    PLACE_SELECT = "profile.place_select"


class BlockId(StrEnum):
    PLACE = "profile.place"
    ORGANISATION = "profile.organisation"
    ORGANISATION_OTHER = "profile.organisation_other"
    PROFESSION = "profile.profession"
    GRADE = "profile.grade"
    JOB_TITLE = "profile.job_title"
    CAN_HELP = "profile.can_help"
    WANT_TO_LEARN = "profile.want_to_learn"
    LANGUAGES = "profile.languages"
    OPEN_TO = "profile.open_to"
    SEARCH_PLACE = "search.place_input"
    SEARCH_TOPICS = "search.topics_input"


class CallbackId(StrEnum):
    PROFILE_SUBMIT = "profile.submit"
    SEARCH_SUBMIT = "search.submit"
    SEARCH_RESULTS = "search.results"
    NOTICE = "common.notice"  # information-only modals: nothing to submit


# Input element action ids (inside input blocks), keyed to their block.
class InputId(StrEnum):
    ORGANISATION = "profile.organisation_select"
    PROFESSION = "profile.profession_select"
    GRADE = "profile.grade_select"
    JOB_TITLE = "profile.job_title_input"
    ORGANISATION_OTHER = "profile.organisation_other_input"
    CAN_HELP = "profile.can_help_input"
    WANT_TO_LEARN = "profile.want_to_learn_input"
    LANGUAGES = "profile.languages_select"
    OPEN_TO = "profile.open_to_checkboxes"
    SEARCH_PLACE = "search.place_text"
    SEARCH_TOPICS = "search.topics_text"


def indexed(action: ActionId, index: int) -> str:
    """A distinct action id for the index-th of several like buttons in one block.

    Slack wants every action_id in a block to be unique; the listener for `action` answers
    them all (see `matching`).
    """
    return f"{action}.{index}"


def matching(action: ActionId) -> re.Pattern[str]:
    """What a listener registers to answer `action` and every `indexed` form of it."""
    return re.compile(rf"^{re.escape(action)}(?:\.\d+)?$")


def base_action(action_id: str) -> str:
    """The ActionId value behind an action id, with any `indexed` suffix removed."""
    head, _, tail = action_id.rpartition(".")
    return head if head and tail.isdigit() else action_id
