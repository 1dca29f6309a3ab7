package paths

import "strconv"

// Names: the first segment of each query path, under which one module (or,
// for NameStore, the application itself) registers its handler.
const (
	// NameStore answers the raw value at a store key, with an ICS-23
	// proof on request; the application serves it, no module may.
	NameStore = "store"

	// Membership (x/membership).
	NameMember        = "member"
	NameMemberByKey   = "member-by-key"
	NameAccount       = "account"
	NameMembers       = "members"
	NameJurisdictions = "jurisdictions"
	NameValidators    = "validators"
	NameMisbehaviour  = "misbehaviour"
	NameParams        = "params"

	// Identity (x/identity).
	NameAttestation  = "attestation"
	NameAttestations = "attestations"
	NameAttestedBy   = "attested-by"

	// Recognition (x/recognition).
	NameRecognition = "recognition"
	NameRules       = "rules"
	NameMutual      = "mutual"

	// Invoices (x/invoice).
	NameInvoice     = "invoice"
	NameFingerprint = "fingerprint"
	NameBatch       = "batch"
	NameRevocation  = "revocation"
	NameInvoicesBy  = "invoices-by"

	// Payments (x/payment).
	NamePayment = "payment"
	NameUETR    = "uetr"

	// Partnership governance (x/gov).
	NameProposals = "proposals"
	NameProposal  = "proposal"
	NameGov       = "gov"

	// Cross-chain docking (x/docking); its sub-paths follow.
	NameDocking = "docking"

	// Cross-border data export (x/export).
	NameExportRules    = "export-rules"
	NameExportEvidence = "export-evidence"
	NameExportFlow     = "export-flow"
	NameExportFlows    = "export-flows"
	NameExportCounters = "export-counters"
	NameExportReports  = "export-reports"

	// Anchored revocation status (x/status).
	NameStatusList = "status-list"
	NameStatusOA   = "status-oa"
	// Transferable records (x/title).
	NameTitle       = "title"
	NameTitles      = "titles"
	NameLegalEffect = "legal-effect"
)

// The selector of NameTitles besides ByDocument (its second segment).
const ByHolder = "holder"

// RoutePrefix starts the optional route segment of Title.
const RoutePrefix = "route="

// The selectors of NameExportFlows (its second segment).
const (
	ByExporter    = "exporter"
	ByDestination = "destination"
	ByCategory    = "category"
	ByDocument    = "document"
)

// The sub-paths of NameDocking (its second segment).
const (
	SubClients   = "clients"
	SubClient    = "client"
	SubConsensus = "consensus"
	SubAnchors   = "anchors"
	SubAnchor    = "anchor"
	SubSelf      = "self"
)

// asOfPrefix starts the optional last segment that sets the evaluation
// time of the identity and recognition queries.
const asOfPrefix = "asof="

// join builds "/name/arg1/arg2...". Empty arguments at the end are left
// out (they are the optional ones); an empty argument before a non-empty
// one is kept, so that the handler sees it and refuses it.
func join(name string, args ...string) string {
	for len(args) > 0 && args[len(args)-1] == "" {
		args = args[:len(args)-1]
	}
	n := 1 + len(name)
	for _, a := range args {
		n += 1 + len(a)
	}
	b := make([]byte, 0, n)
	b = append(b, '/')
	b = append(b, name...)
	for _, a := range args {
		b = append(b, '/')
		b = append(b, a...)
	}
	return string(b)
}

// AsOf appends the evaluation time t (RFC 3339 or Unix nanoseconds) to an
// identity or recognition path; an empty t leaves path as it is (the
// handler then uses the block time of the state it reads).
func AsOf(path, t string) string {
	if t == "" {
		return path
	}
	return path + "/" + asOfPrefix + t
}

// IsAsOf reports whether a path segment is an AsOf segment, and returns the
// time it names.
func IsAsOf(segment string) (string, bool) {
	if len(segment) >= len(asOfPrefix) && segment[:len(asOfPrefix)] == asOfPrefix {
		return segment[len(asOfPrefix):], true
	}
	return "", false
}

// Store is the path of raw store reads (the key goes in the query's data).
func Store() string { return join(NameStore) }

// Member is the path of one member, by address.
func Member(address string) string { return join(NameMember, address) }

// MemberByKey is the path of the member that signs with a public key (hex).
func MemberByKey(pubKey string) string { return join(NameMemberByKey, pubKey) }

// Account is the path of a member and its next sequence, by address.
func Account(address string) string { return join(NameAccount, address) }

// Members is the path of the members of a jurisdiction, or of every member
// when jurisdiction is empty.
func Members(jurisdiction string) string { return join(NameMembers, jurisdiction) }

// Jurisdictions is the path of the partner jurisdictions.
func Jurisdictions() string { return join(NameJurisdictions) }

// Validators is the path of the validators and their jurisdictions.
func Validators() string { return join(NameValidators) }

// Misbehaviour is the path of the evidence recorded against a validator
// (40 hex digits), or against every validator when validator is empty.
func Misbehaviour(validator string) string { return join(NameMisbehaviour, validator) }

