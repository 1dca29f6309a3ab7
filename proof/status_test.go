package proof

import (
	"strings"
	"testing"
	"time"

	"github.com/corridor-trade/corridor/codec"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/status"
)

// statusKV is a proven view (records taken as proven; the proofs
// themselves are exercised by the network tests) holding the block time
// and the given status records.
func statusKV(now time.Time, recs map[string]any, absent ...[]byte) *ProvenKV {
	kv := NewProvenKV()
	kv.AddPresent([]byte(kit.BlockTimeKey), kit.Uint64Key(uint64(now.UnixNano())))
	for k, v := range recs {
		kv.AddPresent([]byte(k), codec.Marshal(v))
	}
	for _, k := range absent {
		kv.AddAbsent(k)
	}
	return kv
}

// TestStatusLines runs the credential-status and oa-revocation lines over
// hand-made proven states, one branch each.
func TestStatusLines(t *testing.T) {
	const url = "https://sh-attester.example/status/9"
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	list := status.ListIDHash(url)
	bits := make([]byte, 16)
	bits[0] = 0x40 // index 1 set
	l, err := formats.DecodeStatusList(formats.NewStatusListCredential(url, "did:x", "revocation", bits))
	if err != nil {
		t.Fatal(err)
	}
	susp, _ := formats.DecodeStatusList(formats.NewStatusListCredential(url, "did:x", "suspension", bits))
	other, _ := formats.DecodeStatusList(formats.NewStatusListCredential(url, "did:x", "revocation", make([]byte, 16)))
	version := func(n, prev uint64, purpose string, hash formats.Hash, from, until time.Time) status.ListVersion {
		v := status.ListVersion{List: list, Version: n, Prev: prev, Purpose: purpose, ListHash: status.Hash(hash), ValidFrom: from.UnixNano(),
			Anchored: kit.Stamp{Height: int64(n), TimeUnix: from.UnixNano()}}
		if !until.IsZero() {
			v.ValidUntil = until.UnixNano()
		}
		return v
	}
	head := func(latest uint64) status.ListHead {
		return status.ListHead{List: list, Latest: latest, Versions: latest}
	}
	inForce := map[string]any{
		string(status.HeadKey(list)):       head(2),
		string(status.VersionKey(list, 1)): version(1, 0, "revocation", other.Hash, now.Add(-time.Hour), time.Time{}),
		string(status.VersionKey(list, 2)): version(2, 1, "revocation", l.Hash, now.Add(-time.Minute), time.Time{}),
	}
	entry := func(idx uint64) ListRef { return ListRef{ListCredential: url, Purpose: "revocation", Index: idx} }
	for _, tc := range []struct {
		name  string
		kv    *ProvenKV
		ref   ListRef
		lists []*formats.StatusList
		ok    bool
		want  string
	}{
		{"not revoked", statusKV(now, inForce), entry(0), []*formats.StatusList{l}, true, "not revoked as of height 7: bit 0 of list " + url + " version 2"},
		{"revoked", statusKV(now, inForce), entry(1), []*formats.StatusList{l}, false, "REVOKED as of height 7: bit 1"},
		{"suspended", statusKV(now, map[string]any{string(status.HeadKey(list)): head(1),
			string(status.VersionKey(list, 1)): version(1, 0, "suspension", susp.Hash, now.Add(-time.Hour), time.Time{})}),
			ListRef{ListCredential: url, Purpose: "suspension", Index: 1}, []*formats.StatusList{susp}, false, "SUSPENDED as of height 7"},
		{"index beyond", statusKV(now, inForce), entry(128), []*formats.StatusList{l}, false, "beyond the list's 128 entries"},
		{"old file", statusKV(now, inForce), entry(1), []*formats.StatusList{other}, false, "another version than the one in force at height 7"},
		{"no file", statusKV(now, inForce), entry(1), nil, false, "--status-list"},
		{"no list", statusKV(now, nil, status.HeadKey(list)), entry(1), []*formats.StatusList{l}, false, "no version of status list " + url + " is anchored"},
		{"unproven head", statusKV(now, nil), entry(1), []*formats.StatusList{l}, false, "proves nothing about status-list-head"},
		{"forged version", statusKV(now, inForce), ListRef{ListCredential: url, Purpose: "revocation", Index: 0, Version: 1}, []*formats.StatusList{l}, false, "names version 1"},
		{"wrong purpose", statusKV(now, inForce), ListRef{ListCredential: url, Purpose: "suspension", Index: 0}, []*formats.StatusList{l}, false, "is a revocation list"},
		{"status size", statusKV(now, inForce), ListRef{ListCredential: url, Purpose: "revocation", Index: 0, Size: 2}, []*formats.StatusList{l}, false, "statusSize is 2"},
		{"future v2 leaves v1", statusKV(now, map[string]any{
			string(status.HeadKey(list)):       head(2),
			string(status.VersionKey(list, 1)): version(1, 0, "revocation", other.Hash, now.Add(-time.Hour), time.Time{}),
			string(status.VersionKey(list, 2)): version(2, 1, "revocation", l.Hash, now.Add(time.Hour), time.Time{})}),
			entry(1), []*formats.StatusList{other}, true, "version 1"},
		{"expired", statusKV(now, map[string]any{string(status.HeadKey(list)): head(1),
			string(status.VersionKey(list, 1)): version(1, 0, "revocation", l.Hash, now.Add(-time.Hour), now.Add(-time.Minute))}),
			entry(0), []*formats.StatusList{l}, false, "none is in force as of height 7: the latest version that has started expired"},
	} {
		lines := statusChecks(tc.kv, &StatusRef{Lists: []ListRef{tc.ref}}, tc.lists, 7)
		if len(lines) != 1 || lines[0].Check != CheckCredentialStatus || lines[0].OK != tc.ok || !strings.Contains(lines[0].Detail, tc.want) {
			t.Errorf("%s: %+v, want ok=%v and %q", tc.name, lines, tc.ok, tc.want)
		}
	}

	store := status.StoreIDHash("0xABCDEF")
	target := kit.Hash{7}
	oa := &StatusRef{OA: &OARef{Store: "0xabcdef", Targets: []string{target.String()}}}
	registered := map[string]any{string(status.StoreKey(store)): status.OAStore{Store: store, Revoked: 1}}
	for _, tc := range []struct {
		name string
		kv   *ProvenKV
		ok   bool
		want string
	}{
		{"unregistered", statusKV(now, nil, status.StoreKey(store)), false, "not registered on this chain"},
		{"not revoked", statusKV(now, registered, status.RevocationKey(store, target)), true, "holds no revocation of " + target.String() + " (proven absent)"},
		{"revoked", statusKV(now, map[string]any{string(status.StoreKey(store)): status.OAStore{Store: store},
			string(status.RevocationKey(store, target)): status.OARevocation{Store: store, Target: target, At: kit.Stamp{Height: 5}, Reason: "superseded"}}), false, "REVOKED as of height 7"},
		{"unproven target", statusKV(now, registered), false, "proves nothing about oa-revocation"},
	} {
		lines := statusChecks(tc.kv, oa, nil, 7)
		if len(lines) != 1 || lines[0].Check != CheckOARevocation || lines[0].OK != tc.ok || !strings.Contains(lines[0].Detail, tc.want) {
			t.Errorf("oa %s: %+v, want ok=%v and %q", tc.name, lines, tc.ok, tc.want)
		}
	}
}

// TestCertificateWithoutStatusKeepsItsVerdict: no status lines unless the
// certificate names status or lists are given.
func TestCertificateWithoutStatusKeepsItsVerdict(t *testing.T) {
	if lines := certificateStatusLines(NewProvenKV(), &Certificate{}, [32]byte{}, Options{}); lines != nil {
		t.Fatalf("lines %+v", lines)
	}
}
