package title

// SampleAsOf is the date on which the sources of SampleLegalEffect were
// read.
const SampleAsOf = "2026-12-04"

// SampleLegalEffect returns the legal-effect table of `make run`'s devnet
// and of the tests: what the cited sources say on SampleAsOf
// (docs/transferable.md, "Legal effect"). It is a sample for the devnet,
// not legal advice; a network's genesis ceremony or a legal-effect-set
// proposal sets the real table.
func SampleLegalEffect() []LegalEffect {
	return []LegalEffect{
		{
			Jurisdiction: "CN-SH",
			InForce:      true,
			Law:          "Maritime Code of the PRC as revised on 28 October 2025 (President's Order No. 58): section on electronic transport records",
			Since:        "2026-05-01",
			Note: "covers electronic transport records (bills of lading) only; bills of exchange and notes stay under the Negotiable Instruments Law; " +
				"implementing Provisions on Promoting and Regulating the Application of Electronic Documents apply from 2026-09-01",
			Source: "http://www.npc.gov.cn/npc/c2/c30834/202510/t20251028_449061.html",
			AsOf:   SampleAsOf,
			Kinds:  []string{KindEBL},
		},
		{
			Jurisdiction: "HK",
			InForce:      false,
			Law:          "Electronic Transactions Ordinance (Cap. 553), amendments to implement the UNCITRAL MLETR (proposed)",
			Note: "the Government published a consultation paper on 29 December 2025 proposing to amend the ETO for " +
				"B2B trade documents such as bills of lading and bills of exchange; no amending ordinance is in force",
			Source: "HKSAR Government press release, 29 December 2025, consultation paper on digitalisation of B2B trade documents",
			AsOf:   SampleAsOf,
		},
		{
			Jurisdiction: "SG",
			InForce:      true,
			Law:          "Electronic Transactions Act (Cap. 88) as amended by the Electronic Transactions (Amendment) Act 2021 (No. 5 of 2021), adopting the UNCITRAL MLETR",
			Since:        "2021-03-19",
			Note:         "an electronic transferable record is not denied legal effect for being electronic, given a reliable system of control (s. 16A ff.)",
			Source:       "https://sso.agc.gov.sg/Acts-Supp/5-2021/Published/20210312",
			AsOf:         SampleAsOf,
		},
	}
}
