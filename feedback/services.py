"""Writes of feedback: filing, routing, handling, following; importing the service list.

Every refusal raises django's ValidationError (or areas.geometry.GeometryError
for places, ServiceImportError for an import) with one of the message constants
below, and nothing is stored. A refusal of what a resident typed carries a `code`
naming it (place, description, service, photo_*), so a form shows it beside the field.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _

from areas.geocoding import address_find
from areas.geometry import GeometryError, is_within_helsinki, to_projection
from areas.land import point_on_land
from geo_osallisuus.roles import user_is_planner

from .models import FeedbackFollow, FeedbackPhoto, FeedbackRequest, Sector, Service
from .photos import CleanPhoto, photo_clean
from .routing import feedback_route

MSG_OUTSIDE_HELSINKI = _("The location is outside Helsinki: choose a place in Helsinki.")
MSG_ON_WATER = _("The location is on water, not on the city's land: service {code} takes feedback only on land.")
MSG_PLACE_REQUIRED = _("Give the place as a point or as an address (street and number).")
MSG_ADDRESS_UNKNOWN = _(
    "The address {address!r} is not in the city's address register: give it as street and number "
    "(Mannerheimintie 5), or give the point."
)
MSG_MEDIA_URL = _("media_url must be the https:// address of a photo (e.g. https://example.org/photo.jpg).")
MSG_SERVICE_INACTIVE = _("Service {code} does not take feedback any more.")
MSG_DESCRIPTION_REQUIRED = _("Describe the matter in a few words (at least 10 characters).")
MSG_ANSWER_REQUIRED = _("A closed request needs the city's public answer.")
MSG_STATUS_BACKWARDS = _("A request moves from open to in progress to closed; it cannot go from {old} to {new}.")
MSG_NOT_HANDLER = _("Only the request's sector, planners and admins may answer it.")
MSG_ALREADY_FOLLOWING = _("You already follow this request.")
MSG_FOLLOW_CLOSED = _("This request is closed; file a new one if the matter came back.")
MSG_SECTOR_UNKNOWN = _("No sector has the code {code!r}; the sectors are: {codes}.")
MSG_NO_SECTORS = _("There are no sectors yet: add them in the admin (Feedback → Sectors) first.")
MSG_SECTOR_REQUIRED = _("New services need a default sector: {codes}. Give one of the sectors {sectors} with --sector.")
MSG_SERVICE_INVALID = _("Service {code}: {details}")
MSG_IMPORT_SUMMARY = _("{created} created, {updated} updated, {unchanged} unchanged, {deactivated} deactivated")
MSG_DRY_RUN = _(" (dry run: nothing was saved)")
MSG_MISSING_KEPT = _("In the database but not in the list, left as they are: {services}.")
MSG_MISSING_DEACTIVATED = _("In the database but not in the list, inactive: {services}.")
MSG_INACTIVE_KEPT = _(
    "In the list but inactive here, left inactive: {services} (--deactivate-missing activates the listed services)."
)

DESCRIPTION_MIN = 10
_HTTPS_URL = URLValidator(schemes=["https"])
_ORDER = {FeedbackRequest.Status.OPEN: 0, FeedbackRequest.Status.IN_PROGRESS: 1, FeedbackRequest.Status.CLOSED: 2}


def feedback_point_check(point: Point) -> Point:
    """`point` in the projection SRID when it lies in Helsinki (areas.boundary's rule)."""
    point = to_projection(point)
    if not is_within_helsinki(point):
        raise GeometryError(MSG_OUTSIDE_HELSINKI)
    return point


def feedback_place(*, service: Service, point: Point | None, address_string: str = "") -> Point:
    """Where a request lies: `point` (any allowed SRID), else the address register's point of
    `address_string` (street and number, exactly as areas.geocoding.address_find reads it).

    The place must be in Helsinki and, unless the service allows water, on the city's land
    (areas.land): a pothole at sea is a mistake, a buoy adrift is not.
    """
    if point is None:
        address_string = (address_string or "").strip()
        if not address_string:
            raise ValidationError(MSG_PLACE_REQUIRED, code="place")
        address = address_find(text=address_string)
        if address is None:
            raise ValidationError(MSG_ADDRESS_UNKNOWN.format(address=address_string[:100]), code="place")
        point = address.point
    point = feedback_point_check(point)
    if not service.allows_water and not point_on_land(point):
        raise GeometryError(MSG_ON_WATER.format(code=service.service_code))
    return point


def feedback_media_url_check(value: str) -> str:
    """`value` stripped when it is empty or an https URL (it is published as given)."""
    value = (value or "").strip()
    if value:
        try:
            _HTTPS_URL(value)
        except ValidationError:
            raise ValidationError(MSG_MEDIA_URL) from None
    return value


@transaction.atomic
def feedback_create(
    *,
    service: Service,
    description: str,
    point: Point | None,
    author=None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    address_string: str = "",
    media_url: str = "",
    photo=None,
    clean_photo: CleanPhoto | None = None,
    is_public: bool = True,
) -> FeedbackRequest:
    """File a request at `point` (any allowed SRID), or at the address `address_string`
    names when `point` is None (feedback_place), and route it. `photo` (an uploaded
    file) is stored re-encoded without its metadata (feedback.photos); `clean_photo` is one
    photo_clean already re-encoded (the page's kept photo, feedback.photo_keep)."""
    if photo is not None:
        clean_photo = photo_clean(upload=photo)
    if not service.is_active:
        raise ValidationError(MSG_SERVICE_INACTIVE.format(code=service.service_code), code="service")
    description = (description or "").strip()
    if len(description) < DESCRIPTION_MIN:
        raise ValidationError(MSG_DESCRIPTION_REQUIRED, code="description")
    media_url = feedback_media_url_check(media_url)
    point = feedback_place(service=service, point=point, address_string=address_string)
    request = FeedbackRequest.objects.create(
        service=service,
        description=description,
        geometry=point,
        author=author if getattr(author, "is_authenticated", False) else None,
        email=email.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        address_string=address_string.strip(),
        media_url=media_url,
        is_public=is_public,
    )
    if clean_photo is not None:
        stored = FeedbackPhoto(
            request=request, content_type=clean_photo.content_type, width=clean_photo.width, height=clean_photo.height
        )
        stored.image.save(str(stored.key), ContentFile(clean_photo.content), save=True)
    feedback_route(ids=[request.pk])
    request.refresh_from_db()
    return request


def user_may_handle(*, user, request: FeedbackRequest) -> bool:
    """Planners and admins, and members of the request's sector."""
    if user_is_planner(user):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and request.sector_id
        and Sector.objects.filter(pk=request.sector_id, members=user).exists()
    )


