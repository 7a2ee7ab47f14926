"""Telling an initiative from feedback or an application, as the participation
model defines them:

- an *initiative* is a written proposal to bring about or start something new;
- an *application* seeks a direct benefit for the applicant: it is not an initiative;
- an opinion on a matter that is already being handled is not an initiative of
  its own: it belongs to that matter (a pending case);
- a remark on what has already been done is *feedback*, not an initiative.

Three yes/no questions decide it, in this order. The API asks them before an
initiative is filed and answers with where the text belongs instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

INITIATIVE = "initiative"
FEEDBACK = "feedback"
APPLICATION = "application"
OPINION = "opinion_on_pending_case"

QUESTIONS = {
    "about_past": _("Is it about something the city has already done (or failed to do)?"),
    "own_benefit": _("Do you ask for something for yourself only (a permit, a benefit, a place)?"),
    "pending_matter": _("Is it your opinion on a matter the city is already handling?"),
}

MSG_IS_FEEDBACK = _(
    "A remark on what has already been done is feedback, not an initiative: send it as feedback, "
    "and it reaches the right place without you knowing whose responsibility it is."
)
MSG_IS_APPLICATION = _(
    "A request for a direct benefit for yourself is an application, not an initiative: apply to the service in question."
)
MSG_IS_OPINION = _(
    "An opinion on a matter already being handled is not an initiative of its own: give it to that matter "
    "(the pending cases listed may be it)."
)
MSG_IS_INITIATIVE = _("A proposal to bring about or start something new: this is an initiative.")


@dataclass(frozen=True)
class KindVerdict:
    kind: str
    message: str

    @property
    def is_initiative(self) -> bool:
        return self.kind == INITIATIVE


def initiative_kind_check(*, about_past: bool = False, own_benefit: bool = False, pending_matter: bool = False) -> KindVerdict:
    """Which of initiative, feedback, application or opinion the answers describe."""
    if about_past:
        return KindVerdict(FEEDBACK, str(MSG_IS_FEEDBACK))
    if own_benefit:
        return KindVerdict(APPLICATION, str(MSG_IS_APPLICATION))
    if pending_matter:
        return KindVerdict(OPINION, str(MSG_IS_OPINION))
    return KindVerdict(INITIATIVE, str(MSG_IS_INITIATIVE))
