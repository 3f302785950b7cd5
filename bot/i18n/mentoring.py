"""Words of mentoring groups for members: `/mentoring`, the sign-up form, pausing, leaving,
your status, help and the Home tab's part.

The organisers' side (matching, closing a cycle, the overview, introductions and check-ins)
has its own catalogue, `bot.i18n.mentoring_groups`. This one holds the keys under
`mentoring.signup.`, `.profile_first.`, `.pause.`, `.resume.`, `.leave.`, `.status.`, `.help.`,
`.home.`, `.time.`, `.role.`, `.mode.`, `.size.`, `.frequency.` and the errors of signing up
and pausing (`mentoring.errors.` + the keys the domain names for those).

Translators: `mentoring.time.slack_date` is Slack's own date token (api.slack.com
"formatting dates"): keep the word in braces as it is. Every other `{name}` is filled in by
the app.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # dates: Slack shows <!date^…> in each reader's zone; the fallback is in theirs too
        "mentoring.time.slack_date": "{date_long_pretty}",
        "mentoring.time.fallback": "{weekday} {day} {month} {year}",
        "mentoring.time.weekdays": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday",
        "mentoring.time.months": (
            "January February March April May June July August September October November December"
        ),
        # the choices, as the form and the status show them
        "mentoring.role.want_mentor": "I'd like a mentor",
        "mentoring.role.can_mentor": "I can mentor",
        "mentoring.role.peer": "A peer group",
        "mentoring.role.want_mentor_hint": "Someone more experienced in the group to learn from.",
        "mentoring.role.can_mentor_hint": "Share what you know with people earlier on.",
        "mentoring.role.peer_hint": "Learn together as equals, in the spirit of action learning.",
        "mentoring.mode.in_person": "In person, in my region",
        "mentoring.mode.online": "Online",
        "mentoring.mode.either": "Either",
        "mentoring.size.range": "{low} to {high} people",
        "mentoring.size.any": "Any size from {low} to {high}",
        "mentoring.frequency.weekly": "Weekly",
        "mentoring.frequency.fortnightly": "Every two weeks",
        "mentoring.frequency.monthly": "Monthly",
        # the sign-up form
        "mentoring.signup.title_new": "Mentoring groups",
        "mentoring.signup.title_edit": "Your mentoring sign-up",
        "mentoring.signup.submit_new": "Sign up",
        "mentoring.signup.submit_edit": "Save changes",
        "mentoring.signup.intro": (
            "Small groups of 3 to 6 people from different departments meet regularly to learn "
            "from each other. Tell us what suits you; the app forms the groups and introduces "
            "you in a private conversation. You can pause or leave at any time."
        ),
        "mentoring.signup.group_sees": (
            "*What your group sees:* when you're introduced, your group sees your job title, "
            "organisation, place and the topics on your who's who profile, with what you hope "
            "to get from it (below)."
        ),
        "mentoring.signup.group_sees_hidden": (
            "Your profile is hidden from searches, not from your group: the few people you're "
            "matched with see it in your introduction, and nobody else."
        ),
        "mentoring.signup.role": "What would you like?",
        "mentoring.signup.topics": "Topics",
        "mentoring.signup.topics_hint": (
            "Separate them with commas, up to 8. For example: data, policy, user research. "
            "People who share topics are grouped together where possible."
        ),
        "mentoring.signup.topics_placeholder": "data, policy, user research",
        "mentoring.signup.mode": "How would you like to meet?",
        "mentoring.signup.size": "Preferred group size",
        "mentoring.signup.size_placeholder": "Choose a size",
        "mentoring.signup.frequency": "How often?",
        "mentoring.signup.frequency_placeholder": "Choose how often",
        "mentoring.signup.hopes": "What do you hope to get from it?",
        "mentoring.signup.hopes_hint": "Optional. Your group sees this when you're introduced.",
        # after saving: a DM
        "mentoring.signup.saved_new": "You're signed up for mentoring groups. Thank you!",
        "mentoring.signup.saved_edit": "Your mentoring sign-up is updated.",
        "mentoring.signup.next": (
            "*What happens next:* when the next groups are formed, you'll be matched with 2 to "
            "5 others from different departments and introduced in a private conversation, "
            "with a first facilitator named. Until then there's nothing to do."
        ),
        "mentoring.signup.next_grouped": (
            "You're already in a group this cycle, so these changes apply from the next cycle. "
            "Your current group stays as it is."
        ),
        "mentoring.signup.unfamiliar_one": (
            "Nobody else has picked {topics} yet; it still counts when someone does."
        ),
        "mentoring.signup.unfamiliar_many": (
            "Nobody else has picked {topics} yet; they still count when someone does."
        ),
        "mentoring.signup.manage": (
            "Change your answers with `/mentoring`, take a break with `/mentoring pause`, or "
            "leave with `/mentoring leave`."
        ),
        "mentoring.signup.summary": (
            "*You asked for:* {role}\n*Topics:* {topics}\n*Meeting:* {mode}\n"
            "*Group size:* {size}\n*How often:* {frequency}"
        ),
        "mentoring.signup.summary_hopes": "*Hoping for:* {hopes}",
        "mentoring.signup.and": "{first} and {last}",
        # no profile yet
        "mentoring.profile_first.text": (
            "Mentoring groups are formed from who's who profiles (where you work and what you "
            "know), so a profile comes first. It takes a minute; the sign-up follows straight "
            "after."
        ),
        "mentoring.profile_first.button": "Create my profile",
        "mentoring.profile_first.modal_note": (
            "*Next: your mentoring sign-up.* Save your profile and the sign-up form opens."
        ),
        # buttons
        "mentoring.buttons.join": "Join mentoring groups",
        "mentoring.buttons.edit": "Edit my sign-up",
        "mentoring.buttons.resume": "Resume now",
        "mentoring.buttons.leave": "Leave",
        "mentoring.buttons.sign_up": "Sign up",
        "mentoring.buttons.stay": "Stay signed up",
        # pausing and resuming
        "mentoring.pause.until": (
            "You're paused until {date}. You won't be matched or asked to check in until "
            "then; from that day you're back for the next match."
        ),
        "mentoring.pause.open": (
            "You're paused until you resume. You won't be matched or asked to check in meanwhile."
        ),
        "mentoring.pause.resume_hint": (
            "Changed your mind? Resume now, or type `/mentoring resume`."
        ),
        "mentoring.pause.over": (
            "Your mentoring pause has ended: you're back for the next match. To take another "
            "break, type `/mentoring pause`."
        ),
        "mentoring.resume.done": "Welcome back: you're in for the next match.",
        "mentoring.resume.was_not_paused": (
            "You weren't paused, so nothing changed: you're in for the next match."
        ),
        # leaving
        "mentoring.leave.ask": (
            "Leaving ends your sign-up and erases it, with your place in any group and your "
            "check-in answers. Your who's who profile stays. You can sign up again at any time."
        ),
        "mentoring.leave.confirm_title": "Leave mentoring groups?",
        "mentoring.leave.confirm_text": (
            "Your sign-up, your place in your group and your check-in answers are erased."
        ),
        "mentoring.leave.confirm_yes": "Leave and erase",
        "mentoring.leave.confirm_no": "Stay",
        "mentoring.leave.done": (
            "You've left mentoring groups and your sign-up is erased. Thank you for taking "
            "part. Type `/mentoring` whenever you'd like to join again."
        ),
        "mentoring.leave.kept": (
            "You're still signed up for mentoring groups: nothing has changed."
        ),
        "mentoring.leave.not_signed_up": (
            "You're not signed up for mentoring groups, so there's nothing to leave. To join, "
            "type `/mentoring` or use the button below."
        ),
        "mentoring.leave.nothing": (
            "You weren't signed up for mentoring groups, so there was nothing to erase."
        ),
        # not signed up
        "mentoring.not_signed_up": (
            "You're not signed up for mentoring groups yet. Sign up and you'll be matched "
            "with a small group from other departments."
        ),
        # status
        "mentoring.status.heading": "Your mentoring groups",
        "mentoring.status.signed_up": "You're signed up.",
        "mentoring.status.paused_until": "You're paused until {date}.",
        "mentoring.status.paused_open": "You're paused until you resume.",
        "mentoring.status.group": "*Your group:* {members}",
        "mentoring.status.facilitator": "*Next facilitator:* {person}",
        "mentoring.status.topics": "*Shared topics:* {topics}",
        "mentoring.status.cycle_ends": "This cycle of groups runs until {date}.",
        "mentoring.status.waiting.new": "You're waiting for the next match.",
        "mentoring.status.waiting.paused": "You were paused at the last match.",
        "mentoring.status.waiting.inactive": (
            "Your Slack account looked inactive at the last match, so you weren't grouped."
        ),
        "mentoring.status.waiting.too_few": (
            "Too few people were waiting at the last match to form a group: you're first in "
            "line next time."
        ),
        "mentoring.status.waiting.returned": "You're waiting for the next match.",
        "mentoring.status.waiting.no_room": (
            "The groups were full at the last match: you're first in line next time."
        ),
        "mentoring.status.manage": (
            "`/mentoring` edits your sign-up · `/mentoring pause` · `/mentoring leave`"
        ),
        # help
        "mentoring.help.fallback": "How to use /mentoring",
        "mentoring.help.text": (
            "*Mentoring groups*: small cross-department groups that meet regularly to learn "
            "from each other.\n"
            "• `/mentoring`: join, or edit your sign-up\n"
            "• `/mentoring status`: your sign-up and your group\n"
            "• `/mentoring pause [until DATE]`: take a break, for example "
            "`/mentoring pause until 31 Jan` or `/mentoring pause until next Friday`; with no "
            "date, until you resume\n"
            "• `/mentoring resume`: come back from a pause\n"
            "• `/mentoring leave`: leave and erase your sign-up\n"
            "• `/mentoring help`: this help"
        ),
        "mentoring.help.organisers": (
            "*For organisers*\n"
            "• `/mentoring match [region]`: group everyone waiting (in one region, county or "
            "council area, if named; a town or postcode names its region)\n"
            "• `/mentoring groups`: the current groups, who is waiting and past cycles\n"
            "• `/mentoring close`: end the current cycle of groups early"
        ),
        "mentoring.pause.you_typed": "You typed: {text}",
        "mentoring.help.unknown": "I didn't recognise “{text}”. Here's what `/mentoring` can do.",
        # the Home tab
        "mentoring.home.heading": "Mentoring groups",
        "mentoring.home.none": (
            "Join a small group from other departments that meets regularly to learn from "
            "each other. You choose the topics, how to meet and how often."
        ),
        "mentoring.home.no_profile": (
            "Join a small group from other departments that meets regularly to learn from "
            "each other. Create your who's who profile first; the sign-up follows."
        ),
        # errors: signing up
        "mentoring.errors.role_missing": (
            "Choose what you'd like: a mentor, to mentor, or a peer group."
        ),
        "mentoring.errors.mode_missing": "Choose how you'd like to meet.",
        "mentoring.errors.frequency_missing": "Choose how often you'd like to meet.",
        "mentoring.errors.size_range": "Choose a group size between 3 and 6 people.",
        "mentoring.errors.topics_missing": (
            "Add at least one topic, for example: data, policy, user research."
        ),
        "mentoring.errors.too_many_topics": (
            "Up to 8 topics, please: keep the ones that matter most."
        ),
        "mentoring.errors.topic_too_long": (
            "Each topic can be up to 50 characters: separate topics with commas."
        ),
        "mentoring.errors.no_profile": (
            "Your who's who profile is needed first: type `/whoswho me` to create it, then "
            "`/mentoring` to sign up."
        ),
        "mentoring.errors.not_signed_up": "You're not signed up for mentoring groups.",
        # errors: pausing
        "mentoring.errors.pause_date_unreadable": (
            "I couldn't read that as a date. Try, for example, `/mentoring pause until 31 Jan`, "
            "`until tomorrow`, `until next Friday`, `until 31 January 2027`, "
            "`until 2027-01-31` or `until 31/01/2027` (day first); or `/mentoring pause` "
            "with no date to pause until you resume."
        ),
        "mentoring.errors.pause_date_past": (
            "That date isn't in the future. Pause until a later day, for example "
            "`/mentoring pause until tomorrow`, `until next Friday` or `until 31 Jan`; or "
            "`/mentoring pause` with no date to pause until you resume."
        ),
        "mentoring.errors.pause_date_far": (
            "That date is more than a year away. Pause until a date within a year, or use "
            "`/mentoring pause` with no date to pause until you resume."
        ),
    },
}
