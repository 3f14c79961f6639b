/* work.h: the callee of the work-per-call demo: `spin(adds)` does `adds` dependent
 * integer adds, about one per clock cycle, and returns a value that depends on all of
 * them. The same function is the machine-speed sentinel of go-releases (its build copies
 * work.c into the cgo package) and has the contract of the FFI harnesses' spin. */
#ifndef WORK_H
#define WORK_H
int spin(int adds);
#endif
