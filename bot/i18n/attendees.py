"""Words of "Who's going" on an announcement and of the message after an event listing the
others who went (only people who share their profile)."""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "event.buttons.whos_going": "Who's going",
        "event.attendees.heading": "*Who's going to {title}*",
        "event.attendees.count.one": "1 person shares their profile",
        "event.attendees.count.many": "{count} people share their profile",
        "event.attendees.page": "Page {page} of {pages}",
        "event.attendees.none": (
            "Nobody going has shared their profile here yet. People with a Who's Who profile "
            "are listed when they say they're going."
        ),
        "event.attendees.unlisted.one": "1 more person going hasn't shared a profile here.",
        "event.attendees.unlisted.many": (
            "{count} more people going haven't shared a profile here."
        ),
        "event.attendees.topics": "Topics: {topics}",
        "event.attendees.profile_button": "Profile",
        "event.attendees.hint": (
            "Going too? You're listed here if you have a profile. To hide yourself from these "
            "lists, untick it under Sharing in your profile (`/whoswho me`)."
        ),
        "event.attendees.fallback": "Who's going to {title}",
        "event.attendees.after.intro": (
            "Thanks for going to *{title}*. Here are the others who went and share their "
            "profile, in case you'd like to keep in touch:"
        ),
        "event.attendees.after.fallback": "Keep in touch with the people at {title}",
        "event.attendees.after.more": "See everyone",
        "event.attendees.profile.title": "Profile",
        "event.attendees.profile.at": "Going to *{title}*",
        "event.attendees.profile.where": "Works in or near {place}",
        "event.attendees.profile.can_help": "*Can help with:* {topics}",
        "event.attendees.profile.wants_to_learn": "*Wants to learn:* {topics}",
        "event.attendees.profile.open_to": "*Open to:* {items}",
        "event.attendees.profile.languages": "*Works in:* {languages}",
        "event.attendees.profile.message": ("Say hello with a direct message: <@{user}>."),
        "event.attendees.profile_gone": (
            "That person no longer shares their profile with the people at this event."
        ),
    },
}
