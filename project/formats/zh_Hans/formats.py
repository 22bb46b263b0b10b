# Simplified Chinese dates as the pages show them; anything unset comes from Django.
DATE_FORMAT = "Y年n月j日"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y年n月j日 H:i:s"
SHORT_DATETIME_FORMAT = "n月j日 H:i"
MONTH_DAY_FORMAT = "n月j日"
# Mainland software groups digits by three with a comma (12,345).
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
