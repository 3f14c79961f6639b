/* work.h: the callee of the work-per-call demo: `spin(adds)` does `adds` dependent
 * integer adds, about one per clock cycle, and returns a value that depends on all of
 * them. The same contract as the FFI harnesses' machine-speed sentinel (issue 9's
 * spin in libplusone.so), so the demo can call that one once it is shared. */
#ifndef WORK_H
#define WORK_H
int spin(int adds);
#endif
