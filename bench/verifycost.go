package bench

import (
	"crypto/sha256"
	"runtime"
	"sort"
	"syscall"
	"time"

	"github.com/corridor-trade/corridor/crypto/secp"
)

// MeasureVerify returns the CPU cost of one secp256k1 verification on this
// machine in µs: the median of rounds rounds of 100 verifications of one
// valid signature, each round's cost the CPU time of the OS thread that ran
// it (so that other processes' load does not count, as it does not in the
// nodes' CPU seconds). The target on node CPU per transaction allows 1.25
// of it above kvstore's. It returns 0 when it cannot measure.
func MeasureVerify(rounds int) float64 {
	k, err := secp.GenPrivKey()
	if err != nil {
		return 0
	}
	pub := k.PubKey()
	digest := sha256.Sum256([]byte("corridor-bench verification cost"))
	sig := k.Sign(digest)
	const per = 100
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	us := make([]float64, 0, rounds)
	for r := 0; r < rounds; r++ {
		t0, ok := threadCPU()
		for i := 0; i < per; i++ {
			if secp.Verify(pub, digest, sig[:]) != nil {
				return 0
			}
		}
		t1, ok1 := threadCPU()
		if !ok || !ok1 {
			return 0
		}
		us = append(us, float64((t1-t0).Microseconds())/per)
	}
	if len(us) == 0 {
		return 0
	}
	sort.Float64s(us)
	return us[len(us)/2]
}

// threadCPU is the user plus system CPU time of the calling OS thread
// (getrusage RUSAGE_THREAD, Linux).
func threadCPU() (time.Duration, bool) {
	const rusageThread = 1
	var ru syscall.Rusage
	if err := syscall.Getrusage(rusageThread, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
