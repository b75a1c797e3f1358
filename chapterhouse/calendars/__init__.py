"""Era calendars: Japanese eras, Juche and Minguo beside Gregorian dates (logic in eras.py)."""
