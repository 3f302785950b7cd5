"""Words of installing the app in a workspace: the pages Slack sends people back to, and what
a person is told when their workspace's installation is gone."""

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "install.page.title": "Install Who's Who Locally",
        "install.page.body": (
            "Who's Who Locally helps public servants find each other, meet and learn across "
            "departments, in the Slack workspaces where they already talk. Installing it asks "
            "Slack for the permissions listed on the next page; nothing is shared outside your "
            "workspace."
        ),
        "install.page.button": "Add to Slack",
        "install.done.title": "Who's Who Locally is installed",
        "install.done.body": (
            "Who's Who Locally is now installed in {workspace}. Type /whoswho in any channel "
            "to create your profile or find people near you; organisers can type /event to "
            "announce an event and /event link in a channel to announce a region's events there."
        ),
        "install.done.open": "Open Slack",
        "install.failed.title": "Who's Who Locally was not installed",
        "install.failed.access_denied": (
            "You chose not to install Who's Who Locally, so nothing was changed. You can install "
            "it later from the same link."
        ),
        "install.failed.invalid_browser": (
            "This installation was started in another browser, or your browser did not keep "
            "the cookie it needs, so it could not be finished safely. Start again from the "
            "install link, in this browser."
        ),
        "install.failed.invalid_state": (
            "This installation link has expired or has been used already. Start again from "
            "the install link."
        ),
        "install.failed.missing_code": (
            "Slack did not send back what was needed to finish the installation. Start again "
            "from the install link."
        ),
        "install.failed.invalid_code": (
            "Slack did not accept the installation (the approval may have expired). Start "
            "again from the install link."
        ),
        "install.failed.storage_error": (
            "The installation was approved but could not be saved on our side. Nothing was "
            "installed; please try again in a few minutes."
        ),
        "install.failed.other": (
            "The installation could not be finished (Slack said: {reason}). Nothing was "
            "installed; start again from the install link."
        ),
        "install.again": "Start again",
        "install.missing": (
            "Who's Who Locally is not installed in this workspace any more, so it cannot "
            "answer. Ask a workspace admin to install it again."
        ),
    },
}
