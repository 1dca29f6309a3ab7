package localnet_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/consensus"
	"github.com/cometbft/cometbft/crypto/ed25519"
	"github.com/cometbft/cometbft/libs/protoio"
	"github.com/cometbft/cometbft/p2p"
	"github.com/cometbft/cometbft/p2p/conn"
	cmtcons "github.com/cometbft/cometbft/proto/tendermint/consensus"
	"github.com/cometbft/cometbft/version"
	"github.com/corridor-trade/corridor/internal/localnet"
	"github.com/corridor-trade/corridor/internal/node"
)

// closeWait is how long a validator may take to drop a bad connection:
// CometBFT's p2p handshake timeout (20 s) with room for a loaded machine.
const closeWait = 90 * time.Second

// garbage is 4 KiB that is neither a p2p handshake nor an MConnection
// packet.
func garbage() []byte {
	b := make([]byte, 4096)
	for i := range b {
		b[i] = byte(i*131 + 7)
	}
	copy(b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01GET / HTTP/1.1\r\n")
	return b
}

// waitClosed reads c until the other side closes it, and fails the test if
// that takes longer than closeWait.
func waitClosed(t *testing.T, what string, c net.Conn) {
	t.Helper()
	start := time.Now()
	if err := c.SetReadDeadline(start.Add(closeWait)); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	for {
		_, err := c.Read(buf)
		if err == nil {
			continue
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			t.Fatalf("%s: the validator kept the connection open for %v", what, closeWait)
		}
		t.Logf("%s: the validator closed the connection after %v (%v)", what, time.Since(start).Round(time.Millisecond), err)
		return
	}
}

// nodeInfo is what a peer of this network announces: the chain-id as
// network, CometBFT's protocol versions and the consensus state channel.
func nodeInfo(key p2p.NodeKey, chainID, listen string) p2p.DefaultNodeInfo {
	return p2p.DefaultNodeInfo{
		ProtocolVersion: p2p.NewProtocolVersion(version.P2PProtocol, version.BlockProtocol, 0),
		DefaultNodeID:   key.ID(),
		ListenAddr:      listen,
		Network:         chainID,
		Version:         version.TMCoreSemVer,
		Channels:        []byte{consensus.StateChannel},
		Moniker:         "byzantine-peer",
	}
}

// rawBytes is a "message" whose encoding is whatever bytes it holds, so a
// real CometBFT peer can send bytes that are not a valid message.
type rawBytes []byte

func (r rawBytes) Reset()                   {}
func (r rawBytes) String() string           { return fmt.Sprintf("%X", []byte(r)) }
func (r rawBytes) ProtoMessage()            {}
func (r rawBytes) Marshal() ([]byte, error) { return r, nil }

// malformedReactor is the reactor of a real CometBFT p2p peer that, as
// soon as a validator accepts it, sends one malformed message on the
// consensus state channel, and reports when the validator drops it.
type malformedReactor struct {
	p2p.BaseReactor
	msg     p2p.Envelope
	added   chan p2p.ID
	removed chan any
}

func newMalformedReactor(msg p2p.Envelope) *malformedReactor {
	r := &malformedReactor{msg: msg, added: make(chan p2p.ID, 1), removed: make(chan any, 1)}
	r.BaseReactor = *p2p.NewBaseReactor("Malformed", r)
	return r
}

func (r *malformedReactor) GetChannels() []*conn.ChannelDescriptor {
	return []*conn.ChannelDescriptor{{ID: consensus.StateChannel, Priority: 1, SendQueueCapacity: 10,
		RecvMessageCapacity: 1 << 20, MessageType: &cmtcons.Message{}}}
}

func (r *malformedReactor) AddPeer(p p2p.Peer) {
	select {
	case r.added <- p.ID():
	default:
	}
	p.Send(r.msg)
}

// RemovePeer reports the first removal; it never blocks the switch.
func (r *malformedReactor) RemovePeer(_ p2p.Peer, reason any) {
	select {
	case r.removed <- reason:
	default:
	}
}

// Receive ignores what the validator says (its round steps).
func (r *malformedReactor) Receive(p2p.Envelope) {}

// established bounds when a connection was established: the node reports
// its age at some moment between sending the question and receiving the
// answer, so the connection began between from and to.
type established struct{ from, to time.Time }

// peerConnections returns, for each of node i's peers, when its current
// connection was established.
func peerConnections(t *testing.T, net *localnet.Network, i int) map[p2p.ID]established {
	t.Helper()
	asked := time.Now()
	ni, err := net.Client(i).RPC.NetInfo(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	answered := time.Now()
	out := map[p2p.ID]established{}
	for _, p := range ni.Peers {
		out[p.NodeInfo.ID()] = established{asked.Add(-p.ConnectionStatus.Duration), answered.Add(-p.ConnectionStatus.Duration)}
	}
	return out
}

// TestByzantinePeer attacks a validator's P2P port: raw garbage, a secret
// connection followed by garbage instead of the node info, a complete
// handshake followed by garbage packets, and a real CometBFT p2p peer that
// sends a consensus message that does not decode and one that decodes but
// is invalid. Each time the validator closes that connection; meanwhile it
// keeps producing blocks, its connections to the other validators are the
// ones it had before the attack, and an honest transaction sent through it
// commits.
func TestByzantinePeer(t *testing.T) {
	if testing.Short() {
		t.Skip("network test")
	}
	network := localnet.Start(t, localnet.Options{ChainID: "corridor-badpeer-1"})
	network.WaitForHeight(2, time.Minute)
	const victim = 0
	conf, err := node.LoadCometConfig(network.Nodes[victim].Home)
	if err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(conf.P2P.ListenAddress, "tcp://")
	victimID := p2p.ID(network.Gen.NodeIDs[victim])

	// Every validator is connected to the three others before the attack.
	before := map[int]map[p2p.ID]established{}
	deadline := time.Now().Add(time.Minute)
	for i := range network.Nodes {
		for len(peerConnections(t, network, i)) < len(network.Nodes)-1 {
			if time.Now().After(deadline) {
				t.Fatalf("node %d has %d peers, want %d", i, len(peerConnections(t, network, i)), len(network.Nodes)-1)
			}
			time.Sleep(200 * time.Millisecond)
		}
		before[i] = peerConnections(t, network, i)
	}
	startHeight := height(t, network, victim)

	t.Run("raw garbage", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.Write(garbage()) // the validator may close before reading it all
		waitClosed(t, "raw garbage", c)
	})

	t.Run("secret connection, then garbage for node info", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		sc, err := conn.MakeSecretConnection(c, ed25519.GenPrivKey())
		if err != nil {
			t.Fatalf("secret handshake: %v", err)
		}
		if got := p2p.PubKeyToID(sc.RemotePubKey()); got != victimID {
			t.Fatalf("talking to %s, want %s", got, victimID)
		}
		sc.Write(garbage())
		waitClosed(t, "garbage node info", c)
	})

	t.Run("whole handshake, then garbage packets", func(t *testing.T) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		key := p2p.NodeKey{PrivKey: ed25519.GenPrivKey()}
		sc, err := conn.MakeSecretConnection(c, key.PrivKey)
		if err != nil {
			t.Fatalf("secret handshake: %v", err)
		}
		ours := nodeInfo(key, network.ChainID, "127.0.0.1:1")
		if _, err := protoio.NewDelimitedWriter(sc).WriteMsg(ours.ToProto()); err != nil {
			t.Fatal(err)
		}
		var theirs = new(p2p.DefaultNodeInfo)
		pb := theirs.ToProto()
		if _, err := protoio.NewDelimitedReader(sc, p2p.MaxNodeInfoSize()).ReadMsg(pb); err != nil {
			t.Fatalf("node info: %v", err)
		}
		if pb.Network != network.ChainID {
			t.Fatalf("the validator announces network %q", pb.Network)
		}
		// The validator has taken this connection as a peer: what follows
		// reaches its MConnection, not its handshake.
		listed(t, network, victim, key.ID(), true)
		sc.Write(garbage())
		waitClosed(t, "garbage packets", c)
		logsDrop(t, network, victim, key.ID(), "out-of-range message length")
	})

	// realPeer connects a real CometBFT p2p peer that sends msg, and checks
	// that the validator drops it for dropReason (or, for the control with
	// no reason, keeps it).
	realPeer := func(t *testing.T, name string, msg p2p.Envelope, dropReason string) {
		cfg := cmtcfg.DefaultP2PConfig()
		cfg.AllowDuplicateIP = true
		key := p2p.NodeKey{PrivKey: ed25519.GenPrivKey()}
		var info p2p.DefaultNodeInfo
		var transport *p2p.MultiplexTransport
		// The free port is released before the transport binds it, and
		// another process can take it in between: try another.
		for attempt := 1; ; attempt++ {
			ports, err := localnet.FreePorts(1)
			if err != nil {
				t.Fatal(err)
			}
			listen := fmt.Sprintf("127.0.0.1:%d", ports[0])
			info = nodeInfo(key, network.ChainID, listen)
			transport = p2p.NewMultiplexTransport(info, key, p2p.MConnConfig(cfg))
			self, err := p2p.NewNetAddressString(p2p.IDAddressString(key.ID(), listen))
			if err != nil {
				t.Fatal(err)
			}
			err = transport.Listen(*self)
			if err == nil {
				break
			}
			if !localnet.PortTaken(err) || attempt == 3 {
				t.Fatal(err)
			}
		}
		sw := p2p.NewSwitch(cfg, transport)
		r := newMalformedReactor(msg)
		sw.AddReactor("MALFORMED", r)
		sw.SetNodeKey(&key)
		sw.SetNodeInfo(info)
		if err := sw.Start(); err != nil {
			t.Fatal(err)
		}
		defer func() {
			sw.Stop()
			transport.Close()
		}()
		target, err := p2p.NewNetAddressString(p2p.IDAddressString(victimID, addr))
		if err != nil {
			t.Fatal(err)
		}
		if err := sw.DialPeerWithAddress(target); err != nil {
			t.Fatalf("dial the validator: %v", err)
		}
		select {
		case <-r.added:
		case <-time.After(closeWait):
			t.Fatal("the validator did not accept the peer")
		}
		if dropReason == "" {
			select {
			case reason := <-r.removed:
				t.Fatalf("%s: the validator dropped a well-behaved peer (%v)", name, reason)
			case <-time.After(5 * time.Second):
			}
			listed(t, network, victim, key.ID(), true)
			return
		}
		select {
		case reason := <-r.removed:
			t.Logf("%s: the validator dropped the peer (%v)", name, reason)
		case <-time.After(closeWait):
			t.Fatalf("%s: the validator kept the peer for %v", name, closeWait)
		}
		listed(t, network, victim, key.ID(), false)
		logsDrop(t, network, victim, key.ID(), dropReason)
	}
	t.Run("real peer, control: a valid consensus message", func(t *testing.T) {
		ok := &cmtcons.Message{Sum: &cmtcons.Message_NewRoundStep{NewRoundStep: &cmtcons.NewRoundStep{Height: 1, Round: 0, Step: 1, LastCommitRound: -1}}}
		realPeer(t, "valid round step", p2p.Envelope{ChannelID: consensus.StateChannel, Message: ok}, "")
	})
	t.Run("real peer, bytes that are no consensus message", func(t *testing.T) {
		realPeer(t, "undecodable message", p2p.Envelope{ChannelID: consensus.StateChannel, Message: rawBytes("\xff\xff\xff\xff\xffnot a consensus message")}, "unmarshaling message")
	})
	t.Run("real peer, an invalid consensus message", func(t *testing.T) {
		bad := &cmtcons.Message{Sum: &cmtcons.Message_NewRoundStep{NewRoundStep: &cmtcons.NewRoundStep{Height: -5, Round: -1, Step: 99}}}
		realPeer(t, "invalid round step", p2p.Envelope{ChannelID: consensus.StateChannel, Message: bad}, "negative Height")
	})

	// Nothing else happened: the chain goes on, through the victim too,
	// and every validator still has the connections it had before.
	admitVia(t, network, victim, "sg-operator")
	network.WaitForHeight(startHeight+3, 2*time.Minute)
	for i := range network.Nodes {
		after := peerConnections(t, network, i)
		for id, since := range before[i] {
			now, ok := after[id]
			switch {
			case !ok:
				t.Errorf("node %d lost its peer %s", i, id)
			// The same connection began at one moment, inside both
			// bounds; a reconnection began after the first answer. (A
			// fixed tolerance instead fails when an answer is slow.)
			case now.from.After(since.to) || since.from.After(now.to):
				t.Errorf("node %d reconnected to %s (connected between %v and %v, was between %v and %v)", i, id, now.from, now.to, since.from, since.to)
			}
		}
		if len(after) != len(before[i]) {
			t.Errorf("node %d has %d peers after the attack, %d before", i, len(after), len(before[i]))
		}
	}
	sameAppHashes(t, network, startHeight+3)
}

// logsDrop waits until node i's log says it stopped peer id for an error
// containing reason: the validator itself dropped the peer, and why.
func logsDrop(t *testing.T, net *localnet.Network, i int, id p2p.ID, reason string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(net.Nodes[i].Home, "node.log"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if strings.Contains(line, "Stopping peer for error") && strings.Contains(line, string(id)) && strings.Contains(line, reason) {
				t.Logf("node %d: %s", i, line)
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("node %d does not log dropping %s for %q", i, id, reason)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// listed waits until node i's peer list does (or does not) include id.
func listed(t *testing.T, net *localnet.Network, i int, id p2p.ID, want bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, ok := peerConnections(t, net, i)[id]
		if ok == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("node %d lists peer %s: %v, want %v", i, id, ok, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func height(t *testing.T, net *localnet.Network, i int) int64 {
	t.Helper()
	st, err := net.Client(i).RPC.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.SyncInfo.LatestBlockHeight
}
