"""Each archived task's result hash, computed as its lyrics stream past.

The hash is the callbacks' own (callbacks.payload.result_hash), so a
restored task compares with a callback's result exactly. Computed here, it
costs the import a few microseconds a lyric; joined in PostgreSQL from the
staged rows it took twenty seconds at a million. The exporter writes a
task's lyrics together, in position order: lyrics that come in any other
order leave the hashes to PostgreSQL (sql.HASH_IN_SQL), as does a task whose
lyrics come in two runs (its second hash breaks archive_hash's unique index).

The hashes are spooled to a temporary file (text mode), not kept in memory:
half a million of them would be some 80 MB.
"""

from callbacks.payload import result_hash

# A task's code when it has lyrics, nearly always: only other codes are kept.
USUAL_CODE = 200


class ResultHashes:
    def __init__(self, spool):
        self.codes = {}
        self.ordered = True
        self.spool = spool
        self._task_id = None
        self._items = []
        self._position = -1

    def tasks(self, rows):
        """Pass the staged task rows through, noting their unusual codes."""
        for row in rows:
            if row[3] != USUAL_CODE:  # (ord, task_id, status, code, ...)
                self.codes[row[1]] = row[3]
            yield row

    def lyrics(self, rows):
        """Pass the staged lyric rows through, hashing each task's run."""
        for row in rows:
            # (id, task_id, position, title, text, status, error_message, ...)
            if row[1] != self._task_id:
                self._finish()
                self._task_id = row[1]
            elif row[2] <= self._position:
                self.ordered = False
            self._position = row[2]
            self._items.append([row[3], row[4], row[5], row[6]])
            yield row
        self._finish()

    def _finish(self):
        if self._task_id is not None:
            code = self.codes.get(self._task_id, USUAL_CODE)
            # COPY's text format: task ids hold no tab or newline, but may hold "\".
            task_id = self._task_id.replace("\\", "\\\\")
            self.spool.write(f"{task_id}\t{result_hash(code, self._items)}\n")
        self._task_id, self._items, self._position = None, [], -1

    def copy_to(self, copy):
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 20):
            copy.write(chunk)
