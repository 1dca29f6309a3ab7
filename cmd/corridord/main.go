package main

import "os"

func main() {
	root := newRootCmd()
	if err := root.Execute(); err != nil {
		os.Exit(reportError(root, err, os.Stdout, os.Stderr))
	}
}
