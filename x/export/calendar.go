package export

import "time"

// local returns t in the fixed-offset local time of a rule set.
func local(t time.Time, offsetMinutes int64) time.Time {
	return t.UTC().Add(time.Duration(offsetMinutes) * time.Minute)
}

// YearOf returns the calendar year of t in the local time offsetMinutes
// east of UTC: the year whose 1 January (local midnight) starts the
// counting window of calendar-year thresholds.
func YearOf(t time.Time, offsetMinutes int64) uint32 {
	return uint32(local(t, offsetMinutes).Year())
}

// AddBusinessDays returns the end (the last nanosecond, as a UTC time) of
// the n-th business day after the local date of t. Business days are
// Monday to Friday: the module has no table of public holidays, so a
// deadline across a holiday is earlier than the law's, never later. n 0
// gives the end of t's own local day.
func AddBusinessDays(t time.Time, offsetMinutes int64, n uint32) time.Time {
	l := local(t, offsetMinutes)
	d := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday {
			n--
		}
	}
	end := d.AddDate(0, 0, 1).Add(-time.Nanosecond)
	return end.Add(-time.Duration(offsetMinutes) * time.Minute)
}
