/* bindloop N: after "go", binds a second TCP socket to the loopback port a
 * first one holds, N times: exactly N bind() calls that fail with EADDRINUSE. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include "wait_go.h"

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1, hits = 0;
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int holder = socket(AF_INET, SOCK_STREAM, 0);
	if (holder < 0 || bind(holder, (struct sockaddr *)&a, sizeof(a)) || listen(holder, 1)
	    || getsockname(holder, (struct sockaddr *)&a, &len)) {
		perror("bindloop: holder");
		return 1;
	}
	wait_go();
	for (long i = 0; i < n; i++) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 && errno == EADDRINUSE)
			hits++;
		close(s);
	}
	say_done(hits);
	return 0;
}
