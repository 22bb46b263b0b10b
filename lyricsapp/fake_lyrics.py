"""Realistic generated lyrics for demos and benchmarks.

Half Chinese, Japanese or Korean, half English, in [Label] sections, with
words drawn on a Zipf-like curve so that some terms are frequent and others
rare, as in real lyrics. A few marker words appear at known rates so that a
benchmark can ask for a rare term, and some characters never appear at all.
"""

ZH_WORDS = [
    "月光",
    "星空",
    "夜晚",
    "梦想",
    "心跳",
    "爱情",
    "温柔",
    "回忆",
    "远方",
    "窗台",
    "风雨",
    "花开",
    "眼泪",
    "微笑",
    "城市",
    "街灯",
    "时间",
    "青春",
    "自由",
    "孤单",
    "思念",
    "未来",
    "海洋",
    "天空",
    "彩虹",
    "火焰",
    "沉默",
    "黎明",
    "黄昏",
    "影子",
    "歌声",
    "旋律",
    "故事",
    "秘密",
    "永远",
    "拥抱",
    "离开",
    "等待",
    "相遇",
    "告别",
    "飞翔",
    "燃烧",
    "寂寞",
    "灵魂",
    "世界",
    "森林",
    "河流",
    "山谷",
    "雪花",
    "落叶",
    "春天",
    "夏天",
    "秋天",
    "冬天",
    "晚风",
    "雨滴",
    "心中",
    "身边",
    "路口",
    "车站",
    "旅行",
    "希望",
    "勇气",
    "信仰",
    "誓言",
    "星光",
    "银河",
    "宇宙",
    "洒满",
    "照亮",
    "唱着",
    "走过",
    "看见",
    "听见",
    "想起",
    "忘记",
    "追逐",
    "奔跑",
    "守护",
    "陪伴",
    "怀念",
    "期待",
    "闪耀",
    "呼吸",
]
ZH_PARTICLES = [
    "了",
    "的",
    "在",
    "和",
    "我",
    "你",
    "他",
    "她",
    "我们",
    "这",
    "那",
    "是",
    "不",
    "也",
    "都",
    "就",
    "还",
    "又",
    "很",
]
JA_WORDS = [
    "ひかり",
    "よる",
    "ゆめ",
    "こころ",
    "そら",
    "うみ",
    "かぜ",
    "ほし",
    "なみだ",
    "えがお",
    "さくら",
    "あした",
    "きみ",
    "ぼく",
    "メロディー",
    "ハート",
    "ドリーム",
    "スター",
    "ライト",
    "夜空",
    "未来",
    "約束",
    "季節",
    "記憶",
]
KO_WORDS = [
    "사랑",
    "하늘",
    "바람",
    "별빛",
    "눈물",
    "기억",
    "노래",
    "마음",
    "우리",
    "너와",
    "나",
    "오늘",
    "내일",
    "꿈",
    "밤",
    "빛",
    "시간",
    "봄날",
]
EN_WORDS = [
    "love",
    "night",
    "heart",
    "dream",
    "fire",
    "light",
    "moonlight",
    "rain",
    "city",
    "road",
    "home",
    "baby",
    "forever",
    "dance",
    "sky",
    "star",
    "stars",
    "ocean",
    "river",
    "shadow",
    "summer",
    "winter",
    "gold",
    "silver",
    "wild",
    "free",
    "tonight",
    "yesterday",
    "tomorrow",
    "burning",
    "falling",
    "running",
    "calling",
    "shining",
    "broken",
    "open",
    "hold",
    "hands",
    "eyes",
    "soul",
    "world",
    "time",
    "away",
    "alone",
    "together",
    "again",
    "never",
    "always",
    "slow",
    "wind",
    "storm",
    "thunder",
    "echo",
    "midnight",
    "morning",
    "sunrise",
    "sunset",
    "golden",
    "highway",
    "train",
    "whisper",
    "silence",
    "rhythm",
    "melody",
    "song",
    "radio",
    "neon",
    "electric",
    "paper",
    "glass",
    "window",
    "door",
    "the",
    "a",
    "and",
    "of",
    "in",
    "on",
    "my",
    "your",
    "we",
    "you",
    "I",
    "me",
    "to",
    "is",
    "was",
    "be",
    "with",
    "for",
    "through",
    "under",
]
TITLES_ZH = [
    "星夜狂想",
    "月光小夜曲",
    "远方的歌",
    "城市之光",
    "青春纪念",
    "雨后彩虹",
    "风中的信",
    "银河旅人",
]
TITLES_JA = ["夜空のメロディー", "さくらの約束", "ひかりの季節"]
TITLES_KO = ["별빛 노래", "봄날의 기억", "하늘 바람"]
TITLES_EN = [
    "Midnight Train",
    "Moonlight Highway",
    "Neon Hearts",
    "Paper Stars",
    "Golden Hour",
    "Electric Rain",
    "Silver River",
    "Burning Summer",
]
SECTIONS = ["Verse", "Chorus", "Verse 2", "Pre-Chorus", "Chorus", "Bridge", "Outro"]

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
