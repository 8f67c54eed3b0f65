package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code memsim cache}: the Cache Lab simulator's semantics on traces worked out by hand. */
class CacheCommandTest {
  // With s=4, E=1, b=4 (16 sets of one 16-byte line): 0x10, 0x18, 0x12, 0x110 and 0x210 all
  // fall in set 1 (lines 0x1, 0x1, 0x1, 0x11, 0x21); 0x20 and 0x22 in set 2.
  private static final String TRACE = String.join("\n",
      "==42== Lackey, an example Valgrind tool",
      "I  0400d7d4,8",
      " L 10,1",
      " M 20,1",
      " L 22,1",
      " S 18,1",
      " L 110,1",
      " L 210,1",
      " M 12,1",
      "");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Memsim.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void verboseEchoesEachAccessAsTheCacheLabSimulatorDoes(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("yi.trace");
    Files.writeString(trace, TRACE);
    assertThat(run("cache", "-s", "4", "-E", "1", "-b", "4", "-t", trace.toString(), "-v"))
        .isZero();
    assertThat(out.toString().lines()).containsExactly(
        "L 10,1 miss",
        "M 20,1 miss hit",
        "L 22,1 hit",
        "S 18,1 hit",
        "L 110,1 miss eviction",
        "L 210,1 miss eviction",
        "M 12,1 miss eviction hit",
        "hits:4 misses:5 evictions:3");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void twoWaysKeepBothLinesOfASet(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("yi.trace.gz");
    try (GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(trace))) {
      gzip.write(TRACE.getBytes(StandardCharsets.US_ASCII));
    }
    // Set 1 sees lines 0x1, 0x1, 0x1, 0x11, 0x21, 0x1 with two ways, LRU: 0x21 evicts 0x1
    // (0x11 is newer), and 0x1 then evicts 0x11.
    assertThat(run("cache", "-s", "4", "-E", "2", "-b", "4", "-t", trace.toString())).isZero();
    assertThat(out.toString()).isEqualTo("hits:4 misses:5 evictions:2" + System.lineSeparator());
  }

  @Test
  void cachegrindSpansCountAnAccessOnce(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("span.trace");
    // 8 bytes at 0x1c span lines 0x10 and 0x20 (16-byte lines): one access, one miss.
    Files.writeString(trace, " L 1c,8\n L 24,4\n M 1c,8\n");
    assertThat(run("cache", "-s", "4", "-E", "1", "-b", "4", "--spans", "cachegrind", "-t",
        trace.toString())).isZero();
    assertThat(out.toString()).startsWith("hits:2 misses:1 evictions:0");
    out.getBuffer().setLength(0);
    // The lab rule ignores sizes: 0x1c, 0x24 and 0x1c (load and store) touch one line each.
    assertThat(run("cache", "-s", "4", "-E", "1", "-b", "4", "-t", trace.toString()))
        .isZero();
    assertThat(out.toString()).isEqualTo("hits:2 misses:2 evictions:0"
        + System.lineSeparator());
  }

  @Test
  void aPresetPrintsTheWholeHierarchy() {
    System.setIn(new ByteArrayInputStream(TRACE.getBytes()));
    try {
      assertThat(run("cache", "--preset", "teaching", "-t", "-", "--format", "json")).isZero();
    } finally {
      System.setIn(new FileInputStream(FileDescriptor.in));
    }
    assertThat(out.toString()).startsWith("{\"hierarchy\":\"teaching: one 32 KiB cache at 1"
        + " cycle, memory at 100\"").contains("\"name\":\"L1\",\"loads\":6,\"stores\":3,"
        + "\"loadHits\":3,\"storeHits\":3,\"misses\":3,");
  }

  @Test
  void levelsOfYourOwnWithClassifiedMisses(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("yi.trace");
    Files.writeString(trace, TRACE);
    // One direct-mapped level of 16 sets of 16-byte lines is the -s 4 -E 1 -b 4 cache.
    assertThat(run("cache", "--level", "D1,16,1,1", "--level", "LL,64,4,10,shared",
        "--line-size", "16", "--memory-latency", "50", "--classify", "-t", trace.toString()))
        .isZero();
    // D1: 0x1 and 0x2 are compulsory; 0x11 and 0x21 too; 0x1 again after two evictions would
    // have hit a fully associative cache of 16 lines: a conflict miss.
    assertThat(out.toString()).contains("misses by kind (compulsory / capacity / conflict /"
        + " coherence):", "  D1              4 / 0 / 1 / 0", "  LL              4 / 0 / 0 / 0");
  }

