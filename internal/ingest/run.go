package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/corridor-trade/corridor/anchorplan"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/codes"
	"github.com/corridor-trade/corridor/crypto/secp"
	"github.com/corridor-trade/corridor/formats"
	"github.com/corridor-trade/corridor/x/invoice"
	"github.com/corridor-trade/corridor/x/kit"
	querypath "github.com/corridor-trade/corridor/x/kit/paths"
	"github.com/corridor-trade/corridor/x/payment"
)

// WorkDir is the directory, inside the ingested directory, that holds the
// journal, the receipts and the batch proofs. It is never ingested.
const WorkDir = ".corridor-ingest"

// Defaults and bounds.
const (
	DefaultBatchSize = 1000
	DefaultWait      = time.Minute
	DefaultMaxFiles  = 100_000
)

// Options configure Run.
type Options struct {
	Dir     string
	Journal string // default <Dir>/.corridor-ingest/journal.jsonl
	Key     *secp.PrivKey
	Client  *client.Client
	// BatchSize bounds the documents of one batch (default 1000, at most
	// invoice.MaxBatch).
	BatchSize int
	// Wait bounds the wait for each transaction's commit (default 1m).
	Wait time.Duration
	// Buyer is the buyer member of invoices anchored on their own; when
	// zero, the buyer identifier written in the document is committed to
	// with a random salt (written to the receipt).
	Buyer secp.Address
	// Mode is the planner's mode (docs/invoice.md): auto (default), single
	// or batch.
	Mode anchorplan.Mode
	// FieldCommitments anchors each invoice with a field root
	// (anchorplan.Policy.FieldCommitments, docs/disclosure.md); each
	// document's field secrets are written beside its file
	// (client.SecretsPath, mode 0600, never overwritten) before anything
	// is sent, and the receipt names them.
	FieldCommitments bool
	// MaxFiles bounds the walk (default 100 000).
	MaxFiles int
	// Progress, if set, is called as files are settled.
	Progress func(done, total int)
	// Receipt, if set, is called with each file's receipt once it is final.
	Receipt func(*Receipt)
	// Log, if set, receives notes about recovery.
	Log io.Writer
	// Hook, if set, is passed to the outbox (client.OutboxOptions.Hook):
	// tests stop a run at a named point of a send, as a crash would.
	Hook func(client.Point, client.Intent) error
}

// Summary counts the receipts of a run.
type Summary struct {
	Files    int            `json:"files"`
	ByStatus map[string]int `json:"by_status"`
	Journal  string         `json:"journal"`
	Receipts string         `json:"receipts"` // directory of the receipt files
	Failed   int            `json:"failed"`   // files not anchored for a reason that needs action
}

// item is one file of the directory.
type item struct {
	ref     fileRef
	docs    []formats.Document
	err     error // read or parse failure
	receipt *Receipt
}

// runner holds the state of one Run.
type runner struct {
	opts     Options
	ctx      context.Context
	j        *client.Journal
	ob       *client.Outbox
	account  secp.Address
	receipts string
	items    []*item
	done     int
	secrets  map[string][]string // file -> its field-secrets files, relative to Dir
}

// Run ingests opts.Dir. It returns an error only when it cannot go on (no
// journal, no node); per-file failures are in the receipts and the summary.
func Run(ctx context.Context, opts Options) (*Summary, error) {
	if opts.Key == nil || opts.Client == nil {
		return nil, errors.New("ingest: a key and a client are required")
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.BatchSize > invoice.MaxBatch {
		return nil, fmt.Errorf("batch size %d exceeds the ledger's limit of %d", opts.BatchSize, invoice.MaxBatch)
	}
	if opts.Wait <= 0 {
		opts.Wait = DefaultWait
	}
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = DefaultMaxFiles
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("%s is not a directory", opts.Dir)
	}
	opts.Dir = dir
	if opts.Journal == "" {
		opts.Journal = filepath.Join(dir, WorkDir, "journal.jsonl")
	}
	j, err := openJournal(opts.Journal, opts.Log)
	if err != nil {
		return nil, err
	}
	defer j.Close()
	r := &runner{opts: opts, ctx: ctx, j: j, receipts: filepath.Join(filepath.Dir(opts.Journal), "receipts")}
	if err := os.MkdirAll(r.receipts, 0o700); err != nil {
		return nil, err
	}
	if r.account, _, err = opts.Client.Sequence(ctx, opts.Key.PubKey()); err != nil {
		return nil, err
	}
	r.ob = client.NewOutbox(opts.Client, opts.Key, j, client.OutboxOptions{Wait: opts.Wait,
		Effect: effectOnChain(opts.Client, r.account), Hook: opts.Hook, Log: opts.Log})
	// Settle what a previous run left open before deciding anything.
	outs, err := r.ob.Settle(ctx)
	for _, o := range outs {
		at := ""
		if o.Height > 0 {
			at = fmt.Sprintf(" at height %d", o.Height)
		}
		r.logf("journal: %s %s %s%s (%s)", kindOf(o.Label), o.Hash, o.Status, at, o.How)
	}
	if err != nil {
		return nil, fmt.Errorf("settle the journal's open intents: %w (rerun to settle them)", err)
	}
	if err := r.scan(); err != nil {
		return nil, err
	}
	if err := r.process(); err != nil {
		return nil, err
	}
	sum := &Summary{Files: len(r.items), ByStatus: map[string]int{}, Journal: opts.Journal, Receipts: r.receipts}
	for _, it := range r.items {
		sum.ByStatus[it.receipt.Status]++
		if !it.receipt.OK() {
			sum.Failed++
		}
	}
	return sum, nil
}

