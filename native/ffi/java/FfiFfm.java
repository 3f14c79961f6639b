import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * FfiFfm: Java's Foreign Function & Memory API (java.lang.foreign, final in JDK 22):
 * a Linker downcall handle to plusone, looked up in libplusone.so by address (dlsym),
 * so the call goes straight to the function, no PLT. The sentinel, spin, likewise.
 * Usage: java --enable-native-access=ALL-UNNAMED FfiFfm <batches> <batchMs> <spinAdds> <lib.so>
 * Output: see Bench.
 */
public final class FfiFfm {
  static Path libPath;

  /** Holder makes the handles static final constants, which the JIT can inline through. */
  static final class Holder {
    static final SymbolLookup LIB = SymbolLookup.libraryLookup(libPath, Arena.global());
    static final FunctionDescriptor INT_INT = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT);
    static final MethodHandle PLUSONE = Linker.nativeLinker().downcallHandle(LIB.find("plusone").orElseThrow(), INT_INT);
    static final MethodHandle SPIN = Linker.nativeLinker().downcallHandle(LIB.find("spin").orElseThrow(), INT_INT);
  }

  static int run(int count) {
    try {
      int x = 0;
      while (x < count) x = (int) Holder.PLUSONE.invokeExact(x);
      return x;
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  static int spin(int adds) {
    try {
      return (int) Holder.SPIN.invokeExact(adds);
    } catch (Throwable t) {
      throw new IllegalStateException(t);
    }
  }

  public static void main(String[] args) {
    libPath = Path.of(args[3]);
    Bench.run(args, FfiFfm::run, FfiFfm::spin);
  }
}
