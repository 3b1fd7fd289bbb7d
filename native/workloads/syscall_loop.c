/* syscall_loop N: calls getppid() N times after "go" (a cheap syscall the
 * benchmark programs trace to produce events as fast as the kernel can). */
#include <sys/syscall.h>
#include "wait_go.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1;
	wait_go();
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	say_done(n);
	return 0;
}
