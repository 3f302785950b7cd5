"""Block Kit for the profile form."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.domain.reference import (
    AGENCIES_AND_PUBLIC_BODIES,
    DEVOLVED_GOVERNMENTS,
    GRADES,
    LANGUAGES,
    MINISTERIAL_DEPARTMENTS,
    NON_MINISTERIAL_DEPARTMENTS,
    ORGANISATIONS,
    PROFESSIONS,
    OpenTo,
)
from bot.i18n import N_, t
from handlers.ids import ActionId, BlockId, CallbackId, InputId
from handlers.ui.common import (
    MAX_OPTION_TEXT,
    Block,
    context,
    input_block,
    modal,
    option,
    plain,
    text_input,
)
from handlers.ui.labels import OPEN_TO
from handlers.ui.language import language_element

if TYPE_CHECKING:
    from bot.domain.people import Profile
    from bot.domain.profile_prefill import ProfileSuggestion
    from bot.services.container import Services

_ORG_GROUPS = (
    (N_("profile.org_group.ministerial"), MINISTERIAL_DEPARTMENTS),
    (N_("profile.org_group.non_ministerial"), NON_MINISTERIAL_DEPARTMENTS),
    (N_("profile.org_group.agencies"), AGENCIES_AND_PUBLIC_BODIES),
    (N_("profile.org_group.devolved"), DEVOLVED_GOVERNMENTS),
)


def profile_view(
    profile: Profile | None,
    place_label: str | None,
    suggested: ProfileSuggestion | None = None,
) -> dict[str, Any]:
    """The create-or-edit profile form, showing current values when editing; a new profile's
    form opens with what the person's Slack profile `suggested` (nothing is saved until they
    press Save)."""
    if profile is not None or (suggested is not None and suggested.empty):
        suggested = None
    place_select: dict[str, Any] = {
        "type": "external_select",
        "action_id": ActionId.PLACE_SELECT,
        "placeholder": plain(t("profile.field.place_placeholder"), 150),
        "min_query_length": 2,
    }
    if profile is not None and place_label:
        place_select["initial_option"] = option(place_label, str(profile.place_id))
    elif suggested is not None and suggested.place_id is not None:
        place_select["initial_option"] = option(suggested.place_label, str(suggested.place_id))
    typed_organisation = profile.organisation if profile is not None else ""
    if suggested is not None:
        typed_organisation = listed_organisation(suggested.organisation) or suggested.organisation

    listed = typed_organisation in ORGANISATIONS
    organisation: dict[str, Any] = {
        "type": "static_select",
        "action_id": InputId.ORGANISATION,
        "placeholder": plain(t("profile.field.organisation_placeholder"), 150),
        "option_groups": [
            {"label": plain(t(label), 75), "options": [option(name, name) for name in names]}
            for label, names in _ORG_GROUPS
        ],
    }
    if listed:
        organisation["initial_option"] = option(typed_organisation, typed_organisation)

    profession: dict[str, Any] = {
        "type": "static_select",
        "action_id": InputId.PROFESSION,
        "placeholder": plain(t("profile.field.profession_placeholder"), 150),
        "options": [option(name, name) for name in PROFESSIONS],
    }
    if profile is not None and profile.profession in PROFESSIONS:
        profession["initial_option"] = option(profile.profession, profile.profession)

    grade: dict[str, Any] = {
        "type": "static_select",
        "action_id": InputId.GRADE,
        "placeholder": plain(t("profile.field.grade_placeholder"), 150),
        "options": [option(label, code) for code, label in GRADES],
    }
    grade_labels = dict(GRADES)
    if profile is not None and profile.grade in grade_labels:
        grade["initial_option"] = option(grade_labels[profile.grade], profile.grade)

    languages: dict[str, Any] = {
        "type": "multi_static_select",
        "action_id": InputId.LANGUAGES,
        "placeholder": plain(t("profile.field.languages_placeholder"), 150),
        "options": [option(name, name) for name in LANGUAGES],
    }
    # Slack refuses an empty initial_options, and any not among the options.
    known_languages = [name for name in profile.languages if name in LANGUAGES] if profile else []
    if known_languages:
        languages["initial_options"] = [option(name, name) for name in known_languages]

    open_options = [option(t(OPEN_TO[item]), item.value) for item in OpenTo]
    open_to: dict[str, Any] = {
        "type": "checkboxes",
        "action_id": InputId.OPEN_TO,
        "options": open_options,
    }
    chosen = {item.value for item in profile.open_to} if profile else set()
    if chosen:
        open_to["initial_options"] = [o for o in open_options if o["value"] in chosen]

    blocks: list[Block] = [
        context(t("profile.modal.intro")),
        *([context(t("profile.modal.from_slack"))] if suggested is not None else []),
        input_block(
            BlockId.PLACE,
            t("profile.field.place"),
            place_select,
            hint=t("profile.field.place_hint"),
        ),
        input_block(
            BlockId.ORGANISATION, t("profile.field.organisation"), organisation, optional=True
        ),
        input_block(
            BlockId.ORGANISATION_OTHER,
            t("profile.field.organisation_other"),
            text_input(
                InputId.ORGANISATION_OTHER,
                initial=typed_organisation if not listed else "",
                max_length=120,
            ),
            optional=True,
            hint=t("profile.field.organisation_other_hint"),
        ),
        input_block(
            BlockId.JOB_TITLE,
            t("profile.field.job_title"),
            text_input(
                InputId.JOB_TITLE,
                initial=profile.job_title if profile else suggested.job_title if suggested else "",
                max_length=100,
            ),
        ),
        input_block(BlockId.PROFESSION, t("profile.field.profession"), profession, optional=True),
        input_block(BlockId.GRADE, t("profile.field.grade"), grade, optional=True),
        input_block(
            BlockId.CAN_HELP,
            t("profile.field.can_help"),
            text_input(
                InputId.CAN_HELP,
                initial=", ".join(profile.can_help) if profile else "",
                max_length=600,
                multiline=True,
            ),
            optional=True,
            hint=t("profile.field.can_help_hint"),
        ),
        input_block(
            BlockId.WANT_TO_LEARN,
            t("profile.field.want_to_learn"),
            text_input(
                InputId.WANT_TO_LEARN,
                initial=", ".join(profile.want_to_learn) if profile else "",
                max_length=600,
                multiline=True,
            ),
            optional=True,
            hint=t("profile.field.want_to_learn_hint"),
        ),
        input_block(BlockId.LANGUAGES, t("profile.field.languages"), languages, optional=True),
        input_block(BlockId.OPEN_TO, t("profile.field.open_to"), open_to, optional=True),
        sharing_block(profile),
        language_block(),
    ]
    return modal(
        CallbackId.PROFILE_SUBMIT,
        t("profile.modal.title"),
        blocks,
        submit=t("profile.modal.submit"),
        close=t("buttons.cancel"),
    )


# The sharing boxes' values (read back by handlers.directory.forms).
LISTED_TO_ATTENDEES = "attendees"
ANNOUNCE_IN_DIGEST = "digest"


def sharing_block(profile: Profile | None) -> Block:
    """The consents: shown to the others at events they go to (ticked unless the person
    unticked it) and named in their region's weekly digest on joining (unticked unless asked)."""
    boxes = [
        # Who sees the list takes a sentence, longer than the 75 characters Slack allows an
        # option's description: it is the field's hint instead.
        option(t("profile.field.sharing_attendees"), LISTED_TO_ATTENDEES),
        {
            **option(t("profile.field.sharing_digest"), ANNOUNCE_IN_DIGEST),
            "description": plain(t("profile.field.sharing_digest_hint"), MAX_OPTION_TEXT),
        },
    ]
    listed = profile.listed_to_attendees if profile is not None else True
    announced = profile.announce_in_digest if profile is not None else False
    ticked = [box for box, on in zip(boxes, (listed, announced), strict=True) if on]
    element: dict[str, Any] = {"type": "checkboxes", "action_id": InputId.SHARING, "options": boxes}
    if ticked:  # Slack refuses an empty initial_options
        element["initial_options"] = ticked
    return input_block(
        BlockId.SHARING,
        t("profile.field.sharing"),
        element,
        optional=True,
        hint=t("profile.field.sharing_attendees_hint"),
    )


