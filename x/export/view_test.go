package export

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/x/kit"
)

// TestFlowViewJSON: a flow not yet reported shows no report fields; a
// reported one shows them once.
func TestFlowViewJSON(t *testing.T) {
	now := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	f := Flow{ReportDue: now.Add(time.Hour).UnixNano()}
	b, _ := json.Marshal(ViewOfFlow(f, now))
	if strings.Contains(string(b), `"reported"`) || strings.Contains(string(b), `"report_hash"`) || !strings.Contains(string(b), `"report_status":"due"`) {
		t.Fatalf("%s", b)
	}
	f.Reported, f.ReportHash = kit.Stamp{Height: 9, TimeUnix: now.UnixNano()}, Hash{1}
	b, _ = json.Marshal(ViewOfFlow(f, now))
	if strings.Count(string(b), `"reported"`) != 1 || strings.Count(string(b), `"report_hash"`) != 1 || !strings.Contains(string(b), `"report_status":"filed"`) {
		t.Fatalf("%s", b)
	}
}
