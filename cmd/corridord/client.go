package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/x/kit"
	"github.com/spf13/cobra"
)

// defaultNode is the RPC address of a local node.
const defaultNode = "tcp://127.0.0.1:26657"

// addNodeFlag adds --node (env CORRIDORD_NODE).
func (e *cliEnv) addNodeFlag(cmd *cobra.Command) {
	cmd.Flags().String("node", defaultNode, "CometBFT RPC address of the node to talk to (env CORRIDORD_NODE)")
}

// addTxFlags adds the flags every transaction command takes.
func (e *cliEnv) addTxFlags(cmd *cobra.Command) {
	e.addNodeFlag(cmd)
	cmd.Flags().String("from", "", "name of the signing key in the keyring (required)")
	cmd.Flags().String("keyring-backend", "file", "keyring backend: file (encrypted) or test (plain, devnets only)")
	cmd.Flags().Duration("timeout", 30*time.Second, "how long to wait for the transaction to commit")
	cmd.Flags().Bool("no-wait", false, "return after CheckTx instead of waiting for the commit")
	cmd.Flags().Int64("sequence", -1, "override the account sequence (default: ask the node)")
	cmd.Flags().String("memo", "", "public memo (never put personal data here)")
}

// flag returns a flag's value with precedence: an explicitly set flag, then
// CORRIDORD_<NAME>, then the flag's default.
func (e *cliEnv) flag(cmd *cobra.Command, name string) string {
	f := cmd.Flags().Lookup(name)
	if f != nil && f.Changed {
		return f.Value.String()
	}
	if v, ok := os.LookupEnv("CORRIDORD_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))); ok {
		return v
	}
	if f != nil {
		return f.Value.String()
	}
	return e.v.GetString(name)
}

func (e *cliEnv) client(cmd *cobra.Command) (*client.Client, error) {
	node := e.flag(cmd, "node")
	if node == "" {
		node = defaultNode
	}
	return client.New(node)
}

func (e *cliEnv) rpc(cmd *cobra.Command) (*rpchttp.HTTP, error) {
	c, err := e.client(cmd)
	if err != nil {
		return nil, err
	}
	return c.RPC, nil
}

func ctxOf(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// sendTx signs msgs with the keyring key named by from (or --from),
// broadcasts them, waits for the commit (unless --no-wait) and prints the
// result. A non-zero result code makes the command exit with status 1.
func (e *cliEnv) sendTx(cmd *cobra.Command, from string, msgs ...kit.Msg) error {
	return e.sendTxNamed(cmd, from, "", nil, msgs...)
}

// txOutput is a transaction result with the record it created, if any.
type txOutput struct {
	*client.Result
	CreatedKind string `json:"created_kind,omitempty"`
	CreatedID   string `json:"created_id,omitempty"`
}

// sendTxNamed is sendTx for messages that create a record of this kind
// (e.g. "attestation") whose id derives from the transaction: idOf returns
// it from the committed result, for the user to refer to it later.
func (e *cliEnv) sendTxNamed(cmd *cobra.Command, from, kind string, idOf func(*client.Result) string, msgs ...kit.Msg) error {
	if from == "" {
		from = e.flag(cmd, "from")
	}
	if from == "" {
		return fmt.Errorf("--from is required: the name of the signing key")
	}
	for _, m := range msgs {
		if err := m.ValidateBasic(); err != nil {
			return fmt.Errorf("%s: %w", m.Type(), err)
		}
	}
	kr, err := openKeyring(e, cmd)
	if err != nil {
		return err
	}
	key, err := kr.Key(from)
	if err != nil {
		return err
	}
	c, err := e.client(cmd)
	if err != nil {
		return err
	}
	var opts client.SubmitOptions
	if seq, _ := cmd.Flags().GetInt64("sequence"); seq >= 0 {
		s := uint64(seq)
		opts.Sequence = &s
	}
	opts.Memo, _ = cmd.Flags().GetString("memo")
	if noWait, _ := cmd.Flags().GetBool("no-wait"); !noWait {
		opts.Wait, _ = cmd.Flags().GetDuration("timeout")
	}
	res, err := c.Submit(ctxOf(cmd), key, opts, msgs...)
	if err != nil {
		return err
	}
	out := txOutput{Result: res}
	if idOf != nil && res.OK() && res.Committed {
		out.CreatedKind, out.CreatedID = kind, idOf(res)
	}
	if err := e.print(cmd, out, func(w io.Writer) {
		printTxResult(w, res)
		if out.CreatedID != "" {
			fmt.Fprintf(w, "%s %s\n", out.CreatedKind, out.CreatedID)
		}
	}); err != nil {
		return err
	}
	if !res.OK() {
		return &exitError{code: 1, msg: "transaction failed"}
	}
	return nil
}

func printTxResult(w io.Writer, r *client.Result) {
	switch {
	case r.Code != 0:
		fmt.Fprintf(w, "FAILED %s (code %d): %s\ntx %s\n", r.Error, r.Code, r.Log, r.Hash)
		if hint := refusalHint(r); hint != "" {
			fmt.Fprintf(w, "what to do: %s\n", hint)
		}
	case r.Committed:
		fmt.Fprintf(w, "committed at height %d (code 0)\ntx %s\n", r.Height, r.Hash)
	default:
		fmt.Fprintf(w, "accepted into the mempool (not waiting for the commit)\ntx %s\n", r.Hash)
	}
}

// query runs an ABCI query against --node and decodes the JSON answer into
// out (unless out is nil).
func (e *cliEnv) query(cmd *cobra.Command, path string, out any) error {
	c, err := e.client(cmd)
	if err != nil {
		return err
	}
	return c.Query(ctxOf(cmd), path, out)
}
