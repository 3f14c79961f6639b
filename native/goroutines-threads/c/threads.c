// threads starts N POSIX threads that all block on one condition variable and prints,
// as JSON lines, the process's memory as they start, read from /proc/self/status:
// VmRSS (resident: pages really in RAM) and VmSize (reserved: all mapped address space,
// including each thread's default-size stack mapping).
//
//   {"n":0,"rssBytes":R,"vmBytes":V,"kernelStackBytes":K,"threads":T,"stackBytes":S}  baseline
//   {"n":N,…}  after N threads have started
// S is the default pthread stack size (each thread's reserved stack); K is /proc/meminfo's
// KernelStack (machine-wide); T is this process's thread count.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go_on = PTHREAD_COND_INITIALIZER;
static pthread_cond_t started_cv = PTHREAD_COND_INITIALIZER;
static int started = 0;
static int released = 0;
static size_t stack_bytes = 0;

// KernelStack in /proc/meminfo is machine-wide (all processes): each thread's kernel
// stack is counted there, not in this process's VmRSS.
static long long kernel_stack(void) {
	char line[256];
	long long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");
	if (!f) return -1;
	while (fgets(line, sizeof line, f)) {
		if (sscanf(line, "KernelStack: %lld", &kb) == 1) break;
	}
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

static void status(long long *rss, long long *vm, long long *threads) {
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");
	*rss = *vm = *threads = -1;
	if (!f) return;
	while (fgets(line, sizeof line, f)) {
		long long kb;
		if (sscanf(line, "VmRSS: %lld", &kb) == 1) *rss = kb * 1024;
		if (sscanf(line, "VmSize: %lld", &kb) == 1) *vm = kb * 1024;
		if (sscanf(line, "Threads: %lld", &kb) == 1) *threads = kb;
	}
	fclose(f);
}

static void report(int n) {
	long long rss, vm, threads;
	status(&rss, &vm, &threads);
	printf("{\"n\":%d,\"rssBytes\":%lld,\"vmBytes\":%lld,\"kernelStackBytes\":%lld,\"threads\":%lld,\"stackBytes\":%zu}\n",
	       n, rss, vm, kernel_stack(), threads, stack_bytes);
	fflush(stdout);
}

static void *worker(void *arg) {
	(void)arg;
	pthread_mutex_lock(&mu);
	started++;
	pthread_cond_signal(&started_cv);
	while (!released) pthread_cond_wait(&go_on, &mu); // blocked: costs its stack and a kernel task
	pthread_mutex_unlock(&mu);
	return NULL;
}

int main(int argc, char **argv) {
	int total = argc > 1 ? atoi(argv[1]) : 1000;
	int steps = argc > 2 ? atoi(argv[2]) : 20;
	if (total < 0 || steps < 1) return 2;
	pthread_t *ids = calloc((size_t)total + 1, sizeof *ids);
	pthread_attr_t attr;
	pthread_attr_init(&attr);
	pthread_attr_getstacksize(&attr, &stack_bytes); // the default: what every thread below gets
	report(0);
	int n = 0;
	for (int step = 1; step <= steps; step++) {
		int target = (int)((long long)total * step / steps);
		for (; n < target; n++) {
			int err = pthread_create(&ids[n], &attr, worker, NULL);
			if (err) {
				fprintf(stderr, "pthread_create failed after %d threads: %s\n", n, strerror(err));
				total = n;
				break;
			}
		}
		pthread_mutex_lock(&mu);
		while (started < n) pthread_cond_wait(&started_cv, &mu);
		pthread_mutex_unlock(&mu);
		report(n);
		if (n < target) break;
	}
	pthread_mutex_lock(&mu);
	released = 1;
	pthread_cond_broadcast(&go_on);
	pthread_mutex_unlock(&mu);
	for (int i = 0; i < n; i++) pthread_join(ids[i], NULL);
	free(ids);
	return 0;
}
