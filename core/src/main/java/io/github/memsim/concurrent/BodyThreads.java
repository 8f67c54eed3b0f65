package io.github.memsim.concurrent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Java threads that simulated threads' bodies run on. Starting a platform thread per body
 * per schedule is most of what a short schedule costs, so bodies run on threads that are kept
 * between runs, and on virtual threads where the JVM has them (Java 21 and later, found by
 * reflection so that the library still runs on Java 17) and the simulated stack is small.
 *
 * <p>A body that recurses makes a Java frame per simulated frame, so its Java stack must hold
 * as many frames as the simulated stack can: kept threads get {@value #JAVA_BYTES_PER_BYTE}
 * bytes of Java stack per byte of simulated stack (a 16-byte simulated frame, the smallest, per
 * Java frame of up to 1 KiB), up to 1 GiB; a virtual thread's stack is bounded by the JVM's
 * thread stack size, so virtual threads carry only simulated stacks of up to
 * {@value #VIRTUAL_STACK_LIMIT} bytes.
 */
final class BodyThreads {
  /** Java stack bytes per simulated stack byte. */
  static final int JAVA_BYTES_PER_BYTE = 64;
  /** The largest simulated stack a virtual thread carries. */
  static final long VIRTUAL_STACK_LIMIT = 8 << 10;
  private static final long MAX_JAVA_STACK = 1L << 30;
  /** {@code Thread.ofVirtual().unstarted(Runnable)}, or null before Java 21. */
  private static final MethodHandle VIRTUAL = findVirtual();
  private static final Map<Long, ExecutorService> KEPT = new ConcurrentHashMap<>();

  private BodyThreads() {}

  /** {@return whether bodies may run on virtual threads in this JVM} */
  static boolean virtualThreads() {
    return VIRTUAL != null;
  }

  /** Runs {@code body} on a Java thread of its own (which may be reused after it returns). */
  static void start(Runnable body, String name, long simulatedStack) {
    if (VIRTUAL != null && simulatedStack <= VIRTUAL_STACK_LIMIT) {
      try {
        Thread thread = (Thread) VIRTUAL.invoke(body);
        thread.setName(name);
        thread.start();
        return;
      } catch (Throwable e) {
        throw new IllegalStateException("cannot start a virtual thread", e);
      }
    }
    long stack = Math.min(MAX_JAVA_STACK, Math.max(1L << 20,
        simulatedStack * JAVA_BYTES_PER_BYTE));
    KEPT.computeIfAbsent(stack, BodyThreads::pool).execute(() -> {
      Thread.currentThread().setName(name);
      body.run();
    });
  }

  private static ExecutorService pool(long stack) {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS,
        new SynchronousQueue<>(), task -> {
          Thread thread = new Thread(null, task, "memsim body " + count.incrementAndGet(),
              stack);
          thread.setDaemon(true);
          return thread;
        });
  }

  private static MethodHandle findVirtual() {
    try {
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Object builder = lookup.findStatic(Thread.class, "ofVirtual",
          MethodType.methodType(Class.forName("java.lang.Thread$Builder$OfVirtual"))).invoke();
      Class<?> builderType = Class.forName("java.lang.Thread$Builder");
      MethodHandle unstarted = lookup.findVirtual(builderType, "unstarted",
          MethodType.methodType(Thread.class, Runnable.class));
      return unstarted.bindTo(builder).asType(MethodType.methodType(Object.class,
          Runnable.class));
    } catch (Throwable e) {
      return null; // before Java 21: platform threads
    }
  }
}
