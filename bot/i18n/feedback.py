"""Words of post-session feedback as participants read them: the question after an event or a
mentoring group's session, its reminder, the "tell us more" form, the follow-up weeks later,
"don't ask me for feedback" and the way back, and every refusal the feedback service can give.
(What organisers read, summaries, the Home tab's part and exports, lives in
`bot.i18n.feedback_summary`.)

Translators: `feedback.prompt.date.tokens` holds Slack's own date tokens (api.slack.com
"formatting dates"): keep the words in braces as they are. Every other `{name}` is filled in by
the app. The measure statements are the programme's own wording: translate them with the
programme team, not freely.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # dates: Slack shows <!date^…> in each reader's own words and zone; the fallback is UK
        "feedback.prompt.date.tokens": "{date_long_pretty} at {time}",
        "feedback.prompt.date.fallback": "{weekday} {day} {month} {year} at {time} (UK time)",
        "feedback.prompt.date.weekdays": "Mon Tue Wed Thu Fri Sat Sun",
        "feedback.prompt.date.months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        # the question (and its reminder)
        "feedback.prompt.question.event": "How useful was *{title}*?",
        "feedback.prompt.question.group": "How useful has your mentoring group been?",
        "feedback.prompt.question.session": "How useful was your group's last session?",
        "feedback.prompt.when": "It was {when}.",
        "feedback.prompt.group_context": (
            "Your mentoring group's cycle has ended: a few seconds of your view helps the "
            "programme run better groups."
        ),
        "feedback.prompt.session_context": (
            "Your group told me it met: a few seconds of your view helps the programme run "
            "better groups."
        ),
        "feedback.prompt.reminder": (
            "A gentle reminder, in case this got buried. I won't remind you again."
        ),
        "feedback.prompt.reminder_short": "Reminder",
        "feedback.prompt.scale": "1 = not useful at all, 5 = very useful. One click is enough.",
        "feedback.prompt.more": "Tell us more",
        "feedback.prompt.opt_out": "Don't ask me for feedback",
        "feedback.prompt.closes": (
            "The organiser sees ratings only as totals. This question closes {date}."
        ),
        "feedback.prompt.rating_label": "{rating}",
        # what replaces the question once answered
        "feedback.answer.rated": "Thanks, you rated {subject} {rating}/5.",
        "feedback.answer.rated_again": (
            "You'd already rated {subject} {rating}/5, so nothing changed."
        ),
        "feedback.answer.details": "Thanks for telling us more about {subject}.",
        "feedback.answer.details_again": (
            "Those answers about {subject} were already recorded, so nothing changed."
        ),
        "feedback.answer.your_rating": "Your rating: {rating}/5.",
        "feedback.answer.anonymous": (
            "Your comments will be shown to the organiser without your name."
        ),
        "feedback.answer.named": "Your comments may be shown to the organiser with your name.",
        "feedback.answer.change": (
            "Changed your mind? Pick another rating and it replaces this one, until {date}."
        ),
        "feedback.answer.more_hint": (
            "Want to say more? *Tell us more* takes a minute and is entirely optional."
        ),
        "feedback.answer.edit": "Edit your answers",
        "feedback.answer.subject.group": "your mentoring group",
        "feedback.answer.subject.session": "your group's last session",
        "feedback.answer.subject.event": "*{title}*",
        "feedback.answer.closed_note": "This question has closed.",
        # the "tell us more" form
        "feedback.form.title": "Tell us more",
        "feedback.form.submit": "Send",
        "feedback.form.intro": "About {subject}. Every question is optional: answer what you like.",
        "feedback.form.rating": "How useful was it?",
        "feedback.form.rating_hint": "1 = not useful at all, 5 = very useful",
        "feedback.form.rated": (
            "You rated it {rating}/5. To change it, pick another rating in the message."
        ),
        "feedback.form.measures": "*Do you agree?*",
        "feedback.form.agree": "Agree",
        "feedback.form.disagree": "Disagree",
        "feedback.form.what_worked": "What worked?",
        "feedback.form.could_be_better": "What could be better?",
        "feedback.form.comment_hint": "Up to {limit} characters.",
        "feedback.form.mentoring_label": "Mentoring",
        "feedback.form.mentoring": "I'd like to join a mentoring group",
        "feedback.form.mentoring_hint": (
            "Small groups from different departments who meet to learn from each other. "
            "Tick this and the sign-up form opens when you send your feedback."
        ),
        "feedback.form.anonymous_label": "Anonymity",
        "feedback.form.anonymous": "Answer anonymously",
        "feedback.form.anonymous_hint": (
            "Your comments are shown to the organiser without your name. Your rating and "
            "answers above are only ever shown as totals."
        ),
        "feedback.form.privacy": (
            "Organisers see averages only once at least {count} people have answered, so "
            "nobody can be singled out."
        ),
        # the follow-up, weeks later
        "feedback.follow_up.question.event": (
            "A few weeks ago you went to *{title}* ({when}). Since then, have you…"
        ),
        "feedback.follow_up.question.group": (
            "A few weeks ago your mentoring group's cycle ended. Since then, have you…"
        ),
        "feedback.follow_up.fallback.event": "Since {title}, what came of it?",
        "feedback.follow_up.fallback.group": "Since your mentoring group, what came of it?",
        "feedback.follow_up.outcome.applied": "applied what you learned?",
        "feedback.follow_up.outcome.collaborated": "collaborated with someone you met?",
        "feedback.follow_up.outcome.moved": "moved role, or between departments?",
        "feedback.follow_up.answer": "Tell us",
        "feedback.follow_up.none": "None of these yet",
        "feedback.follow_up.context": (
            "One question, once: it shows the programme what people's time together led to. "
            "Answer by {date}."
        ),
        "feedback.follow_up.title": "What came of it?",
        "feedback.follow_up.intro": "Since {subject}, have you… Tick any that apply, or none.",
        "feedback.follow_up.subject.event": "*{title}*",
        "feedback.follow_up.subject.group": "your mentoring group",
        "feedback.follow_up.subject.unknown": "the session we asked about",
        "feedback.follow_up.label": "Since then",
        "feedback.follow_up.choice.applied": "I applied what I learned",
        "feedback.follow_up.choice.collaborated": "I collaborated with someone I met",
        "feedback.follow_up.choice.moved": "I moved role, or between departments",
        "feedback.follow_up.recorded": "Thanks, recorded: {outcomes}.",
        "feedback.follow_up.recorded_none": (
            "Thanks, recorded: none of these yet. That's useful to know too."
        ),
        "feedback.follow_up.already": "That answer was already recorded, so nothing changed.",
        "feedback.follow_up.joiner": "; ",
        "feedback.follow_up.done.applied": "you applied what you learned",
        "feedback.follow_up.done.collaborated": "you collaborated with someone you met",
        "feedback.follow_up.done.moved": "you moved role or between departments",
        # "don't ask me for feedback", and the way back
        "feedback.opt.confirm_title": "Stop feedback questions?",
        "feedback.opt.confirm_text": (
            "I won't ask you for feedback after events or group sessions any more, and "
            "questions on their way to you are withdrawn. You can change your mind at any time."
        ),
        "feedback.opt.confirm": "Stop asking me",
        "feedback.opt.deny": "Keep asking",
        "feedback.opt.out": (
            "Done: I won't ask you for feedback any more. Anything you already answered still "
            "counts, without change."
        ),
        "feedback.opt.out_already": (
            "You'd already asked me not to ask for feedback: nothing changed."
        ),
        "feedback.opt.in_offer": "Changed your mind?",
        "feedback.opt.in": "Ask me for feedback again",
        "feedback.opt.in_done": (
            "Welcome back: I'll ask you for feedback again, from the next event or group "
            "session on."
        ),
        "feedback.opt.in_already": (
            "You're already being asked for feedback: nothing changed. Each question has a "
            "*Don't ask me for feedback* button if you change your mind."
        ),
        # the programme's basket of measures, as agree / disagree statements
        "feedback.measure.learned": "I learned something I will put into practice",
        "feedback.measure.developed": "I developed personally or professionally",
        "feedback.measure.equipped": "I am better equipped with skills, tools or knowledge",
        "feedback.measure.public_sector": "I know more about the public sector where I work",
        "feedback.measure.mobility": "I am more likely to move between departments or progress",
        # refusals the feedback service gives
        "feedback.errors.gone": (
            "That feedback question isn't there any more (perhaps you asked me to forget "
            "you, or what it was about was deleted), so nothing was recorded."
        ),
        "feedback.errors.not_yours": (
            "That feedback question was sent to someone else, so your click wasn't counted "
            "and nothing changed."
        ),
        "feedback.errors.cancelled": (
            "That event was cancelled, so there's no feedback to give. Nothing was recorded."
        ),
        "feedback.errors.not_attended": (
            "Feedback is asked only of people who went, and you weren't down as going, so "
            "nothing was recorded."
        ),
        "feedback.errors.closed": (
            "Thank you, but this question has closed, so your answer wasn't recorded. "
            "You'll be asked again after the next event or session you go to."
        ),
        "feedback.errors.not_yet": (
            "It's a little early for that question: I'll ask once the time comes."
        ),
        "feedback.errors.rating": "Please pick a rating from 1 to 5.",
        "feedback.errors.measure_unknown": (
            "That isn't one of the statements we ask about. Please close the form and open "
            "it again."
        ),
        "feedback.errors.measure_choice": "Please choose agree or disagree, or leave it blank.",
        "feedback.errors.comment_too_long": (
            "That's longer than this box allows: please shorten it a little."
        ),
        "feedback.errors.follow_up_choice": (
            "Please tick only the choices shown (or none of them)."
        ),
        "feedback.errors.no_event": (
            "I can't find that event. `/event feedback` lists your events with feedback."
        ),
        "feedback.errors.not_your_event": (
            "Only the event's organiser, the programme's organisers or a workspace admin can see"
            " its feedback."
        ),
        "feedback.errors.not_asked_yet": (
            "Nobody has been asked about that event yet: people are asked once it ends."
        ),
        "feedback.errors.too_few_to_export": (
            "Fewer than {needed} people have answered, so there's nothing to export yet: with "
            "so few, answers could be traced back to the people who gave them."
        ),
    },
}
