"""Deflate a manifest list while the export goes on, in a thread.

The manifest's lists hold every lyric's text again, and deflating them was
a tenth of an export's time, done after the loop. zlib lets go of the GIL,
so a thread deflates each batch's items while the export packs the next
batch. Each list becomes a raw deflate segment ending on a byte boundary
(a full flush, no final block): the manifest's member copies it between its
own deflated pieces as it is (zipstream._StreamedMember.write_deflated), the
way pigz joins its blocks, and combines the CRCs.
"""

import queue
import tempfile
import threading
import zlib

_END = None
# Batches waiting to be deflated; the export waits when the thread is behind.
_QUEUE = 4


class DeflatedSpool:
    """Bytes deflated by a worker thread into a temporary file: ``write``
    pieces in order, ``finish`` once, then read ``file`` (from the start),
    ``crc`` and ``size`` (of the bytes before deflation); ``close`` always."""

    def __init__(self, level):
        self.file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.crc = 0
        self.size = 0
        self._compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        self._queue = queue.Queue(maxsize=_QUEUE)
        self._error = None
        self._thread = threading.Thread(target=self._deflate, name="archive-deflate", daemon=True)
        self._thread.start()

    def _deflate(self):
        try:
            while (data := self._queue.get()) is not _END:
                self.crc = zlib.crc32(data, self.crc)
                self.size += len(data)
                self.file.write(self._compressor.compress(data))
            self.file.write(self._compressor.flush(zlib.Z_FULL_FLUSH))
        except BaseException as error:  # noqa: BLE001 (raised in the export's thread)
            self._error = error
            # Drain, so that a writer blocked on a full queue is let go.
            while self._queue.get() is not _END:
                pass

    def write(self, data):
        if self._error:
            raise self._error
        self._queue.put(data)

    def finish(self):
        self._queue.put(_END)
        self._thread.join()
        if self._error:
            raise self._error
        self.file.seek(0)

    def close(self):
        if self._thread.is_alive():
            self._queue.put(_END)
            self._thread.join()
        self.file.close()


def crc32_combine(crc1, crc2, length2):
    """The CRC-32 of A + B from crc32(A), crc32(B) and len(B): zlib's
    crc32_combine, which Python's zlib does not expose. It applies
    ``length2`` zero bytes to ``crc1`` by squaring the one-zero-bit operator
    (a 32x32 matrix over GF(2)), O(log length2)."""
    if length2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]  # one zero bit
    even = _square(odd)  # two zero bits
    odd = _square(even)  # four zero bits
    while True:
        even = _square(odd)  # first round: one zero byte
        if length2 & 1:
            crc1 = _times(even, crc1)
        length2 >>= 1
        if not length2:
            break
        odd = _square(even)
        if length2 & 1:
            crc1 = _times(odd, crc1)
        length2 >>= 1
        if not length2:
            break
    return crc1 ^ crc2


def _times(matrix, vector):
    total, row = 0, 0
    while vector:
        if vector & 1:
            total ^= matrix[row]
        vector >>= 1
        row += 1
    return total


def _square(matrix):
    return [_times(matrix, matrix[n]) for n in range(32)]
