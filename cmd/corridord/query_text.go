package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// queryTexts print the JSON answers of some queries in a human layout
// (without -o json), by command name; the others are printed as indented
// JSON. Each returns false when the answer does not have the shape it
// expects, and the JSON is printed instead.
var queryTexts = map[string]func(w io.Writer, raw json.RawMessage) bool{
	"invoice":    printInvoiceText,
	"validators": printValidatorsText,
}

// printQueryText prints a query answer for people.
func printQueryText(w io.Writer, command string, raw json.RawMessage) {
	if f, ok := queryTexts[command]; ok && f(w, raw) {
		return
	}
	printIndented(w, raw)
}

// stampText mirrors kit.Stamp's JSON form.
type stampText struct {
	Height int64  `json:"height"`
	Time   string `json:"time"`
}

func (s stampText) String() string {
	t := s.Time
	if i := strings.IndexByte(t, '.'); i > 0 && strings.HasSuffix(t, "Z") {
		t = t[:i] + "Z" // whole seconds are enough to read
	}
	return fmt.Sprintf("height %d (%s)", s.Height, t)
}

// invoiceText mirrors invoice.InvoiceView's JSON form.
type invoiceText struct {
	DocHash            string    `json:"doc_hash"`
	Issuer             string    `json:"issuer"`
	IssuerJurisdiction string    `json:"issuer_jurisdiction"`
	Profile            string    `json:"profile"`
	BuyerMember        string    `json:"buyer_member"`
	BuyerCommit        string    `json:"buyer_commit"`
	IssueDate          string    `json:"issue_date"`
	Currency           string    `json:"currency"`
	Total              string    `json:"total"`
	FieldRoot          string    `json:"field_root"`
	Status             string    `json:"status"`
	Anchored           stampText `json:"anchored"`
	Payments           struct {
		Count       int      `json:"count"`
		Paid        string   `json:"paid"`
		Outstanding string   `json:"outstanding"`
		IDs         []string `json:"ids"`
	} `json:"payments"`
	History []struct {
		At      stampText `json:"at"`
		Status  string    `json:"status"`
		Payment string    `json:"payment"`
		Amount  string    `json:"amount"`
		Reason  string    `json:"reason"`
	} `json:"history"`
}

func printInvoiceText(w io.Writer, raw json.RawMessage) bool {
	var v invoiceText
	if json.Unmarshal(raw, &v) != nil || v.DocHash == "" {
		return false
	}
	fmt.Fprintf(w, "invoice %s\n", v.DocHash)
	fmt.Fprintf(w, "  status       %s\n", v.Status)
	fmt.Fprintf(w, "  issuer       %s (%s)\n", v.Issuer, v.IssuerJurisdiction)
	switch {
	case v.BuyerMember != "":
		fmt.Fprintf(w, "  buyer        member %s\n", v.BuyerMember)
	case v.BuyerCommit != "":
		fmt.Fprintf(w, "  buyer        commitment %s (salted; the buyer is not on the ledger)\n", v.BuyerCommit)
	}
	fmt.Fprintf(w, "  profile      %s\n", v.Profile)
	fmt.Fprintf(w, "  issued       %s, %s %s\n", v.IssueDate, v.Total, v.Currency)
	fmt.Fprintf(w, "  anchored at  %s\n", v.Anchored)
	if v.FieldRoot != "" {
		fmt.Fprintf(w, "  field root   %s (salted field commitments: fields can be disclosed one by one)\n", v.FieldRoot)
	}
	fmt.Fprintf(w, "  payments     %d: paid %s, outstanding %s %s\n", v.Payments.Count, v.Payments.Paid, v.Payments.Outstanding, v.Currency)
	for _, id := range v.Payments.IDs {
		fmt.Fprintf(w, "    %s\n", id)
	}
	if len(v.History) > 0 {
		fmt.Fprintln(w, "  history")
	}
	for _, h := range v.History {
		line := fmt.Sprintf("    %-15s at %s", h.Status, h.At)
		if h.Payment != "" {
			line += fmt.Sprintf(", payment %s of %s", h.Payment, h.Amount)
		}
		if h.Reason != "" {
			line += ": " + h.Reason
		}
		fmt.Fprintln(w, line)
	}
	return true
}

// validatorText mirrors membership.Validator's JSON form.
type validatorText struct {
	Address      string `json:"address"`
	Name         string `json:"name"`
	Jurisdiction string `json:"jurisdiction"`
	Power        int64  `json:"power"`
}

func printValidatorsText(w io.Writer, raw json.RawMessage) bool {
	var vs []validatorText
	if json.Unmarshal(raw, &vs) != nil {
		return false
	}
	var total int64
	power := map[string]int64{}
	for _, v := range vs {
		total += v.Power
		power[v.Jurisdiction] += v.Power
	}
	fmt.Fprintf(w, "%d validators, total power %d (a block needs %d)\n", len(vs), total, total*2/3+1)
	for _, v := range vs {
		fmt.Fprintf(w, "  %-14s %-6s power %-4d %s\n", v.Name, v.Jurisdiction, v.Power, v.Address)
	}
	jurs := make([]string, 0, len(power))
	for j := range power {
		jurs = append(jurs, j)
	}
	sort.Strings(jurs)
	for _, j := range jurs {
		fmt.Fprintf(w, "  %s holds %d of %d\n", j, power[j], total)
	}
	return true
}