def user_may_see(*, user, request: FeedbackRequest, own_ids=()) -> bool:
    """A public request: everyone. A private one: its author, the sender whose session
    filed it (`own_ids`, for anonymous senders), its handlers (user_may_handle)."""
    if request.is_public or request.pk in set(own_ids):
        return True
    if getattr(user, "is_authenticated", False) and request.author_id == user.pk:
        return True
    return user_may_handle(user=user, request=request)


@transaction.atomic
def feedback_set_status(*, request: FeedbackRequest, user, status: str, status_notes: str | None = None) -> FeedbackRequest:
    """Move a request forward (open → in progress → closed) with the public answer."""
    if not user_may_handle(user=user, request=request):
        raise ValidationError(MSG_NOT_HANDLER)
    request = FeedbackRequest.objects.select_for_update().get(pk=request.pk)
    if _ORDER[status] < _ORDER[request.status]:
        raise ValidationError(MSG_STATUS_BACKWARDS.format(old=request.status, new=status))
    notes = request.status_notes if status_notes is None else status_notes.strip()
    if status == FeedbackRequest.Status.CLOSED and not notes:
        raise ValidationError(MSG_ANSWER_REQUIRED)
    request.status = status
    request.status_notes = notes
    request.save(update_fields=["status", "status_notes", "updated_at"])
    return request


def feedback_follow(*, request: FeedbackRequest, user) -> FeedbackFollow:
    """Follow an open request instead of filing a duplicate; once per user (a database constraint)."""
    if request.status == FeedbackRequest.Status.CLOSED:
        raise ValidationError(MSG_FOLLOW_CLOSED)
    try:
        with transaction.atomic():
            return FeedbackFollow.objects.create(request=request, user=user)
    except IntegrityError:
        raise ValidationError(MSG_ALREADY_FOLLOWING) from None


