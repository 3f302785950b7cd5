"""Words of Speed Connect: the event form's box, joining and leaving, each little group's
introduction with its suggested question, and the note to anyone not placed.

Translators: every `{name}` is filled in by the app.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # the event form
        "speed_connect.form.label": "Speed Connect at",
        "speed_connect.form.hint": (
            "Pick a time to pair up attendees who opt in, across departments, in a group DM "
            "each. During the event or up to 2 hours after it ends. Leave it empty for none."
        ),
        "event.errors.speed_connect_window": (
            "Choose a time during the event, or up to 2 hours after it ends."
        ),
        # the RSVP reply and its buttons
        "speed_connect.offer": (
            "This event has *Speed Connect*: at {when}, people who join are paired with "
            "someone from another department for a quick chat."
        ),
        "speed_connect.button.join": "Join Speed Connect",
        "speed_connect.button.leave": "Leave Speed Connect",
        "speed_connect.joined": (
            "You've joined Speed Connect for {title}. At {when} you'll be introduced to your "
            "partner in a group DM."
        ),
        "speed_connect.already_joined": "You've already joined Speed Connect for {title}.",
        "speed_connect.left": "You've left Speed Connect for {title}.",
        "speed_connect.already_left": "You're not in Speed Connect for {title}.",
        "speed_connect.errors.off": "This event doesn't have Speed Connect.",
        "speed_connect.errors.done": "Speed Connect for this event has already happened.",
        "speed_connect.errors.not_going": "Answer Going first, then join Speed Connect.",
        # the introduction
        "speed_connect.intro.text": "Speed Connect at {title}: meet {people}!",
        "speed_connect.intro.body": (
            ":handshake: *Speed Connect at {title}*\n{people}, you've been paired up to meet "
            "someone new from another part of government. Say hello here."
        ),
        "speed_connect.intro.question": "*A question to start you off:* {question}",
        "speed_connect.intro.and": "{first} and {last}",
        # suggested questions (picked for each group from this list)
        "speed_connect.question.1": (
            "What's one thing your team does that others should know about?"
        ),
        "speed_connect.question.2": "What brought you to this event?",
        "speed_connect.question.3": (
            "What's a problem you're working on that someone here might help with?"
        ),
        "speed_connect.question.4": "What did you do before your current role?",
        "speed_connect.question.5": "What's the most useful thing you've learnt at work this year?",
        "speed_connect.question.6": (
            "If you could spend a day shadowing any team, which would it be?"
        ),
        # not placed
        "speed_connect.unplaced.alone": (
            "Nobody else joined Speed Connect at your event this time, so there was no one to "
            "pair you with. Try it again at your next event!"
        ),
    },
}
