//go:build e2e

package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/privval"
	"github.com/corridor-trade/corridor/internal/node"
)

// Node is one validator (or the twin) as the suite sees it.
type Node struct {
	Name    string
	RPC     string // tcp://host:port reachable from the test
	Home    string
	Address string // consensus address, hex
	IP      string // container IP (Docker mode)
}

// Cluster runs the nodes and injects faults into them.
type Cluster interface {
	Mode() string
	Nodes() []*Node
	Start(i int) error      // start a stopped or killed node
	Kill(i int) error       // SIGKILL, no clean shutdown
	Stop(i int) error       // SIGTERM, clean shutdown
	Disconnect(i int) error // cut the node off the network (Docker only)
	Connect(i int) error    // undo Disconnect
	CanCut() bool
	// StartTwin starts a fifth node holding validator i's consensus key.
	StartTwin(i int) (*Node, error)
	// StartJoiner starts, in the twin's place, a fifth node with a fresh
	// consensus key (a full node until governance adds it); StopTwin
	// stops it.
	StartJoiner() (*Node, error)
	// StartStateSyncer starts, in the twin's place, a fresh full node (an
	// empty home, keys of its own) whose config.toml has the [statesync]
	// settings ss, so that it joins by state sync.
	StartStateSyncer(ss *cmtcfg.StateSyncConfig) (*Node, error)
	StopTwin() error
	// WasStopped reports whether node i was ever killed or stopped.
	WasStopped(i int) bool
	// Logs returns everything node i (or the twin, i = -1) has logged.
	Logs(i int) (string, error)
	Close()
}

// testnetFile is the part of `corridord testnet init-files -o json` the
// suite reads.
type testnetFile struct {
	ChainID    string `json:"chain_id"`
	Validators []struct {
		Name    string `json:"name"`
		Home    string `json:"home"`
		Address string `json:"address"`
		RPC     string `json:"rpc"`
		P2P     string `json:"p2p"`
		NodeID  string `json:"node_id"`
		Peers   string `json:"persistent_peers"`
	} `json:"validators"`
}

// initFiles runs the real CLI to write the network.
func initFiles(t *testing.T, bin, dir string, extra ...string) *testnetFile {
	t.Helper()
	args := append([]string{"testnet", "init-files", "--output-dir", dir, "-o", "json",
		"--timeout-propose", "1s", "--timeout-vote", "300ms", "--timeout-commit", "500ms"}, extra...)
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("corridord %s: %v %s", strings.Join(args, " "), err, stderrOf(err))
	}
	var tf testnetFile
	if err := json.Unmarshal(out, &tf); err != nil {
		t.Fatalf("init-files output: %v", err)
	}
	if len(tf.Validators) != 4 {
		t.Fatalf("init-files wrote %d validators, want 4", len(tf.Validators))
	}
	return &tf
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}

// writeTwinHome makes a home holding the consensus key of src with a fresh
// signing state and node key, dialing every validator, and relaying no
// transactions (so that its proposals differ from the original's). With
// fresh, the home gets a consensus key of its own instead (a joiner). With
// ss, the home is first emptied (a node that state-syncs has no state)
// and gets a key of its own, ss as config.toml's [statesync] and a mempool
// that relays, as any full node's.
func writeTwinHome(src, dst, p2pListen, rpcListen, external, peers string, fresh bool, ss *cmtcfg.StateSyncConfig) error {
	if ss != nil {
		if err := os.RemoveAll(dst); err != nil {
			return err
		}
		fresh = true
	}
	if err := os.MkdirAll(filepath.Join(dst, "config"), 0o700); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(dst, "data"), 0o700); err != nil {
		return err
	}
	for _, f := range []string{"genesis.json", "priv_validator_key.json", "app.toml"} {
		b, err := os.ReadFile(filepath.Join(src, "config", f))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, "config", f), b, 0o600); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(dst, "data", "priv_validator_state.json"), []byte(`{"height":"0","round":0,"step":0}`), 0o600); err != nil {
		return err
	}
	if fresh {
		privval.GenFilePV(filepath.Join(dst, "config", "priv_validator_key.json"), filepath.Join(dst, "data", "priv_validator_state.json")).Save()
	}
	conf, err := node.LoadCometConfig(src)
	if err != nil {
		return err
	}
	conf.SetRoot(dst)
	conf.Moniker = "twin"
	conf.P2P.ListenAddress = p2pListen
	conf.RPC.ListenAddress = rpcListen
	conf.P2P.ExternalAddress = external
	conf.P2P.PersistentPeers = peers
	conf.Mempool.Broadcast = false
	if ss != nil {
		conf.Moniker = "statesync"
		conf.StateSync = ss
		conf.Mempool.Broadcast = true
	}
	cmtcfg.WriteConfigFile(filepath.Join(dst, "config", "config.toml"), conf)
	return nil
}

