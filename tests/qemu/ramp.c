/* ramp: grow one kind of memory until the OOM killer ends it, for `make qemu-check`.
 *
 *   ramp anon   anonymous memory (movable): mmap 1 MiB chunks, populated (every page faulted in)
 *   ramp pipe   pipe buffers (unmovable kernel memory): pipes resized with F_SETPIPE_SZ
 *               to pipe-max-size and filled
 *
 * The parent forks the worker, makes the worker the OOM killer's only choice
 * (oom_score_adj 1000, parent -1000), and after it dies prints one line
 *   @@MG-RAMP <kind> reached_kb=<N> status=<how it ended>
 * where N is what the worker held when killed (anon: whole MiB chunks; pipe: bytes written),
 * counted in a page shared with the parent. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK_BYTES (1024u * 1024u)
#define REPORT_EVERY_BYTES (16u * 1024u * 1024u)

static void set_oom_adj(const char *v)
{
	int fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, v, strlen(v)) < 0)
			perror("oom_score_adj");
		close(fd);
	}
}

static void say(const char *kind, uint64_t bytes)
{
	char line[96];
	int n = snprintf(line, sizeof line, "ramp %s: %llu MiB\n", kind,
			 (unsigned long long)(bytes >> 20));
	if (write(1, line, (size_t)n) < 0)
		_exit(3);
}

static void anon_worker(volatile uint64_t *held)
{
	/* MAP_POPULATE faults the chunk in inside the kernel: one entry per MiB instead of one
	 * per page, which under TCG is most of the run time.  The count is therefore exact to
	 * 1 MiB; the OOM report's anon-rss is exact to the page. */
	for (;;) {
		char *p = mmap(NULL, CHUNK_BYTES, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
		if (p == MAP_FAILED) {
			perror("ramp anon: mmap");
			_exit(2);
		}
		*held += CHUNK_BYTES;
		if (*held % REPORT_EVERY_BYTES == 0)
			say("anon", *held);
	}
}

static void pipe_worker(volatile uint64_t *held)
{
	static char buf[65536];
	int max = 1048576;
	FILE *f = fopen("/proc/sys/fs/pipe-max-size", "r");
	if (f) {
		if (fscanf(f, "%d", &max) != 1)
			max = 1048576;
		fclose(f);
	}
	/* Two descriptors per pipe: lift the descriptor limit to the kernel's nr_open. */
	struct rlimit rl = { 1048576, 1048576 };
	if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
		rl.rlim_cur = rl.rlim_max = 65536;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	memset(buf, 0x5a, sizeof buf);
	uint64_t next_report = REPORT_EVERY_BYTES;
	for (;;) {
		int fds[2];
		if (pipe2(fds, O_NONBLOCK) != 0) {
			perror("ramp pipe: pipe2");
			_exit(2);
		}
		if (fcntl(fds[1], F_SETPIPE_SZ, max) < 0)
			perror("ramp pipe: F_SETPIPE_SZ");
		/* 64 KiB writes: each allocates the pipe pages it fills (few syscalls under TCG). */
		for (;;) {
			ssize_t w = write(fds[1], buf, sizeof buf);
			if (w < 0) {
				if (errno == EAGAIN)
					break;
				perror("ramp pipe: write");
				_exit(2);
			}
			*held += (uint64_t)w;
		}
		if (*held >= next_report) {
			say("pipe", *held);
			next_report += REPORT_EVERY_BYTES;
		}
	}
}

int main(int argc, char **argv)
{
	if (argc != 2 || (strcmp(argv[1], "anon") && strcmp(argv[1], "pipe"))) {
		fprintf(stderr, "usage: ramp anon|pipe\n");
		return 2;
	}
	volatile uint64_t *held = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
				       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (held == MAP_FAILED) {
		perror("ramp: mmap shared");
		return 2;
	}
	*held = 0;
	set_oom_adj("-1000");
	pid_t pid = fork();
	if (pid < 0) {
		perror("ramp: fork");
		return 2;
	}
	if (pid == 0) {
		set_oom_adj("1000");
		if (!strcmp(argv[1], "anon"))
			anon_worker(held);
		else
			pipe_worker(held);
		_exit(0);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			perror("ramp: waitpid");
			return 2;
		}
	char how[32];
	if (WIFSIGNALED(st))
		snprintf(how, sizeof how, "signal%d", WTERMSIG(st));
	else
		snprintf(how, sizeof how, "exit%d", WEXITSTATUS(st));
	printf("@@MG-RAMP %s reached_kb=%llu status=%s\n", argv[1],
	       (unsigned long long)(*held / 1024), how);
	return 0;
}
