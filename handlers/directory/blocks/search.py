"""Block Kit for searching from the Home tab: a small form, then results in the modal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import t
from handlers.directory.blocks.results import search_results_blocks
from handlers.ids import BlockId, CallbackId, InputId
from handlers.ui.common import Block, modal, plain

if TYPE_CHECKING:
    from collections.abc import Callable

    from bot.services.directory import SearchResult, SearchTarget


def search_view() -> dict[str, Any]:
    blocks: list[Block] = [
        {
            "type": "input",
            "block_id": BlockId.SEARCH_PLACE,
            "label": plain(t("directory.search.place_label"), 2000),
            "hint": plain(t("directory.search.place_hint"), 2000),
            "element": {
                "type": "plain_text_input",
                "action_id": InputId.SEARCH_PLACE,
                "max_length": 100,
            },
        },
        {
            "type": "input",
            "block_id": BlockId.SEARCH_TOPICS,
            "optional": True,
            "label": plain(t("directory.search.topics_label"), 2000),
            "hint": plain(t("directory.search.topics_hint"), 2000),
            "element": {
                "type": "plain_text_input",
                "action_id": InputId.SEARCH_TOPICS,
                "max_length": 200,
            },
        },
    ]
    return modal(
        CallbackId.SEARCH_SUBMIT,
        t("directory.search.modal_title"),
        blocks,
        submit=t("directory.search.modal_submit"),
        close=t("buttons.close"),
    )


def search_results_view(
    result: SearchResult, encode: Callable[[SearchTarget, int], str]
) -> dict[str, Any]:
    return modal(
        CallbackId.SEARCH_RESULTS,
        t("directory.search.results_title"),
        search_results_blocks(result, encode),
        close=t("buttons.close"),
    )


def message_view(text_blocks: list[dict[str, Any]]) -> dict[str, Any]:
    """A results-style modal holding any message's blocks (unknown place, errors)."""
    return modal(
        CallbackId.SEARCH_RESULTS,
        t("directory.search.results_title"),
        text_blocks,
        close=t("buttons.close"),
    )
