"""Words of mentoring groups once they are formed: matching and closing (organisers), the
organisers' view of every group, each group's introduction, the check-ins and the thank-you,
and the notes sent to people left waiting or paused for silence. (The note that a pause is
over, `mentoring.pause.over`, lives with the other pause words in `bot.i18n.mentoring`.)

Translators: `mentoring.groups.date.tokens` holds Slack's own date token (api.slack.com
"formatting dates"): keep the word in braces as it is. Every other `{name}` is filled in by the
app. Keys with `.one` and `.many` are the singular and plural of a count.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # dates: Slack shows <!date^…> in each reader's own words; the fallback is UK time
        "mentoring.groups.date.tokens": "{date_long}",
        "mentoring.groups.date.fallback": "{weekday} {day} {month} {year}",
        "mentoring.groups.date.weekdays": "Mon Tue Wed Thu Fri Sat Sun",
        "mentoring.groups.date.months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        # counts
        "mentoring.groups.count.groups.one": "1 group",
        "mentoring.groups.count.groups.many": "{count} groups",
        "mentoring.groups.count.people.one": "1 person",
        "mentoring.groups.count.people.many": "{count} people",
        "mentoring.groups.list_and_more": "and {count} more",
        # roles and ways of meeting
        "mentoring.groups.role.can_mentor": "mentor",
        "mentoring.groups.role.want_mentor": "mentee",
        "mentoring.groups.role.peer": "peer",
        "mentoring.groups.mode.in_person_region": "in person in {region}",
        "mentoring.groups.mode.in_person": "in person",
        "mentoring.groups.mode.online": "online",
        "mentoring.groups.mode.either_region": "in person in {region} or online",
        "mentoring.groups.mode.either": "in person or online",
        # why someone is waiting (the organisers' words)
        "mentoring.waiting.reason.new": "signed up since the last match",
        "mentoring.waiting.reason.paused": "paused",
        "mentoring.waiting.reason.paused_until": "paused until {date}",
        "mentoring.waiting.reason.inactive": "Slack account deactivated",
        "mentoring.waiting.reason.too_few": "too few people to form a group",
        "mentoring.waiting.reason.no_room": "the groups were full",
        "mentoring.waiting.reason.returned": "back since the last match",
        "mentoring.waiting.count_line": "• {count}: {reason}",
        # notes to people left waiting (direct messages)
        "mentoring.waiting.too_few": (
            "I tried to form mentoring groups, but too few people were waiting to make a group "
            "that includes you. You stay signed up and will be in the next match. Nothing for "
            "you to do; `/mentoring` shows your sign-up and `/mentoring leave` stops it."
        ),
        "mentoring.waiting.no_room": (
            "Mentoring groups were formed today, but every group that suited you was full. "
            "You stay signed up and come first in line for the next match. `/mentoring` shows "
            "your sign-up and `/mentoring leave` stops it."
        ),
        # /mentoring match
        "mentoring.match.running": (
            "Matching everyone waiting for a mentoring group… this can take a few seconds. "
            "I'll say here what came of it."
        ),
        "mentoring.match.running_region": (
            "Matching everyone waiting for a mentoring group in *{region}*… this can take a "
            "few seconds. I'll say here what came of it."
        ),
        "mentoring.match.new_cycle": (
            "*Cycle {number} has started:* {groups} formed, {people} placed. The cycle ends {ends}."
        ),
        "mentoring.match.added": (
            "*Added to cycle {number}:* {groups} formed, {people} placed. The cycle ends {ends}."
        ),
        "mentoring.match.fallback": "Mentoring match: {groups} formed, {people} placed",
        "mentoring.match.region": "Matched in *{region}* only.",
        "mentoring.match.region_of": (
            "Matched in *{region}* only. Groups are formed by region, and {place} is there."
        ),
        "mentoring.match.area": "Matched in *{area}* only: the people whose town is inside it.",
        "mentoring.match.did_you_mean": "Did you mean {names}?",
        "mentoring.match.introductions": (
            "Each group is being introduced in its own group conversation now, with a "
            "suggested agenda and who facilitates first."
        ),
        "mentoring.match.nothing_new": (
            "Everyone waiting is already in a group: nothing new formed."
        ),
        "mentoring.match.nobody": (
            "Nobody is waiting for a mentoring group, so nothing was formed. People join "
            "with `/mentoring`."
        ),
        "mentoring.match.none_placeable": (
            "Nobody waiting can be placed now (they are paused, or have left Slack), so "
            "nothing was formed."
        ),
        "mentoring.match.nobody_region": (
            "Nobody in *{region}* is waiting for a mentoring group, so nothing was formed."
        ),
        "mentoring.match.too_few": (
            "Too few people to form a group ({count} waiting; groups need at least {minimum}): "
            "they stay waiting and have been told."
        ),
        "mentoring.match.waiting_heading": "*Still waiting: {people}*",
        "mentoring.match.view_hint": (
            "`/mentoring groups` shows every group and everyone waiting. "
            "`/mentoring close` ends the cycle early."
        ),
        "mentoring.match.unknown_region_names": "Regions and nations: {names}.",
        # /mentoring close
        "mentoring.close.done": (
            "*Cycle {number} is closed.* {groups} ({people}) have been thanked in their group "
            "conversations, and their check-ins have stopped. Everyone still signed up waits "
            "for the next `/mentoring match`."
        ),
        "mentoring.close.done_empty": "*Cycle {number} is closed.* It had no groups.",
        "mentoring.close.fallback": "Cycle {number} closed",
        # /mentoring groups: the organisers' view
        "mentoring.groups.heading": "Mentoring groups",
        "mentoring.groups.cycle": (
            "*Cycle {number}*, {start} to {end}: {groups}, {people}. Groups that have met so "
            "far: {met} of {total}."
        ),
        "mentoring.groups.no_cycle": (
            "No cycle of groups is running. `/mentoring match` forms groups from everyone waiting."
        ),
        "mentoring.groups.fallback": "Mentoring groups: cycle {number}",
        "mentoring.groups.fallback_none": "Mentoring groups: no cycle running",
        "mentoring.groups.group_title": "*Group {number}* · {people} · {mode}",
        "mentoring.groups.member_left": "{member} (left Slack)",
        "mentoring.groups.member": "{member} ({role})",
        "mentoring.groups.topics": "Shared topics: {topics}",
        "mentoring.groups.no_topics": "No topic in common",
        "mentoring.groups.meetings.none": "Not met yet",
        "mentoring.groups.meetings.one": "Met once",
        "mentoring.groups.meetings.many": "Met {count} times",
        "mentoring.groups.checkin.none": "First check-in {date}",
        "mentoring.groups.checkin.none_undated": "No check-in this cycle",
        "mentoring.groups.checkin.met": (
            "Last check-in (round {round}): {answered} of {members} answered, met"
        ),
        "mentoring.groups.checkin.not_met": (
            "Last check-in (round {round}): {answered} of {members} answered, not met"
        ),
        "mentoring.groups.none_formed": "No groups in this cycle yet.",
        "mentoring.groups.waiting_heading": "*Waiting for a group: {people}*",
        "mentoring.groups.waiting_none": "*Nobody is waiting for a group.*",
        "mentoring.groups.waiting_person": "{member}: {reason}",
        "mentoring.groups.past_heading": "*Earlier cycles*",
        "mentoring.groups.past_line": (
            "• Cycle {number}, {start} to {end}: {groups}, {people}; {share}% of groups met"
        ),
        # the introduction, in each group's conversation
        "mentoring.intro.header": "Meet your mentoring group",
        "mentoring.intro.fallback": "Meet your mentoring group: {members}",
        "mentoring.intro.hello": (
            "Hello {members}! You've been matched as a mentoring group for cycle {number}, "
            "which runs until {ends}. This is your group's own conversation: say hello, and "
            "find a time to meet."
        ),
        "mentoring.intro.member": "*{member}* · {role}",
        "mentoring.intro.works_as": "{job_title}, {organisation}",
        "mentoring.intro.place": "Based in {place}",
        "mentoring.intro.can_help": "Can help with: {topics}",
        "mentoring.intro.want_to_learn": "Wants to learn: {topics}",
        "mentoring.intro.hopes": "Hoping for: {hopes}",
        "mentoring.intro.shared": "*What you share:* {topics}",
        "mentoring.intro.shared_none": (
            "*What you share:* no topic in common, which makes for good questions."
        ),
        "mentoring.intro.meet": "*How you'll meet:* {mode}",
        "mentoring.intro.agenda_heading": "*A suggested agenda for your first session*",
        "mentoring.intro.agenda": (
            "• Introductions: your work, and what brought you here (10 minutes)\n"
            "• What each of you hopes to get from the group this cycle\n"
            "• One real challenge from someone's work, with questions before advice\n"
            "• Agree how often to meet, and who facilitates next"
        ),
        "mentoring.intro.facilitator": (
            "{member} facilitates the first session: keeping time and making sure everyone is "
            "heard. Facilitating rotates, so each of you takes a turn."
        ),
        "mentoring.intro.checkins": (
            "I'll check in with each of you from {date} to ask whether the group has met: one "
            "click is enough. `/mentoring pause` takes a break and `/mentoring leave` stops."
        ),
        "mentoring.intro.checkins_none": (
            "`/mentoring pause` takes a break and `/mentoring leave` stops."
        ),
        # check-ins, to each member
        "mentoring.checkin.question": "Has your mentoring group met since {date}?",
        "mentoring.checkin.context": (
            "One click is enough; your answer helps the organisers see how groups are doing. "
            "If I hear nothing three times in a row, I'll pause your sign-up so you aren't "
            "asked forever."
        ),
        "mentoring.checkin.group": "Your group: {members}",
        "mentoring.checkin.next_facilitator": "{member} is due to facilitate the next session.",
        "mentoring.checkin.met": "Yes, we met",
        "mentoring.checkin.not_yet": "Not yet",
        "mentoring.checkin.stopped": "We've stopped meeting",
        "mentoring.checkin.recorded.met": (
            "Thanks, recorded: your group met. {member} facilitates the next session."
        ),
        "mentoring.checkin.recorded.met_no_facilitator": "Thanks, recorded: your group met.",
        "mentoring.checkin.recorded.not_yet": (
            "Thanks, recorded: not yet. A note in your group's conversation suggesting a "
            "date often gets things going. I'll ask again at the next check-in."
        ),
        "mentoring.checkin.recorded.stopped": (
            "Thanks, recorded: your group has stopped meeting. You stay signed up and will "
            "be matched again when this cycle ends; `/mentoring leave` stops for good."
        ),
        "mentoring.checkin.already": "That answer was already recorded; nothing has changed.",
        "mentoring.checkin.unreadable": (
            "Sorry, I couldn't read that answer, so nothing was recorded. Please use the "
            "buttons on your latest check-in."
        ),
        "mentoring.checkin.paused_for_silence": (
            "I've asked a few times whether your mentoring group has met and haven't heard "
            "back, so I've paused your sign-up: no more check-ins, and you won't be matched "
            "until you're back. No harm done: `/mentoring resume` brings you back whenever "
            "you like, and `/mentoring leave` stops for good."
        ),
        # the thank-you when the cycle ends
        "mentoring.thanks.fallback": "Thank you, mentoring group: cycle {number} has ended",
        "mentoring.thanks.text": (
            "Thank you, {members}! Cycle {number} of mentoring groups has ended, and with it "
            "this group's check-ins. {meetings}"
        ),
        "mentoring.thanks.meetings.none": "",
        "mentoring.thanks.meetings.one": "You told me the group met once.",
        "mentoring.thanks.meetings.many": "You told me the group met {count} times.",
        "mentoring.thanks.next": (
            "*What happens next:* if you're still signed up, you wait for the next match and "
            "meet new people; nothing for you to do. You're welcome to keep talking here. "
            "`/mentoring` changes your sign-up and `/mentoring leave` stops."
        ),
        # errors the mentoring service raises about groups
        "mentoring.errors.not_organiser": (
            "Sorry, only organisers can do that. Organisers are the workspace's admins and "
            "owners, and the people they name. Everyone can join a group with `/mentoring`."
        ),
        "mentoring.errors.match_running": ("A match is already running; try again in a minute."),
        "mentoring.errors.unknown_region": (
            "I couldn't find a region or nation called *{text}*. Name a region or nation, "
            "like `/mentoring match Yorkshire` or `/mentoring match Wales`; a county or "
            "council area, like `/mentoring match Kent` (the people inside it); or a town or "
            "postcode, like `/mentoring match Leeds` (its region is matched). Leave it out to "
            "match everyone."
        ),
        "mentoring.errors.no_cycle": (
            "No cycle of mentoring groups is running, so there is nothing to close. "
            "`/mentoring match` starts one."
        ),
        "mentoring.errors.checkin_not_yours": (
            "That check-in isn't yours to answer, or it no longer exists, so nothing was recorded."
        ),
        "mentoring.errors.checkin_closed": (
            "That cycle of groups has ended, so its check-ins are closed and nothing was "
            "recorded. Thank you all the same!"
        ),
    },
}
