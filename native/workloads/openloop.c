/* openloop PATH N: opens (and closes) PATH N times after "go" on stdin. */
#include <fcntl.h>
#include "wait_go.h"

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: openloop PATH N\n");
		return 2;
	}
	long n = atol(argv[2]), ok = 0;
	wait_go();
	for (long i = 0; i < n; i++) {
		int fd = open(argv[1], O_RDONLY);
		if (fd >= 0) {
			close(fd);
			ok++;
		}
	}
	say_done(n);
	return 0;
}
