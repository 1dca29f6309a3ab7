package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/cometbft/cometbft/crypto/ed25519"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	cmtnet "github.com/cometbft/cometbft/libs/net"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/spf13/cobra"
)

// signerRetryWait is how long the signer waits between two attempts to
// reach the node; it retries for as long as it runs.
const signerRetryWait = 500 * time.Millisecond

// SignerInfo is what `corridord signer` prints once it runs.
type SignerInfo struct {
	Status  string `json:"status"` // "running"
	Address string `json:"validator_address"`
	PubKey  string `json:"pub_key"`
	Connect string `json:"connect"`
	ChainID string `json:"chain_id"`
	Key     string `json:"key_file"`
	State   string `json:"state_file"`
}

func newSignerCmd(env *cliEnv) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "signer",
		Short: "Hold a validator's consensus key and sign for a node through its priv_validator_laddr",
		Long: `signer runs CometBFT's remote signer with a validator's consensus key, off the
node's machine (docs/keys.md). The node listens on priv_validator_laddr in its
config.toml; the signer dials that address (--connect: tcp://host:port, with
CometBFT's authenticated encryption, or unix:///path) and answers every
signature request from the key file, refusing anything that would sign twice
at one height, round and step. Its last-sign state file is written before each
signature leaves, so a restarted signer (or one moved to another machine with
that file) cannot double-sign. It runs until SIGINT/SIGTERM and keeps
reconnecting when the node restarts.

The key and state default to <home>/config/priv_validator_key.json and
<home>/data/priv_validator_state.json, the layout of a node home; the chain-id
defaults to the one in <home>/config/genesis.json. A missing state file is
refused (it would forget what the key signed) unless --fresh-state says the
key has never signed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return runSigner(cmd, env)
		},
	}
	cmd.Flags().String("connect", "", "the node's priv_validator_laddr to dial: tcp://host:port or unix:///path (required)")
	cmd.Flags().String("key", "", "consensus key file (default <home>/config/priv_validator_key.json)")
	cmd.Flags().String("state", "", "last-sign state file (default <home>/data/priv_validator_state.json)")
	cmd.Flags().String("chain-id", "", "chain-id to sign for (default: from <home>/config/genesis.json)")
	cmd.Flags().Bool("fresh-state", false, "create an empty state file if there is none: only for a key that has never signed")
	return cmd
}

func runSigner(cmd *cobra.Command, env *cliEnv) error {
	flag := func(name string) string { v, _ := cmd.Flags().GetString(name); return v }
	connect, keyFile, stateFile, chainID := flag("connect"), flag("key"), flag("state"), flag("chain-id")
	fresh, _ := cmd.Flags().GetBool("fresh-state")
	if connect == "" {
		return errors.New("--connect is required: the node's priv_validator_laddr, e.g. tcp://10.0.0.5:26659")
	}
	if keyFile == "" {
		keyFile = filepath.Join(env.Home(), "config", "priv_validator_key.json")
	}
	if stateFile == "" {
		stateFile = filepath.Join(env.Home(), "data", "priv_validator_state.json")
	}
	if chainID == "" {
		gen, err := cmttypes.GenesisDocFromFile(filepath.Join(env.Home(), "config", "genesis.json"))
		if err != nil {
			return fmt.Errorf("no --chain-id and no genesis to take it from: %w", err)
		}
		chainID = gen.ChainID
	}
	dialer, err := signerDialer(connect)
	if err != nil {
		return err
	}
	pv, err := loadSignerPV(keyFile, stateFile, fresh)
	if err != nil {
		return err
	}
	logger := cmtlog.NewTMLogger(cmtlog.NewSyncWriter(cmd.ErrOrStderr()))
	if env.outputJSON() {
		logger = cmtlog.NewTMJSONLogger(cmtlog.NewSyncWriter(cmd.ErrOrStderr()))
	}
	endpoint := privval.NewSignerDialerEndpoint(logger.With("module", "signer"), dialer,
		privval.SignerDialerEndpointConnRetries(math.MaxInt32), privval.SignerDialerEndpointRetryWaitInterval(signerRetryWait))
	server := privval.NewSignerServer(endpoint, chainID, pv)
	ctx, stop := signal.NotifyContext(ctxOf(cmd), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	if err := server.Start(); err != nil {
		return fmt.Errorf("start signer: %w", err)
	}
	info := SignerInfo{Status: "running", Address: pv.GetAddress().String(), PubKey: fmt.Sprintf("%X", pv.Key.PubKey.Bytes()),
		Connect: connect, ChainID: chainID, Key: keyFile, State: stateFile}
	// One line, also in JSON: the signer runs on, and a supervisor reads
	// its first line.
	line := fmt.Sprintf("signing for %s as validator %s through %s (state %s)", chainID, info.Address, connect, stateFile)
	if env.outputJSON() {
		b, _ := json.Marshal(info)
		line = string(b)
	}
	if _, err := fmt.Fprintln(cmd.OutOrStdout(), line); err != nil {
		server.Stop()
		return err
	}
	<-ctx.Done()
	fmt.Fprintf(cmd.ErrOrStderr(), "%v, stopping the signer\n", context.Cause(ctx))
	return server.Stop()
}

// signerDialer returns the dialer for a tcp:// or unix:// address. Over
// tcp the connection is CometBFT's secret connection, under a connection
// key made for this run (CometBFT v0.38's listener does not check the
// signer's key, so there is nothing to persist; docs/keys.md says how to
// protect the link).
func signerDialer(addr string) (privval.SocketDialer, error) {
	proto, address := cmtnet.ProtocolAndAddress(addr)
	switch {
	case proto == "tcp" && strings.HasPrefix(addr, "tcp://"):
		return privval.DialTCPFn(address, 3*time.Second, ed25519.GenPrivKey()), nil
	case proto == "unix":
		return privval.DialUnixFn(address), nil
	}
	return nil, fmt.Errorf("--connect %q: want tcp://host:port or unix:///path", addr)
}

// loadSignerPV reads the key and state files, reporting a bad file as an
// error (CometBFT's loader exits the process instead).
func loadSignerPV(keyFile, stateFile string, fresh bool) (*privval.FilePV, error) {
	b, err := os.ReadFile(keyFile)
	if err != nil {
		return nil, fmt.Errorf("consensus key: %w", err)
	}
	var key privval.FilePVKey
	if err := cmtjson.Unmarshal(b, &key); err != nil || key.PrivKey == nil {
		return nil, fmt.Errorf("consensus key %s is not a CometBFT priv_validator_key.json: %v", keyFile, err)
	}
	b, err = os.ReadFile(stateFile)
	switch {
	case errors.Is(err, os.ErrNotExist) && fresh:
		if err := os.MkdirAll(filepath.Dir(stateFile), 0o700); err != nil {
			return nil, err
		}
		pv := privval.NewFilePV(key.PrivKey, keyFile, stateFile)
		pv.LastSignState.Save()
		return pv, nil
	case errors.Is(err, os.ErrNotExist):
		return nil, fmt.Errorf("last-sign state %s does not exist: copy priv_validator_state.json from the stopped node "+
			"(without it the key could sign twice at a height it already signed), or pass --fresh-state for a key that has never signed", stateFile)
	case err != nil:
		return nil, fmt.Errorf("last-sign state: %w", err)
	}
	var st privval.FilePVLastSignState
	if err := cmtjson.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("last-sign state %s is not a CometBFT priv_validator_state.json: %v", stateFile, err)
	}
	return privval.LoadFilePV(keyFile, stateFile), nil
}
