package formats

// parseXML is a placeholder until the xml adapters land.
func parseXML(data []byte) ([]Document, error) {
	return nil, &ParseError{Format: FormatRaw, Rule: "format.unsupported", Msg: "xml adapters are not built yet"}
}