func (r *runner) logf(format string, a ...any) {
	if r.opts.Log != nil {
		fmt.Fprintf(r.opts.Log, format+"\n", a...)
	}
}

// scan walks the directory in lexical order, reading and parsing every
// regular file outside hidden directories and the work directory.
func (r *runner) scan() error {
	var paths []string
	err := filepath.WalkDir(r.opts.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != r.opts.Dir && (strings.HasPrefix(name, ".") || name == WorkDir) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") || !d.Type().IsRegular() {
			return nil
		}
		if strings.HasSuffix(name, client.SecretsSuffix) {
			return nil // field secrets written by --fields: not documents
		}
		if len(paths) >= r.opts.MaxFiles {
			return fmt.Errorf("more than %d files in %s", r.opts.MaxFiles, r.opts.Dir)
		}
		paths = append(paths, p)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(paths)
	for _, p := range paths {
		rel, _ := filepath.Rel(r.opts.Dir, p)
		it := &item{ref: fileRef{File: filepath.ToSlash(rel)}}
		data, err := readLimited(p)
		if err != nil {
			it.err = err
		} else {
			it.ref.Raw = formats.RawHash(data).String()
			it.docs, it.err = formats.Parse(data)
		}
		r.items = append(r.items, it)
	}
	return nil
}

// readLimited reads a file of at most formats.MaxDocumentSize bytes.
func readLimited(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, formats.MaxDocumentSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > formats.MaxDocumentSize {
		return nil, &formats.ParseError{Format: formats.FormatRaw, Rule: "input.too-large",
			Msg: fmt.Sprintf("file exceeds %d bytes", formats.MaxDocumentSize)}
	}
	return b, nil
}

// finish settles an item's receipt: written to disk and reported.
func (r *runner) finish(it *item, rc *Receipt) error {
	rc.File, rc.RawSHA256, rc.Time = it.ref.File, it.ref.Raw, time.Now().UTC()
	if len(it.docs) > 0 {
		rc.Format, rc.Profile, rc.Kind = string(it.docs[0].Format), it.docs[0].Profile, string(it.docs[0].Kind)
		if rc.Documents == nil {
			for _, d := range it.docs {
				rc.Documents = append(rc.Documents, ReceiptDoc{CanonicalHash: d.CanonicalHash.String()})
			}
		}
	}
	it.receipt = rc
	if err := writeReceipt(r.receipts, rc); err != nil {
		return err
	}
	r.done++
	if r.opts.Progress != nil {
		r.opts.Progress(r.done, len(r.items))
	}
	if r.opts.Receipt != nil {
		r.opts.Receipt(rc)
	}
	return nil
}

// process decides every file's fate: first from the journal, then
// payment proofs apart, then everything else through the planner
// (anchorplan), then payment proofs (which may reference those invoices).
func (r *runner) process() error {
	recs, err := committedRecords(r.j)
	if err != nil {
		return err
	}
	committed := byFile(recs)
	var others, payments []*item
	for _, it := range r.items {
		if it.err != nil {
			if err := r.finish(it, &Receipt{Status: StatusRejected, Error: parseFailure(it.err)}); err != nil {
				return err
			}
			continue
		}
		if rec, ok := committed[it.ref.key()]; ok {
			if err := r.finish(it, fromJournal(it, rec)); err != nil {
				return err
			}
			continue
		}
		if it.docs[0].Kind == formats.KindPayment {
			payments = append(payments, it)
			continue
		}
		others = append(others, it)
	}
	if err := r.anchorInvoices(others, recs); err != nil {
		return err
	}
	return r.recordPayments(payments)
}

