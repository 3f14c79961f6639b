/**
 * FfiJni: "JNI wrapper + call". A static native method whose C implementation
 * (ffi_jni.c) calls plusone from libplusone.so, as dyu/ffi-overhead's "Java" row did.
 * The sentinel, spin, is reached the same way.
 * Usage: java -Djava.library.path=DIR FfiJni <batches> <batchMs> <spinAdds>
 * Output: see Bench.
 */
public final class FfiJni {
  static { System.loadLibrary("ffijni"); }

  static native int plusone(int x);

  static native int spin(int adds);

  static int run(int count) {
    int x = 0;
    while (x < count) x = plusone(x);
    return x;
  }

  public static void main(String[] args) {
    Bench.run(args, FfiJni::run, FfiJni::spin);
  }
}