// ---- Docker -----------------------------------------------------------------

// dockerProject is the compose project of the suite (CORRIDOR_E2E_PROJECT,
// default corridor-e2e, which `make e2e` also tears down after the tests):
// another name lets two runs share a Docker host, each with its own
// CORRIDOR_E2E_NET_PREFIX.
var dockerProject = func() string {
	if p := os.Getenv("CORRIDOR_E2E_PROJECT"); p != "" {
		return p
	}
	return "corridor-e2e"
}()

type dockerCluster struct {
	t       *testing.T
	dir     string
	prefix  string // e.g. 192.168.78
	env     []string
	nodes   []*Node
	twin    *Node
	network string
	files   []string
	stopped map[int]bool
}

func newDockerCluster(t *testing.T, bin string) *dockerCluster {
	prefix := os.Getenv("CORRIDOR_E2E_NET_PREFIX")
	if prefix == "" {
		prefix = "192.168.78"
	}
	image := os.Getenv("CORRIDOR_IMAGE")
	if image == "" {
		image = "corridor/corridord:local"
	}
	dir := t.TempDir()
	repo, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	c := &dockerCluster{t: t, dir: dir, prefix: prefix, network: dockerProject + "_corridor",
		files:   []string{"-f", filepath.Join(repo, "testnet", "docker-compose.yml"), "-f", filepath.Join(repo, "testnet", "docker-compose.twin.yml")},
		stopped: map[int]bool{}}
	c.env = append(os.Environ(),
		"CORRIDOR_IMAGE="+image, "CORRIDOR_PROJECT="+dockerProject, "CORRIDOR_TESTNET_DIR="+dir,
		"CORRIDOR_NET_PREFIX="+prefix, "CORRIDOR_UID="+strconv.Itoa(os.Getuid()), "CORRIDOR_GID="+strconv.Itoa(os.Getgid()),
		// Publish no fixed host ports: the suite talks to the container IPs.
		"CORRIDOR_RPC_PORT_SHANGHAI=", "CORRIDOR_RPC_PORT_SINGAPORE=", "CORRIDOR_RPC_PORT_HONGKONG=", "CORRIDOR_RPC_PORT_LINGANG=")
	_ = c.compose("down", "-v", "--remove-orphans", "--timeout", "2") // leftovers of an interrupted run
	tf := initFiles(t, bin, dir, "--starting-ip", prefix+".10", "--listen-all")
	if err := usePebble(tf.Validators[pebbleNode].Home); err != nil {
		t.Fatal(err)
	}
	for _, i := range snapshotNodes {
		if err := useSnapshots(tf.Validators[i].Home); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range tf.Validators {
		ip := strings.TrimSuffix(strings.TrimPrefix(v.RPC, "tcp://"), ":26657")
		c.nodes = append(c.nodes, &Node{Name: v.Name, RPC: v.RPC, Home: v.Home, Address: v.Address, IP: ip})
	}
	t.Cleanup(c.Close)
	if err := c.compose("up", "-d", "shanghai", "singapore", "hongkong", "lingang"); err != nil {
		t.Fatalf("docker-compose up: %v", err)
	}
	return c
}

func (c *dockerCluster) compose(args ...string) error {
	full := append(append([]string{"-p", dockerProject}, c.files...), args...)
	cmd := exec.Command("docker-compose", full...)
	cmd.Env = c.env
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("docker-compose %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return nil
}

func docker(args ...string) (string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "docker", args...).CombinedOutput()
	if err != nil {
		return string(out), fmt.Errorf("docker %s: %v: %s", strings.Join(args, " "), err, bytes.TrimSpace(out))
	}
	return string(out), nil
}

func (c *dockerCluster) container(i int) string {
	if i < 0 {
		return dockerProject + "-twin"
	}
	return dockerProject + "-" + c.nodes[i].Name
}

func (c *dockerCluster) Mode() string   { return "docker" }
func (c *dockerCluster) Nodes() []*Node { return c.nodes }
func (c *dockerCluster) CanCut() bool   { return true }
func (c *dockerCluster) Start(i int) error {
	_, err := docker("start", c.container(i))
	return err
}
func (c *dockerCluster) WasStopped(i int) bool { return c.stopped[i] }
func (c *dockerCluster) Kill(i int) error {
	c.stopped[i] = true
	_, err := docker("kill", "-s", "KILL", c.container(i))
	return err
}
func (c *dockerCluster) Stop(i int) error {
	c.stopped[i] = true
	_, err := docker("stop", "-t", "10", c.container(i))
	return err
}
func (c *dockerCluster) Disconnect(i int) error {
	_, err := docker("network", "disconnect", c.network, c.container(i))
	return err
}
func (c *dockerCluster) Connect(i int) error {
	_, err := docker("network", "connect", "--ip", c.nodes[i].IP, c.network, c.container(i))
	return err
}
func (c *dockerCluster) Logs(i int) (string, error) { return docker("logs", c.container(i)) }

// waitHealthy waits until Docker reports every validator container healthy,
// i.e. the image's health check (`corridord status --healthy`, run inside
// the scratch container) passes.
func (c *dockerCluster) waitHealthy(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		var bad []string
		for i := range c.nodes {
			out, err := docker("inspect", "--format", "{{.State.Health.Status}}", c.container(i))
			if st := strings.TrimSpace(out); err != nil || st != "healthy" {
				bad = append(bad, c.nodes[i].Name+"="+st)
			}
		}
		if len(bad) == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("containers not healthy after %s: %s", timeout, strings.Join(bad, ", "))
		}
		time.Sleep(time.Second)
	}
}

