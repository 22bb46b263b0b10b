"""The export's fast paths give exactly what the general code gives: the
Markdown of an unprocessed lyric, stored ZIP members, the prefetch thread,
the items' JSON, the manifest deflated in a thread;
and a processed lyric's stored sections are what the archive holds."""

import io
import json
import random
import zipfile
import zlib

import pytest

from lyricsapp.archive import format as fmt
from lyricsapp.archive.deflated import DeflatedSpool, crc32_combine
from lyricsapp.archive.markdown import markdown_of_text
from lyricsapp.archive.prefetch import ahead
from lyricsapp.archive.zipscan import ScannedZip
from lyricsapp.archive.zipstream import CHUNK, StreamingZip
from lyricsapp.library.downloads import markdown_body
from lyricsapp.models import Lyric, Task
from lyricsapp.processing.lyrics_text import split_sections
from tests.archive.library import build_library, export_bytes, manifest_of

EDGES = [
    "",
    None,
    "   ",
    "no labels\nat all",
    "[Verse]\n月光\n\n[Chorus x2]\n星星",
    " [ Intro ] \n a \n\n[Chorus]\n\n",
    "[a] [b]\nnot a label line\n[ ]\n[]",
    "[" + "x" * 81 + "]\ntoo long a label\n[" + "y" * 80 + "]\nlongest label",
    "\r\n[Verse]\r\nwindows\r[Chorus]\rold mac",
    "line\u2028separator\n[Verse]\nx\x85y\x0bz",
    "before\n\n[Verse]",
    "[V]\n[W]\n[X]",
    "\u3000[V]\u3000\nideographic space\u3000",
    "[V]\n\t[W]\t\n\xa0",
    "[V]\nnul\x00inside\n[W]\n\x00",
]
PIECES = ["[Verse]", "[Chorus x2]", " [ Intro ] ", "[]", "[ ]", "[a][b]", "[" + "y" * 81 + "]",
          "\n", "\n\n", "\r\n", "\r", " ", "\t", "\u3000", "\xa0", "\u2028", "\x85", "\x0b",
          "\x1c", "word", "月光", "[V] x", "]", "[", "[\u3000]"]  # fmt: skip


@pytest.mark.parametrize("title", ["", "Title", " 标题 "])
def test_it_writes_the_markdown_of_unprocessed_text_as_the_sections_would(title):
    rng = random.Random(13)
    generated = [
        "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 30))) for _ in range(3000)
    ]
    for text in EDGES + generated:
        assert markdown_of_text(title, text) == markdown_body(title, split_sections(text)), text


def test_it_writes_stored_members_as_the_general_writer_does():
    members = [("lyrics/a/0.md", b"---\n"), ("lyrics/%E4/1.txt", "月".encode()), ("e", b"")]
    general, fast = io.BytesIO(), io.BytesIO()
    first = StreamingZip(general, timestamp=1_700_000_000)
    for name, data in members:
        first.write(name, data, compress=False)
    first.close()
    second = StreamingZip(fast, timestamp=1_700_000_000)
    second.write_stored([(name.encode(), data) for name, data in members[:2]])
    second.write_stored([])
    second.write_stored([(members[2][0].encode(), members[2][1])])
    second.close()

    assert fast.getvalue() == general.getvalue()
    assert zipfile.ZipFile(fast).testzip() is None


def test_it_prefetches_in_order_and_passes_errors_on():
    assert list(ahead(iter(range(5)))) == [0, 1, 2, 3, 4]

    def failing():
        yield 1
        raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        list(ahead(failing()))


def test_it_closes_the_source_when_the_reader_stops_early():
    closed = []

    def source():
        try:
            yield from range(100)
        finally:
            closed.append(True)

    reader = ahead(source())
    assert next(reader) == 0
    reader.close()

    assert closed == [True]


@pytest.mark.django_db
def test_it_writes_a_processed_lyric_with_its_stored_sections(client, django_user_model):
    build_library(client, [django_user_model.objects.create_user(n) for n in ("alice", "bob")])
    lyric = Lyric.objects.get(task__task_id="cjk-task", position=1)
    lyric.sections = [{"label": "Stored", "text": "a\nb"}]
    lyric.save()
    data = export_bytes()

    item = next(i for i in manifest_of(data)["lyrics"] if i["id"] == lyric.id)
    markdown = zipfile.ZipFile(io.BytesIO(data)).read("lyrics/cjk-task/1.md").decode()

    assert item["sections"] == [{"label": "Stored", "text": "a\nb"}]
    assert markdown.endswith("\n# Moonlight\n\n## Stored\n\na  \nb\n")


