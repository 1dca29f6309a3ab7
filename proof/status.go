package proof

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/corridor-trade/corridor/x/status"
)

// Check names of the status lines (x/status, docs/status-lists.md).
const (
	CheckCredentialStatus = "credential-status" // one line per BitstringStatusListEntry: the anchored list version in force and the credential's bit
	CheckOARevocation     = "oa-revocation"     // an OpenAttestation document's revocation store: no revocation of its targetHash or merkleRoot
)

// StatusRef is the part of a certificate that names the revocation status
// it proves: the credential's status-list entries and, for an
// OpenAttestation document, its revocation store. It is taken from the
// document when the certificate is built; a verifier that has the
// document takes the entries from the document instead. Version records
// which list version was in force at the certificate's height, which the
// verdict used.
type StatusRef struct {
	Lists []ListRef `json:"lists,omitempty"`
	OA    *OARef    `json:"oa,omitempty"`
}

// ListRef is one BitstringStatusListEntry and the anchored version used.
type ListRef struct {
	ListCredential string `json:"status_list_credential"` // the list credential's id URL
	Purpose        string `json:"status_purpose"`
	Index          uint64 `json:"status_list_index"`
	Size           int    `json:"status_size,omitempty"` // bits per entry when not 1 (not supported)
	Version        uint64 `json:"version,omitempty"`     // the version in force at the certificate's height
	ListHash       string `json:"list_hash,omitempty"`   // that version's anchored hash (informational)
}

// OARef is an OpenAttestation document's revocation store and the target
// hashes a revocation of the document would name.
type OARef struct {
	Store   string   `json:"store"`   // the store id as the document writes it
	Targets []string `json:"targets"` // hex: targetHash, then merkleRoot when different
}

// FileStatusRef returns the status a document file names: StatusRefOf of
// the first document in it that names one, nil when none does.
func FileStatusRef(file []byte) *StatusRef {
	for _, d := range FileHash(file) {
		if ref := StatusRefOf(&d); ref != nil {
			return ref
		}
	}
	return nil
}

// CheckListsNamed checks that every status list is one the document's
// BitstringStatusListEntry values (ref, from FileStatusRef) name, so that
// a list given for another credential is refused rather than ignored.
// label(i) names list i in the error (a file name, a position).
func CheckListsNamed(ref *StatusRef, lists []*formats.StatusList, label func(i int) string) error {
	for i, l := range lists {
		if ref == nil || len(ref.Lists) == 0 {
			return codes.StatusBadEntry.Wrapf("%s: the document names no BitstringStatusListEntry (credentialStatus)", label(i))
		}
		var named []string
		match := false
		for _, e := range ref.Lists {
			named = append(named, e.ListCredential)
			match = match || e.ListCredential == l.ID
		}
		if !match {
			return codes.StatusBadEntry.Wrapf("%s is list %s; the document's entries name %s", label(i), l.ID, strings.Join(named, ", "))
		}
	}
	return nil
}

// StatusRefOf returns the status a document names (nil when it names
// none): its BitstringStatusListEntry values, or its OpenAttestation
// revocation store.
func StatusRefOf(d *formats.Document) *StatusRef {
	ref := &StatusRef{}
	if d.Credential != nil {
		for _, e := range d.Credential.StatusEntries() {
			ref.Lists = append(ref.Lists, ListRef{ListCredential: e.ListCredential, Purpose: e.Purpose, Index: e.Index, Size: e.Size})
		}
	}
	if td := d.TradeDocument; td != nil && td.RevocationStore != "" {
		oa := &OARef{Store: td.RevocationStore}
		for _, t := range []string{td.TargetHash, td.MerkleRoot} {
			t = strings.ToLower(strings.TrimPrefix(t, "0x"))
			if _, err := kit.ParseHash(t); err == nil && (len(oa.Targets) == 0 || oa.Targets[0] != t) {
				oa.Targets = append(oa.Targets, t)
			}
		}
		ref.OA = oa
	}
	if len(ref.Lists) == 0 && ref.OA == nil {
		return nil
	}
	return ref
}

