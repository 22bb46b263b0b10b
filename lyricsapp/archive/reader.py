"""Open an archive safely and read its manifest as a stream.

Everything that could make an import write garbage or exhaust the machine is
refused before the first row is written: not a ZIP, unsafe member names
(``../x``, absolute paths), encrypted or unknown compression, a declared
uncompressed size too large or too many times the compressed one (a zip
bomb), a missing or invalid manifest, a format version newer than this server
reads. Bytes are also counted while reading, in case a member lies about its
size.
"""

import contextlib
import zipfile
from dataclasses import dataclass

import ijson
from django.utils.translation import gettext as _

from lyricsapp.archive import format as fmt
from lyricsapp.archive.manifest_lines import ManifestLines
from lyricsapp.archive.zipscan import ScannedZip

# A ZIP of text expands a few times; deflate's limit is about 1032 times.
MAX_RATIO = 200
# Members smaller than this are not checked for their ratio (tiny files of
# blank lines compress very well and are harmless).
RATIO_FLOOR = 1 << 20
MAX_TOTAL_BYTES = 64 << 30
MAX_MEMBERS = 10_000_000
_MISSING = object()


class ArchiveError(Exception):
    """The archive cannot be imported; the message says why, for a person."""


def _unsafe_name(name):
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")
        or "\x00" in name
        or "\\" in name
        or any(part in (".", "..") for part in parts)
    )


class MemberCheck:
    """Refuse names and sizes that are unsafe to read or extract, member by
    member as the archive's directory is read (zipscan.ScannedZip)."""

    def __init__(self):
        self.total = 0

    def entries(self, count):
        if count > MAX_MEMBERS:
            raise ArchiveError(
                _("The archive has %(count)s files, more than %(max)s.")
                % {"count": f"{count:,}", "max": f"{MAX_MEMBERS:,}"}
            )

    def __call__(self, name, flags, method, size, csize):
        if _unsafe_name(name):
            raise ArchiveError(
                _("Unsafe file name in the archive: %(name)s.") % {"name": repr(name)}
            )
        if flags & 0x1:
            raise ArchiveError(_("%(name)s is encrypted.") % {"name": name})
        if method not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ArchiveError(
                _("%(name)s uses an unsupported compression method.") % {"name": name}
            )
        if size > RATIO_FLOOR and size > csize * MAX_RATIO:
            raise ArchiveError(
                _(
                    "%(name)s would expand from %(packed)s to %(size)s bytes: "
                    "refused as a likely zip bomb."
                )
                % {"name": name, "packed": f"{csize:,}", "size": f"{size:,}"}
            )
        self.total += size

    def done(self):
        if self.total > MAX_TOTAL_BYTES:
            raise ArchiveError(
                _("The archive would expand to %(size)s bytes, more than allowed.")
                % {"size": f"{self.total:,}"}
            )


class _Counted:
    """A member's stream that stops at its declared size."""

    def __init__(self, stream, limit, name):
        self._stream, self._left, self._name = stream, limit, name

    def read(self, size=-1):
        data = self._stream.read(size)
        self._left -= len(data)
        if self._left < 0:
            raise ArchiveError(
                _("%(name)s holds more than its declared size.") % {"name": self._name}
            )
        return data


@dataclass
class Manifest:
    archive: zipfile.ZipFile
    version: int
    counts: dict
    # Read line by line in the exporter's layout (manifest_lines.py) until
    # that fails; then with the streaming parser, one pass per section.
    by_lines: bool = True
    _lines: ManifestLines | None = None

    def items(self, section):
        """The items of one top-level list, parsed as they are read."""
        if self.by_lines:
            return self._line_items(section)
        return self._parse(f"{section}.item")

    def value(self, key):
        return next(self._parse(key), _MISSING)

    def _line_items(self, section):
        with _translated():
            if self._lines is None:
                info = self.archive.getinfo(fmt.MANIFEST)
                raw = self.archive.open(info)
                self._lines = ManifestLines(_Counted(raw, info.file_size, fmt.MANIFEST))
            items = self._lines.items(section)
        with _translated():
            yield from items

    def _parse(self, prefix):
        info = self.archive.getinfo(fmt.MANIFEST)
        with self.archive.open(info) as raw, _translated():
            stream = _Counted(raw, info.file_size, fmt.MANIFEST)
            yield from ijson.items(stream, prefix, use_float=True)


@contextlib.contextmanager
def _translated():
    """The parser's and the ZIP reader's errors, as ArchiveError."""
    try:
        yield
    except ijson.JSONError as exc:
        raise ArchiveError(
            _("manifest.json is not valid JSON: %(error)s") % {"error": exc}
        ) from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ArchiveError(_("manifest.json cannot be read: %(error)s") % {"error": exc}) from None


def manifest_open(archive):
    """Check the manifest's head (zip_open checked the members); the
    sections are read later."""
    try:
        archive.getinfo(fmt.MANIFEST)
    except KeyError:
        raise ArchiveError(_("The archive has no manifest.json.")) from None
    manifest = Manifest(archive, 0, {})
    if manifest.value("format") != fmt.FORMAT:
        raise ArchiveError(
            _('manifest.json is not a lyrics archive (no "format": "%(format)s").')
            % {"format": fmt.FORMAT}
        )
    version = manifest.value("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ArchiveError(_("manifest.json has no valid format version."))
    if version > fmt.VERSION:
        raise ArchiveError(
            _(
                "The archive is format version %(version)s; this server reads version "
                "%(supported)s and older. Upgrade the server to import it."
            )
            % {"version": version, "supported": fmt.VERSION}
        )
    manifest.version = version
    counts = manifest.value("counts")
    manifest.counts = counts if isinstance(counts, dict) else {}
    return manifest


def zip_open(path_or_file):
    """The archive, its members checked, with the manifest's entry only."""
    try:
        return ScannedZip(path_or_file, keep=[fmt.MANIFEST], check=MemberCheck())
    except zipfile.BadZipFile:
        raise ArchiveError(_("The file is not a ZIP archive.")) from None
    except FileNotFoundError:
        raise ArchiveError(_("No such file: %(path)s.") % {"path": path_or_file}) from None
