"""A slash command's text as the person typed it: Slack sends `&`, `<` and `>` as entities."""

from __future__ import annotations

import pytest

from handlers.payloads import command_text, slack_unescaped
from tests.support.slack_client import slack_escaped


@pytest.mark.parametrize(
    ("sent", "typed"),
    [
        ("Brighton &amp; Hove", "Brighton & Hove"),
        ("&lt;Excel&gt; R&amp;D", "<Excel> R&D"),
        ("&amp;lt;", "&lt;"),  # someone typed the entity itself: it stays as they typed it
        ("&amp;amp;", "&amp;"),
        ("&amp;gt;&gt;", "&gt;>"),
        ("fish &amp chips &quot;", "fish &amp chips &quot;"),  # not entities Slack writes
        ("<@U0OTHER|bea>", "<@U0OTHER|bea>"),  # Slack's own markup is not escaped
    ],
)
def test_slacks_entities_are_decoded_once(sent: str, typed: str):
    assert slack_unescaped(sent) == typed


@pytest.mark.parametrize("typed", ["a & b", "<<>>&&", "&lt;", "&amp;lt;", "R&D <x> & &gt;"])
def test_decoding_undoes_what_slack_does_to_any_typed_text(typed: str):
    assert slack_unescaped(slack_escaped(typed)) == typed


def test_command_text_is_decoded_folded_and_bounded():
    assert command_text({"text": "  Brighton &amp;   Hove \n data "}, 100) == "Brighton & Hove data"
    assert command_text({"text": "&lt;" * 50}, 10) == "<" * 10
    assert command_text({}, 10) == ""
    assert command_text({"text": None}, 10) == ""