// fromJournal is the receipt of a file a previous run anchored.
func fromJournal(it *item, rec record) *Receipt {
	m := rec.meta
	rc := &Receipt{Status: StatusAlreadyAnchored, Via: m.Kind, Outcome: string(rec.out.Status), Height: rec.out.Height,
		TxHash: rec.in.Hash, Root: m.Root, BuyerSalt: m.Salt, Payments: m.Payments, Note: "anchored by an earlier run (journal)"}
	rc.Batch = batchOf(m, it.ref.File)
	return rc
}

// batchOf returns the batch of a journaled batch intent restricted to the
// members found in file, or nil for other intents.
func batchOf(e intentMeta, file string) *anchorplan.Batch {
	if e.Kind != kindBatch {
		return nil
	}
	root, _ := invoice.ParseHash(e.Root)
	b := &anchorplan.Batch{Format: anchorplan.BatchFormat, Version: anchorplan.BatchVersion, Root: root,
		Count: uint64(e.Count), Profile: e.Profile, Members: []anchorplan.Member{}}
	for _, m := range e.Members {
		if m.File == file {
			b.Members = append(b.Members, m)
		}
	}
	return b
}

// anchorInvoices plans the files not yet anchored with anchorplan (the
// rules every door shares) and sends the plan: the invoices of each file
// anchored on their own in one transaction per file, and each batch in one
// transaction. Refused files get their receipt with the plan's code.
func (r *runner) anchorInvoices(items []*item, recs []record) error {
	inBatch := batchedDocs(recs)
	var todo []*item
	for _, it := range items {
		if rc := coveredByJournal(it, inBatch); rc != nil {
			if err := r.finish(it, rc); err != nil {
				return err
			}
			continue
		}
		known, height, issuers, err := r.allAnchored(it.docs)
		if err != nil {
			return err
		}
		if known {
			if err := r.finish(it, &Receipt{Status: StatusAlreadyAnchored, Via: "invoice", Height: height,
				Note: "every document of the file is already anchored on chain, by " + strings.Join(issuers, ", ")}); err != nil {
				return err
			}
			continue
		}
		todo = append(todo, it)
	}
	known, todo, err := r.knownSecrets(todo)
	if err != nil {
		return err
	}
	files := make([]anchorplan.File, len(todo))
	for i, it := range todo {
		files[i] = anchorplan.File{Name: it.ref.File, Docs: it.docs}
	}
	plan, err := anchorplan.Make(files, anchorplan.Policy{Issuer: r.account, Mode: r.opts.Mode, BuyerMember: r.opts.Buyer, BatchSize: r.opts.BatchSize,
		FieldCommitments: r.opts.FieldCommitments, KnownSecrets: known})
	if err != nil {
		return err
	}
	if err := r.writeSecrets(plan, known); err != nil {
		return err
	}
	for _, it := range todo {
		if refs := plan.RefusedIn(it.ref.File); len(refs) > 0 {
			if err := r.finish(it, refusalReceipt(refs)); err != nil {
				return err
			}
		}
	}
	sent := map[invoice.Hash]*Receipt{} // single already sent for another file (a merged duplicate)
	for _, it := range todo {
		var fresh []anchorplan.Single
		var earlier *Receipt
		for _, s := range plan.SinglesIn(it.ref.File) {
			if rc, ok := sent[s.Msg.DocHash]; ok {
				earlier = rc
				continue
			}
			fresh = append(fresh, s)
		}
		if len(fresh) == 0 {
			if earlier != nil {
				rc := *earlier
				rc.Documents, rc.Note = nil, "the same document as in "+earlier.File+", anchored by that file's transaction"
				if err := r.finish(it, &rc); err != nil {
					return err
				}
			}
			continue
		}
		rc, err := r.submitSingles(it, fresh, plan.BuyerSalt)
		if err != nil {
			return err
		}
		for _, s := range fresh {
			sent[s.Msg.DocHash] = rc
		}
	}
	for i := range plan.Batches {
		b := &plan.Batches[i]
		var its []*item
		for _, it := range todo {
			if plan.BatchOf(it.ref.File) == i {
				its = append(its, it)
			}
		}
		if err := r.submitBatch(b, its); err != nil {
			return err
		}
	}
	return nil
}

