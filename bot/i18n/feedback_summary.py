"""Words organisers read about feedback on their events (`/event feedback`, the summary sent when
an event's feedback window closes, the CSV export) and the App Home's feedback parts (prompts
waiting for the person's answer, and organisers' feedback so far).

Translators: every `{name}` is filled in by the app. Keys ending `.one` and `.many` are the
singular and plural of a count. `feedback.summary.date_tokens` holds Slack's own date token
(api.slack.com "formatting dates"): keep the word in braces as it is. The words of refusals
(`feedback.errors.*`) and the programme's measure statements (`feedback.measure.*`) live with
the rest of the feature's words in `bot.i18n.feedback`.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # /event feedback: which event
        "feedback.summary.help_line": (
            "• `/event feedback [event]` — the feedback on your latest event, or on the one "
            "whose title holds the words you type (organisers)"
        ),
        "feedback.summary.not_organiser": (
            "Feedback summaries are for the people who organise events. When you organise one, "
            "`/event feedback` shows what those who went thought of it."
        ),
        "feedback.summary.none_yet": (
            "None of your events has feedback yet. Once an event ends, the people who went are "
            "asked how it was, and `/event feedback` shows their answers as they come in."
        ),
        "feedback.summary.no_match": (
            "None of your events with feedback has *{words}* in its title. `/event feedback` on "
            "its own shows your latest event's feedback."
        ),
        "feedback.summary.no_match_hint": (
            "You can see feedback on the events you organised; workspace admins can see every "
            "event's."
        ),
        "feedback.summary.pick": "Several of your events match *{words}*. Which one?",
        "feedback.summary.pick_fallback": "Which event's feedback would you like to see?",
        "feedback.summary.pick_button": "See feedback",
        "feedback.summary.others": "Your other events with feedback:",
        "feedback.summary.others_hint": (
            "`/event feedback &lt;words from a title&gt;` shows another event's feedback."
        ),
        # one event's summary
        "feedback.summary.title": "Feedback on *{title}*",
        "feedback.summary.fallback": "Feedback on {title}: {responses} of {asked} answered",
        "feedback.summary.by": "organised by {organiser}",
        "feedback.summary.by_erased": "organised by a former member",
        "feedback.summary.open_until": "Still open for answers until {date}: the numbers may grow.",
        "feedback.summary.closed": "Final numbers: answers closed {date}.",
        "feedback.summary.date_tokens": "{date_short_pretty}",
        "feedback.summary.nobody_asked": (
            "Nobody was asked: nobody had said they were going, or everyone going had asked "
            "not to be asked for feedback."
        ),
        "feedback.summary.responses": "*{responses} of {asked} answered* ({rate})",
        "feedback.summary.responses_none": "*Nobody has answered yet* ({asked} asked).",
        "feedback.summary.average": "*Average rating:* {average} out of 5, from {ratings}",
        "feedback.summary.ratings.one": "1 rating",
        "feedback.summary.ratings.many": "{count} ratings",
        "feedback.summary.average_hidden": (
            "*Ratings:* {ratings} so far. The average and how the ratings spread show once "
            "{needed} people have rated it."
        ),
        "feedback.summary.distribution_line": "{rating} ★  {bar} {count}",
        "feedback.summary.small": (
            "Fewer than {needed} people have answered, so only counts are shown: averages, "
            "agree-rates and comments with a name could tell you who said what. They show once "
            "{needed} have answered."
        ),
        "feedback.summary.measures_heading": (
            "*Of those who answered each statement, how many agreed*"
        ),
        "feedback.summary.measure_rate": "• {statement}: *{rate}* ({agreed} of {answered})",
        "feedback.summary.measure_count": "• {statement}: {answered} answered",
        "feedback.summary.measure_none": "• {statement}: not answered yet",
        "feedback.summary.follow_up_heading": (
            "*Weeks later:* {answered} of {asked} asked said what came of it"
        ),
        "feedback.summary.follow_up_line": "• {outcome}: {count}",
        "feedback.summary.follow_up_small": (
            "What each said shows once {needed} have answered the follow-up."
        ),
        "feedback.summary.outcome.applied": "applied what they learned",
        "feedback.summary.outcome.collaborated": "worked with someone they met there",
        "feedback.summary.outcome.moved": "moved role, or between departments",
        "feedback.summary.comments_heading": "*Comments* ({count})",
        "feedback.summary.comments_latest": "*Comments*: the latest {shown} of {count}",
        "feedback.summary.comments_none": "No comments yet.",
        "feedback.summary.worked": "*What worked:* {text}",
        "feedback.summary.better": "*Could be better:* {text}",
        "feedback.summary.from": "— {who}",
        "feedback.summary.anonymous": "_anonymous_",
        "feedback.summary.more_in_csv.one": (
            "1 more comment is in the CSV export (*Export CSV* below)."
        ),
        "feedback.summary.more_in_csv.many": (
            "{count} more comments are in the CSV export (*Export CSV* below)."
        ),
        "feedback.summary.more_later.one": "1 earlier comment is not shown here.",
        "feedback.summary.more_later.many": "{count} earlier comments are not shown here.",
        "feedback.summary.withheld.one": (
            "1 comment with a name is held back while fewer than {needed} people have answered, "
            "so that nobody can be singled out. It shows once {needed} have."
        ),
        "feedback.summary.withheld.many": (
            "{count} comments with a name are held back while fewer than {needed} people have "
            "answered, so that nobody can be singled out. They show once {needed} have."
        ),
        "feedback.summary.export_button": "Export CSV",
        "feedback.summary.export_later": "The CSV export opens once {needed} people have answered.",
        "feedback.summary.privacy": (
            "People may answer anonymously: their comments never carry a name. Comments are "
            "deleted after a while, and anyone can erase their own with `/whoswho forget`."
        ),
        "feedback.summary.modal_title": "Feedback",
        "feedback.summary.close": "Close",
        # the direct message when an event's answers close
        "feedback.summary.dm_intro": (
            "Answers about *{title}* have closed. Here is what people who went thought of it."
        ),
        "feedback.summary.dm_fallback": (
            "Feedback on {title} is in: {responses} of {asked} answered"
        ),
        "feedback.summary.dm_more": (
            "`/event feedback` with words from the event's title shows this again, with every "
            "comment."
        ),
        # the CSV export
        "feedback.export.sent": (
            "I've sent the feedback on *{title}* to our direct messages as a CSV file."
        ),
        "feedback.export.comment": (
            "Feedback on *{title}*: one row per answer, in no particular order; anonymous "
            "answers carry no name. Please keep it within your team and delete it when you're "
            "done."
        ),
        "feedback.export.failed": (
            "Sorry, Slack wouldn't take the CSV file just now ({reason}). Please try again in a "
            "minute."
        ),
        # the App Home
        "feedback.home.awaiting_heading": "Waiting for your answer",
        "feedback.home.awaiting_event": "How useful was *{title}*? Answers close {date}.",
        "feedback.home.awaiting_group": (
            "How is your mentoring group going? Answers close {date}."
        ),
        "feedback.home.answer_button": "Answer",
        "feedback.home.more": "and {count} more",
        "feedback.home.opted_out": (
            "You've asked not to be asked for feedback, so I don't send you questions after "
            "events or group sessions."
        ),
        "feedback.home.opt_in_button": "Ask me again",
        "feedback.home.summaries_heading": "Feedback on your events",
        "feedback.home.summaries_none": (
            "No feedback yet. When one of your events ends, the people who went are asked how "
            "it was, and what they say shows here."
        ),
        "feedback.home.line_counts": "{responses} of {asked} answered",
        "feedback.home.line_average": "average {average} out of 5",
        "feedback.home.line_small": "the average shows once {needed} have answered",
        "feedback.home.line_open": "open for answers",
        "feedback.home.line_closed": "closed",
        "feedback.home.see_button": "See feedback",
        "feedback.home.hint": "`/event feedback` shows any of your events' feedback.",
    },
}
