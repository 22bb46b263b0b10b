"""Open a ZIP keeping one member's entry, checking every other as it goes by.

``zipfile.ZipFile`` reads the whole central directory into memory and keeps a
ZipInfo object per member: for a million-lyric archive (two million members)
about 180 MB of directory and 1.5 GB of objects, and seconds of work, for an
import that reads one member. This subclass reads the directory in pieces,
hands each record's name, flags, method and sizes to a check, and keeps the
entries of the wanted names only (everything else of ``zipfile`` is used as
it is: the end record, opening and reading a member).
"""

import struct
import zipfile

_RECORD = struct.Struct(zipfile.structCentralDir)
_PIECE = 1 << 20
_MAX32 = 0xFFFFFFFF


def _zip64_sizes(extra, size, csize):
    """The 64-bit sizes from the ZIP64 extra field, where the record says so."""
    while len(extra) >= 4:
        kind, length = struct.unpack_from("<HH", extra)
        if kind == 1:
            values = list(struct.unpack_from(f"<{min(length, 16) // 8}Q", extra, 4))
            if size == _MAX32 and values:
                size = values.pop(0)
            if csize == _MAX32 and values:
                csize = values.pop(0)
            break
        extra = extra[4 + length :]
    return size, csize


class ScannedZip(zipfile.ZipFile):
    """A ZipFile whose directory holds only ``keep``'s names; ``check(name,
    flags, method, size, csize)`` sees every member, ``check.entries(count)``
    the declared count first."""

    def __init__(self, file, *, keep, check):
        self._keep, self._check = set(keep), check
        super().__init__(file)

    def _RealGetContents(self):  # noqa: N802 (zipfile's name)
        try:
            end = zipfile._EndRecData(self.fp)
        except OSError:
            raise zipfile.BadZipFile("File is not a zip file") from None
        if not end:
            raise zipfile.BadZipFile("File is not a zip file")
        size_cd, offset_cd = end[zipfile._ECD_SIZE], end[zipfile._ECD_OFFSET]
        concat = end[zipfile._ECD_LOCATION] - size_cd - offset_cd
        if end[zipfile._ECD_SIGNATURE] == zipfile.stringEndArchive64:
            concat -= zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator
        self.start_dir = offset_cd + concat
        if self.start_dir < 0:
            raise zipfile.BadZipFile("Bad offset for central directory")
        self._check.entries(end[zipfile._ECD_ENTRIES_TOTAL])
        self.fp.seek(self.start_dir)
        for record, name, extra, comment in self._records(size_cd):
            flags = record[zipfile._CD_FLAG_BITS]
            try:
                name = name.decode("utf-8" if flags & 0x800 else "cp437")
            except UnicodeDecodeError:
                raise zipfile.BadZipFile("Undecodable file name") from None
            size, csize = _zip64_sizes(extra, record[11], record[10])
            self._check(name, flags, record[zipfile._CD_COMPRESS_TYPE], size, csize)
            if name in self._keep:
                self._add(record, name, extra, comment, concat)
        self._check.done()

    def _records(self, size_cd):
        """(record, name, extra, comment) of each member, read in pieces."""
        buffer, pos, left = b"", 0, size_cd
        while left or pos < len(buffer):
            # A record with its three variable fields fits in this much.
            if len(buffer) - pos < _RECORD.size + 3 * 0xFFFF and left:
                piece = self.fp.read(min(_PIECE, left))
                if not piece:
                    raise zipfile.BadZipFile("Truncated central directory")
                buffer, pos, left = buffer[pos:] + piece, 0, left - len(piece)
                continue
            if len(buffer) - pos < _RECORD.size:
                raise zipfile.BadZipFile("Truncated central directory")
            record = _RECORD.unpack_from(buffer, pos)
            if record[zipfile._CD_SIGNATURE] != zipfile.stringCentralDir:
                raise zipfile.BadZipFile("Bad magic number for central directory")
            name_at = pos + _RECORD.size
            extra_at = name_at + record[zipfile._CD_FILENAME_LENGTH]
            comment_at = extra_at + record[zipfile._CD_EXTRA_FIELD_LENGTH]
            pos = comment_at + record[zipfile._CD_COMMENT_LENGTH]
            if pos > len(buffer):
                raise zipfile.BadZipFile("Truncated central directory")
            yield (
                record,
                buffer[name_at:extra_at],
                buffer[extra_at:comment_at],
                buffer[comment_at:pos],
            )

    def _add(self, record, name, extra, comment, concat):
        """The entry as zipfile.ZipFile._RealGetContents makes it."""
        info = zipfile.ZipInfo(name)
        info.extra, info.comment = extra, comment
        (info.create_version, info.create_system, info.extract_version, info.reserved,
         info.flag_bits, info.compress_type, t, d,
         info.CRC, info.compress_size, info.file_size) = record[1:12]  # fmt: skip
        if info.extract_version > zipfile.MAX_EXTRACT_VERSION:
            raise NotImplementedError(f"zip file version {info.extract_version / 10:.1f}")
        info.volume, info.internal_attr, info.external_attr = record[15:18]
        info._raw_time = t
        info.date_time = (
            (d >> 9) + 1980,
            (d >> 5) & 0xF,
            d & 0x1F,
            t >> 11,
            (t >> 5) & 0x3F,
            (t & 0x1F) * 2,
        )
        info.header_offset = record[zipfile._CD_LOCAL_HEADER_OFFSET]
        info._decodeExtra()
        info.header_offset += concat
        self.filelist.append(info)
        self.NameToInfo[info.filename] = info
