package app

// SetMetrics replaces the application's observer, for tests.
func SetMetrics(a *App, m Metrics) { a.metrics = m }
