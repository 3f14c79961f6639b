/* ffi_jni.c: the JNI side of FfiJni: wrappers that call plusone (and the sentinel, spin)
 * in libplusone.so. */
#include <jni.h>
#include "../plusone.h"

JNIEXPORT jint JNICALL Java_FfiJni_plusone(JNIEnv *env, jclass cls, jint x) {
  (void)env;
  (void)cls;
  return plusone(x);
}

JNIEXPORT jint JNICALL Java_FfiJni_spin(JNIEnv *env, jclass cls, jint adds) {
  (void)env;
  (void)cls;
  return spin(adds);
}
