"""Translations in tests: compiled catalogues, and clients that speak Chinese."""

import shutil
import subprocess
from pathlib import Path

from asgiref.local import Local
from django.conf import settings

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}


def po_files():
    return sorted(
        path for folder in settings.LOCALE_PATHS for path in Path(folder).glob("*/LC_MESSAGES/*.po")
    )


def compile_catalogues():
    """Compile every .po whose .mo is missing or older (make does the same with msgfmt)."""
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: apt-get install -y gettext (make install does it)"
    changed = False
    for po in po_files():
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run([msgfmt, "--check-format", "-o", str(mo), str(po)], check=True)
            changed = True
    if changed:
        from django.utils.translation import trans_real

        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = Local()
