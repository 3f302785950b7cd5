"""The weekly regional digest's words (part of the events feature)."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "digest.header": "This week in {regions}",
        "digest.fallback": "This week in {regions}: who joined, what's coming up",
        "digest.region": "*{region}*",
        "digest.people.one": "1 person in {region} is in the who's who directory.",
        "digest.people.many": "{count} people in {region} are in the who's who directory.",
        "digest.people.none": "Nobody in {region} is in the who's who directory yet.",
        "digest.newcomers": "*New in the directory this week:*",
        "digest.newcomer": "• {person}, {job} ({place})",
        "digest.newcomers.more.one": "…and 1 more.",
        "digest.newcomers.more.many": "…and {count} more.",
        "digest.events": "*Coming up:*",
        "digest.events.more.one": "1 more event coming up: `/event list {region}`",
        "digest.events.more.many": "{count} more events coming up: `/event list {region}`",
        "digest.mentoring": (
            "*Mentoring groups:* sign-ups are open. The next groups form {when}. Type "
            "`/mentoring` to join."
        ),
        "digest.footer": (
            "Who's Who Locally posts this round-up once a week. Find people near you with "
            "`/whoswho &lt;place&gt;`. To be named here when you join, tick the option in your "
            "profile (`/whoswho me`). Organisers can stop it with `/event digest off` here."
        ),
        "digest.switch.on": (
            "This channel will get the weekly digest for {regions}: who joined the directory "
            "(if they agreed to be named), what's coming up, and more. `/event digest off` "
            "stops it."
        ),
        "digest.switch.off": (
            "This channel won't get the weekly digest any more. Events are still announced "
            "here. `/event digest on` brings it back."
        ),
        "digest.switch.usage": (
            "Type `/event digest off` in a linked channel to stop its weekly digest, or "
            "`/event digest on` to bring it back."
        ),
        "digest.errors.not_linked": (
            "This channel isn't linked to a region, so it gets no weekly digest. Link it "
            "first with `/event link &lt;region or place&gt;`."
        ),
    },
}
