// depth is the C twin of the Go function in ../main.go: the same recursion, compiled by
// gcc, which emits no stack-bound check (C threads get one big fixed stack).
__attribute__((noinline)) int depth(int n) {
	if (n == 0) return 0;
	return depth(n - 1) + 1;
}
