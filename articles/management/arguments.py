"""Argument types the commands share."""

import argparse
from datetime import UTC, datetime
from datetime import time as clock_time

from django.utils.dateparse import parse_date, parse_datetime


def moment(value: str) -> datetime:
    """A date (midnight UTC) or an ISO date-time (UTC unless it says otherwise)."""
    try:
        parsed = parse_datetime(value)
        if parsed is None and (day := parse_date(value)):
            parsed = datetime.combine(day, clock_time())
    except ValueError:
        parsed = None
    if parsed is None:
        raise argparse.ArgumentTypeError(f"not a date or date-time: {value!r}")
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed
