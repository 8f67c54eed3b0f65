package io.github.memsim.alloc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.outside.TracingBestFitProvider;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding strategies by name, including one registered from outside with ServiceLoader. */
class AllocatorsTest {
  @Test
  void builtInStrategiesAreFoundByNameIgnoringCase() {
    assertThat(Allocators.byName("best-fit")).isSameAs(Allocators.bestFit());
    assertThat(Allocators.byName("First-Fit")).isSameAs(Allocators.firstFit());
    assertThat(Allocators.builtIn()).extracting(AllocatorProvider::name)
        .containsExactly("first-fit", "next-fit", "best-fit", "worst-fit", "bump");
  }

  @Test
  void aStrategyRegisteredWithServiceLoaderIsFoundTheSameWay() {
    assertThat(Allocators.names()).endsWith("tracing-best-fit");
    AllocatorProvider provider = Allocators.byName("tracing-best-fit");
    assertThat(provider).isInstanceOf(TracingBestFitProvider.class);

    MemoryModel model = MemoryModel.builder().allocator("tracing-best-fit").build();
    ThreadContext main = model.mainThread();
    long before = TracingBestFitProvider.CALLS.get();
    Pointer p = main.malloc(100);
    main.free(p);
    assertThat(TracingBestFitProvider.CALLS.get() - before).isEqualTo(2);
    assertThat(model.heap().allocatorName()).isEqualTo("tracing-best-fit");
    model.heap().check();
  }

  @Test
  void anUnknownNameFailsFastWithTheKnownNames() {
    assertThatThrownBy(() -> Allocators.byName("buddy"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown allocator 'buddy'; known allocators: first-fit, next-fit, best-fit,"
            + " worst-fit, bump, tracing-best-fit");
    assertThatThrownBy(() -> BlockLayout.byName("tiny"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown block layout 'tiny'; known layouts: default, textbook");
  }

  @Test
  void customLayoutsAreValidated() {
    assertThatThrownBy(() -> BlockLayout.of("odd", 6, 8, 16, 4096))
        .hasMessage("tag bytes must be 4 or 8 but was 6");
    assertThatThrownBy(() -> BlockLayout.of("odd", 8, 24, 48, 4096))
        .hasMessage("alignment must be a power of two from 8 to 4096 but was 24");
    BlockLayout wide = BlockLayout.of("wide", 8, 64, 64, 8192);
    MemoryModel model = MemoryModel.builder().layout(wide).build();
    Pointer p = model.mainThread().malloc(1);
    assertThat(p.address() % 64).isZero();
    model.heap().check();
  }

  @Test
  void brokenProvidersAreSkippedWithoutBreakingTheOthers(@TempDir
      Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(AllocatorProvider.class.getName()),
        "com.example.outside.BrokenProviders$Throwing\n"
            + "com.example.outside.NoSuchProvider\n"
            + "com.example.outside.BrokenProviders$Nameless\n");
    ClassLoader original = Thread.currentThread().getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {dir.toUri().toURL()}, original)) {
      Thread.currentThread().setContextClassLoader(loader);
      assertThat(Allocators.names()).containsExactly("first-fit", "next-fit", "best-fit",
          "worst-fit", "bump", "tracing-best-fit");
      assertThat(Allocators.byName("best-fit")).isSameAs(Allocators.bestFit());
      assertThatThrownBy(() -> Allocators.byName("throwing"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("unknown allocator 'throwing'; known allocators: first-fit,"
              + " next-fit, best-fit, worst-fit, bump, tracing-best-fit; skipped: ")
          .hasMessageContaining("BrokenProviders$Throwing")
          .hasMessageContaining("com.example.outside.NoSuchProvider")
          .hasMessageContaining("com.example.outside.BrokenProviders$Nameless has no name");
    } finally {
      Thread.currentThread().setContextClassLoader(original);
    }
  }
}
