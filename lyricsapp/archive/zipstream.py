"""A ZIP writer for streams that cannot seek, in constant memory.

``zipfile`` keeps a ZipInfo object per member until the end (about half a
kilobyte each: a gigabyte for the two million members of a million-lyric
archive). Here each central directory record is packed to bytes as soon as
its member is written and spooled to a temporary file, so memory stays flat
whatever the number of members. Small members are compressed whole, so their
sizes go in the local header; one large member may be streamed (sizes in a
data descriptor after it). ZIP64 records are written when they are needed.
"""

import struct
import tempfile
import time
import zlib
from zlib import crc32

from lyricsapp.archive.deflated import crc32_combine

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_END64 = struct.Struct("<IQHHIIQQQQ")
_LOCATOR64 = struct.Struct("<IIQI")
_DESCRIPTOR64 = struct.Struct("<IIQQ")
# write_stored's split of _LOCAL and _CENTRAL: constant head, per-member tail.
_STORED_LOCAL_HEAD = struct.Struct("<IHHHHH")
_STORED_LOCAL_TAIL = struct.Struct("<IIIHH")
_STORED_CENTRAL_HEAD = struct.Struct("<IHHHHHH")
_STORED_CENTRAL_TAIL = struct.Struct("<IIIHHHHHII")
_UTF8 = 0x800
_DESCRIPTOR = 0x8
_DEFLATED = 8
_STORED = 0
_VERSION = 45  # ZIP64
_MAX32 = 0xFFFFFFFF
_MAX16 = 0xFFFF
CHUNK = 1 << 16
# Deflate settings of small members: a lyric is a few kB, a 4 kB window is
# enough and cheaper to set up (any inflater reads them).
SMALL_WBITS = 12
SMALL_MEMLEVEL = 4