@transaction.atomic
def feedback_reroute_open() -> int:
    """Route every request that is not closed again, e.g. after the rules changed."""
    return feedback_route(status=[FeedbackRequest.Status.OPEN, FeedbackRequest.Status.IN_PROGRESS])


# --- Importing the service list (Open311 GeoReport v2, feedback.open311_services reads it) ---

SERVICE_IMPORT_LOCK = "feedback.service_list_import"


class ServiceImportError(ValueError):
    """A service list that cannot be stored; str() says why."""


@dataclass
class ServiceImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    dry_run: bool = False
    deactivate_missing: bool = False
    created_codes: list[str] = field(default_factory=list)
    updated_codes: list[str] = field(default_factory=list)
    # "code name" of the services in the database that the list lacks, and of listed ones left inactive.
    missing: list[str] = field(default_factory=list)
    inactive_listed: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        text = MSG_IMPORT_SUMMARY.format(
            created=self.created, updated=self.updated, unchanged=self.unchanged, deactivated=self.deactivated
        )
        return text + (MSG_DRY_RUN if self.dry_run else "")

    def notes(self) -> list[str]:
        notes = []
        if self.missing:
            message = MSG_MISSING_DEACTIVATED if self.deactivate_missing else MSG_MISSING_KEPT
            notes.append(message.format(services=", ".join(self.missing)))
        if self.inactive_listed:
            notes.append(MSG_INACTIVE_KEPT.format(services=", ".join(self.inactive_listed)))
        return notes


@transaction.atomic
def service_list_import(
    *, items: list[dict], sector_code: str | None = None, deactivate_missing: bool = False, dry_run: bool = False
) -> ServiceImportSummary:
    """Create or update services matched by `service_code`, all or nothing; a re-run changes nothing.

    Each item maps Service field names to values (feedback.open311_services.merge_service_lists);
    only the fields it has are written, so a language whose list was not given keeps its texts.
    New services are active and get the sector `sector_code` (required only when a service is
    new); existing ones keep their sector. Services the list lacks are never deleted (feedback
    refers to them): they are reported, and with `deactivate_missing` made inactive, while the
    listed ones are made active again.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [SERVICE_IMPORT_LOCK])
    sectors = {s.code: s for s in Sector.objects.order_by("code")}
    sector = None
    if sector_code is not None:
        if not sectors:
            raise ServiceImportError(MSG_NO_SECTORS)
        sector = sectors.get(sector_code)
        if sector is None:
            raise ServiceImportError(MSG_SECTOR_UNKNOWN.format(code=sector_code, codes=", ".join(sectors)))
    incoming = {item["service_code"]: item for item in items}
    existing = {s.service_code: s for s in Service.objects.filter(service_code__in=list(incoming))}
    new_codes = [code for code in incoming if code not in existing]
    if new_codes and sector is None:
        if not sectors:
            raise ServiceImportError(MSG_NO_SECTORS)
        raise ServiceImportError(MSG_SECTOR_REQUIRED.format(codes=", ".join(new_codes), sectors=", ".join(sectors)))
    summary = ServiceImportSummary(dry_run=dry_run, deactivate_missing=deactivate_missing)
    for code, item in incoming.items():
        service = existing.get(code)
        is_new = service is None
        if is_new:
            service = Service(service_code=code, default_sector=sector, is_active=True)
        changed = is_new
        for key, value in item.items():
            if getattr(service, key) != value:
                setattr(service, key, value)
                changed = True
        if not service.is_active:
            if deactivate_missing:
                service.is_active = changed = True
            else:
                summary.inactive_listed.append(str(service))
        if not changed:
            summary.unchanged += 1
            continue
        try:
            service.full_clean(validate_unique=False)
        except ValidationError as exc:
            details = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
            raise ServiceImportError(MSG_SERVICE_INVALID.format(code=code, details=details)) from None
        service.save()
        if is_new:
            summary.created += 1
            summary.created_codes.append(code)
        else:
            summary.updated += 1
            summary.updated_codes.append(code)
    missing = Service.objects.exclude(service_code__in=list(incoming)).order_by("service_code")
    summary.missing = [str(s) for s in missing]
    if deactivate_missing:
        summary.deactivated = missing.filter(is_active=True).update(is_active=False)
    if dry_run:
        transaction.set_rollback(True)
    return summary
