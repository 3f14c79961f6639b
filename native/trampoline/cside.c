// The C side of the trampoline demo. It lives in its own file (not the cgo preamble)
// because the package also //exports a Go function, and a preamble that defines
// functions would then be compiled twice.
#include <stdio.h>
#include "_cgo_export.h"

// cfunc is where the debugger stops in the Go-to-C direction.
__attribute__((noinline)) int cfunc(int a, int b) {
	int local = a + b;
	printf("cfunc: a=%d b=%d &local=%p\n", a, b, (void *)&local);
	fflush(stdout);
	return local;
}

// call_go calls back into Go: the C-to-Go direction goes through crosscall2.
__attribute__((noinline)) int call_go(int x) {
	return goCallback(x) + 1;
}
