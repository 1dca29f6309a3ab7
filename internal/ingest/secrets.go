package ingest

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/x/invoice"
)

// secretsCandidates are the field-secrets files that can sit beside a
// file of the directory: FILE.secrets.json and FILE.<hash>.secrets.json of
// each of its documents (client.SecretsPath), relative to the directory.
func secretsCandidates(it *item) []string {
	out := []string{it.ref.File + client.SecretsSuffix}
	for _, d := range it.docs {
		out = append(out, it.ref.File+"."+d.CanonicalHash.String()[:16]+client.SecretsSuffix)
	}
	return out
}

// knownSecrets looks, with Options.FieldCommitments, for field-secrets
// files already beside the files to anchor. A run stopped after writing
// them and before its transaction was journaled leaves them behind: when
// one matches a document of its file (disclose.Secrets.Matches), the
// document is committed to with those salts again, so the file on disk is
// the one that matches the anchor. A secrets file of another document, or
// one that no longer matches, is never overwritten: its file gets a
// not-anchored receipt (disclose/secrets_exist) and the others go on.
func (r *runner) knownSecrets(todo []*item) (map[invoice.Hash]*disclose.Secrets, []*item, error) {
	if !r.opts.FieldCommitments {
		return nil, todo, nil
	}
	known := map[invoice.Hash]*disclose.Secrets{}
	var keep []*item
	for _, it := range todo {
		var stop string
		for _, rel := range secretsCandidates(it) {
			p := filepath.Join(r.opts.Dir, rel)
			if _, err := os.Lstat(p); err != nil {
				continue
			}
			sec, err := client.ReadSecrets(p)
			if err != nil {
				stop = fmt.Sprintf("%s exists and cannot be read (%v): field secrets are never overwritten; move it aside", rel, err)
				break
			}
			matched := false
			for i := range it.docs {
				if it.docs[i].CanonicalHash == sec.DocHash && sec.Matches(&it.docs[i]) == nil {
					known[invoice.Hash(sec.DocHash)], matched = sec, true
				}
			}
			if !matched {
				stop = fmt.Sprintf("%s exists and holds the secrets of another document: field secrets are never overwritten; move it aside", rel)
				break
			}
			r.logf("reusing the field secrets in %s (written by an earlier run that did not anchor them)", rel)
		}
		if stop != "" {
			e := &ReceiptError{Code: codes.DiscloseSecretsExist.Code, Codespace: codes.DiscloseSecretsExist.Codespace,
				Error: codes.DiscloseSecretsExist.Error(), Message: stop}
			if err := r.finish(it, &Receipt{Status: StatusNotAnchored, Error: e}); err != nil {
				return nil, nil, err
			}
			continue
		}
		keep = append(keep, it)
	}
	return known, keep, nil
}

// writeSecrets writes the field secrets of every planned document beside
// the first file it occurs in, fsynced and 0600, before anything is sent
// (secrets reused from an earlier run are on disk already), and records
// for each file where its documents' secrets are.
func (r *runner) writeSecrets(plan *anchorplan.Plan, known map[invoice.Hash]*disclose.Secrets) error {
	if len(plan.Secrets) == 0 {
		return nil
	}
	perFile := map[string]int{}
	for _, s := range plan.Secrets {
		perFile[s.Files[0]]++
	}
	r.secrets = map[string][]string{}
	for _, s := range plan.Secrets {
		rel := client.SecretsPath(s.Files[0], s, perFile[s.Files[0]])
		if known[s.DocHash] == nil {
			if err := client.WriteSecrets(filepath.Join(r.opts.Dir, rel), s.Secrets); err != nil {
				return fmt.Errorf("field secrets of %s: %w", s.Files[0], err)
			}
		}
		for _, f := range s.Files {
			r.secrets[f] = append(r.secrets[f], rel)
		}
	}
	return nil
}
