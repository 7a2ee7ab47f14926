"""GeoJSON FeatureCollection pages: keyset (cursor) pages by default, page numbers on request.

Without `page`, a list answers its first page with `count` and a `next` link
that carries a signed `cursor` (areas.api.keyset): later pages filter on the
last row's ordering key instead of counting and skipping every earlier row,
and carry no `count` (null). `?page=N` keeps the page-number pages that
existing clients build themselves: a `count` on every page and `page=N+1`
links. A list whose ordering is not a plain field or annotation also pages by
number.
"""

from django.core.paginator import InvalidPage
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework_gis.pagination import GeoJsonPagination

from areas.api import params
from areas.api.keyset import BACKWARD, FORWARD, Keyset

MSG_PAGE_AND_CURSOR = _("Give either page or cursor, not both.")


class GeoFeaturePagination(GeoJsonPagination):
    """GeoJSON FeatureCollection pages with next/previous links.

    Outside EPSG:4326 the collection carries a named `crs` member (GeoJSON 2008),
    which QGIS and GDAL read; RFC 7946 output (4326) has none.

    Two steps, so that a page built in SQL (LocatedViewSet) and one built by
    serializers share them: `page_queryset` gives the page's rows to fetch (one
    more than the page size in cursor mode), `settle` takes the fetched rows with
    their keys and sets `count` and the links.
    """

    page_size = 100
    max_page_size = 1000
    cursor_query_param = "cursor"

    def get_page_size(self, request):
        """`page_size` from 1 to max_page_size; anything else is a 400, not silently the default."""
        size = params.integer(request.query_params, self.page_size_query_param, low=1, high=self.max_page_size)
        return self.page_size if size is None else size

    def paginate_queryset(self, queryset, request, view=None):
        page = self.page_queryset(queryset, request, view)
        rows = list(page)
        names = self.keyset.names if self.keyset else []
        return self.settle(rows, [tuple(getattr(row, name) for name in names) for row in rows])

    def page_queryset(self, queryset: QuerySet, request, view=None, *, counted: QuerySet | None = None) -> QuerySet:
        """The rows of the requested page, in order; a cursor page's rows carry `keyset_<n>`.

        `counted`: the same rows without the page's costly annotations, for the first page's count."""
        self.request = request
        self.size = self.get_page_size(request)
        query = request.query_params
        cursor = query.get(self.cursor_query_param)
        self.keyset = Keyset.of(queryset) if self.page_query_param not in query else None
        if self.keyset is None:
            if cursor is not None:
                raise ParseError(MSG_PAGE_AND_CURSOR)
            return self._numbered(queryset, request)
        self.page = None
        self.direction, self.values = FORWARD, None
        if cursor is not None:
            self.values, self.direction = self.keyset.decode(cursor, queryset)
        self.count = (queryset if counted is None else counted).count() if cursor is None else None
        page = self.keyset.annotate(queryset, direction=self.direction)
        if self.values is not None:
            nullable = self.keyset.nullable(queryset)
            page = page.filter(self.keyset.after(self.values, direction=self.direction, nullable=nullable))
        return page[: self.size + 1]

    def _numbered(self, queryset: QuerySet, request) -> QuerySet:
        # A malformed page number is the client's mistake (400); a page past the end stays a 404.
        if request.query_params.get(self.page_query_param) not in self.last_page_strings:
            params.integer(request.query_params, self.page_query_param, low=1)
        paginator = self.django_paginator_class(queryset, self.size)
        number = self.get_page_number(request, paginator)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound(self.invalid_page_message.format(page_number=number, message=str(exc))) from None
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        self.count = paginator.count
        return self.page.object_list

    def settle(self, rows: list, keys: list[tuple]) -> list:
        """The page's rows in the list's order, from what `page_queryset` fetched; sets the links."""
        if self.page is not None:
            self.next_url, self.previous_url = self.get_next_link(), self.get_previous_link()
            return rows
        more = len(rows) > self.size
        rows, keys = rows[: self.size], keys[: self.size]
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        if self.direction == BACKWARD:
            rows, keys = rows[::-1], keys[::-1]
        after_more = more if self.direction == FORWARD else self.values is not None
        before_more = self.values is not None if self.direction == FORWARD else more
        self.next_url = self._link(url, keys[-1], FORWARD) if after_more and keys else None
        self.previous_url = self._link(url, keys[0], BACKWARD) if before_more and keys else None
        return rows

    def _link(self, url: str, key: tuple, direction: str) -> str:
        return replace_query_param(url, self.cursor_query_param, self.keyset.encode(key, direction=direction))

    def page_head(self) -> dict:
        """The collection's members besides `features`."""
        head = {"type": "FeatureCollection", "count": self.count, "next": self.next_url, "previous": self.previous_url}
        srid = getattr(self.request, "output_srid", 4326)
        if srid != 4326:
            head["crs"] = {"type": "name", "properties": {"name": f"urn:ogc:def:crs:EPSG::{srid}"}}
        return head

    def get_paginated_response(self, data):
        return Response({**self.page_head(), "features": data["features"]})

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque position in the list, as the `next` and `previous` links carry it "
                "(not with `page`). Pages after the first have no `count`.",
                "schema": {"type": "string"},
            },
        ]

    def get_paginated_response_schema(self, schema):
        """The page as it is sent: the FeatureCollection the list serializer
        documents (`schema`, drf-spectacular's GIS extension) plus the count and
        links, and `crs` outside EPSG:4326.

        rest_framework_gis' own version renames `results` to `features` but keeps
        `results` required and nests the whole collection under `features`, so
        every real page broke the documented schema.
        """
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "allOf": [
                schema,
                {
                    "type": "object",
                    "required": ["type", "count", "features"],
                    "properties": {
                        "count": {
                            "type": "integer",
                            "nullable": True,
                            "example": 123,
                            "description": "How many items the list has: on the first page and on numbered pages "
                            "(`page`); null on cursor pages after the first.",
                        },
                        "next": link,
                        "previous": link,
                        "crs": {
                            "type": "object",
                            "description": "Named CRS (GeoJSON 2008), only outside EPSG:4326.",
                            "properties": {
                                "type": {"type": "string", "enum": ["name"]},
                                "properties": {
                                    "type": "object",
                                    "properties": {"name": {"type": "string"}},
                                },
                            },
                        },
                    },
                },
            ]
        }
