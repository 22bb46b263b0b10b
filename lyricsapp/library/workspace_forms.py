"""Forms of the editing, collection and share pages (limits from their one home)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from lyricsapp.workspace.editing import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH
from lyricsapp.workspace.models import (
    COLLECTION_DESCRIPTION_MAX_LENGTH,
    COLLECTION_NAME_MAX_LENGTH,
    VERSION_MESSAGE_MAX_LENGTH,
)


class LyricEditForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), required=False, strip=False, max_length=TITLE_MAX_LENGTH
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "false"}),
    )
    message = forms.CharField(
        label=_("What changed (optional)"),
        required=False,
        max_length=VERSION_MESSAGE_MAX_LENGTH,
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CollectionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=COLLECTION_NAME_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=COLLECTION_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ShareForm(forms.Form):
    expires_at = forms.DateTimeField(
        label=_("Expires (optional)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
