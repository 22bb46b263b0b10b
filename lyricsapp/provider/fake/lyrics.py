"""Realistic generated lyrics for demos and benchmarks.

Half Chinese, Japanese or Korean, half English, in [Label] sections, with
words drawn on a Zipf-like curve so that some terms are frequent and others
rare, as in real lyrics. A few marker words appear at known rates so that a
benchmark can ask for a rare term, and some characters never appear at all.
"""

from lyricsapp.provider.fake.words import (
    EN_WORDS,
    JA_WORDS,
    KO_WORDS,
    SECTIONS,
    TITLES_EN,
    TITLES_JA,
    TITLES_KO,
    TITLES_ZH,
    ZH_PARTICLES,
    ZH_WORDS,
)

# Marker words at known rates, for benchmarks: about 1 lyric in RARE_EVERY
# carries RARE_ZH, 1 in RARE_EVERY carries RARE_EN. ABSENT_ZH is never produced
# (neither of its characters is in any word list).
RARE_EVERY = 10_000
RARE_ZH = "琥珀"
RARE_EN = "quixotic"
ABSENT_ZH = "鲸鳞"


def _weights(words):
    return [1 / (rank + 1) ** 0.8 for rank in range(len(words))]


_ZH_WEIGHTS = _weights(ZH_WORDS)
_EN_WEIGHTS = _weights(EN_WORDS)


def _zh_line(rng):
    words = rng.choices(ZH_WORDS, _ZH_WEIGHTS, k=rng.randint(2, 4))
    particles = rng.choices(ZH_PARTICLES, k=len(words))
    return "".join(w + p for w, p in zip(words, particles, strict=True))[:-1]


def _ja_line(rng):
    return " ".join(rng.choices(JA_WORDS, k=rng.randint(3, 5)))


def _ko_line(rng):
    return " ".join(rng.choices(KO_WORDS, k=rng.randint(3, 5)))


def _en_line(rng):
    line = " ".join(rng.choices(EN_WORDS, _EN_WEIGHTS, k=rng.randint(5, 9)))
    return line[0].upper() + line[1:]


def fake_lyric(rng, cjk):
    """(title, text) of one lyric; ``cjk`` picks Chinese, Japanese or Korean."""
    if cjk:
        kind = rng.random()
        if kind < 0.7:
            line, titles, rare = _zh_line, TITLES_ZH, RARE_ZH
        elif kind < 0.85:
            line, titles, rare = _ja_line, TITLES_JA, RARE_ZH
        else:
            line, titles, rare = _ko_line, TITLES_KO, RARE_ZH
    else:
        line, titles, rare = _en_line, TITLES_EN, RARE_EN
    blocks = []
    for label in SECTIONS[: rng.randint(3, len(SECTIONS))]:
        lines = [line(rng) for _ in range(rng.randint(2, 4))]
        blocks.append(f"[{label}]\n" + "\n".join(lines))
    if rng.randrange(RARE_EVERY) == 0:
        blocks[-1] += f"\n{rare}"
    return rng.choice(titles), "\n\n".join(blocks)