func (c *dockerCluster) StartTwin(i int) (*Node, error) { return c.startExtra(i, false, nil) }

func (c *dockerCluster) StartJoiner() (*Node, error) { return c.startExtra(singapore, true, nil) }

func (c *dockerCluster) StartStateSyncer(ss *cmtcfg.StateSyncConfig) (*Node, error) {
	return c.startExtra(singapore, true, ss)
}

func (c *dockerCluster) startExtra(i int, fresh bool, ss *cmtcfg.StateSyncConfig) (*Node, error) {
	src := c.nodes[i]
	var peers []string
	for _, n := range c.nodes {
		id, err := nodeID(n.Home)
		if err != nil {
			return nil, err
		}
		peers = append(peers, id+"@"+n.IP+":26656")
	}
	ip := c.prefix + ".20"
	if err := writeTwinHome(src.Home, filepath.Join(c.dir, "twin"), "tcp://0.0.0.0:26656", "tcp://0.0.0.0:26657", ip+":26656", strings.Join(peers, ","), fresh, ss); err != nil {
		return nil, err
	}
	if err := c.compose("up", "-d", "--no-deps", "twin"); err != nil {
		return nil, err
	}
	c.twin = &Node{Name: "twin-of-" + src.Name, RPC: "tcp://" + ip + ":26657", Home: filepath.Join(c.dir, "twin"), Address: src.Address, IP: ip}
	if fresh {
		c.twin.Name, c.twin.Address = "joiner", ""
	}
	if ss != nil {
		c.twin.Name = "statesync"
	}
	return c.twin, nil
}

func (c *dockerCluster) StopTwin() error {
	if c.twin == nil {
		return nil
	}
	_, err := docker("rm", "-f", c.container(-1))
	c.twin = nil
	return err
}

// Close removes the containers, network and volumes, even after a failure.
func (c *dockerCluster) Close() {
	if os.Getenv("CORRIDOR_E2E_KEEP") != "" {
		c.t.Logf("CORRIDOR_E2E_KEEP set: leaving project %s running (homes in %s)", dockerProject, c.dir)
		return
	}
	if err := c.compose("down", "-v", "--remove-orphans", "--timeout", "5"); err != nil {
		c.t.Logf("teardown: %v", err)
	}
}

// nodeID reads a home's node ID from its node key.
func nodeID(home string) (string, error) {
	conf, err := node.LoadCometConfig(home)
	if err != nil {
		return "", err
	}
	nk, err := p2p.LoadNodeKey(conf.NodeKeyFile())
	if err != nil {
		return "", err
	}
	return string(nk.ID()), nil
}

// ---- Processes --------------------------------------------------------------

// proc is one running node process.
type proc struct {
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
}

type procCluster struct {
	t       *testing.T
	bin     string
	dir     string
	nodes   []*Node
	procs   []*proc // nil when not running; the twin is the last entry
	base    int
	stopped map[int]bool
}

// freeBase finds a port range [base, base+60) on 127.0.0.1 nobody listens on.
func freeBase() (int, error) {
	for attempt := 0; attempt < 50; attempt++ {
		base := 31000 + ((os.Getpid()+attempt*97)%300)*100
		ok := true
		for p := base; p < base+60 && ok; p++ {
			l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return base, nil
		}
	}
	return 0, fmt.Errorf("no free port range on 127.0.0.1")
}

