"""A form whose listener answered after Slack was answered for it (handlers.slack.middleware):
what its window shows then, the form again as the person filled it in, with the errors."""

from __future__ import annotations

import copy
from typing import Any

from bot.i18n import t
from handlers.ids import CallbackId
from handlers.ui.common import escape, modal, section

LATE_ERRORS_BLOCK = "late_errors"
# What views.update takes of a submitted view (the rest is Slack's own bookkeeping).
VIEW_KEYS = (
    "type",
    "title",
    "blocks",
    "close",
    "submit",
    "private_metadata",
    "callback_id",
    "clear_on_close",
    "notify_on_close",
    "external_id",
    "submit_disabled",
)


def notice(text: str) -> dict[str, Any]:
    return modal(CallbackId.NOTICE, t("app.name"), [section(text)], close=t("buttons.close"))


# What an element's state holds, and what the same element takes to show it again.
_INITIAL: dict[str, tuple[str, str]] = {
    "plain_text_input": ("value", "initial_value"),
    "email_text_input": ("value", "initial_value"),
    "url_text_input": ("value", "initial_value"),
    "number_input": ("value", "initial_value"),
    "rich_text_input": ("rich_text_value", "initial_value"),
    "static_select": ("selected_option", "initial_option"),
    "external_select": ("selected_option", "initial_option"),
    "radio_buttons": ("selected_option", "initial_option"),
    "multi_static_select": ("selected_options", "initial_options"),
    "multi_external_select": ("selected_options", "initial_options"),
    "checkboxes": ("selected_options", "initial_options"),
    "datepicker": ("selected_date", "initial_date"),
    "timepicker": ("selected_time", "initial_time"),
    "datetimepicker": ("selected_date_time", "initial_date_time"),
    "users_select": ("selected_user", "initial_user"),
    "multi_users_select": ("selected_users", "initial_users"),
    "conversations_select": ("selected_conversation", "initial_conversation"),
    "multi_conversations_select": ("selected_conversations", "initial_conversations"),
    "channels_select": ("selected_channel", "initial_channel"),
    "multi_channels_select": ("selected_channels", "initial_channels"),
}


def _refill(block: dict[str, Any], values: dict[str, Any]) -> None:
    """Put what the person had chosen or typed back into an input block's element."""
    element = block.get("element")
    if not isinstance(element, dict):
        return
    state = values.get(str(element.get("action_id")))
    mapping = _INITIAL.get(str(element.get("type")))
    if not isinstance(state, dict) or mapping is None:
        return
    held, initial = mapping
    value = state.get(held)
    if value in (None, "", [], {}):
        element.pop(initial, None)
        return
    element[initial] = value


def _label(block: dict[str, Any]) -> str:
    label = block.get("label")
    return str(label.get("text") or "") if isinstance(label, dict) else ""


def restored_form(view: dict[str, Any], errors: dict[str, str]) -> dict[str, Any]:
    """The submitted form again, as the person filled it in, with the listener's `errors`
    (by block id) above it: for a form whose errors came after Slack was answered. When Slack
    did not send the form's blocks, a window listing the errors instead."""
    blocks = view.get("blocks")
    values = (view.get("state") or {}).get("values") or {}
    labels: dict[str, str] = {}
    restored: list[dict[str, Any]] = []
    for block in blocks if isinstance(blocks, list) else []:
        if not isinstance(block, dict) or block.get("block_id") == LATE_ERRORS_BLOCK:
            continue
        again = copy.deepcopy(block)
        if again.get("type") == "input":
            block_id = str(again.get("block_id") or "")
            labels[block_id] = _label(again)
            _refill(again, values.get(block_id) or {})
        restored.append(again)
    problems = [
        t("errors.field_problem", field=escape(labels.get(block_id) or ""), problem=escape(text))
        if labels.get(block_id)
        else escape(text)
        for block_id, text in errors.items()
    ]
    if not restored:
        return notice("\n".join([t("errors.form_gone"), *problems]))
    text = "\n".join([t("errors.form_late"), *problems])
    new_view = {key: view[key] for key in VIEW_KEYS if key in view}
    new_view["blocks"] = [section(text, block_id=LATE_ERRORS_BLOCK), *restored][:100]
    return new_view
