package api

import (
	"net/http"
	"regexp"

	"github.com/corridor-trade/corridor/x/kit/paths"
)

// The read side of the title module (docs/transferable.md): each function
// builds the ABCI query path of one GET route from checked request values;
// server.go registers the routes.

// reRoute is a route of jurisdiction codes, comma-separated (the chain
// checks each code and the length).
var reRoute = regexp.MustCompile(`^[A-Z0-9-]{2,6}(,[A-Z0-9-]{2,6}){0,15}$`)

// titlePath serves GET /v1/titles/{id}[?route=CN-SH,SG,HK].
func titlePath(r *http.Request) (string, error) {
	p, err := path(paths.NameTitle, seg(r, "id", reHex64))
	if err != nil {
		return "", err
	}
	if route := r.URL.Query().Get("route"); route != "" {
		if !reRoute.MatchString(route) {
			return "", badRequest("route %q is malformed (want jurisdiction codes separated by commas, e.g. CN-SH,SG,HK)", clip(route))
		}
		p += "/" + paths.RoutePrefix + route
	}
	return p, nil
}

// titlesPath serves GET /v1/titles?holder=ADDRESS|document=HASH: exactly
// one selector.
func titlesPath(r *http.Request) (string, error) {
	q := r.URL.Query()
	holder, doc := q.Get(paths.ByHolder), q.Get(paths.ByDocument)
	switch {
	case holder != "" && doc == "":
		return path(paths.NameTitles, arg{name: "by", value: paths.ByHolder, re: reCode}, arg{name: paths.ByHolder, value: holder, re: reAddress})
	case doc != "" && holder == "":
		return path(paths.NameTitles, arg{name: "by", value: paths.ByDocument, re: reCode}, arg{name: paths.ByDocument, value: doc, re: reHex64})
	}
	return "", badRequest("give exactly one of the holder or document query parameters")
}

// legalEffectPath serves GET /v1/legal-effect[?route=J1,J2]: the whole
// table, or the legs of a route.
func legalEffectPath(r *http.Request) (string, error) {
	return path(paths.NameLegalEffect, optional("route", r.URL.Query().Get("route"), reRoute))
}

// legalEffectOnePath serves GET /v1/legal-effect/{jurisdiction}.
func legalEffectOnePath(r *http.Request) (string, error) {
	return path(paths.NameLegalEffect, seg(r, "jurisdiction", reJurisdiction))
}
