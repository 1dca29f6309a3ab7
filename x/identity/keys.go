package identity

import (
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/x/kit"
)

// Store keys. Each prefix names one kind of record.
const (
	prefixAttestation = "identity/att" // identity/att/<id 32B> → Attestation
	prefixBySubject   = "identity/sub" // identity/sub/<subject key>/<claim>/<id 32B> → id 32B
	prefixByAttester  = "identity/by"  // identity/by/<attester 20B>/<id 32B> → id 32B
)

// AttestationKey is the store key of an attestation record.
func AttestationKey(id Hash) []byte { return kit.Key(prefixAttestation, id[:]) }

// subjectPart is a subject's fixed-length key part: 'a' and the 20-byte
// address, or 'c' and the 32-byte commitment.
func subjectPart(s Subject) []byte {
	if s.IsAddress() {
		return append([]byte{'a'}, s.Address[:]...)
	}
	return append([]byte{'c'}, s.Commitment[:]...)
}

// SubjectIndexKey is the store key of a subject index entry.
func SubjectIndexKey(s Subject, claim string, id Hash) []byte {
	return kit.Key(prefixBySubject, subjectPart(s), []byte(claim), id[:])
}

// subjectPrefix is the prefix of every index entry of a subject, or of one
// claim type of the subject when claim is not empty.
func subjectPrefix(s Subject, claim string) []byte {
	if claim == "" {
		return append(kit.Key(prefixBySubject, subjectPart(s)), '/')
	}
	return append(kit.Key(prefixBySubject, subjectPart(s), []byte(claim)), '/')
}

// AttesterIndexKey is the store key of an attester index entry.
func AttesterIndexKey(attester secp.Address, id Hash) []byte {
	return kit.Key(prefixByAttester, attester[:], id[:])
}

func attesterPrefix(attester secp.Address) []byte {
	return append(kit.Key(prefixByAttester, attester[:]), '/')
}
