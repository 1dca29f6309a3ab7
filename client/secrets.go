package client

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/disclose"
	"github.com/corridor-trade/corridor/internal/readlimit"
)

// SecretsSuffix ends the name of a field-secrets file written beside its
// document: invoice.xml's secrets are invoice.xml.secrets.json.
const SecretsSuffix = ".secrets.json"

// SecretsPath returns where the field secrets of a document of file are
// written: FILE.secrets.json when the file holds one planned document,
// FILE.<first 16 hex digits of the document hash>.secrets.json when it
// holds several.
func SecretsPath(file string, s anchorplan.DocumentSecrets, perFile int) string {
	if perFile <= 1 {
		return file + SecretsSuffix
	}
	return file + "." + s.DocHash.String()[:16] + SecretsSuffix
}

// SecretsTarget is one field-secrets file to write.
type SecretsTarget struct {
	Path    string
	Secrets *disclose.Secrets
}

// SecretsTargets names the field-secrets file of every planned document:
// out when given (the plan must then hold exactly one document), otherwise
// beside the first file each document occurs in (SecretsPath). It refuses
// (disclose/secrets_exist) when any of them exists already, before
// anything is written.
func SecretsTargets(plan *anchorplan.Plan, out string) ([]SecretsTarget, error) {
	if len(plan.Secrets) == 0 {
		return nil, nil
	}
	if out != "" && len(plan.Secrets) != 1 {
		return nil, fmt.Errorf("the files hold %d documents with field commitments: omit --secrets-out, each document's secrets are written beside its file", len(plan.Secrets))
	}
	perFile := map[string]int{}
	for _, s := range plan.Secrets {
		perFile[s.Files[0]]++
	}
	var targets []SecretsTarget
	seen := map[string]bool{}
	for _, s := range plan.Secrets {
		p := out
		if p == "" {
			p = SecretsPath(s.Files[0], s, perFile[s.Files[0]])
		}
		if seen[p] {
			return nil, fmt.Errorf("two documents' secrets would go to %s", p)
		}
		seen[p] = true
		if _, err := os.Lstat(p); err == nil {
			return nil, codes.DiscloseSecretsExist.Wrapf("%s exists: field secrets are never overwritten", p)
		}
		targets = append(targets, SecretsTarget{Path: p, Secrets: s.Secrets})
	}
	return targets, nil
}

// WriteSecrets writes one field-secrets file (format corridor-field-secrets
// v1) with mode 0600, refusing to replace an existing file
// (disclose/secrets_exist). The salts in it are what lets its holder
// disclose fields later; keep it like a key.
func WriteSecrets(path string, sec *disclose.Secrets) error {
	data, err := disclose.EncodeSecrets(sec)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return codes.DiscloseSecretsExist.Wrapf("%s exists: field secrets are never overwritten", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteSecretsFiles writes every target (see SecretsTargets).
func WriteSecretsFiles(targets []SecretsTarget) error {
	for _, t := range targets {
		if err := WriteSecrets(t.Path, t.Secrets); err != nil {
			return err
		}
	}
	return nil
}

// ReadSecrets reads a field-secrets file.
func ReadSecrets(path string) (*disclose.Secrets, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, codes.DiscloseNoSecrets.Wrapf("%v", err)
	}
	data, err := readlimit.ReadFile(path, disclose.MaxSecretsSize)
	if err != nil {
		return nil, disclose.ErrMalformed.Wrapf("%v", err)
	}
	return disclose.DecodeSecrets(data)
}