  @Test
  void badLinesAreOneLineErrorsWithTheLine(@TempDir Path dir) throws Exception {
    String[][] cases = {
        {" L 10,1\n X 20,1\n", "line 2: expected I, L, S or M, not 'X'"},
        {" L zz,1\n", "line 1: expected a hexadecimal address"},
        {" L 10\n", "line 1: expected ',' and a size after the address"},
        {" L 10,\n", "line 1: expected a decimal size after ','"},
        {" L 10,4 x\n", "line 1: unexpected 'x' after the size"},
        {" L 1234567890abcdef0,4\n", "line 1: address 1234567890abcdef0 is past 2^60"},
        {" L 10,99999999\n", "line 1: size past 1048576 bytes"},
        {"\u00e9\n", "line 1: expected I, L, S or M, not '\\u00e9'"},
        {" L 10,1\n" + " ".repeat(1 << 21), "line 2: a line longer than 1 MiB"},
        {" L 10,1\r\n S 20,1\r\n L 30,1 \r\n", null},
    };
    Path trace = dir.resolve("bad.trace");
    for (String[] c : cases) {
      Files.writeString(trace, c[0], StandardCharsets.ISO_8859_1);
      err.getBuffer().setLength(0);
      if (c[1] == null) {
        assertThat(run("cache", "-s", "1", "-E", "1", "-b", "4", "-t", trace.toString()))
            .as("CRLF line ends").isZero();
        continue;
      }
      assertThat(run("cache", "-s", "1", "-E", "1", "-b", "4", "-t", trace.toString()))
          .as(c[0]).isEqualTo(2);
      assertThat(err.toString()).isEqualTo("memsim: " + trace + ": " + c[1]
          + System.lineSeparator());
    }
    err.getBuffer().setLength(0);
    assertThat(run("cache", "-s", "1", "-E", "1", "-t", trace.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: give all of -s, -E and -b (or --preset NAME,"
        + " or --level)" + System.lineSeparator());
    err.getBuffer().setLength(0);
    assertThat(run("cache", "--level", "L1,3,1,1", "-t", trace.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: L1: sets must be a power of two, not 3"
        + System.lineSeparator());
    err.getBuffer().setLength(0);
    assertThat(run("cache", "--level", "L1,4,1", "-t", trace.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: --level L1,4,1: expected NAME,SETS,WAYS,LATENCY"
        + " or NAME,SETS,WAYS,LATENCY,shared" + System.lineSeparator());
    err.getBuffer().setLength(0);
    assertThat(run("cache", "-s", "1", "-E", "1", "-b", "4", "--preset", "desktop", "-t",
        trace.toString())).isEqualTo(2);
    err.getBuffer().setLength(0);
    assertThat(run("cache", "-s", "1", "-E", "1", "-b", "4", "-t", dir.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("it is a directory");
  }

  @Test
  void jsonIsTheWholeOutput(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("yi.trace");
    Files.writeString(trace, TRACE);
    assertThat(run("cache", "-s", "4", "-E", "1", "-b", "4", "-t", trace.toString(), "--format",
        "json")).isZero();
    assertThat(out.toString()).startsWith("{\"hierarchy\":\"Cache Lab: s=4 E=1 b=4\"")
        .endsWith("}\n");
    assertThat(out.toString().lines()).hasSize(1);
  }

  @Test
  void readsWhatAScanfBasedSimulatorReads(@TempDir Path dir) throws Exception {
    Path plain = dir.resolve("plain.trace");
    Files.writeString(plain, TRACE);
    assertThat(run("cache", "-s", "4", "-E", "1", "-b", "4", "-t", plain.toString(), "-v"))
        .isZero();
    String expected = out.toString();
    out.getBuffer().setLength(0);
    // Tabs before the operation and after it, 0x before the address, blanks after the comma.
    Path loose = dir.resolve("loose.trace");
    Files.writeString(loose, TRACE.replace(" L 10,1", "\tL\t0x10,1")
        .replace(" M 20,1", " M 0X20, 1").replace(" S 18,1", "\t S 18,\t1\t"));
    assertThat(run("cache", "-s", "4", "-E", "1", "-b", "4", "-t", loose.toString(), "-v"))
        .as(err.toString()).isZero();
    assertThat(out.toString()).isEqualTo(expected);
  }

  @Test
  void refusesACacheTooBigToSimulate(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("yi.trace");
    Files.writeString(trace, TRACE);
    String[][] geometries = {{"26", "64", "6"}, {"25", "64", "4"}, {"27", "32", "4"},
        {"22", "64", "6"}};
    String[] sizes = {"67108864 sets x 64 ways x 64-byte lines = 274877906944 bytes in"
        + " 4294967296 lines", "33554432 sets x 64 ways x 16-byte lines = 34359738368 bytes in"
        + " 2147483648 lines", "134217728 sets x 32 ways x 16-byte lines = 68719476736 bytes in"
        + " 4294967296 lines", "4194304 sets x 64 ways x 64-byte lines = 17179869184 bytes in"
        + " 268435456 lines"};
    for (int i = 0; i < geometries.length; i++) {
      err.getBuffer().setLength(0);
      String[] g = geometries[i];
      assertThat(run("cache", "-s", g[0], "-E", g[1], "-b", g[2], "-t", trace.toString()))
          .isEqualTo(2);
      assertThat(err.toString()).isEqualTo("memsim: cache level L1: " + sizes[i] + ", past the"
          + " limit of 1073741824 bytes in 4194304 lines\n");
    }
  }

  @Test
  void aTruncatedGzipTraceIsNamed(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(TRACE.repeat(2000).getBytes(StandardCharsets.US_ASCII));
    }
    byte[] whole = bytes.toByteArray();
    Path trailer = dir.resolve("cut.trace.gz");
    Files.write(trailer, Arrays.copyOf(whole, whole.length - 3));
    assertThat(run("cache", "-s", "4", "-E", "1", "-b", "4", "-t", trailer.toString()))
        .isEqualTo(2);
    assertThat(err.toString()).startsWith("memsim: " + trailer + ": line ")
        .endsWith(": the compressed data ends early (is the file cut short?)\n");
  }
}