def test_it_opens_an_archive_keeping_only_the_manifests_entry_and_checks_every_member():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a/0.md", "x")
        archive.writestr("manifest.json", '{"format": "lyrics-archive"}')
        archive.writestr("b/1.txt", "y" * 10)
    checked = []

    class Check:
        def entries(self, count):
            checked.append(("entries", count))

        def __call__(self, name, flags, method, size, csize):
            checked.append((name, size))

        def done(self):
            checked.append("done")

    opened = ScannedZip(io.BytesIO(buffer.getvalue()), keep=["manifest.json"], check=Check())

    assert [info.filename for info in opened.infolist()] == ["manifest.json"]
    assert opened.read("manifest.json") == b'{"format": "lyrics-archive"}'
    assert checked == [
        ("entries", 3),
        ("a/0.md", 1),
        ("manifest.json", 28),
        ("b/1.txt", 10),
        "done",
    ]


@pytest.mark.parametrize("text", [t for t in EDGES if t is not None] + PIECES)
def test_it_encodes_an_item_as_the_standard_encoder_does(text):
    item = {"title": text, "tags": [text, "月光"], "n": None, "ok": True, "id": 2**62,
            "sections": [{"label": text, "text": "\x00\x1f\x7f\"\\/\u2028😀"}]}  # fmt: skip
    expected = json.dumps(item, ensure_ascii=False, separators=(",", ":"))

    assert fmt.dumps(item) == expected
    assert fmt.dumps_bytes(item) == expected.encode("utf-8")


@pytest.mark.parametrize("length", [0, 1, 7, 4096, 1 << 20])
def test_it_combines_crcs_as_zlib_computes_the_whole(length):
    first, second = random.randbytes(1000), random.randbytes(length)
    combined = crc32_combine(zlib.crc32(first), zlib.crc32(second), len(second))
    assert combined == zlib.crc32(first + second)


def test_it_joins_pieces_deflated_in_a_thread_into_one_member():
    pieces = [b'{"lyrics":[', DeflatedSpool(1), b"],", DeflatedSpool(6), b"}"]
    for spool, words in ((pieces[1], "月光 light "), (pieces[3], "星 star ")):
        for n in range(300):
            spool.write((words * n).encode())
        spool.finish()
    out = io.BytesIO()
    archive = StreamingZip(out)
    member = archive.open_stream("manifest.json")
    expected = b""
    for piece in pieces:
        if isinstance(piece, DeflatedSpool):
            written = len(list(member.write_deflated(piece)))
            assert written == -(-piece.file.tell() // CHUNK)  # one step per chunk
            piece.file.seek(0)
            expected += zlib.decompressobj(-15).decompress(piece.file.read())
            piece.close()
        else:
            member.write(piece)
            expected += piece
    member.close()
    archive.close()

    # zipfile checks the CRC as it reads.
    assert zipfile.ZipFile(out).read("manifest.json") == expected
    assert expected.startswith(b'{"lyrics":[\xe6\x9c\x88') and expected.endswith(b"star }")


def test_it_raises_a_deflate_failure_in_the_exporting_thread():
    spool = DeflatedSpool(1)
    spool.write("not bytes")
    with pytest.raises(TypeError):
        spool.finish()
    spool.close()


def test_it_stops_the_deflate_thread_of_an_abandoned_export():
    spool = DeflatedSpool(1)
    spool.write(b"x" * 100)
    spool.close()
    assert not spool._thread.is_alive() and spool.file.closed


def test_it_ends_an_archive_in_pieces_so_its_directory_is_never_held_whole():
    out = io.BytesIO()
    archive = StreamingZip(out)
    archive.write_stored([(b"lyrics/t%d/0.txt" % n, b"x") for n in range(20_000)])
    before = out.tell()
    sizes = []
    for _ in archive.close_steps():
        sizes.append(out.tell() - before)
        before = out.tell()

    # The directory (about 1 MB here) came out 64 kB at a time.
    assert len(sizes) > 10 and max(sizes) <= CHUNK
    assert len(zipfile.ZipFile(out).namelist()) == 20_000


@pytest.mark.django_db
def test_it_gives_each_batch_of_tasks_its_own_lyrics(client, django_user_model, monkeypatch):
    from lyricsapp.archive import export

    build_library(client, [django_user_model.objects.create_user(n) for n in ("alice", "bob")])
    # Tasks stored in the same instant are ordered by id.
    Task.objects.filter(task_id__in=["cjk-task", "partial-task", "CON.txt"]).update(
        created_at=Task.objects.get(task_id="cjk-task").created_at
    )
    whole = manifest_of(export_bytes())
    monkeypatch.setattr(export, "BATCH", 2)

    assert manifest_of(export_bytes()) | {"exported_at": None} == whole | {"exported_at": None}
    assert len(whole["lyrics"]) == Lyric.objects.count()
