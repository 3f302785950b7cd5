"""Words of regional events (/event, announcements, RSVPs, reminders, the Home tab).

Translators: `event.time.slack_date_time` and `event.time.slack_time` are Slack's own date
tokens (api.slack.com "formatting dates"): keep the words in braces as they are and translate
only the words around them. Every other `{name}` is filled in by the app.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # times: Slack shows <!date^…> in each reader's zone; the fallback is the event's zone
        "event.time.slack_date_time": "{date_short_pretty} at {time}",
        "event.time.slack_time": "{time}",
        "event.time.clock": "{time} {zone}",
        "event.time.fallback": "{weekday} {day} {month} {year}, {time}",
        "event.time.weekdays": "Mon Tue Wed Thu Fri Sat Sun",
        "event.time.months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "event.time.range": "{start} to {end}",
        # where
        "event.where.online": "Online",
        "event.where.hybrid": "{place}, and online",
        "event.where.unknown": "Place to be confirmed",
        # counts
        "event.counts.nobody": "No one going yet",
        "event.counts.going": "{going} going",
        "event.counts.place_left": "1 place left",
        "event.counts.places_left": "{left} places left",
        "event.counts.with_places": "{going} · {places}",
        "event.counts.full_waitlist": "Full · {waitlisted} on the waitlist",
        "event.counts.full": "Full · join the waitlist and you'll hear if a place comes free",
        # what every event message says
        "event.facts.when": "*When:* {when}",
        "event.facts.where": "*Where:* {where}",
        "event.facts.organiser": "*Organiser:* {organiser}",
        "event.organiser.erased": "a former member",  # an organiser who asked to be forgotten
        "event.facts.online": "*Join online:* {link}",
        "event.facts.register": "*Register:* {link}",
        "event.buttons.going": "Going",
        "event.buttons.waitlist": "Join the waitlist",
        "event.buttons.not_going": "Can't go",
        "event.buttons.calendar": "Add to calendar",
        "event.buttons.details": "Details",
        "event.buttons.new": "New event",
        "event.manage.edit": "Edit event",
        "event.manage.cancel": "Cancel event",
        # the announcement
        "event.announce.fallback": "{title}, {when}",
        "event.announce.more": "_Press Details to read the rest._",
        "event.announce.cancelled_header": "Cancelled: {title}",
        "event.announce.cancelled_note": (
            "This event has been cancelled. Everyone who was going or waiting has been told."
        ),
        "event.announce.cancelled_fallback": "Cancelled: {title}, {when}",
        "event.announce.moved_header": "Moved: {title}",
        "event.announce.moved": (
            "*{title}* has moved to {region}, so it isn't announced here any more. It's "
            "announced in {channels}: answer there."
        ),
        "event.announce.moved_unlinked": (
            "*{title}* has moved to {region}, so it isn't announced here any more. Type "
            "{command} to find it."
        ),
        "event.announce.moved_hint": (
            "If you said you're going, nothing changes: you'll hear about it as before."
        ),
        "event.announce.moved_fallback": "{title} has moved to {region}",
        # the form
        "event.form.title_new": "New event",
        "event.form.title_edit": "Edit event",
        "event.form.submit_new": "Announce",
        "event.form.submit_edit": "Save changes",
        "event.form.intro": (
            "The event is announced in the channels linked to its region, and in any others "
            "you add. Times are in your own time zone; everyone sees them in theirs."
        ),
        "event.form.title": "Title",
        "event.form.title_placeholder": "For example: Leeds data meetup",
        "event.form.start": "Starts",
        "event.form.end": "Ends",
        "event.form.time_hint": "In your own time zone, as set in your Slack profile.",
        "event.form.mode": "How people take part",
        "event.form.venue": "Venue",
        "event.form.venue_hint": "Building and room, for in-person and hybrid events.",
        "event.form.place": "Town or city",
        "event.form.place_placeholder": "Start typing a town or city",
        "event.form.place_hint": "Where the venue is. Start typing and choose from the list.",
        "event.form.region": "Region",
        "event.form.region_placeholder": "From the town",
        "event.form.region_hint": (
            "From the town unless you choose. The event is announced in this region's channels."
        ),
        "event.form.online_url": "Online link",
        "event.form.online_url_hint": "For online and hybrid events: where people join.",
        "event.form.url_placeholder": "https://…",
        "event.form.description": "Description",
        "event.form.capacity": "Places",
        "event.form.capacity_hint": (
            "How many can come, as a number. Leave it empty for no limit; when it's full, "
            "people join a waitlist."
        ),
        "event.form.registration_url": "Registration link",
        "event.form.registration_url_hint": "Only if people must also register somewhere else.",
        "event.form.channels": "Also announce in",
        "event.form.channels_placeholder": "Choose channels",
        "event.form.channels_hint": "Up to 10 channels beyond the region's own.",
        "event.mode.in_person": "In person",
        "event.mode.online": "Online",
        "event.mode.hybrid": "Hybrid: in person and online",
        # the form's errors (keys named by the domain)
        "event.errors.title_missing": "Give the event a title.",
        "event.errors.start_missing": "Choose when the event starts.",
        "event.errors.start_past": "That time has already passed. Choose a time in the future.",
        "event.errors.end_missing": "Choose when the event ends.",
        "event.errors.end_before_start": "The end must be after the start.",
        "event.errors.too_long": "An event can last at most 14 days.",
        "event.errors.mode": "Choose in person, online or hybrid.",
        "event.errors.place_missing": "Choose the town or city the venue is in.",
        "event.errors.place_unknown": "Choose a town or city from the list as you type.",
        "event.errors.venue_missing": "Say where people should go: the building and room.",
        "event.errors.online_url_missing": "Add the link people use to join online.",
        "event.errors.registration_url_missing": "Add the registration link.",
        "event.errors.url": "That doesn't look like a web link. It should start with https://",
        "event.errors.capacity": (
            "Places must be a whole number above zero, like 30. Leave it empty for no limit."
        ),
        "event.errors.region_missing": "Choose the region whose channels should hear about it.",
        "event.errors.too_many_channels": "Choose at most 10 extra channels.",
        # errors the events service may raise
        "event.errors.cancelled": "That event has been cancelled, so nothing was changed.",
        "event.errors.started": (
            "That event has already started, so it can't be changed or cancelled now."
        ),
        "event.errors.not_organiser": (
            "Sorry, only organisers can do that. Organisers are the workspace's admins and "
            "owners, and the people they name. Ask one of your workspace admins if you'd "
            "like to organise events."
        ),
        "event.errors.not_your_event": (
            "Sorry, only the event's organiser and workspace admins can change or cancel it."
        ),
        "event.errors.gone": "I can't find that event any more. It may have been removed.",
        "event.errors.over": "That event is over, so nothing was changed.",
        "event.errors.rsvp_started": (
            "*{title}* has already started, so your answer stays as it was. Who's going "
            "is fixed from the start."
        ),
        "event.errors.area_unknown": (
            "I couldn't find a region or place called *{text}*. Try a region, nation, town or "
            "city, like `Yorkshire`, `Wales` or `Leeds`."
        ),
        "event.errors.area_unknown_suggest": (
            "I couldn't find a region or place called *{text}*. Did you mean {suggestions}? "
            "Try a region, nation, town or city, like `Yorkshire`, `Wales` or `Leeds`."
        ),
        "event.errors.area_abroad": (
            "*{text}* isn't in the UK. Events are announced by UK region: try a region, "
            "nation, town or city, like `Yorkshire`, `Wales` or `Leeds`."
        ),
        # after the form
        "event.modal.done_title": "Your event",
        "event.modal.posting": (
            "Your event is saved and being announced. I'll send you a message saying where "
            "it was posted."
        ),
        "event.modal.updated": (
            "Your changes are saved. The announcements are updated and everyone going will "
            "hear what changed."
        ),
        # cancelling
        "event.cancel.modal_title": "Cancel event",
        "event.cancel.submit": "Cancel event",
        "event.cancel.keep": "Keep it",
        "event.cancel.confirm": (
            "Cancel *{title}* ({when})? Every announcement will say it's cancelled, and "
            "everyone going or on the waitlist will get a message. This can't be undone."
        ),
        "event.cancel.done": (
            "*{title}* is cancelled. Everyone going or on the waitlist has been told."
        ),
        # pressing Going or Can't go
        "event.rsvp.position": " (number {position})",
        "event.rsvp.going": (
            "You're going to *{title}*, {when}. I'll send you a reminder before it starts."
        ),
        "event.rsvp.going_soon": "You're going to *{title}*, {when}.",
        "event.rsvp.already_going": "You're already going to *{title}*, {when}. Nothing changed.",
        "event.rsvp.waitlisted": (
            "*{title}* is full, so you're on the waitlist{position}. If a place comes free, "
            "you'll get it and I'll send you a message."
        ),
        "event.rsvp.already_waitlisted": (
            "You're already on the waitlist for *{title}*{position}. Nothing changed."
        ),
        "event.rsvp.not_going": (
            "Thanks for letting the organiser know: you're not going to *{title}*. If you "
            "change your mind, press Going on the announcement."
        ),
        "event.rsvp.already_not_going": (
            "You weren't down as going to *{title}*, so nothing changed."
        ),
        "event.rsvp.cancelled": "*{title}* has been cancelled, so nothing changed.",
        # calendars
        "event.calendar.heading": "Add *{title}* to your calendar:",
        "event.calendar.google": "Google Calendar",
        "event.calendar.outlook": "Outlook",
        "event.calendar.ics_sent": (
            "For Apple Calendar and others, open the .ics file I've sent you."
        ),
        "event.calendar.ics_hint": (
            "Each link opens a new event with the details filled in, in your own time zone."
        ),
        "event.calendar.online": "Join online: {url}",
        "event.calendar.register": "Register: {url}",
        "event.calendar.organiser": "Organised by {name}",
        # /event list
        "event.list.heading_all": "Upcoming events",
        "event.list.heading_area": "Upcoming events in and around {area}",
        "event.list.heading_inside": "Upcoming events in {area}",
        "event.list.heading_site": "Upcoming events in and around {area}, near {site}",
        "event.list.heading_abroad": (
            "“{text}” isn't in the UK, so here are upcoming events everywhere"
        ),
        "event.list.did_you_mean": "Did you mean {names}? Type `/event list` and the place.",
        "event.list.heading_unknown": (
            "I couldn't find a place called “{text}”, so here are upcoming events everywhere"
        ),
        "event.list.where_counts": "{where} · {counts}",
        "event.list.none": "No upcoming events here yet.",
        "event.list.none_hint": (
            "Organisers can announce one with `/event`. `/event list` shows events everywhere."
        ),
        "event.list.more": "and {count} more not shown here.",
        "event.list.fallback": "{heading}: {count}",
        # telling the organiser where it went
        "event.report.posted": "*{title}* is announced in {channels}.",
        "event.report.posted_nowhere": "*{title}* is saved, but it isn't announced anywhere yet.",
        "event.report.failed": "I couldn't post it in:",
        "event.report.failed_line": "• {channel}: {reason}",
        "event.post_error.not_in_channel": (
            "I'm not a member. Invite me there with `/invite @Who's Who Locally`."
        ),
        "event.post_error.channel_not_found": (
            "I can't see that channel. If it's private, invite me with "
            "`/invite @Who's Who Locally`."
        ),
        "event.post_error.is_archived": "the channel is archived.",
        "event.post_error.restricted_action": "only some people may post there.",
        "event.post_error.missing_scope": "I'm not allowed to post there.",
        "event.post_error.msg_too_long": "the announcement was too long for Slack.",
        "event.post_error.other": "Slack said `{reason}`.",
        "event.report.and_more": "and {count} more",
        "event.report.no_channel": (
            "No channel is linked to *{region}* yet, so it wasn't announced there. In a "
            "channel where people in {region} meet, type `{command}` to announce the "
            "region's events there."
        ),
        "event.report.manage_hint": (
            "Edit or cancel it from the announcement's ⋯ menu or from your Home tab."
        ),
        # /event link, unlink, channels
        "event.link.this_channel": "this channel",
        "event.link.by_region": "Events are announced by region, and {place} is in {region}.",
        "event.link.linked": "Done: events in {regions} will be announced in {channel}.",
        "event.link.already_linked": "{channel} already gets the events in {regions}.",
        "event.link.unlinked": "{channel} won't get the events in {regions} any more.",
        "event.link.not_linked": (
            "{channel} isn't linked to any region, so there was nothing to unlink."
        ),
        "event.link.invite": (
            "This is a private channel, so I can't join it myself. Type "
            "`/invite @Who's Who Locally` here so I can post the announcements."
        ),
        "event.link.not_a_channel": (
            "Events can only be announced in channels, not in direct messages. Run "
            "`/event link` in the public or private channel you want events announced in."
        ),
        "event.link.examples": (
            "To announce a region's events here, type `/event link` and a region or place: "
            "`/event link Yorkshire`, `/event link Wales` or `/event link Leeds` (a town, "
            "county, council area or postcode links the region it is in)."
        ),
        "event.channels.heading": "Channels that announce each region's events",
        "event.channels.none": (
            "No channel is linked to a region yet. In a channel, type "
            "`/event link &lt;region or place&gt;` to announce that region's events there."
        ),
        "event.channels.hint": (
            "`/event link &lt;region or place&gt;` in a channel adds a link; `/event unlink` "
            "there removes it."
        ),
        # help and refusals
        "event.help.text": (
            "*How to use /event*\n"
            "• `/event` — announce an event (organisers)\n"
            "• `/event list` — upcoming events everywhere\n"
            "• `/event list Leeds` — upcoming events near a place or postcode, or in a "
            "county, council area, region or nation\n"
            "• `/event link &lt;region or place&gt;` — announce that region's events in this "
            "channel (organisers)\n"
            "• `/event unlink` — stop announcing events in this channel (organisers)\n"
            "• `/event channels` — which channels announce which region's events\n"
            "• `/event digest off` / `/event digest on` — stop or restart this channel's "
            "weekly digest (organisers)\n"
            "• `/event welcomes off` / `/event welcomes on` — stop or restart welcoming people "
            "who join this channel (organisers)\n"
            "• `/event help` — this message"
        ),
        "event.help.fallback": "How to use /event",
        "event.not_allowed": (
            "Sorry, only organisers can do that. Organisers are the workspace's admins and "
            "owners, and the people they name."
        ),
        "event.not_allowed_hint": (
            "If you'd like to organise events, ask one of your workspace admins to add you. "
            "Everyone can see events with `/event list` and say they're going."
        ),
        # reminders and other direct messages
        "event.reminder.tomorrow": "tomorrow",
        "event.reminder.days": "in {days} days",
        "event.reminder.hour": "in an hour",
        "event.reminder.hours": "in {hours} hours",
        "event.reminder.minute": "in a minute",
        "event.reminder.minutes": "in {minutes} minutes",
        "event.reminder.text": "Reminder: *{title}* starts {starts}.",
        "event.reminder.fallback": "Reminder: {title}, {when}",
        "event.promoted.text": (
            "Good news: a place came free at *{title}*, so you're now going. If you can't "
            "make it any more, press Can't go so someone else can have the place."
        ),
        "event.changed.text": "*{title}* has changed. Here's what's new:",
        "event.changed.when": "• *When:* now {now}",
        "event.changed.where": "• *Where:* now {now}",
        "event.changed.title": "• *Title:* now {now}",
        "event.changed.capacity": "• *Places:* now {now}",
        "event.changed.online": "• *Join online:* now {now}",
        "event.changed.no_limit": "no limit",
        "event.changed.description": "• The description has changed: press Details to read it.",
        "event.changed.was": "(was {was})",
        "event.changed.calendar_hint": (
            "If it's in your calendar, press Add to calendar again to update it."
        ),
        "event.cancelled.text": (
            "Sorry: *{title}* ({when}) has been cancelled by its organiser, {organiser}."
        ),
        "event.cancelled.text_erased": (
            "Sorry: *{title}* ({when}) has been cancelled: its organiser is no longer running it."
        ),
        "event.cancelled.hint": (
            "There's nothing you need to do. If it's in your calendar, remove it."
        ),
        # the Home tab
        "event.home.going_heading": "Your upcoming events",
        "event.home.going_none": (
            "You're not going to any upcoming events. `/event list` shows what's on."
        ),
        "event.home.status.going": "✅ You're going",
        "event.home.status.waitlisted": "⏳ You're on the waitlist",
        "event.home.status.not_going": "You said you can't go",
        "event.home.organising_heading": "Events you organise",
        "event.home.organising_none": "You aren't organising any upcoming events.",
        "event.home.more": "and {count} more. `/event list` shows them all.",
        "event.home.cancelled": "cancelled",
        "event.home.ended": "ended",
        "event.home.now": "happening now",
    },
}
