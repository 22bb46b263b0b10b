import pytest

from lyricsapp.processing.lyrics_text import count_words, split_sections, text_counts

CHINESE = """[Verse]
月光洒满了窗台
我在想你的模样

[Pre-Chorus]
风轻轻吹过

[Chorus x2]
星夜狂想 星夜狂想
带我飞翔
"""

ENGLISH = """[Intro]
(Ooh, ooh)

[Verse 1]
Walking down the empty street
Neon lights beneath my feet

[Chorus]
We're the moonlight, we're the fire
Rock-n-roll and burning higher

[Verse 2]
Don't you stop, don't you go

[Outro]
"""

CASES = [
    (
        CHINESE,
        [
            {"label": "Verse", "text": "月光洒满了窗台\n我在想你的模样"},
            {"label": "Pre-Chorus", "text": "风轻轻吹过"},
            {"label": "Chorus x2", "text": "星夜狂想 星夜狂想\n带我飞翔"},
        ],
    ),
    (
        ENGLISH,
        [
            {"label": "Intro", "text": "(Ooh, ooh)"},
            {
                "label": "Verse 1",
                "text": "Walking down the empty street\nNeon lights beneath my feet",
            },
            {
                "label": "Chorus",
                "text": "We're the moonlight, we're the fire\nRock-n-roll and burning higher",
            },
            {"label": "Verse 2", "text": "Don't you stop, don't you go"},
            {"label": "Outro", "text": ""},
        ],
    ),
    # No labels at all: one section with the empty label.
    ("Just a line\nand another", [{"label": "", "text": "Just a line\nand another"}]),
    # Text before the first label.
    (
        "Spoken intro\n[Verse]\nSung",
        [{"label": "", "text": "Spoken intro"}, {"label": "Verse", "text": "Sung"}],
    ),
    # Empty sections in a row, kept in order.
    (
        "[Intro]\n[Instrumental Break]\n\n[Chorus]\nLa la",
        [
            {"label": "Intro", "text": ""},
            {"label": "Instrumental Break", "text": ""},
            {"label": "Chorus", "text": "La la"},
        ],
    ),
    # Stray brackets are text: unclosed, inline, empty, nested, blank inside.
    (
        "[Verse 1\nOh [yeah] baby\n[]\n[ ]\n[[Chorus]]\nEnd ]",
        [{"label": "", "text": "[Verse 1\nOh [yeah] baby\n[]\n[ ]\n[[Chorus]]\nEnd ]"}],
    ),
    # Labels with spaces around them, Windows line endings, Japanese and Korean.
    (
        "  [Verse]  \r\n雨が降る夜に\r\n[후렴]\r\n사랑해요 너를\r\n",
        [{"label": "Verse", "text": "雨が降る夜に"}, {"label": "후렴", "text": "사랑해요 너를"}],
    ),
    # Mixed CJK and Latin in a label and its text.
    (
        "[副歌 Chorus]\n我爱你 I love you",
        [{"label": "副歌 Chorus", "text": "我爱你 I love you"}],
    ),
    # Nothing at all.
    ("", []),
    ("\n\n  \n", []),
    (None, []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_it_splits_sections(text, expected):
    assert split_sections(text) == expected


def test_it_keeps_a_long_bracketed_line_as_text():
    line = "[" + "x" * 100 + "]"
    assert split_sections(f"[Verse]\n{line}") == [{"label": "Verse", "text": line}]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("月光洒满了窗台", 7),
        ("I love you", 3),
        ("Don't stop rock-n-roll", 3),
        ("我爱你 I love you", 6),
        ("雨が降る夜に", 6),
        ("사랑해요 너를", 6),
        ("(Ooh, ooh) 123!", 3),
        ("", 0),
        ("— … !!!", 0),
    ],
)
def test_it_counts_words_with_each_cjk_character_as_one(text, words):
    assert count_words(text) == words


def test_it_counts_lines_words_and_characters_of_the_sung_text():
    lines, words, characters = text_counts(split_sections(CHINESE))
    # Labels and blank lines are not counted; spaces are not characters.
    assert lines == 5
    assert words == 7 + 7 + 5 + 8 + 4
    assert characters == 7 + 7 + 5 + 8 + 4

    lines, words, characters = text_counts(split_sections(ENGLISH))
    assert lines == 6
    assert words == 2 + 5 + 5 + 6 + 4 + 6
