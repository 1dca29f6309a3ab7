package api

import (
	"net/http"
)

// Health is the answer to GET /v1/health: the API process is up and
// serving. It asks nothing of the node, so a load balancer's liveness
// probe does not restart a node that is merely catching up.
type Health struct {
	Status string `json:"status"` // always "ok"
}

// Readiness is the answer to GET /v1/ready.
type Readiness struct {
	// Ready is true when the node has committed at least one block and is
	// not catching up (block sync or state sync), so that its answers are
	// about the current state of the chain.
	Ready      bool   `json:"ready"`
	CatchingUp bool   `json:"catching_up"`
	Height     int64  `json:"height"`
	Reason     string `json:"reason,omitempty"` // why not ready
}

func (s *Server) handleHealth(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, Health{Status: "ok"})
}

// handleReady answers 200 when the node is ready and 503 otherwise, always
// with a Readiness body, for readiness probes and load balancers.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	st, err := s.rpc.Status(r.Context())
	if err != nil {
		writeJSON(w, http.StatusServiceUnavailable, Readiness{Reason: "the node did not answer: " + err.Error()})
		return
	}
	rd := Readiness{CatchingUp: st.SyncInfo.CatchingUp, Height: st.SyncInfo.LatestBlockHeight}
	switch {
	case rd.CatchingUp:
		rd.Reason = "catching up with the network"
	case rd.Height == 0:
		rd.Reason = "no block committed yet (is two thirds of the voting power online and connected?)"
	default:
		rd.Ready = true
	}
	status := http.StatusOK
	if !rd.Ready {
		status = http.StatusServiceUnavailable
	}
	writeJSON(w, status, rd)
}

// healthRoutes registers the liveness and readiness endpoints.
func (s *Server) healthRoutes() {
	s.route("GET", "/v1/health", s.handleHealth)
	s.route("GET", "/v1/ready", s.handleReady)
}
