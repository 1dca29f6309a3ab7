package node

import (
	"fmt"
	"os"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	cmtlog "github.com/cometbft/cometbft/libs/log"
	nm "github.com/cometbft/cometbft/node"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
)

// SignerWait is how long a node with priv_validator_laddr waits at start
// for its remote signer to connect.
const SignerWait = 30 * time.Second

// privValidator returns the validator's signer and a function that
// releases it. Without priv_validator_laddr it is the key file of the
// home. With it, the key is held by a remote signer (`corridord signer`,
// docs/keys.md): the node listens on that address and waits up to
// SignerWait for the signer to connect. The listener is opened here
// rather than by CometBFT, whose v0.38 Stop leaves it open (its signer
// client is not a service), so that a stopped node releases the address;
// conf.PrivValidatorListenAddr is then cleared so that CometBFT does not
// open a second one.
func privValidator(conf *cmtcfg.Config, logger cmtlog.Logger) (cmttypes.PrivValidator, func(), error) {
	laddr := conf.PrivValidatorListenAddr
	if laddr == "" {
		if _, err := os.Stat(conf.PrivValidatorKeyFile()); err != nil {
			return nil, nil, fmt.Errorf("consensus key %s: %w", conf.PrivValidatorKeyFile(), err)
		}
		return privval.LoadOrGenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile()), func() {}, nil
	}
	gen, err := nm.DefaultGenesisDocProviderFunc(conf)()
	if err != nil {
		return nil, nil, fmt.Errorf("remote signer: read genesis: %w", err)
	}
	listener, err := privval.NewSignerListener(laddr, logger.With("module", "privval"))
	if err != nil {
		return nil, nil, fmt.Errorf("remote signer: listen on priv_validator_laddr %s: %w", laddr, err)
	}
	release := func() { _ = listener.Stop() }
	sc, err := privval.NewSignerClient(listener, gen.ChainID)
	if err != nil {
		release()
		return nil, nil, fmt.Errorf("remote signer: %w", err)
	}
	logger.Info("waiting for the remote signer", "priv_validator_laddr", laddr, "for", SignerWait)
	if err := sc.WaitForConnection(SignerWait); err != nil {
		release()
		return nil, nil, fmt.Errorf("no remote signer connected to priv_validator_laddr %s within %v (run `corridord signer --connect %s` where the key is): %w",
			laddr, SignerWait, laddr, err)
	}
	if _, err := sc.GetPubKey(); err != nil {
		release()
		return nil, nil, fmt.Errorf("remote signer: get its public key: %w", err)
	}
	conf.PrivValidatorListenAddr = ""
	// As CometBFT does: a signature request is retried for up to 5 s, so
	// that a signer reconnecting after a blip does not cost a round.
	return privval.NewRetrySignerClient(sc, 50, 100*time.Millisecond), release, nil
}
