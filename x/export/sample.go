package export

import "crypto/sha256"

// SampleSourceText is the text whose SHA-256 the sample rule set names as
// its source: the sample is not an official text, and says so.
const SampleSourceText = "SAMPLE. Not an official text. Thresholds and exemptions follow the CAC Provisions on Promoting and Regulating Cross-Border Data Flows (22 March 2024); the list entries follow the structure (sector, scenario, data subcategory, characteristics, procedure, report) of the China (Shanghai) Pilot Free Trade Zone and Lin-gang New Area Data Export Management List (Negative List) (2024 edition) but their content is invented."

// SampleRuleSet returns the sample rule set of CN-SH shipped in
// docs/examples/export-rules-sample.json and in `make run`'s devnet. Its
// national rules (ids cn-…) restate Articles 3, 5, 7 and 8 of the CAC
// Provisions of March 2024; its list entries (ids sh-…) have the shape of
// Shanghai's negative list, with invented content. Item codes are UN/CEFACT
// UNTDED (ISO 7372) data element tags.
func SampleRuleSet() RuleSet {
	const (
		prov = "CAC Provisions on Promoting and Regulating Cross-Border Data Flows (2024), "
		list = "SAMPLE entry in the shape of the Shanghai FTZ data-export negative list (2024 edition), not its text"
	)
	return RuleSet{
		Jurisdiction:     "CN-SH",
		Version:          1,
		EffectiveFrom:    "2024-03-22T00:00:00Z",
		SourceTitle:      "SAMPLE rule set: CAC Provisions (March 2024) thresholds with a negative list in the shape of Shanghai's (2024 edition); list content invented",
		SourceHash:       sha256.Sum256([]byte(SampleSourceText)),
		UTCOffsetMinutes: 8 * 60,
		Sample:           true,
		Rules: []Rule{
			{ID: "cn-art3-no-personal", Kind: KindExemption, DataClass: ClassNone, Procedure: ProcExempt,
				Source: prov + "Art. 3: data of international trade, transport, academic cooperation, manufacturing or marketing without personal information or important data"},
			{ID: "cn-art5-1-contract", Kind: KindExemption, Scenario: "contract-with-individual", DataClass: ClassSensitive, Procedure: ProcExempt,
				Source: prov + "Art. 5(1): necessary to conclude or perform a contract to which the individual is a party"},
			{ID: "cn-art5-2-hr", Kind: KindExemption, Scenario: "cross-border-hr", DataClass: ClassSensitive, Procedure: ProcExempt,
				Source: prov + "Art. 5(2): cross-border human-resources management under lawful labour rules or collective contracts"},
			{ID: "cn-art5-3-emergency", Kind: KindExemption, Scenario: "emergency", DataClass: ClassSensitive, Procedure: ProcExempt,
				Source: prov + "Art. 5(3): an emergency, to protect a natural person's life, health or property"},
			{ID: "cn-art7-ciio", Kind: KindThreshold, DataClass: ClassPersonal, Metric: MetricCIIO, Min: 1, Window: WindowFlow, Procedure: ProcSecurityAss,
				Source: prov + "Art. 7(1): a critical information infrastructure operator providing personal information abroad"},
			{ID: "cn-art7-important", Kind: KindThreshold, DataClass: ClassImportant, Metric: MetricImportant, Min: 1, Window: WindowFlow, Procedure: ProcSecurityAss,
				Source: prov + "Art. 7(1)-(2): important data (as notified or published by the authorities, Art. 2)"},
			{ID: "cn-art7-pi-1m", Kind: KindThreshold, DataClass: ClassPersonal, Metric: MetricIndividuals, Min: 1000000, Window: WindowYear, Procedure: ProcSecurityAss,
				Source: prov + "Art. 7(2): personal information (not sensitive) of 1,000,000 individuals or more since 1 January"},
			{ID: "cn-art7-spi-10k", Kind: KindThreshold, DataClass: ClassSensitive, Metric: MetricSensitive, Min: 10000, Window: WindowYear, Procedure: ProcSecurityAss,
				Source: prov + "Art. 7(2): sensitive personal information of 10,000 individuals or more since 1 January"},
			{ID: "cn-art8-pi-100k", Kind: KindThreshold, DataClass: ClassPersonal, Metric: MetricIndividuals, Min: 100000, Window: WindowYear, Procedure: ProcContract,
				Source: prov + "Art. 8 (and Art. 5(4)): personal information (not sensitive) of 100,000 individuals or more and under 1,000,000 since 1 January"},
			{ID: "cn-art8-spi", Kind: KindThreshold, DataClass: ClassSensitive, Metric: MetricSensitive, Min: 1, Window: WindowYear, Procedure: ProcContract,
				Source: prov + "Art. 8: sensitive personal information of fewer than 10,000 individuals since 1 January"},
			{ID: "sh-trade-01", Kind: KindList, Sector: "trade", Scenario: "cross-border-trade-docs", Category: "buyer-contact",
				Items: []string{"untded:3036", "untded:3148", "untded:3412"}, DataClass: ClassPersonal, Procedure: ProcReportOnly, ReportDays: 15,
				Characteristics: "names and contact details of buyers' and consignees' staff in invoices and customs declarations", Source: list},
			{ID: "sh-trade-02", Kind: KindList, Sector: "trade", Scenario: "cross-border-trade-docs", Category: "trade-statistics",
				Items: []string{"untded:6060", "untded:7357"}, DataClass: ClassImportant, Procedure: ProcSecurityAss, ReportDays: 15,
				Characteristics: "aggregated quantities by commodity code across many handlers, beyond one transaction", Source: list},
			{ID: "sh-ship-01", Kind: KindList, Sector: "international-shipping", Scenario: "crew-management", Category: "crew-identity",
				Items: []string{"untded:1004", "untded:3036"}, DataClass: ClassSensitive, Procedure: ProcReportOnly, ReportDays: 15,
				Characteristics: "identity document numbers of seafarers", Source: list},
		},
	}
}
