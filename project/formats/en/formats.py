# English dates as the pages show them; anything unset comes from Django.
DATE_FORMAT = "M j, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "M j, Y, H:i:s"
SHORT_DATETIME_FORMAT = "M j, H:i"
MONTH_DAY_FORMAT = "M j"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
