/* Workloads start, print "ready <pid>", and wait for one line on stdin
 * before doing their N operations, so a test can attach first (even to
 * this pid) and then say "go". */
#ifndef WAIT_GO_H
#define WAIT_GO_H
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void wait_go(void)
{
	char line[64];
	if (getenv("BPFX_NO_WAIT"))
		return;
	printf("ready %d\n", getpid());
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		exit(3);
}

static void say_done(long n)
{
	printf("done %ld\n", n);
	fflush(stdout);
}
#endif
