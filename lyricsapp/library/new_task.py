from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lyricsapp.models import Task
from lyricsapp.provider.client import (
    PROMPT_MAX,
    ProviderBusy,
    ProviderError,
    provider_enabled,
    web_client,
)
from lyricsapp.provider.credits import credits_current, credits_latest
from lyricsapp.provider.services import task_submit
from lyricsapp.workspace.permissions import can_submit
from project.throttling import submit_quota_refusal

RECENT = 10
# Refused for want of credits: by the provider (429) or here (402).
CREDIT_CODES = {402, 429}


class SubmitForm(forms.Form):
    prompt = forms.CharField(
        label=_("Prompt"),
        max_length=PROMPT_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": PROMPT_MAX}),
        help_text=format_lazy(
            _("What the song is about, {max} characters at most."), max=PROMPT_MAX
        ),
    )


def _submit(request, form):
    """Submit a valid form's prompt: the redirect after success, else the status to answer."""
    refusal = submit_quota_refusal(request.user)
    if refusal:
        form.add_error(None, refusal[0])
        return 429
    try:
        with web_client() as client:
            prompt = form.cleaned_data["prompt"]
            task = task_submit(user=request.user, prompt=prompt, client=client)
    except ValidationError as exc:
        form.add_error("prompt", exc)
        return 400
    except ProviderError as exc:
        form.add_error(None, exc.words)
        if isinstance(exc, ProviderBusy):
            return 503
        return 402 if exc.code in CREDIT_CODES else 502
    messages.success(
        request, gettext("Submitted: task %(task)s is pending.") % {"task": task.task_id}
    )
    return redirect("new-task")


@login_required
def new_task(request):
    enabled = provider_enabled()
    allowed = can_submit(request.user)
    form = SubmitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not allowed:
            status = 403
        elif not enabled:
            status = 503
        elif not form.is_valid():
            status = 400
        else:
            status = _submit(request, form)
            if not isinstance(status, int):
                return status
    recent = (
        Task.objects.filter(submitted_by=request.user, submitted_at__isnull=False)
        .select_related("retry_of")
        .order_by("-submitted_at")[:RECENT]
    )
    context = {
        "form": form,
        "enabled": enabled,
        "allowed": allowed,
        "recent": recent,
        "prompt_max": PROMPT_MAX,
        # Busy just now: the balance would wait for the same full limit.
        "credits": (credits_latest() if status == 503 else credits_current()) if enabled else None,
        "min_credits": settings.SUNO_MIN_CREDITS,
    }
    return render(request, "lyricsapp/new_task.html", context, status=status)
