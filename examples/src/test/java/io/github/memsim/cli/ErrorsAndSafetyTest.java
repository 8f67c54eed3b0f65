package io.github.memsim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.memsim.Frame;
import io.github.memsim.FrameLayout;
import io.github.memsim.MemoryModel;
import io.github.memsim.Pointer;
import io.github.memsim.ThreadContext;
import io.github.memsim.internal.Text;
import io.github.memsim.picture.StatePicture;
import io.github.memsim.trace.ReplayResult;
import io.github.memsim.trace.TraceFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;

/**
 * Errors are one line naming the file, the line and the cause, with the documented exit code;
 * what a user controls (a file's name, a token, an allocator's name) can neither drive the
 * terminal nor make a message megabytes long, nor break an SVG, nor run as a spreadsheet formula.
 */
class ErrorsAndSafetyTest {
  private static final String BINARY = TraceFormat.toText(TraceFormat.readBundled("binary"));

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return Memsim.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(text.getBytes(StandardCharsets.US_ASCII));
    }
    return bytes.toByteArray();
  }

  @Test
  void aLongTokenIsCutInTheMessage(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("token.rep");
    Files.writeString(trace, "0\n1\n1\n1\na 0 " + "x".repeat(900_000) + "\n");
    assertThat(run("replay", trace.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: token.rep: line 5: expected a size (a number),"
        + " found '" + "x".repeat(Text.SHOWN_LENGTH) + "... (899920 more characters)'\n");
  }

  @Test
  void aLineOfFiveMegabytesIsRefusedByItsLength(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("line.rep");
    Files.writeString(trace, "0\n1\n1\n1\na 0 " + "9".repeat(5_000_000) + "\n");
    for (String command : new String[] {"replay", "draw"}) {
      err.getBuffer().setLength(0);
      assertThat(run(command, trace.toString())).isEqualTo(2);
      assertThat(err.toString()).isEqualTo("memsim: line.rep: line 5: a line longer than 1 MiB\n");
    }
  }

  @Test
  void aGzipBombOfOneHugeLineFitsInSixtyFourMegabytes(@TempDir Path dir) throws Exception {
    Path bomb = dir.resolve("bomb.rep.gz");
    try (GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(bomb))) {
      gzip.write("0\n1\n1\n1\na 0 ".getBytes(StandardCharsets.US_ASCII));
      byte[] nines = new byte[1 << 20];
      Arrays.fill(nines, (byte) '9');
      for (int i = 0; i < 100; i++) {
        gzip.write(nines);
      }
    }
    assertThat(Files.size(bomb)).isLessThan(200_000);
    for (String command : new String[] {"replay", "draw"}) {
      Forked run = Forked.run("-Xmx64m", command, bomb.toString());
      assertThat(run.code).as(run.err).isEqualTo(2);
      assertThat(run.err).isEqualTo("memsim: bomb.rep.gz: line 5: a line longer than 1 MiB\n");
    }
  }

  @Test
  void aTruncatedOrDamagedGzipTraceIsNamed(@TempDir Path dir) throws Exception {
    byte[] whole = gzip(BINARY);
    Path cut = dir.resolve("cut.rep.gz");
    Files.write(cut, Arrays.copyOf(whole, whole.length / 2));
    assertThat(run("replay", cut.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("memsim: cut.rep.gz: line ")
        .endsWith(": the compressed data ends early (is the file cut short?)\n");
    assertThat(err.toString().lines()).hasSize(1);

    // Cut in its trailer: Java's reader says EOFException with no message at all.
    Path trailer = dir.resolve("trailer.rep.gz");
    Files.write(trailer, Arrays.copyOf(whole, whole.length - 3));
    err.getBuffer().setLength(0);
    assertThat(run("replay", trailer.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("memsim: trailer.rep.gz: line ")
        .endsWith(": the compressed data ends early (is the file cut short?)\n");

    Path header = dir.resolve("header.rep.gz");
    Files.write(header, Arrays.copyOf(whole, 5));
    err.getBuffer().setLength(0);
    assertThat(run("replay", header.toString())).isEqualTo(2);
    assertThat(err.toString()).isEqualTo("memsim: header.rep.gz: the compressed data ends early"
        + " (is the file cut short?)\n");

    byte[] damaged = whole.clone();
    damaged[damaged.length - 6] ^= 0x5a; // the CRC
    Path crc = dir.resolve("crc.rep.gz");
    Files.write(crc, damaged);
    err.getBuffer().setLength(0);
    assertThat(run("replay", crc.toString())).isEqualTo(2);
    assertThat(err.toString()).startsWith("memsim: crc.rep.gz: line ")
        .endsWith(": damaged compressed data (Corrupt GZIP trailer)\n");
  }

  @Test
  void controlCharactersInNamesAreShownEscaped(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("x\u001b[2J.rep");
    Files.writeString(trace, BINARY);
    assertThat(run("replay", trace.toString(), "--no-patterns")).isZero();
    assertThat(out.toString()).startsWith("x\\u001b[2J.rep on first-fit").doesNotContain("\u001b");
    out.getBuffer().setLength(0);
    assertThat(run("compare", trace.toString(), "--allocators", "first-fit")).isZero();
    assertThat(out.toString()).contains("x\\u001b[2J.rep  first-fit").doesNotContain("\u001b");

    assertThat(run("replay", dir.resolve("gone\u001b]0;owned\u0007.rep").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("gone\\u001b]0;owned\\u0007.rep'")
        .doesNotContain("\u001b", "\u0007");
  }

  @Test
  void aTenMegabyteNameMakesAShortErrorLine() {
    String name = "n".repeat(10_000_000);
    assertThat(run("replay", "binary", "--allocator", name)).isEqualTo(2);
    assertThat(err.toString().lines()).hasSize(1);
    assertThat(err.toString().length()).isLessThan(Memsim.ERROR_LENGTH + 100);
    assertThat(err.toString()).startsWith("memsim: unknown allocator 'nnn")
        .contains("more characters)");
  }

  @Test
  void csvTextCellsCannotRunAsFormulas(@TempDir Path dir) throws Exception {
    for (String name : new String[] {"=1+1.rep", "+1.rep", "-1.rep", "@sum.rep"}) {
      Path trace = dir.resolve(name);
      Files.writeString(trace, BINARY);
      out.getBuffer().setLength(0);
      assertThat(run("compare", trace.toString(), "--allocators", "first-fit", "--format", "csv",
          "--no-patterns")).isZero();
      assertThat(out.toString().lines().toList().get(1)).startsWith("'" + name + ",first-fit,");
    }
  }

  @Test
  void everyJsonDocumentIsAsciiWhateverTheNames() {
    ReplayResult result = new ReplayResult("caf\u00e9.rep", "\u00fcber-fit", "default", 10, 1, 2,
        0.5, 0.25, 3, 1, 2, 3, true);
    String json = Report.format(List.of(result), Report.Format.JSON);
    assertThat(json).contains("\"trace\":\"caf\\u00e9.rep\"")
        .contains("\"averages\":[{\"allocator\":\"\\u00fcber-fit\"");
    assertThat(json.chars()).allMatch(c -> c < 0x80);
  }

  @Test
  void compareMarksTheAllocatorThatFailedAndPrintsTheRest() {
    assertThat(run("compare", "binary", "--allocators", "first-fit,plugin-misaligned",
        "--no-patterns")).isEqualTo(1);
    List<String> lines = out.toString().lines().toList();
    assertThat(lines.get(1)).startsWith("binary.rep  first-fit          default    4000");
    assertThat(lines.get(2)).matches("binary\\.rep  plugin-misaligned  default  failed( +-)+");
    assertThat(lines).anyMatch(line -> line.startsWith("average     first-fit "))
        .noneMatch(line -> line.startsWith("average     plugin-misaligned"));
    assertThat(err.toString()).isEqualTo("memsim: violation: binary.rep, operation 0 (line 5: a"
        + " 0 16): heap corruption: allocator plugin-misaligned returned 0x10028 for malloc of 16"
        + " bytes, not aligned to 16 bytes; on main\n");
    out.getBuffer().setLength(0);
    assertThat(run("compare", "binary", "--allocators", "plugin-misaligned,first-fit",
        "--format", "json", "--no-patterns")).isEqualTo(1);
    assertThat(out.toString()).contains("\"allocator\":\"first-fit\"")
        .contains(",\"failures\":[{\"trace\":\"binary.rep\",\"allocator\":\"plugin-misaligned\","
            + "\"layout\":\"default\",\"message\":\"violation: binary.rep, operation 0");
  }

  @Test
  void drawRefusesAnExtensionItCannotWrite(@TempDir Path dir) {
    for (String file : new String[] {"x.png", "x.svg.txt", "x"}) {
      err.getBuffer().setLength(0);
      Path output = dir.resolve(file);
      assertThat(run("draw", "binary", "-o", output.toString())).isEqualTo(2);
      assertThat(output).doesNotExist();
      assertThat(err.toString()).startsWith("memsim: -o " + output + ": draw writes .svg (a"
          + " picture) or .html (a page holding it), not ");
    }
    assertThat(err.toString()).endsWith("not a file without an extension\n");
    assertThat(run("draw", "binary", "--allocators", "bump", "-o",
        dir.resolve("x.svg").toString())).isZero();
    assertThat(dir.resolve("x.svg")).content().startsWith("<svg ");
  }

  @Test
  void drawsSvgIsWellFormedWhateverTheNames() throws Exception {
    String hostile = "t\u0001\u001b[31m<&\"\uffff\ufffe\ud800'";
    DrawCommand.Series series = new DrawCommand.Series(hostile, new long[] {1, 2},
        new long[] {8, 16}, new long[] {32, 32}, new double[] {0.25, 0.5},
        new double[] {0, 0.1}, 2, 16, List.of(8L), DrawCommand.HeapBar.EMPTY);
    String svg = DrawCommand.svg(hostile, List.of(series));
    assertThat(wellFormed(svg)).isTrue();
    assertThat(svg).contains("memsim draw: t\ufffd\ufffd[31m&lt;&amp;&quot;\ufffd\ufffd\ufffd'");
  }

  @Test
  void statePicturesAreWellFormedWhateverTheNames() throws Exception {
    MemoryModel model = MemoryModel.builder().build();
    ThreadContext thread = model.newThread("worker\u0007\uffff");
    FrameLayout layout = FrameLayout.builder("f\u0001<x>").longSlot("s\u001b\ufffe")
        .pointerSlot("p\ud800").build();
    Frame frame = thread.stack().push(layout);
    Pointer block = thread.malloc(24);
    frame.setPointer("p\ud800", block);
    String svg = StatePicture.svg(model.view());
    assertThat(wellFormed(svg)).isTrue();
    assertThat(svg).contains("thread worker\ufffd\ufffd", "f\ufffd&lt;x&gt; (depth");
  }

  private static boolean wellFormed(String xml) throws Exception {
    try {
      DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new InputSource(new StringReader(xml)));
      return true;
    } catch (org.xml.sax.SAXParseException e) {
      return false;
    }
  }

  /** The command line in a JVM of its own, with a heap of the size given. */
  record Forked(int code, String out, String err) {
    static Forked run(String heap, String... args) throws Exception {
      List<String> command = new ArrayList<>(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap, "-cp",
          System.getProperty("java.class.path"), Memsim.class.getName()));
      command.addAll(List.of(args));
      Path dir = Files.createTempDirectory("memsim-forked");
      Path stdout = dir.resolve("out");
      Path stderr = dir.resolve("err");
      Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
          .redirectError(stderr.toFile()).start();
      if (!process.waitFor(300, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the forked command line did not finish: " + command);
      }
      return new Forked(process.exitValue(), Files.readString(stdout),
          Files.readString(stderr));
    }
  }
}
