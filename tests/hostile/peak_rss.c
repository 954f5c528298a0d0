/* Runs a command and writes its peak resident memory and CPU time to a file:
 *
 *   mailscope_peak_rss STATS_FILE PROGRAM [ARG...]
 *
 * writes "max_rss_kib user_seconds system_seconds" and exits with the program's status.
 *
 * Why a helper: a child's ru_maxrss starts from the memory of the process it was forked from
 * (with posix_spawn, from that process's own peak), so a test that has just built a 64 MiB
 * capture in memory would measure itself. This helper is small and unsanitised: what it
 * reports is the program's own peak, within a few hundred KiB. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char** argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s STATS_FILE PROGRAM [ARG...]\n", argv[0]);
    return 2;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("fork");
    return 2;
  }
  if (pid == 0) {
    execv(argv[2], argv + 2);
    perror(argv[2]);
    _exit(127);
  }
  int status = 0;
  struct rusage usage;
  if (wait4(pid, &status, 0, &usage) < 0) {
    perror("wait4");
    return 2;
  }
  FILE* stats = fopen(argv[1], "w");
  if (!stats) {
    perror(argv[1]);
    return 2;
  }
  fprintf(stats, "%ld %ld.%06ld %ld.%06ld\n", usage.ru_maxrss, (long)usage.ru_utime.tv_sec,
          (long)usage.ru_utime.tv_usec, (long)usage.ru_stime.tv_sec, (long)usage.ru_stime.tv_usec);
  fclose(stats);
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}