func newProcCluster(t *testing.T, bin string) *procCluster {
	base, err := freeBase()
	if err != nil {
		t.Fatal(err)
	}
	c := &procCluster{t: t, bin: bin, dir: t.TempDir(), base: base, stopped: map[int]bool{}}
	tf := initFiles(t, bin, c.dir, "--p2p-port", strconv.Itoa(base), "--rpc-port", strconv.Itoa(base+1), "--port-step", "10")
	if err := usePebble(tf.Validators[pebbleNode].Home); err != nil {
		t.Fatal(err)
	}
	for _, i := range snapshotNodes {
		if err := useSnapshots(tf.Validators[i].Home); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range tf.Validators {
		c.nodes = append(c.nodes, &Node{Name: v.Name, RPC: v.RPC, Home: v.Home, Address: v.Address})
	}
	c.procs = make([]*proc, len(c.nodes)+1)
	t.Cleanup(c.Close)
	for i := range c.nodes {
		if err := c.Start(i); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func (c *procCluster) home(i int) string {
	if i < 0 {
		return filepath.Join(c.dir, "twin")
	}
	return c.nodes[i].Home
}

func (c *procCluster) slot(i int) int {
	if i < 0 {
		return len(c.nodes)
	}
	return i
}

func (c *procCluster) Mode() string   { return "process" }
func (c *procCluster) Nodes() []*Node { return c.nodes }
func (c *procCluster) CanCut() bool   { return false }

func (c *procCluster) Start(i int) error {
	if c.procs[c.slot(i)] != nil {
		return fmt.Errorf("node %d already running", i)
	}
	logf, err := os.OpenFile(filepath.Join(c.home(i), "node.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	cmd := exec.Command(c.bin, "start", "--home", c.home(i))
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		logf.Close()
		return err
	}
	p := &proc{cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); logf.Close(); close(p.done) }()
	c.procs[c.slot(i)] = p
	return nil
}

func (c *procCluster) signal(i int, sig syscall.Signal) error {
	p := c.procs[c.slot(i)]
	if p == nil {
		return fmt.Errorf("node %d is not running", i)
	}
	if err := p.cmd.Process.Signal(sig); err != nil {
		return err
	}
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
		return fmt.Errorf("node %d did not exit within 20s of %s; killed", i, sig)
	}
	c.procs[c.slot(i)] = nil
	return nil
}

func (c *procCluster) WasStopped(i int) bool { return c.stopped[i] }
func (c *procCluster) Kill(i int) error      { c.stopped[i] = true; return c.signal(i, syscall.SIGKILL) }
func (c *procCluster) Stop(i int) error      { c.stopped[i] = true; return c.signal(i, syscall.SIGTERM) }
func (c *procCluster) Disconnect(int) error {
	return fmt.Errorf("process mode cannot cut the network")
}
func (c *procCluster) Connect(int) error { return fmt.Errorf("process mode cannot cut the network") }

func (c *procCluster) Logs(i int) (string, error) {
	b, err := os.ReadFile(filepath.Join(c.home(i), "node.log"))
	return string(b), err
}

func (c *procCluster) StartTwin(i int) (*Node, error) { return c.startExtra(i, false, nil) }

func (c *procCluster) StartJoiner() (*Node, error) { return c.startExtra(singapore, true, nil) }

func (c *procCluster) StartStateSyncer(ss *cmtcfg.StateSyncConfig) (*Node, error) {
	return c.startExtra(singapore, true, ss)
}

func (c *procCluster) startExtra(i int, fresh bool, ss *cmtcfg.StateSyncConfig) (*Node, error) {
	var peers []string
	for _, n := range c.nodes {
		id, err := nodeID(n.Home)
		if err != nil {
			return nil, err
		}
		conf, err := node.LoadCometConfig(n.Home)
		if err != nil {
			return nil, err
		}
		peers = append(peers, id+"@"+strings.TrimPrefix(conf.P2P.ListenAddress, "tcp://"))
	}
	p2p, rpc := c.base+50, c.base+51
	if err := writeTwinHome(c.nodes[i].Home, c.home(-1), fmt.Sprintf("tcp://127.0.0.1:%d", p2p), fmt.Sprintf("tcp://127.0.0.1:%d", rpc),
		fmt.Sprintf("127.0.0.1:%d", p2p), strings.Join(peers, ","), fresh, ss); err != nil {
		return nil, err
	}
	if err := c.Start(-1); err != nil {
		return nil, err
	}
	n := &Node{Name: "twin-of-" + c.nodes[i].Name, RPC: fmt.Sprintf("tcp://127.0.0.1:%d", rpc), Home: c.home(-1), Address: c.nodes[i].Address}
	if fresh {
		n.Name, n.Address = "joiner", ""
	}
	if ss != nil {
		n.Name = "statesync"
	}
	return n, nil
}

func (c *procCluster) StopTwin() error {
	if c.procs[c.slot(-1)] == nil {
		return nil
	}
	return c.Kill(-1)
}

// Close kills every process the suite started.
func (c *procCluster) Close() {
	for i, p := range c.procs {
		if p != nil {
			_ = p.cmd.Process.Kill()
			<-p.done
			c.procs[i] = nil
		}
	}
}
