from django.core.management.base import BaseCommand, CommandError

from lyricsapp.provider.fake.server import FakeConfig, FakeSuno


def _pair(text, kind=float):
    try:
        low, _, high = text.partition(",")
        return kind(low), kind(high or low)
    except ValueError:
        raise CommandError(f"expected two numbers like 1,5, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Run a fake of the provider's lyrics API (submit and record-info) that calls back "
        "to callBackUrl. Prompt directives force an outcome: #fail=531 #lost #dup #camel "
        "#snake #delay=3 #submit=429."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8090)
        parser.add_argument("--delay", default="0.5,2", help="seconds before the callback: MIN,MAX")
        parser.add_argument("--fail-rate", type=float, default=0.0)
        parser.add_argument("--fail-codes", default="400,501,531")
        parser.add_argument("--duplicate-rate", type=float, default=0.0)
        parser.add_argument("--lose-rate", type=float, default=0.0, help="callbacks never sent")
        parser.add_argument(
            "--camel-rate", type=float, default=0.5, help="taskId/lyricsData casing"
        )
        parser.add_argument(
            "--retry-scale",
            type=float,
            default=1 / 60,
            help="factor on the provider's 1, 5, 15 minute callback retries (default: seconds)",
        )
        parser.add_argument("--api-key", default="", help="only this bearer key (default: any)")
        parser.add_argument("--hmac-key", default="", help="sign callbacks (contract 3.3)")
        parser.add_argument("--rate-limit", default="20,10", help="REQUESTS,SECONDS, then 430")
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, **options):
        limit, window = _pair(options["rate_limit"])
        config = FakeConfig(
            delay=_pair(options["delay"]),
            fail_rate=options["fail_rate"],
            fail_codes=tuple(int(c) for c in options["fail_codes"].split(",") if c.strip()),
            duplicate_rate=options["duplicate_rate"],
            lose_rate=options["lose_rate"],
            camel_rate=options["camel_rate"],
            retry_scale=options["retry_scale"],
            api_key=options["api_key"],
            hmac_key=options["hmac_key"],
            rate_limit=(int(limit), window),
            seed=options["seed"],
        )
        try:
            fake = FakeSuno(config, host=options["host"], port=options["port"])
        except OSError as exc:
            raise CommandError(
                f"cannot listen on {options['host']}:{options['port']}: {exc}"
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"Fake provider listening on {fake.url}"), ending="\n")
        self.stdout.flush()
        try:
            fake.serve_forever()
        except KeyboardInterrupt:
            self.stdout.write("Fake provider stopped.")