def _dos_time(timestamp):
    t = time.gmtime(timestamp)
    return (
        (t.tm_hour << 11) | (t.tm_min << 5) | (t.tm_sec // 2),
        ((t.tm_year - 1980) << 9) | (t.tm_mon << 5) | t.tm_mday,
    )


class StreamingZip:
    """Write members to ``out`` (any object with ``write``); ``close`` ends the archive."""

    def __init__(self, out, *, level=1, timestamp=None):
        self._out = out
        self._level = level
        self._offset = 0
        self._count = 0
        self._time, self._date = _dos_time(timestamp or time.time())
        # Closed by close(), which ends the archive.
        self._central = tempfile.TemporaryFile()  # noqa: SIM115
        self._central_size = 0
        # The constant leading fields of a stored member's local header and
        # central record, packed once (write_stored packs only the rest).
        self._stored_local = _STORED_LOCAL_HEAD.pack(
            0x04034B50, _VERSION, _UTF8, _STORED, self._time, self._date
        )
        self._stored_central = _STORED_CENTRAL_HEAD.pack(
            0x02014B50, _VERSION, _VERSION, _UTF8, _STORED, self._time, self._date
        )

    def _write(self, data):
        self._out.write(data)
        self._offset += len(data)

    def _local_header(self, name, flags, crc, csize, size, extra=b"", method=_DEFLATED):
        return (
            _LOCAL.pack(
                0x04034B50,
                _VERSION,
                flags,
                method,
                self._time,
                self._date,
                crc,
                csize,
                size,
                len(name),
                len(extra),
            )
            + name
            + extra
        )

    def _record(self, name, flags, crc, csize, size, offset, method=_DEFLATED):
        zip64 = [v for v in (size, csize, offset) if v >= _MAX32]
        extra = struct.pack(f"<HH{len(zip64)}Q", 1, 8 * len(zip64), *zip64) if zip64 else b""
        record = _CENTRAL.pack(
            0x02014B50,
            _VERSION,
            _VERSION,
            flags,
            method,
            self._time,
            self._date,
            crc,
            min(csize, _MAX32),
            min(size, _MAX32),
            len(name),
            len(extra),
            0,
            0,
            0,
            0o100644 << 16,
            min(offset, _MAX32),
        )
        self._central.write(record + name + extra)
        self._central_size += len(record) + len(name) + len(extra)
        self._count += 1

    def write(self, name, data, *, compress=True):
        """One small member, compressed in memory (or stored as it is)."""
        encoded = name.encode("utf-8")
        method = _DEFLATED if compress else _STORED
        if compress:
            compressor = zlib.compressobj(self._level, zlib.DEFLATED, -SMALL_WBITS, SMALL_MEMLEVEL)
            packed = compressor.compress(data) + compressor.flush()
        else:
            packed = data
        crc = zlib.crc32(data)
        offset = self._offset
        if len(data) >= _MAX32 or len(packed) >= _MAX32:
            raise ValueError("use open_stream() for members of 4 GB or more")
        self._write(self._local_header(encoded, _UTF8, crc, len(packed), len(data), method=method))
        self._write(packed)
        self._record(encoded, _UTF8, crc, len(packed), len(data), offset, method=method)

    def write_stored(self, members):
        """Many small members stored as they are, ``[(name bytes, data bytes),
        ...]``, written with one call to ``out.write``: the export's fast path
        (the same bytes as ``write(..., compress=False)``, a fraction of its
        per-member cost)."""
        local_head, central_head = self._stored_local, self._stored_central
        local_tail, central_tail = _STORED_LOCAL_TAIL.pack, _STORED_CENTRAL_TAIL.pack
        external = 0o100644 << 16
        parts, records = [], []
        offset = self._offset
        for name, data in members:
            size = len(data)
            if offset >= _MAX32 or size >= _MAX32:
                # Past 4 GB: flush what is packed and take the general path (ZIP64).
                self._flush_stored(parts, records, offset)
                parts, records = [], []
                self.write(name.decode("utf-8"), data, compress=False)
                offset = self._offset
                continue
            crc = crc32(data)
            parts += (local_head, local_tail(crc, size, size, len(name), 0), name, data)
            records += (
                central_head,
                central_tail(crc, size, size, len(name), 0, 0, 0, 0, external, offset),
                name,
            )
            offset += 30 + len(name) + size
        self._flush_stored(parts, records, offset)

    def _flush_stored(self, parts, records, offset):
        if not parts:
            return
        self._out.write(b"".join(parts))
        self._offset = offset
        central = b"".join(records)
        self._central.write(central)
        self._central_size += len(central)
        self._count += len(records) // 3

    def open_stream(self, name):
        """One member of any size, written piece by piece: ``write`` then ``close``."""
        return _StreamedMember(self, name)

    def close(self):
        for _ in self.close_steps():
            pass

    def close_steps(self):
        """close() as a generator, which yields after each piece of the central
        directory it writes: a caller that gathers the output in memory passes
        it on meanwhile (the directory of a million lyrics is some 150 MB)."""
        start = self._offset
        self._central.seek(0)
        while chunk := self._central.read(CHUNK):
            self._write(chunk)
            yield
        self._central.close()
        end64 = self._offset
        self._write(
            _END64.pack(
                0x06064B50,
                44,
                _VERSION,
                _VERSION,
                0,
                0,
                self._count,
                self._count,
                self._central_size,
                start,
            )
        )
        self._write(_LOCATOR64.pack(0x07064B50, 0, end64, 1))
        count = min(self._count, _MAX16)
        self._write(
            _END.pack(
                0x06054B50,
                0,
                0,
                count,
                count,
                min(self._central_size, _MAX32),
                min(start, _MAX32),
                0,
            )
        )


class _StreamedMember:
    def __init__(self, archive, name):
        self._archive = archive
        self._name = name.encode("utf-8")
        self._offset = archive._offset
        # Sizes unknown yet: a ZIP64 extra field tells readers the descriptor is 64-bit.
        extra = struct.pack("<HHQQ", 1, 16, 0, 0)
        flags = _UTF8 | _DESCRIPTOR
        archive._write(archive._local_header(self._name, flags, 0, _MAX32, _MAX32, extra))
        self._compressor = zlib.compressobj(archive._level, zlib.DEFLATED, -15)
        self._crc = self._size = self._csize = 0

    def write(self, data):
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        packed = self._compressor.compress(data)
        self._csize += len(packed)
        if packed:
            self._archive._write(packed)

    def write_deflated(self, spool):
        """A piece deflated elsewhere (a finished deflated.DeflatedSpool): this
        member's own stream is first flushed to a byte boundary, then the
        piece is copied as it is, and the CRCs combined. A generator, which
        yields after each chunk written, so that the caller can pass the
        archive's output on (the piece may be larger than memory should hold)."""
        packed = self._compressor.flush(zlib.Z_FULL_FLUSH)
        self._csize += len(packed)
        self._archive._write(packed)
        while chunk := spool.file.read(CHUNK):
            self._csize += len(chunk)
            self._archive._write(chunk)
            yield
        self._crc = crc32_combine(self._crc, spool.crc, spool.size)
        self._size += spool.size

    def close(self):
        packed = self._compressor.flush()
        self._csize += len(packed)
        archive = self._archive
        archive._write(packed)
        archive._write(_DESCRIPTOR64.pack(0x08074B50, self._crc, self._csize, self._size))
        flags = _UTF8 | _DESCRIPTOR
        archive._record(self._name, flags, self._crc, self._csize, self._size, self._offset)
