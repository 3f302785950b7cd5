"""Who's Who Locally: find, meet and learn from public servants near you, in Slack."""
