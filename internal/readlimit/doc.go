// Package readlimit reads files and streams up to a size limit that holds
// whatever the file does while it is read.
//
// A size taken from Stat before reading says nothing about what a read
// returns: a file may grow between the two calls, and files under /proc
// (or devices such as /dev/zero) report size 0 and yield any amount.
// ReadFile and ReadAll therefore read at most limit+1 bytes and refuse the
// input when the extra byte arrives, so no more than limit+1 bytes are ever
// held. Every file the CLI, ingest and the proof package read whole (trade
// documents, genesis, certificates, key files) goes through here.
package readlimit
