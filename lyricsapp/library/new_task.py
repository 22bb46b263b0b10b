from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lyricsapp.models import Task
from lyricsapp.provider.client import PROMPT_MAX, ProviderError, provider_enabled
from lyricsapp.provider.services import task_submit

RECENT = 10


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


@login_required
def new_task(request):
    enabled = provider_enabled()
    form = SubmitForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not enabled:
            status = 503
        elif form.is_valid():
            try:
                task = task_submit(user=request.user, prompt=form.cleaned_data["prompt"])
            except ValidationError as exc:
                form.add_error("prompt", exc)
                status = 400
            except ProviderError as exc:
                form.add_error(None, exc.words)
                status = 502
            else:
                messages.success(
                    request,
                    gettext("Submitted: task %(task)s is pending.") % {"task": task.task_id},
                )
                return redirect("new-task")
        else:
            status = 400
    recent = (
        Task.objects.filter(owner=request.user, submitted_at__isnull=False)
        .select_related("retry_of")
        .order_by("-submitted_at")[:RECENT]
    )
    context = {"form": form, "enabled": enabled, "recent": recent, "prompt_max": PROMPT_MAX}
    return render(request, "lyricsapp/new_task.html", context, status=status)
