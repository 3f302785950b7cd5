"""Words of the who's who directory (/whoswho, profiles, the Home tab)."""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # /whoswho and help
        "directory.intro": (
            "*Who's Who Locally* helps you find public servants who work near you, across "
            "departments: what they know, what they want to learn and what they're open to."
        ),
        "directory.status.none": (
            "You don't have a profile yet, so colleagues can't find you. Creating one takes "
            "a minute, and you can hide or erase it at any time."
        ),
        "directory.status.visible": (
            "Your profile is visible: you appear in searches for *{place}*."
        ),
        "directory.status.hidden_self": (
            "Your profile is hidden: you don't appear in searches. Show it whenever you like."
        ),
        "directory.status.hidden_stale": (
            "Your profile is hidden because we hadn't heard from you in a year. Confirm it "
            "to appear in searches again."
        ),
        "directory.status.inactive": "Your Slack account is deactivated, so nobody can find you.",
        "directory.help": (
            "*How to use /whoswho*\n"
            "• `/whoswho Leeds` — who works in and around Leeds\n"
            "• `/whoswho Leeds data` — the same, about a topic\n"
            "• `/whoswho Yorkshire` or `/whoswho Wales` — a whole region or nation\n"
            "• `/whoswho me` — create or edit your profile\n"
            "• `/whoswho export` — get everything we hold about you\n"
            "• `/whoswho forget` — erase everything we hold about you\n"
            "• `/whoswho help` — this message"
        ),
        "directory.fallback.help": "How to use /whoswho",
        "buttons.create_profile": "Create my profile",
        "buttons.edit_profile": "Edit my profile",
        "buttons.hide_profile": "Hide my profile",
        "buttons.show_profile": "Show my profile",
        "buttons.search": "Search the directory",
        "buttons.help": "Help",
        "buttons.message": "Message",
        "buttons.still_right": "Yes, still right",
        "buttons.forget_confirm": "Erase everything",
        "buttons.keep": "Keep my profile",
        # search
        "directory.search.heading_place": "People in and around {place}",
        "directory.search.heading_place_topics": (
            "People in and around {place} who mention {topics}"
        ),
        "directory.search.heading_region": "People in {region}",
        "directory.search.heading_region_topics": "People in {region} who mention {topics}",
        "directory.search.count.one": "1 found",
        "directory.search.count.many": "{count} found",
        "directory.search.distance_here": "in {place}",
        "directory.search.distance_away": "{place}, {km} km away",
        "directory.search.can_help": "*Can help with:* {topics}",
        "directory.search.wants_to_learn": "*Wants to learn:* {topics}",
        "directory.search.open_to": "*Open to:* {items}",
        "directory.search.languages": "*Speaks:* {languages}",
        "directory.search.none_place": (
            "Nobody near *{place}* has a profile yet. Try a bigger area such as *{region}*, "
            "or invite colleagues nearby to add themselves with `/whoswho me`."
        ),
        "directory.search.none_region": (
            "Nobody in *{region}* has a profile yet. Invite colleagues there to add themselves "
            "with `/whoswho me`."
        ),
        "directory.search.none_topics.one": (
            "Nobody near *{place}* mentions {topics}, but 1 other person is nearby."
        ),
        "directory.search.none_topics.many": (
            "Nobody near *{place}* mentions {topics}, but {count} other people are nearby."
        ),
        "directory.search.widen": "Search all of {region}",
        "directory.search.drop_topics": "Show everyone near {place}",
        "directory.search.alternatives": "Showing *{place}*. Did you mean another one?",
        "directory.search.heading_site": "People in and around {site}, {place}",
        "directory.search.heading_site_topics": (
            "People in and around {site}, {place}, who mention {topics}"
        ),
        "directory.search.corrected": "No place is called *{typed}*, so showing *{place}*.",
        "directory.search.corrected_alternatives": (
            "No place is called *{typed}*, so showing *{place}*. Did you mean another one?"
        ),
        "directory.search.outside_uk": (
            "*{text}* isn't in the UK, and I only know places in the UK."
        ),
        "directory.search.unknown": ("I couldn't find a place called *{text}* in the UK."),
        "directory.search.suggestions": "Did you mean one of these?",
        "directory.search.no_suggestions": (
            "Try a town or city (`/whoswho Leeds`), a region (`/whoswho North West`) or a "
            "nation (`/whoswho Scotland`). `/whoswho help` shows everything I can do."
        ),
        "directory.search.fallback": "{heading}: {count}",
        "directory.search.modal_title": "Search the directory",
        "directory.search.modal_submit": "Search",
        "directory.search.place_label": "Town, city, region or nation",
        "directory.search.place_hint": "For example Leeds, Caerdydd, Yorkshire or Scotland",
        "directory.search.topics_label": "Topics (optional)",
        "directory.search.topics_hint": "For example: data, policy, user research",
        "directory.search.results_title": "Who's who",
        "directory.errors.place_gone": "That place is no longer in the directory. Search again.",
        "open_to.coffee": "a coffee chat",
        "open_to.mentor_others": "mentoring others",
        "open_to.be_mentored": "being mentored",
        "open_to.job_shadowing": "job shadowing",
        "open_to.speaking": "speaking at events",
        # the profile form
        "profile.modal.title": "Your profile",
        "profile.modal.submit": "Save",
        "profile.modal.intro": (
            "This is what colleagues see when they search near your place of work. Only fill "
            "in what you're happy to share; you can hide or erase it at any time."
        ),
        "profile.modal.from_slack": (
            "We've started it from your Slack profile. Check it, change what you like, and "
            "press Save: nothing is kept until you do."
        ),
        "profile.field.place": "Place of work",
        "profile.field.place_hint": "The town or city you work in or near. Start typing.",
        "profile.field.place_placeholder": "Start typing a town or city",
        "profile.field.organisation": "Organisation",
        "profile.field.organisation_placeholder": "Choose your department or body",
        "profile.field.organisation_other": "Or, if it isn't listed",
        "profile.field.organisation_other_hint": (
            "Councils, NHS bodies, police forces and others: type the name."
        ),
        "profile.field.profession": "Profession",
        "profile.field.profession_placeholder": "Choose a government profession",
        "profile.field.grade": "Grade",
        "profile.field.grade_placeholder": "Optional",
        "profile.field.job_title": "Job title",
        "profile.field.can_help": "Topics I can help with",
        "profile.field.can_help_hint": (
            "Separate topics with commas, up to 10: data, procurement, Welsh"
        ),
        "profile.field.want_to_learn_hint": (
            "Separate topics with commas, up to 10: user research, policy, finance"
        ),
        "profile.field.want_to_learn": "Topics I want to learn",
        "profile.field.languages": "Languages I work in",
        "profile.field.languages_placeholder": "English, Cymraeg…",
        "profile.org_group.ministerial": "Ministerial departments",
        "profile.org_group.non_ministerial": "Non-ministerial departments",
        "profile.org_group.agencies": "Agencies and public bodies",
        "profile.org_group.devolved": "Devolved governments",
        "profile.field.open_to": "I'm open to",
        "profile.field.sharing": "Sharing",
        "profile.field.sharing_attendees": "List me in “Who's going” for events I go to",
        "profile.field.sharing_attendees_hint": (
            "Anyone who sees the event's announcement can see the list; after the event, the "
            "others who went get it once."
        ),
        "profile.field.sharing_digest": "Announce me in my region's weekly digest when I join",
        "profile.field.sharing_digest_hint": "Off unless you tick it.",
        "profile.saved": (
            "Your profile is saved. Colleagues searching near *{place}* can now find you."
        ),
        "profile.saved_hidden": (
            "Your profile is saved. It is still hidden, so nobody can find you until you show it."
        ),
        "profile.hidden": "Your profile is hidden. Nobody will find you in searches.",
        "profile.shown": "Your profile is visible again in searches near *{place}*.",
        "profile.confirmed": "Thank you! Your profile stays visible for another year.",
        "profile.errors.place_missing": "Choose the town or city you work in.",
        "profile.errors.place_unknown": "Choose a place from the list as you type.",
        "profile.errors.organisation_missing": "Choose your organisation, or type its name below.",
        "profile.errors.job_title_missing": "Tell colleagues your job title.",
        "profile.errors.profession_unknown": "Choose a profession from the list.",
        "profile.errors.grade_unknown": "Choose a grade from the list.",
        "profile.errors.language_unknown": "Choose languages from the list.",
        "profile.errors.open_to_unknown": "Choose from the options given.",
        "profile.errors.too_many_topics": (
            "Up to 10 topics, please: keep the ones that matter most."
        ),
        "profile.errors.no_profile": (
            "You don't have a profile yet. Create one with `/whoswho me`."
        ),
        # privacy
        "privacy.forget.confirm": (
            "This erases everything Who's Who Locally holds about you in this workspace: your "
            "profile and anything linked to it. Events you organise that haven't started are "
            "cancelled, and the people going are told. It can't be undone."
        ),
        "privacy.forget.confirm_title": "Erase everything?",
        "privacy.forget.confirm_text": "Your profile will be gone for good.",
        "privacy.forget.done": "Done: everything we held about you has been erased.",
        "privacy.forget.nothing": "We held nothing about you, so there was nothing to erase.",
        "privacy.forget.kept": "Nothing was erased.",
        "privacy.export.sent": "I've sent you everything we hold about you in a direct message.",
        "privacy.export.heading": "Everything Who's Who Locally holds about you",
        "privacy.export.none": "We hold nothing about you apart from your Slack user id.",
        "privacy.export.part": "Part {part} of {parts}",
        "privacy.export.note": (
            "Every record that names you, one section each: your profile, your answers to "
            "events, the events you organised and the channels you linked, your mentoring "
            "sign-up, groups and check-ins, your feedback and your choice not to be asked, the "
            "messages scheduled to or about you. Feedback you gave anonymously is here too, "
            'marked `"anonymous": true`: it is still linked to you in our records (so that '
            "`/whoswho forget` can erase your words), but organisers never see your name on it. "
            "What other people gave is theirs, so for your events and feedback rounds you see "
            "how many, not who."
        ),
        # the yearly check
        "nudge.text": (
            "Hello! It's been a year since you last updated your Who's Who Locally profile. "
            "Is it still right? If we don't hear from you within a month we'll hide it from "
            "searches (you can show it again at any time)."
        ),
        "nudge.hidden": (
            "We've hidden your Who's Who Locally profile from searches because we didn't hear "
            "back. Show it again with `/whoswho` whenever you like."
        ),
        # the welcome in channels linked to a region
        "welcome.fallback": "Welcome to {channel}, from Who's Who Locally",
        "welcome.intro": (
            "Welcome to {channel}! I'm *Who's Who Locally*: I help public servants find "
            "colleagues who work near them, across departments, meet at local events and join "
            "small mentoring groups. Type `/whoswho help` to see how."
        ),
        "welcome.people_sharing": "*People near you who share your interests*",
        "welcome.people_near": "*People who work near you*",
        "welcome.no_profile": (
            "Create a profile and I'll suggest colleagues near you who share your interests. "
            "It takes a minute, and you can hide or erase it at any time."
        ),
        "welcome.next_event": "*Next event in {region}:* {title}, {when}{where}",
        "welcome.next_event_where": " in {place}",
        "welcome.no_event": "No events are planned in {region} yet: `/event list` shows them all.",
        "welcome.once": "This is the only welcome I'll send you.",
        "welcome.buttons.decline": "Don't welcome me again",
        "welcome.declined": "Understood: I won't welcome you in any channel again.",
        "welcome.errors.not_linked": (
            "This channel isn't linked to a region, so nobody is welcomed here. Link it with "
            "`/event link &lt;region or place&gt;` first."
        ),
        "welcome.channel_on": (
            "Done: people who join {channel} get a short welcome (once, whichever channel "
            "they join first)."
        ),
        "welcome.channel_off": "Done: people who join {channel} won't be welcomed here.",
        # the Home tab
        "home.title": "Who's Who Locally",
        "home.profile_heading": "Your profile",
        "home.search_heading": "Find people near you",
        "home.search_text": (
            "Search by town, city, region or nation, with optional topics. You can also type "
            "`/whoswho Leeds data` in any channel."
        ),
        "home.privacy_heading": "Your data",
        "home.privacy_text": (
            "`/whoswho export` sends you everything we hold about you; `/whoswho forget` erases it."
        ),
    },
}
