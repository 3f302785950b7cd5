"""Every Slack identifier the app uses lives here; the manifest test checks them against
`manifest.yml`. Values follow "<feature>.<verb>" so logs stay greppable."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeGuard


class Command(StrEnum):
    WHOSWHO = "/whoswho"
    EVENT = "/event"
    MENTORING = "/mentoring"


class Event(StrEnum):
    APP_HOME_OPENED = "app_home_opened"
    USER_CHANGE = "user_change"
    APP_UNINSTALLED = "app_uninstalled"
    TOKENS_REVOKED = "tokens_revoked"
    MEMBER_JOINED_CHANNEL = "member_joined_channel"  # a welcome in channels linked to a region


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
    WELCOME_DECLINE = "welcome.decline"  # "Don't welcome me again"
    LANGUAGE_CHOOSE = "language.choose"  # the Home tab's English / Cymraeg switch
    # events
    EVENT_CREATE = "event.create"
    EVENT_GOING = "event.going"
    EVENT_NOT_GOING = "event.not_going"
    EVENT_CALENDAR = "event.calendar"
    EVENT_DETAILS = "event.details"
    EVENT_MANAGE = "event.manage"  # the organiser's overflow menu: edit or cancel
    EVENT_LIST_PAGE = "event.list_page"
    EVENT_PLACE_SELECT = "event.place_select"  # the venue's town typeahead (options listener)
    EVENT_WHOS_GOING = "event.whos_going"  # the attendees with listed profiles, privately
    EVENT_ATTENDEE = "event.attendee"  # one attendee's profile, read-only, in a modal
    EVENT_SPEED_CONNECT = "event.speed_connect"  # join:<id> or leave:<id>
    # mentoring groups
    MENTORING_SIGNUP_OPEN = "mentoring.signup_open"  # join, or edit my sign-up
    MENTORING_PROFILE_FIRST = "mentoring.profile_first"  # no profile yet: create it, then sign up
    MENTORING_RESUME = "mentoring.resume"
    MENTORING_LEAVE = "mentoring.leave"  # carries Slack's own confirmation dialog
    MENTORING_LEAVE_CANCEL = "mentoring.leave_cancel"  # "Stay signed up": nothing changes
    MENTORING_CHECKIN = "mentoring.checkin"  # one-click answers; the value names the answer
    MENTORING_OVERVIEW_PAGE = "mentoring.overview_page"
    # feedback
    FEEDBACK_RATE = "feedback.rate"  # one-click ratings 1 to 5; the value names prompt and rating
    FEEDBACK_MORE = "feedback.more"  # "tell us more": opens the form of measures and comments
    FEEDBACK_OPT_OUT = "feedback.opt_out"  # "don't ask me for feedback"
    FEEDBACK_OPT_IN = "feedback.opt_in"
    FEEDBACK_FOLLOW_UP = "feedback.follow_up"  # opens the follow-up form
    FEEDBACK_SUMMARY_OPEN = "feedback.summary_open"  # an organiser picks an event's summary
    FEEDBACK_EXPORT = "feedback.export"  # the summary as CSV, in a DM


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
    SHARING = "profile.sharing"  # the consents: shown to attendees, named in the digest
    APP_LANGUAGE = "profile.app_language"  # the language the person reads the app in
    SEARCH_PLACE = "search.place_input"
    SEARCH_TOPICS = "search.topics_input"
    EVENT_TITLE = "event.title"
    EVENT_START = "event.start"
    EVENT_END = "event.end"
    EVENT_MODE = "event.mode"
    EVENT_VENUE = "event.venue"
    EVENT_PLACE = "event.place"
    EVENT_REGION = "event.region"
    EVENT_URL = "event.online_url"
    EVENT_DESCRIPTION = "event.description"
    EVENT_CAPACITY = "event.capacity"
    EVENT_REGISTRATION = "event.registration_url"
    EVENT_CHANNELS = "event.channels"
    EVENT_SPEED_CONNECT = "event.speed_connect_at"
    MENTORING_ROLE = "mentoring.role"
    MENTORING_TOPICS = "mentoring.topics"
    MENTORING_MODE = "mentoring.mode"
    MENTORING_SIZE = "mentoring.size"
    MENTORING_FREQUENCY = "mentoring.frequency"
    MENTORING_HOPES = "mentoring.hopes"
    FEEDBACK_RATING = "feedback.rating"
    FEEDBACK_MEASURES = "feedback.measures"  # one block per measure: measure_block(value)
    FEEDBACK_WORKED = "feedback.what_worked"
    FEEDBACK_BETTER = "feedback.could_be_better"
    FEEDBACK_ANONYMOUS = "feedback.anonymous"
    FEEDBACK_MENTORING = "feedback.mentoring"  # "I'd like to join a mentoring group"
    FEEDBACK_FOLLOW_UP = "feedback.follow_up"


class CallbackId(StrEnum):
    PROFILE_SUBMIT = "profile.submit"
    SEARCH_SUBMIT = "search.submit"
    SEARCH_RESULTS = "search.results"
    NOTICE = "common.notice"  # information-only modals: nothing to submit
    EVENT_SUBMIT = "event.submit"
    EVENT_CANCEL_SUBMIT = "event.cancel_submit"
    MENTORING_SIGNUP_SUBMIT = "mentoring.signup_submit"
    FEEDBACK_DETAILS_SUBMIT = "feedback.details_submit"
    FEEDBACK_FOLLOW_UP_SUBMIT = "feedback.follow_up_submit"


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
    SHARING = "profile.sharing_checkboxes"
    APP_LANGUAGE = "profile.app_language_radio"
    SEARCH_PLACE = "search.place_text"
    SEARCH_TOPICS = "search.topics_text"
    EVENT_TITLE = "event.title_input"
    EVENT_START = "event.start_picker"
    EVENT_END = "event.end_picker"
    EVENT_MODE = "event.mode_radio"
    EVENT_VENUE = "event.venue_input"
    EVENT_REGION = "event.region_select"
    EVENT_URL = "event.online_url_input"
    EVENT_DESCRIPTION = "event.description_input"
    EVENT_CAPACITY = "event.capacity_input"
    EVENT_REGISTRATION = "event.registration_url_input"
    EVENT_CHANNELS = "event.channels_select"
    EVENT_SPEED_CONNECT = "event.speed_connect_at_picker"
    MENTORING_ROLE = "mentoring.role_radio"
    MENTORING_TOPICS = "mentoring.topics_input"
    MENTORING_MODE = "mentoring.mode_radio"
    MENTORING_SIZE = "mentoring.size_select"
    MENTORING_FREQUENCY = "mentoring.frequency_select"
    MENTORING_HOPES = "mentoring.hopes_input"
    FEEDBACK_RATING = "feedback.rating_radio"
    FEEDBACK_MEASURE = "feedback.measure_radio"
    FEEDBACK_WORKED = "feedback.what_worked_input"
    FEEDBACK_BETTER = "feedback.could_be_better_input"
    FEEDBACK_ANONYMOUS = "feedback.anonymous_checkbox"
    FEEDBACK_MENTORING = "feedback.mentoring_checkbox"
    FEEDBACK_FOLLOW_UP = "feedback.follow_up_checkboxes"


def measure_block(measure: str) -> str:
    """The block id of one agree/disagree statement in the feedback form."""
    return f"{BlockId.FEEDBACK_MEASURES}.{measure}"


_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")


def is_user_id(value: object) -> TypeGuard[str]:
    """Whether `value` is shaped like a Slack user id (U… or W…). Anything else (empty,
    garbled, a NUL byte that PostgreSQL will not compare) names nobody."""
    return isinstance(value, str) and _USER_ID.fullmatch(value) is not None


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