// refusalReceipt is the receipt of a file the planner refused: skipped for
// documents ingest does not anchor (plan/not_anchorable), rejected for a
// failed integrity check, not-anchored otherwise. The refusal of the first
// refused document is the error (the others are plan/file_refused).
func refusalReceipt(refs []anchorplan.Refusal) *Receipt {
	first := refs[0]
	for _, r := range refs {
		if r.Code != codes.PlanFileRefused {
			first = r
			break
		}
	}
	e := &ReceiptError{Code: first.Code.Code, Codespace: first.Code.Codespace, Error: first.Code.Error(), Message: first.Reason}
	switch first.Code {
	case codes.PlanNotAnchorable:
		return &Receipt{Status: StatusSkipped, Note: first.Reason, Error: e}
	case codes.PlanIntegrity:
		e.Rule = "integrity"
		return &Receipt{Status: StatusRejected, Error: e}
	}
	return &Receipt{Status: StatusNotAnchored, Error: e}
}

// batchMember is a document of a committed batch in the journal.
type batchMember struct {
	rec record
	m   anchorplan.Member
}

// batchedDocs maps each document of a committed batch to its batch.
func batchedDocs(recs []record) map[string]batchMember {
	out := map[string]batchMember{}
	for _, rec := range recs {
		if rec.meta.Kind != kindBatch {
			continue
		}
		for _, m := range rec.meta.Members {
			if _, seen := out[m.DocHash.String()]; !seen {
				out[m.DocHash.String()] = batchMember{rec, m}
			}
		}
	}
	return out
}

// coveredByJournal returns the receipt of a file every document of which
// is in a batch an earlier run anchored (the same document under another
// file name), or nil.
func coveredByJournal(it *item, in map[string]batchMember) *Receipt {
	rc := &Receipt{Status: StatusAlreadyAnchored, Via: "batch", Note: "the same document was anchored by an earlier run under another file name"}
	for _, d := range it.docs {
		b, ok := in[d.CanonicalHash.String()]
		if !ok {
			return nil
		}
		if rc.Root != "" && rc.Root != b.rec.meta.Root {
			return nil
		}
		if rc.Batch == nil {
			rc.Batch = batchOf(b.rec.meta, "")
		}
		m := b.m
		m.File = it.ref.File
		rc.Root, rc.TxHash = b.rec.meta.Root, b.rec.in.Hash
		rc.Outcome, rc.Height = string(b.rec.out.Status), b.rec.out.Height
		rc.Batch.Members = append(rc.Batch.Members, m)
	}
	return rc
}

// allAnchored reports whether every document is individually anchored,
// the latest anchoring height and the issuers.
func (r *runner) allAnchored(docs []formats.Document) (bool, int64, []string, error) {
	var h int64
	var issuers []string
	for _, d := range docs {
		var v invoice.InvoiceView
		err := r.opts.Client.Query(r.ctx, querypath.Invoice(d.CanonicalHash.String()), &v)
		if errors.Is(err, codes.QueryNotFound) {
			return false, 0, nil, nil
		}
		if err != nil {
			return false, 0, nil, err
		}
		h = max(h, v.Anchored.Height)
		if is := v.Issuer.String(); len(issuers) == 0 || issuers[len(issuers)-1] != is {
			issuers = append(issuers, is)
		}
	}
	return true, h, issuers, nil
}

// submitSingles anchors the invoices of one file, each on its own, in one
// transaction.
func (r *runner) submitSingles(it *item, singles []anchorplan.Single, salt string) (*Receipt, error) {
	msgs := make([]kit.Msg, len(singles))
	for i, s := range singles {
		msgs[i] = s.Msg
	}
	first := singles[0].Msg
	commits := false
	for _, s := range singles {
		commits = commits || !s.Msg.BuyerCommit.IsZero()
	}
	if !commits {
		salt = ""
	}
	e := intentMeta{Kind: kindInvoice, Files: []fileRef{it.ref}, DocHash: first.DocHash.String(), Profile: first.Profile, Salt: salt}
	out, err := r.submit(e, msgs...)
	if err != nil {
		return nil, err
	}
	rc := r.outcomeReceipt(out, StatusAnchored)
	rc.Via, rc.BuyerSalt, rc.Secrets = kindInvoice, salt, r.secrets[it.ref.File]
	return rc, r.finish(it, rc)
}

