package io.github.memsim;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Preconditions;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;

/**
 * memsim used from a consumer on the module path, as a modular application uses it: the
 * consumer {@code requires io.github.memsim} and registers an allocator of its own with
 * {@code provides}, which {@code Allocators.byName} then finds. The other tests use the class
 * path; this one compiles the consumer and runs it in a child JVM.
 */
class ModulePathConsumerTest {
  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  @Test
  void aModularConsumerFindsItsOwnAllocatorThroughProvides(@TempDir Path dir) throws Exception {
    String modulePath = String.join(File.pathSeparator, location(MemoryModel.class),
        location(Preconditions.class),
        location(Class.forName(
            "com.google.common.util.concurrent.internal.InternalFutureFailureAccess")),
        location(Logger.class));
    Path source = dir.resolve("src");
    Files.createDirectories(source.resolve("consumer"));
    Files.writeString(source.resolve("module-info.java"), String.join("\n",
        "module consumer {",
        "  requires io.github.memsim;",
        "  provides io.github.memsim.alloc.AllocatorProvider with consumer.Renamed;",
        "}"));
    Files.writeString(source.resolve("consumer/Renamed.java"), String.join("\n",
        "package consumer;",
        "import io.github.memsim.alloc.*;",
        "public final class Renamed implements AllocatorProvider {",
        "  public String name() { return \"consumer-fit\"; }",
        "  public Allocator create(HeapRegion region, BlockLayout layout) {",
        "    Allocator inner = Allocators.bestFit().create(region, layout);",
        "    return new ForwardingAllocator() {",
        "      protected Allocator delegate() { return inner; }",
        "      public String name() { return \"consumer-fit\"; }",
        "    };",
        "  }",
        "}"));
    Files.writeString(source.resolve("consumer/Main.java"), String.join("\n",
        "package consumer;",
        "import io.github.memsim.*;",
        "public final class Main {",
        "  public static void main(String[] args) {",
        "    MemoryModel model = MemoryModel.builder().allocator(\"consumer-fit\").build();",
        "    Pointer p = model.mainThread().malloc(24);",
        "    System.out.println(model.heap().allocatorName() + \" \" + p);",
        "    System.out.println(Main.class.getModule().getName() + \" uses \"",
        "        + MemoryModel.class.getModule().getName());",
        "  }",
        "}"));
    Path classes = dir.resolve("classes");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> compile = new ArrayList<>(List.of("--module-path", modulePath, "-d",
        classes.toString(), source.resolve("module-info.java").toString(),
        source.resolve("consumer/Renamed.java").toString(),
        source.resolve("consumer/Main.java").toString()));
    assertThat(javac.run(null, null, null, compile.toArray(new String[0]))).isZero();
    Process process = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", classes + File.pathSeparator + modulePath,
        "-m", "consumer/consumer.Main").start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(err).isEmpty();
    assertThat(out.lines()).containsExactly(
        "consumer-fit 0x10020 (0 bytes into block #1 (24 bytes at 0x10020))",
        "consumer uses io.github.memsim");
  }
}
