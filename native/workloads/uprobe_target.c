/* uprobe_target N: calls bpfx_target_fn(i) N times (returns i % 7) and
 * fires USDT bpfx:tick(i) N times, after "go" on stdin. */
#include <sys/sdt.h>
#include "wait_go.h"

__attribute__((noinline, used)) int bpfx_target_fn(int x)
{
	/* keep the call from being folded away */
	__asm__ volatile("" ::: "memory");
	return x % 7;
}

__attribute__((noinline, used)) long bpfx_other_fn(long x)
{
	__asm__ volatile("" ::: "memory");
	return x + 1;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1;
	volatile long sum = 0;
	wait_go();
	for (long i = 0; i < n; i++) {
		sum += bpfx_target_fn((int)i);
		DTRACE_PROBE1(bpfx, tick, i);
	}
	say_done(n);
	return 0;
}
