"""Block Kit for the replies to a feedback CSV export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.i18n import t
from handlers.feedback.blocks.summary_pieces import text_message, title_text, typed
from handlers.ids import CallbackId
from handlers.ui.common import modal

if TYPE_CHECKING:
    from bot.domain.events import Event


# The CSV export ---------------------------------------------------------------------------------


def export_filename(event: Event) -> str:
    return f"feedback-event-{event.id}-{event.starts_at:%Y-%m-%d}.csv"


def export_comment(event: Event) -> str:
    return t("feedback.export.comment", title=title_text(event))


def export_sent_message(event: Event) -> dict[str, Any]:
    return text_message(t("feedback.export.sent", title=title_text(event)))


def export_failed_message(reason: str) -> dict[str, Any]:
    return text_message(t("feedback.export.failed", reason=typed(reason, 60)))


def notice_view(payload: dict[str, Any]) -> dict[str, Any]:
    """A reply shown in a modal pushed over the summary (a button clicked in a modal)."""
    return modal(
        CallbackId.NOTICE,
        t("feedback.summary.modal_title"),
        list(payload["blocks"]),
        close=t("feedback.summary.close"),
    )