// submitBatch anchors one planned batch, unless its root is already on
// chain (the journal was lost).
func (r *runner) submitBatch(b *anchorplan.Batch, items []*item) error {
	e := intentMeta{Kind: kindBatch, Root: b.Root.String(), Profile: b.Profile, Count: int(b.Count), Members: b.Members}
	for _, it := range items {
		e.Files = append(e.Files, it.ref)
	}
	var bk invoice.BatchView
	switch err := r.opts.Client.Query(r.ctx, querypath.Batch(b.Root.String()), &bk); {
	case err == nil:
		for _, it := range items {
			rc := &Receipt{Status: StatusAlreadyAnchored, Via: "batch", Root: e.Root, Height: bk.Anchored.Height,
				Batch: b.Only(it.ref.File), Note: "this batch root is already anchored on chain by " + bk.Issuer.String()}
			if err := r.finish(it, rc); err != nil {
				return err
			}
		}
		return nil
	case !errors.Is(err, codes.QueryNotFound):
		return err
	}
	out, err := r.submit(e, b.Msg())
	if err != nil {
		return err
	}
	for _, it := range items {
		rc := r.outcomeReceipt(out, StatusAnchored)
		rc.Via, rc.Root, rc.Batch, rc.Secrets = "batch", e.Root, b.Only(it.ref.File), r.secrets[it.ref.File]
		if err := r.finish(it, rc); err != nil {
			return err
		}
	}
	return nil
}

// outcomeReceipt is the receipt of a file whose transaction has settled;
// its Outcome is the outbox's word (client.Status).
func (r *runner) outcomeReceipt(out *client.Outcome, okStatus string) *Receipt {
	rc := &Receipt{TxHash: out.Hash, Height: out.Height, Outcome: string(out.Status)}
	switch out.Status {
	case client.Committed:
		rc.Status = okStatus
	case client.Abandoned:
		rc.Status = StatusNotAnchored
		rc.Error = &ReceiptError{Message: "abandoned: the transaction never committed and never can (its sequence went to another transaction); rerun to try again"}
	default: // failed: refused by CheckTx, or committed with a non-zero code
		rc.Status = StatusNotAnchored
		rc.Error = ledgerFailure(out.Code, out.Codespace, out.Log)
	}
	return rc
}

// submit sends msgs through the outbox, which journals the intent (with
// e as its meta) before it broadcasts and the outcome once it is known. A
// fate not known in time (the node unreachable, no commit within Wait) is
// an error that stops the run with the intent open: a rerun settles it.
func (r *runner) submit(e intentMeta, msgs ...kit.Msg) (*client.Outcome, error) {
	out, err := r.ob.Send(r.ctx, client.Request{Label: e.label(), Meta: e, Msgs: msgs})
	if err != nil {
		return nil, fmt.Errorf("%s: %w (rerun to settle it)", e.label(), err)
	}
	return out, nil
}

// recordPayments records each payment file as one transaction of one
// MsgRecord per payment it holds, only when every payment resolves to an
// invoice individually anchored on chain.
func (r *runner) recordPayments(items []*item) error {
	numbers := r.invoiceNumbers()
	for _, it := range items {
		msgs, ids, fail := r.paymentMsgs(it, numbers)
		if fail != nil {
			if err := r.finish(it, &Receipt{Status: StatusNotAnchored, Via: "payment", Error: fail}); err != nil {
				return err
			}
			continue
		}
		recorded, h, err := r.paymentsRecorded(ids)
		if err != nil {
			return err
		}
		if recorded {
			if err := r.finish(it, &Receipt{Status: StatusAlreadyAnchored, Via: "payment", Height: h, Payments: ids,
				Note: "these payments are already recorded by this bank"}); err != nil {
				return err
			}
			continue
		}
		e := intentMeta{Kind: kindPayment, Files: []fileRef{it.ref}, Payments: ids}
		kmsgs := make([]kit.Msg, len(msgs))
		for i := range msgs {
			kmsgs[i] = msgs[i]
		}
		out, err := r.submit(e, kmsgs...)
		if err != nil {
			return err
		}
		rc := r.outcomeReceipt(out, StatusRecorded)
		rc.Via, rc.Payments = kindPayment, ids
		if err := r.finish(it, rc); err != nil {
			return err
		}
	}
	return nil
}

// invoiceNumbers maps the normalised number of every invoice in the
// directory to its canonical hash.
func (r *runner) invoiceNumbers() map[string]invoice.Hash {
	m := map[string]invoice.Hash{}
	for _, it := range r.items {
		for _, d := range it.docs {
			if d.Invoice == nil || d.Kind != formats.KindInvoice {
				continue
			}
			if n, err := invoice.NormaliseNumber(d.Invoice.Number); err == nil {
				m[n] = invoice.Hash(d.CanonicalHash)
			}
		}
	}
	return m
}

