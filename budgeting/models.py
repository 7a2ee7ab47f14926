"""Participatory budgeting (OmaStadi): rounds, allocations, proposals, projects, ballots.

A *round* sets aside a sum for one year. A share of it is for projects that
serve all of Helsinki; the rest is split between the areas of one division
(the suurpiirit) in proportion to their populations. Merges (Östersundom counted
with Itäinen) are rows, not code. Residents propose; planners turn proposals into
costed *projects*; residents vote with one *ballot* per round; the votes fund the
winners area by area.

Proposals and projects are located content (`areas.located.LocatedItem`):
`location` is the point the proposer or planner gave (optional), `geometry` what
the area index is built from — the point, or without one the area chosen for the
item (the whole area is what it concerns; a metre inside its boundary), or nothing for an all-Helsinki item
without a point. Only budgeting.services writes either, and refreshes the index.
Every item carries either a budget area or the flag "all of Helsinki", never
both (a check constraint).
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from areas.located import LocatedItem
from geo_osallisuus.text_fields import PlainCharField, PlainTextField


class BudgetRound(models.Model):
    """One year's participatory budget and the dates of its phases (inclusive)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    name = PlainCharField(_("name"), max_length=200)
    total_sum = models.PositiveIntegerField(_("total sum (EUR)"))
    all_helsinki_share = models.DecimalField(
        _("all-Helsinki share"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("Share of the total for projects serving all of Helsinki, e.g. 0.2 for 20 %."),
    )
    voting_age = models.PositiveSmallIntegerField(_("voting age"), default=12)
    division = models.ForeignKey(
        "areas.DivisionType",
        verbose_name=_("budget division"),
        help_text=_("The division whose areas get their own budgets (the suurpiirit)."),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposals_opens = models.DateField(_("proposals open"))
    proposals_closes = models.DateField(_("proposals close"))
    planning_opens = models.DateField(_("planning opens"))
    planning_closes = models.DateField(_("planning closes"))
    voting_opens = models.DateField(_("voting opens"))
    voting_closes = models.DateField(_("voting closes"))
    results_on = models.DateField(_("results published"))
    implementation_until = models.DateField(_("implementation until"))
    is_demo = models.BooleanField(
        _("demo"), default=False, help_text=_("Made by load_demo_budgeting, which replaces it on every run.")
    )

    class Meta:
        ordering = ("-year",)
        verbose_name = _("budget round")
        verbose_name_plural = _("budget rounds")
        constraints = [
            # The phases follow each other; each may start on the day the previous ends.
            models.CheckConstraint(
                condition=Q(proposals_closes__gte=F("proposals_opens"))
                & Q(planning_opens__gte=F("proposals_closes"))
                & Q(planning_closes__gte=F("planning_opens"))
                & Q(voting_opens__gte=F("planning_closes"))
                & Q(voting_closes__gte=F("voting_opens"))
                & Q(results_on__gte=F("voting_closes"))
                & Q(implementation_until__gte=F("results_on")),
                name="budgetround_phases_ordered",
                violation_error_message=_(
                    "The phases must follow each other: proposals, planning, voting, results, implementation; "
                    "each closes on or after the day it opens and may start on the day the previous one ends."
                ),
            ),
            models.CheckConstraint(
                condition=Q(all_helsinki_share__gte=0) & Q(all_helsinki_share__lte=1),
                name="budgetround_share_is_a_fraction",
            ),
        ]

    def __str__(self) -> str:
        return self.name or str(self.year)


class RoundAreaMerge(models.Model):
    """An area counted with another for a round: its population and its
    proposals, projects and voters belong to `into` (Östersundom → Itäinen)."""

    round = models.ForeignKey(BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="merges")
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), on_delete=models.CASCADE, related_name="+")
    into = models.ForeignKey(
        "areas.Area", verbose_name=_("counted with"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("area merge")
        verbose_name_plural = _("area merges")
        constraints = [
            models.UniqueConstraint(fields=("round", "area"), name="roundareamerge_once_per_area"),
            models.CheckConstraint(condition=~Q(area=F("into")), name="roundareamerge_not_into_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.area} → {self.into}"


class AreaAllocation(models.Model):
    """One part of a round's sum, with the arithmetic that produced it.

    `area` is null for the all-Helsinki part. `quota` is the exact share in
    euros before rounding; `remainder_rank` orders the areas by the fraction
    they lost in flooring (1 = largest), and the first `total − Σ floor` of them
    got one euro more (largest-remainder method).
    """

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="allocations"
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    merged_population = models.PositiveIntegerField(
        _("population of merged areas"), default=0, help_text=_("Included in population.")
    )
    eligible_population = models.PositiveIntegerField(
        _("residents of voting age"),
        null=True,
        blank=True,
        help_text=_("Merged areas included; empty when an area's figure is unknown. The base of turnout."),
    )
    quota = models.DecimalField(_("exact quota (EUR)"), max_digits=16, decimal_places=6)
    amount = models.PositiveIntegerField(_("sum (EUR)"))
    remainder_rank = models.PositiveSmallIntegerField(_("remainder rank"), null=True, blank=True)
    got_extra_euro = models.BooleanField(_("got a remainder euro"), default=False)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        ordering = ("round", "area__code")
        verbose_name = _("area allocation")
        verbose_name_plural = _("area allocations")
        constraints = [
            models.UniqueConstraint(fields=("round", "area"), name="allocation_once_per_area"),
            models.UniqueConstraint(
                fields=("round",), condition=Q(area__isnull=True), name="allocation_one_all_helsinki_part"
            ),
        ]

    @property
    def is_all_helsinki(self) -> bool:
        return self.area_id is None

    def __str__(self) -> str:
        return f"{self.round}: {self.area or _('all of Helsinki')} {self.amount} EUR"


def _scope_constraint(name: str) -> models.CheckConstraint:
    """Exactly one of: a budget area, or all of Helsinki."""
    return models.CheckConstraint(
        condition=Q(all_helsinki=True, area__isnull=True) | Q(all_helsinki=False, area__isnull=False),
        name=name,
    )


class Proposal(LocatedItem):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        ACCEPTED = "accepted", _("accepted for planning")
        MERGED = "merged", _("merged with another proposal")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    round = models.ForeignKey(BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    title = PlainCharField(_("title"), max_length=200)
    description = PlainTextField(_("description"), max_length=5000)
    location = models.PointField(
        _("location"),
        srid=settings.PROJECTION_SRID,
        null=True,
        blank=True,
        help_text=_("The point given for it, if any; its geometry follows from it."),
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("budget area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    all_helsinki = models.BooleanField(_("all of Helsinki"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    moderation_reason = PlainTextField(_("reason"), blank=True, max_length=2000)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    estimated_cost = models.PositiveIntegerField(
        _("estimated cost (EUR)"), null=True, blank=True, help_text=_("The proposer's estimate, when one was given.")
    )
    origin_id = models.CharField(
        _("origin id"),
        max_length=100,
        null=True,
        blank=True,
        unique=True,
        help_text=_('Where an imported proposal comes from and its id there, e.g. "decidim:1234"; re-imports match on it.'),
    )
    origin_status = models.CharField(
        _("status at the origin"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        default="",
        # Rows written by SQL (the bench's generated proposals) need no value either.
        db_default="",
        editable=False,
        help_text=_(
            "The status the last import gave. When the status differs, the proposal was moderated here "
            "and re-imports leave its moderation alone."
        ),
    )
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    # The duplicate check's terms of the title (areas.match_terms), kept at every save.
    match_terms = ArrayField(models.TextField(), default=list, blank=True, editable=False)

    # Residents write in Finnish or Swedish; both stemmers read both fields.
    search_fields = (("title", "fi"), ("title", "sv"), ("description", "fi"), ("description", "sv"))
    summary_key = "budget_proposals"
    summary_fields = ("status",)
    # The API and the map show the given point, not the area an item without one concerns.
    located_geometry_field = "location"

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [
            GinIndex(fields=["title"], opclasses=["gin_trgm_ops"], name="proposal_title_trgm"),
            GinIndex(fields=["match_terms"], name="proposal_match_terms"),
        ]
        constraints = [
            _scope_constraint("proposal_area_or_all_helsinki"),
            # Refusals and merges are explained to the proposer and everyone else.
            models.CheckConstraint(
                condition=~Q(status__in=("rejected", "merged")) | ~Q(moderation_reason=""),
                name="proposal_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalSupport(models.Model):
    """A resident backs an existing proposal instead of duplicating it."""

    proposal = models.ForeignKey(Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=("proposal", "user"), name="support_once_per_user")]


class Project(LocatedItem):
    """A costed plan built from proposals; it enters the vote when its cost fits its area's sum."""

    class Implementation(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        PLANNING = "planning", _("being planned")
        IN_PROGRESS = "in_progress", _("being built")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    round = models.ForeignKey(BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="projects")
    proposals = models.ManyToManyField(Proposal, verbose_name=_("proposals"), blank=True, related_name="projects")
    title = PlainCharField(_("title"), max_length=200)
    description = PlainTextField(_("description"), max_length=10000)
    cost = models.PositiveIntegerField(_("cost (EUR)"), validators=[MinValueValidator(1)])
    location = models.PointField(
        _("location"),
        srid=settings.PROJECTION_SRID,
        null=True,
        blank=True,
        help_text=_("The point given for it, if any; its geometry follows from it."),
    )
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("budget area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    all_helsinki = models.BooleanField(_("all of Helsinki"), default=False)
    on_ballot = models.BooleanField(
        _("on the ballot"), default=False, help_text=_("Set by the service once the cost is checked.")
    )
    implementation_status = models.CharField(
        _("implementation"), max_length=20, choices=Implementation.choices, default=Implementation.NOT_STARTED
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)

    search_fields = (("title", "fi"), ("title", "sv"), ("description", "fi"), ("description", "sv"))
    summary_key = "budget_projects"
    summary_fields = ("implementation_status",)
    located_geometry_field = "location"

    class Meta:
        ordering = ("round", "area__code", "title")
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            _scope_constraint("project_area_or_all_helsinki"),
            models.CheckConstraint(condition=Q(cost__gt=0), name="project_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class Voter(models.Model):
    """What eligibility needs to know about a person. Personal data: no API
    output ever contains these fields; only admins see them.

    In production this row comes from strong identification and the population
    register; the demo creates fictional voters.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="budget_voter"
    )
    birth_date = models.DateField(_("birth date"))
    home_point = models.PointField(_("home location"), srid=settings.PROJECTION_SRID, null=True, blank=True)
    is_resident = models.BooleanField(_("Helsinki resident"), default=False)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")

    def __str__(self) -> str:
        return str(self.user)


class Ballot(models.Model):
    """One voter's choice in one round; changing it rewrites this row (the last one counts).

    Online ballots belong to a voter (one per round: a unique constraint, so
    concurrent requests cannot make two). Paper ballots have no voter, only the
    reference printed on the sheet (unique per round, so a re-import replaces).
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("online")
        PAPER = "paper", _("paper")

    round = models.ForeignKey(BudgetRound, verbose_name=_("round"), on_delete=models.PROTECT, related_name="ballots")
    voter = models.ForeignKey(
        Voter, verbose_name=_("voter"), null=True, blank=True, on_delete=models.PROTECT, related_name="ballots"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    paper_reference = models.CharField(_("paper ballot reference"), max_length=60, blank=True)
    area = models.ForeignKey(
        "areas.Area", verbose_name=_("voted area"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    projects = models.ManyToManyField(Project, verbose_name=_("projects"), through="BallotChoice", related_name="+")
    cast_at = models.DateTimeField(_("first cast"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(
                fields=("round", "voter"), condition=Q(voter__isnull=False), name="ballot_one_per_voter_per_round"
            ),
            models.UniqueConstraint(
                fields=("round", "paper_reference"),
                condition=~Q(paper_reference=""),
                name="ballot_paper_reference_unique",
            ),
            models.CheckConstraint(
                condition=Q(channel="online", voter__isnull=False, paper_reference="")
                | Q(channel="paper", voter__isnull=True) & ~Q(paper_reference=""),
                name="ballot_channel_consistent",
            ),
        ]


class BallotChoice(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="choices")

    class Meta:
        constraints = [models.UniqueConstraint(fields=("ballot", "project"), name="ballotchoice_once")]


class RoundResult(models.Model):
    """The published result of a round: computed once on or after its results day
    (budgeting.results.round_result_published) and read from here ever after, so
    that nothing done later changes what was published. Only an audited recount
    (ResultRecount) rewrites it.

    `budgets` holds, per budget (all of Helsinki first), its sum, ballots,
    turnout and base, and its projects ranked with votes and funded flags: the
    shape budgeting.results.results_snapshot writes.
    """

    round = models.OneToOneField(
        BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="result"
    )
    computed_at = models.DateTimeField(_("computed"))
    budgets = models.JSONField(_("budgets"))

    class Meta:
        verbose_name = _("published result")
        verbose_name_plural = _("published results")

    def __str__(self) -> str:
        return str(self.round)


class ResultRecount(models.Model):
    """Who recounted a published result, when, why, and what it was before and after."""

    round = models.ForeignKey(
        BudgetRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="recounts"
    )
    recounted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recounted by"), on_delete=models.PROTECT, related_name="+"
    )
    recounted_at = models.DateTimeField(_("recounted"), auto_now_add=True)
    reason = models.TextField(_("reason"), max_length=2000)
    before = models.JSONField(_("before"))
    after = models.JSONField(_("after"))

    class Meta:
        ordering = ("-recounted_at", "-id")
        verbose_name = _("recount")
        verbose_name_plural = _("recounts")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="resultrecount_has_reason")]

    def __str__(self) -> str:
        return f"{self.round} {self.recounted_at:%Y-%m-%d %H:%M}"
