package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/corridor-trade/corridor/bench"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "direct" {
		os.Exit(bench.DirectMain(os.Args[2:]))
	}
	if len(os.Args) > 1 && os.Args[1] == "disk" {
		os.Exit(bench.DiskMain(os.Args[2:]))
	}
	os.Exit(run())
}

type flags struct {
	short      bool
	jsonOut    string
	rates      string
	duration   time.Duration
	drain      time.Duration
	traders    int
	mempool    int
	fast       bool
	corridord  string
	kvnode     string
	workdir    string
	keep       bool
	profile    string
	anchors    string
	skipKV     bool
	skipDirect bool
	skipSingle bool
}

func parseFlags() *flags {
	f := &flags{}
	flag.BoolVar(&f.short, "short", false, "short mode: two rates, 6 s steps, 50,000 direct anchors (about 3 minutes on an idle 2-core machine)")
	flag.StringVar(&f.jsonOut, "json", os.Getenv("BENCH_JSON"), "write the results as JSON to this file (default $BENCH_JSON)")
	flag.StringVar(&f.rates, "rates", "", "offered rates in tx/s, comma-separated (default 500,1000,2000,3000,4000; short: 1000,2500)")
	flag.DurationVar(&f.duration, "duration", 0, "sending window per rate (default 15s; short 6s)")
	flag.DurationVar(&f.drain, "drain", 0, "how long to wait for commits after each window (default 20s; short 10s)")
	flag.IntVar(&f.traders, "traders", 2000, "trader accounts in Corridor genesis that sign the load")
	flag.IntVar(&f.mempool, "mempool", 5000, "mempool size (both networks)")
	flag.BoolVar(&f.fast, "fast", false, "use the fast test timeouts instead of CometBFT's defaults (both networks)")
	flag.StringVar(&f.corridord, "corridord", "build/corridord", "corridord binary")
	flag.StringVar(&f.kvnode, "kvstore-node", "build/kvstore-node", "kvstore node binary (bench/cmd/kvstore-node)")
	flag.StringVar(&f.workdir, "workdir", "", "directory for node homes (default: a new temporary directory, removed afterwards)")
	flag.BoolVar(&f.keep, "keep", false, "keep the work directory")
	flag.StringVar(&f.profile, "profile", "", "write a 10 s CPU profile of Corridor node 1 during the highest rate to this file")
	flag.StringVar(&f.anchors, "anchors", "", "direct-ABCI anchor counts to measure disk and queries at (default 100000,1000000; short 50000)")
	flag.BoolVar(&f.skipKV, "skip-kvstore", false, "do not run the kvstore network")
	flag.BoolVar(&f.skipSingle, "skip-single", false, "do not run the one-validator comparison (kvstore and Corridor, one validator each)")
	flag.BoolVar(&f.skipDirect, "skip-direct", false, "do not run the direct-ABCI disk and query measurement")
	flag.Parse()
	def := func(s *string, long, short string) {
		if *s == "" {
			*s = long
			if f.short {
				*s = short
			}
		}
	}
	def(&f.rates, "500,1000,2000,3000,4000", "1000,2500")
	def(&f.anchors, "100000,1000000", "50000")
	if f.duration == 0 {
		f.duration = 15 * time.Second
		if f.short {
			f.duration = 6 * time.Second
		}
	}
	if f.drain == 0 {
		f.drain = 20 * time.Second
		if f.short {
			f.drain = 10 * time.Second
		}
	}
	return f
}

