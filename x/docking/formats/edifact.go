package formats

// parseEDIFACT is a placeholder until the edifact adapters land.
func parseEDIFACT(data []byte) ([]Document, error) {
	return nil, &ParseError{Format: FormatRaw, Rule: "format.unsupported", Msg: "edifact adapters are not built yet"}
}
