"""Forms of the admin: a case's fields in the terms of the extractor's vocabularies, and
the upload of cable files."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from simple_history.models import to_historic
from simple_history.utils import get_m2m_reverse_field_name

from ..extraction import EXPLOITATION_TYPES, MEANS_OF_CONTROL, SECTORS
from ..ingest.importer import EXTRACTED_CASE_FIELDS
from ..models import Case

# The form field that hands curated fields back to the extractor (not a model field).
RELEASE_FIELD = "release_curated"
CURATED_NOTE = "Corrected by staff: re-imports keep this value."


def field_label(name: str) -> str:
    """The label of a case field, as the admin shows it."""
    return str(Case._meta.get_field(name).verbose_name).capitalize()


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


class NumberListField(forms.CharField):
    """A list of numbers, typed as "16; 45" (commas inside a number group thousands)."""

    def __init__(self, *, number=float, minimum=0, **kwargs):
        self.number, self.minimum = number, minimum
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", "Separate numbers with spaces or semicolons.")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "; ".join(_plain(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        numbers = []
        for part in super().to_python(value).replace(";", " ").split():
            digits = part.strip(",").replace(",", "")
            try:
                number = self.number(digits)
            except ValueError:
                raise ValidationError(f"“{part}” is not a number.", code="invalid") from None
            if number < self.minimum:
                raise ValidationError(f"{part} is less than {self.minimum}.", code="min_value")
            numbers.append(number)
        return numbers


def _with_stored(choices: list[tuple[str, str]], stored) -> list[tuple[str, str]]:
    """Choices that also offer stored values the vocabulary no longer has, so that
    saving an unrelated correction does not fail on them."""
    known = {code for code, _ in choices}
    values = stored if isinstance(stored, list) else [stored]
    return choices + [(value, value) for value in values if value and value not in known]


class CaseForm(forms.ModelForm):
    sector = forms.ChoiceField(required=False, help_text="Labour sector.")
    exploitation_type = forms.ChoiceField(required=False, help_text="Form of sexual exploitation.")
    means_of_control = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple
    )
    ages = NumberListField(number=int, help_text="Ages of victims, e.g. 16; 45.")
    amounts_usd = NumberListField(
        label="Amounts (USD)", help_text="Sums of money in the report, in US dollars."
    )
    release_curated = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Release to the extractor",
        help_text="Ticked fields are no longer curated: the extractor fills them again.",
    )

    class Meta:
        model = Case
        fields = ["paragraph", "is_published", *EXTRACTED_CASE_FIELDS]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        case = self.instance
        blank = [("", "---------")]
        vocabularies = {
            "sector": blank + list(SECTORS.items()),
            "exploitation_type": blank + list(EXPLOITATION_TYPES.items()),
            "means_of_control": list(MEANS_OF_CONTROL.items()),
        }
        for name, choices in vocabularies.items():
            if name in self.fields:
                self.fields[name].choices = _with_stored(choices, getattr(case, name))
        if RELEASE_FIELD in self.fields:
            self.fields[RELEASE_FIELD].choices = [
                (name, field_label(name)) for name in case.curated_fields
            ]
        for name in case.curated_fields:
            if name in self.fields:
                field = self.fields[name]
                field.help_text = f"{CURATED_NOTE} {field.help_text}".strip()
        historic = to_historic(case)
        if historic is not None:
            self._show_historic_relations(historic)

    def _show_historic_relations(self, historic) -> None:
        """On the history page, show the countries and places of that version: the case
        object given for it is built from the version's own fields only."""
        for name in ("countries", "places"):
            if name in self.fields:
                target = get_m2m_reverse_field_name(Case._meta.get_field(name))
                self.initial[name] = [
                    getattr(row, f"{target}_id") for row in getattr(historic, name).all()
                ]

    def clean_means_of_control(self):
        chosen = set(self.cleaned_data["means_of_control"])
        return [code for code, _ in self.fields["means_of_control"].choices if code in chosen]


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; an empty file is for the importer to report."""

    widget = MultipleFileInput

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        if not data:
            return super().clean(None, initial)
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class CableUploadForm(forms.Form):
    files = MultipleFileField(
        label="Cable files",
        help_text=(
            "Plain-text cables, WikiLeaks cable pages or cables.csv dumps; several at once."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        total = sum(upload.size for upload in files)
        limit = settings.CABLE_UPLOAD_MAX_BYTES
        if total > limit:
            raise ValidationError(
                f"These files come to {filesizeformat(total)}; an upload may hold at most "
                f"{filesizeformat(limit)}. Import larger sets with the import_cables command."
            )
        return files
