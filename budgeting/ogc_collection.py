"""Budget projects as a collection of the OGC API (ogc/): planners open them in QGIS.

Only projects are published; proposals carry their authors' account links and
stay out. A project's geometry is the point it was given (one layer, one
geometry type, as GIS clients expect); a project placed only by its area has
none, and `budget_area_code` names the area.
"""

from django.utils.translation import gettext_lazy as _


def _projects():
    from .models import Project

    return Project.objects.select_related("round", "area").order_by("-round__year", "pk")


def register() -> None:
    from ogc.registry import Collection, Queryable, collection_registry

    collection_registry.register(
        Collection(
            id="budget-projects",
            title=_("Participatory budgeting projects"),
            description=_(
                "OmaStadi projects of every round with their cost, budget area and implementation status."
            ),
            queryset=_projects,
            geometry="location",
            properties={
                "title": "title",
                "cost_eur": "cost",
                "year": "round__year",
                "budget_area_code": "area__code",
                "budget_area_name": "area__name_fi",
                "all_helsinki": "all_helsinki",
                "on_ballot": "on_ballot",
                "implementation_status": "implementation_status",
                "created": "created_at",
            },
            temporal="created_at",
            queryables=(
                Queryable("year", "round__year", "integer", _("The round's year.")),
                Queryable("implementation_status", "implementation_status", description=_("Implementation status.")),
                Queryable("on_ballot", "on_ballot", "boolean", _("In the vote.")),
            ),
            geometry_type="Point",
            keywords=("omastadi", "budgeting"),
        )
    )
