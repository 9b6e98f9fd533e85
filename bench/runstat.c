/* Run a command and print its wall time and peak RSS (docs/bench.md):
 *   runstat CMD [ARG...]   ->  stderr:
 *   "runstat: <seconds> s <kib> KiB <exit status> <cpu seconds> cpu <minor faults> faults"
 * Peak RSS is getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest resident set of any waited-for
 * descendant, so a shell loop of dtc runs reports the largest dtc.  CPU is user + system time
 * and faults are ru_minflt, both summed over the waited-for descendants.  stdout of CMD goes to
 * /dev/null (the benchmark measures work, not the terminal). */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: runstat CMD [ARG...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);
		if (fd >= 0)
			dup2(fd, 1);
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0) {
		perror("waitpid");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_CHILDREN, &ru);
	fprintf(stderr, "runstat: %.6f s %ld KiB %d %.6f cpu %ld faults\n",
		(double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss,
		WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status),
		(double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
			(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
		ru.ru_minflt);
	return 0;
}
