/* ffi_jni.c: the JNI side of FfiJni: a wrapper that calls plusone in libplusone.so. */
#include <jni.h>
#include "../plusone.h"

JNIEXPORT jint JNICALL Java_FfiJni_plusone(JNIEnv *env, jclass cls, jint x) {
  (void)env;
  (void)cls;
  return plusone(x);
}
