package node

import (
	"fmt"
	"os"

	cmtcfg "github.com/cometbft/cometbft/config"
	"github.com/cometbft/cometbft/privval"
	cmttypes "github.com/cometbft/cometbft/types"
)

// localPrivValidator loads the consensus key from the home. With
// priv_validator_laddr set in config.toml the key is held by a remote
// signer (`corridord signer`, docs/keys.md): CometBFT listens on that
// address and signs through the signer that connects, so no key file is
// read and nil is returned.
func localPrivValidator(conf *cmtcfg.Config) (cmttypes.PrivValidator, error) {
	if conf.PrivValidatorListenAddr != "" {
		return nil, nil
	}
	if _, err := os.Stat(conf.PrivValidatorKeyFile()); err != nil {
		return nil, fmt.Errorf("consensus key %s: %w", conf.PrivValidatorKeyFile(), err)
	}
	return privval.LoadOrGenFilePV(conf.PrivValidatorKeyFile(), conf.PrivValidatorStateFile()), nil
}
