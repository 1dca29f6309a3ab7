package codes

// The codespaces.
const (
	SpaceTx          = "tx"
	SpaceMembership  = "membership"
	SpaceIdentity    = "identity"
	SpaceRecognition = "recognition"
	SpaceInvoice     = "invoice"
	SpacePayment     = "payment"
	SpaceQuery       = "query"
)

// This is the table. Append only: never renumber, never reuse a number.
// Ranges: tx 1-19, membership 20-39, identity 40-59, recognition 60-79,
// invoice 80-99, payment 100-119, query 200-219.
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

	QueryBadPath  = def(SpaceQuery, 200, "bad_path", "The query path is unknown.")
	QueryBadArg   = def(SpaceQuery, 201, "bad_argument", "A query argument is malformed.")
	QueryNotFound = def(SpaceQuery, 202, "not_found", "Nothing is stored under the queried key.")
	QueryHeight   = def(SpaceQuery, 203, "height_unavailable", "The requested height is not (or no longer) available.")
)
