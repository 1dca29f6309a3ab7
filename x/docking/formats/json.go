package formats

// parseJSON is a placeholder until the json adapters land.
func parseJSON(data []byte) ([]Document, error) {
	return nil, &ParseError{Format: FormatRaw, Rule: "format.unsupported", Msg: "json adapters are not built yet"}
}
