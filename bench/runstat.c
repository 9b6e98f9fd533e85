/* Run a command and print its wall time and peak RSS (docs/bench.md):
 *   runstat CMD [ARG...]   ->  stderr:
 *   "runstat: <seconds> s <kib> KiB <exit status> <cpu seconds> cpu <minor faults> faults"
 * Peak RSS is getrusage(RUSAGE_CHILDREN).ru_maxrss: the largest resident set of any waited-for
 * descendant, so a shell loop of dtc runs reports the largest dtc.  CPU is user + system time
 * and faults are ru_minflt, both summed over the waited-for descendants.  stdout of CMD goes to
 * /dev/null (the benchmark measures work, not the terminal).  CMD is started with posix_spawn,
 * as make, ninja and Python's subprocess start tools (vfork-style, CLONE_VM): a fork() would
 * copy runstat's own address space first, which on the bench VM costs more than a small
 * static program's whole run and is not the measured program's cost. */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	posix_spawn_file_actions_t fa;
	int status, rc;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: runstat CMD [ARG...]\n");
		return 2;
	}
	if (posix_spawn_file_actions_init(&fa) ||
	    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0)) {
		perror("posix_spawn_file_actions");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = posix_spawnp(&pid, argv[1], &fa, NULL, argv + 1, environ);
	if (rc) {
		fprintf(stderr, "runstat: %s: %s\n", argv[1], strerror(rc));
		return 2;
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
