// Package config holds the Corridor application's own settings, read from
// <home>/config/app.toml. CometBFT's settings stay in
// <home>/config/config.toml and are CometBFT's own.
//
// Precedence for every setting: command-line flag > environment variable
// CORRIDORD_<SECTION>_<KEY> (e.g. CORRIDORD_STATE_BACKEND) > app.toml >
// the default from Default().
package config
