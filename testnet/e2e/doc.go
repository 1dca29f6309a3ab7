// Package e2e holds Corridor's fault-tolerance suite (`make e2e`): Go tests,
// behind the build tag e2e, that run a four-validator network in Docker
// containers (or as plain processes when Docker is not available), put it
// under a steady load of signed invoice anchors, inject faults (kill -9,
// network cuts, rolling restarts, a double-signing twin) and check that no
// acknowledged transaction is lost or duplicated, that every node holds the
// same blocks and app hashes, and that no node panicked. See
// docs/operations.md.
package e2e
