package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtjson "github.com/cometbft/cometbft/libs/json"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	"github.com/cometbft/cometbft/privval"
	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"
	cmttypes "github.com/cometbft/cometbft/types"
	"github.com/corridor-trade/corridor/client"
	"github.com/corridor-trade/corridor/config"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/node"
)

// TestRemoteSigner moves a validator's key off its node into a
// `corridord signer` process (a real subprocess on a real socket: tcp with
// CometBFT's secret connection, or unix), and checks that the validator signs
// blocks through it, that a killed and restarted signer resumes signing,
// and that a restarted signer refuses to sign again at the height, round
// and step it last signed (with a different block) or below it.
// It runs once over tcp and once over a unix socket.
func TestRemoteSigner(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	ports, err := localnet.FreePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("tcp", func(t *testing.T) { testRemoteSigner(t, fmt.Sprintf("tcp://127.0.0.1:%d", ports[0])) })
	t.Run("unix", func(t *testing.T) { testRemoteSigner(t, "unix://"+filepath.Join(t.TempDir(), "signer.sock")) })
}

func testRemoteSigner(t *testing.T, laddr string) {
	res, vals, err := localnet.Generate(t.TempDir(), localnet.Options{Validators: 1,
		Tune: func(c *cmtcfg.Config) { c.PrivValidatorListenAddr = laddr }})
	if err != nil {
		t.Fatal(err)
	}
	home, chainID := res.Homes[0], res.Genesis.ChainID
	// The key and its state leave the node's home for the signer's.
	signerHome := t.TempDir()
	for _, f := range []string{"config/priv_validator_key.json", "data/priv_validator_state.json"} {
		if err := os.MkdirAll(filepath.Join(signerHome, filepath.Dir(f)), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(home, f), filepath.Join(signerHome, f)); err != nil {
			t.Fatal(err)
		}
	}
	stateFile := filepath.Join(signerHome, "data", "priv_validator_state.json")
	var key privval.FilePVKey
	b, _ := os.ReadFile(filepath.Join(signerHome, "config", "priv_validator_key.json"))
	if err := cmtjson.Unmarshal(b, &key); err != nil {
		t.Fatal(err)
	}
	address := key.PrivKey.PubKey().Address()

	signer := startSigner(t, "--home", signerHome, "--connect", laddr, "--chain-id", chainID, "-o", "json")
	cfg := config.Default()
	cfg.Log.Level = "error"
	logf, err := os.Create(filepath.Join(home, "node.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logf.Close()
	n, err := node.New(home, cfg, logf)
	if err != nil {
		t.Fatal(err)
	}
	if err := n.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	t.Cleanup(func() {
		if !stopped {
			n.Stop()
		}
	})
	c, err := client.New(fmt.Sprintf("tcp://127.0.0.1:%d", vals[0].RPCPort))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	signedBy := func(h int64) {
		t.Helper()
		cm, err := c.RPC.Commit(ctx, &h)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range cm.Commit.Signatures {
			if bytes.Equal(s.ValidatorAddress, address) && s.BlockIDFlag == cmttypes.BlockIDFlagCommit {
				return
			}
		}
		t.Fatalf("commit %d has no signature of validator %s: %+v", h, address, cm.Commit.Signatures)
	}
	if err := c.WaitForHeight(ctx, 3, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	signedBy(2)

	// Kill the signer: no more blocks can be signed. A new signer process
	// on the same files takes over, and the chain goes on.
	signer.kill()
	st, err := c.RPC.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	h := st.SyncInfo.LatestBlockHeight
	signer = startSigner(t, "--home", signerHome, "--connect", laddr, "--chain-id", chainID)
	if err := c.WaitForHeight(ctx, h+2, 2*time.Minute); err != nil {
		t.Fatalf("no blocks after the signer restarted: %v", err)
	}
	signedBy(h + 1)

	// Stop the node; restart the signer once more, so that what it knows
	// of the past is only its state file; and play the node's part
	// ourselves on the same address.
	if err := n.Stop(); err != nil {
		t.Fatal(err)
	}
	stopped = true
	signer.kill()
	signer = startSigner(t, "--home", signerHome, "--connect", laddr, "--chain-id", chainID)
	listener, err := privval.NewSignerListener(laddr, cmtlog.NewNopLogger())
	if err != nil {
		t.Fatal(err)
	}
	sc, err := privval.NewSignerClient(listener, chainID)
	if err != nil {
		t.Fatal(err)
	}
	defer sc.Close()
	if err := sc.WaitForConnection(time.Minute); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(stateFile)
	if err != nil {
		t.Fatal(err)
	}
	var last privval.FilePVLastSignState
	if err := cmtjson.Unmarshal(before, &last); err != nil {
		t.Fatal(err)
	}
	t.Logf("last signed: height %d round %d step %d", last.Height, last.Round, last.Step)
	sign := func(height int64, round int32, step int8) error {
		block := cmtproto.BlockID{Hash: random32(), PartSetHeader: cmtproto.PartSetHeader{Total: 1, Hash: random32()}}
		if step == 1 {
			return sc.SignProposal(chainID, &cmtproto.Proposal{Type: cmtproto.ProposalType, Height: height, Round: round,
				PolRound: -1, BlockID: block, Timestamp: time.Now()})
		}
		typ := cmtproto.PrevoteType
		if step == 3 {
			typ = cmtproto.PrecommitType
		}
		return sc.SignVote(chainID, &cmtproto.Vote{Type: typ, Height: height, Round: round, BlockID: block,
			Timestamp: time.Now(), ValidatorAddress: address})
	}
	if err := sign(last.Height, last.Round, last.Step); err == nil || !strings.Contains(err.Error(), "conflicting data") {
		t.Fatalf("re-signing height %d round %d step %d for another block: %v, want a refusal (conflicting data)", last.Height, last.Round, last.Step, err)
	}
	if err := sign(last.Height-1, 0, 3); err == nil || !strings.Contains(err.Error(), "height regression") {
		t.Fatalf("signing below the last height: %v, want a refusal (height regression)", err)
	}
	if after, _ := os.ReadFile(stateFile); !bytes.Equal(before, after) {
		t.Fatal("a refused request changed the state file")
	}
	// The refusals are about double signing, not a broken link: the next
	// height signs.
	if err := sign(last.Height+1, 0, 2); err != nil {
		t.Fatalf("signing a new height: %v", err)
	}
	if err := cmtjson.Unmarshal(mustRead(t, stateFile), &last); err != nil || last.Step != 2 {
		t.Fatalf("state after a new signature: %+v %v", last, err)
	}
}

// signerProc is a running `corridord signer` process.
type signerProc struct {
	t   *testing.T
	cmd *exec.Cmd
}

// startSigner runs `corridord signer args...` as a real process (this
// test binary through TestRelayHelperProcess) and waits for its first
// line, which it prints once it runs.
func startSigner(t *testing.T, args ...string) *signerProc {
	t.Helper()
	enc, _ := json.Marshal(append([]string{"signer"}, args...))
	cmd := exec.Command(os.Args[0], "-test.run=^TestRelayHelperProcess$")
	cmd.Env = append(os.Environ(), "CORRIDORD_HELPER=1", "CORRIDORD_HELPER_ARGS="+string(enc))
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	logf, err := os.CreateTemp(t.TempDir(), "signer-*.log")
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = logf
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &signerProc{t: t, cmd: cmd}
	t.Cleanup(p.kill)
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		log, _ := os.ReadFile(logf.Name())
		t.Fatalf("signer did not start: %v\n%s", err, log)
	}
	t.Logf("signer: %s", strings.TrimSpace(line))
	return p
}

// kill ends the process with SIGKILL: no chance to save anything more.
func (p *signerProc) kill() {
	if p.cmd.ProcessState == nil {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		_ = p.cmd.Wait()
	}
}

func random32() []byte {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return b
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