// paymentMsgs builds the payment records of a file, or says which payment
// cannot be recorded and why.
func (r *runner) paymentMsgs(it *item, numbers map[string]invoice.Hash) ([]*payment.MsgRecord, []string, *ReceiptError) {
	var msgs []*payment.MsgRecord
	var ids []string
	d := it.docs[0]
	if len(d.Payments) == 0 {
		return nil, nil, &ReceiptError{Rule: "payment.none", Message: "the message reports no payment"}
	}
	if len(d.Payments) > payment.MaxItems {
		return nil, nil, &ReceiptError{Rule: "payment.too-many", Message: fmt.Sprintf("%d payments in one message; at most %d", len(d.Payments), payment.MaxItems)}
	}
	for i, p := range d.Payments {
		where := fmt.Sprintf("payment %d of %d (%s)", i+1, len(d.Payments), p.MessageType)
		fail := func(rule, format string, a ...any) ([]*payment.MsgRecord, []string, *ReceiptError) {
			return nil, nil, &ReceiptError{Rule: rule, Where: where, Message: fmt.Sprintf(format, a...)}
		}
		if p.CreditDebit == "DBIT" {
			return fail("payment.debit", "a debit notification is not a payment received against an invoice")
		}
		u, err := payment.ParseUETR(p.UETR)
		if err != nil || !u.Valid() {
			return fail("payment.uetr", "no valid UETR (%q): a payment is recorded under its UETR", p.UETR)
		}
		amount, err := invoice.CanonicalAmount(p.Amount)
		if err != nil {
			return fail("payment.amount", "amount %q: %v", p.Amount, err)
		}
		if p.ValueDate == "" || p.Currency == "" {
			return fail("payment.fields", "value date and currency are required")
		}
		doc, ok := resolveInvoice(p.InvoiceNumber, numbers)
		if !ok {
			if p.InvoiceNumber == "" {
				return fail("payment.no-invoice", "the payment references no invoice (RmtInf/Strd/RfrdDocInf/Nb)")
			}
			return fail("payment.unknown-invoice", "invoice %q is neither a document hash nor the number of an invoice in this directory", p.InvoiceNumber)
		}
		var v invoice.InvoiceView
		if err := r.opts.Client.Query(r.ctx, querypath.Invoice(doc.String()), &v); err != nil {
			if errors.Is(err, codes.QueryNotFound) {
				return fail("payment.invoice-not-on-chain", "invoice %s (%s) is not individually anchored on chain (batch members cannot be paid); not recorded", doc, p.InvoiceNumber)
			}
			return nil, nil, &ReceiptError{Where: where, Message: err.Error()}
		}
		msgs = append(msgs, &payment.MsgRecord{UETR: u, Currency: p.Currency, ValueDate: p.ValueDate,
			MessageHash: invoice.Hash(d.CanonicalHash), Items: []payment.Item{{DocHash: doc, Amount: amount}}})
		ids = append(ids, payment.IDOf(u, r.account).String())
	}
	return msgs, ids, nil
}

// resolveInvoice reads a payment's invoice reference: a document hash, or
// the number of an invoice in the directory.
func resolveInvoice(ref string, numbers map[string]invoice.Hash) (invoice.Hash, bool) {
	if ref == "" {
		return invoice.Hash{}, false
	}
	if h, err := invoice.ParseHash(ref); err == nil {
		return h, true
	}
	n, err := invoice.NormaliseNumber(ref)
	if err != nil {
		return invoice.Hash{}, false
	}
	h, ok := numbers[n]
	return h, ok
}

// paymentsRecorded reports whether every payment id is already recorded.
func (r *runner) paymentsRecorded(ids []string) (bool, int64, error) {
	var h int64
	for _, id := range ids {
		var p payment.View
		err := r.opts.Client.Query(r.ctx, querypath.Payment(id), &p)
		if errors.Is(err, codes.QueryNotFound) {
			return false, 0, nil
		}
		if err != nil {
			return false, 0, err
		}
		h = max(h, p.Recorded.Height)
	}
	return true, h, nil
}

// MarshalSummary is the JSON of a summary, for callers that print it.
func MarshalSummary(s *Summary) ([]byte, error) { return json.MarshalIndent(s, "", "  ") }
