"""The fake provider's tasks, what it draws for them, and the lyrics it answers."""

import random
import re
import time
from dataclasses import dataclass, field

PROMPT_MAX = 200
SUBMIT_MESSAGES = {
    400: "Invalid parameters",
    401: "Unauthorized access",
    404: "Invalid request method or path",
    405: "Rate limit exceeded",
    413: "Theme or prompt too long",
    429: "Insufficient credits",
    430: "Your call frequency is too high. Please try again later.",
    455: "System maintenance",
    500: "Server error",
}
FAILURE_MESSAGES = {
    400: "The lyrics contain copyrighted content.",
    408: "Timed out.",
    413: "The content matches an existing work.",
    500: "Internal error while generating.",
    501: "Lyrics generation failed.",
    531: "Sorry, generation failed due to an issue. Your credits have been refunded. Please retry.",
}
# The provider retries a failed callback after 1, 5 and 15 minutes, then stops.
PROVIDER_RETRY_DELAYS = (60.0, 300.0, 900.0)
DIRECTIVE = re.compile(r"#(fail|lost|dup|camel|snake|delay|submit)(?:=(\d+(?:\.\d+)?))?")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class FakeConfig:
    delay: tuple[float, float] = (0.5, 2.0)
    fail_rate: float = 0.0
    fail_codes: tuple[int, ...] = (400, 501, 531)
    duplicate_rate: float = 0.0
    lose_rate: float = 0.0
    camel_rate: float = 0.5
    retry_scale: float = 1 / 60
    api_key: str = ""  # empty: any bearer token is accepted
    hmac_key: str = ""
    rate_limit: tuple[int, float] = (20, 10.0)
    seed: int | None = None


@dataclass
class FakeTask:
    task_id: str
    prompt: str
    callback_url: str
    created: float
    due: float
    fail_code: int | None
    lost: bool
    duplicate: bool
    camel: bool
    items: list = field(default_factory=list)
    attempts: list = field(default_factory=list)  # HTTP status or error per delivery
    delivered: bool = False
    gave_up: bool = False

    @property
    def record_status(self):
        if time.time() < self.due:
            return "PENDING"
        if self.fail_code is not None:
            return "SENSITIVE_WORD_ERROR" if self.fail_code == 400 else "GENERATE_LYRICS_FAILED"
        return "CALLBACK_EXCEPTION" if self.gave_up else "SUCCESS"


def fake_lyrics(prompt, seed):
    """Two variants, as the provider returns, in the prompt's script."""
    rng = random.Random(seed)
    cjk = bool(_CJK.search(prompt))
    words = [w for w in re.split(r"\s+", prompt) if w] or ["song"]
    if cjk:
        lines = ["月光洒满了窗台", "风吹过安静的街", "我在梦里等你", "星星落在心上", "夜色温柔如歌"]
    else:
        subject = " ".join(words[:3])
        lines = [
            f"Under the {rng.choice(['moon', 'rain', 'neon', 'stars'])}light of {subject}",
            "Every road keeps turning home",
            "Hold the night and let it sing",
            f"We were young and {rng.choice(['wild', 'free', 'lost', 'brave'])}",
            "Morning comes and finds us here",
        ]
    variants = []
    for number in (1, 2):
        rng.shuffle(lines)
        title = (prompt[:24] if cjk else " ".join(words[:4]).title()) + f" ({number})"
        text = "\n".join(
            [
                "[Verse]",
                *lines[:2],
                "",
                "[Chorus]",
                *lines[2:4],
                "",
                "[Verse 2]",
                lines[4],
                lines[0],
                "",
                "[Outro]",
                lines[2],
            ]
        )
        variants.append({"title": title, "text": text, "status": "complete", "error_message": ""})
    return variants
