"""Words for values several features show, by catalogue key (each written out and marked with
`N_`, so a tool can extract it: a key is never built from a value)."""

from __future__ import annotations

from bot.domain.reference import OpenTo
from bot.i18n import N_

OPEN_TO = {
    OpenTo.COFFEE: N_("open_to.coffee"),
    OpenTo.MENTOR_OTHERS: N_("open_to.mentor_others"),
    OpenTo.BE_MENTORED: N_("open_to.be_mentored"),
    OpenTo.JOB_SHADOWING: N_("open_to.job_shadowing"),
    OpenTo.SPEAKING: N_("open_to.speaking"),
}