// Params is the path of the membership parameters.
func Params() string { return join(NameParams) }

// Attestation is the path of one attestation, by id (hex).
func Attestation(id string) string { return join(NameAttestation, id) }

// Attestations is the path of the attestations about a subject (an address
// or a commitment in hex), of one claim type, or of every claim when claim
// is empty.
func Attestations(subject, claim string) string { return join(NameAttestations, subject, claim) }

// AttestedBy is the path of the attestations an attester (address) made.
func AttestedBy(attester string) string { return join(NameAttestedBy, attester) }

// Recognition is the path of jurisdiction in's verdict on a target: an
// attestation id or a document hash (hex).
func Recognition(target, in string) string { return join(NameRecognition, target, in) }

// Rules is the path of a jurisdiction's recognition rules.
func Rules(in string) string { return join(NameRules, in) }

// Mutual is the path of what jurisdiction a recognises of b's attesters,
// and b of a's.
func Mutual(a, b string) string { return join(NameMutual, a, b) }

// Invoice is the path of an invoice anchor, by document hash (hex).
func Invoice(docHash string) string { return join(NameInvoice, docHash) }

// Fingerprint is the path of an issuer's (address) invoice fingerprint
// (hex).
func Fingerprint(issuer, fingerprint string) string {
	return join(NameFingerprint, issuer, fingerprint)
}

// Batch is the path of a batch anchor, by Merkle root (hex).
func Batch(root string) string { return join(NameBatch, root) }

// Revocation is the path of a document's revocation, by hash (hex).
func Revocation(docHash string) string { return join(NameRevocation, docHash) }

// InvoicesBy is the path of one page of an issuer's invoice anchors, after
// a fingerprint (hex), or from the first when after is empty.
func InvoicesBy(issuer, after string) string { return join(NameInvoicesBy, issuer, after) }

// Payment is the path of one payment, by id (UETR and bank address, hex).
func Payment(id string) string { return join(NamePayment, id) }

// UETR is the path of every bank's payment recorded with a UETR.
func UETR(uetr string) string { return join(NameUETR, uetr) }

// DockingClients is the path of every counterparty client.
func DockingClients() string { return join(NameDocking, SubClients) }

// DockingClient is the path of one counterparty client, by chain-id.
func DockingClient(chainID string) string { return join(NameDocking, SubClient, chainID) }

// DockingConsensus is the path of one stored counterparty header.
func DockingConsensus(chainID string, height int64) string {
	return join(NameDocking, SubConsensus, chainID, strconv.FormatInt(height, 10))
}

// DockingAnchors is the path of the foreign anchors of a document (hex).
func DockingAnchors(docHash string) string { return join(NameDocking, SubAnchors, docHash) }

// DockingAnchor is the path of a document's foreign anchor from one chain.
func DockingAnchor(chainID, docHash string) string {
	return join(NameDocking, SubAnchor, chainID, docHash)
}

// DockingSelf is the path of what a counterparty needs to verify this
// chain.
func DockingSelf() string { return join(NameDocking, SubSelf) }

// ExportRules is the path of a jurisdiction's export rule sets, every
// version, or one version when version is not empty.
func ExportRules(jurisdiction, version string) string {
	return join(NameExportRules, jurisdiction, version)
}

// ExportEvidence is the path of one evidence record, by id (hex).
func ExportEvidence(id string) string { return join(NameExportEvidence, id) }

// ExportFlow is the path of one declared flow, by id (hex).
func ExportFlow(id string) string { return join(NameExportFlow, id) }

// ExportFlows is the path of the flows selected by one of ByExporter (an
// address), ByDestination (a jurisdiction), ByCategory (a data category)
// or ByDocument (a document hash), declared in [since, until) (RFC 3339
// or Unix nanoseconds; either may be empty).
func ExportFlows(by, value, since, until string) string {
	p := join(NameExportFlows, by, value)
	if since != "" {
		p += "/since=" + since
	}
	if until != "" {
		p += "/until=" + until
	}
	return p
}

// ExportCounters is the path of the counters of a member's legal entity
// (a member address) or of an entity (hex), every year or one.
func ExportCounters(holder, year string) string { return join(NameExportCounters, holder, year) }

// ExportReports is the path of the flows whose report is not filed, of
// one origin jurisdiction or of all when jurisdiction is empty.
func ExportReports(jurisdiction string) string { return join(NameExportReports, jurisdiction) }

// Title is the path of one transferable record, by id (hex), with the
// legal-effect leg of every jurisdiction of route (comma-separated codes,
// e.g. CN-SH,SG,HK) when route is not empty.
func Title(id, route string) string {
	if route == "" {
		return join(NameTitle, id)
	}
	return join(NameTitle, id, RoutePrefix+route)
}

// Titles is the path of the records selected by ByHolder (an address) or
// ByDocument (a document hash).
func Titles(by, value string) string { return join(NameTitles, by, value) }

// LegalEffect is the path of the legal-effect table, of one
// jurisdiction's entry, or of the legs of a route (comma-separated codes)
// when jurisdiction holds a comma.
func LegalEffect(jurisdiction string) string { return join(NameLegalEffect, jurisdiction) }
