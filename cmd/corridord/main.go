package main

import "os"

func main() {
	root, env := newRoot()
	if err := root.Execute(); err != nil {
		os.Exit(env.reportError(err, os.Stdout, os.Stderr))
	}
}
