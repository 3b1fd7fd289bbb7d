/* syscall_loop N [RATE]: calls getppid() N times after "go" (a cheap syscall
 * the benchmark programs trace to produce events as fast as the kernel can),
 * or paced at RATE calls per second (checked every 256 calls). */
#include <sys/syscall.h>
#include <time.h>
#include "wait_go.h"

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1;
	double rate = argc > 2 ? atof(argv[2]) : 0;
	wait_go();
	double t0 = now();
	for (long i = 0; i < n; i++) {
		if (rate > 0 && (i & 255) == 0) {
			double due = t0 + i / rate;
			while (now() < due)
				;
		}
		syscall(SYS_getppid);
	}
	say_done(n);
	return 0;
}
