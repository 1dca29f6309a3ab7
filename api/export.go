package api

import (
	"net/http"
	"regexp"

	"github.com/corridor-trade/corridor/x/kit/paths"
)

// The read side of the export module (docs/data-export.md): each function
// builds the ABCI query path of one GET route from checked request values;
// server.go registers the routes.

var (
	reCode    = regexp.MustCompile(`^[A-Za-z0-9._:-]{1,64}$`)
	reVersion = regexp.MustCompile(`^[0-9]{1,19}$`)
	reYear    = regexp.MustCompile(`^[0-9]{4}$`)
)

// exportRulesPath serves GET /v1/export/rules/{jurisdiction}[?version=N].
func exportRulesPath(r *http.Request) (string, error) {
	return path(paths.NameExportRules, seg(r, "jurisdiction", reJurisdiction), optional("version", r.URL.Query().Get("version"), reVersion))
}

// exportEvidencePath serves GET /v1/export/evidence/{id}.
func exportEvidencePath(r *http.Request) (string, error) {
	return path(paths.NameExportEvidence, seg(r, "id", reHex64))
}

// exportFlowPath serves GET /v1/export/flows/{id}.
func exportFlowPath(r *http.Request) (string, error) {
	return path(paths.NameExportFlow, seg(r, "id", reHex64))
}

// exportFlowsPath serves GET /v1/export/flows?exporter=|destination=|
// category=|document=[&since=T][&until=T]: exactly one selector.
func exportFlowsPath(r *http.Request) (string, error) {
	q := r.URL.Query()
	var sel arg
	n := 0
	for _, s := range []struct {
		name string
		re   *regexp.Regexp
	}{{paths.ByExporter, reAddress}, {paths.ByDestination, reJurisdiction}, {paths.ByCategory, reCode}, {paths.ByDocument, reHex64}} {
		if v := q.Get(s.name); v != "" {
			sel, n = arg{name: s.name, value: v, re: s.re}, n+1
		}
	}
	if n != 1 {
		return "", badRequest("give exactly one of the exporter, destination, category or document query parameters")
	}
	p, err := path(paths.NameExportFlows, arg{name: "by", value: sel.name, re: reCode}, sel)
	if err != nil {
		return "", err
	}
	for _, b := range []string{"since", "until"} {
		if v := q.Get(b); v != "" {
			if !reAsOf.MatchString(v) {
				return "", badRequest("%s %q is malformed (want RFC 3339 or Unix nanoseconds)", b, clip(v))
			}
			p += "/" + b + "=" + v
		}
	}
	return p, nil
}

// exportCountersPath serves GET /v1/export/counters/{holder}[?year=YYYY]:
// holder is a member address or an entity (hex).
func exportCountersPath(r *http.Request) (string, error) {
	return path(paths.NameExportCounters, seg(r, "holder", reSubject), optional("year", r.URL.Query().Get("year"), reYear))
}

// exportReportsPath serves GET /v1/export/reports[?origin=J].
func exportReportsPath(r *http.Request) (string, error) {
	return path(paths.NameExportReports, optional("origin", r.URL.Query().Get("origin"), reJurisdiction))
}
