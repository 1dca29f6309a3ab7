// Command kvstore-node runs one CometBFT validator with the kvstore example
// application in-process, from a home written by the benchmark (the same
// config.toml layout Corridor uses), until SIGINT or SIGTERM.
package main
