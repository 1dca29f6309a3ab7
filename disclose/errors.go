package disclose

import "github.com/corridor-trade/corridor/codes"

// The errors of this package, from the codes table (codespace disclose).
var (
	ErrMalformed          = codes.DiscloseMalformed
	ErrUnknownField       = codes.DiscloseUnknownField
	ErrNotInRoot          = codes.DiscloseNotInRoot
	ErrSaltReused         = codes.DiscloseSaltReused
	ErrUnsupportedProfile = codes.DiscloseUnsupported
	ErrDuplicateField     = codes.DiscloseDuplicate
	ErrNoFields           = codes.DiscloseNoFields
	ErrTooMany            = codes.DiscloseTooMany
	ErrSecretsMismatch    = codes.DiscloseSecretsMismatch
	ErrOAInvalid          = codes.DiscloseOAInvalid
)
