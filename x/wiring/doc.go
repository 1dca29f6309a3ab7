// Package wiring lists Corridor's modules, once, in the fixed order in
// which their genesis is applied, and ties together the modules that read
// one another (recognition reads the facts of documents anchored by
// invoice or docked by docking).
//
// The application (app/) builds its router and query table from Modules;
// the offline verifier (proof/) judges recognition with the same
// DocumentFacts. The package imports only modules under x/, so that the
// verifier stays free of CometBFT's node and of databases.
package wiring