// statusRefFromFile returns the status the file names: that of the
// parsed document whose canonical hash is doc.
func statusRefFromFile(data []byte, doc [32]byte) *StatusRef {
	for _, d := range FileHash(data) {
		if d.CanonicalHash == doc {
			return StatusRefOf(&d)
		}
	}
	return nil
}

// CollectStatusReads reads, through a fetching view, every record the
// status lines of ref will read, and records in ref which list version is
// in force (the certificate builder calls it).
func CollectStatusReads(kv *ProvenKV, ref *StatusRef) {
	if ref == nil {
		return
	}
	now := kit.BlockTime(kv)
	for i := range ref.Lists {
		l := &ref.Lists[i]
		v, _, _, ok, _ := status.InForce(kv, status.ListIDHash(l.ListCredential), now)
		if ok {
			l.Version, l.ListHash = v.Version, v.ListHash.String()
		}
	}
	statusChecks(kv, ref, nil, 0)
}

// statusChecks returns the status lines of ref over the proven state kv:
// one credential-status line per list entry, judged with the list
// credentials given (lists), and an oa-revocation line. height is the
// proof height, for the text.
func statusChecks(kv *ProvenKV, ref *StatusRef, lists []*formats.StatusList, height int64) []Line {
	if ref == nil {
		return nil
	}
	var lines []Line
	run := func(check, label string, fn func() (ok, revoked bool, detail string)) {
		kv.takeUnproven()
		var ok, revoked, unproven bool
		var detail string
		func() {
			defer func() {
				if r := recover(); r != nil {
					ok, revoked, detail = false, false, fmt.Sprintf("a proven record does not decode: %v", r)
				}
			}()
			ok, revoked, detail = fn()
		}()
		if u := kv.takeUnproven(); len(u) > 0 {
			ok, revoked, detail, unproven = false, false, unprovenDetail(u), true
		}
		lines = append(lines, Line{Check: check, Label: label, OK: ok, Revoked: revoked, Detail: detail, Unproven: unproven})
	}
	for _, e := range ref.Lists {
		run(CheckCredentialStatus, "credential status ("+e.Purpose+")", func() (bool, bool, string) {
			return listLine(kv, e, lists, height)
		})
	}
	if oa := ref.OA; oa != nil {
		run(CheckOARevocation, "not revoked in its revocation store", func() (bool, bool, string) {
			return oaLine(kv, oa, height)
		})
	}
	return lines
}

// listLine judges one status-list entry: whether it passes, whether it
// fails because the entry's bit is set (revoked or suspended), and why.
func listLine(kv *ProvenKV, e ListRef, lists []*formats.StatusList, height int64) (bool, bool, string) {
	if e.Size > 1 {
		return false, false, fmt.Sprintf("the entry's statusSize is %d; only 1-bit entries (revocation, suspension) are checked", e.Size)
	}
	id := status.ListIDHash(e.ListCredential)
	head, found := status.GetHead(kv, id)
	if !found {
		return false, false, fmt.Sprintf("no version of status list %s is anchored on this chain as of height %d (proven absent): the credential's %s status cannot be checked offline",
			e.ListCredential, height, e.Purpose)
	}
	v, _, _, ok, why := status.InForce(kv, id, kit.BlockTime(kv))
	if !ok {
		return false, false, fmt.Sprintf("status list %s has %d anchored versions (latest %d, by %s) but none is in force as of height %d: %s",
			e.ListCredential, head.Versions, head.Latest, head.Owner, height, why)
	}
	used := fmt.Sprintf("list %s version %d (anchored at height %d, %s, by %s; hash %s)",
		e.ListCredential, v.Version, v.Anchored.Height, fmtTime(v.Anchored.Time()), v.Attester, v.ListHash)
	if e.Version != 0 && e.Version != v.Version {
		return false, false, fmt.Sprintf("the certificate names version %d, but the proven state has %s in force at height %d", e.Version, used, height)
	}
	if v.Purpose != e.Purpose {
		return false, false, fmt.Sprintf("the credential's entry is for %s, but %s is a %s list", e.Purpose, used, v.Purpose)
	}
	var list *formats.StatusList
	var other []string
	for _, l := range lists {
		if l.ID == e.ListCredential {
			list = l
			break
		}
		other = append(other, l.ID)
	}
	if list == nil {
		msg := fmt.Sprintf("%s is in force as of height %d; give that list credential (--status-list FILE) to read bit %d", used, height, e.Index)
		if len(other) > 0 {
			msg += "; the lists given are " + strings.Join(other, ", ")
		}
		return false, false, msg
	}
	if status.Hash(list.Hash) != v.ListHash {
		return false, false, fmt.Sprintf("the list file hashes to %s, not to the hash of %s: it is another version than the one in force at height %d, or it was altered",
			hex.EncodeToString(list.Hash[:]), used, height)
	}
	if list.Purpose != e.Purpose {
		return false, false, fmt.Sprintf("the list file's statusPurpose is %s, the credential's entry %s", list.Purpose, e.Purpose)
	}
	set, err := list.Bit(e.Index)
	if err != nil {
		return false, false, fmt.Sprintf("%s: %v", used, err)
	}
	state := map[bool]string{true: "revoked", false: "not revoked"}
	if e.Purpose == status.PurposeSuspension {
		state = map[bool]string{true: "suspended", false: "not suspended"}
	}
	if set {
		return false, true, fmt.Sprintf("%s as of height %d: bit %d of %s is set", strings.ToUpper(state[true]), height, e.Index, used)
	}
	return true, false, fmt.Sprintf("%s as of height %d: bit %d of %s is 0", state[false], height, e.Index, used)
}

