"""Every place residents, luotsit and importers write names, titles and descriptions applies geo_osallisuus.text:
the model fields (admin ModelForms, ModelSerializers, full_clean), their storage (pre_save) and the API's
input serializers."""

from __future__ import annotations

import unicodedata

import pytest
from django import forms
from django.core.exceptions import ValidationError
from rest_framework.exceptions import ValidationError as DRFValidationError

from budgeting.api.serializers import ProjectInputSerializer, ProposalInputSerializer
from budgeting.models import BudgetRound, Project, Proposal
from cases.models import Case
from feedback.api.serializers import Open311CreateSerializer
from feedback.models import FeedbackRequest
from initiatives.api.serializers import HandleInputSerializer, InitiativeInputSerializer
from initiatives.models import Initiative
from luotsit.models import Luotsi
from resident_areas.api.views import ModerationSerializer, ResidentAreaCreateSerializer
from resident_areas.models import ResidentArea
from spaces.models import Space

RLO = "Kallio\u202egpj.exe"
NFD = unicodedata.normalize("NFD", "Käpylän kirjasto")

MODEL_FIELDS = [
    (ResidentArea, "name_fi"), (ResidentArea, "name_sv"), (ResidentArea, "description"), (ResidentArea, "moderation_reason"),
    (BudgetRound, "name"), (Proposal, "title"), (Proposal, "description"), (Proposal, "moderation_reason"),
    (Project, "title"), (Project, "description"), (FeedbackRequest, "description"), (FeedbackRequest, "status_notes"),
    (FeedbackRequest, "first_name"), (Initiative, "title"), (Initiative, "text"), (Initiative, "answer"),
    (Initiative, "actions"), (Luotsi, "name"), (Luotsi, "title_fi"), (Case, "title_fi"), (Space, "name_fi"), (Space, "description_fi"),
]  # fmt: skip

INPUT_FIELDS = [
    (ResidentAreaCreateSerializer, "name_fi"), (ResidentAreaCreateSerializer, "description"), (ModerationSerializer, "reason"),
    (ProposalInputSerializer, "title"), (ProposalInputSerializer, "description"), (ProjectInputSerializer, "title"),
    (ProjectInputSerializer, "description"), (InitiativeInputSerializer, "title"), (InitiativeInputSerializer, "text"),
    (HandleInputSerializer, "answer"), (Open311CreateSerializer, "description"), (Open311CreateSerializer, "first_name"),
]  # fmt: skip


def _model_field(model, name):
    return model._meta.get_field(name)


@pytest.mark.parametrize("model, name", MODEL_FIELDS)
def test_model_fields_refuse_direction_overrides(model, name):
    with pytest.raises(ValidationError) as refused:
        _model_field(model, name).clean(RLO, model())
    assert "(U+202E)" in refused.value.messages[0]


@pytest.mark.parametrize("model, name", MODEL_FIELDS)
def test_model_fields_store_nfc_without_zero_width_spaces(model, name):
    instance = model()
    field = _model_field(model, name)
    setattr(instance, field.attname, "\u200b" + NFD)
    assert field.pre_save(instance, add=True) == "Käpylän kirjasto" == getattr(instance, field.attname)


@pytest.mark.parametrize("model, name", MODEL_FIELDS)
def test_admin_forms_clean_before_counting(model, name):
    field = _model_field(model, name).formfield()
    limit = field.max_length or 50
    assert field.clean(unicodedata.normalize("NFD", "ä") * limit) == "ä" * limit
    if field.max_length:
        with pytest.raises(ValidationError):
            field.clean(unicodedata.normalize("NFD", "ä") * (limit + 1))
    if field.required:
        with pytest.raises(ValidationError) as blank:
            field.clean("\u200b\u200b")
        assert blank.value.code == "required"


@pytest.mark.parametrize("serializer, name", INPUT_FIELDS)
def test_input_serializers_refuse_controls_and_zero_width_only_text(serializer, name):
    field = serializer().fields[name]
    with pytest.raises(DRFValidationError) as refused:
        field.run_validation("Penkki\x07")
    assert "(U+0007)" in str(refused.value.detail[0])
    assert field.run_validation("\u200b" + NFD) == "Käpylän kirjasto"
    if not field.allow_blank:
        with pytest.raises(DRFValidationError) as blank:
            field.run_validation("\u200b \u200b")
        assert blank.value.detail[0].code == "blank"


def test_a_model_serializer_maps_the_fields_to_the_text_rule():
    from luotsit.api.serializers import LuotsiOwnerWriteSerializer

    field = LuotsiOwnerWriteSerializer().fields["name"]
    assert field.run_validation(NFD) == "Käpylän kirjasto"
    with pytest.raises(DRFValidationError):
        field.run_validation(RLO)


def test_a_plain_form_field_is_a_char_field():
    assert isinstance(_model_field(Initiative, "title").formfield(), forms.CharField)


@pytest.mark.django_db
def test_an_importers_title_is_stored_without_what_would_be_refused():
    from tests.cases.factories import case

    made = case(title="Ahjo\x07 asia\u202e \u200b" + unicodedata.normalize("NFD", "Käpylässä"))
    made.refresh_from_db()
    assert made.title_fi == "Ahjo asia Käpylässä"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "sv"])
def test_saving_in_another_language_leaves_the_other_translations_empty(language):
    """A translated title (django-modeltranslation) saved while another language is active keeps
    only the languages given: the clean-on-save does not copy the Finnish into that language."""
    from django.utils import translation

    luotsi = Luotsi.objects.create(name="Pia Luotsi", title_fi="Stadiluotsi")
    with translation.override(language):
        luotsi.save()
    stored = Luotsi.objects.values("title_fi", "title_sv", "title_en").get(pk=luotsi.pk)
    assert stored == {"title_fi": "Stadiluotsi", "title_sv": None, "title_en": None}