func run() int {
	f := parseFlags()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	group := &bench.Group{}
	// Every exit path stops the nodes: the deferred StopAll for returns and
	// failures, the signal handler for Ctrl-C and SIGTERM (a second signal
	// exits at once; the children still die by their parent-death signal).
	defer group.StopAll()
	sig := make(chan os.Signal, 2)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	go func() {
		s := <-sig
		fmt.Fprintf(os.Stderr, "\ncorridor-bench: %s: stopping every node\n", s)
		cancel()
		go func() { <-sig; group.StopAll(); os.Exit(130) }()
		group.StopAll()
	}()

	dir := f.workdir
	if dir == "" {
		d, err := os.MkdirTemp("", "corridor-bench-")
		if err != nil {
			return fail(err)
		}
		dir = d
		if !f.keep {
			defer os.RemoveAll(dir)
		}
	}
	rates, err := parseRates(f.rates)
	if err != nil {
		return fail(err)
	}
	rep := &bench.Report{Started: time.Now().UTC(), Short: f.short, Rates: rates, DurationS: f.duration.Seconds(),
		Mempool: f.mempool, FastTimeouts: f.fast, Traders: f.traders}
	rep.Host = bench.HostInfo()
	cons := bench.Consensus{Fast: f.fast, MempoolSize: f.mempool}
	sw := bench.Sweep{Rates: rates, Duration: f.duration, Drain: f.drain, Log: os.Stderr}
	start := time.Now()

	// Each phase adds what it measured, even when it fails part-way; a
	// failure (or Ctrl-C) stops the run but the report still prints.
	code := 0
	phaseErr := func(phase string, err error) {
		fmt.Fprintf(os.Stderr, "corridor-bench: %s: %v\n", phase, err)
		rep.Notes = append(rep.Notes, fmt.Sprintf("%s did not finish: %v", phase, err))
		code = 1
	}
	if !f.skipKV {
		r, err := sw.KVStore(ctx, group, filepath.Join(dir, "kvstore"), mustAbs(f.kvnode), cons)
		if r != nil {
			rep.Steps = append(rep.Steps, r.Steps...)
			rep.Disk = append(rep.Disk, r.Disk)
		}
		if err != nil {
			phaseErr("kvstore", err)
		}
	}
	if code == 0 {
		cr, err := sw.Corridor(ctx, group, filepath.Join(dir, "corridor"), mustAbs(f.corridord), cons, bench.CorridorOptions{
			Traders: f.traders, Short: f.short, Profile: f.profile})
		if cr != nil {
			rep.Steps = append(rep.Steps, cr.Steps...)
			rep.Disk = append(rep.Disk, cr.Disk)
			rep.Query, rep.Certificate = cr.Query, cr.Certificate
		}
		if err != nil {
			phaseErr("corridor", err)
		}
	}
	if code == 0 && !f.skipSingle {
		// One validator alone, Corridor against kvstore (issue 18 part 4).
		one := sw
		one.Validators = 1
		if !f.skipKV {
			r, err := one.KVStore(ctx, group, filepath.Join(dir, "kvstore-1v"), mustAbs(f.kvnode), cons)
			if r != nil {
				rep.Steps = append(rep.Steps, r.Steps...)
			}
			if err != nil {
				phaseErr("kvstore-1v", err)
			}
		}
		if code == 0 {
			r, err := one.Corridor(ctx, group, filepath.Join(dir, "corridor-1v"), mustAbs(f.corridord), cons, bench.CorridorOptions{Traders: f.traders, Short: f.short})
			if r != nil {
				rep.Steps = append(rep.Steps, r.Steps...)
			}
			if err != nil {
				phaseErr("corridor-1v", err)
			}
		}
	}
	if code == 0 && !f.skipDirect {
		counts, err := parseRates(f.anchors)
		if err != nil {
			return fail(err)
		}
		self, err := os.Executable()
		if err != nil {
			return fail(err)
		}
		d, err := bench.RunDirect(ctx, group, self, filepath.Join(dir, "direct"), counts, os.Stderr)
		rep.Direct = d
		if err != nil {
			phaseErr("direct", err)
		}
	}
	rep.ElapsedS = time.Since(start).Seconds()
	// One verification's cost, measured after the runs (the machine is
	// as loaded as the runs left it), for the CPU target.
	rep.VerifyUs = bench.MeasureVerify(21)
	rep.Summarise()
	rep.Print(os.Stdout)
	if f.jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(f.jsonOut, append(b, '\n'), 0o644); err != nil {
			return fail(err)
		}
		fmt.Fprintf(os.Stderr, "corridor-bench: results written to %s\n", f.jsonOut)
	}
	if f.keep || f.workdir != "" {
		fmt.Fprintf(os.Stderr, "corridor-bench: node homes kept in %s\n", dir)
	}
	return code
}

func mustAbs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

func parseRates(s string) ([]float64, error) {
	var out []float64
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		v, err := strconv.ParseFloat(part, 64)
		if err != nil || v <= 0 || v > 1e7 {
			return nil, fmt.Errorf("bad number %q", part)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no values in %q", s)
	}
	return out, nil
}

func fail(err error) int {
	fmt.Fprintln(os.Stderr, "corridor-bench:", err)
	return 1
}