// oaLine judges an OpenAttestation document's revocation store: whether
// it passes, whether it fails because a target is revoked, and why.
func oaLine(kv *ProvenKV, oa *OARef, height int64) (bool, bool, string) {
	id := status.StoreIDHash(oa.Store)
	st, ok := status.GetStore(kv, id)
	if !ok {
		return false, false, fmt.Sprintf("revocation store %s is not registered on this chain as of height %d (proven absent): revocation cannot be checked offline", oa.Store, height)
	}
	if len(oa.Targets) == 0 {
		return false, false, "the document gives no targetHash or merkleRoot to look up"
	}
	for _, t := range oa.Targets {
		target, err := kit.ParseHash(t)
		if err != nil {
			return false, false, fmt.Sprintf("target %q: %v", t, err)
		}
		if r, revoked := status.GetRevocation(kv, id, target); revoked {
			reason := ""
			if r.Reason != "" {
				reason = ": " + r.Reason
			}
			return false, true, fmt.Sprintf("REVOKED as of height %d: %s was revoked in store %s at height %d (%s) by %s%s",
				height, t, oa.Store, r.At.Height, fmtTime(r.At.Time()), r.By, reason)
		}
	}
	return true, false, fmt.Sprintf("not revoked as of height %d: store %s (registered by %s at height %d, %d revocations) holds no revocation of %s (proven absent)",
		height, oa.Store, st.Owner, st.Registered.Height, st.Revoked, strings.Join(oa.Targets, ", "))
}

// certificateStatusLines returns the status lines of a certificate that
// names status (or of any certificate when list files are given): for the
// entries the local file names when it is given (the certificate's own
// StatusRef is not proven, only the records are), else for the
// certificate's.
func certificateStatusLines(kv *ProvenKV, cert *Certificate, doc [32]byte, opts Options) []Line {
	// A certificate made without status (query certificate without
	// --status-of, the HTTP API's) keeps the verdict it always had, unless
	// the verifier brings list files to check.
	if cert.Status == nil && len(opts.StatusLists) == 0 {
		return nil
	}
	ref := cert.Status
	if opts.File != nil {
		if fromFile := statusRefFromFile(opts.File, doc); fromFile != nil {
			for i := range fromFile.Lists {
				if ref == nil {
					break
				}
				for _, c := range ref.Lists {
					f := &fromFile.Lists[i]
					if c.ListCredential == f.ListCredential && c.Purpose == f.Purpose && c.Index == f.Index && c.Size == f.Size {
						f.Version, f.ListHash = c.Version, c.ListHash
					}
				}
			}
			ref = fromFile
		}
	}
	return statusChecks(kv, ref, opts.StatusLists, cert.Height)
}
