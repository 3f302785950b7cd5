"""The organisers' verbs of /mentoring: `match [region or area]`, `close` and `groups`, or
their Welsh forms `paru`, `cau` and `grwpiau`.

The /mentoring listener acks, then hands these verbs here. Matching thousands of people takes
seconds, so a match says it has started before it runs, then answers with what it did.
Every answer is ephemeral: only the organiser who typed the command sees it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.domain.errors import DomainError
from bot.domain.mentoring_match import MatchSettings
from bot.services.mentoring.groups import OVERVIEW_PAGE
from handlers.mentoring.blocks.matching import (
    close_result_message,
    match_progress_message,
    match_result_message,
    not_organiser_message,
    unknown_region_message,
)
from handlers.mentoring.blocks.overview import overview_message
from handlers.ui.verbs import MENTORING_VERBS
from handlers.ui.verbs import verb as english_verb

if TYPE_CHECKING:
    from typing import Any

    from slack_bolt import Respond
    from slack_sdk import WebClient

    from bot.services.container import Services

VERBS = frozenset({"match", "close", "groups"})
UNKNOWN_REGION = "mentoring.errors.unknown_region"


def _say(respond: Respond, payload: dict[str, Any]) -> None:
    respond(response_type="ephemeral", replace_original=False, **payload)


def region_names(services: Services) -> dict[str, str]:
    """Region and nation names by code, for the builders."""
    return {region.code: region.name for region in services.directory.gazetteer.regions()}


def overview_reply(services: Services, team_id: str, user_id: str, page: int) -> dict[str, Any]:
    """A page of the organisers' view (raises NotAllowedError for anyone else)."""
    overview = services.mentoring.overview(team_id, user_id, page=page)
    return overview_message(overview, region_names=region_names(services), page_size=OVERVIEW_PAGE)


def _match(rest: str, team_id: str, user_id: str, services: Services, respond: Respond) -> None:
    mentoring = services.mentoring
    try:
        scope = mentoring.read_scope(rest)
    except DomainError as error:
        if error.key != UNKNOWN_REGION:
            raise
        names = [region.name for region in services.directory.gazetteer.regions()]
        suggestions = str(error.params.get("suggestions") or "")
        _say(respond, unknown_region_message(rest, names, suggestions=suggestions))
        return
    within = scope.region if scope is not None and scope.kind != "area" else None
    _say(respond, match_progress_message(within.name if within else scope.name if scope else None))
    outcome = mentoring.match(team_id, user_id, region_text=rest)
    _say(respond, match_result_message(outcome, minimum=MatchSettings().min_size))


def handle(
    verb: str,
    rest: str,
    *,
    team_id: str,
    user_id: str,
    services: Services,
    respond: Respond,
    client: WebClient,
) -> None:
    """`/mentoring match|close|groups …` (or `paru|cau|grwpiau …`), after the listener has
    acked. Domain errors (a match already running, no cycle to close) reach the listener's
    guard, which answers politely."""
    del client  # every answer goes through `respond`
    verb = english_verb(verb, MENTORING_VERBS)
    if verb not in VERBS:
        raise ValueError(f"not an organiser's verb: {verb!r}")
    if not services.mentoring.can_organise(team_id, user_id):
        _say(respond, not_organiser_message())
        return
    if verb == "match":
        _match(rest.strip(), team_id, user_id, services, respond)
    elif verb == "close":
        _say(respond, close_result_message(services.mentoring.close(team_id, user_id)))
    else:
        words = rest.split()
        page = int(words[0]) if len(words) == 1 and words[0].isdigit() and len(words[0]) < 6 else 1
        _say(respond, overview_reply(services, team_id, user_id, max(page, 1)))
