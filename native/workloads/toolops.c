/* toolops OP N [ARG]: after "go", does exactly N operations of one kind for
 * the ready-tool tests, then prints "done N":
 *   kill           kill(self, SIGUSR1), handled
 *   fork           fork(); the child exits with status i % 8; waited for
 *   sleep [hold]   nanosleep(1 ms); with "hold", after "done N" it waits for
 *                  one more line before exiting, so a test can read its context
 *                  switches in /proc while it sleeps in that read
 *   stat PATH      stat(PATH)
 *   thread         pthread_create + join
 *   resolve        getaddrinfo("localhost") (from /etc/hosts)
 *   fsync PATH     fsync() on PATH (created)
 *   mount DIR      mount a tmpfs (no options) on DIR and unmount it (2 calls each)
 *   dio DEV        a 4 KiB O_DIRECT write to block device DEV, at offset i * 4 KiB
 *   alloc          allocate and touch 1 MiB (in a small memory cgroup: until killed)
 *   tcp PORT       a loopback connection to 127.0.0.1:PORT (served here):
 *                  connect, accept, 4096 bytes client → server, both close */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include "wait_go.h"

static volatile long handled;
static void on_usr1(int sig) { (void)sig; handled++; }
static void *thread_main(void *arg) { return arg; }

static void die(const char *what)
{
	perror(what);
	exit(1);
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: toolops OP N [ARG]\n");
		return 2;
	}
	const char *op = argv[1], *arg = argc > 3 ? argv[3] : "";
	long n = atol(argv[2]);
	int listener = -1;
	struct sockaddr_in addr = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	if (!strcmp(op, "kill"))
		signal(SIGUSR1, on_usr1);
	if (!strcmp(op, "tcp")) {
		addr.sin_port = htons(atoi(arg));
		int one = 1;
		listener = socket(AF_INET, SOCK_STREAM, 0);
		setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(listener, (struct sockaddr *)&addr, sizeof(addr)) || listen(listener, 16))
			die("tcp listen");
	}
	wait_go();
	char buf[4096] = {0};
	for (long i = 0; i < n; i++) {
		if (!strcmp(op, "kill")) {
			kill(getpid(), SIGUSR1);
		} else if (!strcmp(op, "fork")) {
			pid_t p = fork();
			if (p == 0)
				_exit(i % 8);
			waitpid(p, NULL, 0);
		} else if (!strcmp(op, "sleep")) {
			struct timespec ts = { 0, 1000000 };
			nanosleep(&ts, NULL);
		} else if (!strcmp(op, "stat")) {
			struct stat st;
			stat(arg, &st);
		} else if (!strcmp(op, "thread")) {
			pthread_t t;
			pthread_create(&t, NULL, thread_main, NULL);
			pthread_join(t, NULL);
		} else if (!strcmp(op, "resolve")) {
			struct addrinfo *res;
			if (getaddrinfo("localhost", NULL, NULL, &res) == 0)
				freeaddrinfo(res);
		} else if (!strcmp(op, "fsync")) {
			int fd = open(arg, O_WRONLY | O_CREAT, 0600);
			fsync(fd);
			close(fd);
		} else if (!strcmp(op, "mount")) {
			if (mount("tmpfs", arg, "tmpfs", 0, NULL) || umount(arg))
				die("mount");
		} else if (!strcmp(op, "alloc")) {
			char *mib = malloc(1 << 20);
			if (!mib)
				die("malloc");
			memset(mib, 1, 1 << 20);
		} else if (!strcmp(op, "dio")) {
			static void *block;
			static int fd = -1;
			if (fd < 0 && ((fd = open(arg, O_WRONLY | O_DIRECT)) < 0 || posix_memalign(&block, 4096, 4096)))
				die("dio open");
			if (pwrite(fd, block, 4096, i * 4096) != 4096)
				die("dio write");
		} else if (!strcmp(op, "tcp")) {
			int c = socket(AF_INET, SOCK_STREAM, 0);
			if (connect(c, (struct sockaddr *)&addr, sizeof(addr)))
				die("connect");
			int s = accept(listener, NULL, NULL);
			if (write(c, buf, sizeof(buf)) != sizeof(buf))
				die("write");
			for (size_t got = 0; got < sizeof(buf);) {
				ssize_t r = read(s, buf, sizeof(buf) - got);
				if (r <= 0)
					die("read");
				got += r;
			}
			close(c);
			close(s);
		} else {
			fprintf(stderr, "toolops: unknown op %s\n", op);
			return 2;
		}
	}
	if (!strcmp(op, "kill") && handled != n)
		die("signals lost");
	say_done(n);
	if (!strcmp(op, "sleep") && !strcmp(arg, "hold")) {
		char line[8];
		if (!fgets(line, sizeof(line), stdin))
			return 3;
	}
	return 0;
}