def language_block() -> Block:
    """English / Cymraeg: the language the app writes to the person in (the one in force: the
    form is only ever theirs, opened in their language)."""
    return input_block(
        BlockId.APP_LANGUAGE,
        t("language.label"),
        language_element("radio_buttons", InputId.APP_LANGUAGE),
        hint=t("language.form_hint"),
    )


def profile_form(services: Services, team_id: str, user_id: str) -> dict[str, Any]:
    """The profile form as it opens for the person now: their profile to edit, or for a new
    one, prefilled from their Slack profile (bounded in time: it opens empty if Slack is slow,
    so the click's trigger_id is still alive to open it)."""
    status = services.directory.profile_status(team_id, user_id)
    if status.profile is not None:
        place = services.directory.place_label(status.profile.place_id)
        return profile_view(status.profile, place)
    return profile_view(None, None, services.prefill.suggest(team_id, user_id))


def listed_organisation(name: str) -> str | None:
    """The organisation in the form's list that `name` names (case aside), if any."""
    folded = " ".join(name.split()).casefold()
    return next((listed for listed in ORGANISATIONS if listed.casefold() == folded), None)


def place_options(places: list[tuple[int, str]]) -> dict[str, Any]:
    """The answer to the place typeahead: at most 100 options, as Slack allows."""
    return {"options": [option(label, str(place_id)) for place_id, label in places[:100]]}
