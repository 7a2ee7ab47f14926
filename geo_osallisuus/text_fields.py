"""The rules of `text` as fields: one model field per kind of text, its form field and its serializer field.

`PlainCharField` (names, titles) and `PlainTextField` (descriptions, which may
hold newlines and tabs) normalise what they store in `pre_save`, so every
writer (API, admin, importer, service) stores NFC without zero-width spaces,
and carry a `PlainTextValidator`, so the admin's ModelForms and DRF's
ModelSerializers refuse what cannot be stored. API input serializers that
declare their fields use `PlainTextSerializerField` for the same rule.

The schema is that of Django's CharField and TextField, and `deconstruct`
says so: migrations record the column, and the rule needs no migration.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from rest_framework import serializers

from .text import PlainTextValidator, text_clean, text_is_blank, text_normalised


def _plain_validator(*, limit: int | None, multiline: bool) -> PlainTextValidator:
    # Single-line fields are varchar columns: their limit is also the code-point ceiling.
    return PlainTextValidator(limit, multiline=multiline, ceiling=None if multiline else limit)


class _PlainModelField:
    multiline = False
    schema_path = ""
    form_class: type[forms.CharField]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The code-point MaxLengthValidator CharField adds would count "e" + U+0301 as two.
        kept = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]
        self.validators[:] = [_plain_validator(limit=self.max_length, multiline=self.multiline), *kept]

    def to_python(self, value):
        value = super().to_python(value)
        return text_clean(value, multiline=self.multiline) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            cleaned = text_normalised(value, multiline=self.multiline)
            # Only a changed value is written back: on a field django-modeltranslation translates,
            # the attribute answers in the active language (or its fallback) and writing it fills
            # that language's field, so writing an unchanged value copied Finnish into title_en.
            if cleaned != value:
                setattr(model_instance, self.attname, cleaned)
            value = cleaned
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.form_class, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, self.schema_path, args, kwargs


class PlainCharFormField(forms.CharField):
    """A one-line text form field: cleaned (NFC, no zero-width spaces) before its length is checked."""

    multiline = False

    def __init__(self, *, max_length=None, **kwargs):
        super().__init__(**kwargs)
        self.max_length = max_length  # for the widget's maxlength; counted by the validator below
        self.validators.append(_plain_validator(limit=max_length, multiline=self.multiline))

    def to_python(self, value):
        value = super().to_python(value)
        value = text_clean(value, multiline=self.multiline) if isinstance(value, str) else value
        if isinstance(value, str) and self.strip:
            value = value.strip()  # again: a zero-width space may have hidden the spaces beside it
        return self.empty_value if isinstance(value, str) and text_is_blank(value) else value


class PlainMultilineFormField(PlainCharFormField):
    multiline = True

    def widget_attrs(self, widget):
        # A browser's maxlength counts code units, not visible characters.
        return {k: v for k, v in super().widget_attrs(widget).items() if k != "maxlength"}


class PlainCharField(_PlainModelField, models.CharField):
    """A name or a title."""

    schema_path = "django.db.models.CharField"
    form_class = PlainCharFormField


class PlainTextField(_PlainModelField, models.TextField):
    """A description: newlines and tabs allowed."""

    multiline = True
    schema_path = "django.db.models.TextField"
    form_class = PlainMultilineFormField

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.Textarea, **kwargs})


class PlainTextSerializerField(serializers.CharField):
    """A serializer's text field under the rules of `text`; `max_length` counts visible characters."""

    def __init__(self, *, multiline: bool = False, **kwargs):
        limit = kwargs.pop("max_length", None)
        super().__init__(**kwargs)
        self.multiline = multiline
        self.max_length = limit  # described in the schema; checked by the validator
        rule = _plain_validator(limit=limit, multiline=multiline)
        if rule not in self.validators:  # a ModelSerializer passes the model field's own
            self.validators.append(rule)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            value = text_clean(value, multiline=self.multiline)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.messages, code=exc.code) from None
        if self.trim_whitespace:
            value = value.strip()  # again: a zero-width space may have hidden the spaces beside it
        if text_is_blank(value):
            if not self.allow_blank:
                self.fail("blank")
            return ""
        return value


class PlainMultilineSerializerField(PlainTextSerializerField):
    def __init__(self, **kwargs):
        super().__init__(multiline=True, **kwargs)


# ModelSerializers pick a serializer field by the model field's class (and its bases).
serializers.ModelSerializer.serializer_field_mapping[PlainCharField] = PlainTextSerializerField
serializers.ModelSerializer.serializer_field_mapping[PlainTextField] = PlainMultilineSerializerField
