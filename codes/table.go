package codes

// The codespaces.
const (
	SpaceTx          = "tx"
	SpaceMembership  = "membership"
	SpaceIdentity    = "identity"
	SpaceRecognition = "recognition"
	SpaceInvoice     = "invoice"
	SpacePayment     = "payment"
	SpaceDocking     = "docking"
	SpaceGov         = "gov"
	SpaceExport      = "export"
	SpaceQuery       = "query"
	SpaceAPI         = "api"    // the HTTP API's own errors; never on chain
	SpaceClient      = "client" // the Go client's own errors (the outbox); never on chain
	// SpaceGenesis holds the genesis ceremony's own errors (CLI); never on chain.
	SpaceGenesis = "genesis"
	SpacePlan    = "plan"  // the anchoring planner's refusals (anchorplan); never on chain
	SpaceStore   = "store" // the state database at start-up; never on chain
	// SpaceDisclose holds the field-disclosure checks (disclose/, offline).
	SpaceDisclose = "disclose"
	SpaceStatus   = "status" // anchored revocation status lists (x/status)
	SpaceTitle    = "title"  // transferable records (x/title)
)

// This is the table. Append only: never renumber, never reuse a number.
// Ranges: tx 1-19, membership 20-39, identity 40-59, recognition 60-79,
// invoice 80-99, payment 100-119, docking 120-139, gov 140-179, export 180-199,
// query 200-219, plan 220-239, client 240-259, store 280-289, keys 300-309,
// genesis 320-339, snapshot 340-349, node 350-359, disclose 360-379,
// status 380-399, title 400-459, api 900-919.
var (
	Internal          = def(SpaceTx, 1, "internal", "An unexpected internal error; a bug, reported to the operator's log.")
	TxMalformed       = def(SpaceTx, 2, "malformed", "The transaction bytes are not a canonical envelope, body or message.")
	TxTooLarge        = def(SpaceTx, 3, "too_large", "The transaction exceeds the maximum size (params.max_tx_bytes).")
	TxBadPubKey       = def(SpaceTx, 4, "bad_pubkey", "The signer's public key is not a valid 33-byte compressed secp256k1 point.")
	TxBadSignature    = def(SpaceTx, 5, "bad_signature", "The signature does not verify for these body bytes and this chain-id.")
	TxHighS           = def(SpaceTx, 6, "high_s", "The signature's s is in the upper half of the group order (only low-S is accepted).")
	TxSigRange        = def(SpaceTx, 7, "signature_out_of_range", "The signature's r or s is zero or not below the group order n.")
	TxWrongChain      = def(SpaceTx, 8, "wrong_chain_id", "The body names a different chain-id than this network's.")
	TxBadSequence     = def(SpaceTx, 9, "bad_sequence", "The body's sequence is not the signer's next sequence (replayed or out of order).")
	TxNoMessages      = def(SpaceTx, 10, "no_messages", "The body carries no message, or more than params.max_msgs.")
	TxUnknownMsg      = def(SpaceTx, 11, "unknown_message", "A message type is not known to this node.")
	TxInvalidMsg      = def(SpaceTx, 12, "invalid_message", "A message fails its stateless checks (missing or malformed field).")
	TxMempoolQuota    = def(SpaceTx, 13, "pending_quota", "The signer already has params.pending_quota transactions waiting; wait for them to commit.")
	TxUnknownSigner   = def(SpaceTx, 14, "unknown_signer", "The signing key belongs to no admitted member.")
	TxSuspendedSigner = def(SpaceTx, 15, "signer_suspended", "The signer is a suspended member.")
	TxWrongRole       = def(SpaceTx, 16, "wrong_role", "The signer lacks the role a message requires.")

	MemberNotFound            = def(SpaceMembership, 20, "member_not_found", "No member has this address.")
	MemberExists              = def(SpaceMembership, 21, "member_exists", "The public key already belongs to a member.")
	MemberOutsideJurisdiction = def(SpaceMembership, 22, "outside_jurisdiction", "An operator acted on a member of another jurisdiction.")
	MemberBadRole             = def(SpaceMembership, 23, "bad_role", "A role is not one of trader, bank, customs, attester, operator.")
	MemberAlreadySuspended    = def(SpaceMembership, 24, "already_suspended", "The member is already suspended.")
	MemberNotSuspended        = def(SpaceMembership, 25, "not_suspended", "The member is not suspended, so cannot be reinstated.")
	MemberSelf                = def(SpaceMembership, 26, "self_action", "An operator may not suspend itself (another operator of its jurisdiction must).")
	MemberBadKeyProof         = def(SpaceMembership, 27, "bad_key_proof", "The new key's proof of possession does not verify.")
	MemberUnknownJurisdiction = def(SpaceMembership, 28, "unknown_jurisdiction", "The jurisdiction is not defined in genesis.")

	IdentityNotFound        = def(SpaceIdentity, 40, "attestation_not_found", "No attestation has this id.")
	IdentityNotAttester     = def(SpaceIdentity, 41, "not_attester_of_record", "Only the attester that made an attestation may revoke it.")
	IdentityAlreadyRevoked  = def(SpaceIdentity, 42, "already_revoked", "The attestation is already revoked.")
	IdentityBadValidity     = def(SpaceIdentity, 43, "bad_validity_window", "The validity window is negative, empty, already over, or starts before the block time.")
	IdentityUnknownClaim    = def(SpaceIdentity, 44, "unknown_claim", "The claim type is not one of legal-entity, aeo, signatory.")
	IdentityUnknownScheme   = def(SpaceIdentity, 45, "unknown_scheme", "The scheme is not one the claim type admits (e.g. uscc, uen, br, lei for legal-entity).")
	IdentityBadSubject      = def(SpaceIdentity, 46, "bad_subject", "The subject is not exactly one of a member address or a 32-byte commitment.")
	IdentitySubjectNotFound = def(SpaceIdentity, 47, "subject_not_member", "The subject address belongs to no member.")
	IdentitySelfAttestation = def(SpaceIdentity, 48, "self_attestation", "An attester may not attest a claim about itself.")
	IdentityExists          = def(SpaceIdentity, 49, "attestation_exists", "An attestation with this id already exists.")

	RecognitionOutsideJurisdiction = def(SpaceRecognition, 60, "rule_outside_jurisdiction", "An operator declared or removed a rule for a jurisdiction other than its own.")
	RecognitionUnknownProfile      = def(SpaceRecognition, 61, "unknown_profile", "A document profile is not one Corridor knows (e.g. ubl-2.1, cii-d16b, raw).")
	RecognitionRuleNotFound        = def(SpaceRecognition, 62, "rule_not_found", "No rule matches the one to remove.")
	RecognitionNotAttester         = def(SpaceRecognition, 63, "not_an_attester", "The named attester is not a member holding the attester role.")
	RecognitionOwnJurisdiction     = def(SpaceRecognition, 64, "own_jurisdiction_rule", "A rule names the operator's own jurisdiction or attester, which are always recognised.")
	RecognitionBadRule             = def(SpaceRecognition, 65, "bad_rule", "A rule must name exactly one of an attester, an attester jurisdiction or profiles, with a non-empty sorted list.")

	InvoiceDuplicateDocument    = def(SpaceInvoice, 80, "duplicate_document", "The document hash or batch root is already anchored; the log names the first anchor and its height.")
	InvoiceDuplicateFingerprint = def(SpaceInvoice, 81, "duplicate_fingerprint", "The issuer already anchored an invoice with this invoice-number fingerprint; the log names the first anchor's document hash and height.")
	InvoiceBadProfile           = def(SpaceInvoice, 82, "bad_profile", "The profile is not one of ubl-2.1, cii-d16b, edifact-invoic, openattestation-v2, raw.")
	InvoiceBadAmount            = def(SpaceInvoice, 83, "bad_amount", "An amount is not a positive canonical decimal string (no sign, no leading or trailing zeros, at most 18 integer and 4 fraction digits).")
	InvoiceBadCurrency          = def(SpaceInvoice, 84, "bad_currency", "The currency is not an active ISO 4217 code from the built-in list.")
	InvoiceBadDate              = def(SpaceInvoice, 85, "bad_date", "A date is not a valid calendar date written YYYY-MM-DD (years 1900-9999).")
	InvoiceBadBuyer             = def(SpaceInvoice, 86, "bad_buyer", "The buyer reference is not exactly one of a member address or a 32-byte commitment, or names no member.")
	InvoiceNotFound             = def(SpaceInvoice, 87, "invoice_not_found", "No invoice is anchored under this document hash.")
	InvoiceNotIssuer            = def(SpaceInvoice, 88, "not_issuer", "Only the issuer of an anchor or batch may cancel or revoke it.")
	InvoiceNotCancellable       = def(SpaceInvoice, 89, "not_cancellable", "The invoice has received a payment or is already cancelled, so it cannot be cancelled.")
	InvoiceBatchTooLarge        = def(SpaceInvoice, 90, "batch_too_large", "A batch must hold between 1 and 10,000 documents.")
	InvoiceBadInclusionProof    = def(SpaceInvoice, 91, "bad_inclusion_proof", "The inclusion path does not lead from the document hash at this index to the batch root.")
	InvoiceAlreadyRevoked       = def(SpaceInvoice, 92, "already_revoked", "The batch member's document hash is already revoked; the log names the revocation.")
	InvoiceBatchNotFound        = def(SpaceInvoice, 93, "batch_not_found", "No batch is anchored under this Merkle root.")

	PaymentOverpayment      = def(SpacePayment, 100, "overpayment", "The payment would make the sum paid against an invoice exceed its total.")
	PaymentCurrencyMismatch = def(SpacePayment, 101, "currency_mismatch", "The payment currency differs from the invoice currency.")
	PaymentInvoiceCancelled = def(SpacePayment, 102, "invoice_cancelled", "The invoice was cancelled by its issuer and accepts no payment.")
	PaymentUnknownInvoice   = def(SpacePayment, 103, "unknown_invoice", "No individually anchored invoice has this document hash (batch members cannot be paid).")
	PaymentInvoicePaid      = def(SpacePayment, 104, "already_paid", "The invoice is already paid in full.")
	PaymentDuplicateUETR    = def(SpacePayment, 105, "duplicate_uetr", "The signing bank already recorded a payment with this UETR; the log names it.")
	PaymentBadUETR          = def(SpacePayment, 106, "bad_uetr", "The UETR is not a version-4 UUID (RFC 4122 variant).")
	PaymentBadAllocation    = def(SpacePayment, 107, "bad_allocation", "A payment must allocate to 1-64 distinct invoices, one amount each.")

	DockingClientExists      = def(SpaceDocking, 120, "client_exists", "A counterparty client is already registered for this chain-id.")
	DockingClientNotFound    = def(SpaceDocking, 121, "client_not_found", "No counterparty client is registered for this chain-id.")
	DockingBadClient         = def(SpaceDocking, 122, "bad_client", "The registration is malformed: unknown client type, this chain's own chain-id, bad trust parameters, or a bad notary key set or threshold.")
	DockingBadHeader         = def(SpaceDocking, 123, "bad_header", "The signed header or validator set does not decode, is for another chain, does not match its commit or validator set, is not newer than the trusted header, or lies in the future beyond the maximum clock drift.")
	DockingInsufficientTrust = def(SpaceDocking, 124, "insufficient_trust", "The header is signed by too little voting power: under 1/3 of the trusted validator set, or not more than 2/3 of its own.")
	DockingClientExpired     = def(SpaceDocking, 125, "client_expired", "The trusted header is older than the trusting period at this block's time; the operator must register a fresh client.")
	DockingClientFrozen      = def(SpaceDocking, 126, "client_frozen", "The client is frozen after conflicting headers were shown; it accepts no update and no proof.")
	DockingHeightUnknown     = def(SpaceDocking, 127, "height_unknown", "The client holds no consensus state (header) at this height.")
	DockingBadProof          = def(SpaceDocking, 128, "bad_proof", "The ICS-23 proof does not decode, is for another key or value, or does not lead to the app hash of the header at this height.")
	DockingAlreadyDocked     = def(SpaceDocking, 129, "already_docked", "This record of this chain is already docked at the same or a later height; the log names it.")
	DockingBadRecord         = def(SpaceDocking, 130, "bad_record", "The record is not one Corridor can dock: the key is not the invoice anchor key of the document hash, or the value does not decode as an invoice anchor.")
	DockingNotaryThreshold   = def(SpaceDocking, 131, "notary_threshold", "Fewer distinct registered notaries than the client's threshold signed the statement.")
	DockingWrongClientType   = def(SpaceDocking, 132, "wrong_client_type", "The message needs a client of the other type (header updates and ICS-23 proofs need cometbft, notary signatures need notary).")
	DockingHeaderExists      = def(SpaceDocking, 133, "header_exists", "The client already holds this very header at this height; nothing to update.")
	DockingNoMisbehaviour    = def(SpaceDocking, 134, "no_misbehaviour", "The two headers verify but do not conflict (different heights in time order, or the same header twice).")

	GovUnknownProposal     = def(SpaceGov, 140, "unknown_proposal", "No proposal has this id; list them with `query gov proposals`.")
	GovNotOperator         = def(SpaceGov, 141, "not_operator", "Only an active operator may propose, vote or withdraw; ask an operator of your jurisdiction.")
	GovAlreadyVoted        = def(SpaceGov, 142, "already_voted", "The operator already cast this same vote on the proposal; nothing to change.")
	GovDeadlinePassed      = def(SpaceGov, 143, "deadline_passed", "The proposal's voting deadline has passed; propose it again if it is still wanted.")
	GovNotOpen             = def(SpaceGov, 144, "not_open", "The proposal is no longer open (executed, rejected, expired, withdrawn or aborted); its record and votes stay queryable.")
	GovNotElector          = def(SpaceGov, 145, "not_elector", "The operator's jurisdiction does not vote on this proposal's class (the jurisdiction concerned does not vote on its own eviction; only it votes on its own changes).")
	GovInvariant           = def(SpaceGov, 146, "would_break_invariant", "Executing the change would break a network invariant (an operator and a validator per jurisdiction, less than 2/3 of the power per jurisdiction, power bounds, one scheduled upgrade, devnet rule); the log names it.")
	GovQuotaExceeded       = def(SpaceGov, 147, "quota_exceeded", "The operator already has gov.params.proposal_quota open proposals; withdraw one or wait for them to close.")
	GovNotProposer         = def(SpaceGov, 148, "not_proposer", "Only the operator that made a proposal may withdraw it; others vote reject.")
	GovUnknownKind         = def(SpaceGov, 149, "unknown_kind", "The proposal kind is not one of the kinds in docs/governance.md.")
	GovBadChange           = def(SpaceGov, 150, "bad_change", "The proposal's fields do not fit its kind (missing, extra or out of range); the log names the field.")
	GovOutsideJurisdiction = def(SpaceGov, 151, "outside_jurisdiction", "A change that only the jurisdiction concerned decides was proposed by an operator of another jurisdiction.")
	GovNoEvidence          = def(SpaceGov, 152, "no_evidence", "Evicting a validator needs misbehaviour on record against it (query misbehaviour); none is recorded.")
	GovUnknownTarget       = def(SpaceGov, 153, "unknown_target", "The validator, operator or jurisdiction the change names does not exist (or already exists, for an addition); the log says which.")
	GovUpgradeScheduled    = def(SpaceGov, 154, "upgrade_scheduled", "An upgrade is already scheduled (at most one); cancel it by proposal first, or wait until it runs.")

	ExportBadRuleSet          = def(SpaceExport, 180, "bad_rule_set", "The export rule set is malformed: a missing or unknown field value, dates that are not RFC 3339 UTC, an empty or over-long list, or a duplicate rule id; the log names the rule.")
	ExportNotAuthority        = def(SpaceExport, 181, "not_authority", "The signer is not the authority this export record needs: rule sets are published by an operator of their jurisdiction, security-assessment evidence is anchored by an attester or operator of the holder's jurisdiction.")
	ExportStaleVersion        = def(SpaceExport, 182, "stale_version", "The rule set's version is not above the jurisdiction's latest published version.")
	ExportNoRuleSet           = def(SpaceExport, 183, "no_rule_set", "No export rule set of the exporter's jurisdiction is in force at the block time.")
	ExportEvidenceMissing     = def(SpaceExport, 184, "evidence_missing", "The flow needs evidence of the procedure required (the log names it) and names none that could satisfy it.")
	ExportEvidenceExpired     = def(SpaceExport, 185, "evidence_expired", "The evidence the flow relies on is not valid at the block time (expired or not yet valid).")
	ExportEvidenceRevoked     = def(SpaceExport, 186, "evidence_revoked", "The evidence the flow relies on was revoked.")
	ExportEvidenceDestination = def(SpaceExport, 187, "evidence_destination", "The evidence the flow relies on does not cover the flow's destination jurisdiction.")
	ExportEvidenceScenario    = def(SpaceExport, 188, "evidence_scenario", "The evidence the flow relies on does not cover the flow's scenario.")
	ExportEvidenceRecipient   = def(SpaceExport, 189, "evidence_recipient", "The evidence the flow relies on names another recipient.")
	ExportUnknownEvidence     = def(SpaceExport, 190, "unknown_evidence", "No evidence record has this id.")
	ExportEvidenceInstrument  = def(SpaceExport, 191, "evidence_instrument", "None of the evidence named is an instrument that satisfies the procedure required (the log names both).")
	ExportEntityAmbiguous     = def(SpaceExport, 192, "entity_ambiguous", "The member holds active legal-entity attestations naming different entities; its volumes cannot be counted against one legal entity.")
	ExportNoEntity            = def(SpaceExport, 193, "no_entity", "The rule set requires every exporter to be linked to a legal entity (an active legal-entity attestation by an attester of its jurisdiction) and this one is not.")
	ExportBadFlow             = def(SpaceExport, 194, "bad_flow", "The flow declaration is malformed: a missing scenario, category or destination, a destination equal to the origin, more sensitive than total individuals, or an over-long list.")
	ExportUnknownFlow         = def(SpaceExport, 195, "unknown_flow", "No declared flow has this id.")
	ExportAlreadyReported     = def(SpaceExport, 196, "already_reported", "The flow's report was already filed, or the flow needs no report.")
	ExportBadEvidence         = def(SpaceExport, 197, "bad_evidence", "The evidence record is malformed: an unknown instrument, a missing reference, document hash or destination, or a validity window that ends before it starts.")
	ExportNotHolder           = def(SpaceExport, 198, "not_holder", "The evidence is held by another legal entity than the exporter's, or the signer may not revoke it (only its anchorer or an authority of the holder's jurisdiction may), or may not report the flow.")
	ExportUnknownRecipient    = def(SpaceExport, 199, "unknown_recipient", "The recipient is not an active member of the destination jurisdiction.")

	// Anchored revocation status lists (x/status, docs/status-lists.md): 380-399.
	StatusBadList        = def(SpaceStatus, 380, "bad_list", "The status-list anchor is malformed: no list id (the list credential's id URL, at most 512 bytes), a purpose other than revocation or suspension, version 0, a zero list hash, or a validity window that ends before it starts.")
	StatusStaleVersion   = def(SpaceStatus, 381, "stale_version", "The status-list version is not above the latest version anchored for this list.")
	StatusNotOwner       = def(SpaceStatus, 382, "not_owner", "The list or revocation store was first anchored by another attester; only that attester may anchor its versions or revocations.")
	StatusBadStore       = def(SpaceStatus, 383, "bad_store", "The revocation-store message is malformed: no store id (at most 512 bytes), no target hash or more than 64, targets not sorted and distinct, or an over-long reason.")
	StatusUnknownStore   = def(SpaceStatus, 384, "unknown_store", "No OpenAttestation revocation store is registered under this id; an attester registers it first (tx status oa-store).")
	StatusStoreExists    = def(SpaceStatus, 385, "store_exists", "The OpenAttestation revocation store is already registered.")
	StatusAlreadyRevoked = def(SpaceStatus, 386, "already_revoked", "A target hash is already revoked in this revocation store (revocation is permanent).")
	StatusBadCredential  = def(SpaceStatus, 387, "bad_list_credential", "Offline: the status-list credential does not decode: not a BitstringStatusListCredential, no id or statusPurpose, an encodedList that is not multibase base64url (u prefix) of GZIP, or a bitstring over the size limit.")
	StatusBadEntry       = def(SpaceStatus, 388, "bad_status_entry", "Offline: the credential names no usable BitstringStatusListEntry (statusListCredential, statusListIndex as a decimal string, statusPurpose), or it names another list than the one given.")
	// Transferable records (x/title, docs/transferable.md): 400-429; 430-459 are the cross-chain move's.
	TitleBadRecord         = def(SpaceTitle, 400, "bad_record", "The record is malformed: an unknown kind, a zero document hash, a missing owner or holder, an over-long reference; the log names the field.")
	TitleExists            = def(SpaceTitle, 401, "record_exists", "The issuer already created a record for this document hash (the record id is derived from both); the log names it.")
	TitleNotFound          = def(SpaceTitle, 402, "record_not_found", "No transferable record has this id.")
	TitleNotHolder         = def(SpaceTitle, 403, "not_holder", "Only the record's current holder may take this step (transfer, endorse, surrender).")
	TitleNotOwner          = def(SpaceTitle, 404, "not_owner", "Only the record's current owner (beneficiary) may nominate a new owner, and only a holder who is also the owner may surrender it (as TradeTrust's return to issuer).")
	TitleNotIssuer         = def(SpaceTitle, 405, "not_issuer", "Only the record's issuer may accept or reject a surrender or exit the record to paper.")
	TitleNotMember         = def(SpaceTitle, 406, "not_member", "The owner, holder or nominee named is not an active member.")
	TitleSameMember        = def(SpaceTitle, 407, "same_member", "The step names the member who already holds (or owns) the record; nothing would change.")
	TitleSpent             = def(SpaceTitle, 408, "spent", "The record was surrendered and the surrender accepted: it is spent and takes no further step.")
	TitlePaper             = def(SpaceTitle, 409, "exited_to_paper", "The record was converted to paper by its issuer: it takes no further step on this ledger.")
	TitleSurrenderPending  = def(SpaceTitle, 410, "surrender_pending", "The record is surrendered and awaits its issuer's acceptance or rejection; no other step is possible until then.")
	TitleNothingToReject   = def(SpaceTitle, 411, "nothing_to_reject", "The record's last step was not a transfer of holdership or ownership, so there is nothing to reject.")
	TitleNotReceiver       = def(SpaceTitle, 412, "not_receiver", "Only the member who received holdership or ownership in the last step may reject it.")
	TitleNoNomination      = def(SpaceTitle, 413, "no_nomination", "Ownership moves by endorsement of a nomination; there is none, and the holder is not also the owner.")
	TitleNotNominee        = def(SpaceTitle, 414, "not_nominee", "The endorsement names another new owner than the one the owner nominated.")
	TitleNotSurrendered    = def(SpaceTitle, 415, "not_surrendered", "The record is not surrendered, so there is no surrender to accept or reject.")
	TitleNominationPending = def(SpaceTitle, 416, "nomination_pending", "The owner nominated a new owner; the holder must endorse it (or the owner nominate again) before holdership moves or the record is surrendered.")
	TitleBadReason         = def(SpaceTitle, 417, "bad_reason", "An exit to paper needs a reason of 1-256 bytes of UTF-8.")
	TitleBadLegalEffect    = def(SpaceTitle, 418, "bad_legal_effect", "A legal-effect entry is malformed: a bad jurisdiction code, a missing law or source while in force, a date not written YYYY-MM-DD, over-long text.")
	TitleBadRoute          = def(SpaceTitle, 419, "bad_route", "The route is not 1-16 comma-separated jurisdiction codes.")
	TitleBadImport         = def(SpaceTitle, 420, "bad_import", "The token-registry reference is malformed: a chain id that is not a positive number, a registry that is not a 0x-prefixed 20-byte address, a token id that is not 32 bytes.")
	TitleImportExists      = def(SpaceTitle, 421, "import_exists", "A record was already imported from this token registry and token id; the log names it.")

	// The cross-chain move of transferable records (x/title/crosschain*.go, docs/transferable.md "Across chains"): 430-459.
	TitleAway            = def(SpaceTitle, 430, "away", "The record is away on a counterparty chain: no step is possible here until it is sent home and unlocked.")
	TitleReturned        = def(SpaceTitle, 431, "returned", "This mirror was sent home to its origin chain: it takes no further step here (a later move of the record may bring it back).")
	TitleMoveNotOwner    = def(SpaceTitle, 432, "move_needs_owner", "Only a holder who also owns the record may move it to another chain (or send it home); the recipient there becomes both.")
	TitleMirror          = def(SpaceTitle, 433, "mirror", "The record is a mirror of a record issued on another chain: it cannot be surrendered, exited to paper or sent to a third chain; send it home first.")
	TitleNotMirror       = def(SpaceTitle, 434, "not_mirror", "Only a mirror received from another chain can be sent home; this record was issued here (or never received).")
	TitleBadLock         = def(SpaceTitle, 435, "bad_lock", "The proved lock does not decode, is for another record, or was not sent to this chain.")
	TitleAlreadyReceived = def(SpaceTitle, 436, "already_received", "This lock (or a later one) of the record was already received here, or the record is live here: one receipt per lock.")
	TitleNotAway         = def(SpaceTitle, 437, "not_away", "The record is not away on that chain: it was never sent there, or is already back.")
	TitleBadReturn       = def(SpaceTitle, 438, "bad_return", "The proved return does not decode, is for another record or another move of it, or was not sent to this chain.")
	// The move's timeout and its cancel (cancel-away), from 439 on: the range
	// title 400-439 grew to 400-459 for them.
	TitleTimeoutPassed    = def(SpaceTitle, 439, "timeout_passed", "The lock's timeout height has come on the counterparty: a receive at or above it is refused (the origin may cancel the send-away), and a send-away may not name a timeout the counterparty has already reached as far as this chain's client of it knows.")
	TitleNoTimeout        = def(SpaceTitle, 440, "no_timeout", "Cancel-away of a lock sent without a timeout height: nothing says it can no longer be received, so only its return (send-home, unlock) brings the record back.")
	TitleTimeoutNotPassed = def(SpaceTitle, 441, "timeout_not_passed", "Cancel-away with a proof at a counterparty height not above the lock's timeout height: the lock could still be received there.")
	TitleLockReceived     = def(SpaceTitle, 442, "lock_received", "Cancel-away of a lock the counterparty received (it holds the lock's receipt): the record is there; it comes back by send-home and unlock.")

	QueryBadPath  = def(SpaceQuery, 200, "bad_path", "The query path is unknown.")
	QueryBadArg   = def(SpaceQuery, 201, "bad_argument", "A query argument is malformed.")
	QueryNotFound = def(SpaceQuery, 202, "not_found", "Nothing is stored under the queried key.")
	QueryHeight   = def(SpaceQuery, 203, "height_unavailable", "The requested height is not (or no longer) available.")

	// The genesis ceremony's errors, codes 320-339 (corridord genesis contribute, collect, check-contribution; docs/operations.md).
	GenesisBadContribution = def(SpaceGenesis, 320, "bad_contribution", "Genesis ceremony: a contribution file does not decode, has an unknown format, or is incomplete (no operator, no validator, a bad key, power or jurisdiction code).")
	GenesisBadSignature    = def(SpaceGenesis, 321, "bad_signature", "Genesis ceremony: a contribution's signature does not verify, or its signer is not one of the operators it lists.")
	GenesisConflict        = def(SpaceGenesis, 322, "conflict", "Genesis ceremony: two contributions name the same jurisdiction, operator key, label, validator name, consensus key or node id, or disagree on the chain-id.")
	GenesisMismatch        = def(SpaceGenesis, 323, "contribution_mismatch", "Genesis ceremony: the collected genesis does not hold a contribution exactly as signed (a missing, changed or extra operator or validator of that jurisdiction, another chain-id).")

	// The anchoring planner's refusals (docs/invoice.md, "How a document
	// becomes messages"): decided before anything is signed, the same at
	// every door (CLI, dock ingest, Go client, HTTP check).
	PlanNotAnchorable   = def(SpacePlan, 220, "not_anchorable", "The document is not an invoice, credit note or trade document (a payment, credential, status report or unrecognised bytes), so it is not anchored.")
	PlanIntegrity       = def(SpacePlan, 221, "integrity_failed", "The document fails its own integrity check (e.g. an OpenAttestation document whose data no longer matches its targetHash), so it is not anchored.")
	PlanNoBuyer         = def(SpacePlan, 222, "no_buyer", "An invoice anchored on its own needs a buyer: a member address or a buyer identifier from the caller, or a buyer identifier written in the document.")
	PlanMissingField    = def(SpacePlan, 223, "missing_field", "An invoice anchored on its own lacks its number, issue date, currency or total, and the caller gave none.")
	PlanFieldMismatch   = def(SpacePlan, 224, "field_mismatch", "A value the caller gave (number, issue date, currency, total, buyer identifier) differs from the one written in the document.")
	PlanDuplicate       = def(SpacePlan, 225, "duplicate", "The same document (canonical hash) occurs again in the input and the policy refuses duplicates.")
	PlanProfileMismatch = def(SpacePlan, 226, "profile_mismatch", "The document's profile is not the one the caller asked for.")
	PlanNotInvoice      = def(SpacePlan, 227, "not_an_invoice", "Only invoices and trade documents are anchored on their own; a credit note is anchored in a batch.")
	PlanFileRefused     = def(SpacePlan, 228, "file_refused", "Another document of the same file was refused: a file is anchored whole or not at all.")
	PlanTooMany         = def(SpacePlan, 229, "too_many_documents", "One file holds more documents than one batch may (10,000).")
	PlanBadPolicy       = def(SpacePlan, 230, "bad_policy", "The policy contradicts itself: a buyer member and a buyer identifier both, invoice fields for a batch, an unknown mode or profile.")
	PlanNoDocument      = def(SpacePlan, 231, "no_document", "The input holds no document to anchor.")

	// Start-up errors of the state database (docs/operations.md, "After a crash or power loss").
	StoreDamaged = def(SpaceStore, 280, "damaged", "Start-up: the state database is damaged in a way the node cannot repair by itself (a partial last version is repaired automatically); the message says what to do: move application.db aside to replay from genesis, or copy it from a healthy node.")

	// Field commitments and disclosures (docs/disclosure.md): offline
	// checks of the disclose package, never on chain.
	DiscloseMalformed       = def(SpaceDisclose, 360, "malformed", "Disclosure: a disclosure or field-secrets file is not the strict JSON of its format and version (unknown or missing member, bad hex, over the size limit, trailing data), or a field cannot be committed.")
	DiscloseUnknownField    = def(SpaceDisclose, 361, "unknown_field", "Disclosure: a field name or id is not one the document committed to, or not one its profile defines (or its name does not match the id).")
	DiscloseNotInRoot       = def(SpaceDisclose, 362, "not_in_root", "Disclosure: a revealed value, salt, id, index or path does not lead to the field root with the stated count (a changed value, a field moved to another id, a wrong path, or a path for another root).")
	DiscloseSaltReused      = def(SpaceDisclose, 363, "salt_reused", "Disclosure: two fields carry the same salt (or the random source repeated itself or ran dry); every field needs a fresh 32-byte salt.")
	DiscloseUnsupported     = def(SpaceDisclose, 364, "unsupported_profile", "Disclosure: the document's profile has no field list (a raw file has none).")
	DiscloseDuplicate       = def(SpaceDisclose, 365, "duplicate_field", "Disclosure: a field id or index occurs twice, or a field was asked for twice.")
	DiscloseNoFields        = def(SpaceDisclose, 366, "no_fields", "Disclosure: the document has no disclosable field, or no field was chosen.")
	DiscloseTooMany         = def(SpaceDisclose, 367, "too_many_fields", "Disclosure: more fields than the limit (1,024 per document).")
	DiscloseSecretsMismatch = def(SpaceDisclose, 368, "secrets_mismatch", "Disclosure: a field-secrets file does not match itself or the document (its fields do not give its root, or the document hash or profile differs).")
	DiscloseOAInvalid       = def(SpaceDisclose, 369, "openattestation_invalid", "Disclosure: an OpenAttestation v2 document's revealed data and obfuscated hashes do not give its targetHash, or its proof does not fold to its merkleRoot.")
	// The disclosure's anchoring and verification (h8: anchor --fields,
	// corridord disclose, verify --disclosure, POST /v1/disclosures/check).
	DiscloseAnchorMismatch   = def(SpaceDisclose, 370, "anchor_mismatch", "Disclosure: the attached certificate is about another document, or the document was anchored with another field root (or without one) than the disclosure's.")
	DiscloseNoCertificate    = def(SpaceDisclose, 371, "no_certificate", "Disclosure: the disclosure carries no certificate of the anchor (corridord disclose attaches one), or the certificate does not decode.")
	DiscloseCertificateFails = def(SpaceDisclose, 372, "certificate_fails", "Disclosure: the attached certificate does not verify against the trust root, or a line of its verdict fails (header, proofs, anchored, issuer, recognition, not revoked).")
	DiscloseNoFieldRoot      = def(SpaceDisclose, 373, "no_field_root", "Disclosure: the document was anchored without field commitments, so no field of it can be disclosed.")
	DiscloseSecretsExist     = def(SpaceDisclose, 374, "secrets_exist", "Disclosure: the field-secrets file to be written already exists; it is never overwritten (move it away or name another with --secrets-out).")
	DiscloseNoSecrets        = def(SpaceDisclose, 375, "no_secrets", "Disclosure: no field-secrets file for the document was found beside it (FILE.secrets.json) or given with --secrets, or it is for another document.")

	// The HTTP API's own errors (docs/api.md gives their HTTP statuses).
	APIBadRequest       = def(SpaceAPI, 900, "bad_request", "HTTP API: a malformed path value, parameter or body.")
	APIRouteNotFound    = def(SpaceAPI, 901, "route_not_found", "HTTP API: no such endpoint.")
	APIMethodNotAllowed = def(SpaceAPI, 902, "method_not_allowed", "HTTP API: the endpoint does not take this method (the Allow header names the right one).")
	APIBodyTooLarge     = def(SpaceAPI, 903, "body_too_large", "HTTP API: the request body is over the limit.")
	APIMediaType        = def(SpaceAPI, 904, "unsupported_media_type", "HTTP API: a transaction was posted with another content type.")
	APIMalformedDoc     = def(SpaceAPI, 905, "malformed_document", "HTTP API: the checked document cannot be parsed (the body names the rule and where).")
	APINodeUnavailable  = def(SpaceAPI, 906, "node_unavailable", "HTTP API: the node did not answer (or a certificate could not be built).")
	APITooManyStreams   = def(SpaceAPI, 907, "too_many_streams", "HTTP API: every event-stream slot is taken.")
	APICommitTimeout    = def(SpaceAPI, 908, "commit_timeout", "HTTP API: waiting for the commit timed out; the body names the transaction hash.")
	APIChecksBusy       = def(SpaceAPI, 909, "checks_busy", "HTTP API: every document-check slot (api.max_concurrent_checks) is taken; retry after the Retry-After header.")
	APIBodyTimeout      = def(SpaceAPI, 910, "body_timeout", "HTTP API: the request (headers and body) did not arrive within api.read_timeout.")

	// The Go client's own errors: the outbox and its journal (docs/transactions.md).
	ClientJournalLocked  = def(SpaceClient, 240, "journal_locked", "Client: another process holds the outbox journal's lock; one journal has one sender at a time.")
	ClientJournalCorrupt = def(SpaceClient, 241, "journal_corrupt", "Client: an outbox journal line other than a torn last one does not parse, or names a format version this client does not know.")
	ClientNotSettled     = def(SpaceClient, 242, "not_settled", "Client: the transaction is journaled (and perhaps broadcast) but its fate is not known yet; the intent stays open and the next Send or Settle settles it.")
)
