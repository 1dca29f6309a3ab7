// Package recognition holds each jurisdiction's mutual-recognition rules and
// evaluates, deterministically, whether a jurisdiction recognises an
// attestation or an anchored trade document.
//
// The operator of a jurisdiction declares, for its own jurisdiction only:
//
//   - which foreign attesters it recognises, and for which claim types:
//     either one attester (by address) or every attester of a foreign
//     jurisdiction;
//   - which document profiles (ubl-2.1, cii-d16b, edifact-invoic, …) it
//     accepts.
//
// Attesters of a jurisdiction are always recognised in that jurisdiction,
// for every claim type; no rule is needed (or allowed) for them. Rules add
// up: an attester is recognised for a claim if its own jurisdiction is the
// evaluating one, or an attester rule names it with the claim, or a
// jurisdiction rule names its jurisdiction with the claim.
//
// Evaluate returns a Verdict with one Reason per check, naming the rule and
// the attestation it relied on, or what is missing. It reads state only and
// is a pure function of the state, its arguments and the time it is given.
//
// docs/recognition.md describes the state, messages, events, codes and the
// evaluation rules.
package recognition
