// Package export decides whether trade data may leave a jurisdiction and
// keeps a register of the flows that did.
//
// A jurisdiction's operator publishes a versioned rule set (RuleSet): the
// national thresholds and exemptions (for the Mainland, the CAC Provisions
// on Promoting and Regulating Cross-Border Data Flows of March 2024) and a
// free-trade zone's negative list, one Rule per list entry or threshold.
// Authorities and handlers anchor evidence records (Evidence: a filed
// standard contract, a certification, a security-assessment approval, a
// PDPA contract, a CBPR certificate), by hash and reference number only.
// An exporting member declares each flow (MsgFlow); the module evaluates
// the rule set in force at the block time with Decide, adds the flow's
// volumes to the counters of the exporter's legal entity for the
// calendar year (EntityOf), checks the evidence the procedure needs
// (CheckEvidence) and records the decision, its reasons and a report
// deadline in business days (AddBusinessDays).
//
// Only counts and hashes are on the ledger, never personal data
// (docs/data-export.md, docs/privacy.md). The chain checks what is
// declared, not the bytes that moved.
package export
