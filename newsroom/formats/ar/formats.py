# Admin dates and times in Arabic: 24-hour clock and always the time zone they are shown in
# (T: the zone's abbreviation, e.g. +03 or UTC). Django's own Arabic formats have no date-time format.
DATETIME_FORMAT = "j F Y، H:i T"
SHORT_DATETIME_FORMAT = "Y-m-d H:i T"
TIME_FORMAT = "H:i"
