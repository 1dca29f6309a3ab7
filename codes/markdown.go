package codes

import (
	"fmt"
	"strings"
)

// Markdown renders the table as docs/errors.md.
func Markdown() string {
	var b strings.Builder
	b.WriteString(`# Error codes

Every failure a client can see is a stable (codespace, code) pair. The code
appears in CheckTx and in each transaction's result (` + "`code`, `codespace`" + `, and
a ` + "`log`" + ` sentence with the details); queries return the same pairs. Numbers
are unique across codespaces, never renumbered and never reused, so clients may
act on the number alone. Code 0 means success.

Codes are defined by hand in one table, ` + "`codes/table.go`" + `; this page is generated
from it (` + "`go test ./codes -update`" + `) and a test fails when the two differ.

| code | codespace | name | meaning |
|---:|---|---|---|
`)
	for _, e := range table {
		fmt.Fprintf(&b, "| %d | %s | `%s` | %s |\n", e.Code, e.Codespace, e.Name, e.Desc)
	}
	return b.String()
}
